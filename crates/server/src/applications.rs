//! `POST /v1/applications`: validated with the app's own rules, exactly once per Idempotency-Key
//! (see [`crate::idempotency`]), filed under its owner: the signed-in resident, or the principal
//! when an agent files on their behalf under a delegation (see [`crate::delegations::authorize`]).

use crate::auth::Caller;
use crate::idempotency::{json_response, Begin};
use crate::problem::ApiProblem;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use bianmin_api::{ApplicationReceipt, ApplicationRequest, CaseStatus, Questionnaire, ServiceItem};
use bianmin_forms::{validate_response, FormDefinition};
use std::time::Duration;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// `POST /v1/applications` (through [`crate::faults::submit`]), waiting `hold` with the key claimed (a slow backend: a retry meanwhile gets 409).
/// Fault injection's `Delay`.
pub(crate) async fn submit_holding(
    State(state): State<AppState>,
    caller: Option<Caller>,
    headers: HeaderMap,
    body: Bytes,
    hold: Duration,
) -> Result<Response, ApiProblem> {
    crate::request::require_json(&headers)?;
    let claim = match crate::idempotency::begin_holding(&state, &headers, &body, None, hold).await?
    {
        Begin::Answer(response) => return Ok(response),
        Begin::Fresh(claim) => claim,
    };

    // Not JSON, or not an application: 400 `invalid-request` (never recorded under the key).
    let request: ApplicationRequest = crate::request::parse_json(&body)?;
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
    let mut problems = validate_response(&form, &request.response, now.date());
    if problems.is_empty() {
        // Attachment answers name uploads: each must be one whose bytes all arrived, verified.
        problems = crate::uploads::check_attachments(&state.db, &form, &request.response).await?;
    }
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
    // Write first, so the transaction never upgrades a read lock.
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
    crate::cases::on_filed(&mut tx, &case_number, &submitted_at).await?;
    let receipt = ApplicationReceipt {
        case_number: case_number.clone(),
        status: CaseStatus::Submitted,
        submitted_at: submitted_at.clone(),
        promised_days: service.promised_days,
    };
    let response_body = serde_json::to_string(&receipt).map_err(ApiProblem::internal)?;
    claim
        .record(&mut tx, StatusCode::CREATED, &response_body)
        .await?;
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
    caller: Option<Caller>,
    case_number: Result<Path<String>, axum::extract::rejection::PathRejection>,
) -> Result<Response, ApiProblem> {
    let case_number = crate::request::path(case_number)?;
    // A case filed signed in is its owner's alone (404 to anyone else).
    crate::cases::authorize(&state, caller.as_ref(), &case_number).await?;
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
