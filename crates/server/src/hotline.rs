//! 12345 hotline requests (接诉即办): raised idempotently, followed through 受理 accepted → 派单
//! dispatched → 办理 handled → 回复 replied → 办结 closed → 回访 follow-up-visit, then rated
//! (评价 rated) by the resident.
//!
//! Access: a request raised by a signed-in resident is theirs alone (404 to anyone else, even
//! when it is anonymous: anonymity hides the resident from the departments, not from
//! themselves); one raised without sign-in is followed by its id, which is random and
//! unguessable. The contact mobile is never sent back in full.

use crate::auth::Caller;
use crate::cases;
use crate::idempotency::{self, Begin};
use crate::notifications::{notify, NewNotification};
use crate::problem::ApiProblem;
use crate::request::{self, field, invalid, json, parse_json, state_conflict};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use bianmin_api::{
    HotlineEvent, HotlineList, HotlineReceipt, HotlineRequestDetail, HotlineStatus,
    HotlineSubmission, HotlineSummary, HotlineType, LocalizedText, Message, NotificationAction,
    NotificationKind, RatingRequest, MAX_HOTLINE_PHOTOS,
};
use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

const MAX_DESCRIPTION_CHARS: usize = 2000;
const MAX_LOCATION_CHARS: usize = 200;

fn text<T: Serialize>(value: T) -> Result<String, ApiProblem> {
    match serde_json::to_value(value).map_err(ApiProblem::internal)? {
        serde_json::Value::String(s) => Ok(s),
        _ => Err(ApiProblem::internal("not a string enum")),
    }
}

fn parse<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, ApiProblem> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(ApiProblem::internal)
}

/// The step the back office may take from `from`; `None` at the end (or when only the
/// resident can move it on, by rating).
pub(crate) fn next(from: HotlineStatus) -> Option<HotlineStatus> {
    use HotlineStatus::*;
    match from {
        Accepted => Some(Dispatched),
        Dispatched => Some(Handled),
        Handled => Some(Replied),
        Replied => Some(Closed),
        Closed => Some(FollowUpVisit),
        FollowUpVisit | Rated => None,
    }
}

fn default_note(to: HotlineStatus) -> LocalizedText {
    match to {
        HotlineStatus::Accepted => LocalizedText::new(
            "12345 已受理您的诉求，会尽快派给承办单位。",
            "12345 has taken your request and will pass it to the office that handles it.",
        ),
        HotlineStatus::Dispatched => LocalizedText::new(
            "已派给承办单位：街道办事处。",
            "Passed to the office that handles it: the sub-district office.",
        ),
        HotlineStatus::Handled => {
            LocalizedText::new("承办单位正在办理。", "The office is working on it.")
        }
        HotlineStatus::Replied => LocalizedText::new(
            "承办单位已答复：已安排工作人员上门处理。",
            "The office replied: staff have been sent to deal with it.",
        ),
        HotlineStatus::Closed => LocalizedText::new("已办结。", "Closed."),
        HotlineStatus::FollowUpVisit => LocalizedText::new(
            "回访：问题解决了吗？请为这次办理评价。",
            "Follow-up: was it solved? Please rate how it was handled.",
        ),
        HotlineStatus::Rated => LocalizedText::new("感谢您的评价。", "Thank you for your rating."),
    }
}

struct Row {
    id: String,
    resident_id: Option<String>,
    status: HotlineStatus,
}

async fn load(db: &SqlitePool, id: &str) -> Result<Row, ApiProblem> {
    let row: Option<(Option<String>, String)> =
        sqlx::query_as("SELECT resident_id, status FROM hotline_requests WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?;
    let (resident_id, status) = row.ok_or_else(ApiProblem::not_found)?;
    Ok(Row {
        id: id.to_owned(),
        resident_id,
        status: parse(&status)?,
    })
}

async fn authorize(db: &SqlitePool, caller: Option<&Caller>, id: &str) -> Result<Row, ApiProblem> {
    let row = load(db, id).await?;
    if let Some(owner) = &row.resident_id {
        if caller.and_then(Caller::resident_id) != Some(owner.as_str()) {
            return Err(ApiProblem::not_found());
        }
    }
    Ok(row)
}

/// Moves a request on from `row.status` (compare-and-set), appends its event and tells its
/// owner when the back office moved it.
async fn append(
    tx: &mut SqliteConnection,
    row: &Row,
    to: HotlineStatus,
    note: Option<LocalizedText>,
    at: &str,
) -> Result<HotlineEvent, ApiProblem> {
    let moved = sqlx::query("UPDATE hotline_requests SET status = ? WHERE id = ? AND status = ?")
        .bind(text(to)?)
        .bind(&row.id)
        .bind(text(row.status)?)
        .execute(&mut *tx)
        .await?;
    if moved.rows_affected() == 0 {
        return Err(state_conflict(format!("request {} has moved on", row.id)));
    }
    let seq: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM hotline_events WHERE request_id = ?",
    )
    .bind(&row.id)
    .fetch_one(&mut *tx)
    .await?;
    let event = HotlineEvent {
        seq: u32::try_from(seq).map_err(ApiProblem::internal)?,
        at: at.to_owned(),
        status: to,
        note,
    };
    insert_event(tx, &row.id, &event).await?;
    if let (Some(owner), true) = (&row.resident_id, to != HotlineStatus::Rated) {
        let note = event.note.clone().unwrap_or_else(|| default_note(to));
        notify(
            tx,
            owner,
            NewNotification {
                kind: NotificationKind::HotlineEvent,
                due_date: None,
                case_number: None,
                hotline_id: Some(row.id.clone()),
                reminder: None,
                title: LocalizedText::new("12345 诉求有新进展", "News of your 12345 request"),
                body: note,
                action: NotificationAction::OpenHotlineRequest {
                    hotline_id: row.id.clone(),
                },
            },
            at,
        )
        .await?;
    }
    Ok(event)
}

async fn insert_event(
    tx: &mut SqliteConnection,
    id: &str,
    event: &HotlineEvent,
) -> Result<(), ApiProblem> {
    sqlx::query("INSERT INTO hotline_events (request_id, seq, at, body) VALUES (?, ?, ?, ?)")
        .bind(id)
        .bind(i64::from(event.seq))
        .bind(&event.at)
        .bind(serde_json::to_string(event).map_err(ApiProblem::internal)?)
        .execute(tx)
        .await?;
    Ok(())
}

fn is_mobile(text: &str) -> bool {
    text.len() == 11 && text.starts_with('1') && text.bytes().all(|b| b.is_ascii_digit())
}

fn mask(mobile: &str) -> String {
    match (mobile.get(..3), mobile.get(7..)) {
        (Some(head), Some(tail)) => format!("{head}****{tail}"),
        _ => "****".to_owned(),
    }
}

fn check(request: &HotlineSubmission) -> Result<(), ApiProblem> {
    let mut problems = Vec::new();
    let description = request.description.trim();
    if description.is_empty() {
        problems.push(field("description", Message::new("error-required")));
    } else if request::chars(description) > MAX_DESCRIPTION_CHARS {
        problems.push(field(
            "description",
            Message::new("error-too-long")
                .arg("max", MAX_DESCRIPTION_CHARS)
                .arg("actual", request::chars(description)),
        ));
    }
    let location = request.location.trim();
    if location.is_empty() {
        problems.push(field("location", Message::new("error-required")));
    } else if request::chars(location) > MAX_LOCATION_CHARS {
        problems.push(field(
            "location",
            Message::new("error-too-long")
                .arg("max", MAX_LOCATION_CHARS)
                .arg("actual", request::chars(location)),
        ));
    }
    if request.photos.len() > MAX_HOTLINE_PHOTOS {
        problems.push(field(
            "photos",
            Message::new("error-too-many").arg("max", MAX_HOTLINE_PHOTOS),
        ));
    }
    for (i, photo) in request.photos.iter().enumerate() {
        if photo.trim().is_empty() || photo.len() > 200 {
            problems.push(field(
                &format!("photos[{i}]"),
                Message::new("error-attachment-invalid"),
            ));
        }
    }
    match (
        request.anonymous,
        request.contact_mobile.as_deref().map(str::trim),
    ) {
        // Collected only when needed: an anonymous request carries no number.
        (true, Some(_)) => problems.push(field("contactMobile", Message::new("error-not-asked"))),
        (false, None | Some("")) => {
            problems.push(field("contactMobile", Message::new("error-required")))
        }
        (false, Some(m)) if !is_mobile(m) => {
            problems.push(field("contactMobile", Message::new("error-mobile-format")))
        }
        _ => {}
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(invalid(problems))
    }
}

/// `POST /v1/hotline-requests`, idempotent.
pub(crate) async fn submit(
    State(state): State<AppState>,
    caller: Option<Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let claim = match idempotency::begin(&state, &headers, &body, Some("POST /v1/hotline-requests"))
        .await?
    {
        Begin::Answer(response) => return Ok(response),
        Begin::Fresh(claim) => claim,
    };
    let request: HotlineSubmission = parse_json(&body)?;
    check(&request)?;
    let (now, at) = request::now()?;
    let id = format!(
        "H{:04}{:02}{:02}{}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        &uuid::Uuid::new_v4().simple().to_string()[..16]
    );
    let owner = caller.as_ref().and_then(Caller::resident_id);
    let mut tx = state.db.begin().await?;
    sqlx::query(
        "INSERT INTO hotline_requests (id, resident_id, type, description, location, photos, anonymous, contact_mobile, status, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'accepted', ?)",
    )
    .bind(&id)
    .bind(owner)
    .bind(text(request.kind)?)
    .bind(request.description.trim())
    .bind(request.location.trim())
    .bind(serde_json::to_string(&request.photos).map_err(ApiProblem::internal)?)
    .bind(request.anonymous)
    .bind(request.contact_mobile.as_deref().map(str::trim))
    .bind(&at)
    .execute(&mut *tx)
    .await?;
    let event = HotlineEvent {
        seq: 1,
        at: at.clone(),
        status: HotlineStatus::Accepted,
        note: Some(default_note(HotlineStatus::Accepted)),
    };
    insert_event(&mut tx, &id, &event).await?;
    let receipt = HotlineReceipt {
        id,
        status: HotlineStatus::Accepted,
        created_at: at.clone(),
    };
    let body = serde_json::to_string(&receipt).map_err(ApiProblem::internal)?;
    claim.record(&mut tx, StatusCode::CREATED, &body).await?;
    tx.commit().await?;
    Ok(idempotency::json_response(StatusCode::CREATED, body, false))
}

/// `GET /v1/hotline-requests`: the signed-in resident's requests, newest first.
pub(crate) async fn list_mine(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Response, ApiProblem> {
    let resident = caller.resident_id().ok_or_else(request::residents_only)?;
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT id, type, status, created_at FROM hotline_requests WHERE resident_id = ?
         ORDER BY created_at DESC, rowid DESC",
    )
    .bind(resident)
    .fetch_all(&state.db)
    .await?;
    let items = rows
        .into_iter()
        .map(|(id, kind, status, created_at)| {
            Ok(HotlineSummary {
                id,
                kind: parse::<HotlineType>(&kind)?,
                status: parse(&status)?,
                created_at,
            })
        })
        .collect::<Result<Vec<_>, ApiProblem>>()?;
    json(StatusCode::OK, &HotlineList { items })
}

/// `GET /v1/hotline-requests/{id}`
pub(crate) async fn get(
    State(state): State<AppState>,
    caller: Option<Caller>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiProblem> {
    let id = request::path(id)?;
    authorize(&state.db, caller.as_ref(), &id).await?;
    let (kind, description, location, photos, anonymous, mobile, status, created_at): (
        String,
        String,
        String,
        String,
        bool,
        Option<String>,
        String,
        String,
    ) = sqlx::query_as(
        "SELECT type, description, location, photos, anonymous, contact_mobile, status, created_at
         FROM hotline_requests WHERE id = ?",
    )
    .bind(&id)
    .fetch_one(&state.db)
    .await?;
    let events: Vec<String> =
        sqlx::query_scalar("SELECT body FROM hotline_events WHERE request_id = ? ORDER BY seq")
            .bind(&id)
            .fetch_all(&state.db)
            .await?;
    let events = events
        .iter()
        .map(|b| serde_json::from_str(b).map_err(ApiProblem::internal))
        .collect::<Result<Vec<HotlineEvent>, ApiProblem>>()?;
    json(
        StatusCode::OK,
        &HotlineRequestDetail {
            id,
            kind: parse(&kind)?,
            description,
            location,
            photos: serde_json::from_str(&photos).map_err(ApiProblem::internal)?,
            anonymous,
            contact_mobile: mobile.as_deref().map(mask),
            status: parse(&status)?,
            created_at,
            events,
        },
    )
}

/// `POST /v1/hotline-requests/{id}/rating`: once, after the follow-up visit.
pub(crate) async fn rate(
    State(state): State<AppState>,
    caller: Option<Caller>,
    id: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let id = request::path(id)?;
    authorize(&state.db, caller.as_ref(), &id).await?;
    let request: RatingRequest = parse_json(&body)?;
    let comment = cases::check_rating(&request)?;
    let _write = state.write_lock.lock().await;
    let row = load(&state.db, &id).await?;
    match row.status {
        HotlineStatus::FollowUpVisit => {}
        HotlineStatus::Rated => return Err(request::already_rated()),
        other => {
            return Err(state_conflict(format!(
                "request {id} is {}: it can be rated after the follow-up visit",
                text(other)?
            )))
        }
    }
    let (_, at) = request::now()?;
    let mut tx = state.db.begin().await?;
    append(&mut tx, &row, HotlineStatus::Rated, None, &at).await?;
    let rating = cases::insert_rating(&mut tx, "hotline", &id, request.level, comment, &at).await?;
    tx.commit().await?;
    json(StatusCode::CREATED, &rating)
}

/// `GET /v1/hotline-requests/{id}/rating`
pub(crate) async fn get_rating(
    State(state): State<AppState>,
    caller: Option<Caller>,
    id: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiProblem> {
    let id = request::path(id)?;
    authorize(&state.db, caller.as_ref(), &id).await?;
    json(
        StatusCode::OK,
        &cases::load_rating(&state.db, "hotline", &id).await?,
    )
}

/// `POST /admin/hotline/{id}/transition`: the hotline and the departments move it on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HotlineTransition {
    pub to: HotlineStatus,
    /// What to tell the resident; a plain default when absent.
    #[serde(default)]
    pub note: Option<LocalizedText>,
}

pub(crate) async fn admin_transition(
    State(state): State<AppState>,
    id: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let id = request::path(id)?;
    let request: HotlineTransition = parse_json(&body)?;
    let _write = state.write_lock.lock().await;
    let row = load(&state.db, &id).await?;
    let event = step(&state.db, &row, request.to, request.note).await?;
    json(StatusCode::OK, &event)
}

/// One back-office step to `to`, which must be the next one; 409 otherwise. The caller holds
/// the write lock.
async fn step(
    db: &SqlitePool,
    row: &Row,
    to: HotlineStatus,
    note: Option<LocalizedText>,
) -> Result<HotlineEvent, ApiProblem> {
    if next(row.status) != Some(to) {
        return Err(state_conflict(format!(
            "request {} is {}: the back office cannot move it to {}",
            row.id,
            text(row.status)?,
            text(to)?
        )));
    }
    let (_, at) = request::now()?;
    let mut tx = db.begin().await?;
    let event = append(
        &mut tx,
        row,
        to,
        Some(note.unwrap_or_else(|| default_note(to))),
        &at,
    )
    .await?;
    tx.commit().await?;
    Ok(event)
}

/// The scheduled back office: moves every open request one step on. Returns how many moved.
pub(crate) async fn advance_all(state: &AppState) -> Result<usize, ApiProblem> {
    let _write = state.write_lock.lock().await;
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM hotline_requests WHERE status NOT IN ('follow-up-visit', 'rated') ORDER BY rowid",
    )
    .fetch_all(&state.db)
    .await?;
    let mut moved = 0;
    for id in ids {
        let row = load(&state.db, &id).await?;
        if let Some(to) = next(row.status) {
            step(&state.db, &row, to, None).await?;
            moved += 1;
        }
    }
    Ok(moved)
}
