//! Between typed FHIR values and the canonical texts the engine, the store and the UI use:
//! option codes, `true`/`false`, `YYYY-MM-DD`, numbers as written, attachment ids.

use crate::definition::ItemKind;
use bianmin_api::{Coding, Value};

/// The canonical text of a wire value for an item of `kind`; None when it does not fit the kind.
pub fn text_of(kind: ItemKind, v: &Value) -> Option<String> {
    match kind {
        ItemKind::Display => None,
        ItemKind::String | ItemKind::Text | ItemKind::Attachment => v.value_string.clone(),
        ItemKind::Integer => v.value_integer.map(|i| i.to_string()),
        ItemKind::Decimal => v
            .value_decimal
            .filter(|d| d.is_finite())
            .map(|d| d.to_string())
            .or_else(|| v.value_integer.map(|i| i.to_string())),
        ItemKind::Date => v
            .value_date
            .clone()
            .filter(|d| crate::validate::parse_iso_date(d).is_some()),
        ItemKind::Boolean => v.value_boolean.map(|b| b.to_string()),
        ItemKind::Choice | ItemKind::OpenChoice => v
            .value_coding
            .as_ref()
            .map(|c| c.code.clone())
            .or_else(|| v.value_string.clone()),
    }
}

/// The wire value of a canonical text (already validated) for an item of `kind`.
pub fn value_of(kind: ItemKind, text: &str, option_codes: &[&str]) -> Value {
    let mut v = Value::default();
    match kind {
        ItemKind::Display => {}
        ItemKind::String | ItemKind::Text | ItemKind::Attachment => {
            v.value_string = Some(text.to_owned())
        }
        ItemKind::Integer => v.value_integer = text.parse().ok(),
        ItemKind::Decimal => v.value_decimal = text.parse().ok(),
        ItemKind::Date => v.value_date = Some(text.to_owned()),
        ItemKind::Boolean => v.value_boolean = Some(text == "true"),
        ItemKind::Choice | ItemKind::OpenChoice if option_codes.contains(&text) => {
            v.value_coding = Some(Coding {
                code: text.to_owned(),
                ..Coding::default()
            })
        }
        ItemKind::Choice | ItemKind::OpenChoice => v.value_string = Some(text.to_owned()),
    }
    v
}
