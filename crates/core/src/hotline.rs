//! 12345 requests (接诉即办): raised from the app, followed through dispatch, handling, reply,
//! closing and the follow-up visit, then rated once.
//!
//! A request is asked like an application: a draft of the service whose form is
//! `bianmin_api::hotline_form::FORM_ID` (one question per page, answers sealed, photos as
//! attachments, the check page), so a crash, a closed window or a lost network loses nothing.
//! `submit_application` puts it in the same outbox with kind `hotline` (`store/outbox.rs`): its
//! photos are uploaded resumably like any application's, and each send derives the
//! [`HotlineSubmission`] from the exact stored bytes ([`submission_body`]) and posts it to
//! `/v1/hotline-requests` with the draft id as the Idempotency-Key, so it is raised exactly once.
//! The request's id is kept where a case number is.
//!
//! Invariants: the cached feed is append-only (`store/hotline.rs`); news is what the resident has
//! not been shown; the rating form is offered only after the follow-up visit and before a rating
//! is known; the backend's 409 (rated already) is reported with the first rating, never retried.

use crate::app::Bianmin;
use crate::cases::check_rating;
use crate::client::BackendClient;
use crate::error::CoreError;
use crate::store::{CachedHotline, DraftRow, Store};
use crate::view::{CaseNews, Draft, HotlineEventView, HotlineState, HotlineView, RatingView};
use bianmin_api::{
    hotline_form, ApplicationRequest, FieldError, HotlineStatus, HotlineSubmission, HotlineType,
    Message, RatingRequest, MAX_HOTLINE_PHOTOS,
};

/// The backend's limits (`crates/server/src/hotline.rs`), checked before a request is queued.
const MAX_DESCRIPTION_CHARS: usize = 2000;
const MAX_LOCATION_CHARS: usize = 200;

/// A draft of the 12345 request form.
pub(crate) fn is_hotline(row: &DraftRow) -> bool {
    row.service.form.id == hotline_form::FORM_ID
}

fn field(link_id: &str, message: Message) -> FieldError {
    FieldError {
        link_id: link_id.to_owned(),
        message,
    }
}

/// The 12345 request an application body of the request form stands for, or the problems
/// (about the form's questions) that keep it from being one.
pub(crate) fn submission(
    request: &ApplicationRequest,
) -> Result<HotlineSubmission, Vec<FieldError>> {
    let answers = |link: &str| {
        request
            .response
            .item
            .iter()
            .find(|i| i.link_id == link)
            .map(|i| i.answer.as_slice())
            .unwrap_or_default()
    };
    let text = |link: &str| {
        answers(link)
            .first()
            .and_then(|a| a.value_string.clone())
            .unwrap_or_default()
    };
    let mut problems = Vec::new();
    let kind = answers(hotline_form::TYPE)
        .first()
        .and_then(|a| a.value_coding.as_ref())
        .and_then(|c| {
            serde_json::from_value::<HotlineType>(serde_json::Value::String(c.code.clone())).ok()
        });
    if kind.is_none() {
        problems.push(field(
            hotline_form::TYPE,
            Message::new("error-select-required"),
        ));
    }
    let description = text(hotline_form::DESCRIPTION).trim().to_owned();
    let location = text(hotline_form::LOCATION).trim().to_owned();
    for (link, value, max) in [
        (
            hotline_form::DESCRIPTION,
            &description,
            MAX_DESCRIPTION_CHARS,
        ),
        (hotline_form::LOCATION, &location, MAX_LOCATION_CHARS),
    ] {
        let chars = value.chars().count();
        if chars == 0 {
            problems.push(field(link, Message::new("error-required")));
        } else if chars > max {
            problems.push(field(
                link,
                Message::new("error-too-long")
                    .arg("max", max)
                    .arg("actual", chars),
            ));
        }
    }
    let photos: Vec<String> = answers(hotline_form::PHOTOS)
        .iter()
        .filter_map(|a| a.value_string.clone())
        .collect();
    if photos.len() > MAX_HOTLINE_PHOTOS {
        problems.push(field(
            hotline_form::PHOTOS,
            Message::new("error-too-many-files").arg("max", MAX_HOTLINE_PHOTOS),
        ));
    }
    let anonymous = answers(hotline_form::ANONYMOUS)
        .first()
        .and_then(|a| a.value_boolean);
    if anonymous.is_none() {
        problems.push(field(
            hotline_form::ANONYMOUS,
            Message::new("error-select-required"),
        ));
    }
    let anonymous = anonymous.unwrap_or(false);
    let mobile = text(hotline_form::CONTACT_MOBILE);
    if !anonymous && mobile.is_empty() {
        problems.push(field(
            hotline_form::CONTACT_MOBILE,
            Message::new("error-required"),
        ));
    }
    match kind {
        Some(kind) if problems.is_empty() => Ok(HotlineSubmission {
            kind,
            description,
            location,
            photos,
            anonymous,
            // Collected only when needed: an anonymous request carries no number.
            contact_mobile: (!anonymous).then_some(mobile),
        }),
        _ => Err(problems),
    }
}

/// The body to post for a stored outbox body of the request form: the same bytes give the same
/// request, so every retry is the one the backend already has under the key.
pub(crate) fn submission_body(stored: &[u8]) -> Result<Vec<u8>, CoreError> {
    let request: ApplicationRequest =
        serde_json::from_slice(stored).map_err(|e| CoreError::Corrupt(e.to_string()))?;
    let hotline = submission(&request).map_err(CoreError::InvalidAnswers)?;
    serde_json::to_vec(&hotline).map_err(|e| CoreError::Corrupt(e.to_string()))
}

fn state(status: HotlineStatus) -> HotlineState {
    match status {
        HotlineStatus::Accepted => HotlineState::Accepted,
        HotlineStatus::Dispatched => HotlineState::Dispatched,
        HotlineStatus::Handled => HotlineState::Handled,
        HotlineStatus::Replied => HotlineState::Replied,
        HotlineStatus::Closed => HotlineState::Closed,
        HotlineStatus::FollowUpVisit => HotlineState::FollowUpVisit,
        HotlineStatus::Rated => HotlineState::Rated,
    }
}

fn name(status: HotlineStatus) -> &'static str {
    match status {
        HotlineStatus::Accepted => "accepted",
        HotlineStatus::Dispatched => "dispatched",
        HotlineStatus::Handled => "handled",
        HotlineStatus::Replied => "replied",
        HotlineStatus::Closed => "closed",
        HotlineStatus::FollowUpVisit => "follow-up-visit",
        HotlineStatus::Rated => "rated",
    }
}

/// The status in plain words: a Fluent id in ui.ftl.
pub(crate) fn status_message(status: HotlineStatus) -> String {
    format!("hotline-status-{}", name(status))
}

fn next_step_message(status: HotlineStatus, rated: bool) -> String {
    let step = match status {
        HotlineStatus::Accepted | HotlineStatus::Dispatched | HotlineStatus::Handled => "wait",
        HotlineStatus::Replied | HotlineStatus::Closed => "replied",
        HotlineStatus::FollowUpVisit if rated => "rated",
        HotlineStatus::FollowUpVisit => "rate",
        HotlineStatus::Rated => "rated",
    };
    format!("hotline-next-{step}")
}

fn kind_message(code: &str) -> String {
    format!("hotline-type-{code}")
}

/// A mobile as the backend sends it back: `138****8000`.
fn mask(mobile: &str) -> String {
    match (mobile.get(..3), mobile.get(7..)) {
        (Some(head), Some(tail)) if mobile.len() == 11 => format!("{head}****{tail}"),
        _ => "****".to_owned(),
    }
}

/// Fetches a request's feed and caches it; returns the events new to this computer.
async fn refresh_one(
    store: &Store,
    backend: &BackendClient,
    id: &str,
) -> Result<Vec<bianmin_api::HotlineEvent>, CoreError> {
    let detail = backend.hotline_request(id).await?;
    store
        .merge_hotline_events(id, &detail.events, detail.status)
        .await
}

/// One round for the watcher: fetches every request raised here that is not rated yet. Stops
/// at the first network failure; one the backend does not know is skipped. Returns the news of
/// those with events the resident has not seen that arrived in this round (as `CaseNews`, with
/// the request's id and no case status).
pub(crate) async fn refresh_open(
    store: &Store,
    backend: &BackendClient,
) -> Result<Vec<CaseNews>, CoreError> {
    let mut found = Vec::new();
    for (id, status) in store.followed_hotline().await? {
        if status == Some(HotlineStatus::Rated) {
            continue;
        }
        let added = match refresh_one(store, backend, &id).await {
            Ok(added) => added,
            Err(e @ CoreError::Network(_)) => {
                tracing::info!(error = %e, "12345 requests not refreshed: the backend is unreachable");
                break;
            }
            Err(e) => {
                tracing::warn!(request = %id, error = %e, "12345 request not refreshed");
                continue;
            }
        };
        let (Some(cached), Some(draft)) = (
            store.cached_hotline(&id).await?,
            store.draft_of_hotline(&id).await?,
        ) else {
            continue;
        };
        let unseen = u32::try_from(added.iter().filter(|e| e.seq > cached.seen_seq).count())
            .unwrap_or(u32::MAX);
        if unseen > 0 {
            tracing::info!(request = %id, events = unseen, "news of a 12345 request");
            found.push(CaseNews {
                service_name: store.draft(&draft).await?.service.summary.name,
                case_number: id,
                status: None,
                status_message: status_message(cached.status),
                new_events: unseen,
            });
        }
    }
    Ok(found)
}

impl Bianmin {
    /// Resumes the open 12345 request draft, or starts one: the request form's questions are
    /// then asked like any form's (`save_answer`, `attach_file`, `submit_application`).
    pub async fn start_hotline_request(&self) -> Result<Draft, CoreError> {
        self.start_application(hotline_form::SERVICE_CODE).await
    }

    /// One round of the watcher for 12345 requests now; returns their news.
    pub async fn refresh_hotline(&self) -> Result<Vec<CaseNews>, CoreError> {
        refresh_open(&self.store, &self.backend).await
    }

    /// A 12345 request's page: fetched from the backend and cached; the cache when the backend
    /// cannot be reached. Opening it marks its events as seen (the view still says which were
    /// new). What was raised comes from the draft kept (sealed) on this computer.
    pub async fn get_hotline_request(&self, id: &str) -> Result<HotlineView, CoreError> {
        let draft_id = self
            .store
            .draft_of_hotline(id)
            .await?
            .ok_or_else(|| CoreError::NotFound(format!("12345 request {id}")))?;
        let row = self.own_draft(&draft_id).await?;
        let from_cache = match refresh_one(&self.store, &self.backend, id).await {
            Ok(_) => false,
            Err(e @ CoreError::Network(_)) => {
                if self.store.cached_hotline(id).await?.is_none() {
                    return Err(e);
                }
                true
            }
            Err(e) => return Err(e),
        };
        let mut cached = self
            .store
            .cached_hotline(id)
            .await?
            .ok_or_else(|| CoreError::NotFound(format!("12345 request {id}")))?;
        if cached.status == HotlineStatus::Rated && cached.rating.is_none() && !from_cache {
            // Rated elsewhere, or a rating whose answer was lost: show it.
            match self.backend.hotline_rating(id).await {
                Ok(Some(rating)) => {
                    self.store.cache_hotline_rating(id, &rating).await?;
                    cached.rating = Some(rating);
                }
                Ok(None) => {}
                Err(e) => tracing::info!(error = %e, "the rating could not be fetched"),
            }
        }
        let view = self.hotline_view(&row, &cached, from_cache).await?;
        if let Some(last) = cached.events.last() {
            self.store.mark_hotline_seen(id, last.seq).await?;
        }
        Ok(view)
    }

    /// Rates a 12345 request after its follow-up visit (评价), once: level 5 very satisfied … 1
    /// very dissatisfied, an optional comment of at most 500 characters. A second rating is
    /// [`CoreError::AlreadyRated`], and the first one is kept and shown.
    pub async fn rate_hotline_request(
        &self,
        id: &str,
        level: u8,
        comment: Option<&str>,
    ) -> Result<HotlineView, CoreError> {
        let comment = check_rating(level, comment)?;
        if self.store.cached_hotline(id).await?.is_none() {
            refresh_one(&self.store, &self.backend, id).await?;
        }
        match self
            .backend
            .rate_hotline(id, &RatingRequest { level, comment })
            .await
        {
            Ok(rating) => self.store.cache_hotline_rating(id, &rating).await?,
            Err(CoreError::AlreadyRated) => {
                if let Ok(Some(rating)) = self.backend.hotline_rating(id).await {
                    self.store.cache_hotline_rating(id, &rating).await?;
                }
                return Err(CoreError::AlreadyRated);
            }
            Err(e) => return Err(e),
        }
        self.get_hotline_request(id).await
    }

    async fn hotline_view(
        &self,
        row: &DraftRow,
        cached: &CachedHotline,
        from_cache: bool,
    ) -> Result<HotlineView, CoreError> {
        let answer = |link: &str| {
            row.answers
                .get(link)
                .and_then(|v| v.first())
                .cloned()
                .unwrap_or_default()
        };
        let anonymous = answer(hotline_form::ANONYMOUS) == "true";
        let photo_ids = row
            .answers
            .get(hotline_form::PHOTOS)
            .cloned()
            .unwrap_or_default();
        let files = self.store.attachments(&row.id).await?;
        let photos = photo_ids
            .iter()
            .filter_map(|id| files.iter().find(|f| &f.id == id))
            .map(|f| f.file_name.clone())
            .collect();
        let rated = cached.rating.is_some();
        Ok(HotlineView {
            id: cached.id.clone(),
            kind_message: kind_message(&answer(hotline_form::TYPE)),
            description: answer(hotline_form::DESCRIPTION),
            location: answer(hotline_form::LOCATION),
            anonymous,
            contact_mobile: (!anonymous).then(|| mask(&answer(hotline_form::CONTACT_MOBILE))),
            photos,
            status: state(cached.status),
            status_message: status_message(cached.status),
            next_step_message: next_step_message(cached.status, rated),
            events: cached
                .events
                .iter()
                .map(|e| HotlineEventView {
                    seq: e.seq,
                    status: state(e.status),
                    at: e.at.clone(),
                    message: format!("hotline-event-{}", name(e.status)),
                    note: e.note.clone(),
                    is_new: e.seq > cached.seen_seq,
                })
                .collect(),
            can_rate: cached.status == HotlineStatus::FollowUpVisit && !rated,
            rating: cached.rating.as_ref().map(|r| RatingView {
                level: r.level,
                comment: r.comment.clone(),
                at: r.at.clone(),
            }),
            from_cache,
            refreshed_at: cached.refreshed_at.clone(),
            created_at: row.submitted_at.clone(),
        })
    }
}
