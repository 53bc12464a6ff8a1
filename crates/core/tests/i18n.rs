#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Every language has every message, and every id the Rust side emits exists.

use bianmin_core::i18n::{message_ids, Localizer, LANGUAGES, SOURCES};
use std::collections::BTreeSet;
use std::path::Path;

fn ids(lang: &str, file: &str) -> BTreeSet<String> {
    let (_, _, source) = SOURCES
        .iter()
        .find(|(l, f, _)| *l == lang && *f == file)
        .unwrap_or_else(|| panic!("no {lang}/{file}"));
    message_ids(source).into_iter().collect()
}

#[test]
fn en_us_is_complete_and_has_nothing_extra() {
    for file in ["errors.ftl", "ui.ftl"] {
        let zh = ids("zh-CN", file);
        assert!(!zh.is_empty(), "{file} defines no messages");
        for lang in &LANGUAGES[1..] {
            let other = ids(lang, file);
            let missing: Vec<_> = zh.difference(&other).collect();
            let extra: Vec<_> = other.difference(&zh).collect();
            assert!(missing.is_empty(), "{lang}/{file} lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "{lang}/{file} has ids zh-CN lacks: {extra:?}"
            );
        }
    }
}

/// Scans the Rust sources for `Message::new("…")` and checks each id is in errors.ftl.
#[test]
fn every_message_id_the_rust_side_emits_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut emitted = BTreeSet::new();
    let mut stack = vec![root.join("crates"), root.join("src-tauri/src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                if !path.ends_with("target") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                for piece in text.split("Message::new(\"").skip(1) {
                    if let Some(id) = piece.split('"').next().filter(|id| is_id(id)) {
                        emitted.insert(id.to_owned());
                    }
                }
                for piece in text.split("\"error-").skip(1) {
                    if let Some(rest) = piece.split('"').next() {
                        if is_id(rest) {
                            emitted.insert(format!("error-{rest}"));
                        }
                    }
                }
            }
        }
    }
    assert!(
        emitted.contains("error-id-check-digit"),
        "scan found {emitted:?}"
    );
    let l = Localizer::new();
    for lang in LANGUAGES {
        for id in &emitted {
            assert!(l.has_message(lang, id), "{lang} lacks {id}");
        }
    }
}

#[test]
fn formats_with_arguments_and_falls_back() {
    let l = Localizer::new();
    let zh = l.format("zh-CN", "error-id-length", &[("actual", "17")]);
    assert!(zh.contains("17") && zh.contains("18"), "{zh}");
    let en = l.format("en-US", "error-id-length", &[("actual", "17")]);
    assert!(en.contains("you entered 17"), "{en}");
    assert_eq!(
        l.format("fr-FR", "error-required", &[]),
        l.format("zh-CN", "error-required", &[])
    );
    assert_eq!(l.format("en-US", "no-such-message", &[]), "no-such-message");
}

fn is_id(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| c.is_ascii_lowercase() || c == '-')
}
