#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Properties for any input: search never panics, returns at most `limit` hits, each item once,
//! best first; and every name finds itself first, as an exact match.

mod common;

use bianmin_search::{synthetic, Entry, MatchKind, SearchIndex};
use proptest::prelude::*;
use std::collections::HashSet;
use std::sync::OnceLock;

fn fixture() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let mut entries = common::catalogue();
        entries.extend(synthetic::catalogue(500, 1));
        SearchIndex::new(entries)
    })
}

/// Text drawn from what a search box may hold: Han characters (with heteronyms), pinyin letters,
/// full-width forms, digits, punctuation, spaces, emoji, and anything else.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        ".{0,80}",
        "[a-zA-Z ]{0,30}",
        "[高龄津贴老年证社保卡行长重乐银者阳申请办理]{0,12}",
        "[ａ-ｚＡ-Ｚ０-９　]{0,20}",
        "[a-z高龄 ，。、（）·\u{3000}\u{FF01}-\u{FF5E}0-9\u{1F600}\u{0301}]{0,40}",
    ]
}

fn assert_well_formed(index: &SearchIndex, query: &str, limit: usize) {
    let hits = index.search(query, limit);
    assert!(hits.len() <= limit);
    let codes: HashSet<&str> = hits.iter().map(|h| h.code.as_str()).collect();
    assert_eq!(codes.len(), hits.len(), "an item twice for {query:?}");
    assert!(
        hits.windows(2).all(|w| w[0].score >= w[1].score),
        "not sorted for {query:?}"
    );
    assert_eq!(
        hits,
        index.search(query, limit),
        "not deterministic for {query:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_query_is_answered_without_panic(query in text(), limit in 0usize..40) {
        assert_well_formed(fixture(), &query, limit);
    }

    #[test]
    fn any_catalogue_is_indexed_and_searched_without_panic(
        entries in proptest::collection::vec(
            (text(), text(), proptest::collection::vec(text(), 0..3), text(), text(), text(),
             proptest::collection::vec(text(), 0..2)),
            0..8,
        ),
        query in text(),
    ) {
        let entries: Vec<Entry> = entries
            .into_iter()
            .enumerate()
            .map(|(i, (name_zh, name_en, synonyms, department_zh, department_en, summary_zh, life_events))| Entry {
                code: format!("P{i}"),
                name_zh,
                name_en,
                synonyms,
                department_zh,
                department_en,
                summary_zh,
                life_events,
            })
            .collect();
        let index = SearchIndex::new(entries.clone());
        assert_well_formed(&index, &query, 10);
        for e in &entries {
            assert_well_formed(&index, &e.name_zh, 5);
        }
    }

    #[test]
    fn the_prefilters_lose_nothing(query in text(), limit in 1usize..30) {
        let index = fixture();
        prop_assert_eq!(index.search(&query, limit), index.search_exhaustive(&query, limit));
    }

    #[test]
    fn the_prefilters_lose_nothing_on_plausible_queries(
        i in 0usize..537,
        cut in 1usize..12,
        how in 0usize..5,
        typo_at in 0usize..20,
    ) {
        // Pieces of real names and their pinyin, cut anywhere.
        let mut entries = common::catalogue();
        entries.extend(synthetic::catalogue(500, 1));
        let e = &entries[i % entries.len()];
        let source = match how {
            0 => e.name_zh.clone(),
            1 => e.name_en.clone(),
            2 => e.synonyms.first().cloned().unwrap_or_default(),
            // Full pinyin (the first reading), as typed, possibly with two letters swapped.
            _ => pinyin::to_pinyin_vec(&e.name_zh, pinyin::Pinyin::plain).concat(),
        };
        let mut query: Vec<char> = if how >= 3 {
            source.chars().skip(cut / 2).take(cut * 3).collect()
        } else {
            source.chars().skip(cut / 3).take(cut).collect()
        };
        if how == 4 && typo_at + 1 < query.len() {
            query.swap(typo_at, typo_at + 1);
        }
        let query: String = query.into_iter().collect();
        let index = fixture();
        prop_assert_eq!(index.search(&query, 20), index.search_exhaustive(&query, 20));
    }

    #[test]
    fn every_name_finds_itself_first(i in 0usize..500) {
        let entries = synthetic::catalogue(500, 1);
        let index = fixture();
        let e = &entries[i];
        // A fixture item may carry the same name: then both are exact, in catalogue order.
        let hits = index.search(&e.name_zh, 3);
        prop_assert_eq!(hits[0].matched, MatchKind::ExactName);
        prop_assert!(hits.iter().any(|h| h.code == e.code && h.matched == MatchKind::ExactName));
    }
}

#[test]
fn a_huge_query_is_cut_and_answered() {
    let query = "高龄津贴".repeat(10_000) + &"gaoling".repeat(10_000);
    assert_well_formed(fixture(), &query, 10);
    assert_well_formed(fixture(), &"a".repeat(100_000), 10);
}
