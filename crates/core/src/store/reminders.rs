//! Proactive reminders (未诉先办) as last read from the resident's notification feed, per party
//! and resident, sealed; and what the resident did with each (dismissed, started) until the
//! backend has been told.

use super::Store;
use crate::error::CoreError;
use bianmin_api::Notification;

/// What the resident did with a reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderState {
    /// Shown on Home.
    Due,
    Dismissed,
    Started,
}

impl ReminderState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Due => "due",
            Self::Dismissed => "dismissed",
            Self::Started => "started",
        }
    }

    fn parse(text: &str) -> Result<Self, CoreError> {
        match text {
            "due" => Ok(Self::Due),
            "dismissed" => Ok(Self::Dismissed),
            "started" => Ok(Self::Started),
            other => Err(CoreError::Corrupt(format!("reminder state {other}"))),
        }
    }
}

/// A cached reminder.
#[derive(Debug, Clone)]
pub struct CachedReminder {
    pub notification: Notification,
    pub state: ReminderState,
    pub acked: bool,
}

fn place(party: &str, subject: &str, id: &str) -> String {
    format!("reminder\u{0}{party}\u{0}{subject}\u{0}{id}")
}

impl Store {
    /// Keeps the reminders read from the feed (oldest first); one already cached keeps what the
    /// resident did with it. Returns the ones new to this computer.
    pub async fn merge_reminders(
        &self,
        party: &str,
        subject: &str,
        reminders: &[Notification],
    ) -> Result<Vec<Notification>, CoreError> {
        let mut tx = self.db.begin().await?;
        let mut position: i64 = sqlx::query_scalar(
            "SELECT COALESCE(MAX(position), 0) FROM reminder_cache WHERE party = ? AND subject_id = ?",
        )
        .bind(party)
        .bind(subject)
        .fetch_one(&mut *tx)
        .await?;
        let mut added = Vec::new();
        for n in reminders {
            let known: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM reminder_cache WHERE party = ? AND subject_id = ? AND id = ?",
            )
            .bind(party)
            .bind(subject)
            .bind(&n.id)
            .fetch_optional(&mut *tx)
            .await?;
            if known.is_some() {
                continue;
            }
            let plain = serde_json::to_vec(n).map_err(|e| CoreError::Corrupt(e.to_string()))?;
            let sealed = self.cipher.seal(&place(party, subject, &n.id), &plain)?;
            position += 1;
            sqlx::query(
                "INSERT INTO reminder_cache (party, subject_id, id, cursor, position, body)
                 VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(party)
            .bind(subject)
            .bind(&n.id)
            .bind(&n.cursor)
            .bind(position)
            .bind(sealed)
            .execute(&mut *tx)
            .await?;
            added.push(n.clone());
        }
        tx.commit().await?;
        Ok(added)
    }

    /// The resident's cached reminders in feed order, whatever their state.
    pub async fn cached_reminders(
        &self,
        party: &str,
        subject: &str,
    ) -> Result<Vec<CachedReminder>, CoreError> {
        let rows: Vec<(String, String, String, i64)> = sqlx::query_as(
            "SELECT id, body, state, acked FROM reminder_cache
             WHERE party = ? AND subject_id = ? ORDER BY position",
        )
        .bind(party)
        .bind(subject)
        .fetch_all(&self.db)
        .await?;
        rows.into_iter()
            .map(|(id, body, state, acked)| {
                let plain = self.cipher.open(&place(party, subject, &id), &body)?;
                Ok(CachedReminder {
                    notification: serde_json::from_slice(&plain)
                        .map_err(|e| CoreError::Corrupt(e.to_string()))?,
                    state: ReminderState::parse(&state)?,
                    acked: acked != 0,
                })
            })
            .collect()
    }

    /// Records what the resident did with a due reminder; `false` when there is no such reminder
    /// (or it was dealt with already).
    pub async fn set_reminder_state(
        &self,
        party: &str,
        subject: &str,
        id: &str,
        state: ReminderState,
    ) -> Result<bool, CoreError> {
        let done = sqlx::query(
            "UPDATE reminder_cache SET state = ?
             WHERE party = ? AND subject_id = ? AND id = ? AND state = 'due'",
        )
        .bind(state.as_str())
        .bind(party)
        .bind(subject)
        .bind(id)
        .execute(&self.db)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// The backend has been told about these reminders (or no longer sends them).
    pub async fn mark_reminders_acked(
        &self,
        party: &str,
        subject: &str,
        ids: &[String],
    ) -> Result<(), CoreError> {
        let mut tx = self.db.begin().await?;
        for id in ids {
            sqlx::query(
                "UPDATE reminder_cache SET acked = 1 WHERE party = ? AND subject_id = ? AND id = ?",
            )
            .bind(party)
            .bind(subject)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Forgets reminders the backend no longer sends: acknowledged, here or on another computer,
    /// so they never come back.
    pub async fn drop_reminders(
        &self,
        party: &str,
        subject: &str,
        ids: &[String],
    ) -> Result<(), CoreError> {
        let mut tx = self.db.begin().await?;
        for id in ids {
            sqlx::query("DELETE FROM reminder_cache WHERE party = ? AND subject_id = ? AND id = ?")
                .bind(party)
                .bind(subject)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
