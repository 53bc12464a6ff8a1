//! Form definitions and answers on the wire: a restricted profile of HL7 FHIR `Questionnaire` and
//! `QuestionnaireResponse` (R4/R5 JSON). Only the wire shape lives here; what the fields mean and
//! whether a definition is acceptable is decided by `bianmin-forms`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The FHIR translation extension (on `_text`, `_title`).
pub const EXT_TRANSLATION: &str = "http://hl7.org/fhir/StructureDefinition/translation";
/// The FHIR SDC entry-format extension: a hint shown with the question.
pub const EXT_ENTRY_FORMAT: &str = "http://hl7.org/fhir/StructureDefinition/entryFormat";
/// Our extension: the validator an answer must pass (`valueCode`: `resident-id`, `mobile`).
pub const EXT_VALIDATOR: &str = "https://bianmin.example/fhir/StructureDefinition/validator";
/// Our extension: the expected answer width in characters (`valueInteger`), to size the input.
pub const EXT_WIDTH: &str = "https://bianmin.example/fhir/StructureDefinition/width";
/// Our extension: the HTML autocomplete token (`valueCode`: `name`, `tel`, …).
pub const EXT_AUTOCOMPLETE: &str = "https://bianmin.example/fhir/StructureDefinition/autocomplete";
/// Our extension: the profile field that prefills the answer (`valueCode`, e.g. `name`).
pub const EXT_PREFILL: &str = "https://bianmin.example/fhir/StructureDefinition/prefill";
/// Our extension: the material (材料) code an attachment answers (`valueCode`).
pub const EXT_MATERIAL: &str = "https://bianmin.example/fhir/StructureDefinition/material";
/// FHIR core extensions bounding a number or a date (`valueInteger`, `valueDecimal`, `valueDate`).
pub const EXT_MIN_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/minValue";
pub const EXT_MAX_VALUE: &str = "http://hl7.org/fhir/StructureDefinition/maxValue";
/// FHIR core extension: at most this many answers to a repeating question (`valueInteger`).
pub const EXT_MAX_OCCURS: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs";

/// A FHIR extension; only the value kinds the profile uses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Extension {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_string: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_integer: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_decimal: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_date: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub extension: Vec<Extension>,
}

/// The FHIR "primitive extension" element, e.g. `_text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, ToSchema)]
pub struct ElementExtensions {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Questionnaire {
    pub resource_type: String,
    pub url: String,
    pub version: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default, rename = "_title", skip_serializing_if = "Option::is_none")]
    pub title_ext: Option<ElementExtensions>,
    /// `draft | active | retired`
    pub status: String,
    #[serde(default)]
    pub item: Vec<QuestionnaireItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireItem {
    pub link_id: String,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default, rename = "_text", skip_serializing_if = "Option::is_none")]
    pub text_ext: Option<ElementExtensions>,
    /// The FHIR item type code, kept as text so an unknown one can be named in an error.
    #[serde(rename = "type")]
    pub item_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeats: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub answer_option: Vec<AnswerOption>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub initial: Vec<Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enable_when: Vec<EnableWhen>,
    /// `all | any`; required by FHIR when there is more than one `enableWhen`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_behavior: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(no_recursion)]
    pub item: Vec<QuestionnaireItem>,
}

/// A FHIR Coding: a code from a code system, with its display text (and translations).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Coding {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system: Option<String>,
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    #[serde(default, rename = "_display", skip_serializing_if = "Option::is_none")]
    pub display_ext: Option<ElementExtensions>,
}

/// One choice of a `choice` or `open-choice` item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AnswerOption {
    #[serde(flatten)]
    pub value: Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub initial_selected: Option<bool>,
}

/// A typed FHIR value, as in `initial`, `answerOption` and `answer` (`value[x]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Value {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_string: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_boolean: Option<bool>,
    /// A JSON integer; `3.0` is the same integer (JSON Schema's `integer` includes it).
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "integral"
    )]
    pub value_integer: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_decimal: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_coding: Option<Coding>,
}

/// A condition on another question's answer (`enableWhen`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct EnableWhen {
    pub question: String,
    /// `exists | = | != | > | < | >= | <=`
    pub operator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_boolean: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_integer: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_decimal: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_string: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer_coding: Option<Coding>,
}

/// Answers to a Questionnaire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireResponse {
    pub resource_type: String,
    /// Canonical reference `url|version` of the Questionnaire answered.
    pub questionnaire: String,
    /// `in-progress | completed`
    pub status: String,
    #[serde(default)]
    pub item: Vec<ResponseItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ResponseItem {
    pub link_id: String,
    #[serde(default)]
    pub answer: Vec<Answer>,
}

/// One answer: exactly one `value[x]` is set.
pub type Answer = Value;

impl QuestionnaireResponse {
    /// A completed response from `(linkId, text)` pairs, in the given order.
    pub fn completed<'a>(
        url: &str,
        version: &str,
        answers: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> Self {
        Self {
            resource_type: "QuestionnaireResponse".to_owned(),
            questionnaire: format!("{url}|{version}"),
            status: "completed".to_owned(),
            item: answers
                .into_iter()
                .map(|(link_id, value)| ResponseItem {
                    link_id: link_id.to_owned(),
                    answer: vec![Answer {
                        value_string: Some(value.to_owned()),
                        ..Answer::default()
                    }],
                })
                .collect(),
        }
    }

    /// The text answer given to `link_id`, if any.
    pub fn answer_text(&self, link_id: &str) -> Option<&str> {
        self.item
            .iter()
            .find(|i| i.link_id == link_id)
            .and_then(|i| i.answer.first())
            .and_then(|a| a.value_string.as_deref())
    }
}

/// An optional i64 that may be written as an integral float (`3.0`), as JSON Schema's `integer`
/// allows: the server must not refuse as unreadable what the OpenAPI document calls valid.
fn integral<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    use serde::de::{Error, Unexpected};
    const LIMIT: f64 = 9_223_372_036_854_775_808.0; // 2^63
    match Option::<serde_json::Number>::deserialize(d)? {
        None => Ok(None),
        Some(n) => {
            if let Some(i) = n.as_i64() {
                return Ok(Some(i));
            }
            match n.as_f64() {
                #[allow(clippy::cast_possible_truncation)] // integral and in range: exact
                Some(f) if f.fract() == 0.0 && (-LIMIT..LIMIT).contains(&f) => Ok(Some(f as i64)),
                Some(f) => Err(D::Error::invalid_type(Unexpected::Float(f), &"an integer")),
                None => Err(D::Error::custom("an integer out of range")),
            }
        }
    }
}
