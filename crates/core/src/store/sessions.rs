//! Ending a party's session (a kiosk user, a resident served by staff): their data (drafts, answers,
//! attached files, outbox rows, cached reminders) leaves the database file and its WAL, except a
//! submission still on its way, which is sent first.

use super::Store;
use crate::error::CoreError;

/// What ending a session did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PartyWiped {
    /// Drafts deleted with their answers and outbox rows (not submitted, or accepted).
    pub removed: u32,
    /// Submissions still queued, sending or waiting to retry: their answers are deleted, the
    /// sealed request stays until the backend accepts it, then the draft is deleted.
    pub still_sending: u32,
    /// Submissions the backend had refused (needs attention): they could only be sent again
    /// with the resident, so they are deleted. The UI must say so before the session ends.
    pub discarded: u32,
}

impl Store {
    /// Deletes a party's data in one transaction (see [`PartyWiped`]), then truncates the WAL so
    /// no old page of it is left in `-wal`; `secure_delete` (set at open) has zeroed the freed
    /// space in the database file.
    pub async fn wipe_party(&self, party: &str) -> Result<PartyWiped, CoreError> {
        let mut tx = self.db.begin().await?;
        let (pending, discarded): (i64, i64) = sqlx::query_as(
            "SELECT
               COALESCE(SUM(o.state IN ('queued', 'sending', 'retry_later')), 0),
               COALESCE(SUM(o.state = 'needs_attention'), 0)
             FROM drafts d JOIN outbox o ON o.draft_id = d.id WHERE d.party = ?",
        )
        .bind(party)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE drafts SET wipe_when_sent = 1 WHERE party = ? AND id IN
               (SELECT draft_id FROM outbox WHERE state IN ('queued', 'sending', 'retry_later'))",
        )
        .bind(party)
        .execute(&mut *tx)
        .await?;
        // The cases the party follows: their cached timelines and sealed ratings.
        sqlx::query(
            "DELETE FROM case_cache WHERE case_number IN
               (SELECT o.case_number FROM outbox o JOIN drafts d ON d.id = o.draft_id
                WHERE d.party = ? AND o.case_number IS NOT NULL)",
        )
        .bind(party)
        .execute(&mut *tx)
        .await?;
        // And the 12345 requests it follows.
        sqlx::query(
            "DELETE FROM hotline_cache WHERE id IN
               (SELECT o.case_number FROM outbox o JOIN drafts d ON d.id = o.draft_id
                WHERE d.party = ? AND o.kind = 'hotline' AND o.case_number IS NOT NULL)",
        )
        .bind(party)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "DELETE FROM answers WHERE draft_id IN (SELECT id FROM drafts WHERE party = ?)",
        )
        .bind(party)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM reminder_cache WHERE party = ?")
            .bind(party)
            .execute(&mut *tx)
            .await?;
        // The bundle journeys the party started (which drafts ran together).
        sqlx::query("DELETE FROM bundle_journeys WHERE party = ?")
            .bind(party)
            .execute(&mut *tx)
            .await?;
        let removed = sqlx::query("DELETE FROM drafts WHERE party = ? AND wipe_when_sent = 0")
            .bind(party)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        tx.commit().await?;
        self.truncate_wal().await?;
        Ok(PartyWiped {
            removed: u32::try_from(removed).unwrap_or(u32::MAX),
            still_sending: u32::try_from(pending).unwrap_or(u32::MAX),
            discarded: u32::try_from(discarded).unwrap_or(u32::MAX),
        })
    }

    /// The kiosk or assisted-service parties that still hold data (a session the app did not get
    /// to end: a power cut, a killed process), for wiping at the next start.
    pub async fn session_parties(&self) -> Result<Vec<String>, CoreError> {
        let rows: Vec<(String,)> = sqlx::query_as(
            "SELECT DISTINCT party FROM drafts WHERE party != ? AND wipe_when_sent = 0",
        )
        .bind(super::DEVICE_PARTY)
        .fetch_all(&self.db)
        .await?;
        Ok(rows.into_iter().map(|(p,)| p).collect())
    }

    /// What [`Store::wipe_party`] would find now, without changing anything.
    pub async fn party_pending(&self, party: &str) -> Result<PartyWiped, CoreError> {
        let (drafts, pending, discarded): (i64, i64, i64) = sqlx::query_as(
            "SELECT COUNT(*),
               COALESCE(SUM(o.state IN ('queued', 'sending', 'retry_later')), 0),
               COALESCE(SUM(o.state = 'needs_attention'), 0)
             FROM drafts d LEFT JOIN outbox o ON o.draft_id = d.id
             WHERE d.party = ? AND d.wipe_when_sent = 0",
        )
        .bind(party)
        .fetch_one(&self.db)
        .await?;
        Ok(PartyWiped {
            removed: u32::try_from(drafts - pending).unwrap_or(0),
            still_sending: u32::try_from(pending).unwrap_or(u32::MAX),
            discarded: u32::try_from(discarded).unwrap_or(u32::MAX),
        })
    }

    /// Copies the WAL into the database and truncates it to zero bytes.
    pub(super) async fn truncate_wal(&self) -> Result<(), CoreError> {
        let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&self.db)
            .await?;
        if busy != 0 {
            tracing::warn!("the WAL could not be truncated: a reader is busy");
        }
        Ok(())
    }
}
