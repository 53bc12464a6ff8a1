//! The wire contract of the one-stop services (一网通办) backend.
//!
//! Owns the request and response types of `/v1`, shared by the app's client (`bianmin-core`) and the
//! reference server (`bianmin-server`) so the two cannot drift. It must never do I/O or hold rules:
//! form rules live in `bianmin-forms`.
//!
//! Types that also cross into the UI derive `ts_rs::TS`; their TypeScript lives in `ui/src/bindings/`.

pub mod catalogue;
pub mod openapi;
pub mod questionnaire;
pub mod submission;

pub use catalogue::*;
pub use questionnaire::*;
pub use submission::*;

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
    /// The request could not be read: malformed JSON, a value of the wrong type, a bad path or
    /// query parameter (400, or 422 for JSON of the wrong shape).
    pub const BAD_REQUEST: &str = "https://bianmin.example/problems/bad-request";
    /// The path exists, but not with this method (405, with `Allow`).
    pub const METHOD_NOT_ALLOWED: &str = "https://bianmin.example/problems/method-not-allowed";
    /// The request body is larger than the server reads (413).
    pub const TOO_LARGE: &str = "https://bianmin.example/problems/too-large";
    /// The request body is not of a media type the operation takes (415).
    pub const UNSUPPORTED_MEDIA_TYPE: &str =
        "https://bianmin.example/problems/unsupported-media-type";
}
