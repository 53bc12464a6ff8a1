//! Attachments (材料): the files a resident added to a draft's attachment questions, sealed.
//!
//! A file's bytes, name and sha256 are sealed with the data key, bound to their draft and
//! attachment id. Adding, replacing and removing a file change its row and the question's answer
//! (the list of attachment ids) in one transaction, so an answer never names a file that is not
//! stored, and a killed process loses nothing that was acknowledged.

use super::{now_rfc3339, Store};
use crate::error::CoreError;
use crate::secrets::attachment_place;

/// A file about to be stored.
pub struct NewAttachment<'a> {
    pub id: &'a str,
    pub draft_id: &'a str,
    pub link_id: &'a str,
    pub file_name: &'a str,
    pub content_type: &'a str,
    pub sha256: &'a str,
    pub material_code: &'a str,
    pub bytes: &'a [u8],
}

/// What is known of a stored file without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachmentMeta {
    pub id: String,
    pub draft_id: String,
    pub link_id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: u64,
    pub sha256: String,
    pub material_code: String,
    /// The backend's upload, once created.
    pub upload_id: Option<String>,
    /// The backend has every byte and verified the sha256.
    pub uploaded: bool,
    /// The bytes are still here (deleted once the application was accepted).
    pub has_bytes: bool,
}

type RawMeta = (
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    String,
    Option<String>,
    i64,
    i64,
);

const META_COLUMNS: &str = "id, draft_id, link_id, file_name, content_type, size, sha256, \
     material_code, upload_id, uploaded, bytes IS NOT NULL";

impl Store {
    /// Stores a file and makes `values` (which names it) the question's answer, removing the
    /// file `replaced` if given, in one transaction. Refused like `save_answer` once the draft
    /// is in the outbox. Returns the draft's new `updated_at`.
    pub async fn add_attachment(
        &self,
        new: NewAttachment<'_>,
        values: &[String],
        replaced: Option<&str>,
    ) -> Result<String, CoreError> {
        let place = |part| attachment_place(new.draft_id, new.id, part);
        let bytes = self.cipher.seal_bytes(&place("bytes"), new.bytes)?;
        let name = self.cipher.seal(&place("name"), new.file_name.as_bytes())?;
        let sha = self.cipher.seal(&place("sha256"), new.sha256.as_bytes())?;
        let answer = self.seal_values(new.draft_id, new.link_id, values)?;
        let size = i64::try_from(new.bytes.len()).map_err(|e| CoreError::Corrupt(e.to_string()))?;
        let now = now_rfc3339();
        let mut tx = self.db.begin().await?;
        if !self.touch_editable(&mut tx, new.draft_id).await? {
            return Err(CoreError::AlreadySubmitted);
        }
        sqlx::query(
            "INSERT INTO attachments (id, draft_id, link_id, file_name, content_type, size, sha256,
               material_code, bytes, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(new.id)
        .bind(new.draft_id)
        .bind(new.link_id)
        .bind(name)
        .bind(new.content_type)
        .bind(size)
        .bind(sha)
        .bind(new.material_code)
        .bind(bytes)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        if let Some(old) = replaced {
            sqlx::query("DELETE FROM attachments WHERE id = ? AND draft_id = ?")
                .bind(old)
                .bind(new.draft_id)
                .execute(&mut *tx)
                .await?;
        }
        upsert_answer(&mut tx, new.draft_id, new.link_id, &answer, &now).await?;
        tx.commit().await?;
        Ok(now)
    }

    /// Removes a file and makes `values` (without it) the question's answer, in one
    /// transaction; no answer at all when `values` is empty. Refused like `save_answer`.
    pub async fn remove_attachment(
        &self,
        draft_id: &str,
        link_id: &str,
        attachment_id: &str,
        values: &[String],
    ) -> Result<String, CoreError> {
        let answer = self.seal_values(draft_id, link_id, values)?;
        let now = now_rfc3339();
        let mut tx = self.db.begin().await?;
        if !self.touch_editable(&mut tx, draft_id).await? {
            return Err(CoreError::AlreadySubmitted);
        }
        sqlx::query("DELETE FROM attachments WHERE id = ? AND draft_id = ?")
            .bind(attachment_id)
            .bind(draft_id)
            .execute(&mut *tx)
            .await?;
        if values.is_empty() {
            sqlx::query("DELETE FROM answers WHERE draft_id = ? AND link_id = ?")
                .bind(draft_id)
                .bind(link_id)
                .execute(&mut *tx)
                .await?;
        } else {
            upsert_answer(&mut tx, draft_id, link_id, &answer, &now).await?;
        }
        tx.commit().await?;
        Ok(now)
    }

    /// Every file of a draft, oldest first.
    pub async fn attachments(&self, draft_id: &str) -> Result<Vec<AttachmentMeta>, CoreError> {
        let raws: Vec<RawMeta> = sqlx::query_as(&format!(
            "SELECT {META_COLUMNS} FROM attachments WHERE draft_id = ? ORDER BY created_at, rowid"
        ))
        .bind(draft_id)
        .fetch_all(&self.db)
        .await?;
        raws.into_iter().map(|raw| self.meta_of(raw)).collect()
    }

    /// One file, without its bytes.
    pub async fn attachment(&self, attachment_id: &str) -> Result<AttachmentMeta, CoreError> {
        let raw: Option<RawMeta> = sqlx::query_as(&format!(
            "SELECT {META_COLUMNS} FROM attachments WHERE id = ?"
        ))
        .bind(attachment_id)
        .fetch_optional(&self.db)
        .await?;
        let raw = raw.ok_or_else(|| CoreError::NotFound(format!("attachment {attachment_id}")))?;
        self.meta_of(raw)
    }

    /// A file's bytes, opened; `NotFound` once they were deleted (the application was accepted).
    pub async fn attachment_bytes(
        &self,
        draft_id: &str,
        attachment_id: &str,
    ) -> Result<Vec<u8>, CoreError> {
        let sealed: Option<Option<Vec<u8>>> =
            sqlx::query_scalar("SELECT bytes FROM attachments WHERE id = ? AND draft_id = ?")
                .bind(attachment_id)
                .bind(draft_id)
                .fetch_optional(&self.db)
                .await?;
        let sealed = sealed
            .flatten()
            .ok_or_else(|| CoreError::NotFound(format!("attachment {attachment_id}")))?;
        self.cipher
            .open_bytes(&attachment_place(draft_id, attachment_id, "bytes"), &sealed)
    }

    /// The backend created the upload of a file (`uploaded`: and verified every byte).
    /// Committed before the first part is sent, so a retry resumes the same upload.
    pub async fn set_attachment_upload(
        &self,
        attachment_id: &str,
        upload_id: &str,
        uploaded: bool,
    ) -> Result<(), CoreError> {
        sqlx::query("UPDATE attachments SET upload_id = ?, uploaded = ? WHERE id = ?")
            .bind(upload_id)
            .bind(i64::from(uploaded))
            .bind(attachment_id)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    fn meta_of(&self, raw: RawMeta) -> Result<AttachmentMeta, CoreError> {
        let (
            id,
            draft_id,
            link_id,
            name,
            content_type,
            size,
            sha,
            material_code,
            upload_id,
            uploaded,
            has_bytes,
        ) = raw;
        let place = |part| attachment_place(&draft_id, &id, part);
        let file_name =
            String::from_utf8_lossy(&self.cipher.open(&place("name"), &name)?).into_owned();
        let sha256 =
            String::from_utf8_lossy(&self.cipher.open(&place("sha256"), &sha)?).into_owned();
        Ok(AttachmentMeta {
            id,
            draft_id,
            link_id,
            file_name,
            content_type,
            size: u64::try_from(size).unwrap_or(0),
            sha256,
            material_code,
            upload_id,
            uploaded: uploaded != 0,
            has_bytes: has_bytes != 0,
        })
    }
}

async fn upsert_answer(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    draft_id: &str,
    link_id: &str,
    sealed: &str,
    now: &str,
) -> Result<(), CoreError> {
    sqlx::query(
        "INSERT INTO answers (draft_id, link_id, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (draft_id, link_id) DO UPDATE SET value = excluded.value,
           updated_at = excluded.updated_at, needs_review = 0",
    )
    .bind(draft_id)
    .bind(link_id)
    .bind(sealed)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
