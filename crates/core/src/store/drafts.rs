//! Drafts and their answers.

use super::{now_rfc3339, Store};
use crate::error::CoreError;
use crate::secrets::answer_place;
use bianmin_api::ServiceItem;
use std::collections::BTreeMap;

pub struct NewDraft<'a> {
    pub id: &'a str,
    pub service: &'a ServiceItem,
    pub initial: &'a BTreeMap<String, Vec<String>>,
}

#[derive(Debug, Clone)]
pub struct DraftRow {
    pub id: String,
    pub service: ServiceItem,
    pub form_url: String,
    pub form_version: String,
    pub submitted: bool,
    pub case_number: Option<String>,
    pub submitted_at: Option<String>,
    pub updated_at: String,
    pub answers: BTreeMap<String, Vec<String>>,
}

type RawDraft = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
);

const DRAFT_COLUMNS: &str =
    "id, service, form_url, form_version, status, case_number, submitted_at, updated_at";

impl Store {
    /// Creates a draft with its initial answers (the form's `initial` values), in one transaction.
    pub async fn create_draft(&self, new: NewDraft<'_>) -> Result<(), CoreError> {
        let now = now_rfc3339();
        let mut tx = self.db.begin().await?;
        let service =
            serde_json::to_string(new.service).map_err(|e| CoreError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO drafts (id, service_code, service, form_url, form_version, status, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, 'draft', ?, ?)",
        )
        .bind(new.id)
        .bind(&new.service.summary.code)
        .bind(service)
        .bind(&new.service.form.url)
        .bind(&new.service.form.version)
        .bind(&now)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        for (link_id, values) in new.initial {
            sqlx::query(
                "INSERT INTO answers (draft_id, link_id, value, updated_at) VALUES (?, ?, ?, ?)",
            )
            .bind(new.id)
            .bind(link_id)
            .bind(self.seal_values(new.id, link_id, values)?)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The unsubmitted draft of a service, if the resident has one.
    pub async fn open_draft_for(&self, service_code: &str) -> Result<Option<String>, CoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM drafts WHERE service_code = ? AND status = 'draft' ORDER BY updated_at DESC LIMIT 1",
        )
        .bind(service_code)
        .fetch_optional(&self.db)
        .await?)
    }

    pub async fn draft(&self, id: &str) -> Result<DraftRow, CoreError> {
        let raw: Option<RawDraft> =
            sqlx::query_as(&format!("SELECT {DRAFT_COLUMNS} FROM drafts WHERE id = ?"))
                .bind(id)
                .fetch_optional(&self.db)
                .await?;
        let raw = raw.ok_or_else(|| CoreError::NotFound(format!("draft {id}")))?;
        let answers: Vec<(String, String)> =
            sqlx::query_as("SELECT link_id, value FROM answers WHERE draft_id = ?")
                .bind(id)
                .fetch_all(&self.db)
                .await?;
        let mut row = into_row(raw)?;
        for (link_id, sealed) in answers {
            let plain = self.cipher.open(&answer_place(id, &link_id), &sealed)?;
            let values = decode_values(String::from_utf8_lossy(&plain).into_owned());
            row.answers.insert(link_id, values);
        }
        Ok(row)
    }

    /// Every draft and submitted application, newest first (answers not loaded).
    pub async fn drafts(&self) -> Result<Vec<DraftRow>, CoreError> {
        let raws: Vec<RawDraft> = sqlx::query_as(&format!(
            "SELECT {DRAFT_COLUMNS} FROM drafts ORDER BY updated_at DESC, rowid DESC"
        ))
        .fetch_all(&self.db)
        .await?;
        raws.into_iter().map(into_row).collect()
    }

    /// Stores one question's answers, sealed; returns only after the transaction committed.
    /// Refused while the draft waits in the outbox or was accepted; allowed again when the backend
    /// refused its answers (the resident must change them).
    pub async fn save_answer(
        &self,
        draft_id: &str,
        link_id: &str,
        values: &[String],
    ) -> Result<(), CoreError> {
        let value = self.seal_values(draft_id, link_id, values)?;
        let now = now_rfc3339();
        let mut tx = self.db.begin().await?;
        let updated = sqlx::query(
            "UPDATE drafts SET updated_at = ? WHERE id = ? AND status = 'draft'
               AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.draft_id = drafts.id
                               AND NOT (o.state = 'needs_attention' AND o.reason = ?))",
        )
        .bind(&now)
        .bind(draft_id)
        .bind(super::outbox::REASON_INVALID_ANSWERS)
        .execute(&mut *tx)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(CoreError::AlreadySubmitted);
        }
        sqlx::query(
            "INSERT INTO answers (draft_id, link_id, value, updated_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (draft_id, link_id) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
        )
        .bind(draft_id)
        .bind(link_id)
        .bind(&value)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// An answer is a JSON array of texts, sealed for its draft and question.
    pub(super) fn seal_values(
        &self,
        draft_id: &str,
        link_id: &str,
        values: &[String],
    ) -> Result<String, CoreError> {
        let json = serde_json::to_string(values).map_err(|e| CoreError::Corrupt(e.to_string()))?;
        self.cipher
            .seal(&answer_place(draft_id, link_id), json.as_bytes())
    }
}

/// A value that is not a JSON array (as written before answers were lists) is one text.
fn decode_values(value: String) -> Vec<String> {
    serde_json::from_str(&value).unwrap_or_else(|_| vec![value])
}

fn into_row(raw: RawDraft) -> Result<DraftRow, CoreError> {
    let (id, service, form_url, form_version, status, case_number, submitted_at, updated_at) = raw;
    Ok(DraftRow {
        id,
        service: serde_json::from_str(&service).map_err(|e| CoreError::Corrupt(e.to_string()))?,
        form_url,
        form_version,
        submitted: status == "submitted",
        case_number,
        submitted_at,
        updated_at,
        answers: BTreeMap::new(),
    })
}
