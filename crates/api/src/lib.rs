//! The wire contract of the one-stop services (一网通办) backend.
//!
//! Owns the request and response types of `/v1`, shared by the app's client (`bianmin-core`) and the
//! reference server (`bianmin-server`) so the two cannot drift. It must never do I/O or hold rules:
//! form rules live in `bianmin-forms`.
//!
//! Types that also cross into the UI derive `ts_rs::TS`; their TypeScript lives in `ui/src/bindings/`.

pub mod cases;
pub mod catalogue;
pub mod delegation;
pub mod hotline;
pub mod identity;
pub mod notifications;
pub mod openapi;
pub mod questionnaire;
pub mod staff_call;
pub mod submission;
pub mod upload;

pub use cases::*;
pub use catalogue::*;
pub use delegation::*;
pub use hotline::*;
pub use identity::*;
pub use notifications::*;
pub use questionnaire::*;
pub use staff_call::*;
pub use submission::*;
pub use upload::*;

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;
use utoipa::ToSchema;

/// The header that makes a submission idempotent (IETF httpapi-idempotency-key-header).
pub const IDEMPOTENCY_KEY: &str = "Idempotency-Key";
/// Set on a response replayed for a retried idempotent request.
pub const IDEMPOTENT_REPLAYED: &str = "Idempotent-Replayed";
/// The media type of RFC 9457 problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Text the backend provides in both supported languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct LocalizedText {
    #[serde(rename = "zhCN")]
    pub zh_cn: String,
    #[serde(rename = "enUS")]
    pub en_us: String,
}

impl LocalizedText {
    pub fn new(zh_cn: impl Into<String>, en_us: impl Into<String>) -> Self {
        Self {
            zh_cn: zh_cn.into(),
            en_us: en_us.into(),
        }
    }
}

/// A user-facing message by reference: a Fluent id in `locales/<lang>/errors.ftl` and its arguments.
/// Neither the backend nor the core ever sends display text for errors; the UI localizes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Message {
    pub id: String,
    pub args: BTreeMap<String, String>,
}

impl Message {
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            args: BTreeMap::new(),
        }
    }

    pub fn arg(mut self, name: &str, value: impl ToString) -> Self {
        self.args.insert(name.to_owned(), value.to_string());
        self
    }
}

/// A problem with one answer of a form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FieldError {
    pub link_id: String,
    pub message: Message,
}

/// RFC 9457 problem details, with the extension members `message` (for localization) and
/// `fields` (per-answer problems of a rejected submission).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A stable URI per kind of problem, e.g. `https://bianmin.example/problems/invalid-answers`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub message: Message,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldError>,
}

/// A u64 that may be written as an integral float (`3.0`): the server must not refuse as
/// unreadable what the OpenAPI document calls valid.
pub(crate) fn whole_u64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u64, D::Error> {
    use serde::de::{Error, Unexpected};
    const LIMIT: f64 = 18_446_744_073_709_551_616.0; // 2^64
    let n = serde_json::Number::deserialize(d)?;
    if let Some(i) = n.as_u64() {
        return Ok(i);
    }
    match n.as_f64() {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // integral, in range
        Some(f) if f.fract() == 0.0 && (0.0..LIMIT).contains(&f) => Ok(f as u64),
        Some(f) => Err(D::Error::invalid_type(
            Unexpected::Float(f),
            &"a whole number",
        )),
        None => Err(D::Error::custom("a whole number out of range")),
    }
}

/// [`whole_u64`] for a u8 (a rating's level): a larger number is refused as out of range.
pub(crate) fn whole_u8<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u8, D::Error> {
    use serde::de::{Error, Unexpected};
    let n = whole_u64(d)?;
    u8::try_from(n).map_err(|_| D::Error::invalid_value(Unexpected::Unsigned(n), &"0 to 255"))
}

/// The stable problem type URIs of this contract.
pub mod problem_types {
    pub const INVALID_ANSWERS: &str = "https://bianmin.example/problems/invalid-answers";
    pub const NOT_FOUND: &str = "https://bianmin.example/problems/not-found";
    pub const IDEMPOTENCY_KEY_MISSING: &str =
        "https://bianmin.example/problems/idempotency-key-missing";
    pub const IDEMPOTENCY_KEY_REUSED: &str =
        "https://bianmin.example/problems/idempotency-key-reused";
    /// The form version answered is retired (or retiring and past its date); the problem's
    /// message carries `currentVersion`, the version to start again on.
    pub const FORM_VERSION_RETIRED: &str = "https://bianmin.example/problems/form-version-retired";
    pub const INTERNAL: &str = "https://bianmin.example/problems/internal";
    /// No bearer token, or one the backend does not know (signed out): sign in again.
    pub const UNAUTHORIZED: &str = "https://bianmin.example/problems/unauthorized";
    /// The session's time is up: sign in again.
    pub const SESSION_EXPIRED: &str = "https://bianmin.example/problems/session-expired";
    /// The backend is busy or down for a while; `Retry-After` says when to try again.
    pub const UNAVAILABLE: &str = "https://bianmin.example/problems/unavailable";
    /// The request could not be read or is not what the operation takes: malformed JSON, JSON of
    /// the wrong shape or types, a bad path or query parameter (400, or 422 for JSON of the wrong
    /// shape or members out of range); `fields` may say which member.
    pub const INVALID_REQUEST: &str = "https://bianmin.example/problems/invalid-request";
    /// The case or 12345 request is not in a state that allows this (e.g. withdrawn twice,
    /// a supplement when none is asked for, an illegal back-office transition).
    pub const STATE_CONFLICT: &str = "https://bianmin.example/problems/state-conflict";
    /// It has been rated already: a rating is given once.
    pub const ALREADY_RATED: &str = "https://bianmin.example/problems/already-rated";
    /// A request with this `Idempotency-Key` is still being handled; retry after `Retry-After`.
    pub const IDEMPOTENCY_KEY_IN_FLIGHT: &str =
        "https://bianmin.example/problems/idempotency-key-in-flight";
    /// Signed in, but this is not theirs to see or do (e.g. a kiosk reading a resident's
    /// notifications or profile, or someone else's delegation).
    pub const FORBIDDEN: &str = "https://bianmin.example/problems/forbidden";
    /// An upload request the backend cannot take (malformed, a missing or bad `Upload-Offset`,
    /// an empty file, a bad sha256 or material code).
    pub const INVALID_UPLOAD: &str = "https://bianmin.example/problems/invalid-upload";
    /// The file is bigger than 20 MiB, a part bigger than the part size, or the parts more than
    /// the declared size (413).
    pub const UPLOAD_TOO_LARGE: &str = "https://bianmin.example/problems/upload-too-large";
    /// The file is not a JPEG, PNG or PDF (422).
    pub const UPLOAD_TYPE_NOT_ALLOWED: &str =
        "https://bianmin.example/problems/upload-type-not-allowed";
    /// A part was sent at another offset than the backend has, or the upload was completed
    /// before all its bytes arrived (409); `message.args.offset` and the `Upload-Offset` header
    /// name where to resume.
    pub const UPLOAD_OFFSET_MISMATCH: &str =
        "https://bianmin.example/problems/upload-offset-mismatch";
    /// The bytes received do not have the declared sha256 (422): the upload starts again at 0.
    pub const UPLOAD_CHECKSUM_MISMATCH: &str =
        "https://bianmin.example/problems/upload-checksum-mismatch";
    /// The one-time code is wrong; `message.args.attemptsLeft` says how many tries remain.
    pub const SIGN_IN_CODE_WRONG: &str = "https://bianmin.example/problems/sign-in-code-wrong";
    /// The one-time code can no longer be used (expired, already used, or too many wrong
    /// tries): ask for a new code.
    pub const SIGN_IN_CODE_DEAD: &str = "https://bianmin.example/problems/sign-in-code-dead";
    /// The staff id and password, or the device registration code, are not right.
    pub const SIGN_IN_FAILED: &str = "https://bianmin.example/problems/sign-in-failed";
    /// An action on someone's behalf that no valid delegation covers (not the caller's, not
    /// active, revoked, expired, or not for this service); `message.id` says which.
    pub const DELEGATION_REFUSED: &str = "https://bianmin.example/problems/delegation-refused";
    /// Too many requests of this kind (e.g. sign-in codes for one number); `Retry-After` says
    /// when to try again.
    pub const TOO_MANY_REQUESTS: &str = "https://bianmin.example/problems/too-many-requests";
    /// The path exists, but not with this method (405, with `Allow`).
    pub const METHOD_NOT_ALLOWED: &str = "https://bianmin.example/problems/method-not-allowed";
    /// The request body is larger than the server reads (413).
    pub const TOO_LARGE: &str = "https://bianmin.example/problems/too-large";
    /// The request body is not of a media type the operation takes (415).
    pub const UNSUPPORTED_MEDIA_TYPE: &str =
        "https://bianmin.example/problems/unsupported-media-type";
}
