//! The outbox: submissions waiting to be sent, being sent, or done.
//!
//! Every change of state is its own committed transaction. A row is claimed (→ `sending`) by a
//! conditional UPDATE, so two senders in one process never send the same row at once; the claim is
//! committed before the request leaves. Nothing here deletes a row.

use super::{now_ms, now_rfc3339, Store};
use crate::error::CoreError;
use crate::secrets::outbox_place;
use crate::view::OutboxState;

/// The `needs_attention` reason after which the draft is editable again.
pub const REASON_INVALID_ANSWERS: &str = "error-invalid-answers";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub draft_id: String,
    pub state: OutboxState,
    pub attempts: u32,
    /// Unix milliseconds.
    pub next_attempt_at: Option<i64>,
    pub last_error: Option<String>,
    pub reason: Option<String>,
    pub case_number: Option<String>,
}

type RawRow = (
    String,
    String,
    i64,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
);
const COLUMNS: &str = "draft_id, state, attempts, next_attempt_at, last_error, reason, case_number";

fn state_of(text: &str) -> Result<OutboxState, CoreError> {
    Ok(match text {
        "queued" => OutboxState::Queued,
        "sending" => OutboxState::Sending,
        "accepted" => OutboxState::Accepted,
        "retry_later" => OutboxState::RetryLater,
        "needs_attention" => OutboxState::NeedsAttention,
        other => return Err(CoreError::Corrupt(format!("outbox state {other}"))),
    })
}

fn into_row(raw: RawRow) -> Result<OutboxRow, CoreError> {
    let (draft_id, state, attempts, next_attempt_at, last_error, reason, case_number) = raw;
    Ok(OutboxRow {
        draft_id,
        state: state_of(&state)?,
        attempts: u32::try_from(attempts).unwrap_or(0),
        next_attempt_at,
        last_error,
        reason,
        case_number,
    })
}

/// Where an outbox row is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxKind {
    /// `POST /v1/applications`
    Application,
    /// `POST /v1/hotline-requests`: the stored body is still the application built from the
    /// draft (its files uploaded like any application's); `hotline::submission` derives the
    /// 12345 request from those exact bytes at each send.
    Hotline,
}

impl OutboxKind {
    fn text(self) -> &'static str {
        match self {
            OutboxKind::Application => "application",
            OutboxKind::Hotline => "hotline",
        }
    }
}

/// What enqueueing found.
#[derive(Debug, PartialEq, Eq)]
pub enum Enqueued {
    /// Queued now, due at once.
    Queued,
    /// Answers changed since the request was built: build it again.
    DraftChanged,
    /// Already in the outbox (or accepted): nothing changed.
    AlreadyThere,
}

impl Store {
    /// Puts a draft's application in the outbox, due now, if its answers are still those the
    /// request was built from (`draft_updated_at`). A row that needs attention because its answers
    /// were refused is replaced (its answers were changed since); any other row stays as it is.
    pub async fn enqueue(
        &self,
        draft_id: &str,
        request_json: &[u8],
        draft_updated_at: &str,
        kind: OutboxKind,
    ) -> Result<Enqueued, CoreError> {
        let sealed = self.cipher.seal(&outbox_place(draft_id), request_json)?;
        let now = now_rfc3339();
        let mut tx = self.db.begin().await?;
        let current: Option<(String, String)> =
            sqlx::query_as("SELECT updated_at, status FROM drafts WHERE id = ?")
                .bind(draft_id)
                .fetch_optional(&mut *tx)
                .await?;
        match current {
            None => return Err(CoreError::NotFound(format!("draft {draft_id}"))),
            Some((_, status)) if status != "draft" => return Ok(Enqueued::AlreadyThere),
            Some((updated, _)) if updated != draft_updated_at => return Ok(Enqueued::DraftChanged),
            Some(_) => {}
        }
        let written = sqlx::query(
            "INSERT INTO outbox (draft_id, request, state, attempts, next_attempt_at, created_at, updated_at, kind)
             VALUES (?, ?, 'queued', 0, ?, ?, ?, ?)
             ON CONFLICT (draft_id) DO UPDATE SET request = excluded.request, state = 'queued', kind = excluded.kind,
               attempts = 0, next_attempt_at = excluded.next_attempt_at, last_error = NULL,
               reason = NULL, updated_at = excluded.updated_at
             WHERE outbox.state = 'needs_attention' AND outbox.reason = ?",
        )
        .bind(draft_id)
        .bind(sealed)
        .bind(now_ms())
        .bind(&now)
        .bind(&now)
        .bind(kind.text())
        .bind(REASON_INVALID_ANSWERS)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(if written.rows_affected() == 1 {
            Enqueued::Queued
        } else {
            Enqueued::AlreadyThere
        })
    }

    pub async fn outbox_entry(&self, draft_id: &str) -> Result<Option<OutboxRow>, CoreError> {
        let raw: Option<RawRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM outbox WHERE draft_id = ?"))
                .bind(draft_id)
                .fetch_optional(&self.db)
                .await?;
        raw.map(into_row).transpose()
    }

    /// Where a row is sent; `None` when the draft has no outbox row.
    pub async fn outbox_kind(&self, draft_id: &str) -> Result<Option<OutboxKind>, CoreError> {
        let kind: Option<String> = sqlx::query_scalar("SELECT kind FROM outbox WHERE draft_id = ?")
            .bind(draft_id)
            .fetch_optional(&self.db)
            .await?;
        Ok(kind.map(|k| {
            if k == "hotline" {
                OutboxKind::Hotline
            } else {
                OutboxKind::Application
            }
        }))
    }

    pub async fn outbox_entries(&self) -> Result<Vec<OutboxRow>, CoreError> {
        let raws: Vec<RawRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM outbox"))
            .fetch_all(&self.db)
            .await?;
        raws.into_iter().map(into_row).collect()
    }

    /// The rows due at `now_ms` (queued or retry_later), the longest-waiting first.
    pub async fn due(&self, at_ms: i64) -> Result<Vec<String>, CoreError> {
        Ok(sqlx::query_scalar(
            "SELECT draft_id FROM outbox WHERE state IN ('queued', 'retry_later')
               AND COALESCE(next_attempt_at, 0) <= ? ORDER BY next_attempt_at, created_at",
        )
        .bind(at_ms)
        .fetch_all(&self.db)
        .await?)
    }

    /// When the next row falls due (unix ms), if any is waiting.
    pub async fn next_due(&self) -> Result<Option<i64>, CoreError> {
        Ok(sqlx::query_scalar(
            "SELECT MIN(COALESCE(next_attempt_at, 0)) FROM outbox WHERE state IN ('queued', 'retry_later')",
        )
        .fetch_one(&self.db)
        .await?)
    }

    /// Claims a due row for sending (→ `sending`, committed) and returns the exact request body
    /// to send and the number of this attempt; `None` when it is not queued or waiting (another
    /// sender has it, or it is done).
    pub async fn claim(&self, draft_id: &str) -> Result<Option<(Vec<u8>, u32)>, CoreError> {
        let claimed: Option<(String, i64)> = sqlx::query_as(
            "UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?
             WHERE draft_id = ? AND state IN ('queued', 'retry_later') RETURNING request, attempts",
        )
        .bind(now_rfc3339())
        .bind(draft_id)
        .fetch_optional(&self.db)
        .await?;
        claimed
            .map(|(sealed, attempts)| {
                let body = self.cipher.open(&outbox_place(draft_id), &sealed)?;
                Ok((body, u32::try_from(attempts).unwrap_or(u32::MAX)))
            })
            .transpose()
    }

    /// The backend accepted it: the outbox row and the draft say so, in one transaction.
    pub async fn mark_accepted(
        &self,
        draft_id: &str,
        case_number: &str,
        submitted_at: &str,
    ) -> Result<(), CoreError> {
        let now = now_rfc3339();
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "UPDATE outbox SET state = 'accepted', case_number = ?, next_attempt_at = NULL,
               last_error = NULL, reason = NULL, updated_at = ? WHERE draft_id = ?",
        )
        .bind(case_number)
        .bind(&now)
        .bind(draft_id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE drafts SET status = 'submitted', case_number = ?, submitted_at = ?, updated_at = ? WHERE id = ?",
        )
        .bind(case_number)
        .bind(submitted_at)
        .bind(&now)
        .bind(draft_id)
        .execute(&mut *tx)
        .await?;
        // Filed: the backend has the files; their bytes leave this computer (name, size and type
        // stay for the resident's record).
        sqlx::query("UPDATE attachments SET bytes = NULL WHERE draft_id = ?")
            .bind(draft_id)
            .execute(&mut *tx)
            .await?;
        // The session of its party has ended: now that it is filed, nothing of it stays.
        let wiped = sqlx::query("DELETE FROM drafts WHERE id = ? AND wipe_when_sent = 1")
            .bind(draft_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        if wiped > 0 {
            self.truncate_wal().await?;
        }
        Ok(())
    }

    /// Replaces the body of a row being sent (claimed, `sending`): the application with its
    /// attachments' local ids replaced by the backend's upload ids, once every file is uploaded.
    /// From then on every send carries these exact bytes. False when the row is not `sending`.
    pub async fn set_outbox_request(
        &self,
        draft_id: &str,
        request_json: &[u8],
    ) -> Result<bool, CoreError> {
        let sealed = self.cipher.seal(&outbox_place(draft_id), request_json)?;
        let updated = sqlx::query(
            "UPDATE outbox SET request = ?, updated_at = ? WHERE draft_id = ? AND state = 'sending'",
        )
        .bind(sealed)
        .bind(now_rfc3339())
        .bind(draft_id)
        .execute(&self.db)
        .await?;
        Ok(updated.rows_affected() == 1)
    }

    /// Not delivered, or no answer: try again at `next_attempt_at` (unix ms).
    pub async fn mark_retry_later(
        &self,
        draft_id: &str,
        next_attempt_at: i64,
        last_error: &str,
    ) -> Result<(), CoreError> {
        sqlx::query(
            "UPDATE outbox SET state = 'retry_later', next_attempt_at = ?, last_error = ?, updated_at = ?
             WHERE draft_id = ? AND state = 'sending'",
        )
        .bind(next_attempt_at)
        .bind(last_error)
        .bind(now_rfc3339())
        .bind(draft_id)
        .execute(&self.db)
        .await?;
        Ok(())
    }

    /// Refused by the backend: set aside with the message id to show. Never deleted.
    pub async fn mark_needs_attention(
        &self,
        draft_id: &str,
        reason: &str,
        last_error: &str,
    ) -> Result<(), CoreError> {
        sqlx::query(
            "UPDATE outbox SET state = 'needs_attention', reason = ?, last_error = ?, next_attempt_at = NULL,
               updated_at = ? WHERE draft_id = ? AND state = 'sending'",
        )
        .bind(reason)
        .bind(last_error)
        .bind(now_rfc3339())
        .bind(draft_id)
        .execute(&self.db)
        .await?;
        Ok(())
    }

    /// At start: a row still `sending` was cut off by a crash or kill; its answer may or may not
    /// have reached the backend. It is due again now; the same key makes the backend replay.
    pub(super) async fn recover_sending(&self) -> Result<(), CoreError> {
        sqlx::query(
            "UPDATE outbox SET state = 'retry_later', next_attempt_at = ?, last_error = 'interrupted',
               updated_at = ? WHERE state = 'sending'",
        )
        .bind(now_ms())
        .bind(now_rfc3339())
        .execute(&self.db)
        .await?;
        Ok(())
    }
}
