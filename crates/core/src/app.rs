//! [`Bianmin`]: what a resident can do, as one API over the store and the backend. The shell's
//! commands are one call each into this.

use crate::client::{BackendClient, CatalogueFetch};
use crate::editing::{EditCache, Editing};
use crate::error::CoreError;
use crate::outbox::{self, Attempt, OutboxWorker, PumpReport};
use crate::secrets::KeyStore;
use crate::store::{
    AttachmentMeta, DraftRow, Enqueued, NewDraft, OutboxKind, OutboxRow, Store, DEVICE_PARTY,
    REASON_INVALID_ANSWERS,
};
use crate::view::{
    AppInfo, ApplicationSummary, AttachmentView, ChoiceOption, Draft, DraftStatus, InputMode,
    OutboxState, Question, QuestionKind, Receipt, SaveOutcome, ServiceList, SessionEnded,
};
use bianmin_api::{ApplicationRequest, FieldError, Message, Questionnaire, ServiceSummary};
use bianmin_forms::{
    asked, to_response, validate_answer, validate_answers, Answers, FormDefinition, ItemKind,
    Validator,
};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;

/// The national government services hotline.
pub const HOTLINE: &str = "12345";

/// The longest single answer accepted from the UI; longer input is refused, not stored.
pub const MAX_ANSWER_CHARS: usize = 10_000;

/// The message of an answer that the new version of its form does not fit.
pub const REASON_NEEDS_REVIEW: &str = "error-answer-needs-review";

/// How long `submit_application` waits for the backend before it answers "queued".
pub const SUBMIT_WAIT: Duration = Duration::from_secs(10);

pub struct Bianmin {
    pub(crate) store: Store,
    pub(crate) backend: BackendClient,
    practice_mode: bool,
    /// Wakes the outbox worker when something is queued.
    wake: Arc<Notify>,
    submit_wait: Duration,
    search: crate::search::CatalogueSearch,
    /// Where the signed-in session is kept (the OS keyring); `None`: sign-in is not available.
    pub(crate) keys: Option<Arc<dyn KeyStore>>,
    /// Whose data the resident at the screen sees and makes: [`DEVICE_PARTY`], or the opaque id
    /// of a kiosk or assisted-service session.
    party: Arc<Mutex<String>>,
    /// Parsed form definitions by (url, version).
    pub(crate) forms: Mutex<BTreeMap<(String, String), Arc<FormDefinition>>>,
    /// A public kiosk or a service-centre counter: every resident's visit is a session of its own,
    /// ended by "Finish" ([`Bianmin::finish_visit`]).
    kiosk: bool,
    /// A kiosk visit's time without use before the UI asks whether the resident needs more time.
    kiosk_idle_secs: u32,
    /// Where the kiosk is, as the hall's staff know it: sent when a resident calls staff.
    kiosk_place: String,
    /// This visit's call for staff still open (`staff_call.rs`).
    open_staff_call: Mutex<Option<String>>,
    /// The draft being edited, between its saved answers (`editing.rs`).
    editing: EditCache,
}

/// The party at the screen now.
pub(crate) fn current_party(party: &Mutex<String>) -> String {
    party
        .lock()
        .map(|p| p.clone())
        .unwrap_or_else(|e| e.into_inner().clone())
}

impl Bianmin {
    pub fn new(store: Store, backend: BackendClient, practice_mode: bool) -> Self {
        Self {
            store,
            backend,
            practice_mode,
            wake: Arc::new(Notify::new()),
            submit_wait: SUBMIT_WAIT,
            search: crate::search::CatalogueSearch::default(),
            keys: None,
            party: Arc::new(Mutex::new(DEVICE_PARTY.to_owned())),
            forms: Mutex::new(BTreeMap::new()),
            kiosk: false,
            kiosk_idle_secs: 180,
            kiosk_place: "kiosk".to_owned(),
            open_staff_call: Mutex::new(None),
            editing: EditCache::default(),
        }
    }

    /// Serves strangers one after another (a kiosk, a service-centre counter): see
    /// [`Bianmin::start_kiosk`].
    pub fn with_kiosk(mut self, kiosk: bool) -> Self {
        self.kiosk = kiosk;
        self
    }

    /// How long a kiosk visit may go without use before the resident is asked whether they need
    /// more time (the UI then gives 60 s more before the visit is finished for them).
    pub fn with_kiosk_idle_secs(mut self, secs: u32) -> Self {
        self.kiosk_idle_secs = secs;
        self
    }

    /// Where the kiosk is, as the hall's staff know it ("hall A, kiosk 3"): sent with a call
    /// for staff. Trimmed to the backend's limit; an empty place is "kiosk".
    pub fn with_kiosk_place(mut self, place: &str) -> Self {
        self.kiosk_place = crate::staff_call::kiosk_place(place);
        self
    }

    pub(crate) fn is_kiosk(&self) -> bool {
        self.kiosk
    }

    pub(crate) fn kiosk_place(&self) -> &str {
        &self.kiosk_place
    }

    pub(crate) fn open_staff_call(&self) -> Option<String> {
        self.open_staff_call
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub(crate) fn set_open_staff_call(&self, id: Option<String>) {
        *self
            .open_staff_call
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = id;
    }

    /// At a kiosk's start: what a visit the app did not get to finish left behind (a power cut,
    /// a killed process) is wiped — its drafts and the session kept in the keyring — and the
    /// first visit begins. Returns what was wiped.
    pub async fn start_kiosk(&self) -> Result<SessionEnded, CoreError> {
        let mut left = SessionEnded {
            removed: 0,
            still_sending: 0,
            discarded: 0,
        };
        if let Err(e) = self.sign_out().await {
            tracing::warn!(error = %e, "a session left by the last visit could not be forgotten");
        }
        for party in self.store.session_parties().await? {
            let wiped = self.end_session(&party).await?;
            left.removed += wiped.removed;
            left.still_sending += wiped.still_sending;
            left.discarded += wiped.discarded;
        }
        self.begin_session();
        Ok(left)
    }

    /// What finishing the visit now would do, for the UI to say first.
    pub async fn visit_pending(&self) -> Result<SessionEnded, CoreError> {
        if !self.kiosk {
            return Err(CoreError::NotKiosk);
        }
        self.session_pending(&self.party()).await
    }

    /// Ends a resident's visit at a kiosk: signs them out (here and at the backend), removes
    /// their drafts, answers and followed cases (a submission on its way is still sent, then
    /// removed), and begins the next visit. The shell clears the webview's storage after it.
    /// Refused ([`CoreError::NotKiosk`]) unless the app is a kiosk: the computer's own user's
    /// data is never wiped by it.
    pub async fn finish_visit(&self) -> Result<SessionEnded, CoreError> {
        if !self.kiosk {
            return Err(CoreError::NotKiosk);
        }
        self.cancel_open_staff_call().await;
        let signed_out = self.sign_out().await;
        let party = self.party();
        let ended = self.end_session(&party).await?;
        self.begin_session();
        // The data is gone either way; a keyring that could not forget the token is said.
        signed_out?;
        Ok(ended)
    }

    /// Keeps the signed-in session in `keys` (the app: the OS keyring). Without it, signing in
    /// answers [`CoreError::Keyring`]: a token is never kept anywhere else.
    pub fn with_key_store(mut self, keys: Arc<dyn KeyStore>) -> Self {
        self.keys = Some(keys);
        self
    }

    /// The party whose drafts are shown and made now.
    pub fn party(&self) -> String {
        current_party(&self.party)
    }

    /// The party as the watcher reads it, round after round.
    pub(crate) fn party_handle(&self) -> Arc<Mutex<String>> {
        self.party.clone()
    }

    fn set_party(&self, party: &str) {
        // Another resident at the screen: the last one's draft leaves memory.
        self.editing.clear();
        let mut guard = self.party.lock().unwrap_or_else(|e| e.into_inner());
        party.clone_into(&mut guard);
    }

    /// Begins a kiosk or assisted-service session: from now on drafts are made and listed for a
    /// new opaque party id (returned), apart from the device's own and every other session's.
    pub fn begin_session(&self) -> String {
        let party = format!("session-{}", uuid::Uuid::new_v4());
        self.set_party(&party);
        tracing::info!(party = %party, "session begun");
        party
    }

    /// Returns to a session begun earlier (staff serving several residents switch between them);
    /// [`DEVICE_PARTY`] returns to the computer's own user.
    pub fn resume_session(&self, party: &str) {
        self.set_party(party);
    }

    /// Ends a session and removes that party's data: drafts, answers and outbox rows leave the
    /// database and its WAL. A submission still on its way is not dropped: its sealed request
    /// stays until the backend accepts it and is deleted then (its answers go now). Submissions
    /// the backend refused are deleted and counted in `discarded`: the UI says so first
    /// ([`Bianmin::session_pending`]). The screen returns to the device's own party.
    pub async fn end_session(&self, party: &str) -> Result<SessionEnded, CoreError> {
        self.editing.clear();
        let wiped = self.store.wipe_party(party).await?;
        if self.party() == party {
            self.set_party(DEVICE_PARTY);
        }
        tracing::info!(
            party = %party,
            removed = wiped.removed,
            still_sending = wiped.still_sending,
            discarded = wiped.discarded,
            "session ended"
        );
        Ok(SessionEnded {
            removed: wiped.removed,
            still_sending: wiped.still_sending,
            discarded: wiped.discarded,
        })
    }

    /// What ending this session would do, for the UI to say before it is ended.
    pub async fn session_pending(&self, party: &str) -> Result<SessionEnded, CoreError> {
        let p = self.store.party_pending(party).await?;
        Ok(SessionEnded {
            removed: p.removed,
            still_sending: p.still_sending,
            discarded: p.discarded,
        })
    }

    /// A draft of the party at the screen; another party's is "not found".
    pub(crate) async fn own_draft(&self, draft_id: &str) -> Result<DraftRow, CoreError> {
        let row = self.store.draft(draft_id).await?;
        if row.party != self.party() {
            return Err(CoreError::NotFound(format!("draft {draft_id}")));
        }
        Ok(row)
    }

    /// Changes how long `submit_application` waits for the backend (default [`SUBMIT_WAIT`]).
    pub fn with_submit_wait(mut self, wait: Duration) -> Self {
        self.submit_wait = wait;
        self
    }

    /// Starts the background sender of the outbox on the current tokio runtime; it sends what is
    /// due now (also what a crash left behind) and then whatever falls due. Stops when dropped.
    pub fn spawn_outbox_worker(&self) -> OutboxWorker {
        OutboxWorker::spawn(self.store.clone(), self.backend.clone(), self.wake.clone())
    }

    /// Sends every due submission once (for a shell without the worker, and for tests).
    pub async fn pump_outbox(&self) -> Result<PumpReport, CoreError> {
        outbox::pump(&self.store, &self.backend).await
    }

    pub fn info(&self) -> AppInfo {
        AppInfo {
            practice_mode: self.practice_mode,
            backend_url: self.backend.base_url().to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
            hotline: HOTLINE.to_owned(),
            kiosk: self.kiosk,
            kiosk_idle_secs: if self.kiosk { self.kiosk_idle_secs } else { 0 },
        }
    }

    /// The catalogue from the backend, revalidated against the cache; the cache when offline.
    pub async fn list_services(&self) -> Result<ServiceList, CoreError> {
        let etag = self.store.catalogue_etag().await?;
        let from_cache = match self.backend.catalogue(etag.as_deref()).await {
            Ok(CatalogueFetch::Fresh { items, etag }) => {
                self.store
                    .replace_catalogue(&items, etag.as_deref())
                    .await?;
                false
            }
            Ok(CatalogueFetch::NotModified) => false,
            Err(e @ CoreError::Network(_)) => {
                tracing::info!(error = %e, "backend unreachable; using the cached catalogue");
                true
            }
            Err(e) => return Err(e),
        };
        let items = self.store.cached_catalogue().await?;
        if from_cache && items.is_empty() {
            return Err(CoreError::Network("no cached catalogue".to_owned()));
        }
        let events = if from_cache {
            self.store.cached_life_events().await?
        } else {
            match self.backend.life_events().await {
                Ok(events) => {
                    self.store.replace_life_events(&events).await?;
                    events
                }
                Err(e) => {
                    // Browsing by life event is a help, not the catalogue: fall back to the cache.
                    tracing::info!(error = %e, "life events unavailable; using the cached ones");
                    self.store.cached_life_events().await?
                }
            }
        };
        Ok(ServiceList {
            life_events: crate::browse::by_life_event(&items, &events),
            departments: crate::browse::by_department(&items),
            services: items.into_iter().map(|i| i.summary).collect(),
            from_cache,
        })
    }

    /// Finds services in the cached catalogue (so it works offline) by characters, full pinyin,
    /// pinyin initials, plain-language synonyms or English, tolerating one typing mistake.
    pub async fn search_services(&self, query: &str) -> Result<Vec<ServiceSummary>, CoreError> {
        let items = self.store.cached_catalogue().await?;
        let version = self.store.catalogue_etag().await?;
        Ok(self.search.search(version.as_deref(), &items, query))
    }

    /// Resumes the open draft of a service, or starts one pinned to its current form version.
    pub async fn start_application(&self, service_code: &str) -> Result<Draft, CoreError> {
        if let Some(id) = self
            .store
            .open_draft_for(&self.party(), service_code)
            .await?
        {
            self.follow_new_form_version(&id).await?;
            let row = self.store.draft(&id).await?;
            let form = self.form_of(&row).await?;
            self.prefill(&row, &form).await?;
            return self.get_draft(&id).await;
        }
        let service = match self.backend.service(service_code).await {
            Ok(service) => service,
            Err(e @ CoreError::Network(_)) => {
                self.store.cached_service(service_code).await?.ok_or(e)?
            }
            Err(e) => return Err(e),
        };
        // A definition is parsed once; a new one is cached only when it parses.
        let definition = match self
            .store
            .cached_form(&service.form.url, &service.form.version)
            .await?
        {
            Some(form) => FormDefinition::parse(&form)?,
            None => {
                let form = self.backend.form(&service.form).await?;
                if form.url != service.form.url || form.version != service.form.version {
                    return Err(CoreError::Backend {
                        status: 200,
                        detail: "the form sent is not the version asked for".to_owned(),
                    });
                }
                let definition = FormDefinition::parse(&form)?;
                self.store.cache_form(&form).await?;
                definition
            }
        };
        let initial: Answers = definition
            .items
            .iter()
            .filter(|i| !i.initial.is_empty())
            .map(|i| (i.link_id.clone(), i.initial.clone()))
            .collect();
        let id = uuid::Uuid::new_v4().to_string();
        self.store
            .create_draft(NewDraft {
                id: &id,
                party: &self.party(),
                service: &service,
                initial: &initial,
                supplement: None,
            })
            .await?;
        let row = self.store.draft(&id).await?;
        self.prefill(&row, &definition).await?;
        self.get_draft(&id).await
    }

    /// When the backend now publishes another version of the form under an open draft, the draft
    /// moves to it: answers carry over by linkId; an answer whose question is gone or that does
    /// not fit the new question is kept and marked for the resident to change or remove (never
    /// dropped silently); new required questions are asked, as any unanswered one is. Offline,
    /// or when the draft is already in the outbox, the draft stays on its version.
    pub(crate) async fn follow_new_form_version(&self, draft_id: &str) -> Result<(), CoreError> {
        let row = self.own_draft(draft_id).await?;
        let service = match self.backend.service(&row.service.summary.code).await {
            Ok(service) => service,
            Err(CoreError::Network(_)) => return Ok(()),
            Err(e) => return Err(e),
        };
        if service.form.url == row.form_url && service.form.version == row.form_version {
            return Ok(());
        }
        let definition = match self
            .store
            .cached_form(&service.form.url, &service.form.version)
            .await?
        {
            Some(form) => FormDefinition::parse(&form)?,
            None => {
                let form = match self.backend.form(&service.form).await {
                    Ok(form) => form,
                    Err(CoreError::Network(_)) => return Ok(()),
                    Err(e) => return Err(e),
                };
                let definition = FormDefinition::parse(&form)?;
                self.store.cache_form(&form).await?;
                definition
            }
        };
        let review: Vec<String> = row
            .answers
            .iter()
            .filter(|(link_id, values)| {
                definition
                    .item(link_id)
                    .is_none_or(|item| validate_answer(item, values, today()).is_err())
            })
            .map(|(link_id, _)| link_id.clone())
            .collect();
        if self
            .store
            .move_draft_to(draft_id, &service, &review)
            .await?
        {
            tracing::info!(
                draft = draft_id,
                from = %row.form_version,
                to = %service.form.version,
                to_review = review.len(),
                "draft moved to a new form version"
            );
        }
        Ok(())
    }

    /// Removes an answer the resident decided to drop (one the new form version no longer
    /// fits, see `Draft::review`).
    pub async fn discard_answer(&self, draft_id: &str, link_id: &str) -> Result<Draft, CoreError> {
        self.own_draft(draft_id).await?;
        self.store.discard_answer(draft_id, link_id).await?;
        self.get_draft(draft_id).await
    }

    pub async fn get_draft(&self, draft_id: &str) -> Result<Draft, CoreError> {
        let (editing, form) = self.editing(draft_id).await?;
        Ok(draft_view(
            editing.row,
            &form,
            editing.entry.as_ref(),
            &editing.prefilled,
            &editing.files,
        ))
    }

    /// A draft of the party at the screen with everything its view needs, and its form: the
    /// copy in memory while the store has committed nothing since it was taken, otherwise read
    /// (and kept for the next answer).
    async fn editing(&self, draft_id: &str) -> Result<(Editing, Arc<FormDefinition>), CoreError> {
        let commits = self.store.commits();
        if let Some(editing) = self.editing.fresh(draft_id, &self.party(), commits) {
            let form = self.form_of(&editing.row).await?;
            return Ok((editing, form));
        }
        let row = self.own_draft(draft_id).await?;
        let form = self.form_of(&row).await?;
        let entry = self.store.outbox_entry(draft_id).await?;
        let prefilled = self.store.prefilled(draft_id).await?;
        // A form that asks for no file has none: one read fewer.
        let files = if form.items.iter().any(|i| i.kind == ItemKind::Attachment) {
            self.store.attachments(draft_id).await?
        } else {
            Vec::new()
        };
        let editing = Editing {
            row,
            entry,
            prefilled,
            files,
            commits,
        };
        self.editing.keep(editing.clone());
        Ok((editing, form))
    }

    /// Stores the answers to one question as typed (canonicalized when valid), then says whether
    /// they are valid. Returns only after they are durable.
    pub async fn save_answer(
        &self,
        draft_id: &str,
        link_id: &str,
        values: &[String],
    ) -> Result<SaveOutcome, CoreError> {
        let (mut editing, form) = self.editing(draft_id).await?;
        if editing.row.submitted {
            return Err(CoreError::AlreadySubmitted);
        }
        if editing.entry.as_ref().is_some_and(|e| {
            e.state != OutboxState::NeedsAttention
                || e.reason.as_deref() != Some(REASON_INVALID_ANSWERS)
        }) {
            // Waiting in the outbox: what is sent must be what was checked.
            return Err(CoreError::AlreadySubmitted);
        }
        let item = form
            .item(link_id)
            .ok_or_else(|| CoreError::NotFound(format!("question {link_id}")))?;
        let view = |e: Editing| draft_view(e.row, &form, e.entry.as_ref(), &e.prefilled, &e.files);
        if values.len() > bianmin_forms::MAX_REPEATS
            || values.iter().any(|v| v.chars().count() > MAX_ANSWER_CHARS)
        {
            // Never stored: no form asks for this much, and it would fill the disk.
            return Ok(SaveOutcome {
                draft: view(editing),
                error: Some(FieldError {
                    link_id: link_id.to_owned(),
                    message: bianmin_api::Message::new("error-too-long")
                        .arg("max", MAX_ANSWER_CHARS)
                        .arg(
                            "actual",
                            values.iter().map(|v| v.chars().count()).max().unwrap_or(0),
                        ),
                }),
            });
        }
        let (stored, error) = match validate_answer(item, values, today()) {
            Ok(canonical) => (canonical, None),
            Err(message) => (
                values.to_vec(),
                Some(FieldError {
                    link_id: link_id.to_owned(),
                    message,
                }),
            ),
        };
        let changed = editing.row.answers.get(link_id) != Some(&stored);
        // The same answer again, not waiting for review: it is already committed as it is.
        if changed || editing.row.review.contains(link_id) {
            // Changed: it is the resident's answer now, not the records'; unmarked in the same
            // commit as the answer (one fsync per save, never a mark on what the resident typed).
            let unmark = changed && editing.prefilled.remove(link_id);
            let before = self.store.commits();
            let updated_at = match self
                .store
                .save_answer(draft_id, link_id, &stored, unmark)
                .await
            {
                Ok(updated_at) => updated_at,
                Err(e) => {
                    self.editing.clear();
                    return Err(e);
                }
            };
            // The draft as now committed, without reading it back; kept for the next answer
            // only when this save was the one commit since the copy was taken.
            let only_this_commit = before == editing.commits && self.store.commits() == before + 1;
            editing.row.answers.insert(link_id.to_owned(), stored);
            editing.row.review.remove(link_id);
            editing.row.updated_at = updated_at;
            if only_this_commit {
                editing.commits = before + 1;
                self.editing.keep(editing.clone());
            } else {
                self.editing.clear();
            }
        }
        Ok(SaveOutcome {
            draft: view(editing),
            error,
        })
    }

    /// Submits a draft exactly once: it goes into the outbox (committed), then is sent at once
    /// with its id as the Idempotency-Key. Returns the receipt when the backend answers within
    /// the submit wait; otherwise a receipt saying where it waits (it is sent by itself later).
    /// Answers refused here or by the backend come back as [`CoreError::InvalidAnswers`], and the
    /// draft can be changed again.
    pub async fn submit_application(&self, draft_id: &str) -> Result<Receipt, CoreError> {
        if let Enqueue::Settled = self.enqueue_draft(draft_id).await? {
            let row = self.own_draft(draft_id).await?;
            return self.receipt_of(&row).await;
        }
        self.attempt_now(draft_id).await?;
        let row = self.store.draft(draft_id).await?;
        self.receipt_of(&row).await
    }

    /// Sends a row just put in the outbox now, waiting at most the submit wait. The attempt
    /// runs on its own task: if the wait ends first it still finishes and records its outcome,
    /// and the worker takes it from there. Answers the backend refused come back as
    /// [`CoreError::InvalidAnswers`]; anything else is where the store says it is.
    pub(crate) async fn attempt_now(&self, draft_id: &str) -> Result<(), CoreError> {
        let (store, backend, id) = (
            self.store.clone(),
            self.backend.clone(),
            draft_id.to_owned(),
        );
        let attempt = tokio::spawn(async move { outbox::send_one(&store, &backend, &id).await });
        match tokio::time::timeout(self.submit_wait, attempt).await {
            Ok(Ok(Ok(Attempt::InvalidAnswers(fields)))) => Err(CoreError::InvalidAnswers(fields)),
            Ok(Ok(Err(e))) => Err(e),
            _ => {
                // Whatever happened (accepted, retry later, refused, still sending), the store
                // says where it is; the worker gets a nudge for what waits.
                self.wake.notify_one();
                Ok(())
            }
        }
    }

    /// Sends drafts already queued (by [`Bianmin::enqueue_draft`]) at once, all at the same
    /// time, and waits for them at most the submit wait in all; what is not answered by then is
    /// the worker's. Each attempt records its own outcome in the store.
    pub(crate) async fn send_queued(&self, draft_ids: &[String]) {
        let attempts: Vec<_> = draft_ids
            .iter()
            .map(|id| {
                let (store, backend, id) = (self.store.clone(), self.backend.clone(), id.clone());
                tokio::spawn(async move { outbox::send_one(&store, &backend, &id).await })
            })
            .collect();
        let all = async {
            for attempt in attempts {
                let _ = attempt.await;
            }
        };
        let _ = tokio::time::timeout(self.submit_wait, all).await;
        self.wake.notify_one();
    }

    /// What stops a draft from being sent as it is (empty: nothing): answers the new form version
    /// does not fit, answers the rules refuse, files an answer names that are not on this
    /// computer.
    pub(crate) async fn problems_of(&self, row: &DraftRow) -> Result<Vec<FieldError>, CoreError> {
        let form = self.form_of(row).await?;
        // An answer the new form version does not fit waits for the resident's decision.
        let mut problems: Vec<FieldError> = row
            .review
            .iter()
            .map(|link_id| FieldError {
                link_id: link_id.clone(),
                message: Message::new(REASON_NEEDS_REVIEW),
            })
            .collect();
        problems.extend(
            validate_answers(&form, &row.answers, today())
                .into_iter()
                .filter(|p| !row.review.contains(&p.link_id)),
        );
        // Every file an answer names must be on this computer to be uploaded.
        let files: BTreeSet<String> = self
            .store
            .attachments(&row.id)
            .await?
            .into_iter()
            .filter(|f| f.has_bytes || f.uploaded)
            .map(|f| f.id)
            .collect();
        let asked_now = asked(&form, &row.answers);
        for item in form
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Attachment && asked_now.contains(&i.link_id))
        {
            let values = row.answers.get(&item.link_id).into_iter().flatten();
            if values.into_iter().any(|v| !files.contains(v))
                && !problems.iter().any(|p| p.link_id == item.link_id)
            {
                problems.push(FieldError {
                    link_id: item.link_id.clone(),
                    message: Message::new("error-upload-unknown"),
                });
            }
        }
        Ok(problems)
    }

    /// Puts a draft into the outbox (committed), unless it is there already in a state the
    /// resident cannot hurry (sending, accepted, refused for a reason other than its answers):
    /// then [`Enqueue::Settled`]. Answers refused here are [`CoreError::InvalidAnswers`] and
    /// nothing is queued.
    pub(crate) async fn enqueue_draft(&self, draft_id: &str) -> Result<Enqueue, CoreError> {
        let mut tries = 0;
        loop {
            let row = self.own_draft(draft_id).await?;
            if row.supplement.is_some() {
                // A supplement is sent to its case (`submit_supplement`), never as an application.
                return Err(CoreError::NotFound(format!("application {draft_id}")));
            }
            if row.submitted {
                return Ok(Enqueue::Settled);
            }
            match self.store.outbox_entry(draft_id).await? {
                // Waiting in the outbox: the resident asks again, so try now.
                Some(e) if matches!(e.state, OutboxState::Queued | OutboxState::RetryLater) => {
                    return Ok(Enqueue::Ready)
                }
                Some(e)
                    if e.state != OutboxState::NeedsAttention
                        || e.reason.as_deref() != Some(REASON_INVALID_ANSWERS) =>
                {
                    return Ok(Enqueue::Settled);
                }
                _ => {}
            }
            let problems = self.problems_of(&row).await?;
            if !problems.is_empty() {
                return Err(CoreError::InvalidAnswers(problems));
            }
            let form = self.form_of(&row).await?;
            let request = ApplicationRequest {
                service_code: row.service.summary.code.clone(),
                form: row.service.form.clone(),
                response: to_response(&form, &row.answers, today()),
                on_behalf_of: None,
            };
            // A 12345 request goes to /v1/hotline-requests: it must make one (checked now, so
            // the outbox never holds a request the backend would refuse for its shape).
            let kind = if crate::hotline::is_hotline(&row) {
                crate::hotline::submission(&request).map_err(CoreError::InvalidAnswers)?;
                OutboxKind::Hotline
            } else {
                OutboxKind::Application
            };
            let body =
                serde_json::to_vec(&request).map_err(|e| CoreError::Corrupt(e.to_string()))?;
            // Sent as the resident signed in now (if any), and only under their own session.
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
                .enqueue(draft_id, &body, &row.updated_at, kind)
                .await?
            {
                Enqueued::Queued | Enqueued::AlreadyThere => return Ok(Enqueue::Ready),
                Enqueued::DraftChanged if tries < 3 => tries += 1,
                Enqueued::DraftChanged => return Err(CoreError::AlreadySubmitted),
            }
        }
    }

    /// The receipt of a draft as the outbox has it now.
    pub(crate) async fn receipt_of(&self, row: &DraftRow) -> Result<Receipt, CoreError> {
        let entry = self.store.outbox_entry(&row.id).await?;
        let (outbox, next_attempt_at, attention) = outbox_view(entry.as_ref());
        Ok(Receipt {
            draft_id: row.id.clone(),
            case_number: row.case_number.clone(),
            service_name: row.service.summary.name.clone(),
            submitted_at: row.submitted_at.clone(),
            promised_days: row.service.promised_days,
            // A draft accepted before the outbox existed has no row.
            outbox: outbox.unwrap_or(if row.submitted {
                OutboxState::Accepted
            } else {
                OutboxState::Queued
            }),
            next_attempt_at,
            attention,
            hotline: crate::hotline::is_hotline(row),
        })
    }

    pub async fn my_applications(&self) -> Result<Vec<ApplicationSummary>, CoreError> {
        let cases = self.store.case_headlines().await?;
        let hotline = self.store.hotline_headlines().await?;
        let entries: BTreeMap<String, OutboxRow> = self
            .store
            .outbox_entries()
            .await?
            .into_iter()
            .map(|e| (e.draft_id.clone(), e))
            .collect();
        Ok(self
            .store
            .drafts(&self.party())
            .await?
            .into_iter()
            .map(|row| {
                let (outbox, next_attempt_at, attention) = outbox_view(entries.get(&row.id));
                let is_hotline = crate::hotline::is_hotline(&row);
                let case = row
                    .case_number
                    .as_ref()
                    .filter(|_| !is_hotline)
                    .and_then(|n| cases.get(n));
                let request = row
                    .case_number
                    .as_ref()
                    .filter(|_| is_hotline)
                    .and_then(|n| hotline.get(n));
                ApplicationSummary {
                    case_status: case.map(|c| crate::cases::state(c.status)),
                    case_status_message: case
                        .map(|c| crate::cases::status_message(c.status))
                        .or_else(|| request.map(|r| crate::hotline::status_message(r.0)))
                        // Raised but not fetched yet: a request the backend has is accepted (受理)
                        // until its feed says more (the watcher's first fetch brings no news).
                        .or_else(|| {
                            (is_hotline && row.submitted).then(|| {
                                crate::hotline::status_message(bianmin_api::HotlineStatus::Accepted)
                            })
                        }),
                    unseen_events: case.map_or(0, |c| c.unseen) + request.map_or(0, |r| r.1),
                    hotline: is_hotline,
                    draft_id: row.id,
                    service_name: row.service.summary.name,
                    status: status(row.submitted),
                    case_number: row.case_number,
                    updated_at: row.updated_at,
                    outbox: outbox.or(row.submitted.then_some(OutboxState::Accepted)),
                    next_attempt_at,
                    attention,
                }
            })
            .collect())
    }

    pub async fn close(&self) {
        self.editing.clear();
        self.store.close().await;
    }

    /// The form a draft is pinned to, parsed once per process (a form version never changes, and
    /// a definition is not personal data), from the store's cache (fetched again if the cache
    /// lost it).
    pub(crate) async fn form_of(&self, row: &DraftRow) -> Result<Arc<FormDefinition>, CoreError> {
        let key = (row.form_url.clone(), row.form_version.clone());
        if let Some(of) = &row.supplement {
            return self.supplement_form(of).await;
        }
        if let Some(form) = self
            .forms
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Ok(form.clone());
        }
        let cached: Option<Questionnaire> = self
            .store
            .cached_form(&row.form_url, &row.form_version)
            .await?;
        let form = match cached {
            Some(form) => form,
            None => {
                let form = self.backend.form(&row.service.form).await?;
                self.store.cache_form(&form).await?;
                form
            }
        };
        let form = Arc::new(FormDefinition::parse(&form)?);
        self.forms
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, form.clone());
        Ok(form)
    }
}

/// Where [`Bianmin::enqueue_draft`] left a draft.
pub(crate) enum Enqueue {
    /// In the outbox, due now: send it.
    Ready,
    /// Accepted, on its way, or refused for a reason the resident cannot change: nothing to send.
    Settled,
}

pub(crate) fn today() -> time::Date {
    time::OffsetDateTime::now_utc().date()
}

fn status(submitted: bool) -> DraftStatus {
    if submitted {
        DraftStatus::Submitted
    } else {
        DraftStatus::Draft
    }
}

/// An outbox row as the UI sees it: its state, when it is tried again, and what needs attention.
pub(crate) fn outbox_view(
    entry: Option<&OutboxRow>,
) -> (Option<OutboxState>, Option<String>, Option<Message>) {
    let Some(e) = entry else {
        return (None, None, None);
    };
    let next = match e.state {
        OutboxState::RetryLater | OutboxState::Queued => {
            e.next_attempt_at.and_then(outbox::rfc3339_ms)
        }
        _ => None,
    };
    let attention = match (e.state, &e.reason) {
        (OutboxState::NeedsAttention, Some(reason)) => {
            Some(Message::new(reason.clone()).arg("hotline", HOTLINE))
        }
        _ => None,
    };
    (Some(e.state), next, attention)
}

fn draft_view(
    row: DraftRow,
    form: &FormDefinition,
    entry: Option<&OutboxRow>,
    prefilled: &BTreeSet<String>,
    files: &[AttachmentMeta],
) -> Draft {
    let asked = asked(form, &row.answers);
    let attachments_of = |item: &bianmin_forms::FormItem| -> Vec<AttachmentView> {
        if item.kind != ItemKind::Attachment {
            return Vec::new();
        }
        row.answers
            .get(&item.link_id)
            .into_iter()
            .flatten()
            .filter_map(|id| files.iter().find(|f| &f.id == id))
            .map(|f| AttachmentView {
                id: f.id.clone(),
                file_name: f.file_name.clone(),
                size: f.size,
                content_type: f.content_type.clone(),
            })
            .collect()
    };
    Draft {
        questions: form
            .items
            .iter()
            .filter(|i| asked.contains(&i.link_id))
            .map(|i| Question {
                prefilled: prefilled.contains(&i.link_id),
                attachments: attachments_of(i),
                ..question_view(i)
            })
            .collect(),
        status: status(row.submitted),
        id: row.id,
        service_code: row.service.summary.code,
        service_name: row.service.summary.name,
        answers: row.answers,
        review: row.review.into_iter().collect(),
        case_number: row.case_number,
        updated_at: row.updated_at,
        outbox: entry.map(|e| e.state),
        supplement_for: row.supplement.map(|s| s.case_number),
    }
}

fn question_view(item: &bianmin_forms::FormItem) -> Question {
    Question {
        link_id: item.link_id.clone(),
        kind: match item.kind {
            ItemKind::Display => QuestionKind::Display,
            ItemKind::String => QuestionKind::String,
            ItemKind::Text => QuestionKind::Text,
            ItemKind::Integer => QuestionKind::Integer,
            ItemKind::Decimal => QuestionKind::Decimal,
            ItemKind::Date => QuestionKind::Date,
            ItemKind::Boolean => QuestionKind::Boolean,
            ItemKind::Choice => QuestionKind::Choice,
            ItemKind::OpenChoice => QuestionKind::OpenChoice,
            ItemKind::Attachment => QuestionKind::Attachment,
        },
        text: item.text.clone(),
        hint: item.hint.clone(),
        section: item.section.clone(),
        required: item.required,
        repeats: item.repeats,
        options: item
            .options
            .iter()
            .map(|o| ChoiceOption {
                code: o.code.clone(),
                text: o.text.clone(),
            })
            .collect(),
        input_mode: match (item.kind, item.validator) {
            (_, Some(Validator::Mobile)) => InputMode::Tel,
            (ItemKind::Integer | ItemKind::Date, _) | (_, Some(Validator::Postcode)) => {
                InputMode::Numeric
            }
            (ItemKind::Decimal, _) => InputMode::Decimal,
            // ID numbers may end in X, so they are not numeric-only.
            _ => InputMode::Text,
        },
        autocomplete: item.autocomplete.clone(),
        max_length: item.max_length,
        max_answers: item.max_answers.and_then(|n| u32::try_from(n).ok()),
        width: item.width,
        prefilled: false,
        attachments: Vec::new(),
    }
}
