//! Folding text into the one form both the index and the query are compared in.

/// Full-width ASCII (U+FF01..=U+FF5E) becomes its half-width form, the ideographic space (U+3000)
/// a plain space, and ASCII letters lower case. Everything else is left as it is.
pub(crate) fn fold_char(c: char) -> char {
    let folded = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    folded.to_ascii_lowercase()
}

/// The compact form: folded, keeping only letters and digits (CJK ideographs are alphabetic), so
/// spaces and punctuation (`·`, `（）`, `、`) never stand between a query and a name.
pub(crate) fn compact(text: &str) -> String {
    text.chars()
        .map(fold_char)
        .filter(|c| c.is_alphanumeric())
        .collect()
}

/// Folded ASCII words (letters and digits), for English matching: "Old-age allowance" gives
/// `["old", "age", "allowance"]`.
pub(crate) fn ascii_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    for c in text.chars().map(fold_char) {
        if c.is_ascii_alphanumeric() {
            current.push(c);
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// A Han ideograph (the blocks the pinyin table covers, roughly).
pub(crate) fn is_han(c: char) -> bool {
    matches!(u32::from(c),
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x323AF)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_letters_digits_and_spaces_fold() {
        assert_eq!(compact("ＧＡＯ　ｌｉｎｇ １２"), "gaoling12");
        assert_eq!(compact("居民身份证（换领）"), "居民身份证换领");
        assert_eq!(
            ascii_words("Old-age  ALLOWANCE"),
            vec!["old", "age", "allowance"]
        );
        assert!(is_han('高') && !is_han('a') && !is_han('，'));
    }
}
