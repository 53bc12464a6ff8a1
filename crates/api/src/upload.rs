//! Uploads: resumable, content-addressed attachments (材料). A client creates an upload with the
//! file's sha256, size, MIME type and material code, appends parts at the offset the backend has
//! (`PATCH` with `Upload-Offset`, as in tus), asks where to resume after an interruption, and
//! completes it; the backend verifies the sha256. An application's attachment answer is the
//! upload's `id` (`valueString`).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The request and response header naming the byte offset of a part (tus `Upload-Offset`).
pub const UPLOAD_OFFSET: &str = "Upload-Offset";
/// The largest file the backend takes: 20 MiB.
pub const MAX_UPLOAD_SIZE: u64 = 20 * 1024 * 1024;
/// The largest part one `PATCH` may carry: 1 MiB.
pub const UPLOAD_PART_SIZE: u64 = 1024 * 1024;
/// The kinds of file the backend takes: photos and scans.
pub const UPLOAD_MIME_TYPES: &[&str] = &["image/jpeg", "image/png", "application/pdf"];

/// `POST /v1/uploads`: the file about to be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CreateUpload {
    /// The sha256 of the whole file, 64 hex digits.
    pub sha256: String,
    /// The size of the whole file in bytes, 1 to 20 MiB. An integral float (`10.0`) is taken,
    /// as JSON Schema's `integer` allows.
    #[serde(deserialize_with = "crate::whole_u64")]
    pub size: u64,
    /// `image/jpeg`, `image/png` or `application/pdf`.
    pub mime_type: String,
    /// The material (材料) this file is, as in the service's `materials` and the form's
    /// material extension.
    pub material_code: String,
    /// The file's name as the resident knows it (at most 255 characters).
    pub file_name: String,
}

/// Where an upload stands: how many bytes the backend has, so the client resumes from there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UploadStatus {
    /// The upload id: what an attachment answer names.
    pub id: String,
    /// Bytes received so far: the `Upload-Offset` of the next part.
    pub offset: u64,
    /// The declared size of the whole file.
    pub size: u64,
    /// The largest part one `PATCH` may carry.
    pub part_size: u64,
    /// Every byte arrived and the sha256 matched: an application may name it.
    pub complete: bool,
}

/// The body of `PATCH /v1/uploads/{id}`: raw bytes of one part (documentation only; the server
/// reads the body as it streams).
#[derive(Debug, Clone, PartialEq, Eq, ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct UploadPart(pub Vec<u8>);
