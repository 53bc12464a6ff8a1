//! Supplements (补正): a case's request for more material answered in the app.
//!
//! A supplement is a draft like an application's (answers sealed, files attached through
//! `attach.rs`, its party, its own id as the `Idempotency-Key`), whose form is built here from the
//! request: one attachment question per material asked for, its name as the question and the
//! back office's reason as the hint. The UI walks it with the same question and check pages.
//! `submit_supplement` puts `POST /v1/applications/{caseNumber}/supplements` in the outbox, which
//! uploads the files resumably and sends it exactly once like an application (`outbox.rs`).
//!
//! Invariants: a supplement answers one request (`supplement_seq`, the `seq` of its
//! `needs-material` event); its form is rebuilt from the cached feed, which is append-only, so it
//! never changes under the draft; it is never listed among the resident's applications. A request
//! that also names a `supplementForm` (questions the department asks) gets that form's questions
//! first, copied as they are, then the documents; the form itself is fetched when the supplement
//! starts and kept in the form cache, so the draft is filled in and sent offline like any other,
//! and `response` carries the answers to the form's own questions under its url and version.

use crate::app::{outbox_view, Bianmin};
use crate::cases::refresh_one;
use crate::error::CoreError;
use crate::store::{Enqueued, NewDraft, OutboxKind, SupplementOf, REASON_INVALID_ANSWERS};
use crate::view::{CaseView, Draft, OutboxState, SupplementStatus};
use bianmin_api::{
    CaseEventDetail, CaseStatus, FormRef, LocalizedText, Questionnaire, RequestedMaterial,
    SupplementRequest, SupplementUpload, EXT_ENTRY_FORMAT, EXT_MATERIAL, EXT_TRANSLATION,
};
use bianmin_forms::{asked, to_response, FormDefinition, ItemKind};
use serde_json::{json, Value};
use std::sync::Arc;

/// The canonical url of the form built for a case's request for material.
fn form_url(case_number: &str, seq: u32) -> String {
    format!("urn:bianmin:supplement:{case_number}:{seq}")
}

/// The version of every supplement form: the request it is built from never changes.
const FORM_VERSION: &str = "1";

/// A FHIR text with its English translation.
fn translated(text: &LocalizedText) -> Value {
    json!({"extension": [{"url": EXT_TRANSLATION, "extension": [
        {"url": "lang", "valueCode": "en-US"},
        {"url": "content", "valueString": text.en_us},
    ]}]})
}

/// The form of a request for material: the questions of the `supplementForm` it names (if any),
/// as the department wrote them, then one required attachment question per material (several
/// files allowed: a document may have several pages), named by the material, its reason as the
/// hint, filed under the material's code (its linkId too, unless the asked form has one of that
/// name: then `material-<code>`).
pub(crate) fn supplement_questionnaire(
    case_number: &str,
    seq: u32,
    materials: &[RequestedMaterial],
    asked_form: Option<&Questionnaire>,
) -> Result<Questionnaire, CoreError> {
    let mut items: Vec<Value> = match asked_form {
        Some(form) => serde_json::to_value(form)
            .map_err(|e| CoreError::Corrupt(e.to_string()))?
            .get("item")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let taken: Vec<String> = items
        .iter()
        .filter_map(|i| i.get("linkId").and_then(Value::as_str).map(str::to_owned))
        .collect();
    let mut codes: Vec<&str> = Vec::new();
    for m in materials {
        if codes.contains(&m.code.as_str()) {
            continue;
        }
        codes.push(&m.code);
        let mut extension = vec![json!({"url": EXT_MATERIAL, "valueCode": m.code})];
        if !m.reason.zh_cn.trim().is_empty() {
            let mut hint = translated(&m.reason);
            if let Some(hint) = hint.as_object_mut() {
                hint.insert("url".to_owned(), json!(EXT_ENTRY_FORMAT));
                hint.insert("valueString".to_owned(), json!(m.reason.zh_cn));
            }
            extension.insert(0, hint);
        }
        let link_id = if taken.contains(&m.code) {
            format!("material-{}", m.code)
        } else {
            m.code.clone()
        };
        items.push(json!({
            "linkId": link_id,
            "type": "attachment",
            "required": true,
            "repeats": true,
            "text": m.name.zh_cn,
            "_text": translated(&m.name),
            "extension": extension,
        }));
    }
    serde_json::from_value(json!({
        "resourceType": "Questionnaire",
        "url": form_url(case_number, seq),
        "version": FORM_VERSION,
        "status": "active",
        "item": items,
    }))
    .map_err(|e| CoreError::Corrupt(e.to_string()))
}

/// A request for material: its `seq`, the materials, and the form it asks to be answered.
type Request<'a> = (u32, &'a [RequestedMaterial], Option<&'a FormRef>);

/// The case's open request for material.
fn open_request(events: &[bianmin_api::CaseEvent]) -> Option<Request<'_>> {
    events.iter().rev().find_map(|e| match &e.detail {
        CaseEventDetail::NeedsMaterial {
            materials,
            supplement_form,
            ..
        } => Some((e.seq, materials.as_slice(), supplement_form.as_ref())),
        _ => None,
    })
}

/// The request a supplement draft answers, from the cached feed.
fn request_of(events: &[bianmin_api::CaseEvent], seq: u32) -> Option<Request<'_>> {
    events.iter().find_map(|e| match &e.detail {
        CaseEventDetail::NeedsMaterial {
            materials,
            supplement_form,
            ..
        } if e.seq == seq => Some((e.seq, materials.as_slice(), supplement_form.as_ref())),
        _ => None,
    })
}

impl Bianmin {
    /// Opens the supplement to a case's current request for material: the one being filled in
    /// is resumed; otherwise one is started, with the questions of the form the request asks to
    /// be answered (fetched now and cached) and a question per material. Refused
    /// ([`CoreError::CaseState`]) when the case does not need material now or a supplement to
    /// it was sent already; a form that cannot be fetched is the error of fetching it.
    pub async fn start_supplement(&self, case_number: &str) -> Result<Draft, CoreError> {
        match refresh_one(&self.store, &self.backend, case_number).await {
            Ok(_) | Err(CoreError::Network(_)) => {}
            Err(e) => return Err(e),
        }
        let case = self
            .store
            .cached_case(case_number)
            .await?
            .ok_or_else(|| CoreError::NotFound(format!("case {case_number}")))?;
        let Some((seq, materials, asked_form)) = open_request(&case.events) else {
            return Err(CoreError::CaseState(format!(
                "case {case_number} asks for no material"
            )));
        };
        if case.status != CaseStatus::NeedsMore || (asked_form.is_none() && materials.is_empty()) {
            return Err(CoreError::CaseState(format!(
                "case {case_number}: no material to send from the app"
            )));
        }
        if let Some(form) = asked_form {
            self.asked_form(form).await?;
        }
        let party = self.party();
        if let Some(row) = self.store.latest_supplement(&party, case_number).await? {
            if row.supplement.as_ref().is_some_and(|s| s.seq == seq) {
                let entry = self.store.outbox_entry(&row.id).await?;
                let editable = entry.as_ref().is_none_or(|e| {
                    e.state == OutboxState::NeedsAttention
                        && e.reason.as_deref() == Some(REASON_INVALID_ANSWERS)
                });
                if row.submitted || !editable {
                    return Err(CoreError::CaseState(format!(
                        "case {case_number}: the material was sent already"
                    )));
                }
                return self.get_draft(&row.id).await;
            }
        }
        // The service as the application had it (its name and promised days), else as the
        // catalogue has it; the draft's form is the request's.
        let mut service = match self.store.draft_of_case(case_number).await? {
            Some(id) => self.store.draft(&id).await?.service,
            None => match self.store.cached_service(&case.service_code).await? {
                Some(service) => service,
                None => self.backend.service(&case.service_code).await?,
            },
        };
        service.form = FormRef {
            id: format!("supplement-{case_number}-{seq}"),
            url: form_url(case_number, seq),
            version: FORM_VERSION.to_owned(),
        };
        let id = uuid::Uuid::new_v4().to_string();
        self.store
            .create_draft(NewDraft {
                id: &id,
                party: &party,
                service: &service,
                initial: &Default::default(),
                supplement: Some((case_number, seq)),
            })
            .await?;
        tracing::info!(draft = %id, case = case_number, request = seq, "supplement started");
        self.get_draft(&id).await
    }

    /// The form of a supplement draft, built from its request in the cached feed (parsed once
    /// per process).
    pub(crate) async fn supplement_form(
        &self,
        of: &SupplementOf,
    ) -> Result<Arc<FormDefinition>, CoreError> {
        let key = (form_url(&of.case_number, of.seq), FORM_VERSION.to_owned());
        if let Some(form) = self
            .forms
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(form.clone());
        }
        let case = self
            .store
            .cached_case(&of.case_number)
            .await?
            .ok_or_else(|| CoreError::NotFound(format!("case {}", of.case_number)))?;
        let (_, materials, asked_form) = request_of(&case.events, of.seq).ok_or_else(|| {
            CoreError::Corrupt(format!(
                "case {} has no request {} for material",
                of.case_number, of.seq
            ))
        })?;
        let asked = match asked_form {
            Some(form) => Some(self.asked_form(form).await?),
            None => None,
        };
        let questionnaire =
            supplement_questionnaire(&of.case_number, of.seq, materials, asked.as_ref())?;
        let form = Arc::new(FormDefinition::parse(&questionnaire)?);
        self.forms
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, form.clone());
        Ok(form)
    }

    /// Sends a supplement exactly once: checked (a file for every material asked for), put in
    /// the outbox (committed) with its draft id as the `Idempotency-Key`, then sent at once —
    /// its files uploaded first, resumably. Answers the case as it is afterwards: `supplemented`
    /// when the backend answered within the submit wait, otherwise still `needs more` with the
    /// supplement's place in the outbox (it is sent by itself later, also after a restart).
    pub async fn submit_supplement(&self, draft_id: &str) -> Result<CaseView, CoreError> {
        let mut tries = 0;
        let row = loop {
            let row = self.own_draft(draft_id).await?;
            let Some(of) = row.supplement.clone() else {
                return Err(CoreError::NotFound(format!("supplement {draft_id}")));
            };
            if row.submitted {
                return self.get_case(&of.case_number).await;
            }
            match self.store.outbox_entry(draft_id).await? {
                Some(e) if matches!(e.state, OutboxState::Queued | OutboxState::RetryLater) => {
                    break row
                }
                Some(e)
                    if e.state != OutboxState::NeedsAttention
                        || e.reason.as_deref() != Some(REASON_INVALID_ANSWERS) =>
                {
                    return self.get_case(&of.case_number).await;
                }
                _ => {}
            }
            let form = self.form_of(&row).await?;
            let problems = self.problems_of(&row).await?;
            if !problems.is_empty() {
                return Err(CoreError::InvalidAnswers(problems));
            }
            // Each file under its material; the outbox replaces the local ids with the
            // backend's upload ids once the files are uploaded.
            // The asked form's own questions (files among them too) go in `response`; the rest
            // are the documents.
            let (response, own) = self.asked_response(&of, &form, &row.answers).await?;
            let asked_now = asked(&form, &row.answers);
            let uploads: Vec<SupplementUpload> = form
                .items
                .iter()
                .filter(|i| i.kind == ItemKind::Attachment && asked_now.contains(&i.link_id))
                .filter(|i| !own.contains(&i.link_id))
                .flat_map(|item| {
                    let code = item
                        .material
                        .clone()
                        .unwrap_or_else(|| item.link_id.clone());
                    row.answers
                        .get(&item.link_id)
                        .into_iter()
                        .flatten()
                        .map(move |local| SupplementUpload {
                            material_code: code.clone(),
                            upload_id: local.clone(),
                        })
                })
                .collect();
            let request = SupplementRequest { response, uploads };
            let body =
                serde_json::to_vec(&request).map_err(|e| CoreError::Corrupt(e.to_string()))?;
            // Sent as the resident signed in now (if any): the case may be theirs only.
            let sender = self
                .backend
                .session()
                .current()
                .filter(crate::session::is_resident)
                .map(|s| s.subject.id);
            self.store
                .set_outbox_sender(draft_id, sender.as_deref())
                .await?;
            match self
                .store
                // Its route is chosen by the draft's `supplement_for`, not the row's kind.
                .enqueue(draft_id, &body, &row.updated_at, OutboxKind::Application)
                .await?
            {
                Enqueued::Queued | Enqueued::AlreadyThere => break row,
                Enqueued::DraftChanged if tries < 3 => tries += 1,
                Enqueued::DraftChanged => return Err(CoreError::AlreadySubmitted),
            }
        };
        self.attempt_now(&row.id).await?;
        let case_number = row.supplement.map(|s| s.case_number).unwrap_or_default();
        self.get_case(&case_number).await
    }

    /// The form a request asks to be answered: from the form cache, else fetched and cached
    /// (a definition that does not parse is refused as any malformed form is).
    async fn asked_form(&self, form: &FormRef) -> Result<Questionnaire, CoreError> {
        if let Some(q) = self.store.cached_form(&form.url, &form.version).await? {
            return Ok(q);
        }
        let q = self.backend.form(form).await?;
        FormDefinition::parse(&q)?;
        self.store.cache_form(&q).await?;
        Ok(q)
    }

    /// The answers to the asked form's own questions, under its url and version, and those
    /// questions' linkIds; `None` and none when the request asks for documents only.
    async fn asked_response(
        &self,
        of: &SupplementOf,
        combined: &FormDefinition,
        answers: &bianmin_forms::Answers,
    ) -> Result<(Option<bianmin_api::QuestionnaireResponse>, Vec<String>), CoreError> {
        let case = self
            .store
            .cached_case(&of.case_number)
            .await?
            .ok_or_else(|| CoreError::NotFound(format!("case {}", of.case_number)))?;
        let Some((_, _, Some(form))) = request_of(&case.events, of.seq) else {
            return Ok((None, Vec::new()));
        };
        let own = FormDefinition::parse(&self.asked_form(form).await?)?;
        let links: Vec<String> = own.items.iter().map(|i| i.link_id.clone()).collect();
        let mut response = to_response(combined, answers, crate::app::today());
        response.questionnaire = format!("{}|{}", own.url, own.version);
        response.item.retain(|i| links.contains(&i.link_id));
        Ok((Some(response), links))
    }

    /// The newest supplement to a case made here, as the case page shows it.
    pub(crate) async fn supplement_status(
        &self,
        case_number: &str,
        current_request: Option<u32>,
    ) -> Result<Option<SupplementStatus>, CoreError> {
        let Some(row) = self
            .store
            .latest_supplement(&self.party(), case_number)
            .await?
        else {
            return Ok(None);
        };
        let entry = self.store.outbox_entry(&row.id).await?;
        let (outbox, next_attempt_at, attention) = outbox_view(entry.as_ref());
        Ok(Some(SupplementStatus {
            current: row
                .supplement
                .as_ref()
                .is_some_and(|s| Some(s.seq) == current_request),
            draft_id: row.id,
            outbox: outbox.or(row.submitted.then_some(OutboxState::Accepted)),
            next_attempt_at,
            attention,
            sent_at: row.submitted_at,
        }))
    }
}

/// The `seq` of a case's open request for material that the app can answer: the case needs
/// more, and the request asks for documents only.
pub(crate) fn answerable_request(
    status: CaseStatus,
    events: &[bianmin_api::CaseEvent],
) -> Option<u32> {
    if status != CaseStatus::NeedsMore {
        return None;
    }
    match open_request(events) {
        Some((seq, materials, form)) if !materials.is_empty() || form.is_some() => Some(seq),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_becomes_one_attachment_question_per_material() {
        let materials = vec![
            RequestedMaterial {
                code: "household-register".to_owned(),
                name: LocalizedText::new("户口簿", "Household register"),
                reason: LocalizedText::new("首页不清晰", "The first page is not clear"),
            },
            RequestedMaterial {
                code: "bank-card".to_owned(),
                name: LocalizedText::new("银行卡", "Bank card"),
                reason: LocalizedText::new("", ""),
            },
        ];
        let q = supplement_questionnaire("BM1", 3, &materials, None).unwrap();
        let form = FormDefinition::parse(&q).unwrap();
        assert_eq!(form.items.len(), 2);
        let first = &form.items[0];
        assert_eq!(first.link_id, "household-register");
        assert_eq!(first.kind, ItemKind::Attachment);
        assert!(first.required && first.repeats);
        assert_eq!(first.material.as_deref(), Some("household-register"));
        assert_eq!(first.text.en_us, "Household register");
        assert_eq!(
            first.hint.as_ref().map(|h| h.zh_cn.as_str()),
            Some("首页不清晰")
        );
        assert!(form.items[1].hint.is_none());
    }
}
