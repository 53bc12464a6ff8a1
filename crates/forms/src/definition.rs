//! A checked form definition: the Questionnaire profile with every item understood, or a
//! [`DefinitionError`] that names the problem. Groups are flattened (one question per page); a
//! group's own `enableWhen` becomes a gate on each of its questions.

use crate::enable::{self, Condition, Gate, Operator};
use crate::text::{localized, localized_ext};
use bianmin_api::{
    AnswerOption, Extension, LocalizedText, Questionnaire, QuestionnaireItem, EXT_AUTOCOMPLETE,
    EXT_ENTRY_FORMAT, EXT_MATERIAL, EXT_MAX_OCCURS, EXT_MAX_VALUE, EXT_MIN_VALUE, EXT_PREFILL,
    EXT_VALIDATOR, EXT_WIDTH,
};
use std::collections::HashSet;

/// Labels longer than this are refused: a definition is data from the network, not a novel.
pub const MAX_TEXT_CHARS: usize = 2_000;
pub const MAX_ITEMS: usize = 500;
pub const MAX_DEPTH: usize = 8;
pub const MAX_OPTIONS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DefinitionError {
    #[error("not a Questionnaire: resourceType is {0:?}")]
    NotAQuestionnaire(String),
    #[error("the form has no questions")]
    Empty,
    #[error("the form has more than {MAX_ITEMS} items")]
    TooManyItems,
    #[error("groups are nested more than {MAX_DEPTH} deep")]
    TooDeep,
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
    #[error("choice item {0:?} has no answerOption")]
    NoOptions(String),
    #[error("item {0:?} has more than {MAX_OPTIONS} options, or an option without a code")]
    BadOptions(String),
    #[error("item {link_id:?}: enableWhen refers to the missing linkId {question:?}")]
    MissingEnableWhenTarget { link_id: String, question: String },
    #[error("item {link_id:?}: enableWhen has the unknown operator {operator:?}")]
    UnknownOperator { link_id: String, operator: String },
    #[error("item {link_id:?}: an enableWhen has no answer value, or one of the wrong kind")]
    BadEnableWhenAnswer { link_id: String },
    #[error("item {link_id:?}: enableBehavior must be \"all\" or \"any\", not {behavior:?}")]
    BadEnableBehavior { link_id: String, behavior: String },
    #[error("enableWhen conditions form a cycle through {0:?}")]
    EnableWhenCycle(String),
    #[error("item {link_id:?}: {what} is not valid for its type")]
    BadValue { link_id: String, what: &'static str },
}

/// The kinds of question of the profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// Information only: a page with text and Continue.
    Display,
    String,
    Text,
    Integer,
    Decimal,
    /// Answered as day / month / year, stored as `YYYY-MM-DD`.
    Date,
    /// Yes or no, stored as `true` / `false`.
    Boolean,
    /// One of the options (or several when the item repeats), stored as option codes.
    Choice,
    /// An option code, or the resident's own words.
    OpenChoice,
    /// A document (材料), stored as an attachment id.
    Attachment,
}

impl ItemKind {
    fn parse(code: &str) -> Option<Self> {
        Some(match code {
            "display" => Self::Display,
            "string" => Self::String,
            "text" => Self::Text,
            "integer" => Self::Integer,
            "decimal" => Self::Decimal,
            "date" => Self::Date,
            "boolean" => Self::Boolean,
            "choice" => Self::Choice,
            "open-choice" => Self::OpenChoice,
            "attachment" => Self::Attachment,
            _ => return None,
        })
    }
}

/// Checks beyond the item's type that an answer must pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// 公民身份号码, GB 11643-1999.
    ResidentId,
    /// A mainland China mobile number.
    Mobile,
    /// A person's name in Chinese characters, with the middle dot of minority and foreign names.
    ChineseName,
    /// A 6-digit postcode (邮政编码).
    Postcode,
}

/// A bound on a number or a date, kept as canonical text of the item's kind.
#[derive(Debug, Clone, PartialEq)]
pub enum Bound {
    Number(f64),
    Date(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceOption {
    pub code: String,
    pub text: LocalizedText,
}

#[derive(Debug, Clone, PartialEq)]
pub struct FormItem {
    pub link_id: String,
    pub kind: ItemKind,
    pub text: LocalizedText,
    pub hint: Option<LocalizedText>,
    /// The text of the group this question belongs to, shown as a caption.
    pub section: Option<LocalizedText>,
    pub required: bool,
    pub repeats: bool,
    /// At most this many answers (FHIR `questionnaire-maxOccurs`), when fewer than
    /// [`crate::MAX_REPEATS`]; only on a repeating question.
    pub max_answers: Option<usize>,
    pub max_length: Option<u32>,
    pub min: Option<Bound>,
    pub max: Option<Bound>,
    pub validator: Option<Validator>,
    pub width: Option<u32>,
    pub autocomplete: Option<String>,
    pub prefill: Option<String>,
    pub material: Option<String>,
    pub options: Vec<ChoiceOption>,
    /// Canonical texts of the `initial` values (or `initialSelected` options).
    pub initial: Vec<String>,
    /// Every gate must open for the item to be asked: its own enableWhen and its groups'.
    pub gates: Vec<Gate>,
}

impl FormItem {
    /// The most answers this question takes: 1, or for a repeating question its `maxOccurs`
    /// (else [`crate::MAX_REPEATS`]).
    pub fn most_answers(&self) -> usize {
        match (self.repeats, self.max_answers) {
            (false, _) => 1,
            (true, Some(max)) => max,
            (true, None) => crate::MAX_REPEATS,
        }
    }
}

/// A Questionnaire that passed every check; its questions in the order they are asked.
#[derive(Debug, Clone, PartialEq)]
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
        let mut builder = Builder::default();
        builder.collect(&q.item, &[], None, 0)?;
        let items = builder.items;
        if items.iter().all(|i| i.kind == ItemKind::Display) {
            return Err(DefinitionError::Empty);
        }
        // Every enableWhen must name an answerable item, of a kind its answer value fits.
        for item in &items {
            for condition in item.gates.iter().flat_map(|g| &g.conditions) {
                let target = items
                    .iter()
                    .find(|i| i.link_id == condition.question)
                    .filter(|i| i.kind != ItemKind::Display)
                    .ok_or_else(|| DefinitionError::MissingEnableWhenTarget {
                        link_id: item.link_id.clone(),
                        question: condition.question.clone(),
                    })?;
                if !enable::fits(condition, target.kind) {
                    return Err(DefinitionError::BadEnableWhenAnswer {
                        link_id: item.link_id.clone(),
                    });
                }
            }
        }
        enable::check_acyclic(&items)?;
        let title = q.title.clone().unwrap_or_default();
        Ok(Self {
            url: q.url.clone(),
            version: q.version.clone(),
            title: localized(&title, q.title_ext.as_ref()),
            items,
        })
    }

    pub fn item(&self, link_id: &str) -> Option<&FormItem> {
        self.items.iter().find(|i| i.link_id == link_id)
    }
}

#[derive(Default)]
struct Builder {
    items: Vec<FormItem>,
    seen: HashSet<String>,
}

impl Builder {
    fn collect(
        &mut self,
        source: &[QuestionnaireItem],
        gates: &[Gate],
        section: Option<&LocalizedText>,
        depth: usize,
    ) -> Result<(), DefinitionError> {
        if depth > MAX_DEPTH {
            return Err(DefinitionError::TooDeep);
        }
        for item in source {
            if self.seen.len() >= MAX_ITEMS {
                return Err(DefinitionError::TooManyItems);
            }
            let link_id = item.link_id.clone();
            if link_id.trim().is_empty() {
                return Err(DefinitionError::EmptyLinkId);
            }
            if !self.seen.insert(link_id.clone()) {
                return Err(DefinitionError::DuplicateLinkId(link_id));
            }
            let text = item.text.as_deref().unwrap_or_default();
            if text.chars().count() > MAX_TEXT_CHARS {
                return Err(DefinitionError::TextTooLong(link_id));
            }
            let mut item_gates = gates.to_vec();
            if let Some(gate) = gate_of(item)? {
                item_gates.push(gate);
            }
            if item.item_type == "group" {
                let caption =
                    (!text.trim().is_empty()).then(|| localized(text, item.text_ext.as_ref()));
                self.collect(
                    &item.item,
                    &item_gates,
                    caption.as_ref().or(section),
                    depth + 1,
                )?;
                continue;
            }
            let kind =
                ItemKind::parse(&item.item_type).ok_or_else(|| DefinitionError::UnknownType {
                    link_id: link_id.clone(),
                    item_type: item.item_type.clone(),
                })?;
            if text.trim().is_empty() {
                return Err(DefinitionError::MissingText(link_id));
            }
            let form_item = self.item(item, kind, item_gates, section)?;
            self.items.push(form_item);
            // FHIR allows questions nested under questions; they are asked after their parent.
            if !item.item.is_empty() {
                let gates = self
                    .items
                    .last()
                    .map(|i| i.gates.clone())
                    .unwrap_or_default();
                self.collect(&item.item, &gates, section, depth + 1)?;
            }
        }
        Ok(())
    }

    fn item(
        &self,
        item: &QuestionnaireItem,
        kind: ItemKind,
        gates: Vec<Gate>,
        section: Option<&LocalizedText>,
    ) -> Result<FormItem, DefinitionError> {
        let link_id = item.link_id.clone();
        let validator =
            match ext(&item.extension, EXT_VALIDATOR).and_then(|e| e.value_code.as_deref()) {
                None => None,
                Some("resident-id") => Some(Validator::ResidentId),
                Some("mobile") => Some(Validator::Mobile),
                Some("chinese-name") => Some(Validator::ChineseName),
                Some("postcode") => Some(Validator::Postcode),
                Some(other) => {
                    return Err(DefinitionError::UnknownValidator {
                        link_id,
                        validator: other.to_owned(),
                    })
                }
            };
        let hint = ext(&item.extension, EXT_ENTRY_FORMAT)
            .and_then(|e| Some(localized_ext(e.value_string.as_deref()?, &e.extension)));
        let options = options(item, kind)?;
        let bound = |url: &str, what: &'static str| -> Result<Option<Bound>, DefinitionError> {
            let Some(e) = ext(&item.extension, url) else {
                return Ok(None);
            };
            let bound = match (
                kind,
                e.value_integer,
                e.value_decimal,
                e.value_date.as_deref(),
            ) {
                (ItemKind::Integer | ItemKind::Decimal, Some(i), _, _) => Bound::Number(i as f64),
                (ItemKind::Integer | ItemKind::Decimal, None, Some(d), _) if d.is_finite() => {
                    Bound::Number(d)
                }
                (ItemKind::Date, _, _, Some(d)) if crate::validate::parse_iso_date(d).is_some() => {
                    Bound::Date(d.to_owned())
                }
                _ => {
                    return Err(DefinitionError::BadValue {
                        link_id: item.link_id.clone(),
                        what,
                    })
                }
            };
            Ok(Some(bound))
        };
        let initial = initial_values(item, kind, &options)?;
        Ok(FormItem {
            kind,
            text: localized(
                item.text.as_deref().unwrap_or_default(),
                item.text_ext.as_ref(),
            ),
            hint,
            section: section.cloned(),
            required: item.required.unwrap_or(false) && kind != ItemKind::Display,
            repeats: item.repeats.unwrap_or(false),
            max_answers: ext(&item.extension, EXT_MAX_OCCURS)
                .and_then(|e| e.value_integer)
                .and_then(|n| usize::try_from(n).ok())
                .filter(|n| (1..crate::MAX_REPEATS).contains(n) && item.repeats == Some(true)),
            max_length: item.max_length,
            min: bound(EXT_MIN_VALUE, "minValue")?,
            max: bound(EXT_MAX_VALUE, "maxValue")?,
            validator,
            width: ext(&item.extension, EXT_WIDTH)
                .and_then(|e| e.value_integer)
                .and_then(|w| u32::try_from(w).ok())
                .filter(|w| (1..=200).contains(w)),
            autocomplete: ext_code(&item.extension, EXT_AUTOCOMPLETE),
            prefill: ext_code(&item.extension, EXT_PREFILL),
            material: ext_code(&item.extension, EXT_MATERIAL),
            options,
            initial,
            gates,
            link_id,
        })
    }
}

fn ext<'a>(extensions: &'a [Extension], url: &str) -> Option<&'a Extension> {
    extensions.iter().find(|e| e.url == url)
}

fn ext_code(extensions: &[Extension], url: &str) -> Option<String> {
    ext(extensions, url).and_then(|e| e.value_code.clone())
}

fn options(item: &QuestionnaireItem, kind: ItemKind) -> Result<Vec<ChoiceOption>, DefinitionError> {
    let is_choice = matches!(kind, ItemKind::Choice | ItemKind::OpenChoice);
    if !is_choice {
        return Ok(Vec::new());
    }
    if item.answer_option.is_empty() {
        return Err(DefinitionError::NoOptions(item.link_id.clone()));
    }
    if item.answer_option.len() > MAX_OPTIONS {
        return Err(DefinitionError::BadOptions(item.link_id.clone()));
    }
    let mut codes = HashSet::new();
    item.answer_option
        .iter()
        .map(|option: &AnswerOption| {
            let (code, text) = match (&option.value.value_coding, &option.value.value_string) {
                (Some(c), _) if !c.code.trim().is_empty() => {
                    let display = c.display.as_deref().unwrap_or(&c.code);
                    (c.code.clone(), localized(display, c.display_ext.as_ref()))
                }
                (None, Some(s)) if !s.trim().is_empty() => (s.clone(), LocalizedText::new(s, s)),
                _ => return Err(DefinitionError::BadOptions(item.link_id.clone())),
            };
            if !codes.insert(code.clone()) || text.zh_cn.chars().count() > MAX_TEXT_CHARS {
                return Err(DefinitionError::BadOptions(item.link_id.clone()));
            }
            Ok(ChoiceOption { code, text })
        })
        .collect()
}

fn initial_values(
    item: &QuestionnaireItem,
    kind: ItemKind,
    options: &[ChoiceOption],
) -> Result<Vec<String>, DefinitionError> {
    let mut values: Vec<String> = item
        .initial
        .iter()
        .map(|v| crate::value::text_of(kind, v).ok_or(()))
        .collect::<Result<_, _>>()
        .map_err(|()| DefinitionError::BadValue {
            link_id: item.link_id.clone(),
            what: "initial",
        })?;
    values.extend(
        item.answer_option
            .iter()
            .zip(options)
            .filter(|(o, _)| o.initial_selected == Some(true))
            .map(|(_, o)| o.code.clone()),
    );
    Ok(values)
}

/// The item's own enableWhen as a gate.
fn gate_of(item: &QuestionnaireItem) -> Result<Option<Gate>, DefinitionError> {
    if item.enable_when.is_empty() {
        return Ok(None);
    }
    let any = match item.enable_behavior.as_deref() {
        None | Some("all") => false,
        Some("any") => true,
        Some(other) => {
            return Err(DefinitionError::BadEnableBehavior {
                link_id: item.link_id.clone(),
                behavior: other.to_owned(),
            })
        }
    };
    let conditions = item
        .enable_when
        .iter()
        .map(|w| {
            let operator =
                Operator::parse(&w.operator).ok_or_else(|| DefinitionError::UnknownOperator {
                    link_id: item.link_id.clone(),
                    operator: w.operator.clone(),
                })?;
            let answer = enable::answer_of(w, operator).ok_or_else(|| {
                DefinitionError::BadEnableWhenAnswer {
                    link_id: item.link_id.clone(),
                }
            })?;
            if w.question == item.link_id {
                return Err(DefinitionError::EnableWhenCycle(item.link_id.clone()));
            }
            Ok(Condition {
                question: w.question.clone(),
                operator,
                answer,
            })
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Some(Gate { conditions, any }))
}
