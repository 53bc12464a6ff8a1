//! The signed-in resident's notifications: case and 12345 events and proactive reminders
//! (未诉先办), read with a cursor and acknowledged up to one. Unacknowledged notifications come
//! back on every read that gives no cursor; acknowledging never moves back.

use crate::auth::Caller;
use crate::problem::ApiProblem;
use crate::request::{self, field, invalid, json, parse_json};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use bianmin_api::{
    problem_types, AckRequest, AckResult, LocalizedText, Message, Notification, NotificationAction,
    NotificationKind, NotificationPage, NotificationQuery, ReminderKind,
};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use time::macros::format_description;
use time::Date;

/// A notification before it has an id.
pub(crate) struct NewNotification {
    pub kind: NotificationKind,
    pub case_number: Option<String>,
    pub hotline_id: Option<String>,
    pub reminder: Option<ReminderKind>,
    pub due_date: Option<String>,
    pub title: LocalizedText,
    pub body: LocalizedText,
    pub action: NotificationAction,
}

/// Adds a notification to `resident`'s feed (inside the caller's transaction).
pub(crate) async fn notify(
    tx: &mut SqliteConnection,
    resident: &str,
    n: NewNotification,
    at: &str,
) -> Result<Notification, ApiProblem> {
    let mut notification = Notification {
        id: String::new(),
        cursor: String::new(),
        at: at.to_owned(),
        kind: n.kind,
        case_number: n.case_number,
        hotline_id: n.hotline_id,
        reminder: n.reminder,
        due_date: n.due_date,
        title: n.title,
        body: n.body,
        action: n.action,
    };
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO notifications (resident_id, at, body) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(resident)
    .bind(at)
    .bind(serde_json::to_string(&notification).map_err(ApiProblem::internal)?)
    .fetch_one(tx)
    .await?;
    notification.id = id.to_string();
    notification.cursor = id.to_string();
    Ok(notification)
}

fn resident(caller: &Caller) -> Result<&str, ApiProblem> {
    caller.resident_id().ok_or_else(request::residents_only)
}

fn bad_query(detail: String) -> ApiProblem {
    let mut p = ApiProblem::new(
        StatusCode::BAD_REQUEST,
        problem_types::INVALID_REQUEST,
        "The query is malformed",
        Message::new("error-invalid-request"),
    );
    p.1.detail = Some(detail);
    p
}

/// A cursor is the decimal id of a notification (0: before the first).
fn parse_cursor(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().filter(|c| *c >= 0)
}

/// `GET /v1/notifications?after=&limit=`
pub(crate) async fn list(
    State(state): State<AppState>,
    caller: Caller,
    query: Result<Query<NotificationQuery>, QueryRejection>,
) -> Result<Response, ApiProblem> {
    let resident = resident(&caller)?;
    let Query(query) = query.map_err(|e| bad_query(e.body_text()))?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(bad_query(format!("limit {limit} is not within 1–200")));
    }
    let acked: Option<i64> =
        sqlx::query_scalar("SELECT up_to FROM notification_acks WHERE resident_id = ?")
            .bind(resident)
            .fetch_optional(&state.db)
            .await?;
    let after = match &query.after {
        Some(text) => {
            parse_cursor(text).ok_or_else(|| bad_query(format!("after {text:?} is no cursor")))?
        }
        None => acked.unwrap_or(0),
    };
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, body FROM notifications WHERE resident_id = ? AND id > ? ORDER BY id LIMIT ?",
    )
    .bind(resident)
    .bind(after)
    .bind(i64::from(limit) + 1)
    .fetch_all(&state.db)
    .await?;
    let more = rows.len() > limit as usize;
    let mut items = Vec::with_capacity(rows.len());
    for (id, body) in rows.into_iter().take(limit as usize) {
        let mut n: Notification = serde_json::from_str(&body).map_err(ApiProblem::internal)?;
        n.id = id.to_string();
        n.cursor = id.to_string();
        items.push(n);
    }
    let next_cursor = items
        .last()
        .map(|n| n.cursor.clone())
        .or_else(|| (after > 0).then(|| after.to_string()));
    json(
        StatusCode::OK,
        &NotificationPage {
            items,
            next_cursor,
            acked_up_to: acked.map(|a| a.to_string()),
            more,
        },
    )
}

/// `POST /v1/notifications/ack {upTo}`
pub(crate) async fn ack(
    State(state): State<AppState>,
    caller: Caller,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let resident = resident(&caller)?.to_owned();
    let request: AckRequest = parse_json(&body)?;
    let not_a_cursor = || invalid(vec![field("upTo", Message::new("error-invalid-request"))]);
    let up_to = parse_cursor(&request.up_to).ok_or_else(not_a_cursor)?;
    let _write = state.write_lock.lock().await;
    let newest: Option<i64> =
        sqlx::query_scalar("SELECT MAX(id) FROM notifications WHERE resident_id = ?")
            .bind(&resident)
            .fetch_one(&state.db)
            .await?;
    if up_to > newest.unwrap_or(0) {
        // Nothing can be acknowledged before it was sent.
        return Err(not_a_cursor());
    }
    let acked: i64 = sqlx::query_scalar(
        "INSERT INTO notification_acks (resident_id, up_to) VALUES (?, ?)
         ON CONFLICT (resident_id) DO UPDATE SET up_to = MAX(up_to, excluded.up_to)
         RETURNING up_to",
    )
    .bind(&resident)
    .bind(up_to)
    .fetch_one(&state.db)
    .await?;
    json(
        StatusCode::OK,
        &AckResult {
            acked_up_to: acked.to_string(),
        },
    )
}

/// `POST /admin/reminders`: raise a proactive reminder for a resident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RaiseReminder {
    pub resident_id: String,
    pub kind: ReminderKind,
    /// `YYYY-MM-DD`: when the check is due, the card expires, or the resident turns 80.
    #[serde(default)]
    pub due_date: Option<String>,
}

/// The service a reminder's action starts (each is in the demo catalogue, `demo/services.json`).
pub(crate) fn reminder_service(kind: ReminderKind) -> &'static str {
    match kind {
        ReminderKind::PensionQualificationCheck => "pension-certification",
        ReminderKind::IdCardExpiring => "id-card-renewal",
        ReminderKind::Turning80 => "elderly-allowance",
    }
}

fn reminder_text(kind: ReminderKind, due: Option<&str>) -> (LocalizedText, LocalizedText) {
    let by_zh = due.map(|d| format!("（{d} 前）")).unwrap_or_default();
    let by_en = due.map(|d| format!(" by {d}")).unwrap_or_default();
    match kind {
        ReminderKind::PensionQualificationCheck => (
            LocalizedText::new(
                "今年的养老金资格认证该做了",
                "This year's pension check is due",
            ),
            LocalizedText::new(
                format!("请完成今年的养老金领取资格认证{by_zh}，在家刷脸就能办，不用跑腿。"),
                format!("Please do this year's pension qualification check{by_en}. You can do it from home with a face check."),
            ),
        ),
        ReminderKind::IdCardExpiring => (
            LocalizedText::new("您的身份证快到期了", "Your ID card expires soon"),
            LocalizedText::new(
                format!("您的居民身份证即将到期{by_zh}，请及时换领新证。"),
                format!("Your resident ID card expires soon{by_en}. Please renew it in time."),
            ),
        ),
        ReminderKind::Turning80 => (
            LocalizedText::new("您可以申领高龄津贴了", "You can claim the old-age allowance"),
            LocalizedText::new(
                format!("您即将年满 80 周岁{by_zh}，可以申请高龄津贴，每月发放。"),
                format!("You are turning 80{by_en} and can claim the old-age allowance, paid every month."),
            ),
        ),
    }
}

pub(crate) async fn raise_reminder(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let request: RaiseReminder = parse_json(&body)?;
    let resident = request.resident_id.trim();
    if resident.is_empty() || resident.len() > 64 {
        return Err(invalid(vec![field(
            "residentId",
            Message::new("error-required"),
        )]));
    }
    if let Some(due) = &request.due_date {
        if Date::parse(due, format_description!("[year]-[month]-[day]")).is_err() {
            return Err(invalid(vec![field(
                "dueDate",
                Message::new("error-date-not-real"),
            )]));
        }
    }
    let (title, text) = reminder_text(request.kind, request.due_date.as_deref());
    let (_, at) = request::now()?;
    let _write = state.write_lock.lock().await;
    let mut tx = state.db.begin().await?;
    let n = notify(
        &mut tx,
        resident,
        NewNotification {
            kind: NotificationKind::Reminder,
            case_number: None,
            hotline_id: None,
            reminder: Some(request.kind),
            due_date: request.due_date.clone(),
            title,
            body: text,
            action: NotificationAction::StartService {
                service_code: reminder_service(request.kind).to_owned(),
            },
        },
        &at,
    )
    .await?;
    tx.commit().await?;
    json(StatusCode::CREATED, &n)
}
