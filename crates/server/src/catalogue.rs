//! The catalogue: services (filtered by life event and department), life events, departments,
//! bundles (一件事) and form versions, each with a strong ETag.

use crate::problem::ApiProblem;
use crate::AppState;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bianmin_api::{
    Bundle, BundleDetail, BundleList, DepartmentList, LifeEventList, ServiceCatalogue,
    ServiceFilter, ServiceItem,
};
use serde::de::DeserializeOwned;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use std::collections::HashMap;

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

/// Every service item in catalogue order, each pointing to its form's current version (the
/// newest active one; a retiring one is still accepted, see `applications.rs`).
pub(crate) async fn load_services(db: &SqlitePool) -> Result<Vec<ServiceItem>, ApiProblem> {
    let bodies: Vec<String> = sqlx::query_scalar("SELECT body FROM services ORDER BY position")
        .fetch_all(db)
        .await?;
    let current: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, version FROM forms WHERE status = 'active' ORDER BY published_at, rowid",
    )
    .fetch_all(db)
    .await?;
    let current: HashMap<String, String> = current.into_iter().collect();
    bodies
        .iter()
        .map(|b| {
            let mut item: ServiceItem = serde_json::from_str(b).map_err(ApiProblem::internal)?;
            if let Some(version) = current.get(&item.form.id) {
                item.form.version.clone_from(version);
            }
            Ok(item)
        })
        .collect()
}

pub(crate) async fn load_service(
    db: &SqlitePool,
    code: &str,
) -> Result<Option<ServiceItem>, ApiProblem> {
    Ok(load_services(db)
        .await?
        .into_iter()
        .find(|s| s.summary.code == code))
}

fn to_json(value: &impl Serialize) -> Result<String, ApiProblem> {
    serde_json::to_string(value).map_err(ApiProblem::internal)
}

pub(crate) async fn list_services(
    State(state): State<AppState>,
    Query(filter): Query<ServiceFilter>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    let items = load_services(&state.db)
        .await?
        .into_iter()
        .filter(|s| {
            filter
                .life_event
                .as_ref()
                .is_none_or(|e| s.life_events.contains(e))
                && filter
                    .department
                    .as_ref()
                    .is_none_or(|d| &s.department_code == d)
        })
        .collect();
    Ok(cached_json(&headers, to_json(&ServiceCatalogue { items })?))
}

pub(crate) async fn get_service(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    let item = load_service(&state.db, &code)
        .await?
        .ok_or_else(ApiProblem::not_found)?;
    Ok(cached_json(&headers, to_json(&item)?))
}

async fn bodies<T: DeserializeOwned>(db: &SqlitePool, table: &str) -> Result<Vec<T>, ApiProblem> {
    let bodies: Vec<String> =
        sqlx::query_scalar(&format!("SELECT body FROM {table} ORDER BY position"))
            .fetch_all(db)
            .await?;
    bodies
        .iter()
        .map(|b| serde_json::from_str(b).map_err(ApiProblem::internal))
        .collect()
}

pub(crate) async fn list_life_events(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    let items = bodies(&state.db, "life_events").await?;
    Ok(cached_json(&headers, to_json(&LifeEventList { items })?))
}

pub(crate) async fn list_departments(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    let items = bodies(&state.db, "departments").await?;
    Ok(cached_json(&headers, to_json(&DepartmentList { items })?))
}

pub(crate) async fn list_bundles(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    let items = bodies(&state.db, "bundles").await?;
    Ok(cached_json(&headers, to_json(&BundleList { items })?))
}

pub(crate) async fn get_bundle(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiProblem> {
    let bundle = bodies::<Bundle>(&state.db, "bundles")
        .await?
        .into_iter()
        .find(|b| b.code == code)
        .ok_or_else(ApiProblem::not_found)?;
    let all = load_services(&state.db).await?;
    let services = bundle
        .service_codes
        .iter()
        .filter_map(|c| all.iter().find(|s| &s.summary.code == c).cloned())
        .collect();
    Ok(cached_json(
        &headers,
        to_json(&BundleDetail { bundle, services })?,
    ))
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
