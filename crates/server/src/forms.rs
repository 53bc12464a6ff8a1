//! Form versions: active, retiring (accepted until a date) or retired. Versions are immutable;
//! publishing a new one (admin only) moves the previous active versions on.

use crate::problem::ApiProblem;
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use bianmin_api::{problem_types, FormRef, Message, Questionnaire};
use bianmin_forms::FormDefinition;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The body of the form version an application answers, if it is still accepted: active, or
/// retiring and not past its date. Otherwise 404 (unknown) or 410 naming the current version.
pub(crate) async fn accepted_body(
    db: &SqlitePool,
    form: &FormRef,
    now: OffsetDateTime,
) -> Result<String, ApiProblem> {
    let row: Option<(String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT id, status, accepted_until, body FROM forms WHERE url = ? AND version = ?",
    )
    .bind(&form.url)
    .bind(&form.version)
    .fetch_optional(db)
    .await?;
    let (id, status, until, body) = row.ok_or_else(ApiProblem::not_found)?;
    let until = until.and_then(|u| OffsetDateTime::parse(&u, &Rfc3339).ok());
    let accepted = match status.as_str() {
        "active" => true,
        "retiring" => until.is_some_and(|u| now <= u),
        _ => false,
    };
    if accepted {
        return Ok(body);
    }
    let current: Option<String> = sqlx::query_scalar(
        "SELECT version FROM forms WHERE id = ? AND status = 'active' ORDER BY published_at DESC, rowid DESC LIMIT 1",
    )
    .bind(&id)
    .fetch_optional(db)
    .await?;
    let mut problem = ApiProblem::new(
        StatusCode::GONE,
        problem_types::FORM_VERSION_RETIRED,
        "This version of the form is no longer accepted",
        Message::new("error-submission-refused")
            .arg("formId", &id)
            .arg("currentVersion", current.unwrap_or_default()),
    );
    problem.1.detail = Some(format!("{} {} is retired", form.url, form.version));
    Err(problem)
}

/// `POST /admin/forms`: publish a new version of a form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishForm {
    /// The form id the services know it by.
    pub id: String,
    pub questionnaire: Questionnaire,
    /// Until when the versions active so far are still accepted (RFC 3339); `None` retires
    /// them at once.
    pub previous_accepted_until: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub sha256: String,
}

pub(crate) async fn publish(
    State(state): State<AppState>,
    Json(request): Json<PublishForm>,
) -> Result<(StatusCode, Json<Published>), ApiProblem> {
    let invalid = |detail: String| {
        let mut p = ApiProblem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            problem_types::INVALID_ANSWERS,
            "The form cannot be published",
            Message::new("error-form-malformed"),
        );
        p.1.detail = Some(detail);
        p
    };
    FormDefinition::parse(&request.questionnaire).map_err(|e| invalid(e.to_string()))?;
    if let Some(until) = &request.previous_accepted_until {
        OffsetDateTime::parse(until, &Rfc3339).map_err(|e| invalid(e.to_string()))?;
    }
    let body = serde_json::to_string(&request.questionnaire).map_err(ApiProblem::internal)?;
    let sha = hex::encode(Sha256::digest(body.as_bytes()));
    let now = OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .map_err(ApiProblem::internal)?;
    let mut tx = state.db.begin().await?;
    let (status, until) = match &request.previous_accepted_until {
        Some(until) => ("retiring", Some(until.clone())),
        None => ("retired", None),
    };
    sqlx::query(
        "UPDATE forms SET status = ?, accepted_until = ? WHERE id = ? AND status = 'active'",
    )
    .bind(status)
    .bind(until)
    .bind(&request.id)
    .execute(&mut *tx)
    .await?;
    let inserted = sqlx::query(
        "INSERT INTO forms (id, version, url, sha256, status, body, published_at) VALUES (?, ?, ?, ?, 'active', ?, ?)
         ON CONFLICT (id, version) DO NOTHING",
    )
    .bind(&request.id)
    .bind(&request.questionnaire.version)
    .bind(&request.questionnaire.url)
    .bind(&sha)
    .bind(body)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        // Versions are immutable: the transaction is dropped, nothing changes.
        return Err(ApiProblem::new(
            StatusCode::CONFLICT,
            problem_types::INVALID_ANSWERS,
            "This form version already exists",
            Message::new("error-form-malformed"),
        ));
    }
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(Published { sha256: sha })))
}
