//! Candidate generation: the texts of one kind (names, synonyms, …) of every entry laid end to
//! end in one buffer, scanned once per query with a precompiled substring finder, and bit sets
//! that rule entries out with a few word operations.

use memchr::memmem::Finder;

/// Separates two entries' records in a corpus; never part of a compacted text.
const RECORD: char = '\u{1}';

/// One kind of text of every entry, end to end.
#[derive(Debug, Clone, Default)]
pub(crate) struct Corpus {
    text: String,
    /// Where each entry's record starts in `text`, ascending.
    starts: Vec<usize>,
}

impl Corpus {
    /// Start the next entry's record (call once per entry, in order).
    pub(crate) fn next_record(&mut self) {
        if !self.starts.is_empty() {
            self.text.push(RECORD);
        }
        self.starts.push(self.text.len());
    }

    /// Add a piece of text to the current record, after `separator`.
    pub(crate) fn push(&mut self, separator: char, piece: &str) {
        self.text.push(separator);
        self.text.push_str(piece);
    }

    /// The entries whose record holds the finder's needle, each once, ascending.
    pub(crate) fn entries_with(&self, finder: &Finder<'_>, out: &mut Vec<u32>) {
        if finder.needle().is_empty() {
            return;
        }
        let mut last = None;
        for at in finder.find_iter(self.text.as_bytes()) {
            let entry = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
            if last != Some(entry) {
                last = Some(entry);
                out.push(u32::try_from(entry).unwrap_or(u32::MAX));
            }
        }
    }
}

/// A small Bloom filter of characters (or any hashable keys), 256 bits.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Bloom([u64; 4]);

impl Bloom {
    pub(crate) fn insert(&mut self, key: u32) {
        let h = key.wrapping_mul(0x9E37_79B1).rotate_right(8);
        let bit = (h & 255) as usize;
        if let Some(word) = self.0.get_mut(bit / 64) {
            *word |= 1 << (bit % 64);
        }
    }

    pub(crate) fn of_chars(text: &str) -> Bloom {
        let mut bloom = Bloom::default();
        for c in text.chars() {
            bloom.insert(u32::from(c));
        }
        bloom
    }

    pub(crate) fn union(&mut self, other: &Bloom) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
    }

    /// Every key of `self` may be in `other`.
    pub(crate) fn within(&self, other: &Bloom) -> bool {
        self.0.iter().zip(other.0).all(|(a, b)| a & !b == 0)
    }

    /// Some key of `self` may be in `other`.
    pub(crate) fn meets(&self, other: &Bloom) -> bool {
        self.0.iter().zip(other.0).any(|(a, b)| a & b != 0)
    }
}

/// The index of an ASCII letter (0..26) or digit (26..36).
pub(crate) fn symbol(b: u8) -> Option<usize> {
    match b {
        b'a'..=b'z' => Some(usize::from(b - b'a')),
        b'0'..=b'9' => Some(usize::from(b - b'0') + 26),
        _ => None,
    }
}

const SYMBOLS: usize = 36;
const PAIR_WORDS: usize = (SYMBOLS * SYMBOLS).div_ceil(64);

/// The set of letter pairs that may follow each other in a query that matches a field: exact,
/// one bit per (letter, letter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pairs([u64; PAIR_WORDS]);

impl Default for Pairs {
    fn default() -> Pairs {
        Pairs([0; PAIR_WORDS])
    }
}

impl Pairs {
    fn bit(a: u8, b: u8) -> Option<usize> {
        Some(symbol(a)? * SYMBOLS + symbol(b)?)
    }

    pub(crate) fn insert(&mut self, a: u8, b: u8) {
        if let Some(bit) = Pairs::bit(a, b) {
            if let Some(word) = self.0.get_mut(bit / 64) {
                *word |= 1 << (bit % 64);
            }
        }
    }

    #[cfg(test)]
    pub(crate) fn contains(&self, a: u8, b: u8) -> bool {
        Pairs::bit(a, b)
            .and_then(|bit| self.0.get(bit / 64).map(|w| w & (1 << (bit % 64)) != 0))
            .unwrap_or(false)
    }

    pub(crate) fn union(&mut self, other: &Pairs) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a |= b;
        }
    }

    /// The (word, bit) of each adjacent pair of `query`, for [`Pairs::missing_bits`].
    pub(crate) fn bits_of(query: &[u8]) -> Vec<(usize, u64)> {
        query
            .windows(2)
            .filter_map(|w| match w {
                [a, b] => Pairs::bit(*a, *b).map(|bit| (bit / 64, 1u64 << (bit % 64))),
                _ => None,
            })
            .collect()
    }

    /// How many of the pairs (from [`Pairs::bits_of`]) are not in the set.
    pub(crate) fn missing_bits(&self, bits: &[(usize, u64)]) -> usize {
        bits.iter()
            .filter(|&&(word, mask)| self.0.get(word).is_none_or(|w| w & mask == 0))
            .count()
    }

    /// How many adjacent pairs of `query` are not in the set.
    #[cfg(test)]
    pub(crate) fn missing(&self, query: &[u8]) -> usize {
        query
            .windows(2)
            .filter(|w| matches!(w, [a, b] if !self.contains(*a, *b)))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corpus_finds_each_entry_once() {
        let mut c = Corpus::default();
        for texts in [&["高龄津贴", "高龄补贴"][..], &[][..], &["津贴津贴"][..]] {
            c.next_record();
            for t in texts {
                c.push('\u{2}', t);
            }
        }
        let mut out = Vec::new();
        c.entries_with(&Finder::new("津贴"), &mut out);
        assert_eq!(out, vec![0, 2]);
    }

    #[test]
    fn blooms_and_pairs() {
        let name = Bloom::of_chars("高龄津贴申请");
        assert!(Bloom::of_chars("高津").within(&name));
        let mut p = Pairs::default();
        p.insert(b'g', b'a');
        assert!(p.contains(b'g', b'a') && !p.contains(b'a', b'g'));
        assert_eq!(p.missing(b"gag"), 1);
    }
}
