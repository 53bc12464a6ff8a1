//! Drafts and their answers.

use super::{now_rfc3339, Store};
use crate::error::CoreError;
use crate::secrets::answer_place;
use bianmin_api::ServiceItem;
use std::collections::{BTreeMap, BTreeSet};

/// The party of a personal computer's own user: drafts made outside any kiosk or assisted session.
pub const DEVICE_PARTY: &str = "device";

pub struct NewDraft<'a> {
    pub id: &'a str,
    /// Whose draft it is ([`DEVICE_PARTY`] or a session id).
    pub party: &'a str,
    pub service: &'a ServiceItem,
    pub initial: &'a BTreeMap<String, Vec<String>>,
    /// A supplement (补正): the case and the `seq` of the request for material it answers.
    pub supplement: Option<(&'a str, u32)>,
}

/// The request for material a supplement draft answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SupplementOf {
    pub case_number: String,
    /// The `seq` of the `needs-material` event.
    pub seq: u32,
}

#[derive(Debug, Clone)]
pub struct DraftRow {
    pub id: String,
    pub party: String,
    pub service: ServiceItem,
    pub form_url: String,
    pub form_version: String,
    pub submitted: bool,
    pub case_number: Option<String>,
    pub submitted_at: Option<String>,
    pub updated_at: String,
    pub answers: BTreeMap<String, Vec<String>>,
    /// Answers that do not fit the form version the draft moved to: kept, for the resident to
    /// change or remove.
    pub review: BTreeSet<String>,
    /// Set when the draft is a supplement to a case, not an application.
    pub supplement: Option<SupplementOf>,
}

type RawDraft = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
    Option<i64>,
);

const DRAFT_COLUMNS: &str = "id, party, service, form_url, form_version, status, case_number, \
     submitted_at, updated_at, supplement_for, supplement_seq";

impl Store {
    /// Creates a draft with its initial answers (the form's `initial` values), in one transaction.
    pub async fn create_draft(&self, new: NewDraft<'_>) -> Result<(), CoreError> {
        let now = now_rfc3339();
        let mut tx = self.db.begin().await?;
        let service =
            serde_json::to_string(new.service).map_err(|e| CoreError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO drafts (id, party, service_code, service, form_url, form_version, status,
               created_at, updated_at, supplement_for, supplement_seq)
             VALUES (?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?, ?)",
        )
        .bind(new.id)
        .bind(new.party)
        .bind(&new.service.summary.code)
        .bind(service)
        .bind(&new.service.form.url)
        .bind(&new.service.form.version)
        .bind(&now)
        .bind(&now)
        .bind(new.supplement.map(|(case, _)| case))
        .bind(new.supplement.map(|(_, seq)| i64::from(seq)))
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

    /// The unsubmitted draft of a service, if this party has one.
    pub async fn open_draft_for(
        &self,
        party: &str,
        service_code: &str,
    ) -> Result<Option<String>, CoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM drafts WHERE party = ? AND service_code = ? AND status = 'draft'
               AND wipe_when_sent = 0 AND supplement_for IS NULL ORDER BY updated_at DESC LIMIT 1",
        )
        .bind(party)
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
        let answers: Vec<(String, String, i64)> =
            sqlx::query_as("SELECT link_id, value, needs_review FROM answers WHERE draft_id = ?")
                .bind(id)
                .fetch_all(&self.db)
                .await?;
        let mut row = into_row(raw)?;
        for (link_id, sealed, needs_review) in answers {
            let plain = self.cipher.open(&answer_place(id, &link_id), &sealed)?;
            let values = decode_values(String::from_utf8_lossy(&plain).into_owned());
            if needs_review != 0 {
                row.review.insert(link_id.clone());
            }
            row.answers.insert(link_id, values);
        }
        Ok(row)
    }

    /// Every draft and submitted application of a party, newest first (answers not loaded);
    /// supplements are not applications and are not listed.
    pub async fn drafts(&self, party: &str) -> Result<Vec<DraftRow>, CoreError> {
        let raws: Vec<RawDraft> = sqlx::query_as(&format!(
            "SELECT {DRAFT_COLUMNS} FROM drafts WHERE party = ? AND wipe_when_sent = 0
               AND supplement_for IS NULL ORDER BY updated_at DESC, rowid DESC"
        ))
        .bind(party)
        .fetch_all(&self.db)
        .await?;
        raws.into_iter().map(into_row).collect()
    }

    /// The newest supplement draft of a party for a case (any status), if there is one.
    pub async fn latest_supplement(
        &self,
        party: &str,
        case_number: &str,
    ) -> Result<Option<DraftRow>, CoreError> {
        let raw: Option<RawDraft> = sqlx::query_as(&format!(
            "SELECT {DRAFT_COLUMNS} FROM drafts WHERE party = ? AND supplement_for = ?
               AND wipe_when_sent = 0 ORDER BY supplement_seq DESC, created_at DESC, rowid DESC LIMIT 1"
        ))
        .bind(party)
        .bind(case_number)
        .fetch_optional(&self.db)
        .await?;
        raw.map(into_row).transpose()
    }

    /// The case a draft supplements (补正), `None` for an application (and an unknown draft).
    pub async fn supplement_target(&self, draft_id: &str) -> Result<Option<String>, CoreError> {
        let target: Option<Option<String>> =
            sqlx::query_scalar("SELECT supplement_for FROM drafts WHERE id = ?")
                .bind(draft_id)
                .fetch_optional(&self.db)
                .await?;
        Ok(target.flatten())
    }

    /// Stores one question's answers, sealed; returns only after they are committed, with the
    /// draft's new `updated_at` (moved by the trigger of migration 0026, in the same statement).
    /// Refused while the draft waits in the outbox or was accepted; allowed again when the backend
    /// refused its answers (the resident must change them). `unmark_prefilled`: the answer is the
    /// resident's own now, no longer the records' (one transaction, one commit).
    ///
    /// One statement, one commit: the check that the draft may still change is the statement's
    /// own `WHERE`, so a save costs what a bare single-row commit costs (`./dev bench`).
    pub async fn save_answer(
        &self,
        draft_id: &str,
        link_id: &str,
        values: &[String],
        unmark_prefilled: bool,
    ) -> Result<String, CoreError> {
        const SAVE: &str = "INSERT INTO answers (draft_id, link_id, value, updated_at)
             SELECT ?1, ?2, ?3, ?4 WHERE EXISTS (
               SELECT 1 FROM drafts d WHERE d.id = ?1 AND d.status = 'draft'
                 AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.draft_id = d.id
                                 AND NOT (o.state = 'needs_attention' AND o.reason = ?5)))
             ON CONFLICT (draft_id, link_id) DO UPDATE SET value = excluded.value,
               updated_at = excluded.updated_at, needs_review = 0";
        let value = self.seal_values(draft_id, link_id, values)?;
        let now = now_rfc3339();
        let save = sqlx::query(SAVE)
            .bind(draft_id)
            .bind(link_id)
            .bind(&value)
            .bind(&now)
            .bind(super::outbox::REASON_INVALID_ANSWERS);
        let saved = if unmark_prefilled {
            let mut tx = self.db.begin().await?;
            let saved = save.execute(&mut *tx).await?.rows_affected();
            sqlx::query("DELETE FROM prefilled_answers WHERE draft_id = ? AND link_id = ?")
                .bind(draft_id)
                .bind(link_id)
                .execute(&mut *tx)
                .await?;
            if saved > 0 {
                tx.commit().await?;
            }
            saved
        } else {
            save.execute(&self.db).await?.rows_affected()
        };
        if saved == 0 {
            return Err(CoreError::AlreadySubmitted);
        }
        Ok(now)
    }

    /// The resident removes an answer (one the form no longer fits); refused as `save_answer`.
    pub async fn discard_answer(&self, draft_id: &str, link_id: &str) -> Result<(), CoreError> {
        let mut tx = self.db.begin().await?;
        if !self.touch_editable(&mut tx, draft_id).await? {
            return Err(CoreError::AlreadySubmitted);
        }
        sqlx::query("DELETE FROM answers WHERE draft_id = ? AND link_id = ?")
            .bind(draft_id)
            .bind(link_id)
            .execute(&mut *tx)
            .await?;
        // The files of that answer go with it.
        sqlx::query("DELETE FROM attachments WHERE draft_id = ? AND link_id = ?")
            .bind(draft_id)
            .bind(link_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Moves an open draft to a new version of its form, in one transaction: the service as now
    /// published, and a review mark on each answer that does not fit (kept, never dropped).
    /// False when the draft is no longer editable (it went into the outbox meanwhile).
    pub async fn move_draft_to(
        &self,
        draft_id: &str,
        service: &ServiceItem,
        review: &[String],
    ) -> Result<bool, CoreError> {
        let json = serde_json::to_string(service).map_err(|e| CoreError::Corrupt(e.to_string()))?;
        let mut tx = self.db.begin().await?;
        if !self.touch_editable(&mut tx, draft_id).await? {
            return Ok(false);
        }
        sqlx::query("UPDATE drafts SET service = ?, form_url = ?, form_version = ? WHERE id = ?")
            .bind(json)
            .bind(&service.form.url)
            .bind(&service.form.version)
            .bind(draft_id)
            .execute(&mut *tx)
            .await?;
        for link_id in review {
            sqlx::query("UPDATE answers SET needs_review = 1 WHERE draft_id = ? AND link_id = ?")
                .bind(draft_id)
                .bind(link_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(true)
    }

    /// Marks a draft changed now, if it may still be changed (not submitted, not waiting in the
    /// outbox unless its answers were refused).
    pub(super) async fn touch_editable(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
        draft_id: &str,
    ) -> Result<bool, CoreError> {
        let updated = sqlx::query(
            "UPDATE drafts SET updated_at = ? WHERE id = ? AND status = 'draft'
               AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.draft_id = drafts.id
                               AND NOT (o.state = 'needs_attention' AND o.reason = ?))",
        )
        .bind(now_rfc3339())
        .bind(draft_id)
        .bind(super::outbox::REASON_INVALID_ANSWERS)
        .execute(&mut **tx)
        .await?;
        Ok(updated.rows_affected() > 0)
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
    let (
        id,
        party,
        service,
        form_url,
        form_version,
        status,
        case_number,
        submitted_at,
        updated_at,
        supplement_for,
        supplement_seq,
    ) = raw;
    Ok(DraftRow {
        id,
        party,
        service: serde_json::from_str(&service).map_err(|e| CoreError::Corrupt(e.to_string()))?,
        form_url,
        form_version,
        submitted: status == "submitted",
        case_number,
        submitted_at,
        updated_at,
        answers: BTreeMap::new(),
        review: BTreeSet::new(),
        supplement: supplement_for.map(|case_number| SupplementOf {
            case_number,
            seq: supplement_seq
                .and_then(|s| u32::try_from(s).ok())
                .unwrap_or(0),
        }),
    })
}
