//! Life-event bundles (一件事一次办): the bundles as last read from the backend (for browsing
//! offline), and the journeys a party started: which drafts run together, in order. A shared
//! answer is written into every draft of a journey in one transaction.

use super::{now_rfc3339, Store};
use crate::error::CoreError;
use bianmin_api::Bundle;

const BUNDLES: &str = "bundles";

fn corrupt(e: serde_json::Error) -> CoreError {
    CoreError::Corrupt(e.to_string())
}

/// A journey as stored.
#[derive(Debug, Clone)]
pub struct BundleRow {
    pub id: String,
    pub party: String,
    pub bundle: Bundle,
    /// Its drafts in the bundle's order (a draft wiped since is no longer listed).
    pub draft_ids: Vec<String>,
    pub submitted_at: Option<String>,
}

type RawBundle = (String, String, String, Option<String>);

impl Store {
    /// Keeps the bundles for browsing offline.
    pub async fn replace_bundles(&self, bundles: &[Bundle]) -> Result<(), CoreError> {
        sqlx::query("INSERT OR REPLACE INTO cache_meta (name, value) VALUES (?, ?)")
            .bind(BUNDLES)
            .bind(serde_json::to_string(bundles).map_err(corrupt)?)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// The bundles as last fetched; none before the first fetch.
    pub async fn cached_bundles(&self) -> Result<Vec<Bundle>, CoreError> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT value FROM cache_meta WHERE name = ?")
                .bind(BUNDLES)
                .fetch_optional(&self.db)
                .await?;
        match json {
            Some(json) => serde_json::from_str(&json).map_err(corrupt),
            None => Ok(Vec::new()),
        }
    }

    /// The party's journey of a bundle not sent yet, if there is one.
    pub async fn open_bundle_for(
        &self,
        party: &str,
        code: &str,
    ) -> Result<Option<String>, CoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM bundle_journeys WHERE party = ? AND code = ? AND submitted_at IS NULL
             ORDER BY created_at DESC LIMIT 1",
        )
        .bind(party)
        .bind(code)
        .fetch_optional(&self.db)
        .await?)
    }

    /// Records a journey over drafts that exist already, in one transaction.
    pub async fn create_bundle(
        &self,
        id: &str,
        party: &str,
        bundle: &Bundle,
        draft_ids: &[String],
    ) -> Result<(), CoreError> {
        let json = serde_json::to_string(bundle).map_err(corrupt)?;
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "INSERT INTO bundle_journeys (id, party, code, bundle, created_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(party)
        .bind(&bundle.code)
        .bind(json)
        .bind(now_rfc3339())
        .execute(&mut *tx)
        .await?;
        for (position, draft_id) in draft_ids.iter().enumerate() {
            sqlx::query(
                "INSERT OR IGNORE INTO bundle_drafts (bundle_id, draft_id, position) VALUES (?, ?, ?)",
            )
            .bind(id)
            .bind(draft_id)
            .bind(i64::try_from(position).unwrap_or(i64::MAX))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn bundle_journey(&self, id: &str) -> Result<BundleRow, CoreError> {
        let raw: RawBundle = sqlx::query_as(
            "SELECT id, party, bundle, submitted_at FROM bundle_journeys WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.db)
        .await?
        .ok_or_else(|| CoreError::NotFound(format!("bundle {id}")))?;
        self.bundle_row_of(raw).await
    }

    /// The party's journeys, newest first.
    pub async fn bundle_journeys(&self, party: &str) -> Result<Vec<BundleRow>, CoreError> {
        let raws: Vec<RawBundle> = sqlx::query_as(
            "SELECT id, party, bundle, submitted_at FROM bundle_journeys WHERE party = ?
             ORDER BY created_at DESC",
        )
        .bind(party)
        .fetch_all(&self.db)
        .await?;
        let mut rows = Vec::with_capacity(raws.len());
        for raw in raws {
            rows.push(self.bundle_row_of(raw).await?);
        }
        Ok(rows)
    }

    async fn bundle_row_of(&self, raw: RawBundle) -> Result<BundleRow, CoreError> {
        let (id, party, bundle, submitted_at) = raw;
        let draft_ids: Vec<String> = sqlx::query_scalar(
            "SELECT draft_id FROM bundle_drafts WHERE bundle_id = ? ORDER BY position",
        )
        .bind(&id)
        .fetch_all(&self.db)
        .await?;
        Ok(BundleRow {
            id,
            party,
            bundle: serde_json::from_str(&bundle).map_err(corrupt)?,
            draft_ids,
            submitted_at,
        })
    }

    /// The one "Send" of a journey queued every draft of it.
    pub async fn mark_bundle_submitted(&self, id: &str) -> Result<(), CoreError> {
        sqlx::query(
            "UPDATE bundle_journeys SET submitted_at = ? WHERE id = ? AND submitted_at IS NULL",
        )
        .bind(now_rfc3339())
        .bind(id)
        .execute(&self.db)
        .await?;
        Ok(())
    }

    /// Stores one shared answer in every draft named, sealed per draft, in one transaction: all
    /// of them or none (a draft no longer editable refuses the whole save). `unmark`: the drafts
    /// whose prefill mark on this question goes (the resident changed the value). Returns the
    /// drafts' new `updated_at`.
    pub async fn save_shared_answer(
        &self,
        draft_ids: &[String],
        link_id: &str,
        values: &[String],
        unmark: &[String],
    ) -> Result<String, CoreError> {
        let now = now_rfc3339();
        let mut sealed = Vec::with_capacity(draft_ids.len());
        for draft_id in draft_ids {
            sealed.push(self.seal_values(draft_id, link_id, values)?);
        }
        let mut tx = self.db.begin().await?;
        for (draft_id, value) in draft_ids.iter().zip(sealed) {
            if !self.touch_editable(&mut tx, draft_id).await? {
                return Err(CoreError::AlreadySubmitted);
            }
            sqlx::query(
                "INSERT INTO answers (draft_id, link_id, value, updated_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT (draft_id, link_id) DO UPDATE SET value = excluded.value,
                   updated_at = excluded.updated_at, needs_review = 0",
            )
            .bind(draft_id)
            .bind(link_id)
            .bind(&value)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        for draft_id in unmark {
            sqlx::query("DELETE FROM prefilled_answers WHERE draft_id = ? AND link_id = ?")
                .bind(draft_id)
                .bind(link_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(now)
    }
}
