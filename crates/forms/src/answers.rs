//! Whole sets of answers: which are asked, whether they may be submitted, and the
//! QuestionnaireResponse that carries them (answers to questions not asked are left out).

use crate::definition::{FormDefinition, ItemKind};
use crate::enable::enabled_items;
use crate::validate::validate_answer;
use crate::value::{text_of, value_of};
use crate::Answers;
use bianmin_api::{FieldError, QuestionnaireResponse, ResponseItem};
use time::Date;

/// The linkIds of the questions asked, in order, given the answers so far.
pub fn asked(form: &FormDefinition, answers: &Answers) -> Vec<String> {
    let enabled = enabled_items(&form.items, answers);
    form.items
        .iter()
        .filter(|i| enabled.get(&i.link_id).copied().unwrap_or(false))
        .map(|i| i.link_id.clone())
        .collect()
}

/// Every problem of the answers to the questions asked, in question order.
pub fn validate_answers(form: &FormDefinition, answers: &Answers, today: Date) -> Vec<FieldError> {
    let asked = asked(form, answers);
    form.items
        .iter()
        .filter(|i| asked.contains(&i.link_id))
        .filter_map(|item| {
            let given = answers
                .get(&item.link_id)
                .map(Vec::as_slice)
                .unwrap_or_default();
            validate_answer(item, given, today)
                .err()
                .map(|message| FieldError {
                    link_id: item.link_id.clone(),
                    message,
                })
        })
        .collect()
}

/// The response to submit: canonical answers of the questions asked, typed as FHIR values.
pub fn to_response(form: &FormDefinition, answers: &Answers, today: Date) -> QuestionnaireResponse {
    let asked = asked(form, answers);
    let item = form
        .items
        .iter()
        .filter(|i| i.kind != ItemKind::Display && asked.contains(&i.link_id))
        .filter_map(|i| {
            let given = answers.get(&i.link_id)?;
            let canonical = validate_answer(i, given, today).ok()?;
            let codes: Vec<&str> = i.options.iter().map(|o| o.code.as_str()).collect();
            (!canonical.is_empty()).then(|| ResponseItem {
                link_id: i.link_id.clone(),
                answer: canonical
                    .iter()
                    .map(|t| value_of(i.kind, t, &codes))
                    .collect(),
            })
        })
        .collect();
    QuestionnaireResponse {
        resource_type: "QuestionnaireResponse".to_owned(),
        questionnaire: format!("{}|{}", form.url, form.version),
        status: "completed".to_owned(),
        item,
    }
}

/// The answers a response carries, as canonical texts (values that do not fit their item's kind
/// are kept as nothing, and so fail "required" where it applies).
pub fn answers_of(form: &FormDefinition, response: &QuestionnaireResponse) -> Answers {
    response
        .item
        .iter()
        .filter_map(|r| {
            let item = form.item(&r.link_id)?;
            let texts: Vec<String> = r
                .answer
                .iter()
                .filter_map(|v| text_of(item.kind, v))
                .collect();
            Some((r.link_id.clone(), texts))
        })
        .collect()
}

/// Judges a submitted response as the app judged it before sending: answers to questions that
/// are not asked are refused, so nothing hidden is accepted.
pub fn validate_response(
    form: &FormDefinition,
    response: &QuestionnaireResponse,
    today: Date,
) -> Vec<FieldError> {
    let answers = answers_of(form, response);
    let mut problems = validate_answers(form, &answers, today);
    let asked = asked(form, &answers);
    for r in &response.item {
        if !asked.contains(&r.link_id) && !r.answer.is_empty() {
            problems.push(FieldError {
                link_id: r.link_id.clone(),
                message: bianmin_api::Message::new("error-not-asked"),
            });
        }
    }
    problems
}
