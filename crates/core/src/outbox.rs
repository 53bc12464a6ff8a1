//! Sending what waits in the outbox: one attempt per due row, exponential backoff with full
//! jitter, `Retry-After` honoured, and a worker task that pumps it.
//!
//! Invariants: a row is claimed (`sending`, committed) before its request leaves; the draft id is
//! the Idempotency-Key and the body is the exact stored bytes, so a resend after a crash is
//! replayed by the backend, not filed twice; a failure is recorded on its own row and never stops
//! the others; nothing is deleted because sending failed.

use crate::client::{BackendClient, SendOutcome};
use crate::error::CoreError;
use crate::store::Store;
use bianmin_api::FieldError;
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
    // Ids, states and kinds only: never the body, which is personal data.
    tracing::info!(
        draft = draft_id,
        attempt = attempts,
        "sending an application"
    );
    // Signed as the resident who submitted it, while that resident is signed in here.
    let token = match store.outbox_sender(draft_id).await? {
        Some(subject) => backend.session().token_for(&subject),
        None => None,
    };
    let mut outcome = backend
        .send_application(draft_id, body.clone(), token.as_deref())
        .await;
    if let SendOutcome::SessionEnded(_) = outcome {
        // The session ran out while it waited: nothing was filed (401). It is sent at once
        // without the token, so it is still delivered; its case is then followed by its case
        // number, kept on this computer. Anonymous applications are part of the contract.
        tracing::info!(draft = draft_id, "session ended; sending without it");
        outcome = backend.send_application(draft_id, body, None).await;
    }
    match outcome {
        SendOutcome::Accepted(receipt) => {
            store
                .mark_accepted(draft_id, &receipt.case_number, &receipt.submitted_at)
                .await?;
            tracing::info!(draft = draft_id, case = %receipt.case_number, "application accepted");
            Ok(Attempt::Accepted)
        }
        SendOutcome::RetryLater { kind, retry_after } => {
            let mut wait = backoff(attempts);
            if let Some(after) = retry_after {
                wait = wait.max(after.min(RETRY_AFTER_MAX));
            }
            let next = now_ms().saturating_add(i64::try_from(wait.as_millis()).unwrap_or(0));
            store.mark_retry_later(draft_id, next, kind).await?;
            tracing::info!(draft = draft_id, error = kind, wait_ms = %wait.as_millis(), "application not sent; retrying later");
            Ok(Attempt::RetryLater)
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
