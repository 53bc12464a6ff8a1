//! `POST /v1/applications`: validated with the app's own rules, exactly once per Idempotency-Key.

use crate::auth::Caller;
use crate::problem::ApiProblem;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bianmin_api::{
    problem_types, ApplicationReceipt, ApplicationRequest, CaseStatus, Message, Questionnaire,
    ServiceItem, IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED,
};
use bianmin_forms::{validate_response, FormDefinition};
use sha2::{Digest, Sha256};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fn json_response(status: StatusCode, body: String, replayed: bool) -> Response {
    let mut response = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response();
    if replayed {
        response
            .headers_mut()
            .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    response
}

/// How long an `Idempotency-Key` is kept: at least this long, purged only when older.
pub const IDEMPOTENCY_KEY_RETENTION: time::Duration = time::Duration::days(30);

/// Keys whose request is being processed right now. A key is claimed before its record is read
/// and released when the handler ends (answered, failed or cancelled), so at most one request
/// per key runs at a time and the check-and-record of a key is atomic without a global lock.
/// In memory, because one server process owns its database; after a crash nothing is in flight.
#[derive(Clone, Default)]
pub(crate) struct InFlight(Arc<Mutex<HashSet<String>>>);

pub(crate) struct Claim {
    set: Arc<Mutex<HashSet<String>>>,
    key: String,
}

impl InFlight {
    fn claim(&self, key: &str) -> Option<Claim> {
        let mut set = self.0.lock().ok()?;
        set.insert(key.to_owned()).then(|| Claim {
            set: self.0.clone(),
            key: key.to_owned(),
        })
    }
}

impl Drop for Claim {
    fn drop(&mut self) {
        if let Ok(mut set) = self.set.lock() {
            set.remove(&self.key);
        }
    }
}

fn in_flight() -> Response {
    let mut response = ApiProblem::new(
        StatusCode::CONFLICT,
        problem_types::IDEMPOTENCY_KEY_IN_FLIGHT,
        "A request with this Idempotency-Key is still being processed",
        Message::new("error-submission-in-flight"),
    )
    .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// Deletes idempotency records older than [`IDEMPOTENCY_KEY_RETENTION`]; run at startup and
/// every hour. Returns how many went.
pub async fn purge_idempotency_keys(
    db: &sqlx::SqlitePool,
    now: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let Ok(cutoff) = crate::identity::utc(now - IDEMPOTENCY_KEY_RETENTION) else {
        return Ok(0);
    };
    let done = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < ?")
        .bind(cutoff)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

pub(crate) async fn submit(
    state: State<AppState>,
    caller: Option<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    submit_holding(state, caller, headers, body, Duration::ZERO, Duration::ZERO).await
}

/// [`submit`], waiting `before` with the key claimed (a slow backend: a retry meanwhile gets
/// 409) and `after` once the answer is recorded and the key released (a slow network back: a
/// retry meanwhile gets the replay). Fault injection's `Delay`.
pub(crate) async fn submit_holding(
    State(state): State<AppState>,
    caller: Option<Caller>,
    headers: HeaderMap,
    body: Bytes,
    before: Duration,
    after: Duration,
) -> Result<Response, ApiProblem> {
    let key = headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 255)
        .ok_or_else(|| {
            ApiProblem::new(
                StatusCode::BAD_REQUEST,
                problem_types::IDEMPOTENCY_KEY_MISSING,
                "An Idempotency-Key header is required",
                Message::new("error-backend"),
            )
        })?
        .to_owned();
    let answer = {
        let Some(_claim) = state.in_flight.claim(&key) else {
            return Ok(in_flight());
        };
        tokio::time::sleep(before).await;
        process(&state, caller, &key, body).await
    };
    tokio::time::sleep(after).await;
    answer
}

async fn process(
    state: &AppState,
    caller: Option<Caller>,
    key: &str,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let request_sha = hex::encode(Sha256::digest(&body));
    let previous: Option<(String, i64, String)> = sqlx::query_as(
        "SELECT request_sha256, status_code, response FROM idempotency_keys WHERE key = ?",
    )
    .bind(key)
    .fetch_optional(&state.db)
    .await?;
    if let Some((sha, status, response)) = previous {
        if sha != request_sha {
            return Err(ApiProblem::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                problem_types::IDEMPOTENCY_KEY_REUSED,
                "This Idempotency-Key was used for a different request",
                Message::new("error-backend"),
            ));
        }
        let status = StatusCode::from_u16(u16::try_from(status).unwrap_or(500))
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        return Ok(json_response(status, response, true));
    }

    let request: ApplicationRequest = serde_json::from_slice(&body).map_err(|e| {
        let mut p = ApiProblem::new(
            StatusCode::BAD_REQUEST,
            problem_types::INVALID_ANSWERS,
            "The request body is not an application",
            Message::new("error-backend"),
        );
        p.1.detail = Some(e.to_string());
        p
    })?;
    let service = crate::catalogue::load_service(&state.db, &request.service_code)
        .await?
        .ok_or_else(ApiProblem::not_found)?;
    let now = OffsetDateTime::now_utc();
    // Refused on-behalf requests, like refused answers, are not recorded under the key.
    let owner = crate::delegations::authorize(
        &state.db,
        caller.as_ref(),
        request.on_behalf_of.as_ref(),
        &request.service_code,
        now,
    )
    .await?;
    let form_body = crate::forms::accepted_body(&state.db, &request.form, now).await?;
    let questionnaire: Questionnaire =
        serde_json::from_str(&form_body).map_err(ApiProblem::internal)?;
    let form = FormDefinition::parse(&questionnaire).map_err(ApiProblem::internal)?;
    let problems = validate_response(&form, &request.response, now.date());
    if !problems.is_empty() {
        // Not recorded under the key: the resident may correct the answers and send again.
        return Err(ApiProblem::invalid_answers(problems));
    }

    let submitted_at = now.format(&Rfc3339).map_err(ApiProblem::internal)?;
    let response_json = serde_json::to_string(&request.response).map_err(ApiProblem::internal)?;
    let (actor_kind, actor_id) = match &owner.actor {
        Some((kind, id)) => (Some(kind.as_str()), Some(id.as_str())),
        None => (None, None),
    };
    // Write first, so the transaction never upgrades a read lock (concurrent submissions of
    // different keys then simply queue on SQLite's write lock).
    let mut tx = state.db.begin().await?;
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO cases (case_number, service_code, form_url, form_version, response, status, submitted_at,
                            resident_id, actor_kind, actor_id, delegation_id)
         VALUES (?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?) RETURNING seq",
    )
    .bind(format!("pending-{}", uuid::Uuid::new_v4().simple()))
    .bind(&request.service_code)
    .bind(&request.form.url)
    .bind(&request.form.version)
    .bind(response_json)
    .bind(&submitted_at)
    .bind(&owner.resident_id)
    .bind(actor_kind)
    .bind(actor_id)
    .bind(&owner.delegation_id)
    .fetch_one(&mut *tx)
    .await?;
    let case_number = format!(
        "BM{:04}{:02}{:02}{:06}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        seq
    );
    sqlx::query("UPDATE cases SET case_number = ? WHERE seq = ?")
        .bind(&case_number)
        .bind(seq)
        .execute(&mut *tx)
        .await?;
    let receipt = ApplicationReceipt {
        case_number: case_number.clone(),
        status: CaseStatus::Submitted,
        submitted_at: submitted_at.clone(),
        promised_days: service.promised_days,
    };
    let response_body = serde_json::to_string(&receipt).map_err(ApiProblem::internal)?;
    let recorded = sqlx::query(
        "INSERT INTO idempotency_keys (key, request_sha256, status_code, response, created_at) VALUES (?, ?, 201, ?, ?)",
    )
    .bind(key)
    .bind(&request_sha)
    .bind(&response_body)
    .bind(crate::identity::utc(now)?)
    .execute(&mut *tx)
    .await;
    if let Err(e) = recorded {
        // Only possible when another process shares the database: the key is someone else's now.
        if e.as_database_error()
            .is_some_and(|d| d.is_unique_violation())
        {
            return Ok(in_flight());
        }
        return Err(e.into());
    }
    if let (true, Some(resident), Some((kind, actor))) =
        (owner.on_behalf(), &owner.resident_id, &owner.actor)
    {
        crate::delegations::record(
            &mut tx,
            crate::delegations::Activity {
                resident_id: resident,
                at: &crate::identity::utc(now)?,
                action: bianmin_api::ActivityAction::ApplicationSubmitted,
                actor_kind: *kind,
                actor_id: actor,
                delegation_id: owner.delegation_id.as_deref(),
                case_number: Some(&case_number),
                service_code: Some(&request.service_code),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(json_response(StatusCode::CREATED, response_body, false))
}

pub(crate) async fn get_case(
    State(state): State<AppState>,
    Path(case_number): Path<String>,
) -> Result<Response, ApiProblem> {
    let row: Option<(String, String, String)> = sqlx::query_as(
        "SELECT c.submitted_at, c.status, s.body FROM cases c JOIN services s ON s.code = c.service_code WHERE c.case_number = ?",
    )
    .bind(&case_number)
    .fetch_optional(&state.db)
    .await?;
    let (submitted_at, status, service) = row.ok_or_else(ApiProblem::not_found)?;
    let service: ServiceItem = serde_json::from_str(&service).map_err(ApiProblem::internal)?;
    let status: CaseStatus =
        serde_json::from_value(serde_json::Value::String(status)).map_err(ApiProblem::internal)?;
    let body = serde_json::to_string(&ApplicationReceipt {
        case_number,
        status,
        submitted_at,
        promised_days: service.promised_days,
    })
    .map_err(ApiProblem::internal)?;
    Ok(json_response(StatusCode::OK, body, false))
}
