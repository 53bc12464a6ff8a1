//! The pinyin of one field (a name or a synonym), computed once at index time, and the two
//! matchers over it: exact (full syllables, initials, a partial last syllable) and with one
//! typing mistake.
//!
//! A field is a sequence of syllables; each syllable holds every reading of its character
//! (heteronyms: 行 is `xing`, `hang` and `heng`), so any reading matches. A letter or digit in a
//! name is a syllable of its own whose only reading is itself.

use crate::corpus::{Bloom, Pairs};
use crate::normalize::{fold_char, is_han};
use pinyin::ToPinyinMulti;

/// Letters and digits as `'static` one-character readings.
const ALNUM: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

/// How a query spelled the syllables it matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Spelling {
    /// Some syllables by initial, some in full (`gaolingjt`).
    Mixed,
    /// Every syllable by its initial (`gljt`).
    Initials,
    /// Full syllables, the last possibly cut short (`gaolingjin`, `gaolingj`).
    Full,
}

/// The best way a query matched a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct SpellMatch {
    pub(crate) spelling: Spelling,
    /// The first syllable matched.
    pub(crate) start: usize,
    /// One past the last syllable matched.
    pub(crate) end: usize,
    /// The query ended exactly at the end of the last syllable of the field.
    pub(crate) complete: bool,
}

impl SpellMatch {
    fn rank(&self, len: usize) -> (Spelling, bool, bool, usize) {
        (
            self.spelling,
            self.start == 0 && self.complete,
            self.start == 0,
            usize::MAX - (len - (self.end - self.start)),
        )
    }
}

/// The syllables of a field.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spelled {
    readings: Vec<&'static str>,
    /// Per syllable, its range in `readings`.
    syllables: Vec<(u32, u32)>,
    /// Every letter of every reading, one bit per letter (`a` = bit 0); digits in bit 26.
    pub(crate) letters: u32,
}

/// The bit of an ASCII letter or digit in a letter mask.
pub(crate) fn letter_bit(b: u8) -> u32 {
    match b {
        b'a'..=b'z' => 1 << (b - b'a'),
        b'0'..=b'9' => 1 << 26,
        _ => 0,
    }
}

/// The letters of a plain reading as the query may type them: `ü` as `v` or as `u`.
fn typed_forms(plain: &'static str) -> &'static [&'static str] {
    match plain {
        "lü" => &["lv", "lu"],
        "nü" => &["nv", "nu"],
        "lüe" => &["lve", "lue"],
        "nüe" => &["nve", "nue"],
        _ => &[],
    }
}

impl Spelled {
    pub(crate) fn new(text: &str) -> Spelled {
        let mut spelled = Spelled::default();
        for c in text.chars().map(fold_char) {
            let start = spelled.readings.len();
            if c.is_ascii_alphanumeric() {
                if let Some(i) = ALNUM.find(c) {
                    if let Some(one) = ALNUM.get(i..i + 1) {
                        spelled.readings.push(one);
                    }
                }
            } else if is_han(c) {
                if let Some(multi) = c.to_pinyin_multi() {
                    for reading in multi {
                        let plain = reading.plain();
                        let forms = typed_forms(plain);
                        let candidates: &[&'static str] = if forms.is_empty() {
                            std::slice::from_ref(&plain)
                        } else {
                            forms
                        };
                        for form in candidates {
                            let fresh = !spelled.readings[start..].contains(form);
                            if fresh && !form.is_empty() && form.is_ascii() {
                                spelled.readings.push(form);
                            }
                        }
                    }
                }
            }
            let end = spelled.readings.len();
            if end > start {
                spelled.syllables.push((start as u32, end as u32));
            }
        }
        spelled.letters = spelled
            .readings
            .iter()
            .flat_map(|r| r.bytes())
            .fold(0, |mask, b| mask | letter_bit(b));
        spelled
    }

    /// The letter pairs a query matching this field exactly can hold: the pairs inside each
    /// reading, and across each syllable boundary (the last letter, or the initial, of one
    /// reading followed by the first letter of a reading of the next syllable).
    pub(crate) fn pairs(&self) -> Pairs {
        let mut pairs = Pairs::default();
        for si in 0..self.len() {
            let next = self.syllable(si + 1);
            for r in self.syllable(si) {
                let b = r.as_bytes();
                for w in b.windows(2) {
                    if let [x, y] = w {
                        pairs.insert(*x, *y);
                    }
                }
                let ends = [b.first(), b.get(initial_len(b) - 1), b.last()];
                for n in next {
                    if let Some(&f) = n.as_bytes().first() {
                        for e in ends.into_iter().flatten() {
                            pairs.insert(*e, f);
                        }
                    }
                }
            }
        }
        pairs
    }

    /// The letter pairs a query spelling this field in full syllables can hold (with no
    /// initials): pairs inside each reading, and its last letter before the next syllable.
    pub(crate) fn full_pairs(&self) -> Pairs {
        let mut pairs = Pairs::default();
        for si in 0..self.len() {
            let next = self.syllable(si + 1);
            for r in self.syllable(si) {
                let b = r.as_bytes();
                for w in b.windows(2) {
                    if let [x, y] = w {
                        pairs.insert(*x, *y);
                    }
                }
                if let Some(&last) = b.last() {
                    for n in next {
                        if let Some(&f) = n.as_bytes().first() {
                            pairs.insert(last, f);
                        }
                    }
                }
            }
        }
        pairs
    }

    /// Every reading of every syllable, as a Bloom filter.
    pub(crate) fn sounds(&self) -> Bloom {
        let mut bloom = Bloom::default();
        for r in &self.readings {
            bloom.insert(reading_key(r));
        }
        bloom
    }

    /// Per syllable, its readings as a Bloom filter.
    pub(crate) fn syllable_sounds(&self) -> Vec<Bloom> {
        (0..self.len())
            .map(|si| {
                let mut bloom = Bloom::default();
                for r in self.syllable(si) {
                    bloom.insert(reading_key(r));
                }
                bloom
            })
            .collect()
    }

    pub(crate) fn len(&self) -> usize {
        self.syllables.len()
    }

    fn syllable(&self, i: usize) -> &[&'static str] {
        match self.syllables.get(i) {
            Some(&(s, e)) => self.readings.get(s as usize..e as usize).unwrap_or(&[]),
            None => &[],
        }
    }

    /// The best exact match of `query` (lower-case ASCII letters and digits) starting at any
    /// syllable: each syllable typed in full or by its initial (`z`/`zh`, `c`/`ch`, `s`/`sh`),
    /// the last one possibly cut short.
    pub(crate) fn find(&self, query: &[u8]) -> Option<SpellMatch> {
        if query.is_empty() {
            return None;
        }
        let mut best: Option<SpellMatch> = None;
        let first = query.first().copied();
        for start in 0..self.len() {
            if !self
                .syllable(start)
                .iter()
                .any(|r| r.as_bytes().first().copied() == first)
            {
                continue;
            }
            let mut search = Search {
                spelled: self,
                query,
                start,
                best: &mut best,
            };
            search.go(0, start, false, false);
            if let Some(b) = best {
                if b.spelling == Spelling::Full && b.start == 0 && b.complete {
                    break;
                }
            }
        }
        best
    }

    /// Whether `query` matches the full spelling of consecutive syllables from any syllable,
    /// the last possibly cut short, with exactly one typing mistake allowed: a letter inserted,
    /// left out, replaced, or two adjacent letters swapped.
    pub(crate) fn find_with_one_typo(&self, query: &[u8]) -> bool {
        let (Some(&q0), Some(&q1)) = (query.first(), query.get(1)) else {
            return false;
        };
        (0..self.len()).any(|start| {
            // With one mistake, one of the first two letters of the query is one of the first
            // two letters of the match (whichever the mistake is); a one-letter reading leaves
            // the second letter to the next syllable, so it is always tried.
            let near = |b: Option<&u8>| b.is_some_and(|&b| b == q0 || b == q1);
            let plausible = self.syllable(start).iter().any(|r| {
                let r = r.as_bytes();
                r.len() < 2 || near(r.first()) || near(r.get(1))
            });
            plausible && self.typo(query, 0, start, b"", 1)
        })
    }

    /// Whether the syllables of `other` appear here one after another, each sharing a reading
    /// with its counterpart: 高令津贴 sounds like 高龄津贴.
    pub(crate) fn sounds_like(&self, other: &Spelled) -> bool {
        let n = other.len();
        if n == 0 || n > self.len() {
            return false;
        }
        (0..=self.len() - n).any(|start| {
            (0..n).all(|k| {
                let here = self.syllable(start + k);
                other.syllable(k).iter().any(|r| here.contains(r))
            })
        })
    }

    fn typo(&self, q: &[u8], qi: usize, si: usize, cur: &[u8], edits: u8) -> bool {
        let Some(&qc) = q.get(qi) else {
            return true;
        };
        let Some((&c, rest)) = cur.split_first() else {
            if si >= self.len() {
                return q.len() - qi <= usize::from(edits);
            }
            return self
                .syllable(si)
                .iter()
                .any(|r| self.typo(q, qi, si + 1, r.as_bytes(), edits));
        };
        if qc == c && self.typo(q, qi + 1, si, rest, edits) {
            return true;
        }
        if edits == 0 {
            return false;
        }
        // Replaced, inserted in the query, left out of the query.
        if self.typo(q, qi + 1, si, rest, 0)
            || self.typo(q, qi + 1, si, cur, 0)
            || self.typo(q, qi, si, rest, 0)
        {
            return true;
        }
        // Two adjacent letters swapped: the query has (x, c) where the field has (c, x).
        match q.get(qi + 1) {
            Some(&next) if next == c && qc != c => match rest.split_first() {
                Some((&x, after)) => x == qc && self.typo(q, qi + 2, si, after, 0),
                None => self.syllable(si).iter().any(|r| {
                    r.as_bytes().split_first().is_some_and(|(&x, after)| {
                        x == qc && self.typo(q, qi + 2, si + 1, after, 0)
                    })
                }),
            },
            _ => false,
        }
    }
}

struct Search<'a> {
    spelled: &'a Spelled,
    query: &'a [u8],
    start: usize,
    best: &'a mut Option<SpellMatch>,
}

impl Search<'_> {
    fn record(&mut self, spelling: Spelling, end: usize, complete: bool) {
        let found = SpellMatch {
            spelling,
            start: self.start,
            end,
            complete,
        };
        let len = self.spelled.len();
        if self.best.is_none_or(|b| found.rank(len) > b.rank(len)) {
            *self.best = Some(found);
        }
    }

    /// `full`: a syllable was typed in full; `abbreviated`: one by its initial.
    fn go(&mut self, qi: usize, si: usize, full: bool, abbreviated: bool) {
        let Some(rest) = self.query.get(qi..) else {
            return;
        };
        let len = self.spelled.len();
        for &reading in self.spelled.syllable(si) {
            let r = reading.as_bytes();
            if r.first() != rest.first() {
                continue;
            }
            if prefix_of(r, rest) {
                if rest.len() == r.len() {
                    let spelling = classify(true, abbreviated, full);
                    self.record(spelling, si + 1, si + 1 == len);
                } else {
                    self.go(qi + r.len(), si + 1, true, abbreviated);
                }
            } else if prefix_of(rest, r) {
                // The query ends inside this syllable.
                let like_initial = rest.len() <= initial_len(r);
                // After full syllables only, a cut-short last one is still full pinyin (gaolingj).
                let spelling = if like_initial && (abbreviated || !full) {
                    classify(false, true, full)
                } else {
                    classify(true, abbreviated, full)
                };
                self.record(spelling, si + 1, false);
                continue;
            }
            let il = initial_len(r);
            for cut in 1..=il {
                if cut < r.len() && rest.len() > cut && r.get(..cut) == rest.get(..cut) {
                    self.go(qi + cut, si + 1, full, true);
                }
            }
        }
    }
}

/// The spelling of a match whose last syllable was typed in full (`last_full`) or by initial.
fn classify(last_full: bool, abbreviated: bool, full: bool) -> Spelling {
    let any_full = full || last_full;
    let any_abbreviated = abbreviated || !last_full;
    match (any_full, any_abbreviated) {
        (_, false) => Spelling::Full,
        (false, true) => Spelling::Initials,
        (true, true) => Spelling::Mixed,
    }
}

/// `short` is a prefix of `long` (no call into `memcmp` for a few bytes).
#[inline]
fn prefix_of(short: &[u8], long: &[u8]) -> bool {
    short.len() <= long.len() && short.iter().zip(long).all(|(a, b)| a == b)
}

/// A reading as a Bloom key (FNV-1a).
fn reading_key(r: &str) -> u32 {
    r.bytes().fold(0x811C_9DC5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The length of a reading's initial: 2 for `zh`, `ch`, `sh`, else 1.
fn initial_len(r: &[u8]) -> usize {
    match r {
        [b'z' | b'c' | b's', b'h', ..] => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(text: &str, q: &str) -> Option<SpellMatch> {
        Spelled::new(text).find(q.as_bytes())
    }

    #[test]
    fn full_partial_and_initials() {
        let m = find("高龄津贴", "gaolingjintie").unwrap();
        assert_eq!(m.spelling, Spelling::Full);
        assert!(m.complete && m.start == 0);
        assert_eq!(
            find("高龄津贴", "gaoling").unwrap().spelling,
            Spelling::Full
        );
        assert_eq!(
            find("高龄津贴", "gaolingj").unwrap().spelling,
            Spelling::Full
        );
        assert_eq!(
            find("高龄津贴", "gljt").unwrap().spelling,
            Spelling::Initials
        );
        assert_eq!(
            find("高龄津贴", "gaolingjt").unwrap().spelling,
            Spelling::Mixed
        );
        assert_eq!(find("高龄津贴", "jintie").unwrap().start, 2);
        assert!(find("高龄津贴", "gaolnig").is_none());
        assert_eq!(
            find("社会保障", "shhbz").unwrap().spelling,
            Spelling::Initials
        );
    }

    #[test]
    fn any_reading_of_a_heteronym() {
        assert!(find("银行", "yinhang").is_some());
        assert!(find("行", "xing").is_some());
        assert!(find("长期护理", "changqi").is_some());
        assert!(find("长期护理", "zhangqi").is_some());
        assert!(find("绿色通道", "lvse").is_some());
        assert!(find("绿色通道", "luse").is_some());
    }

    #[test]
    fn one_typo() {
        let s = Spelled::new("高龄津贴申请");
        for q in [
            "gaolnigjintie",
            "gaolingjinte",
            "gaolingjintiie",
            "haolingjintie",
            "galoingjintie",
            "gaolingjintei",
        ] {
            assert!(s.find_with_one_typo(q.as_bytes()), "{q}");
        }
        assert!(!s.find_with_one_typo(b"gaolnigjinte"));
        // A mistake in the first letters, and one-letter readings (阿 a, 额 e).
        for q in ["aolingjintie", "xgaolingjintie", "agolingjintie"] {
            assert!(s.find_with_one_typo(q.as_bytes()), "{q}");
        }
        let short = Spelled::new("阿额补贴");
        for q in ["aebutie", "xebutie", "eabutie", "aexbutie", "ebutie"] {
            assert!(short.find_with_one_typo(q.as_bytes()), "{q}");
        }
    }

    #[test]
    fn pairs_admit_every_exact_match() {
        let s = Spelled::new("高龄津贴申请");
        let pairs = s.pairs();
        for q in [
            "gaolingjintie",
            "gljt",
            "gaolingjt",
            "jintieshenq",
            "shq",
            "sq",
        ] {
            assert!(s.find(q.as_bytes()).is_some(), "{q}");
            assert_eq!(pairs.missing(q.as_bytes()), 0, "{q}");
        }
        assert!(pairs.missing(b"zzzz") > 0);
    }
}
