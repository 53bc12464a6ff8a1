//! Answers prefilled from the resident's government records, and who submitted what waits in the
//! outbox (see `migrations/0020_sign_in.sql`).

use super::{now_rfc3339, Store};
use crate::error::CoreError;
use std::collections::{BTreeMap, BTreeSet};

impl Store {
    /// Stores each prefilled answer and marks it, in one transaction, only where the draft has
    /// no answer yet (what the resident gave is never overwritten) and is still being filled
    /// in. Returns the questions that were filled.
    pub async fn prefill_answers(
        &self,
        draft_id: &str,
        fills: &BTreeMap<String, Vec<String>>,
    ) -> Result<Vec<String>, CoreError> {
        let now = now_rfc3339();
        let mut tx = self.db.begin().await?;
        let mut filled = Vec::new();
        for (link_id, values) in fills {
            let inserted = sqlx::query(
                "INSERT INTO answers (draft_id, link_id, value, updated_at)
                 SELECT ?, ?, ?, ? WHERE EXISTS (
                     SELECT 1 FROM drafts WHERE id = ? AND status = 'draft'
                       AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.draft_id = drafts.id))
                 ON CONFLICT (draft_id, link_id) DO NOTHING",
            )
            .bind(draft_id)
            .bind(link_id)
            .bind(self.seal_values(draft_id, link_id, values)?)
            .bind(&now)
            .bind(draft_id)
            .execute(&mut *tx)
            .await?;
            if inserted.rows_affected() == 1 {
                sqlx::query(
                    "INSERT OR IGNORE INTO prefilled_answers (draft_id, link_id) VALUES (?, ?)",
                )
                .bind(draft_id)
                .bind(link_id)
                .execute(&mut *tx)
                .await?;
                filled.push(link_id.clone());
            }
        }
        if !filled.is_empty() {
            sqlx::query("UPDATE drafts SET updated_at = ? WHERE id = ?")
                .bind(&now)
                .bind(draft_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(filled)
    }

    /// The questions of a draft whose answer is still the one from the records.
    pub async fn prefilled(&self, draft_id: &str) -> Result<BTreeSet<String>, CoreError> {
        let rows: Vec<String> =
            sqlx::query_scalar("SELECT link_id FROM prefilled_answers WHERE draft_id = ?")
                .bind(draft_id)
                .fetch_all(&self.db)
                .await?;
        Ok(rows.into_iter().collect())
    }

    /// Records who submits a draft (`None`: nobody signed in), before it is queued.
    pub async fn set_outbox_sender(
        &self,
        draft_id: &str,
        subject_id: Option<&str>,
    ) -> Result<(), CoreError> {
        match subject_id {
            Some(subject) => {
                sqlx::query(
                    "INSERT INTO outbox_senders (draft_id, subject_id) VALUES (?, ?)
                     ON CONFLICT (draft_id) DO UPDATE SET subject_id = excluded.subject_id",
                )
                .bind(draft_id)
                .bind(subject)
                .execute(&self.db)
                .await?;
            }
            None => {
                sqlx::query("DELETE FROM outbox_senders WHERE draft_id = ?")
                    .bind(draft_id)
                    .execute(&self.db)
                    .await?;
            }
        }
        Ok(())
    }

    /// The resident who submitted a draft, if they were signed in.
    pub async fn outbox_sender(&self, draft_id: &str) -> Result<Option<String>, CoreError> {
        Ok(
            sqlx::query_scalar("SELECT subject_id FROM outbox_senders WHERE draft_id = ?")
                .bind(draft_id)
                .fetch_optional(&self.db)
                .await?,
        )
    }
}
