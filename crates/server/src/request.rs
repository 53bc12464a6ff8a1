//! Small helpers shared by the case, notification and 12345 handlers: bodies and paths that
//! are refused as problems (never axum's plain-text rejections), JSON answers, the clock.

use crate::problem::ApiProblem;
use axum::extract::rejection::PathRejection;
use axum::extract::Path;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use bianmin_api::{problem_types, FieldError, Message};
use serde::de::DeserializeOwned;
use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// A JSON body, or 400 `invalid-request` saying why not (`detail`).
pub(crate) fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiProblem> {
    serde_json::from_slice(body).map_err(|e| {
        let mut p = ApiProblem::new(
            StatusCode::BAD_REQUEST,
            problem_types::INVALID_REQUEST,
            "The request body is not what this operation takes",
            Message::new("error-invalid-request"),
        );
        p.1.detail = Some(e.to_string());
        p
    })
}

/// 415 `unsupported-media-type` unless the body is declared `Content-Type: application/json`
/// (with any parameters): for handlers that read their body as bytes, which axum's `Json` would
/// otherwise have checked.
pub(crate) fn require_json(headers: &HeaderMap) -> Result<(), ApiProblem> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if is_json {
        Ok(())
    } else {
        Err(ApiProblem::for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE))
    }
}

/// A path parameter, or 400 `invalid-request` (e.g. bad percent-encoding).
pub(crate) fn path(param: Result<Path<String>, PathRejection>) -> Result<String, ApiProblem> {
    param.map(|Path(p)| p).map_err(|e| {
        let mut p = ApiProblem::new(
            StatusCode::BAD_REQUEST,
            problem_types::INVALID_REQUEST,
            "The path is malformed",
            Message::new("error-invalid-request"),
        );
        p.1.detail = Some(e.body_text());
        p
    })
}

/// 422 `invalid-request` naming the members that are wrong.
pub(crate) fn invalid(fields: Vec<FieldError>) -> ApiProblem {
    let mut p = ApiProblem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        problem_types::INVALID_REQUEST,
        "Some members of the request are not valid",
        Message::new("error-invalid-request"),
    );
    p.1.fields = fields;
    p
}

/// One member's problem.
pub(crate) fn field(link_id: &str, message: Message) -> FieldError {
    FieldError {
        link_id: link_id.to_owned(),
        message,
    }
}

/// 409 `state-conflict`: not allowed in the state the case or request is in.
pub(crate) fn state_conflict(detail: String) -> ApiProblem {
    let mut p = ApiProblem::new(
        StatusCode::CONFLICT,
        problem_types::STATE_CONFLICT,
        "Not possible in the current state",
        Message::new("error-case-state"),
    );
    p.1.detail = Some(detail);
    p
}

/// 409 `already-rated`.
pub(crate) fn already_rated() -> ApiProblem {
    ApiProblem::new(
        StatusCode::CONFLICT,
        problem_types::ALREADY_RATED,
        "This has been rated already",
        Message::new("error-already-rated"),
    )
}

/// 403 `forbidden`: signed in, but not as a resident.
pub(crate) fn residents_only() -> ApiProblem {
    ApiProblem::new(
        StatusCode::FORBIDDEN,
        problem_types::FORBIDDEN,
        "Only a signed-in resident may do this",
        Message::new("error-forbidden"),
    )
}

/// A JSON answer.
pub(crate) fn json<T: Serialize>(status: StatusCode, value: &T) -> Result<Response, ApiProblem> {
    let body = serde_json::to_string(value).map_err(ApiProblem::internal)?;
    Ok(crate::idempotency::json_response(status, body, false))
}

/// Now, and now as RFC 3339.
pub(crate) fn now() -> Result<(OffsetDateTime, String), ApiProblem> {
    let now = OffsetDateTime::now_utc();
    let text = now.format(&Rfc3339).map_err(ApiProblem::internal)?;
    Ok((now, text))
}

/// The length of a text in characters, as a resident counts them.
pub(crate) fn chars(text: &str) -> usize {
    text.chars().count()
}
