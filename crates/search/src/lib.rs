//! Offline search over the cached service catalogue, in the words a resident knows.
//!
//! Pure: no I/O, no globals, and it never panics on any entry or query. Build a [`SearchIndex`]
//! once from the catalogue's [`Entry`]s, then call [`SearchIndex::search`] as the resident types.
//!
//! A query matches, best first:
//!
//! | kind | example |
//! |---|---|
//! | the whole name, a prefix of it, a run of its characters | 高龄津贴申请, 高龄, 津贴 |
//! | a plain-language synonym | 老年证 → 老年人优待证办理 |
//! | the name's characters in order, with gaps | 老年优待证 |
//! | full pinyin of a name or synonym, whole or cut short, spaces and case ignored | gaolingjintie, gaoling, Gao Ling Jin |
//! | pinyin initials, or a mix of initials and syllables | gljt, gaolingjt |
//! | English words of the name, by prefix | old-age, Provident fund |
//! | the department, the life events, the summary | 民政, turning 80 |
//! | a character with the same sound (a homophone the input method picked) | 高令津贴 |
//! | pinyin of four letters or more with one typing mistake | gaolnigjintie |
//!
//! Every reading of a character with several (行 xing/hang, 长 chang/zhang, 重 zhong/chong,
//! 乐 le/yue) matches. Full-width letters and digits fold to ASCII; spaces and punctuation are
//! ignored. The pinyin of every name and synonym is computed once, when the index is built.

mod corpus;
mod normalize;
mod spell;
pub mod synthetic;

use corpus::{Bloom, Corpus, Pairs};
use memchr::memmem::Finder;
use normalize::{ascii_words, compact, is_han};
use spell::{letter_bit, Spelled, Spelling};
use std::collections::HashMap;

/// The longest query looked at, in characters; the rest is ignored (a search stays fast whatever
/// is pasted into the box).
pub const MAX_QUERY_CHARS: usize = 64;

/// The shortest pinyin query (letters) that may hold a typing mistake.
pub const MIN_TYPO_LETTERS: usize = 4;

/// One service item of the catalogue, as search sees it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// The item's code, returned in each [`Hit`].
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// Plain-language words residents use for it (老年证 for 老年人优待证).
    pub synonyms: Vec<String>,
    pub department_zh: String,
    pub department_en: String,
    pub summary_zh: String,
    /// The life events it belongs to, in any language (年满80周岁, turning 80).
    pub life_events: Vec<String>,
}

/// How a hit matched, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchKind {
    /// The query is the whole Chinese name.
    ExactName,
    /// The name starts with the query.
    NamePrefix,
    /// The query is a run of characters inside the name.
    NameSubstring,
    /// The query is, contains or is contained in a synonym.
    Synonym,
    /// The query's characters are all in the name, in order, with gaps.
    NameCharacters,
    /// Full pinyin of consecutive syllables of the name, the last possibly cut short.
    NamePinyin,
    /// Full pinyin of a synonym.
    SynonymPinyin,
    /// Pinyin initials of the name, or a mix of initials and full syllables.
    NameInitials,
    /// Pinyin initials of a synonym.
    SynonymInitials,
    /// Each English word of the query starts a word of the English name.
    EnglishName,
    /// The department, in Chinese or English.
    Department,
    /// A life event the item belongs to.
    LifeEvent,
    /// The one-sentence summary.
    Summary,
    /// Characters that sound like the name's (the same pinyin, another character).
    Homophone,
    /// Pinyin of the name or a synonym with one typing mistake.
    PinyinTypo,
}

impl MatchKind {
    /// The tier of this kind: every hit of a higher tier ranks above every hit of a lower one.
    fn tier(self) -> u32 {
        match self {
            MatchKind::ExactName => 15,
            MatchKind::NamePrefix => 14,
            MatchKind::NameSubstring => 13,
            MatchKind::Synonym => 12,
            MatchKind::NameCharacters => 11,
            MatchKind::NamePinyin => 10,
            MatchKind::SynonymPinyin => 9,
            MatchKind::NameInitials => 8,
            MatchKind::SynonymInitials => 7,
            MatchKind::EnglishName => 6,
            MatchKind::Department => 5,
            MatchKind::LifeEvent => 4,
            MatchKind::Summary => 3,
            MatchKind::Homophone => 2,
            MatchKind::PinyinTypo => 1,
        }
    }

    /// The tier's floor; a bonus inside a tier is below [`TIER`].
    fn score(self, bonus: u32) -> u32 {
        self.tier() * TIER + bonus.min(TIER - 1)
    }
}

const TIER: u32 = 1000;

/// One result: the item's code, its score (higher is better) and how it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub code: String,
    pub score: u32,
    pub matched: MatchKind,
}

/// An entry with everything a query needs, computed once.
#[derive(Debug, Clone)]
struct Indexed {
    code: String,
    name: String,
    name_chars: u32,
    name_spelled: Spelled,
    synonyms: Vec<(String, Spelled)>,
    english: Vec<String>,
    department: String,
    department_en: Vec<String>,
    life_events: Vec<String>,
    life_event_words: Vec<Vec<String>>,
    summary: String,
    /// Every letter of the pinyin of the name and the synonyms.
    letters: u32,
    /// The letter pairs an exact pinyin match of the name or a synonym can hold.
    pairs: Pairs,
    /// The same, spelled in full syllables only (for one typing mistake).
    full_pairs: Pairs,
    /// The characters of the name.
    name_bloom: Bloom,
    /// Every reading of the name and the synonyms.
    sounds: Bloom,
}

impl Indexed {
    fn has_ascii(&self) -> bool {
        let ascii = |t: &String| t.bytes().any(|b| b.is_ascii_alphanumeric());
        ascii(&self.name)
            || self.synonyms.iter().any(|(s, _)| ascii(s))
            || ascii(&self.department)
            || self.life_events.iter().any(ascii)
            || ascii(&self.summary)
    }

    fn new(entry: &Entry) -> Indexed {
        let name = compact(&entry.name_zh);
        let name_spelled = Spelled::new(&name);
        let synonyms: Vec<(String, Spelled)> = entry
            .synonyms
            .iter()
            .map(|s| compact(s))
            .filter(|s| !s.is_empty())
            .map(|s| {
                let spelled = Spelled::new(&s);
                (s, spelled)
            })
            .collect();
        let mut english = ascii_words(&entry.name_en);
        for synonym in &entry.synonyms {
            if synonym.is_ascii() {
                english.extend(ascii_words(synonym));
            }
        }
        let letters = synonyms
            .iter()
            .fold(name_spelled.letters, |m, (_, s)| m | s.letters);
        let mut pairs = name_spelled.pairs();
        let mut full_pairs = name_spelled.full_pairs();
        let mut sounds = name_spelled.sounds();
        for (_, spelled) in &synonyms {
            pairs.union(&spelled.pairs());
            full_pairs.union(&spelled.full_pairs());
            sounds.union(&spelled.sounds());
        }
        Indexed {
            name_bloom: Bloom::of_chars(&name),
            pairs,
            full_pairs,
            sounds,
            code: entry.code.clone(),
            name_chars: u32::try_from(name.chars().count()).unwrap_or(u32::MAX),
            name,
            name_spelled,
            synonyms,
            english,
            department: compact(&entry.department_zh),
            department_en: ascii_words(&entry.department_en),
            life_events: entry.life_events.iter().map(|e| compact(e)).collect(),
            life_event_words: entry.life_events.iter().map(|e| ascii_words(e)).collect(),
            summary: compact(&entry.summary_zh),
            letters,
        }
    }
}

/// A query, folded once.
#[derive(Debug)]
struct Query {
    /// Compact form (folded, letters and digits only).
    text: String,
    chars: u32,
    /// Every character is a Han ideograph.
    all_han: bool,
    /// Lower-case ASCII letters and digits, when the query is nothing else: pinyin or English.
    spell: Option<Vec<u8>>,
    /// ASCII words, for English.
    words: Vec<String>,
    letters: u32,
    /// Finds `text` in any haystack.
    finder: Finder<'static>,
}

impl Query {
    fn new(raw: &str) -> Query {
        // Bound the work before folding: at most a few characters per kept character.
        let bounded: String = raw.chars().take(MAX_QUERY_CHARS * 4).collect();
        let text: String = compact(&bounded).chars().take(MAX_QUERY_CHARS).collect();
        let chars = u32::try_from(text.chars().count()).unwrap_or(u32::MAX);
        let all_han = !text.is_empty() && text.chars().all(is_han);
        let spell = (!text.is_empty() && text.bytes().all(|b| b.is_ascii_alphanumeric()))
            .then(|| text.as_bytes().to_vec());
        let mut words = ascii_words(&bounded);
        words.truncate(MAX_QUERY_CHARS);
        let letters = text.bytes().fold(0, |m, b| m | letter_bit(b));
        Query {
            finder: Finder::new(text.as_bytes()).into_owned(),
            text,
            chars,
            all_han,
            spell,
            words,
            letters,
        }
    }
}

/// The catalogue, ready to search.
#[derive(Debug, Clone)]
pub struct SearchIndex {
    entries: Vec<Indexed>,
    /// Compact Chinese names, synonyms, and the rest (department, life events, summary).
    names: Corpus,
    synonyms: Corpus,
    others: Corpus,
    /// English words of the names (and ASCII synonyms), and of departments and life events,
    /// each after a space so that a word prefix is found as " prefix".
    english: Corpus,
    english_others: Corpus,
    /// Synonym → entries, for a query that holds a synonym inside a sentence.
    by_synonym: HashMap<String, Vec<u32>>,
    longest_synonym: usize,
    /// Per entry, dense for a fast scan: pinyin letters, letter pairs, name characters, sounds.
    letters: Vec<u32>,
    pairs: Vec<Pairs>,
    full_pairs: Vec<Pairs>,
    name_blooms: Vec<Bloom>,
    sounds: Vec<Bloom>,
    /// Per entry: some Chinese text holds ASCII letters or digits (12345热线).
    has_ascii: Vec<bool>,
}

/// Separates the pieces of one record in a corpus (never in a compacted text).
const PIECE: char = '\u{2}';

impl SearchIndex {
    /// Index the catalogue: fold every text and spell every name and synonym in pinyin.
    pub fn new(entries: impl IntoIterator<Item = Entry>) -> SearchIndex {
        let entries: Vec<Indexed> = entries.into_iter().map(|e| Indexed::new(&e)).collect();
        let mut index = SearchIndex {
            names: Corpus::default(),
            synonyms: Corpus::default(),
            others: Corpus::default(),
            english: Corpus::default(),
            english_others: Corpus::default(),
            by_synonym: HashMap::new(),
            longest_synonym: 0,
            letters: entries.iter().map(|e| e.letters).collect(),
            pairs: entries.iter().map(|e| e.pairs.clone()).collect(),
            full_pairs: entries.iter().map(|e| e.full_pairs.clone()).collect(),
            name_blooms: entries.iter().map(|e| e.name_bloom).collect(),
            sounds: entries.iter().map(|e| e.sounds).collect(),
            has_ascii: entries.iter().map(Indexed::has_ascii).collect(),
            entries: Vec::new(),
        };
        for (i, e) in entries.iter().enumerate() {
            let at = u32::try_from(i).unwrap_or(u32::MAX);
            index.names.next_record();
            index.names.push(PIECE, &e.name);
            index.synonyms.next_record();
            index.others.next_record();
            index.english.next_record();
            index.english_others.next_record();
            for (synonym, _) in &e.synonyms {
                index.synonyms.push(PIECE, synonym);
                let list = index.by_synonym.entry(synonym.clone()).or_default();
                if list.last() != Some(&at) {
                    list.push(at);
                }
                index.longest_synonym = index.longest_synonym.max(synonym.chars().count());
            }
            index.others.push(PIECE, &e.department);
            for event in &e.life_events {
                index.others.push(PIECE, event);
            }
            index.others.push(PIECE, &e.summary);
            for word in &e.english {
                index.english.push(' ', word);
            }
            for word in e
                .department_en
                .iter()
                .chain(e.life_event_words.iter().flatten())
            {
                index.english_others.push(' ', word);
            }
        }
        index.entries = entries;
        index
    }

    /// How many entries the index holds.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the index holds no entry.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// At most `limit` hits for `query`, best first (ties keep catalogue order); each entry once,
    /// by its best match. An empty query, or one of spaces and punctuation, finds nothing.
    pub fn search(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.search_with(query, limit, false)
    }

    /// [`SearchIndex::search`] without the prefilters: every entry is looked at. The same
    /// answer, slower; for tests that check the prefilters lose nothing.
    #[doc(hidden)]
    pub fn search_exhaustive(&self, query: &str, limit: usize) -> Vec<Hit> {
        self.search_with(query, limit, true)
    }

    fn search_with(&self, query: &str, limit: usize, exhaustive: bool) -> Vec<Hit> {
        if limit == 0 {
            return Vec::new();
        }
        let q = Query::new(query);
        if q.text.is_empty() && q.words.is_empty() {
            return Vec::new();
        }
        let paths = if exhaustive {
            vec![TEXT | SPELL | ENGLISH; self.entries.len()]
        } else {
            self.candidates(&q)
        };
        let mut found: Vec<(u32, usize, MatchKind)> = Vec::new();
        for (i, &path) in paths.iter().enumerate() {
            if path == 0 {
                continue;
            }
            let has_ascii = self.has_ascii.get(i).copied().unwrap_or(true);
            if let Some((score, kind)) = self
                .entries
                .get(i)
                .and_then(|e| best_match(e, path, has_ascii, &q))
            {
                found.push((score, i, kind));
            }
        }
        // The fallbacks rank below every other kind: needed only while there is room.
        if found.len() < limit {
            self.fallbacks(&q, &mut found);
        }
        let by_rank = |a: &(u32, usize, MatchKind), b: &(u32, usize, MatchKind)| {
            b.0.cmp(&a.0).then(a.1.cmp(&b.1))
        };
        if found.len() > limit {
            found.select_nth_unstable_by(limit, by_rank);
            found.truncate(limit);
        }
        found.sort_unstable_by(by_rank);
        found
            .into_iter()
            .filter_map(|(score, i, matched)| {
                self.entries.get(i).map(|e| Hit {
                    code: e.code.clone(),
                    score,
                    matched,
                })
            })
            .collect()
    }

    /// Per entry, the paths by which it may match (a superset), found without reading each
    /// entry's texts: [`TEXT`], [`SPELL`], [`ENGLISH`], or 0.
    fn candidates(&self, q: &Query) -> Vec<u8> {
        let mut paths = vec![0u8; self.entries.len()];
        let mut mark = |out: &mut Vec<u32>, path: u8| {
            for &i in out.iter() {
                if let Some(p) = paths.get_mut(i as usize) {
                    *p |= path;
                }
            }
            out.clear();
        };
        let mut out = Vec::new();
        if !q.text.is_empty() {
            self.names.entries_with(&q.finder, &mut out);
            self.synonyms.entries_with(&q.finder, &mut out);
            self.others.entries_with(&q.finder, &mut out);
            if q.chars >= 2 && !q.text.is_ascii() {
                let bloom = Bloom::of_chars(&q.text);
                for (i, name) in self.name_blooms.iter().enumerate() {
                    if bloom.within(name) {
                        out.push(u32::try_from(i).unwrap_or(u32::MAX));
                    }
                }
            }
            // A synonym inside a longer query (我要办老年证).
            let chars: Vec<usize> = q.text.char_indices().map(|(at, _)| at).collect();
            for (k, &from) in chars.iter().enumerate() {
                for len in 2..=self.longest_synonym.min(chars.len() - k) {
                    let to = chars.get(k + len).copied().unwrap_or(q.text.len());
                    if let Some(list) = q.text.get(from..to).and_then(|t| self.by_synonym.get(t)) {
                        out.extend_from_slice(list);
                    }
                }
            }
        }
        mark(&mut out, TEXT);
        if let Some(spell) = &q.spell {
            let bits = Pairs::bits_of(spell);
            for (i, (letters, pairs)) in self.letters.iter().zip(&self.pairs).enumerate() {
                if q.letters & !letters == 0 && pairs.missing_bits(&bits) == 0 {
                    out.push(u32::try_from(i).unwrap_or(u32::MAX));
                }
            }
            mark(&mut out, SPELL);
            if let Some(longest) = q.words.iter().max_by_key(|w| w.len()) {
                let finder = Finder::new(&format!(" {longest}")).into_owned();
                self.english.entries_with(&finder, &mut out);
                self.english_others.entries_with(&finder, &mut out);
            }
            mark(&mut out, ENGLISH);
        }
        paths
    }

    /// Homophones of a Chinese query, and pinyin with one typing mistake.
    fn fallbacks(&self, q: &Query, found: &mut Vec<(u32, usize, MatchKind)>) {
        let sounds = (q.all_han && q.chars >= 2).then(|| Spelled::new(&q.text));
        let syllable_sounds = sounds
            .as_ref()
            .map(Spelled::syllable_sounds)
            .unwrap_or_default();
        let typo = q
            .spell
            .as_deref()
            .filter(|s| s.iter().filter(|b| b.is_ascii_alphabetic()).count() >= MIN_TYPO_LETTERS);
        if sounds.is_none() && typo.is_none() {
            return;
        }
        let mut taken = vec![false; self.entries.len()];
        for &(_, i, _) in found.iter() {
            if let Some(t) = taken.get_mut(i) {
                *t = true;
            }
        }
        let bits = typo.map(Pairs::bits_of).unwrap_or_default();
        for (i, e) in self.entries.iter().enumerate() {
            if taken.get(i).copied().unwrap_or(true) {
                continue;
            }
            let (Some(letters), Some(pairs), Some(entry_sounds)) = (
                self.letters.get(i),
                self.full_pairs.get(i),
                self.sounds.get(i),
            ) else {
                continue;
            };
            let shorter = 200u32.saturating_sub(e.name_chars);
            let may_sound = syllable_sounds.iter().all(|b| b.meets(entry_sounds));
            if let Some(sounds) = sounds.as_ref().filter(|_| may_sound) {
                if e.name_spelled.sounds_like(sounds) {
                    found.push((
                        MatchKind::Homophone.score(300 + shorter),
                        i,
                        MatchKind::Homophone,
                    ));
                    continue;
                }
                if e.synonyms.iter().any(|(_, s)| s.sounds_like(sounds)) {
                    found.push((MatchKind::Homophone.score(shorter), i, MatchKind::Homophone));
                    continue;
                }
            }
            if let Some(typo) = typo {
                // One mistake adds at most one letter and breaks at most three pairs.
                if (q.letters & !letters).count_ones() > 1 || pairs.missing_bits(&bits) > 3 {
                    continue;
                }
                if e.name_spelled.find_with_one_typo(typo) {
                    found.push((
                        MatchKind::PinyinTypo.score(300 + shorter),
                        i,
                        MatchKind::PinyinTypo,
                    ));
                } else if e.synonyms.iter().any(|(_, s)| s.find_with_one_typo(typo)) {
                    found.push((
                        MatchKind::PinyinTypo.score(shorter),
                        i,
                        MatchKind::PinyinTypo,
                    ));
                }
            }
        }
    }
}

/// The paths by which an entry may match.
const TEXT: u8 = 1;
const SPELL: u8 = 2;
const ENGLISH: u8 = 4;

/// The best match of one entry by the given paths, as (score, kind).
fn best_match(e: &Indexed, path: u8, has_ascii: bool, q: &Query) -> Option<(u32, MatchKind)> {
    let mut best: Option<(u32, MatchKind)> = None;
    let mut offer = |kind: MatchKind, bonus: u32| {
        let score = kind.score(bonus);
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, kind));
        }
    };
    let shorter = 200u32.saturating_sub(e.name_chars);
    // Chinese texts can hold an ASCII query only where they hold ASCII at all.
    if path & TEXT != 0 && !q.text.is_empty() && (q.spell.is_none() || has_ascii) {
        text_matches(e, q, shorter, &mut offer);
    }
    if let Some(spell) = q.spell.as_ref().filter(|_| path & SPELL != 0) {
        if q.letters & !e.letters == 0 {
            spelled_matches(e, spell, shorter, &mut offer);
        }
    }
    if path & ENGLISH != 0 && !q.words.is_empty() && q.spell.is_some() {
        if let Some(bonus) = english(&q.words, &e.english) {
            offer(MatchKind::EnglishName, bonus + shorter);
        }
        if english(&q.words, &e.department_en).is_some() {
            offer(MatchKind::Department, shorter);
        }
        if e.life_event_words
            .iter()
            .any(|w| english(&q.words, w).is_some())
        {
            offer(MatchKind::LifeEvent, shorter);
        }
    }
    best
}

/// Characters: the name, the synonyms, the name's characters with gaps, the department, the
/// life events, the summary.
fn text_matches(e: &Indexed, q: &Query, shorter: u32, offer: &mut impl FnMut(MatchKind, u32)) {
    let text = q.text.as_str();
    let found = |hay: &str| q.finder.find(hay.as_bytes()).is_some();
    let extra = e.name_chars.saturating_sub(q.chars);
    if let Some(pos) = q.finder.find(e.name.as_bytes()) {
        if e.name == text {
            offer(MatchKind::ExactName, 0);
        } else if pos == 0 {
            offer(MatchKind::NamePrefix, 500u32.saturating_sub(extra * 10));
        } else {
            let at = u32::try_from(pos).unwrap_or(u32::MAX) / 3;
            offer(
                MatchKind::NameSubstring,
                (600 + shorter).saturating_sub(extra * 5 + at * 10),
            );
        }
        return;
    }
    for (synonym, _) in &e.synonyms {
        if synonym == text {
            offer(MatchKind::Synonym, 900);
        } else if found(synonym) {
            let syn_extra = u32::try_from(synonym.chars().count())
                .unwrap_or(u32::MAX)
                .saturating_sub(q.chars);
            offer(MatchKind::Synonym, 600u32.saturating_sub(syn_extra * 20));
        } else if synonym.chars().nth(1).is_some() && text.contains(synonym.as_str()) {
            // The query is a sentence holding the synonym: 我要办老年证.
            let len = u32::try_from(synonym.chars().count()).unwrap_or(0);
            offer(MatchKind::Synonym, 300 + len.min(20) * 10);
        }
    }
    if q.chars >= 2 && !text.is_ascii() && has_in_order(&e.name, text) {
        offer(MatchKind::NameCharacters, shorter);
    }
    if found(&e.department) {
        offer(MatchKind::Department, shorter);
    }
    if e.life_events.iter().any(|l| found(l)) {
        offer(MatchKind::LifeEvent, shorter);
    }
    if found(&e.summary) {
        offer(MatchKind::Summary, shorter);
    }
}

/// Pinyin of the name and of each synonym.
fn spelled_matches(
    e: &Indexed,
    spell: &[u8],
    shorter: u32,
    offer: &mut impl FnMut(MatchKind, u32),
) {
    let fields =
        std::iter::once((&e.name_spelled, true)).chain(e.synonyms.iter().map(|(_, s)| (s, false)));
    for (spelled, is_name) in fields {
        if q_letters_missing(spell, spelled) {
            continue;
        }
        let Some(m) = spelled.find(spell) else {
            continue;
        };
        let kind = match (m.spelling, is_name) {
            (Spelling::Full, true) => MatchKind::NamePinyin,
            (Spelling::Full, false) => MatchKind::SynonymPinyin,
            (_, true) => MatchKind::NameInitials,
            (_, false) => MatchKind::SynonymInitials,
        };
        let whole = if m.start == 0 && m.complete {
            500
        } else if m.start == 0 {
            300
        } else {
            0
        };
        let initials = if m.spelling == Spelling::Initials {
            100
        } else {
            0
        };
        let unmatched = u32::try_from(spelled.len().saturating_sub(m.end - m.start)).unwrap_or(0);
        let bonus = (whole + initials + 200 + shorter / 4).saturating_sub(unmatched.min(20) * 10);
        offer(kind, bonus);
    }
}

fn q_letters_missing(spell: &[u8], spelled: &Spelled) -> bool {
    spell.iter().any(|&b| letter_bit(b) & !spelled.letters != 0)
}

/// Every character of `needle` appears in `haystack`, in order.
fn has_in_order(haystack: &str, needle: &str) -> bool {
    let mut rest = haystack.chars();
    needle.chars().all(|c| rest.any(|h| h == c))
}

/// Each query word starts a different word of `words`; the bonus favours matching from the
/// first word and whole words.
fn english(query: &[String], words: &[String]) -> Option<u32> {
    if query.is_empty() || words.is_empty() {
        return None;
    }
    let mut used = 0u64; // the first 64 words; later ones may be used again
    let mut whole = 0u32;
    for qw in query {
        let slot = words
            .iter()
            .enumerate()
            .position(|(i, w)| (i >= 64 || used & (1 << i) == 0) && w.starts_with(qw.as_str()))?;
        if slot < 64 {
            used |= 1 << slot;
        }
        if words.get(slot).is_some_and(|w| w == qw) {
            whole += 1;
        }
    }
    let from_first = if used & 1 != 0 { 300 } else { 0 };
    let extra = u32::try_from(words.len().saturating_sub(query.len())).unwrap_or(0);
    Some((from_first + whole.min(10) * 40 + 200).saturating_sub(extra.min(20) * 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(code: &str, zh: &str, en: &str, synonyms: &[&str]) -> Entry {
        Entry {
            code: code.into(),
            name_zh: zh.into(),
            name_en: en.into(),
            synonyms: synonyms.iter().map(|s| s.to_string()).collect(),
            ..Entry::default()
        }
    }

    fn index() -> SearchIndex {
        SearchIndex::new([
            entry(
                "A",
                "高龄津贴申请",
                "Old-age allowance application",
                &["高龄补贴"],
            ),
            entry("B", "老年人优待证办理", "Senior citizen card", &["老年证"]),
            entry("C", "社会保障卡申领", "Social security card", &["社保卡"]),
        ])
    }

    fn first(q: &str) -> Option<(String, MatchKind)> {
        index()
            .search(q, 5)
            .into_iter()
            .next()
            .map(|h| (h.code, h.matched))
    }

    #[test]
    fn kinds() {
        assert_eq!(
            first("高龄津贴申请"),
            Some(("A".into(), MatchKind::ExactName))
        );
        assert_eq!(first("高龄"), Some(("A".into(), MatchKind::NamePrefix)));
        assert_eq!(first("津贴"), Some(("A".into(), MatchKind::NameSubstring)));
        assert_eq!(first("老年证"), Some(("B".into(), MatchKind::Synonym)));
        assert_eq!(
            first("gaolingjintie"),
            Some(("A".into(), MatchKind::NamePinyin))
        );
        assert_eq!(first("gljt"), Some(("A".into(), MatchKind::NameInitials)));
        assert_eq!(first("sbk"), Some(("C".into(), MatchKind::SynonymInitials)));
        assert_eq!(first("Senior"), Some(("B".into(), MatchKind::EnglishName)));
        assert_eq!(
            first("gaolnigjintie"),
            Some(("A".into(), MatchKind::PinyinTypo))
        );
        assert_eq!(first("高令津贴"), Some(("A".into(), MatchKind::Homophone)));
        assert_eq!(
            first("我要办老年证"),
            Some(("B".into(), MatchKind::Synonym))
        );
        assert_eq!(first(""), None);
        assert!(index().search("高龄", 0).is_empty());
    }
}
