//! `GET /v1/services`, `/v1/services/{code}`, `/v1/forms/{id}/{version}`.

use crate::problem::ApiProblem;
use crate::AppState;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bianmin_api::ServiceCatalogue;
use sha2::{Digest, Sha256};

/// JSON with a strong ETag; `304 Not Modified` when the client already has it.
fn cached_json(request: &HeaderMap, body: String) -> Response {
    let etag = format!("\"{}\"", hex::encode(Sha256::digest(body.as_bytes())));
    let matches = request
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag));
    let etag_value = HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("\"\""));
    if matches {
        return (StatusCode::NOT_MODIFIED, [(header::ETAG, etag_value)]).into_response();
    }
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (header::ETAG, etag_value),
        ],
        body,
    )
        .into_response()
}

pub(crate) async fn list_services(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM services ORDER BY position")
        .fetch_all(&state.db)
        .await?;
    let items = bodies
        .iter()
        .map(|b| serde_json::from_str(b))
        .collect::<Result<Vec<_>, _>>()
        .map_err(ApiProblem::internal)?;
    let body = serde_json::to_string(&ServiceCatalogue { items }).map_err(ApiProblem::internal)?;
    Ok(cached_json(&headers, body))
}

pub(crate) async fn get_service(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM services WHERE code = ?")
        .bind(code)
        .fetch_optional(&state.db)
        .await?;
    body.map(|b| cached_json(&headers, b))
        .ok_or_else(ApiProblem::not_found)
}

pub(crate) async fn get_form(
    State(state): State<AppState>,
    Path((id, version)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM forms WHERE id = ? AND version = ?")
            .bind(id)
            .bind(version)
            .fetch_optional(&state.db)
            .await?;
    body.map(|b| cached_json(&headers, b))
        .ok_or_else(ApiProblem::not_found)
}
