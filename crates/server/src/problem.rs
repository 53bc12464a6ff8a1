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

/// The most a request body may hold (axum's own default, stated here once): a longer body is
/// refused with 413 `too-large` before any handler sees it. A route that takes more (an upload
/// part) sets its own `DefaultBodyLimit`.
pub(crate) const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// How much of a non-problem error body is kept as the problem's `detail`.
const MAX_DETAIL_BYTES: usize = 1024;

impl ApiProblem {
    /// The problem for an error answer that is not one yet: axum's own rejections and the
    /// router's unknown paths and methods. The type follows the status.
    pub fn for_status(status: StatusCode) -> Self {
        let (kind, title, message) = match status {
            StatusCode::NOT_FOUND => (problem_types::NOT_FOUND, "Not found", "error-not-found"),
            StatusCode::METHOD_NOT_ALLOWED => (
                problem_types::METHOD_NOT_ALLOWED,
                "Method not allowed",
                "error-method-not-allowed",
            ),
            StatusCode::PAYLOAD_TOO_LARGE => (
                problem_types::TOO_LARGE,
                "The request body is too large",
                "error-too-large",
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                problem_types::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported media type",
                "error-unsupported-media-type",
            ),
            StatusCode::UNAUTHORIZED => (
                problem_types::UNAUTHORIZED,
                "A bearer token is required",
                "error-signed-out",
            ),
            s if s.is_server_error() => {
                (problem_types::INTERNAL, "Internal error", "error-backend")
            }
            _ => (
                problem_types::INVALID_REQUEST,
                "The request could not be read",
                "error-bad-request",
            ),
        };
        Self::new(status, kind, title, Message::new(message))
    }
}

/// Whether a response already is problem+json.
fn is_problem(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON))
}

/// Middleware over the whole router: every 4xx and 5xx answer leaves as RFC 9457 problem+json.
///
/// Handlers answer their own errors with [`ApiProblem`]; what they never see comes out of axum as
/// plain text or an empty body: a `Json` body that is malformed (400), of the wrong types (422) or
/// without `Content-Type: application/json` (415), a body over [`MAX_BODY_BYTES`] (413), a path or
/// query parameter that does not parse (400), an unknown path (404), a method the path does not
/// take (405). Such an answer keeps its status and headers (`Allow` on 405), gets the problem of
/// [`ApiProblem::for_status`], and axum's text becomes the problem's `detail` (developer text, never
/// shown to residents). So every handler added later, with any extractor, gets the rule for free.
pub(crate) async fn errors_as_problems(response: Response) -> Response {
    let status = response.status();
    if !(status.is_client_error() || status.is_server_error()) || is_problem(&response) {
        return response;
    }
    let (parts, body) = response.into_parts();
    let text = axum::body::to_bytes(body, MAX_DETAIL_BYTES)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let mut problem = ApiProblem::for_status(status);
    if !text.is_empty() {
        problem.1.detail = Some(text);
    }
    let mut answer = problem.into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            answer.headers_mut().append(name, value.clone());
        }
    }
    answer
}

/// The router's fallback: a path that no route serves.
pub(crate) async fn no_such_path() -> ApiProblem {
    ApiProblem::not_found()
}
