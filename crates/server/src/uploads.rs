//! `/v1/uploads`: resumable, content-addressed attachments, stored as parts in the server's own
//! SQLite file.
//!
//! An upload is created with the file's sha256, size, MIME type and material code; parts are
//! appended with `PATCH` at the `Upload-Offset` the server has (tus-style: a part at another
//! offset is 409 naming the right one); `GET` says where to resume; `complete` verifies the
//! sha256 (a mismatch discards the bytes: the upload starts again at 0). Creating an upload whose
//! sha256 and size are already complete answers that upload, complete: nothing is sent twice.
//! A signed-in caller is recorded as the owner; anonymous uploads are allowed (the app's outbox
//! sends anonymously). Applications may only name complete uploads ([`check_attachments`]).

use crate::auth::Caller;
use crate::problem::ApiProblem;
use crate::AppState;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bianmin_api::{
    problem_types, CreateUpload, FieldError, Message, QuestionnaireResponse, UploadStatus,
    MAX_UPLOAD_SIZE, UPLOAD_MIME_TYPES, UPLOAD_OFFSET, UPLOAD_PART_SIZE,
};
use bianmin_forms::{FormDefinition, ItemKind};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

const MAX_FILE_NAME_CHARS: usize = 255;
const MAX_MATERIAL_CODE_CHARS: usize = 64;
/// A create request is a few short fields.
const MAX_CREATE_BODY: u64 = 16 * 1024;

type Row = (String, i64, i64, i64);

fn invalid(title: &str, detail: impl Into<String>) -> ApiProblem {
    let mut p = ApiProblem::new(
        StatusCode::BAD_REQUEST,
        problem_types::INVALID_UPLOAD,
        title,
        Message::new("error-upload-failed"),
    );
    p.1.detail = Some(detail.into());
    p
}

fn unprocessable(title: &str, detail: impl Into<String>) -> ApiProblem {
    let mut p = invalid(title, detail);
    p.0 = StatusCode::UNPROCESSABLE_ENTITY;
    p.1.status = p.0.as_u16();
    p
}

fn too_large(title: &str, message: Message) -> ApiProblem {
    ApiProblem::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        problem_types::UPLOAD_TOO_LARGE,
        title,
        message,
    )
}

/// 409 naming the offset the server has, in the problem and in `Upload-Offset`.
fn offset_mismatch(title: &str, offset: i64) -> Response {
    let problem = ApiProblem::new(
        StatusCode::CONFLICT,
        problem_types::UPLOAD_OFFSET_MISMATCH,
        title,
        Message::new("error-upload-interrupted").arg("offset", offset),
    );
    let mut response = problem.into_response();
    response
        .headers_mut()
        .insert(UPLOAD_OFFSET, HeaderValue::from(offset));
    response
}

fn status_response(code: StatusCode, status: &UploadStatus) -> Result<Response, ApiProblem> {
    let body = serde_json::to_string(status).map_err(ApiProblem::internal)?;
    Ok((
        code,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
            (
                header::HeaderName::from_static("upload-offset"),
                HeaderValue::from(status.offset),
            ),
        ],
        body,
    )
        .into_response())
}

fn status_of(id: String, (_, size, received, complete): &Row) -> UploadStatus {
    UploadStatus {
        id,
        offset: u64::try_from(*received).unwrap_or(0),
        size: u64::try_from(*size).unwrap_or(0),
        part_size: UPLOAD_PART_SIZE,
        complete: *complete != 0,
    }
}

async fn load(db: &SqlitePool, id: &str) -> Result<Row, ApiProblem> {
    sqlx::query_as("SELECT sha256, size, received, complete FROM uploads WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await?
        .ok_or_else(ApiProblem::not_found)
}

fn is_material_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= MAX_MATERIAL_CODE_CHARS
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Checks a create request; answers the sha256 in lowercase.
fn check_create(request: &CreateUpload) -> Result<String, ApiProblem> {
    let sha = request.sha256.to_ascii_lowercase();
    if sha.len() != 64 || !sha.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(unprocessable(
            "The sha256 is not 64 hex digits",
            "sha256 must be the file's SHA-256 digest as 64 hex digits",
        ));
    }
    if request.size == 0 {
        let mut p = unprocessable("The file is empty", "size must be at least 1");
        p.1.message = Message::new("error-upload-empty");
        return Err(p);
    }
    if request.size > MAX_UPLOAD_SIZE {
        let mut p = too_large(
            "The file is too large",
            Message::new("error-upload-too-large").arg("maxMb", MAX_UPLOAD_SIZE / (1024 * 1024)),
        );
        p.1.detail = Some(format!(
            "size {} is more than {MAX_UPLOAD_SIZE} bytes",
            request.size
        ));
        return Err(p);
    }
    if !UPLOAD_MIME_TYPES.contains(&request.mime_type.as_str()) {
        let mut p = ApiProblem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            problem_types::UPLOAD_TYPE_NOT_ALLOWED,
            "This kind of file is not accepted",
            Message::new("error-upload-type"),
        );
        p.1.detail = Some(format!("accepted: {}", UPLOAD_MIME_TYPES.join(", ")));
        return Err(p);
    }
    if !is_material_code(&request.material_code) {
        return Err(unprocessable(
            "The material code is not valid",
            "materialCode: 1 to 64 letters, digits, '-' or '_'",
        ));
    }
    let name_chars = request.file_name.chars().count();
    if request.file_name.trim().is_empty()
        || name_chars > MAX_FILE_NAME_CHARS
        || request.file_name.chars().any(char::is_control)
    {
        return Err(unprocessable(
            "The file name is not valid",
            "fileName: 1 to 255 characters, no control characters",
        ));
    }
    Ok(sha)
}

/// `POST /v1/uploads`.
pub(crate) async fn create(
    State(state): State<AppState>,
    caller: Option<Caller>,
    body: Body,
) -> Result<Response, ApiProblem> {
    let body = read_limited(body, MAX_CREATE_BODY).await?.ok_or_else(|| {
        too_large(
            "The request body is too large",
            Message::new("error-upload-failed"),
        )
    })?;
    let request: CreateUpload = serde_json::from_slice(&body)
        .map_err(|e| invalid("The request body is not an upload", e.to_string()))?;
    let sha = check_create(&request)?;
    let size = i64::try_from(request.size).map_err(ApiProblem::internal)?;
    // Content-addressed: the same bytes already arrived, so nothing needs sending again.
    let done: Option<(String,)> = sqlx::query_as(
        "SELECT id FROM uploads WHERE sha256 = ? AND size = ? AND complete = 1 ORDER BY rowid LIMIT 1",
    )
    .bind(&sha)
    .bind(size)
    .fetch_optional(&state.db)
    .await?;
    if let Some((id,)) = done {
        let status = UploadStatus {
            id,
            offset: request.size,
            size: request.size,
            part_size: UPLOAD_PART_SIZE,
            complete: true,
        };
        return status_response(StatusCode::OK, &status);
    }
    let _write = state.write_lock.lock().await;
    let (owner_kind, owner_subject) = match &caller {
        Some(c) => (Some(c.kind.as_str()), Some(c.subject.as_str())),
        None => (None, None),
    };
    let id = uuid::Uuid::new_v4().simple().to_string();
    let now = OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .map_err(ApiProblem::internal)?;
    sqlx::query(
        "INSERT INTO uploads (id, sha256, size, mime_type, material_code, file_name, owner_kind, owner_subject, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&sha)
    .bind(size)
    .bind(&request.mime_type)
    .bind(&request.material_code)
    .bind(&request.file_name)
    .bind(owner_kind)
    .bind(owner_subject)
    .bind(now)
    .execute(&state.db)
    .await?;
    let status = UploadStatus {
        id,
        offset: 0,
        size: request.size,
        part_size: UPLOAD_PART_SIZE,
        complete: false,
    };
    let mut response = status_response(StatusCode::CREATED, &status)?;
    if let Ok(location) = HeaderValue::from_str(&format!("/v1/uploads/{}", status.id)) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// `GET /v1/uploads/{id}`: where to resume.
pub(crate) async fn status(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiProblem> {
    let row = load(&state.db, &id).await?;
    status_response(StatusCode::OK, &status_of(id, &row))
}

/// Reads at most `limit` bytes of a body; `None` when it is longer.
async fn read_limited(body: Body, limit: u64) -> Result<Option<Vec<u8>>, ApiProblem> {
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|e| invalid("The part did not arrive whole", e.to_string()))?;
        if (bytes.len() + chunk.len()) as u64 > limit {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

/// `PATCH /v1/uploads/{id}`: appends one part at `Upload-Offset`.
pub(crate) async fn append(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiProblem> {
    let row = load(&state.db, &id).await?;
    let offset: i64 = headers
        .get(UPLOAD_OFFSET)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok())
        .and_then(|v| i64::try_from(v).ok())
        .ok_or_else(|| {
            invalid(
                "An Upload-Offset header is required",
                "Upload-Offset: the byte offset of this part, a non-negative integer",
            )
        })?;
    let declared_len = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let part_too_large = || {
        let mut p = too_large(
            "The part is larger than the part size",
            Message::new("error-upload-failed"),
        );
        p.1.detail = Some(format!("a part may carry at most {UPLOAD_PART_SIZE} bytes"));
        p
    };
    if declared_len.is_some_and(|n| n > UPLOAD_PART_SIZE) {
        return Err(part_too_large());
    }
    let (_, size, received, complete) = row;
    if complete != 0 {
        // Everything is there: nothing to append, the client moves on.
        return status_response(StatusCode::OK, &status_of(id, &row));
    }
    if offset != received {
        return Ok(offset_mismatch(
            "The part is not at the offset the upload has reached",
            received,
        ));
    }
    let part = read_limited(body, UPLOAD_PART_SIZE)
        .await?
        .ok_or_else(part_too_large)?;
    let len = i64::try_from(part.len()).map_err(ApiProblem::internal)?;
    if offset + len > size {
        let mut p = too_large(
            "The parts are larger than the declared size",
            Message::new("error-upload-failed"),
        );
        p.1.detail = Some(format!("the upload's size is {size} bytes"));
        return Err(p);
    }
    if len == 0 {
        return status_response(StatusCode::OK, &status_of(id, &row));
    }
    let _write = state.write_lock.lock().await;
    // The offset is checked again in the write itself: of two parts racing for one offset, one
    // is stored and the other answered 409.
    let mut tx = state.db.begin().await?;
    let moved = sqlx::query(
        "UPDATE uploads SET received = received + ? WHERE id = ? AND received = ? AND complete = 0",
    )
    .bind(len)
    .bind(&id)
    .bind(offset)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        drop(tx);
        let (_, _, received, _) = load(&state.db, &id).await?;
        return Ok(offset_mismatch(
            "The part is not at the offset the upload has reached",
            received,
        ));
    }
    sqlx::query("INSERT INTO upload_parts (upload_id, start, bytes) VALUES (?, ?, ?)")
        .bind(&id)
        .bind(offset)
        .bind(part)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let row = load(&state.db, &id).await?;
    status_response(StatusCode::OK, &status_of(id, &row))
}

/// `POST /v1/uploads/{id}/complete`: verifies the size and sha256 of what arrived.
pub(crate) async fn complete(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Response, ApiProblem> {
    let row = load(&state.db, &id).await?;
    let (sha, size, received, complete) = &row;
    if *complete != 0 {
        return status_response(StatusCode::OK, &status_of(id, &row));
    }
    if received != size {
        return Ok(offset_mismatch(
            "Not every byte of the upload has arrived",
            *received,
        ));
    }
    let parts: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT start, bytes FROM upload_parts WHERE upload_id = ? ORDER BY start")
            .bind(&id)
            .fetch_all(&state.db)
            .await?;
    let mut digest = Sha256::new();
    let mut at = 0i64;
    for (start, bytes) in &parts {
        if *start != at {
            return Err(ApiProblem::internal("upload parts do not tile the file"));
        }
        digest.update(bytes);
        at += i64::try_from(bytes.len()).map_err(ApiProblem::internal)?;
    }
    let actual = hex::encode(digest.finalize());
    let _write = state.write_lock.lock().await;
    let mut tx = state.db.begin().await?;
    if at != *size || &actual != sha {
        // The bytes are not the file declared: throw them away, the client sends it again.
        sqlx::query("DELETE FROM upload_parts WHERE upload_id = ?")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE uploads SET received = 0 WHERE id = ? AND complete = 0")
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        let mut p = ApiProblem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            problem_types::UPLOAD_CHECKSUM_MISMATCH,
            "The bytes received do not have the declared sha256",
            Message::new("error-upload-damaged").arg("offset", 0),
        );
        p.1.detail = Some(format!(
            "received {at} bytes with sha256 {actual}; the upload starts again at offset 0"
        ));
        let mut response = p.into_response();
        response
            .headers_mut()
            .insert(UPLOAD_OFFSET, HeaderValue::from(0));
        return Ok(response);
    }
    let now = OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .map_err(ApiProblem::internal)?;
    sqlx::query("UPDATE uploads SET complete = 1, completed_at = ? WHERE id = ?")
        .bind(now)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    let row = load(&state.db, &id).await?;
    status_response(StatusCode::OK, &status_of(id, &row))
}

/// The problems of an application's attachment answers: each must name a complete upload.
pub(crate) async fn check_attachments(
    db: &SqlitePool,
    form: &FormDefinition,
    response: &QuestionnaireResponse,
) -> Result<Vec<FieldError>, ApiProblem> {
    let mut problems = Vec::new();
    for item in &response.item {
        let is_attachment = form
            .item(&item.link_id)
            .is_some_and(|i| i.kind == ItemKind::Attachment);
        if !is_attachment {
            continue;
        }
        for answer in &item.answer {
            let Some(id) = answer.value_string.as_deref() else {
                continue;
            };
            let complete: Option<i64> =
                sqlx::query_scalar("SELECT complete FROM uploads WHERE id = ?")
                    .bind(id)
                    .fetch_optional(db)
                    .await?;
            let message = match complete {
                Some(1) => continue,
                Some(_) => "error-upload-incomplete",
                None => "error-upload-unknown",
            };
            problems.push(FieldError {
                link_id: item.link_id.clone(),
                message: Message::new(message),
            });
            break;
        }
    }
    Ok(problems)
}
