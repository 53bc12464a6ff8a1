//! Delegations (亲友代办) and the activity log a principal reads.
//!
//! A resident creates a delegation for themselves online; staff record one for a principal who
//! came to the centre (consent in person, witnessed by them) or brought a signed paper form
//! (its scan as evidence). Revocation marks the row, never deletes it. [`authorize`] decides
//! who owns a submission and whether its `onBehalfOf` is allowed; every action done for a
//! resident by someone else is written to `activity` in the same transaction as the action.

use crate::auth::{Caller, CallerKind};
use crate::identity::{forbidden, parse_time, resident_exists, subject, utc};
use crate::problem::ApiProblem;
use crate::request::parse_json;
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::Json;
use bianmin_api::{
    problem_types, ActivityAction, ActivityEntry, ActivityList, ConsentMethod, Delegation,
    DelegationList, DelegationQuery, DelegationRole, DelegationScope, DelegationStatus, Evidence,
    Message, NewDelegation, OnBehalfOf,
};
use sqlx::{SqliteConnection, SqlitePool};
use time::{Duration, OffsetDateTime};

/// The longest a delegation may run.
const MAX_VALIDITY: Duration = Duration::days(5 * 366);

pub(crate) fn consent_str(consent: ConsentMethod) -> &'static str {
    match consent {
        ConsentMethod::InPerson => "in-person",
        ConsentMethod::SignedPaper => "signed-paper",
        ConsentMethod::Online => "online",
    }
}

fn parse_consent(s: &str) -> Result<ConsentMethod, ApiProblem> {
    serde_json::from_value(serde_json::Value::String(s.to_owned())).map_err(ApiProblem::internal)
}

fn action_str(action: ActivityAction) -> &'static str {
    match action {
        ActivityAction::ApplicationSubmitted => "application-submitted",
        ActivityAction::DelegationCreated => "delegation-created",
        ActivityAction::DelegationRevoked => "delegation-revoked",
    }
}

fn invalid(message: &str) -> ApiProblem {
    ApiProblem::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        problem_types::INVALID_REQUEST,
        "The delegation cannot be recorded like this",
        Message::new(message),
    )
}

fn refused(message: &str) -> ApiProblem {
    ApiProblem::new(
        StatusCode::FORBIDDEN,
        problem_types::DELEGATION_REFUSED,
        "No valid delegation covers acting for this resident here",
        Message::new(message),
    )
}

/// One row of `activity`.
pub(crate) struct Activity<'a> {
    pub resident_id: &'a str,
    pub at: &'a str,
    pub action: ActivityAction,
    pub actor_kind: CallerKind,
    pub actor_id: &'a str,
    pub delegation_id: Option<&'a str>,
    pub case_number: Option<&'a str>,
    pub service_code: Option<&'a str>,
}

pub(crate) async fn record(conn: &mut SqliteConnection, a: Activity<'_>) -> Result<(), ApiProblem> {
    sqlx::query(
        "INSERT INTO activity (resident_id, at, action, actor_kind, actor_id, delegation_id, case_number, service_code)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(a.resident_id)
    .bind(a.at)
    .bind(action_str(a.action))
    .bind(a.actor_kind.as_str())
    .bind(a.actor_id)
    .bind(a.delegation_id)
    .bind(a.case_number)
    .bind(a.service_code)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    principal_id: String,
    agent_id: String,
    scope: String,
    valid_from: String,
    valid_to: String,
    evidence: Option<String>,
    consent: String,
    witness_staff_id: Option<String>,
    created_at: String,
    revoked_at: Option<String>,
}

const COLUMNS: &str =
    "id, principal_id, agent_id, scope, valid_from, valid_to, evidence, consent, \
                       witness_staff_id, created_at, revoked_at";

impl Row {
    fn scope(&self) -> Result<DelegationScope, ApiProblem> {
        serde_json::from_str(&self.scope).map_err(ApiProblem::internal)
    }

    fn status(&self, now: OffsetDateTime) -> Result<DelegationStatus, ApiProblem> {
        Ok(if self.revoked_at.is_some() {
            DelegationStatus::Revoked
        } else if now < parse_time(&self.valid_from)? {
            DelegationStatus::Pending
        } else if now >= parse_time(&self.valid_to)? {
            DelegationStatus::Expired
        } else {
            DelegationStatus::Active
        })
    }

    async fn into_delegation(
        self,
        db: &SqlitePool,
        now: OffsetDateTime,
    ) -> Result<Delegation, ApiProblem> {
        let status = self.status(now)?;
        let witnessed_by = match &self.witness_staff_id {
            Some(staff) => Some(subject(db, CallerKind::Staff, staff).await?),
            None => None,
        };
        let evidence: Option<Evidence> = self
            .evidence
            .as_deref()
            .map(serde_json::from_str)
            .transpose()
            .map_err(ApiProblem::internal)?;
        Ok(Delegation {
            principal: subject(db, CallerKind::Resident, &self.principal_id).await?,
            agent: subject(db, CallerKind::Resident, &self.agent_id).await?,
            scope: self.scope()?,
            consent: parse_consent(&self.consent)?,
            id: self.id,
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            evidence,
            witnessed_by,
            status,
            created_at: self.created_at,
            revoked_at: self.revoked_at,
        })
    }
}

async fn load(db: &SqlitePool, id: &str) -> Result<Option<Row>, ApiProblem> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM delegations WHERE id = ?"))
            .bind(id)
            .fetch_optional(db)
            .await?,
    )
}

fn time_of(s: &str) -> Result<OffsetDateTime, ApiProblem> {
    parse_time(s).map_err(|_| invalid("error-delegation-dates"))
}

/// `POST /v1/delegations`
pub(crate) async fn create(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> Result<(StatusCode, Json<Delegation>), ApiProblem> {
    let request: NewDelegation = parse_json(&body)?;
    let principal_id = match caller.kind {
        CallerKind::Resident => {
            if request
                .principal_id
                .as_deref()
                .is_some_and(|p| p != caller.subject)
            {
                return Err(forbidden());
            }
            if request.consent != ConsentMethod::Online {
                return Err(invalid("error-delegation-consent-online"));
            }
            caller.subject.clone()
        }
        CallerKind::Staff => {
            if request.consent == ConsentMethod::Online {
                return Err(invalid("error-delegation-consent-staff"));
            }
            if request.consent == ConsentMethod::SignedPaper && request.evidence.is_none() {
                return Err(invalid("error-delegation-evidence-required"));
            }
            request
                .principal_id
                .clone()
                .ok_or_else(|| invalid("error-delegation-unknown-resident"))?
        }
        CallerKind::Kiosk => return Err(forbidden()),
    };
    if !resident_exists(&state.db, &principal_id).await?
        || !resident_exists(&state.db, &request.agent_id).await?
    {
        return Err(invalid("error-delegation-unknown-resident"));
    }
    if principal_id == request.agent_id {
        return Err(invalid("error-delegation-self"));
    }
    if let DelegationScope::Services { services } = &request.scope {
        if services.is_empty() || services.len() > 200 {
            return Err(invalid("error-delegation-scope"));
        }
        for code in services {
            if crate::catalogue::load_service(&state.db, code)
                .await?
                .is_none()
            {
                return Err(invalid("error-delegation-scope"));
            }
        }
    }
    if let Some(e) = &request.evidence {
        if e.material_code.trim().is_empty() || e.material_code.len() > 128 {
            return Err(invalid("error-delegation-evidence-required"));
        }
    }
    let now = OffsetDateTime::now_utc();
    let valid_from = match &request.valid_from {
        Some(s) => time_of(s)?,
        None => now,
    };
    let valid_to = time_of(&request.valid_to)?;
    if valid_to <= valid_from || valid_to <= now || valid_to - valid_from > MAX_VALIDITY {
        return Err(invalid("error-delegation-dates"));
    }
    let id = format!("d-{}", uuid::Uuid::new_v4().simple());
    let at = utc(now)?;
    let witness = (caller.kind == CallerKind::Staff).then(|| caller.subject.clone());
    let _write = state.write_lock.lock().await;
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO delegations (id, principal_id, agent_id, scope, valid_from, valid_to, evidence,
         consent, witness_staff_id, created_by_kind, created_by_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&principal_id)
    .bind(&request.agent_id)
    .bind(serde_json::to_string(&request.scope).map_err(ApiProblem::internal)?)
    .bind(utc(valid_from)?)
    .bind(utc(valid_to)?)
    .bind(
        request
            .evidence
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(ApiProblem::internal)?,
    )
    .bind(consent_str(request.consent))
    .bind(&witness)
    .bind(caller.kind.as_str())
    .bind(&caller.subject)
    .bind(&at)
    .execute(&mut *tx)
    .await?;
    record(
        &mut tx,
        Activity {
            resident_id: &principal_id,
            at: &at,
            action: ActivityAction::DelegationCreated,
            actor_kind: caller.kind,
            actor_id: &caller.subject,
            delegation_id: Some(&id),
            case_number: None,
            service_code: None,
        },
    )
    .await?;
    tx.commit().await?;
    let row = load(&state.db, &id)
        .await?
        .ok_or_else(|| ApiProblem::internal("delegation vanished"))?;
    Ok((
        StatusCode::CREATED,
        Json(row.into_delegation(&state.db, now).await?),
    ))
}

/// `GET /v1/delegations?role=principal|agent`: the signed-in resident's delegations.
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<DelegationQuery>, QueryRejection>,
) -> Result<Json<DelegationList>, ApiProblem> {
    let Query(query) = query.map_err(|e| {
        let mut p = invalid("error-invalid-request");
        p.0 = StatusCode::BAD_REQUEST;
        p.1.status = 400;
        p.1.detail = Some(e.body_text());
        p
    })?;
    let me = caller.resident_id().ok_or_else(forbidden)?;
    let condition = match query.role {
        Some(DelegationRole::Principal) => "principal_id = ?1",
        Some(DelegationRole::Agent) => "agent_id = ?1",
        None => "(principal_id = ?1 OR agent_id = ?1)",
    };
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM delegations WHERE {condition} ORDER BY created_at DESC, id"
    ))
    .bind(me)
    .fetch_all(&state.db)
    .await?;
    let now = OffsetDateTime::now_utc();
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(row.into_delegation(&state.db, now).await?);
    }
    Ok(Json(DelegationList { items }))
}

/// `POST /v1/delegations/{id}/revoke`: by the principal, the agent (giving it up) or staff.
/// Revoking a revoked delegation answers it unchanged.
pub(crate) async fn revoke(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> Result<Json<Delegation>, ApiProblem> {
    let row = load(&state.db, &id)
        .await?
        .ok_or_else(ApiProblem::not_found)?;
    let allowed = match caller.kind {
        CallerKind::Resident => {
            caller.subject == row.principal_id || caller.subject == row.agent_id
        }
        CallerKind::Staff => true,
        CallerKind::Kiosk => false,
    };
    if !allowed {
        // Someone else's delegation is not even acknowledged to exist.
        return Err(ApiProblem::not_found());
    }
    let now = OffsetDateTime::now_utc();
    if row.revoked_at.is_none() {
        let at = utc(now)?;
        let _write = state.write_lock.lock().await;
        let mut tx = state.db.begin().await?;
        let done = sqlx::query(
            "UPDATE delegations SET revoked_at = ?, revoked_by_kind = ?, revoked_by_id = ?
             WHERE id = ? AND revoked_at IS NULL",
        )
        .bind(&at)
        .bind(caller.kind.as_str())
        .bind(&caller.subject)
        .bind(&id)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 1 {
            record(
                &mut tx,
                Activity {
                    resident_id: &row.principal_id,
                    at: &at,
                    action: ActivityAction::DelegationRevoked,
                    actor_kind: caller.kind,
                    actor_id: &caller.subject,
                    delegation_id: Some(&id),
                    case_number: None,
                    service_code: None,
                },
            )
            .await?;
        }
        tx.commit().await?;
    }
    let row = load(&state.db, &id)
        .await?
        .ok_or_else(ApiProblem::not_found)?;
    Ok(Json(row.into_delegation(&state.db, now).await?))
}

/// `GET /v1/activity`: what was done for the signed-in resident, newest first (at most 500).
pub(crate) async fn activity(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<ActivityList>, ApiProblem> {
    let me = caller.resident_id().ok_or_else(forbidden)?;
    #[allow(clippy::type_complexity)]
    let rows: Vec<(
        i64,
        String,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
    )> = sqlx::query_as(
        "SELECT seq, at, action, actor_kind, actor_id, delegation_id, case_number, service_code
         FROM activity WHERE resident_id = ? ORDER BY seq DESC LIMIT 500",
    )
    .bind(me)
    .fetch_all(&state.db)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for (id, at, action, actor_kind, actor_id, delegation_id, case_number, service_code) in rows {
        let kind = CallerKind::parse(&actor_kind).ok_or_else(|| ApiProblem::internal("actor"))?;
        items.push(ActivityEntry {
            id,
            at,
            action: serde_json::from_value(serde_json::Value::String(action))
                .map_err(ApiProblem::internal)?,
            actor: subject(&state.db, kind, &actor_id).await?,
            delegation_id,
            case_number,
            service_code,
        });
    }
    Ok(Json(ActivityList { items }))
}

/// Who a submission belongs to and who filed it.
#[derive(Debug, Default)]
pub(crate) struct Owner {
    /// The resident the case is for; `None` for an anonymous submission (or staff or a kiosk
    /// filing for no one in particular).
    pub resident_id: Option<String>,
    /// The party that filed it; `None` when anonymous.
    pub actor: Option<(CallerKind, String)>,
    pub delegation_id: Option<String>,
}

impl Owner {
    /// Whether someone filed this for another resident (to be recorded in their activity).
    pub fn on_behalf(&self) -> bool {
        match (&self.resident_id, &self.actor) {
            (Some(r), Some((kind, id))) => *kind != CallerKind::Resident || r != id,
            _ => false,
        }
    }
}

/// Decides the owner of a submission for `service_code`, or refuses its `onBehalfOf`.
pub(crate) async fn authorize(
    db: &SqlitePool,
    caller: Option<&Caller>,
    on_behalf: Option<&OnBehalfOf>,
    service_code: &str,
    now: OffsetDateTime,
) -> Result<Owner, ApiProblem> {
    let Some(caller) = caller else {
        return match on_behalf {
            None => Ok(Owner::default()),
            Some(_) => Err(ApiProblem::new(
                StatusCode::UNAUTHORIZED,
                problem_types::UNAUTHORIZED,
                "Sign in to act for someone else",
                Message::new("error-signed-out"),
            )),
        };
    };
    let actor = Some((caller.kind, caller.subject.clone()));
    let own = Owner {
        resident_id: caller.resident_id().map(str::to_owned),
        actor: actor.clone(),
        delegation_id: None,
    };
    let Some(on_behalf) = on_behalf else {
        return Ok(own);
    };
    if caller.resident_id() == Some(on_behalf.resident_id.as_str()) {
        return Ok(own);
    }
    if caller.kind == CallerKind::Kiosk {
        return Err(forbidden());
    }
    if !resident_exists(db, &on_behalf.resident_id).await? {
        return Err(refused("error-delegation-not-yours"));
    }
    let delegation_id = match &on_behalf.delegation_id {
        None if caller.kind == CallerKind::Staff => None,
        None => return Err(refused("error-delegation-required")),
        Some(id) => {
            let row = load(db, id)
                .await?
                .filter(|row| row.principal_id == on_behalf.resident_id)
                .filter(|row| caller.kind == CallerKind::Staff || row.agent_id == caller.subject)
                .ok_or_else(|| refused("error-delegation-not-yours"))?;
            match row.status(now)? {
                DelegationStatus::Active => {}
                DelegationStatus::Revoked => return Err(refused("error-delegation-revoked")),
                DelegationStatus::Expired => return Err(refused("error-delegation-expired")),
                DelegationStatus::Pending => return Err(refused("error-delegation-not-yet-valid")),
            }
            if !row.scope()?.covers(service_code) {
                return Err(refused("error-delegation-out-of-scope"));
            }
            Some(row.id)
        }
    };
    Ok(Owner {
        resident_id: Some(on_behalf.resident_id.clone()),
        actor,
        delegation_id,
    })
}
