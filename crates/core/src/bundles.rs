//! Life-event bundles (一件事一次办): several services run as one journey. The resident answers
//! each shared question once (the bundle's `sharedQuestions`, linkIds every form of the bundle
//! has) and it is written into every draft of the journey in one transaction; then each
//! service's own questions; one check page; one "Send" that queues one application per service,
//! each its own draft with its own Idempotency-Key (the draft id), so the outbox sends each
//! exactly once as it does any other; and "My applications" shows them together.
//!
//! A journey is only a grouping (`bundle_journeys`, `bundle_drafts`; migration `0023`): the
//! drafts, their sealed answers and the outbox are the ones every application uses, so resuming
//! after a restart, prefill, form versions and kiosk wipes work as they do for one service.

use crate::app::{Bianmin, Enqueue, MAX_ANSWER_CHARS};
use crate::error::CoreError;
use crate::store::{BundleRow, DraftRow, REASON_INVALID_ANSWERS};
use crate::view::{
    BundleGroup, BundleItem, BundleJourney, BundleOffer, BundleProblem, BundleSaveOutcome,
    BundleService, BundleSubmitted, OutboxState,
};
use bianmin_api::{Bundle, FieldError, Message, ServiceItem};
use bianmin_forms::validate_answer;
use bianmin_search::{Entry, MatchKind, SearchIndex};

/// A bundle as offered: its services named from the catalogue, in the journey's order (those
/// not in the catalogue left out).
fn offer(b: Bundle, catalogue: &[ServiceItem]) -> BundleOffer {
    BundleOffer {
        services: b
            .service_codes
            .iter()
            .filter_map(|code| catalogue.iter().find(|s| &s.summary.code == code))
            .map(|s| BundleService {
                code: s.summary.code.clone(),
                name: s.summary.name.clone(),
            })
            .collect(),
        code: b.code,
        life_event: b.life_event,
        name: b.name,
        summary: b.summary,
    }
}

impl Bianmin {
    /// The bundles the backend offers, with their services' names; the cache when offline.
    pub async fn bundles(&self) -> Result<Vec<BundleOffer>, CoreError> {
        let bundles = match self.backend.bundles().await {
            Ok(bundles) => {
                self.store.replace_bundles(&bundles).await?;
                bundles
            }
            Err(e @ CoreError::Network(_)) => {
                tracing::info!(error = %e, "bundles unavailable; using the cached ones");
                self.store.cached_bundles().await?
            }
            Err(e) => return Err(e),
        };
        let catalogue = self.store.cached_catalogue().await?;
        Ok(bundles.into_iter().map(|b| offer(b, &catalogue)).collect())
    }

    /// The bundles a search finds, best first, offered above the services it finds: by the
    /// bundle's name (characters, pinyin, initials, English words) or its life event's name
    /// (退休, tuixiu, "retiring"), from the cache, so offline too. A bundle with fewer than two
    /// services in the catalogue is not a journey and is left out; so are matches only by the
    /// summary or a sound-alike, which would offer a whole journey on a weak guess.
    pub async fn search_bundles(&self, query: &str) -> Result<Vec<BundleOffer>, CoreError> {
        let bundles = self.store.cached_bundles().await?;
        if bundles.is_empty() || query.trim().is_empty() {
            return Ok(Vec::new());
        }
        let events = self.store.cached_life_events().await?;
        let index = SearchIndex::new(bundles.iter().map(|b| {
            let event: Vec<String> = events
                .iter()
                .filter(|e| e.code == b.life_event)
                .flat_map(|e| [e.name.zh_cn.clone(), e.name.en_us.clone()])
                .collect();
            Entry {
                code: b.code.clone(),
                name_zh: b.name.zh_cn.clone(),
                name_en: b.name.en_us.clone(),
                synonyms: event.iter().take(1).cloned().collect(),
                life_events: event,
                ..Entry::default()
            }
        }));
        let hits: Vec<&Bundle> = index
            .search(query, bundles.len())
            .into_iter()
            .filter(|hit| {
                !matches!(
                    hit.matched,
                    MatchKind::Summary | MatchKind::Homophone | MatchKind::Department
                )
            })
            .filter_map(|hit| bundles.iter().find(|b| b.code == hit.code))
            .collect();
        if hits.is_empty() {
            // Most keystrokes find no bundle: the catalogue is not read for them.
            return Ok(Vec::new());
        }
        let catalogue = self.store.cached_catalogue().await?;
        Ok(hits
            .into_iter()
            .map(|b| offer(b.clone(), &catalogue))
            .filter(|offer| offer.services.len() > 1)
            .collect())
    }

    /// Resumes the party's journey of a bundle not sent yet, or starts one: a draft per service
    /// (an open draft of that service is taken into the journey, as `start_application` resumes
    /// it), each prefilled as usual, and a shared answer one draft already has copied into the
    /// others that have none.
    pub async fn start_bundle(&self, code: &str) -> Result<BundleJourney, CoreError> {
        let party = self.party();
        if let Some(id) = self.store.open_bundle_for(&party, code).await? {
            // Taken up as `start_application` takes up a draft: a new form version followed, and
            // what the records know (signed in since) filled into the questions not answered.
            let journey = self.store.bundle_journey(&id).await?;
            for draft_id in &journey.draft_ids {
                let entry = self.store.outbox_entry(draft_id).await?;
                if !editable(&self.store.draft(draft_id).await?, entry.as_ref()) {
                    continue;
                }
                self.follow_new_form_version(draft_id).await?;
                let row = self.store.draft(draft_id).await?;
                let form = self.form_of(&row).await?;
                self.prefill(&row, &form).await?;
            }
            self.carry_shared(&journey.bundle, &journey.draft_ids)
                .await?;
            return self.get_bundle(&id).await;
        }
        let bundle = match self.backend.bundle(code).await {
            Ok(detail) => detail.bundle,
            Err(e @ CoreError::Network(_)) => self
                .store
                .cached_bundles()
                .await?
                .into_iter()
                .find(|b| b.code == code)
                .ok_or(e)?,
            Err(e) => return Err(e),
        };
        // Each draft is durable on its own; a crash before the journey is recorded leaves open
        // drafts that the next start takes up again.
        let mut draft_ids = Vec::with_capacity(bundle.service_codes.len());
        for service in &bundle.service_codes {
            draft_ids.push(self.start_application(service).await?.id);
        }
        let id = uuid::Uuid::new_v4().to_string();
        self.store
            .create_bundle(&id, &party, &bundle, &draft_ids)
            .await?;
        self.carry_shared(&bundle, &draft_ids).await?;
        tracing::info!(bundle = %bundle.code, journey = %id, drafts = draft_ids.len(), "bundle started");
        self.get_bundle(&id).await
    }

    /// A shared answer that one draft has (resumed, or prefilled) goes into the drafts of the
    /// journey that have the question and no answer yet; never over an answer given.
    async fn carry_shared(&self, bundle: &Bundle, draft_ids: &[String]) -> Result<(), CoreError> {
        let mut rows = Vec::with_capacity(draft_ids.len());
        for id in draft_ids {
            let row = self.store.draft(id).await?;
            let form = self.form_of(&row).await?;
            let open = editable(&row, self.store.outbox_entry(id).await?.as_ref());
            rows.push((row, form, open));
        }
        for link_id in &bundle.shared_questions {
            let Some(values) = rows
                .iter()
                .filter_map(|(row, _, _)| row.answers.get(link_id))
                .find(|v| v.iter().any(|s| !s.trim().is_empty()))
                .cloned()
            else {
                continue;
            };
            let missing: Vec<String> = rows
                .iter()
                .filter(|(row, form, open)| {
                    *open && form.item(link_id).is_some() && !row.answers.contains_key(link_id)
                })
                .map(|(row, _, _)| row.id.clone())
                .collect();
            if !missing.is_empty() {
                self.store
                    .save_shared_answer(&missing, link_id, &values, &[])
                    .await?;
            }
        }
        Ok(())
    }

    async fn own_bundle(&self, bundle_id: &str) -> Result<BundleRow, CoreError> {
        let row = self.store.bundle_journey(bundle_id).await?;
        if row.party != self.party() {
            return Err(CoreError::NotFound(format!("bundle {bundle_id}")));
        }
        Ok(row)
    }

    /// A journey with each draft and, once queued, where its application is.
    pub async fn get_bundle(&self, bundle_id: &str) -> Result<BundleJourney, CoreError> {
        let row = self.own_bundle(bundle_id).await?;
        let mut items = Vec::with_capacity(row.draft_ids.len());
        for draft_id in &row.draft_ids {
            let draft = self.get_draft(draft_id).await?;
            let draft_row = self.store.draft(draft_id).await?;
            let queued = self.store.outbox_entry(draft_id).await?.is_some();
            let receipt = if draft_row.submitted || queued {
                Some(self.receipt_of(&draft_row).await?)
            } else {
                None
            };
            items.push(BundleItem { draft, receipt });
        }
        Ok(BundleJourney {
            id: row.id,
            code: row.bundle.code,
            name: row.bundle.name,
            summary: row.bundle.summary,
            shared: row.bundle.shared_questions,
            items,
            submitted: row.submitted_at.is_some(),
        })
    }

    /// Stores an answer given in a bundle journey. A shared question's answer goes into every
    /// draft of the journey that has the question and may still be changed, in one transaction
    /// (judged by the form of `draft_id`, the one on screen); any other answer into `draft_id`
    /// only, as `save_answer` does. Returns only after it is durable.
    pub async fn save_bundle_answer(
        &self,
        bundle_id: &str,
        draft_id: &str,
        link_id: &str,
        values: &[String],
    ) -> Result<BundleSaveOutcome, CoreError> {
        let journey = self.own_bundle(bundle_id).await?;
        if !journey.draft_ids.iter().any(|d| d == draft_id) {
            return Err(CoreError::NotFound(format!("draft {draft_id}")));
        }
        if !journey.bundle.shared_questions.iter().any(|l| l == link_id) {
            let outcome = self.save_answer(draft_id, link_id, values).await?;
            return Ok(BundleSaveOutcome {
                journey: self.get_bundle(bundle_id).await?,
                error: outcome.error,
            });
        }
        let here = self.own_draft(draft_id).await?;
        let form = self.form_of(&here).await?;
        let item = form
            .item(link_id)
            .ok_or_else(|| CoreError::NotFound(format!("question {link_id}")))?;
        if values.len() > bianmin_forms::MAX_REPEATS
            || values.iter().any(|v| v.chars().count() > MAX_ANSWER_CHARS)
        {
            // Never stored, as in `save_answer`.
            return Ok(BundleSaveOutcome {
                journey: self.get_bundle(bundle_id).await?,
                error: Some(FieldError {
                    link_id: link_id.to_owned(),
                    message: Message::new("error-too-long")
                        .arg("max", MAX_ANSWER_CHARS)
                        .arg(
                            "actual",
                            values.iter().map(|v| v.chars().count()).max().unwrap_or(0),
                        ),
                }),
            });
        }
        let (stored, error) = match validate_answer(item, values, crate::app::today()) {
            Ok(canonical) => (canonical, None),
            Err(message) => (
                values.to_vec(),
                Some(FieldError {
                    link_id: link_id.to_owned(),
                    message,
                }),
            ),
        };
        let mut targets = Vec::new();
        let mut unmark = Vec::new();
        for id in &journey.draft_ids {
            let row = self.own_draft(id).await?;
            let entry = self.store.outbox_entry(id).await?;
            if !editable(&row, entry.as_ref()) || self.form_of(&row).await?.item(link_id).is_none()
            {
                continue;
            }
            if row.answers.get(link_id) != Some(&stored) {
                unmark.push(id.clone());
            }
            targets.push(id.clone());
        }
        if !targets.iter().any(|t| t == draft_id) {
            return Err(CoreError::AlreadySubmitted);
        }
        self.store
            .save_shared_answer(&targets, link_id, &stored, &unmark)
            .await?;
        Ok(BundleSaveOutcome {
            journey: self.get_bundle(bundle_id).await?,
            error,
        })
    }

    /// The one "Send" of a journey. Every draft not sent yet is checked first; if any answer
    /// stops one, nothing is queued and the problems come back with their draft. Otherwise each
    /// draft goes into the outbox (its own row, its own Idempotency-Key = its draft id), the
    /// journey is marked sent, and all are sent at once; the answer comes when the backend
    /// answered them or after the submit wait, and the worker carries on with the rest. Sending
    /// again after a crash queues only what is not queued yet.
    pub async fn submit_bundle(&self, bundle_id: &str) -> Result<BundleSubmitted, CoreError> {
        let journey = self.own_bundle(bundle_id).await?;
        let mut problems = Vec::new();
        for id in &journey.draft_ids {
            let row = self.own_draft(id).await?;
            let entry = self.store.outbox_entry(id).await?;
            if !editable(&row, entry.as_ref()) {
                continue;
            }
            problems.extend(
                self.problems_of(&row)
                    .await?
                    .into_iter()
                    .map(|p| bundle_problem(id, p)),
            );
        }
        if problems.is_empty() {
            let mut ready = Vec::new();
            for id in &journey.draft_ids {
                match self.enqueue_draft(id).await {
                    Ok(Enqueue::Ready) => ready.push(id.clone()),
                    Ok(Enqueue::Settled) => {}
                    // Changed between the check and the queue (another window): said, not sent.
                    Err(CoreError::InvalidAnswers(fields)) => {
                        problems.extend(fields.into_iter().map(|p| bundle_problem(id, p)));
                    }
                    Err(e) => return Err(e),
                }
            }
            if problems.is_empty() {
                self.store.mark_bundle_submitted(bundle_id).await?;
            }
            tracing::info!(journey = bundle_id, queued = ready.len(), "bundle sent");
            self.send_queued(&ready).await;
        }
        Ok(BundleSubmitted {
            journey: self.get_bundle(bundle_id).await?,
            problems,
        })
    }

    /// The party's journeys, newest first, for "My applications" to show their applications
    /// together under the bundle's name.
    pub async fn my_bundles(&self) -> Result<Vec<BundleGroup>, CoreError> {
        Ok(self
            .store
            .bundle_journeys(&self.party())
            .await?
            .into_iter()
            .filter(|b| !b.draft_ids.is_empty())
            .map(|b| BundleGroup {
                id: b.id,
                name: b.bundle.name,
                draft_ids: b.draft_ids,
                submitted: b.submitted_at.is_some(),
            })
            .collect())
    }
}

/// Whether the resident may still change a draft: not accepted, and not waiting in the outbox
/// unless the backend refused its answers.
fn editable(row: &DraftRow, entry: Option<&crate::store::OutboxRow>) -> bool {
    !row.submitted
        && entry.is_none_or(|e| {
            e.state == OutboxState::NeedsAttention
                && e.reason.as_deref() == Some(REASON_INVALID_ANSWERS)
        })
}

fn bundle_problem(draft_id: &str, p: FieldError) -> BundleProblem {
    BundleProblem {
        draft_id: draft_id.to_owned(),
        link_id: p.link_id,
        message: p.message,
    }
}
