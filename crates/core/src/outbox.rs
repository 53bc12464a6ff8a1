//! Sending what waits in the outbox: one attempt per due row, exponential backoff with full
//! jitter, `Retry-After` honoured, and a worker task that pumps it.
//!
//! A row is an application (`POST /v1/applications`) or a supplement (补正) to a case
//! (`POST /v1/applications/{caseNumber}/supplements`, when its draft has `supplement_for`): the
//! same claim, uploads, key, backoff and states for both; only the body and the route differ.
//!
//! Invariants: a row is claimed (`sending`, committed) before its request leaves; the draft id is
//! the Idempotency-Key and the body is the exact stored bytes, so a resend after a crash is
//! replayed by the backend, not filed twice; a failure is recorded on its own row and never stops
//! the others; nothing is deleted because sending failed.

use crate::client::{BackendClient, SendOutcome, UploadError};
use crate::error::CoreError;
use crate::store::{AttachmentMeta, OutboxKind, Store};
use bianmin_api::{ApplicationRequest, CreateUpload, FieldError, SupplementRequest};
use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::OsRng;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// The first retry waits up to this long; each further one doubles it…
pub const BACKOFF_BASE: Duration = Duration::from_secs(2);
/// …up to this.
pub const BACKOFF_CAP: Duration = Duration::from_secs(600);
/// A `Retry-After` longer than this is taken as this (a day).
const RETRY_AFTER_MAX: Duration = Duration::from_secs(86_400);
/// The worker looks at the outbox at least this often, even when nothing is due.
const IDLE_WAKE: Duration = Duration::from_secs(60);

/// The `needs_attention` reason of a refusal that changing answers cannot fix.
pub const REASON_REFUSED: &str = "error-submission-refused";

/// Full jitter (AWS architecture blog, "Exponential Backoff And Jitter"): a uniformly random
/// wait between 0 and min(cap, base · 2^(attempts−1)), so many clients coming back after an
/// outage do not retry in step.
pub fn backoff(attempts: u32) -> Duration {
    let exp = attempts.saturating_sub(1).min(20);
    let ceiling = BACKOFF_BASE.saturating_mul(1u32 << exp).min(BACKOFF_CAP);
    let ceiling_ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
    Duration::from_millis(OsRng.next_u64() % (ceiling_ms + 1))
}

/// What one attempt did.
#[derive(Debug)]
pub(crate) enum Attempt {
    /// Not due or being sent by someone else: nothing was sent.
    NotClaimed,
    Accepted,
    RetryLater,
    InvalidAnswers(Vec<FieldError>),
    Refused,
}

/// Sends one outbox row if it can be claimed, and records what became of it.
pub(crate) async fn send_one(
    store: &Store,
    backend: &BackendClient,
    draft_id: &str,
) -> Result<Attempt, CoreError> {
    let Some((body, attempts)) = store.claim(draft_id).await? else {
        return Ok(Attempt::NotClaimed);
    };
    // A supplement goes to its case; an application to the applications.
    let supplement_for = store.supplement_target(draft_id).await?;
    // Ids, states and kinds only: never the body, which is personal data.
    tracing::info!(
        draft = draft_id,
        attempt = attempts,
        supplement = supplement_for.is_some(),
        "sending an application"
    );
    // Signed as the resident who submitted it, while that resident is signed in here.
    let mut token = match store.outbox_sender(draft_id).await? {
        Some(subject) => backend.session().token_for(&subject),
        None => None,
    };
    // Its files first: the application names them by the backend's upload ids.
    let target = supplement_for.as_deref();
    let body = match upload_attachments(store, backend, draft_id, target, body, &mut token).await {
        Ok(body) => body,
        Err(Stop::Core(e)) => {
            // Not left `sending`: tried again later like any failed send.
            retry_later(store, draft_id, attempts, "local", None).await?;
            return Err(e);
        }
        Err(Stop::RetryLater { kind, retry_after }) => {
            return retry_later(store, draft_id, attempts, kind, retry_after).await;
        }
        Err(Stop::Refused {
            status,
            problem_type,
        }) => {
            store
                .mark_needs_attention(
                    draft_id,
                    REASON_REFUSED,
                    &format!("upload-refused-{status}"),
                )
                .await?;
            tracing::warn!(draft = draft_id, status, problem = %problem_type, "the backend refused a file");
            return Ok(Attempt::Refused);
        }
    };
    let kind = store
        .outbox_kind(draft_id)
        .await?
        .unwrap_or(OutboxKind::Application);
    let mut outcome = send(
        backend,
        kind,
        target,
        draft_id,
        body.clone(),
        token.as_deref(),
    )
    .await;
    if let SendOutcome::SessionEnded(_) = outcome {
        // The session ran out while it waited: nothing was filed (401). It is sent at once
        // without the token, so it is still delivered; its case is then followed by its case
        // number, kept on this computer. Anonymous applications are part of the contract.
        tracing::info!(draft = draft_id, "session ended; sending without it");
        outcome = send(backend, kind, target, draft_id, body, None).await;
    }
    match outcome {
        SendOutcome::Accepted(filed) => {
            store
                .mark_accepted(draft_id, &filed.case_number, &filed.at)
                .await?;
            tracing::info!(draft = draft_id, case = %filed.case_number, ?kind, supplement = target.is_some(), "accepted");
            Ok(Attempt::Accepted)
        }
        SendOutcome::RetryLater { kind, retry_after } => {
            retry_later(store, draft_id, attempts, kind, retry_after).await
        }
        SendOutcome::InvalidAnswers(fields) => {
            store
                .mark_needs_attention(
                    draft_id,
                    crate::store::REASON_INVALID_ANSWERS,
                    "invalid-answers",
                )
                .await?;
            tracing::warn!(draft = draft_id, "the backend refused the answers");
            Ok(Attempt::InvalidAnswers(fields))
        }
        SendOutcome::SessionEnded(_) => {
            // Only a send with a token can end a session, and the resend had none.
            store
                .mark_needs_attention(draft_id, REASON_REFUSED, "refused-401")
                .await?;
            Ok(Attempt::Refused)
        }
        SendOutcome::Refused {
            status,
            problem_type,
        } => {
            store
                .mark_needs_attention(draft_id, REASON_REFUSED, &format!("refused-{status}"))
                .await?;
            tracing::warn!(draft = draft_id, status, problem = %problem_type, "the backend refused the application");
            Ok(Attempt::Refused)
        }
    }
}

/// What the backend's receipt says, for either kind of row: the case, and when it was filed.
struct Filed {
    case_number: String,
    at: String,
}

/// Sends the row's body where it goes: a supplement to its case, a 12345 request to the hotline
/// requests, an application to the applications.
async fn send(
    backend: &BackendClient,
    kind: OutboxKind,
    supplement_for: Option<&str>,
    key: &str,
    body: Vec<u8>,
    token: Option<&str>,
) -> SendOutcome<Filed> {
    match (supplement_for, kind) {
        (None, OutboxKind::Application) => {
            backend
                .send_application(key, body, token)
                .await
                .map(|r| Filed {
                    case_number: r.case_number,
                    at: r.submitted_at,
                })
        }
        // Derived from the exact stored bytes, so every send carries the same request.
        (None, OutboxKind::Hotline) => match crate::hotline::submission_body(&body) {
            Ok(request) => backend
                .send_hotline(key, request, token)
                .await
                .map(|r| Filed {
                    case_number: r.id,
                    at: r.created_at,
                }),
            Err(e) => {
                tracing::warn!(draft = key, error = %e, "a 12345 request could not be built");
                SendOutcome::Refused {
                    status: 0,
                    problem_type: "local".to_owned(),
                }
            }
        },
        (Some(case), _) => backend
            .send_supplement(case, key, body, token)
            .await
            .map(|r| Filed {
                case_number: r.case_number,
                at: r.at,
            }),
    }
}

/// A row's body as far as its files go: which local attachment ids it names, and the same body
/// naming the backend's upload ids instead.
enum Body {
    Application(ApplicationRequest),
    Supplement(SupplementRequest),
}

impl Body {
    fn parse(supplement: bool, bytes: &[u8]) -> Result<Self, CoreError> {
        let corrupt = |e: serde_json::Error| CoreError::Corrupt(e.to_string());
        Ok(if supplement {
            Body::Supplement(serde_json::from_slice(bytes).map_err(corrupt)?)
        } else {
            Body::Application(serde_json::from_slice(bytes).map_err(corrupt)?)
        })
    }

    /// The answers' texts, which name files in attachment questions.
    fn values_mut(&mut self) -> Vec<&mut Option<String>> {
        let response = match self {
            Body::Application(r) => Some(&mut r.response),
            Body::Supplement(r) => r.response.as_mut(),
        };
        response
            .into_iter()
            .flat_map(|r| r.item.iter_mut())
            .flat_map(|item| item.answer.iter_mut())
            .map(|a| &mut a.value_string)
            .collect()
    }

    fn names(&mut self, local_id: &str) -> bool {
        if let Body::Supplement(r) = self {
            if r.uploads.iter().any(|u| u.upload_id == local_id) {
                return true;
            }
        }
        self.values_mut()
            .into_iter()
            .any(|v| v.as_deref() == Some(local_id))
    }

    fn name_uploads(&mut self, upload_ids: &std::collections::BTreeMap<String, String>) {
        if let Body::Supplement(r) = self {
            for u in &mut r.uploads {
                if let Some(id) = upload_ids.get(&u.upload_id) {
                    u.upload_id = id.clone();
                }
            }
        }
        for value in self.values_mut() {
            if let Some(id) = value.as_ref().and_then(|local| upload_ids.get(local)) {
                *value = Some(id.clone());
            }
        }
    }

    fn to_vec(&self) -> Result<Vec<u8>, CoreError> {
        match self {
            Body::Application(r) => serde_json::to_vec(r),
            Body::Supplement(r) => serde_json::to_vec(r),
        }
        .map_err(|e| CoreError::Corrupt(e.to_string()))
    }
}

async fn retry_later(
    store: &Store,
    draft_id: &str,
    attempts: u32,
    kind: &'static str,
    retry_after: Option<Duration>,
) -> Result<Attempt, CoreError> {
    let mut wait = backoff(attempts);
    if let Some(after) = retry_after {
        wait = wait.max(after.min(RETRY_AFTER_MAX));
    }
    let next = now_ms().saturating_add(i64::try_from(wait.as_millis()).unwrap_or(0));
    store.mark_retry_later(draft_id, next, kind).await?;
    tracing::info!(draft = draft_id, error = kind, wait_ms = %wait.as_millis(), "application not sent; retrying later");
    Ok(Attempt::RetryLater)
}

/// The part size the app sends: small enough that an interrupted part costs little on a slow
/// line, and never more than the backend's `partSize`.
pub const UPLOAD_PART_BYTES: u64 = 256 * 1024;

/// Why the files of an application could not all be uploaded in this attempt.
enum Stop {
    Core(CoreError),
    RetryLater {
        kind: &'static str,
        retry_after: Option<Duration>,
    },
    Refused {
        status: u16,
        problem_type: String,
    },
}

impl From<CoreError> for Stop {
    fn from(e: CoreError) -> Self {
        Stop::Core(e)
    }
}

impl From<UploadError> for Stop {
    fn from(e: UploadError) -> Self {
        match e {
            UploadError::RetryLater { kind, retry_after } => Stop::RetryLater { kind, retry_after },
            // Handled where they can be (continue at the offset, start again, resend unsigned);
            // met anywhere else, the next attempt asks the backend afresh.
            UploadError::Offset(_) | UploadError::Damaged | UploadError::Unknown => {
                Stop::RetryLater {
                    kind: "upload-state",
                    retry_after: None,
                }
            }
            UploadError::SessionEnded => Stop::RetryLater {
                kind: "session-ended",
                retry_after: None,
            },
            UploadError::Refused {
                status,
                problem_type,
            } => Stop::Refused {
                status,
                problem_type,
            },
        }
    }
}

/// One upload call, signed while `token` holds; a 401 ends the session here and the call is
/// made again without it (uploads, like applications, may be anonymous).
macro_rules! signed {
    ($token:expr, |$t:ident| $call:expr) => {{
        let first = {
            let $t = $token.as_deref();
            $call.await
        };
        match first {
            Err(UploadError::SessionEnded) => {
                *$token = None;
                let $t: Option<&str> = None;
                $call.await
            }
            other => other,
        }
    }};
}

/// Uploads every file the application names that the backend does not have yet, then stores
/// the body with the backend's upload ids in place of the local attachment ids (committed
/// before it is sent, so every later send carries those exact bytes). A body that names no
/// local file is returned as it is.
///
/// Resumable: the upload id is committed as soon as the backend created the upload, and a
/// retry (after a failure, a crash or a kill) first asks the backend how far it got
/// (`GET /v1/uploads/{id}`) and continues from that offset.
async fn upload_attachments(
    store: &Store,
    backend: &BackendClient,
    draft_id: &str,
    supplement_for: Option<&str>,
    body: Vec<u8>,
    token: &mut Option<String>,
) -> Result<Vec<u8>, Stop> {
    let files = store.attachments(draft_id).await?;
    if files.is_empty() {
        return Ok(body);
    }
    let mut request = Body::parse(supplement_for.is_some(), &body)?;
    let named: Vec<&AttachmentMeta> = files.iter().filter(|f| request.names(&f.id)).collect();
    if named.is_empty() {
        return Ok(body);
    }
    let mut upload_ids = std::collections::BTreeMap::new();
    for file in named {
        let upload_id = match (&file.upload_id, file.uploaded) {
            (Some(id), true) => id.clone(),
            _ => upload_one(store, backend, draft_id, file, token).await?,
        };
        upload_ids.insert(file.id.clone(), upload_id);
    }
    request.name_uploads(&upload_ids);
    let body = request.to_vec()?;
    if !store.set_outbox_request(draft_id, &body).await? {
        // No longer ours to send (another sender took it over): say nothing was sent.
        return Err(Stop::RetryLater {
            kind: "not-claimed",
            retry_after: None,
        });
    }
    Ok(body)
}

/// Uploads one file, resuming the upload recorded for it if the backend still has it; returns
/// the backend's upload id once the backend verified every byte.
async fn upload_one(
    store: &Store,
    backend: &BackendClient,
    draft_id: &str,
    file: &AttachmentMeta,
    token: &mut Option<String>,
) -> Result<String, Stop> {
    let bytes = store.attachment_bytes(draft_id, &file.id).await?;
    let size = bytes.len() as u64;
    let create = CreateUpload {
        sha256: file.sha256.clone(),
        size,
        mime_type: file.content_type.clone(),
        material_code: file.material_code.clone(),
        file_name: file.file_name.clone(),
    };
    let resumed = match &file.upload_id {
        Some(id) => match signed!(token, |t| backend.upload_status(id, t)) {
            Ok(status) => Some(status),
            Err(UploadError::Unknown) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let mut status = match resumed {
        Some(status) => status,
        None => {
            let status = signed!(token, |t| backend.create_upload(&create, t))?;
            store
                .set_attachment_upload(&file.id, &status.id, status.complete)
                .await?;
            status
        }
    };
    let id = status.id.clone();
    tracing::info!(draft = draft_id, upload = %id, offset = status.offset, size, "uploading a file");
    let part = UPLOAD_PART_BYTES.min(status.part_size).max(1);
    // Enough turns for every part, a few offset corrections and one fresh start.
    let mut turns = 2 * size.div_ceil(part) + 8;
    let mut damaged = false;
    while !status.complete {
        turns = turns.saturating_sub(1);
        if turns == 0 {
            return Err(Stop::RetryLater {
                kind: "upload-stalled",
                retry_after: None,
            });
        }
        if status.offset >= size {
            match signed!(token, |t| backend.complete_upload(&id, t)) {
                Ok(done) => status = done,
                Err(UploadError::Damaged) if !damaged => {
                    // The backend threw the bytes away: send them again from 0, once.
                    damaged = true;
                    status.offset = 0;
                }
                Err(UploadError::Offset(offset)) => status.offset = offset,
                Err(e) => return Err(e.into()),
            }
            continue;
        }
        let start = usize::try_from(status.offset)
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        let end = usize::try_from(status.offset.saturating_add(part))
            .unwrap_or(usize::MAX)
            .min(bytes.len());
        let chunk = bytes.get(start..end).unwrap_or_default().to_vec();
        match signed!(token, |t| backend.upload_part(
            &id,
            status.offset,
            chunk.clone(),
            t
        )) {
            Ok(next) => status = next,
            // The backend has another offset (a part stored whose answer was lost): go on from it.
            Err(UploadError::Offset(offset)) => status.offset = offset,
            Err(e) => return Err(e.into()),
        }
    }
    store.set_attachment_upload(&file.id, &id, true).await?;
    tracing::info!(draft = draft_id, upload = %id, "file uploaded");
    Ok(id)
}

/// What one pump of the outbox did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PumpReport {
    /// Rows sent (whatever came of it).
    pub attempted: usize,
    pub accepted: usize,
    /// Rows whose attempt could not even be recorded (a storage failure); they are retried.
    pub failed: usize,
    /// How long until the next row falls due; `None` when nothing waits.
    pub next_due_in: Option<Duration>,
}

/// How many rows one pump has on the wire at once. One at a time, a request waits for the
/// backend's commit and then ours; a few in flight overlap those waits (see docs/benchmarks.md).
pub const PUMP_CONCURRENCY: usize = 8;

/// Sends every due row once, up to [`PUMP_CONCURRENCY`] at a time, the longest-waiting first;
/// one row's failure never stops the others.
pub(crate) async fn pump(store: &Store, backend: &BackendClient) -> Result<PumpReport, CoreError> {
    let mut report = PumpReport::default();
    let mut due = store.due(now_ms()).await?.into_iter();
    let mut running = tokio::task::JoinSet::new();
    loop {
        while running.len() < PUMP_CONCURRENCY {
            let Some(draft_id) = due.next() else { break };
            let (store, backend) = (store.clone(), backend.clone());
            running.spawn(async move {
                let attempt = send_one(&store, &backend, &draft_id).await;
                (draft_id, attempt)
            });
        }
        let Some(joined) = running.join_next().await else {
            break;
        };
        match joined {
            Ok((_, Ok(Attempt::NotClaimed))) => {}
            Ok((_, Ok(Attempt::Accepted))) => {
                report.attempted += 1;
                report.accepted += 1;
            }
            Ok((_, Ok(_))) => report.attempted += 1,
            Ok((draft_id, Err(e))) => {
                report.failed += 1;
                tracing::warn!(draft = %draft_id, error = %e, "outbox row could not be processed");
            }
            Err(e) => {
                report.failed += 1;
                tracing::warn!(error = %e, "an outbox send task failed");
            }
        }
    }
    report.next_due_in = store
        .next_due()
        .await?
        .map(|at| Duration::from_millis(u64::try_from(at.saturating_sub(now_ms())).unwrap_or(0)));
    Ok(report)
}

/// The background sender: pumps the outbox when something falls due, when woken (a new
/// submission) and at least every minute. Stops when dropped.
pub struct OutboxWorker {
    task: tokio::task::JoinHandle<()>,
}

impl OutboxWorker {
    pub(crate) fn spawn(store: Store, backend: BackendClient, wake: Arc<Notify>) -> Self {
        let task = tokio::spawn(async move {
            loop {
                let wait = match pump(&store, &backend).await {
                    Ok(report) => report.next_due_in.unwrap_or(IDLE_WAKE).min(IDLE_WAKE),
                    Err(e) => {
                        tracing::warn!(error = %e, "outbox pump failed");
                        BACKOFF_BASE
                    }
                };
                tokio::select! {
                    () = tokio::time::sleep(wait) => {}
                    () = wake.notified() => {}
                }
            }
        });
        Self { task }
    }

    pub fn stop(&self) {
        self.task.abort();
    }
}

impl Drop for OutboxWorker {
    fn drop(&mut self) {
        self.task.abort();
    }
}

pub(crate) fn now_ms() -> i64 {
    i64::try_from(time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000)
        .unwrap_or(i64::MAX)
}

/// RFC 3339 of a unix-ms instant.
pub(crate) fn rfc3339_ms(ms: i64) -> Option<String> {
    let t = time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()?;
    t.format(&time::format_description::well_known::Rfc3339)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_full_jitter_under_an_exponential_ceiling_and_the_cap() {
        for attempts in 1..40u32 {
            let ceiling = BACKOFF_BASE
                .saturating_mul(1 << attempts.saturating_sub(1).min(20))
                .min(BACKOFF_CAP);
            for _ in 0..50 {
                assert!(backoff(attempts) <= ceiling);
            }
        }
        // Jittered: not always the same.
        let waits: std::collections::BTreeSet<_> = (0..20).map(|_| backoff(8)).collect();
        assert!(waits.len() > 1);
    }
}
