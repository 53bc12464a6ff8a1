#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! The golden set: every query in `golden.tsv` must find its expected item (recall 100 %) and
//! rank it in the first three, over the fixture catalogue of `common/mod.rs`.

mod common;

use bianmin_search::SearchIndex;
use std::collections::BTreeMap;

const GOLDEN: &str = include_str!("golden.tsv");
const TOP: usize = 3;

struct Case<'a> {
    kind: &'a str,
    query: &'a str,
    expected: &'a str,
}

fn cases() -> Vec<Case<'static>> {
    GOLDEN
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut cols = l.split('\t');
            let (kind, query, expected) = (cols.next(), cols.next(), cols.next());
            Case {
                kind: kind.unwrap(),
                query: query.unwrap(),
                expected: expected.unwrap(),
            }
        })
        .collect()
}

#[test]
fn golden_set_recall_is_total_and_every_expected_item_is_in_the_first_three() {
    let catalogue = common::catalogue();
    let codes: Vec<&str> = catalogue.iter().map(|e| e.code.as_str()).collect();
    let index = SearchIndex::new(catalogue.clone());
    let cases = cases();
    assert!(cases.len() >= 100, "only {} golden queries", cases.len());

    let mut per_kind: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    let mut failures = Vec::new();
    for case in &cases {
        assert!(
            codes.contains(&case.expected),
            "unknown code {}",
            case.expected
        );
        let hits = index.search(case.query, 50);
        let rank = hits.iter().position(|h| h.code == case.expected);
        let tally = per_kind.entry(case.kind).or_default();
        tally.0 += 1;
        if rank.is_some() {
            tally.1 += 1;
        }
        if rank.is_some_and(|r| r < TOP) {
            tally.2 += 1;
        } else {
            let top: Vec<String> = hits
                .iter()
                .take(5)
                .map(|h| format!("{}({:?},{})", h.code, h.matched, h.score))
                .collect();
            failures.push(format!(
                "{} {:?}: expected {} at rank {:?}; got {}",
                case.kind,
                case.query,
                case.expected,
                rank.map(|r| r + 1),
                top.join(" ")
            ));
        }
    }
    println!(
        "{:<20} {:>7} {:>7} {:>7}",
        "kind", "queries", "found", "top 3"
    );
    for (kind, (n, found, top)) in &per_kind {
        println!("{kind:<20} {n:>7} {found:>7} {top:>7}");
    }
    let total = cases.len();
    let top: usize = per_kind.values().map(|t| t.2).sum();
    let found: usize = per_kind.values().map(|t| t.1).sum();
    println!("{:<20} {total:>7} {found:>7} {top:>7}", "all");
    assert!(
        failures.is_empty(),
        "{} golden queries failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn a_query_that_names_nothing_finds_nothing() {
    let index = SearchIndex::new(common::catalogue());
    for q in [
        "火星签证",
        "qqqqxxxx",
        "zzzzzzzz",
        "",
        "   ",
        "，。、",
        "quantum",
    ] {
        assert!(
            index.search(q, 10).is_empty(),
            "{q:?} found {:?}",
            index.search(q, 10)
        );
    }
}

#[test]
fn typo_hits_rank_below_exact_hits() {
    let index = SearchIndex::new(common::catalogue());
    for q in ["gaolingjintie", "gongjijin", "shehuibaozhangka"] {
        let hits = index.search(q, 50);
        let first_typo = hits
            .iter()
            .position(|h| h.matched == bianmin_search::MatchKind::PinyinTypo);
        let last_exact = hits
            .iter()
            .rposition(|h| h.matched != bianmin_search::MatchKind::PinyinTypo);
        if let (Some(t), Some(e)) = (first_typo, last_exact) {
            assert!(e < t, "{q}: {hits:?}");
        }
    }
}
