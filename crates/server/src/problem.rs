//! RFC 9457 problem+json responses.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use bianmin_api::{problem_types, FieldError, Message, Problem, PROBLEM_JSON};

/// The problem is boxed so that `Result<T, ApiProblem>` stays small.
pub(crate) struct ApiProblem(pub StatusCode, pub Box<Problem>);

impl ApiProblem {
    pub fn new(status: StatusCode, kind: &str, title: &str, message: Message) -> Self {
        Self(
            status,
            Box::new(Problem {
                kind: kind.to_owned(),
                title: title.to_owned(),
                status: status.as_u16(),
                detail: None,
                message,
                fields: Vec::new(),
            }),
        )
    }

    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            problem_types::NOT_FOUND,
            "Not found",
            Message::new("error-not-found"),
        )
    }

    pub fn invalid_answers(fields: Vec<FieldError>) -> Self {
        let mut p = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            problem_types::INVALID_ANSWERS,
            "Some answers are not valid",
            Message::new("error-backend"),
        );
        p.1.fields = fields;
        p
    }

    pub fn internal(error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            problem_types::INTERNAL,
            "Internal error",
            Message::new("error-backend"),
        )
    }
}

impl From<sqlx::Error> for ApiProblem {
    fn from(e: sqlx::Error) -> Self {
        Self::internal(e)
    }
}

impl IntoResponse for ApiProblem {
    fn into_response(self) -> Response {
        let body = serde_json::to_string(&self.1).unwrap_or_default();
        (self.0, [(header::CONTENT_TYPE, PROBLEM_JSON)], body).into_response()
    }
}

/// A JSON request body of type `T`, or a 400 `invalid-request` problem (never axum's plain-text
/// rejection), whatever the `Content-Type`.
pub(crate) fn parse_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, ApiProblem> {
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
