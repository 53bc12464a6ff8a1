//! Following a case (办件) after it was submitted: its timeline (cached, so it shows offline),
//! withdrawal, the rating (好差评), and the watcher that fetches news of open cases (and, in the
//! same round, the signed-in resident's reminders: `reminders.rs`).
//!
//! Invariants: the cached feed is append-only like the backend's (an event, once cached, never
//! changes); a case's news is what the resident has not been shown (`seen_seq`), told until the
//! case is opened; a rating is offered only for a case that is done and not rated, and the
//! backend's 409 (rated already, or the case moved on) is reported, never retried.

use crate::app::Bianmin;
use crate::client::BackendClient;
use crate::error::CoreError;
use crate::reminders::refresh_reminders;
use crate::store::{CachedCase, Store};
use crate::view::{
    CaseEventKind, CaseEventView, CaseNews, CaseState, CaseView, MaterialView, RatingView,
    ReminderView,
};
use bianmin_api::{
    CaseEvent, CaseEventDetail, CaseStatus, FieldError, LocalizedText, Message, RatingRequest,
    RequestedMaterial, WithdrawRequest, MAX_COMMENT_CHARS,
};
use std::sync::Arc;
use std::time::Duration;

/// How often the watcher asks the backend about open cases, unless told otherwise.
pub const CASE_WATCH_INTERVAL: Duration = Duration::from_secs(60);

/// Done, rejected and withdrawn cases never move again: they are not fetched any more.
pub fn is_final(status: CaseStatus) -> bool {
    matches!(
        status,
        CaseStatus::Done | CaseStatus::Rejected | CaseStatus::Withdrawn
    )
}

/// The backend's rule for withdrawal (`cases::allowed` on the server): anything not final.
fn can_withdraw(status: CaseStatus) -> bool {
    !is_final(status)
}

pub(crate) fn state(status: CaseStatus) -> CaseState {
    match status {
        CaseStatus::Submitted => CaseState::Submitted,
        CaseStatus::Accepted => CaseState::Accepted,
        CaseStatus::NeedsMore => CaseState::NeedsMore,
        CaseStatus::Supplemented => CaseState::Supplemented,
        CaseStatus::InProgress => CaseState::InProgress,
        CaseStatus::Done => CaseState::Done,
        CaseStatus::Rejected => CaseState::Rejected,
        CaseStatus::Withdrawn => CaseState::Withdrawn,
    }
}

/// The status in plain words: a Fluent id in ui.ftl.
pub(crate) fn status_message(status: CaseStatus) -> String {
    let name = match status {
        CaseStatus::Submitted => "submitted",
        CaseStatus::Accepted => "accepted",
        CaseStatus::NeedsMore => "needs-more",
        CaseStatus::Supplemented => "supplemented",
        CaseStatus::InProgress => "in-progress",
        CaseStatus::Done => "done",
        CaseStatus::Rejected => "rejected",
        CaseStatus::Withdrawn => "withdrawn",
    };
    format!("case-status-{name}")
}

fn next_step_message(status: CaseStatus, rated: bool) -> String {
    let name = match status {
        CaseStatus::Submitted | CaseStatus::Accepted | CaseStatus::InProgress => "wait",
        CaseStatus::NeedsMore => "needs-more",
        CaseStatus::Supplemented => "supplemented",
        CaseStatus::Done if rated => "done-rated",
        CaseStatus::Done => "done",
        CaseStatus::Rejected => "rejected",
        CaseStatus::Withdrawn => "withdrawn",
    };
    format!("case-next-{name}")
}

fn material_view(m: &RequestedMaterial) -> MaterialView {
    MaterialView {
        code: m.code.clone(),
        name: m.name.clone(),
        reason: m.reason.clone(),
    }
}

fn event_view(event: &CaseEvent, seen_seq: u32) -> CaseEventView {
    let (kind, materials, reason, result) = match &event.detail {
        CaseEventDetail::Submitted => (CaseEventKind::Submitted, Vec::new(), None, None),
        CaseEventDetail::Accepted => (CaseEventKind::Accepted, Vec::new(), None, None),
        CaseEventDetail::NeedsMaterial {
            materials, reason, ..
        } => (
            CaseEventKind::NeedsMaterial,
            materials.iter().map(material_view).collect(),
            Some(reason.clone()),
            None,
        ),
        CaseEventDetail::Supplemented { .. } => {
            (CaseEventKind::Supplemented, Vec::new(), None, None)
        }
        CaseEventDetail::Rejected { reason } => (
            CaseEventKind::Rejected,
            Vec::new(),
            Some(reason.clone()),
            None,
        ),
        CaseEventDetail::InProgress => (CaseEventKind::InProgress, Vec::new(), None, None),
        CaseEventDetail::Done { result } => {
            (CaseEventKind::Done, Vec::new(), None, Some(result.clone()))
        }
        CaseEventDetail::Withdrawn => (CaseEventKind::Withdrawn, Vec::new(), None, None),
    };
    let name = match kind {
        CaseEventKind::Submitted => "submitted",
        CaseEventKind::Accepted => "accepted",
        CaseEventKind::NeedsMaterial => "needs-material",
        CaseEventKind::Supplemented => "supplemented",
        CaseEventKind::Rejected => "rejected",
        CaseEventKind::InProgress => "in-progress",
        CaseEventKind::Done => "done",
        CaseEventKind::Withdrawn => "withdrawn",
    };
    CaseEventView {
        seq: event.seq,
        kind,
        at: event.at.clone(),
        message: format!("case-event-{name}"),
        materials,
        reason,
        result,
        is_new: event.seq > seen_seq,
    }
}

/// The service's name: from the application submitted on this computer, else the cached
/// catalogue, else its code.
async fn service_name(store: &Store, case: &CachedCase) -> Result<LocalizedText, CoreError> {
    if let Some(id) = store.draft_of_case(&case.case_number).await? {
        return Ok(store.draft(&id).await?.service.summary.name);
    }
    Ok(match store.cached_service(&case.service_code).await? {
        Some(item) => item.summary.name,
        None => LocalizedText::new(case.service_code.clone(), case.service_code.clone()),
    })
}

/// Fetches the feed of one case and caches it; returns the events new to this computer.
pub(crate) async fn refresh_one(
    store: &Store,
    backend: &BackendClient,
    case_number: &str,
) -> Result<Vec<CaseEvent>, CoreError> {
    let list = backend.case_events(case_number).await?;
    store.merge_case_events(&list).await
}

/// Fetches every case that is not final; returns news of those with events the resident has not
/// seen that arrived in this round. Stops at the first network failure (offline: no use asking
/// for the others); a case the backend does not know is skipped.
async fn refresh_open(store: &Store, backend: &BackendClient) -> Result<Vec<CaseNews>, CoreError> {
    let mut news = Vec::new();
    for (case_number, status) in store.followed_cases().await? {
        if status.is_some_and(is_final) {
            continue;
        }
        let added = match refresh_one(store, backend, &case_number).await {
            Ok(added) => added,
            Err(e @ CoreError::Network(_)) => {
                tracing::info!(error = %e, "cases not refreshed: the backend is unreachable");
                break;
            }
            Err(e) => {
                tracing::warn!(case = %case_number, error = %e, "case not refreshed");
                continue;
            }
        };
        let Some(case) = store.cached_case(&case_number).await? else {
            continue;
        };
        let unseen = u32::try_from(added.iter().filter(|e| e.seq > case.seen_seq).count())
            .unwrap_or(u32::MAX);
        if unseen > 0 {
            tracing::info!(case = %case_number, events = unseen, "news of a case");
            news.push(CaseNews {
                service_name: service_name(store, &case).await?,
                case_number,
                status: Some(state(case.status)),
                status_message: status_message(case.status),
                new_events: unseen,
            });
        }
    }
    Ok(news)
}

/// The background watcher of open cases: asks the backend about every case that is not final,
/// at start and then every interval, and hands news to `on_news`. Stops when dropped.
pub struct CaseWatcher {
    task: tokio::task::JoinHandle<()>,
}

impl CaseWatcher {
    pub fn stop(&self) {
        self.task.abort();
    }
}

impl Drop for CaseWatcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// What the watcher does with news (the shell pushes it to the UI and the desktop).
pub type NewsSink = Arc<dyn Fn(Vec<CaseNews>) + Send + Sync>;

fn field(name: &str, message: Message) -> FieldError {
    FieldError {
        link_id: name.to_owned(),
        message,
    }
}

/// The resident's free text trimmed, `None` when empty, or the problem when it is too long.
fn free_text(name: &str, text: Option<&str>) -> Result<Option<String>, CoreError> {
    let text = text.map(str::trim).filter(|t| !t.is_empty());
    match text {
        Some(t) if t.chars().count() > MAX_COMMENT_CHARS => {
            Err(CoreError::InvalidAnswers(vec![field(
                name,
                Message::new("error-too-long")
                    .arg("max", MAX_COMMENT_CHARS)
                    .arg("actual", t.chars().count()),
            )]))
        }
        other => Ok(other.map(str::to_owned)),
    }
}

/// A rating as the resident gave it: level 1–5 and the comment trimmed (`None` when empty), or
/// every problem with them.
pub(crate) fn check_rating(level: u8, comment: Option<&str>) -> Result<Option<String>, CoreError> {
    let mut problems = Vec::new();
    if !(1..=5).contains(&level) {
        problems.push(field("level", Message::new("error-rating-level")));
    }
    let comment = match free_text("comment", comment) {
        Ok(c) => c,
        Err(CoreError::InvalidAnswers(mut fields)) => {
            problems.append(&mut fields);
            None
        }
        Err(e) => return Err(e),
    };
    if problems.is_empty() {
        Ok(comment)
    } else {
        Err(CoreError::InvalidAnswers(problems))
    }
}

impl Bianmin {
    /// Starts the watcher of open cases on the current tokio runtime (see [`CaseWatcher`]). Each
    /// round also reads the signed-in resident's notification feed: reminders new to this
    /// computer go to `on_reminders` (nothing when nobody is signed in).
    pub fn spawn_case_watcher(
        &self,
        every: Duration,
        on_news: impl Fn(Vec<CaseNews>) + Send + Sync + 'static,
        on_reminders: impl Fn(Vec<ReminderView>) + Send + Sync + 'static,
    ) -> CaseWatcher {
        let (store, backend, party) = (
            self.store.clone(),
            self.backend.clone(),
            self.party_handle(),
        );
        let on_news: NewsSink = Arc::new(on_news);
        let task = tokio::spawn(async move {
            loop {
                let mut news = match refresh_open(&store, &backend).await {
                    Ok(news) => news,
                    Err(e) => {
                        tracing::warn!(error = %e, "watching cases failed");
                        Vec::new()
                    }
                };
                match crate::hotline::refresh_open(&store, &backend).await {
                    Ok(mut more) => news.append(&mut more),
                    Err(e) => tracing::warn!(error = %e, "watching 12345 requests failed"),
                }
                if !news.is_empty() {
                    on_news(news);
                }
                match refresh_reminders(&store, &backend, &party).await {
                    Ok(found) if !found.is_empty() => on_reminders(found),
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "reading reminders failed"),
                }
                tokio::time::sleep(every).await;
            }
        });
        CaseWatcher { task }
    }

    /// One round of the watcher now: fetches every open case, returns the news.
    pub async fn refresh_cases(&self) -> Result<Vec<CaseNews>, CoreError> {
        refresh_open(&self.store, &self.backend).await
    }

    /// A case's page: fetched from the backend and cached; the cache when the backend cannot be
    /// reached. Opening it marks its events as seen (the view still says which were new).
    pub async fn get_case(&self, case_number: &str) -> Result<CaseView, CoreError> {
        let from_cache = match refresh_one(&self.store, &self.backend, case_number).await {
            Ok(_) => false,
            Err(e @ CoreError::Network(_)) => {
                if self.store.cached_case(case_number).await?.is_none() {
                    return Err(e);
                }
                true
            }
            Err(e) => return Err(e),
        };
        let mut case = self
            .store
            .cached_case(case_number)
            .await?
            .ok_or_else(|| CoreError::NotFound(format!("case {case_number}")))?;
        if case.status == CaseStatus::Done && case.rating.is_none() && !from_cache {
            // Rated elsewhere (another device, a retry whose answer was lost): show it.
            match self.backend.case_rating(case_number).await {
                Ok(Some(rating)) => {
                    self.store.cache_rating(case_number, &rating).await?;
                    case.rating = Some(rating);
                }
                Ok(None) => {}
                Err(e) => tracing::info!(error = %e, "the rating could not be fetched"),
            }
        }
        let view = self.case_view(&case, from_cache).await?;
        if let Some(last) = case.events.last() {
            self.store.mark_case_seen(case_number, last.seq).await?;
        }
        Ok(view)
    }

    /// Withdraws an application (the resident confirmed it), with an optional reason of at most
    /// 500 characters that goes to the department only. Answers the case as it is afterwards.
    pub async fn withdraw_application(
        &self,
        case_number: &str,
        reason: Option<&str>,
    ) -> Result<CaseView, CoreError> {
        let reason = free_text("reason", reason)?;
        self.backend
            .withdraw(case_number, &WithdrawRequest { reason })
            .await?;
        self.get_case(case_number).await
    }

    /// Rates a case that is done (好差评), once: level 5 very satisfied … 1 very dissatisfied,
    /// an optional comment of at most 500 characters. A second rating is
    /// [`CoreError::AlreadyRated`], and the first one is kept and shown.
    pub async fn rate_case(
        &self,
        case_number: &str,
        level: u8,
        comment: Option<&str>,
    ) -> Result<CaseView, CoreError> {
        let comment = check_rating(level, comment)?;
        // Cached so that the rating is shown even when the next fetch is offline.
        if self.store.cached_case(case_number).await?.is_none() {
            refresh_one(&self.store, &self.backend, case_number).await?;
        }
        match self
            .backend
            .rate_case(case_number, &RatingRequest { level, comment })
            .await
        {
            Ok(rating) => self.store.cache_rating(case_number, &rating).await?,
            Err(CoreError::AlreadyRated) => {
                if let Ok(Some(rating)) = self.backend.case_rating(case_number).await {
                    self.store.cache_rating(case_number, &rating).await?;
                }
                return Err(CoreError::AlreadyRated);
            }
            Err(e) => return Err(e),
        }
        self.get_case(case_number).await
    }

    async fn case_view(&self, case: &CachedCase, from_cache: bool) -> Result<CaseView, CoreError> {
        let draft = match self.store.draft_of_case(&case.case_number).await? {
            Some(id) => Some(self.store.draft(&id).await?),
            None => None,
        };
        let (requested_materials, requested_reason, requests_answers) =
            match (case.status, open_request(case)) {
                (CaseStatus::NeedsMore, Some((materials, reason, form))) => (
                    materials.iter().map(material_view).collect(),
                    Some(reason),
                    form,
                ),
                _ => (Vec::new(), None, false),
            };
        let request = crate::supplement::answerable_request(case.status, &case.events);
        let supplement = self.supplement_status(&case.case_number, request).await?;
        // Offered while no supplement to this request is on its way or filed.
        let can_supplement = request.is_some()
            && supplement.as_ref().is_none_or(|s| {
                !s.current
                    || s.outbox.is_none()
                    || (s.outbox == Some(crate::view::OutboxState::NeedsAttention)
                        && s.attention.as_ref().map(|m| m.id.as_str())
                            == Some(crate::store::REASON_INVALID_ANSWERS))
            });
        Ok(CaseView {
            can_supplement,
            supplement,
            case_number: case.case_number.clone(),
            service_code: case.service_code.clone(),
            service_name: service_name(&self.store, case).await?,
            status: state(case.status),
            status_message: status_message(case.status),
            next_step_message: if requests_answers {
                // Questions as well as (or instead of) documents: say so, not "the documents".
                "case-next-needs-answers".to_owned()
            } else {
                next_step_message(case.status, case.rating.is_some())
            },
            events: case
                .events
                .iter()
                .map(|e| event_view(e, case.seen_seq))
                .collect(),
            requested_materials,
            requested_reason,
            requests_answers,
            can_withdraw: can_withdraw(case.status),
            can_rate: case.status == CaseStatus::Done && case.rating.is_none(),
            rating: case.rating.as_ref().map(|r| RatingView {
                level: r.level,
                comment: r.comment.clone(),
                at: r.at.clone(),
            }),
            from_cache,
            refreshed_at: case.refreshed_at.clone(),
            submitted_at: draft.as_ref().and_then(|d| d.submitted_at.clone()),
            promised_days: draft.map(|d| d.service.promised_days),
        })
    }
}

/// The latest request for material of a case.
fn open_request(case: &CachedCase) -> Option<(&[RequestedMaterial], LocalizedText, bool)> {
    case.events.iter().rev().find_map(|e| match &e.detail {
        CaseEventDetail::NeedsMaterial {
            materials,
            reason,
            supplement_form,
        } => Some((
            materials.as_slice(),
            reason.clone(),
            supplement_form.is_some(),
        )),
        _ => None,
    })
}
