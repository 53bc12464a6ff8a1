//! A checked form definition: the Questionnaire profile with every item understood.

use bianmin_api::{
    ElementExtensions, Extension, LocalizedText, Questionnaire, QuestionnaireItem,
    EXT_AUTOCOMPLETE, EXT_ENTRY_FORMAT, EXT_TRANSLATION, EXT_VALIDATOR, EXT_WIDTH,
};
use std::collections::HashSet;

/// Labels longer than this are refused: a definition is data from the network, not a novel.
const MAX_TEXT_CHARS: usize = 2_000;
const MAX_ITEMS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionError {
    #[error("not a Questionnaire: resourceType is {0:?}")]
    NotAQuestionnaire(String),
    #[error("the form has no questions")]
    Empty,
    #[error("the form has more than {MAX_ITEMS} items")]
    TooManyItems,
    #[error("item {link_id:?} has the unknown type {item_type:?}")]
    UnknownType { link_id: String, item_type: String },
    #[error("the linkId {0:?} is used more than once")]
    DuplicateLinkId(String),
    #[error("an item has an empty linkId")]
    EmptyLinkId,
    #[error("item {0:?} has no text")]
    MissingText(String),
    #[error("item {0:?} has a text longer than {MAX_TEXT_CHARS} characters")]
    TextTooLong(String),
    #[error("item {link_id:?} names the unknown validator {validator:?}")]
    UnknownValidator { link_id: String, validator: String },
}

/// The kinds of question the profile supports so far.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    String,
    Text,
}

/// Checks beyond "required" and "maxLength" that an answer must pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// 公民身份号码, GB 11643-1999.
    ResidentId,
    /// A mainland China mobile number.
    Mobile,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormItem {
    pub link_id: String,
    pub kind: ItemKind,
    pub text: LocalizedText,
    pub hint: Option<LocalizedText>,
    pub required: bool,
    pub max_length: Option<u32>,
    pub validator: Option<Validator>,
    pub width: Option<u32>,
    pub autocomplete: Option<String>,
}

/// A Questionnaire that passed every check; its questions in the order they are asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormDefinition {
    pub url: String,
    pub version: String,
    pub title: LocalizedText,
    pub items: Vec<FormItem>,
}

impl FormDefinition {
    pub fn parse(q: &Questionnaire) -> Result<Self, DefinitionError> {
        if q.resource_type != "Questionnaire" {
            return Err(DefinitionError::NotAQuestionnaire(q.resource_type.clone()));
        }
        let mut items = Vec::new();
        let mut seen = HashSet::new();
        collect_items(&q.item, &mut items, &mut seen)?;
        if items.is_empty() {
            return Err(DefinitionError::Empty);
        }
        let title_zh = q.title.clone().unwrap_or_default();
        Ok(Self {
            url: q.url.clone(),
            version: q.version.clone(),
            title: localized(&title_zh, q.title_ext.as_ref()),
            items,
        })
    }

    pub fn item(&self, link_id: &str) -> Option<&FormItem> {
        self.items.iter().find(|i| i.link_id == link_id)
    }
}

/// Groups are flattened: each question is its own page.
fn collect_items(
    source: &[QuestionnaireItem],
    out: &mut Vec<FormItem>,
    seen: &mut HashSet<String>,
) -> Result<(), DefinitionError> {
    for item in source {
        if seen.len() >= MAX_ITEMS {
            return Err(DefinitionError::TooManyItems);
        }
        if item.link_id.trim().is_empty() {
            return Err(DefinitionError::EmptyLinkId);
        }
        if !seen.insert(item.link_id.clone()) {
            return Err(DefinitionError::DuplicateLinkId(item.link_id.clone()));
        }
        let text = item.text.as_deref().unwrap_or_default();
        if text.chars().count() > MAX_TEXT_CHARS {
            return Err(DefinitionError::TextTooLong(item.link_id.clone()));
        }
        let kind = match item.item_type.as_str() {
            "group" => {
                collect_items(&item.item, out, seen)?;
                continue;
            }
            "string" => ItemKind::String,
            "text" => ItemKind::Text,
            other => {
                return Err(DefinitionError::UnknownType {
                    link_id: item.link_id.clone(),
                    item_type: other.to_owned(),
                })
            }
        };
        if text.trim().is_empty() {
            return Err(DefinitionError::MissingText(item.link_id.clone()));
        }
        let validator = match ext_code(&item.extension, EXT_VALIDATOR) {
            None => None,
            Some("resident-id") => Some(Validator::ResidentId),
            Some("mobile") => Some(Validator::Mobile),
            Some(other) => {
                return Err(DefinitionError::UnknownValidator {
                    link_id: item.link_id.clone(),
                    validator: other.to_owned(),
                })
            }
        };
        let hint = item
            .extension
            .iter()
            .find(|e| e.url == EXT_ENTRY_FORMAT)
            .and_then(|e| {
                let zh = e.value_string.as_deref()?;
                Some(localized(
                    zh,
                    Some(&ElementExtensions {
                        extension: e.extension.clone(),
                    }),
                ))
            });
        out.push(FormItem {
            link_id: item.link_id.clone(),
            kind,
            text: localized(text, item.text_ext.as_ref()),
            hint,
            required: item.required.unwrap_or(false),
            max_length: item.max_length,
            validator,
            width: ext_integer(&item.extension, EXT_WIDTH)
                .and_then(|w| u32::try_from(w).ok())
                .filter(|w| (1..=200).contains(w)),
            autocomplete: ext_code(&item.extension, EXT_AUTOCOMPLETE).map(str::to_owned),
        });
    }
    Ok(())
}

fn ext_code<'a>(extensions: &'a [Extension], url: &str) -> Option<&'a str> {
    extensions
        .iter()
        .find(|e| e.url == url)
        .and_then(|e| e.value_code.as_deref())
}

fn ext_integer(extensions: &[Extension], url: &str) -> Option<i64> {
    extensions
        .iter()
        .find(|e| e.url == url)
        .and_then(|e| e.value_integer)
}

/// The zh-CN text with its en-US translation from the FHIR translation extension (falling back
/// to the Chinese when no translation is given).
fn localized(zh: &str, ext: Option<&ElementExtensions>) -> LocalizedText {
    let en = ext
        .into_iter()
        .flat_map(|e| e.extension.iter())
        .filter(|e| e.url == EXT_TRANSLATION)
        .find(|t| {
            t.extension
                .iter()
                .any(|p| p.url == "lang" && p.value_code.as_deref() == Some("en-US"))
        })
        .and_then(|t| {
            t.extension
                .iter()
                .find(|p| p.url == "content")
                .and_then(|p| p.value_string.clone())
        });
    LocalizedText::new(zh, en.unwrap_or_else(|| zh.to_owned()))
}
