//! Judging answers: one answer as it is typed, or a whole response at submission.

use crate::definition::{FormDefinition, FormItem, Validator};
use crate::resident_id::{self, ResidentIdProblem};
use bianmin_api::{FieldError, Message, QuestionnaireResponse};
use time::Date;

/// Checks one typed answer. Ok carries the canonical form to store and submit.
pub fn validate_answer(item: &FormItem, raw: &str, today: Date) -> Result<String, Message> {
    let value = raw.trim();
    if value.is_empty() {
        return if item.required {
            Err(Message::new("error-required"))
        } else {
            Ok(String::new())
        };
    }
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
            let id = resident_id::normalize(value);
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
            normalize_mobile(value).ok_or(Message::new("error-mobile-format"))
        }
    }
}

/// A mainland mobile number as 11 digits; spaces, dashes and a +86 prefix are accepted.
fn normalize_mobile(value: &str) -> Option<String> {
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

/// Every problem of a submitted response, in question order; empty when it may be accepted.
pub fn validate_response(
    form: &FormDefinition,
    response: &QuestionnaireResponse,
    today: Date,
) -> Vec<FieldError> {
    form.items
        .iter()
        .filter_map(|item| {
            let raw = response.answer_text(&item.link_id).unwrap_or_default();
            validate_answer(item, raw, today)
                .err()
                .map(|message| FieldError {
                    link_id: item.link_id.clone(),
                    message,
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::definition::ItemKind;
    use bianmin_api::LocalizedText;
    use time::macros::date;

    fn item(validator: Option<Validator>, required: bool, max_length: Option<u32>) -> FormItem {
        FormItem {
            link_id: "q".into(),
            kind: ItemKind::String,
            text: LocalizedText::new("问题", "Question"),
            hint: None,
            required,
            max_length,
            validator,
            width: None,
            autocomplete: None,
        }
    }

    fn check(item: &FormItem, raw: &str, expected: Result<&str, &str>) {
        let got = validate_answer(item, raw, date!(2026 - 11 - 29));
        match (got, expected) {
            (Ok(v), Ok(e)) => assert_eq!(v, e, "{raw:?}"),
            (Err(m), Err(e)) => assert_eq!(m.id, e, "{raw:?}"),
            (got, expected) => panic!("{raw:?}: got {got:?}, expected {expected:?}"),
        }
    }

    #[test]
    fn required_and_length() {
        let required = item(None, true, Some(4));
        check(&required, "", Err("error-required"));
        check(&required, "   ", Err("error-required"));
        check(&required, " 张三 ", Ok("张三"));
        check(&required, "欧阳·娜娜", Err("error-too-long"));
        check(&item(None, false, None), "", Ok(""));
    }

    #[test]
    fn too_long_names_both_numbers() {
        let m =
            validate_answer(&item(None, true, Some(2)), "abc", date!(2026 - 01 - 01)).unwrap_err();
        assert_eq!(m.args.get("max").map(String::as_str), Some("2"));
        assert_eq!(m.args.get("actual").map(String::as_str), Some("3"));
    }

    #[test]
    fn resident_id_is_normalized_or_its_problem_named() {
        let id = item(Some(Validator::ResidentId), true, None);
        check(&id, "11010519491231002x", Ok("11010519491231002X"));
        check(&id, "110105 1949 1231 002X", Ok("11010519491231002X"));
        check(&id, "110105194912310021", Err("error-id-check-digit"));
        check(&id, "1101051949", Err("error-id-length"));
        check(&id, "9901051949123100 2X", Err("error-id-area"));
    }

    #[test]
    fn mobile_numbers() {
        let m = item(Some(Validator::Mobile), true, None);
        check(&m, "13800138000", Ok("13800138000"));
        check(&m, "138 0013 8000", Ok("13800138000"));
        check(&m, "+86 138-0013-8000", Ok("13800138000"));
        check(&m, "12800138000", Err("error-mobile-format"));
        check(&m, "1380013800", Err("error-mobile-format"));
        check(&m, "010-12345678", Err("error-mobile-format"));
    }
}
