//! Attachments (材料): a resident adds a photo or a scan to an attachment question of a draft.
//!
//! The file is checked here by its content (JPEG, PNG or PDF by their first bytes, never by the
//! name) and its size (at most the backend's [`MAX_UPLOAD_SIZE`]), then stored sealed in the
//! draft's party partition (`store/attachments.rs`); the answer holds local attachment ids. The
//! outbox uploads the files before it sends the application (`outbox.rs`).

use crate::app::Bianmin;
use crate::error::CoreError;
use crate::store::NewAttachment;
use crate::view::Draft;
use bianmin_api::{Message, MAX_UPLOAD_SIZE};
use bianmin_forms::ItemKind;
use sha2::{Digest, Sha256};

/// The longest file name kept, in characters (the backend's limit).
pub const MAX_FILE_NAME_CHARS: usize = 255;

/// The content type of a file from its first bytes: JPEG, PNG or PDF; `None` for anything else.
pub fn sniff_content_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else {
        None
    }
}

/// The name as the resident knows it: the last part of a path, no control characters, at most
/// [`MAX_FILE_NAME_CHARS`]; a name with nothing left becomes "document" with the type's extension.
fn clean_file_name(name: &str, content_type: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_FILE_NAME_CHARS)
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        let ext = match content_type {
            "image/jpeg" => "jpg",
            "image/png" => "png",
            _ => "pdf",
        };
        format!("document.{ext}")
    } else {
        cleaned.to_owned()
    }
}

fn refused(link_id: &str, message: Message) -> CoreError {
    CoreError::Refused {
        message,
        field: Some(link_id.to_owned()),
    }
}

impl Bianmin {
    /// Adds a file to an attachment question of a draft, or replaces the file `replace` (one of
    /// the question's files) with it. A question that does not repeat holds one file: adding
    /// another replaces it. Checked by content and size first: a file that is not JPEG, PNG or
    /// PDF (`error-upload-type`), empty (`error-upload-empty`) or larger than 20 MB
    /// (`error-upload-too-large`, `maxMb`) is refused about the question ([`CoreError::Refused`])
    /// and nothing changes. Returns once the sealed file and the answer naming it committed.
    pub async fn attach_file(
        &self,
        draft_id: &str,
        link_id: &str,
        file_name: &str,
        bytes: &[u8],
        replace: Option<&str>,
    ) -> Result<Draft, CoreError> {
        let row = self.own_draft(draft_id).await?;
        if row.submitted {
            return Err(CoreError::AlreadySubmitted);
        }
        let form = self.form_of(&row).await?;
        let item = form
            .item(link_id)
            .filter(|i| i.kind == ItemKind::Attachment)
            .ok_or_else(|| CoreError::NotFound(format!("attachment question {link_id}")))?;
        if bytes.is_empty() {
            return Err(refused(link_id, Message::new("error-upload-empty")));
        }
        if bytes.len() as u64 > MAX_UPLOAD_SIZE {
            return Err(refused(
                link_id,
                Message::new("error-upload-too-large")
                    .arg("maxMb", MAX_UPLOAD_SIZE / (1024 * 1024)),
            ));
        }
        let content_type = sniff_content_type(bytes)
            .ok_or_else(|| refused(link_id, Message::new("error-upload-type")))?;
        let mut values = row.answers.get(link_id).cloned().unwrap_or_default();
        let id = format!("att-{}", uuid::Uuid::new_v4().simple());
        let replaced = match replace {
            Some(old) => {
                let at = values
                    .iter()
                    .position(|v| v == old)
                    .ok_or_else(|| CoreError::NotFound(format!("attachment {old}")))?;
                values[at] = id.clone();
                Some(old.to_owned())
            }
            None if item.repeats => {
                if values.len() >= item.most_answers() {
                    return Err(refused(
                        link_id,
                        Message::new("error-too-many-files").arg("max", item.most_answers()),
                    ));
                }
                values.push(id.clone());
                None
            }
            None => {
                let old = values.first().cloned();
                values = vec![id.clone()];
                old
            }
        };
        let sha256 = hex::encode(Sha256::digest(bytes));
        let name = clean_file_name(file_name, content_type);
        // The backend files each upload under a material code; the question's, else its linkId.
        let material = item
            .material
            .clone()
            .filter(|m| valid_material_code(m))
            .unwrap_or_else(|| material_from(link_id));
        self.store
            .add_attachment(
                NewAttachment {
                    id: &id,
                    draft_id,
                    link_id,
                    file_name: &name,
                    content_type,
                    sha256: &sha256,
                    material_code: &material,
                    bytes,
                },
                &values,
                replaced.as_deref(),
            )
            .await?;
        tracing::info!(
            draft = draft_id,
            question = link_id,
            size = bytes.len(),
            content_type,
            "file attached"
        );
        self.get_draft(draft_id).await
    }

    /// Removes one file from its question (and from the answer), in one transaction.
    pub async fn remove_attachment(
        &self,
        draft_id: &str,
        attachment_id: &str,
    ) -> Result<Draft, CoreError> {
        let row = self.own_draft(draft_id).await?;
        if row.submitted {
            return Err(CoreError::AlreadySubmitted);
        }
        let meta = self.store.attachment(attachment_id).await?;
        if meta.draft_id != draft_id {
            return Err(CoreError::NotFound(format!("attachment {attachment_id}")));
        }
        let values: Vec<String> = row
            .answers
            .get(&meta.link_id)
            .map(|v| v.iter().filter(|v| *v != attachment_id).cloned().collect())
            .unwrap_or_default();
        self.store
            .remove_attachment(draft_id, &meta.link_id, attachment_id, &values)
            .await?;
        self.get_draft(draft_id).await
    }

    /// The bytes of an attached photo (JPEG or PNG), for the field's preview; a PDF has none
    /// (`NotFound`), nor a file of another party's draft, nor one whose bytes were deleted after
    /// the application was accepted.
    pub async fn attachment_preview(&self, attachment_id: &str) -> Result<Vec<u8>, CoreError> {
        let meta = self.store.attachment(attachment_id).await?;
        self.own_draft(&meta.draft_id).await?;
        if !meta.content_type.starts_with("image/") {
            return Err(CoreError::NotFound(format!(
                "a preview of attachment {attachment_id}"
            )));
        }
        self.store
            .attachment_bytes(&meta.draft_id, attachment_id)
            .await
    }
}

fn valid_material_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 64
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

fn material_from(link_id: &str) -> String {
    let code: String = link_id
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .take(64)
        .collect();
    if code.is_empty() {
        "document".to_owned()
    } else {
        code
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_the_type_and_names_are_cleaned() {
        assert_eq!(
            sniff_content_type(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some("image/jpeg")
        );
        assert_eq!(
            sniff_content_type(b"\x89PNG\r\n\x1a\n...."),
            Some("image/png")
        );
        assert_eq!(sniff_content_type(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff_content_type(b"GIF89a"), None);
        assert_eq!(sniff_content_type(b"PK\x03\x04"), None);
        assert_eq!(sniff_content_type(b""), None);
        assert_eq!(
            clean_file_name("C:\\fakepath\\照片.png", "image/png"),
            "照片.png"
        );
        assert_eq!(clean_file_name("/home/a/b.pdf", "application/pdf"), "b.pdf");
        assert_eq!(clean_file_name("  \u{7}", "image/jpeg"), "document.jpg");
        assert_eq!(
            clean_file_name(&"长".repeat(300), "image/png")
                .chars()
                .count(),
            255
        );
        assert_eq!(material_from("photo"), "photo");
    }
}
