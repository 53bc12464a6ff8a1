//! The simulated back office: moves cases and 12345 requests through their lifecycles, on a
//! schedule (a background task, `ServerConfig::back_office_tick`) and through admin endpoints
//! that tests call. Also `POST /admin/sessions`, which signs a party in without credentials:
//! for tests and practice mode only, like every `/admin` route.

use crate::auth::CallerKind;
use crate::cases::{self, Actor, CaseRow};
use crate::problem::ApiProblem;
use crate::request::{self, field, invalid, json, parse_json, state_conflict};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use bianmin_api::{
    CaseEvent, CaseEventDetail, CaseStatus, FormRef, LocalizedText, Message, RequestedMaterial,
};
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// One material the back office asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MaterialAsked {
    /// A material code of the case's service item.
    pub code: String,
    /// Why; a plain default when absent.
    #[serde(default)]
    pub reason: Option<LocalizedText>,
}

/// `POST /admin/cases/{caseNumber}/transition`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CaseTransition {
    pub to: CaseStatus,
    /// For `needs-more`: what to send (at least one material, or a supplement form).
    #[serde(default)]
    pub materials: Vec<MaterialAsked>,
    /// For `needs-more` and `rejected`: why.
    #[serde(default)]
    pub reason: Option<LocalizedText>,
    /// For `needs-more`: a form whose answers the supplement must carry.
    #[serde(default)]
    pub supplement_form: Option<FormRef>,
    /// For `done`: the result.
    #[serde(default)]
    pub result: Option<LocalizedText>,
}

impl CaseTransition {
    pub fn to(to: CaseStatus) -> Self {
        Self {
            to,
            materials: Vec::new(),
            reason: None,
            supplement_form: None,
            result: None,
        }
    }
}

/// The event a transition appends, or 409/422 when it cannot be made.
async fn event_for(
    state: &AppState,
    case: &CaseRow,
    t: CaseTransition,
) -> Result<CaseEventDetail, ApiProblem> {
    if !cases::allowed(case.status, t.to, Actor::BackOffice) {
        return Err(state_conflict(format!(
            "case {} is {}: the back office cannot move it to {}",
            case.case_number,
            cases::status_text(case.status),
            cases::status_text(t.to)
        )));
    }
    Ok(match t.to {
        CaseStatus::Accepted => CaseEventDetail::Accepted,
        CaseStatus::InProgress => CaseEventDetail::InProgress,
        CaseStatus::Rejected => CaseEventDetail::Rejected {
            reason: t.reason.unwrap_or_else(|| {
                LocalizedText::new(
                    "不符合办理条件。如有疑问，请拨打 12345。",
                    "It does not meet the conditions. If you have questions, call 12345.",
                )
            }),
        },
        CaseStatus::Done => CaseEventDetail::Done {
            result: t.result.unwrap_or_else(|| {
                LocalizedText::new(
                    "已办结，结果已通过短信告知。",
                    "Done; the result has been sent to you by text message.",
                )
            }),
        },
        CaseStatus::NeedsMore => {
            let mut conn = state.db.acquire().await?;
            let service = cases::service_of(&mut conn, &case.service_code).await?;
            let known = service.map(|s| s.materials).unwrap_or_default();
            let mut materials = Vec::new();
            let mut problems = Vec::new();
            for (i, m) in t.materials.iter().enumerate() {
                match known.iter().find(|k| k.code == m.code) {
                    Some(k) => materials.push(RequestedMaterial {
                        code: k.code.clone(),
                        name: k.name.clone(),
                        reason: m.reason.clone().unwrap_or_else(|| {
                            LocalizedText::new(
                                "请提供清晰、完整、在有效期内的材料。",
                                "Please send a clear, complete copy that is still valid.",
                            )
                        }),
                    }),
                    None => problems.push(field(
                        &format!("materials[{i}].code"),
                        Message::new("error-choice-invalid"),
                    )),
                }
            }
            if t.materials.is_empty() && t.supplement_form.is_none() {
                problems.push(field("materials", Message::new("error-required")));
            }
            if let Some(form) = &t.supplement_form {
                let (now, _) = request::now()?;
                crate::forms::accepted_body(&state.db, form, now).await?;
            }
            if !problems.is_empty() {
                return Err(invalid(problems));
            }
            CaseEventDetail::NeedsMaterial {
                materials,
                reason: t.reason.unwrap_or_else(|| {
                    LocalizedText::new(
                        "办理这项业务还需要以下材料。",
                        "We need the following to go on with your application.",
                    )
                }),
                supplement_form: t.supplement_form,
            }
        }
        // `allowed` admits no other target for the back office.
        other => {
            return Err(state_conflict(format!(
                "{} is not a back-office step",
                cases::status_text(other)
            )))
        }
    })
}

async fn transition(
    state: &AppState,
    case: &CaseRow,
    t: CaseTransition,
) -> Result<CaseEvent, ApiProblem> {
    let detail = event_for(state, case, t).await?;
    let (_, at) = request::now()?;
    let mut tx = state.db.begin().await?;
    let event = cases::append(&mut tx, case, detail, &at).await?;
    tx.commit().await?;
    Ok(event)
}

/// `POST /admin/cases/{caseNumber}/transition`
pub(crate) async fn case_transition(
    State(state): State<AppState>,
    case_number: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let case_number = request::path(case_number)?;
    let t: CaseTransition = parse_json(&body)?;
    let _write = state.write_lock.lock().await;
    let case = cases::load(&state.db, &case_number).await?;
    json(StatusCode::OK, &transition(&state, &case, t).await?)
}

/// `POST /admin/sessions`: a session for any party, without credentials (tests, practice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestSessionRequest {
    /// `resident`, `staff` or `kiosk`.
    pub kind: String,
    /// The resident id, staff id or kiosk device id.
    pub subject: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestSession {
    pub token: String,
    pub expires_at: String,
}

pub(crate) async fn create_session(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let request: TestSessionRequest = parse_json(&body)?;
    let kind = match request.kind.as_str() {
        "resident" => CallerKind::Resident,
        "staff" => CallerKind::Staff,
        "kiosk" => CallerKind::Kiosk,
        _ => {
            return Err(invalid(vec![field(
                "kind",
                Message::new("error-choice-invalid"),
            )]))
        }
    };
    let subject = request.subject.trim();
    if subject.is_empty() || subject.len() > 64 {
        return Err(invalid(vec![field(
            "subject",
            Message::new("error-required"),
        )]));
    }
    let _write = state.write_lock.lock().await;
    let (token, expires_at) =
        crate::auth::issue_session(&state.db, kind, subject, time::Duration::hours(12)).await?;
    json(StatusCode::CREATED, &TestSession { token, expires_at })
}

/// The happy path the schedule takes: one step per tick.
fn scheduled_step(status: CaseStatus) -> Option<CaseStatus> {
    match status {
        CaseStatus::Submitted => Some(CaseStatus::Accepted),
        CaseStatus::Accepted | CaseStatus::Supplemented => Some(CaseStatus::InProgress),
        CaseStatus::InProgress => Some(CaseStatus::Done),
        _ => None,
    }
}

/// One tick of the schedule: every open case and 12345 request moves one step on. A case
/// waiting for material waits for the resident; a request waits at the follow-up visit.
pub(crate) async fn tick(state: &AppState) -> Result<usize, ApiProblem> {
    let open: Vec<String> = sqlx::query_scalar(
        "SELECT case_number FROM cases WHERE status IN ('submitted', 'accepted', 'supplemented', 'in-progress') ORDER BY seq",
    )
    .fetch_all(&state.db)
    .await?;
    let mut moved = 0;
    for case_number in open {
        let _write = state.write_lock.lock().await;
        let case = cases::load(&state.db, &case_number).await?;
        if let Some(to) = scheduled_step(case.status) {
            transition(state, &case, CaseTransition::to(to)).await?;
            moved += 1;
        }
    }
    Ok(moved + crate::hotline::advance_all(state).await?)
}

/// Runs [`tick`] every `every` until the task is aborted.
pub(crate) fn spawn(state: AppState, every: Duration) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut interval = tokio::time::interval(every);
        interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        interval.tick().await; // the first tick is immediate: wait one period first
        loop {
            interval.tick().await;
            match tick(&state).await {
                Ok(moved) => tracing::debug!(moved, "back office tick"),
                Err(p) => tracing::warn!(problem = %p.1.kind, "back office tick failed"),
            }
        }
    })
}

/// `POST /admin/back-office/tick`: one scheduled step now (tests and staff training).
pub(crate) async fn tick_now(State(state): State<AppState>) -> Result<Response, ApiProblem> {
    let moved = tick(&state).await?;
    json(StatusCode::OK, &serde_json::json!({ "moved": moved }))
}
