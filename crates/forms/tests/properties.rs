#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Properties that must hold for any input: the engine never panics, and a canonical answer is
//! accepted again unchanged (so saving twice never changes what was saved).

use bianmin_api::Questionnaire;
use bianmin_forms::{resident_id, validate_answer, FormDefinition};
use proptest::prelude::*;
use serde_json::json;
use time::macros::date;

const KINDS: &[&str] = &[
    "string",
    "text",
    "integer",
    "decimal",
    "date",
    "boolean",
    "choice",
    "open-choice",
    "attachment",
    "display",
    "group",
    "quantity",
];
const VALIDATORS: &[&str] = &["resident-id", "mobile", "chinese-name", "postcode"];

fn item_strategy() -> impl Strategy<Value = serde_json::Value> {
    (
        0..KINDS.len(),
        "[a-c]{1,2}",
        proptest::option::of(0..VALIDATORS.len()),
        proptest::bool::ANY,
        proptest::option::of(("[a-c]{1,2}", 0usize..4)),
    )
        .prop_map(|(kind, link, validator, required, when)| {
            let mut item = json!({
                "linkId": link, "text": "问题", "type": KINDS[kind], "required": required,
                "answerOption": [{"valueCoding": {"code": "a"}}, {"valueString": "b"}]
            });
            if let Some(v) = validator {
                item["extension"] = json!([{"url": "https://bianmin.example/fhir/StructureDefinition/validator", "valueCode": VALIDATORS[v]}]);
            }
            if let Some((q, op)) = when {
                let operator = ["exists", "=", ">", "!="][op];
                item["enableWhen"] = json!([{"question": q, "operator": operator, "answerBoolean": true}]);
            }
            item
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn parsing_any_definition_never_panics(items in proptest::collection::vec(item_strategy(), 0..8)) {
        let q: Questionnaire = serde_json::from_value(json!({
            "resourceType": "Questionnaire", "url": "u", "version": "1", "status": "active", "item": items
        })).unwrap();
        let _ = FormDefinition::parse(&q);
    }

    #[test]
    fn any_answer_is_judged_without_panic_and_canonical_answers_are_fixed_points(
        item in item_strategy(),
        raw in proptest::collection::vec("\\PC{0,24}", 0..3),
    ) {
        let q: Questionnaire = serde_json::from_value(json!({
            "resourceType": "Questionnaire", "url": "u", "version": "1", "status": "active", "item": [item]
        })).unwrap();
        if let Ok(form) = FormDefinition::parse(&q) {
            for item in &form.items {
                let today = date!(2026 - 11 - 29);
                if let Ok(canonical) = validate_answer(item, &raw, today) {
                    prop_assert_eq!(validate_answer(item, &canonical, today), Ok(canonical.clone()));
                }
            }
        }
    }

    #[test]
    fn a_resident_id_with_its_computed_check_character_is_valid(
        area in prop::sample::select(vec!["110105", "310115", "440305", "650102"]),
        days in 0i32..40_000,
        seq in 0u32..1000,
    ) {
        let birth = date!(1910 - 01 - 01) + time::Duration::days(days.into());
        prop_assume!(birth <= date!(2026 - 11 - 29));
        let first17 = format!("{area}{:04}{:02}{:02}{seq:03}", birth.year(), u8::from(birth.month()), birth.day());
        let mut digits = [0u8; 17];
        for (d, c) in digits.iter_mut().zip(first17.chars()) {
            *d = c.to_digit(10).unwrap() as u8;
        }
        let id = format!("{first17}{}", resident_id::check_char(&digits));
        prop_assert_eq!(resident_id::check(&id, date!(2026 - 11 - 29)), Ok(()));
    }
}
