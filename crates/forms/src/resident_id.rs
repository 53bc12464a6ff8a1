//! The resident identity number (公民身份号码) of GB 11643-1999: 6-digit area code, 8-digit birth
//! date, 3-digit sequence, and an ISO 7064 MOD 11-2 check character (0-9 or X).

use time::{Date, Month};

/// Why a resident ID number is not valid, in the order they are checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResidentIdProblem {
    /// Not 18 characters (the count is of what was typed, after removing spaces).
    Length(usize),
    /// Something other than digits, or X anywhere but last.
    Characters,
    /// The first two digits are no province-level area.
    Area,
    /// Digits 7–14 are not a real date between 1900 and today.
    BirthDate,
    CheckDigit,
}

/// Province-level codes (the first two digits of an area code) of GB/T 2260.
const PROVINCES: &[u8] = &[
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
];

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character for the first 17 digits.
pub fn check_char(first17: &[u8; 17]) -> char {
    let sum: u32 = first17
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(*d) * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

/// The number as residents type it, made canonical: spaces removed, a lower-case x raised.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Checks a normalized number; `today` bounds the birth date.
pub fn check(id: &str, today: Date) -> Result<(), ResidentIdProblem> {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() != 18 {
        return Err(ResidentIdProblem::Length(chars.len()));
    }
    let mut digits = [0u8; 17];
    for (slot, c) in digits.iter_mut().zip(&chars) {
        *slot = c
            .to_digit(10)
            .and_then(|d| u8::try_from(d).ok())
            .ok_or(ResidentIdProblem::Characters)?;
    }
    let last = chars[17];
    if !(last.is_ascii_digit() || last == 'X') {
        return Err(ResidentIdProblem::Characters);
    }
    let province = digits[0] * 10 + digits[1];
    if !PROVINCES.contains(&province) {
        return Err(ResidentIdProblem::Area);
    }
    let number = |range: std::ops::Range<usize>| {
        digits[range]
            .iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(*d))
    };
    let birth = Month::try_from(u8::try_from(number(10..12)).unwrap_or(0))
        .ok()
        .and_then(|month| {
            let year = i32::try_from(number(6..10)).ok()?;
            let day = u8::try_from(number(12..14)).ok()?;
            Date::from_calendar_date(year, month, day).ok()
        })
        .ok_or(ResidentIdProblem::BirthDate)?;
    if birth.year() < 1900 || birth > today {
        return Err(ResidentIdProblem::BirthDate);
    }
    if check_char(&digits) != last {
        return Err(ResidentIdProblem::CheckDigit);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 29);

    /// Appends the right check character to 17 digits.
    fn with_check(first17: &str) -> String {
        let mut d = [0u8; 17];
        for (slot, c) in d.iter_mut().zip(first17.chars()) {
            *slot = c.to_digit(10).unwrap() as u8;
        }
        format!("{first17}{}", check_char(&d))
    }

    #[test]
    fn the_standards_example_is_valid() {
        // The worked example of GB 11643-1999 appendix: 11010519491231002X.
        assert_eq!(check("11010519491231002X", TODAY), Ok(()));
    }

    #[test]
    fn each_problem_is_named() {
        let cases: &[(&str, Result<(), ResidentIdProblem>)] = &[
            ("1101051949123100", Err(ResidentIdProblem::Length(16))),
            ("11010519491231002X9", Err(ResidentIdProblem::Length(19))),
            ("11010519491231A02X", Err(ResidentIdProblem::Characters)),
            ("1101051949123100X2", Err(ResidentIdProblem::Characters)),
            ("99010519491231002X", Err(ResidentIdProblem::Area)),
            ("110105194902300021", Err(ResidentIdProblem::BirthDate)),
            ("110105203001010021", Err(ResidentIdProblem::BirthDate)),
            ("110105189912310021", Err(ResidentIdProblem::BirthDate)),
            ("110105194912310021", Err(ResidentIdProblem::CheckDigit)),
        ];
        for (input, expected) in cases {
            assert_eq!(check(input, TODAY), *expected, "{input}");
        }
    }

    #[test]
    fn every_computed_check_character_is_accepted_and_every_other_refused() {
        for seq in 0..200u32 {
            let first17 = format!("3101151946061{:04}", seq);
            let good = with_check(&first17);
            assert_eq!(check(&good, TODAY), Ok(()), "{good}");
            for c in CHECK_CHARS {
                if !good.ends_with(c) {
                    let bad = format!("{first17}{c}");
                    assert_eq!(check(&bad, TODAY), Err(ResidentIdProblem::CheckDigit));
                }
            }
        }
    }

    #[test]
    fn normalize_removes_spaces_and_raises_x() {
        assert_eq!(normalize(" 110105 19491231 002x "), "11010519491231002X");
    }
}
