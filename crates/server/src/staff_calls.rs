//! A kiosk calling a member of staff (呼叫工作人员): `POST /v1/staff-calls` from the kiosk's
//! help panel, answered by the hall's staff (here the back office, `POST
//! /admin/staff-calls/{id}/answer`; a staff desk is not part of this server), and followed by the
//! kiosk with `GET /v1/staff-calls/{id}` until someone is on the way. A call is anonymous and
//! followed by its random id.

use crate::problem::ApiProblem;
use crate::request::{self, field, invalid, json, parse_json, state_conflict};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use bianmin_api::{
    LocalizedText, Message, StaffCall, StaffCallRequest, StaffCallStatus,
    MAX_STAFF_CALL_PLACE_CHARS,
};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;

fn status_text(status: StaffCallStatus) -> &'static str {
    match status {
        StaffCallStatus::Waiting => "waiting",
        StaffCallStatus::Coming => "coming",
        StaffCallStatus::Cancelled => "cancelled",
    }
}

fn parse_status(text: &str) -> Result<StaffCallStatus, ApiProblem> {
    match text {
        "waiting" => Ok(StaffCallStatus::Waiting),
        "coming" => Ok(StaffCallStatus::Coming),
        "cancelled" => Ok(StaffCallStatus::Cancelled),
        other => Err(ApiProblem::internal(format!("staff call status {other:?}"))),
    }
}

async fn load(db: &SqlitePool, id: &str) -> Result<StaffCall, ApiProblem> {
    let row: Option<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT place, status, created_at, note FROM staff_calls WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?;
    let (place, status, created_at, note) = row.ok_or_else(ApiProblem::not_found)?;
    Ok(StaffCall {
        id: id.to_owned(),
        place,
        status: parse_status(&status)?,
        created_at,
        note: note
            .map(|n| serde_json::from_str(&n).map_err(ApiProblem::internal))
            .transpose()?,
    })
}

/// `POST /v1/staff-calls`
pub(crate) async fn create(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let request: StaffCallRequest = parse_json(&body)?;
    let place = request.place.trim();
    let length = request::chars(place);
    if length == 0 || length > MAX_STAFF_CALL_PLACE_CHARS {
        return Err(invalid(vec![field(
            "place",
            Message::new("error-invalid-request"),
        )]));
    }
    let (_, at) = request::now()?;
    let id = format!("S{}", uuid::Uuid::new_v4().simple());
    sqlx::query(
        "INSERT INTO staff_calls (id, place, status, created_at) VALUES (?, ?, 'waiting', ?)",
    )
    .bind(&id)
    .bind(place)
    .bind(&at)
    .execute(&state.db)
    .await?;
    json(StatusCode::CREATED, &load(&state.db, &id).await?)
}

/// `GET /v1/staff-calls/{id}`
pub(crate) async fn get(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiProblem> {
    let id = request::path(id)?;
    json(StatusCode::OK, &load(&state.db, &id).await?)
}

/// `POST /v1/staff-calls/{id}/cancel`: the resident no longer needs help; a cancelled call is
/// answered as it is.
pub(crate) async fn cancel(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiProblem> {
    let id = request::path(id)?;
    let _write = state.write_lock.lock().await;
    load(&state.db, &id).await?;
    sqlx::query("UPDATE staff_calls SET status = 'cancelled' WHERE id = ?")
        .bind(&id)
        .execute(&state.db)
        .await?;
    json(StatusCode::OK, &load(&state.db, &id).await?)
}

/// `POST /admin/staff-calls/{id}/answer`: a member of staff takes the call.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StaffCallAnswer {
    /// What to tell the resident (e.g. who is coming); a plain default when absent.
    #[serde(default)]
    pub note: Option<LocalizedText>,
}

pub(crate) async fn admin_answer(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let id = request::path(id)?;
    let answer: StaffCallAnswer = if body.is_empty() {
        StaffCallAnswer::default()
    } else {
        parse_json(&body)?
    };
    let _write = state.write_lock.lock().await;
    let call = load(&state.db, &id).await?;
    if call.status != StaffCallStatus::Waiting {
        return Err(state_conflict(format!(
            "call {id} is {}: only a waiting call can be answered",
            status_text(call.status)
        )));
    }
    let note = answer.note.unwrap_or_else(|| {
        LocalizedText::new(
            "工作人员已收到呼叫，正在过来。",
            "A member of staff has your call and is on the way.",
        )
    });
    sqlx::query("UPDATE staff_calls SET status = 'coming', note = ? WHERE id = ?")
        .bind(serde_json::to_string(&note).map_err(ApiProblem::internal)?)
        .bind(&id)
        .execute(&state.db)
        .await?;
    json(StatusCode::OK, &load(&state.db, &id).await?)
}
