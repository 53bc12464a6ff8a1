//! Judging answers. Every answer is a list of texts (FHIR answers are lists): one for most
//! questions, several for a repeating question or a multiple choice. Ok carries the canonical
//! texts to store and submit; Err a message id with arguments for the UI to localize.

use crate::definition::{Bound, FormItem, ItemKind, Validator};
use crate::resident_id::{self, ResidentIdProblem};
use bianmin_api::Message;
use time::{Date, Month};

/// Most answers a repeating question takes.
pub const MAX_REPEATS: usize = 50;

pub fn validate_answer(
    item: &FormItem,
    raw: &[String],
    today: Date,
) -> Result<Vec<String>, Message> {
    let given: Vec<&str> = raw
        .iter()
        .map(|v| v.trim())
        .filter(|v| !is_blank(item.kind, v))
        .collect();
    if item.kind == ItemKind::Display {
        return Ok(Vec::new());
    }
    if given.is_empty() {
        return if item.required {
            Err(Message::new(match item.kind {
                ItemKind::Choice | ItemKind::Boolean => "error-select-required",
                ItemKind::Date => "error-date-required",
                ItemKind::Attachment => "error-attachment-required",
                _ => "error-required",
            }))
        } else {
            Ok(Vec::new())
        };
    }
    let max = item.most_answers();
    if given.len() > max {
        return Err(Message::new("error-too-many").arg("max", max));
    }
    let mut canonical = Vec::with_capacity(given.len());
    for value in given {
        let v = one(item, value, today)?;
        if !canonical.contains(&v) || !matches!(item.kind, ItemKind::Choice | ItemKind::OpenChoice)
        {
            canonical.push(v);
        }
    }
    Ok(canonical)
}

/// A date's three parts all empty ("--") is no answer at all.
fn is_blank(kind: ItemKind, v: &str) -> bool {
    v.is_empty() || (kind == ItemKind::Date && v.chars().all(|c| c == '-' || c.is_whitespace()))
}

fn one(item: &FormItem, value: &str, today: Date) -> Result<String, Message> {
    match item.kind {
        ItemKind::Display => Ok(String::new()),
        ItemKind::String | ItemKind::Text | ItemKind::OpenChoice => {
            if item.kind == ItemKind::OpenChoice && item.options.iter().any(|o| o.code == value) {
                return Ok(value.to_owned());
            }
            text(item, value, today)
        }
        ItemKind::Integer => {
            let folded = fold_number(value);
            let n: i64 = folded
                .parse()
                .map_err(|_| Message::new("error-integer-format"))?;
            number_in_bounds(item, n as f64)?;
            Ok(n.to_string())
        }
        ItemKind::Decimal => {
            let folded = fold_number(value);
            let n: f64 = folded
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite())
                .filter(|_| {
                    folded
                        .chars()
                        .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
                })
                .ok_or_else(|| Message::new("error-decimal-format"))?;
            number_in_bounds(item, n)?;
            Ok(folded)
        }
        ItemKind::Date => date(item, value),
        ItemKind::Boolean => match value {
            "true" | "false" => Ok(value.to_owned()),
            _ => Err(Message::new("error-select-required")),
        },
        ItemKind::Choice => item
            .options
            .iter()
            .find(|o| o.code == value)
            .map(|o| o.code.clone())
            .ok_or_else(|| Message::new("error-choice-invalid")),
        ItemKind::Attachment => {
            let ok = value.len() <= 128
                && value
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            ok.then(|| value.to_owned())
                .ok_or_else(|| Message::new("error-attachment-invalid"))
        }
    }
}

fn text(item: &FormItem, value: &str, today: Date) -> Result<String, Message> {
    if let Some(max) = item.max_length {
        let actual = value.chars().count();
        if actual > max as usize {
            return Err(Message::new("error-too-long")
                .arg("max", max)
                .arg("actual", actual));
        }
    }
    match item.validator {
        None => Ok(value.to_owned()),
        Some(Validator::ResidentId) => {
            let id = resident_id::normalize(&fold_width(value));
            resident_id::check(&id, today).map_err(|p| match p {
                ResidentIdProblem::Length(n) => Message::new("error-id-length").arg("actual", n),
                ResidentIdProblem::Characters => Message::new("error-id-characters"),
                ResidentIdProblem::Area => Message::new("error-id-area"),
                ResidentIdProblem::BirthDate => Message::new("error-id-birth-date"),
                ResidentIdProblem::CheckDigit => Message::new("error-id-check-digit"),
            })?;
            Ok(id)
        }
        Some(Validator::Mobile) => {
            normalize_mobile(&fold_width(value)).ok_or(Message::new("error-mobile-format"))
        }
        Some(Validator::Postcode) => {
            let code: String = fold_width(value)
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            (code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()))
                .then_some(code)
                .ok_or(Message::new("error-postcode-format"))
        }
        Some(Validator::ChineseName) => chinese_name(value),
    }
}

/// Full-width digits, letters and signs (as typed with a Chinese input method) to ASCII.
pub fn fold_width(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A number as typed: full-width folded, spaces and thousands separators removed.
fn fold_number(value: &str) -> String {
    fold_width(value)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .collect()
}

fn number_in_bounds(item: &FormItem, n: f64) -> Result<(), Message> {
    if let Some(Bound::Number(min)) = item.min {
        if n < min {
            return Err(Message::new("error-number-min").arg("min", min));
        }
    }
    if let Some(Bound::Number(max)) = item.max {
        if n > max {
            return Err(Message::new("error-number-max").arg("max", max));
        }
    }
    Ok(())
}

/// A date typed as `year-month-day` (each part as typed, possibly empty); names the missing or
/// wrong part. Canonical form: `YYYY-MM-DD`.
fn date(item: &FormItem, value: &str) -> Result<String, Message> {
    let folded = fold_width(value);
    let parts: Vec<&str> = folded.split('-').map(str::trim).collect();
    let [year, month, day] = parts.as_slice() else {
        return Err(Message::new("error-date-not-real"));
    };
    for (part, id) in [
        (day, "error-date-missing-day"),
        (month, "error-date-missing-month"),
        (year, "error-date-missing-year"),
    ] {
        if part.is_empty() {
            return Err(Message::new(id));
        }
    }
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !(digits(year) && digits(month) && digits(day)) {
        return Err(Message::new("error-date-not-real"));
    }
    if year.len() != 4 {
        return Err(Message::new("error-date-year-digits"));
    }
    let canonical = format!(
        "{year}-{:0>2}-{:0>2}",
        month.trim_start_matches('0'),
        day.trim_start_matches('0')
    );
    parse_iso_date(&canonical).ok_or(Message::new("error-date-not-real"))?;
    if let Some(Bound::Date(min)) = &item.min {
        if canonical.as_str() < min.as_str() {
            return Err(Message::new("error-date-before").arg("date", min));
        }
    }
    if let Some(Bound::Date(max)) = &item.max {
        if canonical.as_str() > max.as_str() {
            return Err(Message::new("error-date-after").arg("date", max));
        }
    }
    Ok(canonical)
}

/// `YYYY-MM-DD` that names a real day.
pub fn parse_iso_date(s: &str) -> Option<Date> {
    let mut it = s.split('-');
    let (y, m, d) = (it.next()?, it.next()?, it.next()?);
    if it.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let month = Month::try_from(m.parse::<u8>().ok()?).ok()?;
    Date::from_calendar_date(y.parse().ok()?, month, d.parse().ok()?).ok()
}

/// A mainland mobile number as 11 digits; spaces, dashes and a +86 prefix are accepted.
pub fn normalize_mobile(value: &str) -> Option<String> {
    let compact: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    let digits = compact
        .strip_prefix("+86")
        .or_else(|| compact.strip_prefix("0086"))
        .unwrap_or(&compact);
    let ok = digits.len() == 11
        && digits.chars().all(|c| c.is_ascii_digit())
        && digits.starts_with('1')
        && digits
            .chars()
            .nth(1)
            .is_some_and(|c| ('3'..='9').contains(&c));
    ok.then(|| digits.to_owned())
}

fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// A name in Chinese characters. The separating dot of minority and transliterated names
/// (买买提·艾力) is typed many ways; all become U+00B7.
fn chinese_name(value: &str) -> Result<String, Message> {
    let name: String = value
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{2022}' | '\u{30FB}' | '\u{2027}' | '\u{FF0E}' | '\u{FF65}' | '.' | '\u{2219}' => {
                '·'
            }
            c => c,
        })
        .collect();
    if !name.chars().all(|c| is_han(c) || c == '·')
        || name.starts_with('·')
        || name.ends_with('·')
        || name.contains("··")
    {
        return Err(Message::new("error-name-characters"));
    }
    if name.chars().filter(|c| is_han(*c)).count() < 2 {
        return Err(Message::new("error-name-too-short"));
    }
    Ok(name)
}
