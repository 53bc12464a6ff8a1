//! `POST /v1/applications`: validated with the app's own rules, exactly once per Idempotency-Key.

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

pub(crate) async fn submit(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("application/json"));
    if !is_json {
        return Err(ApiProblem::for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE));
    }
    let key = headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| b.is_ascii_graphic()))
        .ok_or_else(|| {
            ApiProblem::new(
                StatusCode::BAD_REQUEST,
                problem_types::IDEMPOTENCY_KEY_MISSING,
                "An Idempotency-Key header is required",
                Message::new("error-backend"),
            )
        })?
        .to_owned();
    let request_sha = hex::encode(Sha256::digest(&body));

    let _guard = state.submit_lock.lock().await;
    let previous: Option<(String, i64, String)> = sqlx::query_as(
        "SELECT request_sha256, status_code, response FROM idempotency_keys WHERE key = ?",
    )
    .bind(&key)
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
            problem_types::BAD_REQUEST,
            "The request body is not an application",
            Message::new("error-bad-request"),
        );
        p.1.detail = Some(e.to_string());
        p
    })?;
    let service = crate::catalogue::load_service(&state.db, &request.service_code)
        .await?
        .ok_or_else(ApiProblem::not_found)?;
    let now = OffsetDateTime::now_utc();
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
    let mut tx = state.db.begin().await?;
    let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM cases")
        .fetch_one(&mut *tx)
        .await?;
    let case_number = format!(
        "BM{:04}{:02}{:02}{:06}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        seq
    );
    let receipt = ApplicationReceipt {
        case_number: case_number.clone(),
        status: CaseStatus::Submitted,
        submitted_at: submitted_at.clone(),
        promised_days: service.promised_days,
    };
    let response_body = serde_json::to_string(&receipt).map_err(ApiProblem::internal)?;
    let response_json = serde_json::to_string(&request.response).map_err(ApiProblem::internal)?;
    sqlx::query(
        "INSERT INTO cases (seq, case_number, service_code, form_url, form_version, response, status, submitted_at)
         VALUES (?, ?, ?, ?, ?, ?, 'submitted', ?)",
    )
    .bind(seq)
    .bind(&case_number)
    .bind(&request.service_code)
    .bind(&request.form.url)
    .bind(&request.form.version)
    .bind(response_json)
    .bind(&submitted_at)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO idempotency_keys (key, request_sha256, status_code, response, created_at) VALUES (?, ?, 201, ?, ?)",
    )
    .bind(&key)
    .bind(&request_sha)
    .bind(&response_body)
    .bind(&submitted_at)
    .execute(&mut *tx)
    .await?;
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
