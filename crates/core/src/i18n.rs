//! Localized text for the Rust side (the window title, native notifications) from the same
//! Fluent files the UI uses. zh-CN is the default and the fallback; a missing id is logged and
//! shown as the id, never a crash.

use fluent_bundle::{FluentArgs, FluentBundle, FluentResource};
use unic_langid::LanguageIdentifier;

/// The supported languages, default first.
pub const LANGUAGES: &[&str] = &["zh-CN", "en-US"];

/// Every Fluent file, per language, compiled into the binary so a kiosk cannot lose them.
pub const SOURCES: &[(&str, &str, &str)] = &[
    (
        "zh-CN",
        "errors.ftl",
        include_str!("../../../locales/zh-CN/errors.ftl"),
    ),
    (
        "zh-CN",
        "ui.ftl",
        include_str!("../../../locales/zh-CN/ui.ftl"),
    ),
    (
        "en-US",
        "errors.ftl",
        include_str!("../../../locales/en-US/errors.ftl"),
    ),
    (
        "en-US",
        "ui.ftl",
        include_str!("../../../locales/en-US/ui.ftl"),
    ),
];

pub struct Localizer {
    bundles: Vec<(String, FluentBundle<FluentResource>)>,
}

impl Default for Localizer {
    fn default() -> Self {
        Self::new()
    }
}

impl Localizer {
    pub fn new() -> Self {
        let bundles = LANGUAGES
            .iter()
            .map(|lang| {
                let id: LanguageIdentifier = lang.parse().unwrap_or_default();
                let mut bundle = FluentBundle::new(vec![id]);
                bundle.set_use_isolating(false);
                for (_, file, source) in SOURCES.iter().filter(|(l, _, _)| l == lang) {
                    match FluentResource::try_new((*source).to_owned()) {
                        Ok(resource) => {
                            if let Err(errors) = bundle.add_resource(resource) {
                                tracing::warn!(lang, file, ?errors, "duplicate Fluent messages");
                            }
                        }
                        Err((resource, errors)) => {
                            tracing::warn!(lang, file, ?errors, "Fluent syntax errors");
                            let _ = bundle.add_resource(resource);
                        }
                    }
                }
                ((*lang).to_owned(), bundle)
            })
            .collect();
        Self { bundles }
    }

    /// The message `id` in `lang` (falling back to zh-CN, then to the id itself).
    pub fn format(&self, lang: &str, id: &str, args: &[(&str, &str)]) -> String {
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, *value);
        }
        let preferred = self.bundles.iter().find(|(l, _)| l == lang);
        let fallback = self.bundles.first();
        for (_, bundle) in preferred.into_iter().chain(fallback) {
            if let Some(pattern) = bundle.get_message(id).and_then(|m| m.value()) {
                let mut errors = Vec::new();
                let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
                if !errors.is_empty() {
                    tracing::warn!(id, lang, ?errors, "Fluent formatting errors");
                }
                return text.into_owned();
            }
        }
        tracing::warn!(id, lang, "missing Fluent message");
        id.to_owned()
    }

    pub fn has_message(&self, lang: &str, id: &str) -> bool {
        self.bundles
            .iter()
            .any(|(l, b)| l == lang && b.has_message(id))
    }
}

/// The message ids a Fluent source defines, in order.
pub fn message_ids(source: &str) -> Vec<String> {
    let resource = match FluentResource::try_new(source.to_owned()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .entries()
        .filter_map(|entry| match entry {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}
