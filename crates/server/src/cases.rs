//! Following a case (办件): its append-only event feed, supplements (补正), withdrawal and the
//! rating (好差评); the transition rules the back office and the resident must keep.
//!
//! Who may see or act on a case: a case filed by a signed-in resident is theirs alone (anyone
//! else gets 404, so a case number reveals nothing, not even that the case exists); a case filed
//! without sign-in is followed by its case number, as before sign-in existed. The feed carries
//! no personal answers either way. A case filed on someone's behalf (under a delegation, or by
//! staff) belongs to the principal. The owner is `cases.resident_id`, written when the case is
//! filed ([`crate::applications`]) and read only through [`owner_of`].

use crate::auth::Caller;
use crate::idempotency::{self, Begin};
use crate::problem::ApiProblem;
use crate::request::{self, field, invalid, json, parse_json, state_conflict};
use crate::AppState;
use axum::body::Bytes;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use bianmin_api::{
    CaseEvent, CaseEventDetail, CaseEventList, CaseStatus, FieldError, LocalizedText, Message,
    NotificationAction, NotificationKind, Questionnaire, Rating, RatingRequest, ServiceItem,
    SupplementReceipt, SupplementRequest, WithdrawRequest, MAX_COMMENT_CHARS,
};
use bianmin_forms::{validate_response, FormDefinition};
use sqlx::{SqliteConnection, SqlitePool};

/// Who moves a case from one status to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Actor {
    BackOffice,
    Resident,
}

/// The lifecycle: which `to` each actor may move a case to from `from`.
pub(crate) fn allowed(from: CaseStatus, to: CaseStatus, by: Actor) -> bool {
    use CaseStatus::*;
    match by {
        Actor::BackOffice => matches!(
            (from, to),
            (Submitted, Accepted | NeedsMore | Rejected)
                | (Accepted, InProgress | NeedsMore | Rejected)
                | (Supplemented, Accepted | InProgress | NeedsMore | Rejected)
                | (InProgress, Done | NeedsMore | Rejected)
                | (NeedsMore, Rejected)
        ),
        Actor::Resident => matches!(
            (from, to),
            (NeedsMore, Supplemented)
                | (
                    Submitted | Accepted | NeedsMore | Supplemented | InProgress,
                    Withdrawn
                )
        ),
    }
}

/// The status a case is in after an event.
pub(crate) fn status_after(detail: &CaseEventDetail) -> CaseStatus {
    match detail {
        CaseEventDetail::Submitted => CaseStatus::Submitted,
        CaseEventDetail::Accepted => CaseStatus::Accepted,
        CaseEventDetail::NeedsMaterial { .. } => CaseStatus::NeedsMore,
        CaseEventDetail::Supplemented { .. } => CaseStatus::Supplemented,
        CaseEventDetail::Rejected { .. } => CaseStatus::Rejected,
        CaseEventDetail::InProgress => CaseStatus::InProgress,
        CaseEventDetail::Done { .. } => CaseStatus::Done,
        CaseEventDetail::Withdrawn => CaseStatus::Withdrawn,
    }
}

pub(crate) fn status_text(status: CaseStatus) -> &'static str {
    match status {
        CaseStatus::Submitted => "submitted",
        CaseStatus::Accepted => "accepted",
        CaseStatus::Rejected => "rejected",
        CaseStatus::NeedsMore => "needs-more",
        CaseStatus::InProgress => "in-progress",
        CaseStatus::Done => "done",
        CaseStatus::Supplemented => "supplemented",
        CaseStatus::Withdrawn => "withdrawn",
    }
}

fn parse_status(text: &str) -> Result<CaseStatus, ApiProblem> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(ApiProblem::internal)
}

/// The resident who owns a case, if it was filed signed in (or for someone). The one place that
/// reads where ownership is stored.
pub(crate) async fn owner_of(
    conn: &mut SqliteConnection,
    case_number: &str,
) -> Result<Option<String>, ApiProblem> {
    let owner: Option<Option<String>> =
        sqlx::query_scalar("SELECT resident_id FROM cases WHERE case_number = ?")
            .bind(case_number)
            .fetch_optional(conn)
            .await?;
    Ok(owner.flatten())
}

/// Called in the transaction that files a case (its owner is in the `cases` row already):
/// records its `submitted` event.
pub(crate) async fn on_filed(
    tx: &mut SqliteConnection,
    case_number: &str,
    at: &str,
) -> Result<(), ApiProblem> {
    let event = CaseEvent {
        seq: 1,
        at: at.to_owned(),
        status: CaseStatus::Submitted,
        detail: CaseEventDetail::Submitted,
    };
    insert_event(tx, case_number, &event).await
}

async fn insert_event(
    tx: &mut SqliteConnection,
    case_number: &str,
    event: &CaseEvent,
) -> Result<(), ApiProblem> {
    sqlx::query("INSERT INTO case_events (case_number, seq, at, body) VALUES (?, ?, ?, ?)")
        .bind(case_number)
        .bind(i64::from(event.seq))
        .bind(&event.at)
        .bind(serde_json::to_string(event).map_err(ApiProblem::internal)?)
        .execute(tx)
        .await?;
    Ok(())
}

/// A case as the handlers need it.
pub(crate) struct CaseRow {
    pub case_number: String,
    pub service_code: String,
    pub status: CaseStatus,
}

pub(crate) async fn load(db: &SqlitePool, case_number: &str) -> Result<CaseRow, ApiProblem> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT service_code, status FROM cases WHERE case_number = ?")
            .bind(case_number)
            .fetch_optional(db)
            .await?;
    let (service_code, status) = row.ok_or_else(ApiProblem::not_found)?;
    Ok(CaseRow {
        case_number: case_number.to_owned(),
        service_code,
        status: parse_status(&status)?,
    })
}

/// The case, if `caller` may see it (see the module docs); 404 otherwise.
pub(crate) async fn authorize(
    state: &AppState,
    caller: Option<&Caller>,
    case_number: &str,
) -> Result<CaseRow, ApiProblem> {
    let case = load(&state.db, case_number).await?;
    let mut conn = state.db.acquire().await?;
    if let Some(owner) = owner_of(&mut conn, case_number).await? {
        if caller.and_then(Caller::resident_id) != Some(owner.as_str()) {
            return Err(ApiProblem::not_found());
        }
    }
    Ok(case)
}

/// Moves a case from `from` with `detail`, appending its event and telling its owner. Fails
/// with 409 when the case is no longer in `from` (compare-and-set: the first statement
/// writes, so the transaction never has to upgrade a read lock).
pub(crate) async fn append(
    tx: &mut SqliteConnection,
    case: &CaseRow,
    detail: CaseEventDetail,
    at: &str,
) -> Result<CaseEvent, ApiProblem> {
    let status = status_after(&detail);
    let moved = sqlx::query("UPDATE cases SET status = ? WHERE case_number = ? AND status = ?")
        .bind(status_text(status))
        .bind(&case.case_number)
        .bind(status_text(case.status))
        .execute(&mut *tx)
        .await?;
    if moved.rows_affected() == 0 {
        return Err(state_conflict(format!(
            "case {} is no longer {}",
            case.case_number,
            status_text(case.status)
        )));
    }
    let seq: i64 = sqlx::query_scalar(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM case_events WHERE case_number = ?",
    )
    .bind(&case.case_number)
    .fetch_one(&mut *tx)
    .await?;
    let event = CaseEvent {
        seq: u32::try_from(seq).map_err(ApiProblem::internal)?,
        at: at.to_owned(),
        status,
        detail,
    };
    insert_event(tx, &case.case_number, &event).await?;
    if let Some(owner) = owner_of(tx, &case.case_number).await? {
        if let Some((title, body)) = notification_text(tx, case, &event).await? {
            crate::notifications::notify(
                tx,
                &owner,
                crate::notifications::NewNotification {
                    kind: NotificationKind::CaseEvent,
                    due_date: None,
                    case_number: Some(case.case_number.clone()),
                    hotline_id: None,
                    reminder: None,
                    title,
                    body,
                    action: NotificationAction::OpenCase {
                        case_number: case.case_number.clone(),
                    },
                },
                at,
            )
            .await?;
        }
    }
    Ok(event)
}

/// The service item a case is for, if the catalogue still lists it.
pub(crate) async fn service_of(
    conn: &mut SqliteConnection,
    code: &str,
) -> Result<Option<ServiceItem>, ApiProblem> {
    let body: Option<String> = sqlx::query_scalar("SELECT body FROM services WHERE code = ?")
        .bind(code)
        .fetch_optional(conn)
        .await?;
    body.map(|b| serde_json::from_str(&b).map_err(ApiProblem::internal))
        .transpose()
}

/// What the owner is told about an event, in both languages; nothing for their own acts.
async fn notification_text(
    conn: &mut SqliteConnection,
    case: &CaseRow,
    event: &CaseEvent,
) -> Result<Option<(LocalizedText, LocalizedText)>, ApiProblem> {
    let name = service_of(conn, &case.service_code)
        .await?
        .map(|s| s.summary.name)
        .unwrap_or_else(|| LocalizedText::new(&case.service_code, &case.service_code));
    let n = &case.case_number;
    let (zh, en, body) = match &event.detail {
        CaseEventDetail::Submitted
        | CaseEventDetail::Supplemented { .. }
        | CaseEventDetail::Withdrawn => return Ok(None),
        CaseEventDetail::Accepted => (
            "已受理",
            "accepted",
            LocalizedText::new(
                format!("您的申请（编号 {n}）已受理，我们会尽快办理。"),
                format!("Your application ({n}) has been accepted and will be handled soon."),
            ),
        ),
        CaseEventDetail::NeedsMaterial {
            materials, reason, ..
        } => {
            let list = |f: fn(&LocalizedText) -> &str, sep: &str| {
                materials
                    .iter()
                    .map(|m| f(&m.name))
                    .collect::<Vec<_>>()
                    .join(sep)
            };
            (
                "需要补充材料",
                "more documents needed",
                LocalizedText::new(
                    format!(
                        "{} 请补充：{}。",
                        reason.zh_cn,
                        list(|t| t.zh_cn.as_str(), "、")
                    ),
                    format!(
                        "{} Please send: {}.",
                        reason.en_us,
                        list(|t| t.en_us.as_str(), ", ")
                    ),
                ),
            )
        }
        CaseEventDetail::Rejected { reason } => (
            "未能办理",
            "not approved",
            LocalizedText::new(
                format!(
                    "很抱歉，您的申请（编号 {n}）未能办理。原因：{}",
                    reason.zh_cn
                ),
                format!(
                    "We are sorry: your application ({n}) was not approved. Reason: {}",
                    reason.en_us
                ),
            ),
        ),
        CaseEventDetail::InProgress => (
            "正在办理",
            "being handled",
            LocalizedText::new(
                format!("您的申请（编号 {n}）正在办理。"),
                format!("Your application ({n}) is being handled."),
            ),
        ),
        CaseEventDetail::Done { result } => (
            "已办结",
            "done",
            LocalizedText::new(
                format!("{} 欢迎您对这次服务进行评价。", result.zh_cn),
                format!("{} You are welcome to rate this service.", result.en_us),
            ),
        ),
    };
    Ok(Some((
        LocalizedText::new(
            format!("{}：{zh}", name.zh_cn),
            format!("{}: {en}", name.en_us),
        ),
        body,
    )))
}

/// The events of a case, oldest first.
async fn events(db: &SqlitePool, case_number: &str) -> Result<Vec<CaseEvent>, ApiProblem> {
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT body FROM case_events WHERE case_number = ? ORDER BY seq")
            .bind(case_number)
            .fetch_all(db)
            .await?;
    rows.iter()
        .map(|b| serde_json::from_str(b).map_err(ApiProblem::internal))
        .collect()
}

/// `GET /v1/applications/{caseNumber}/events`
pub(crate) async fn list_events(
    State(state): State<AppState>,
    caller: Option<Caller>,
    case_number: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiProblem> {
    let case_number = request::path(case_number)?;
    let case = authorize(&state, caller.as_ref(), &case_number).await?;
    let items = events(&state.db, &case_number).await?;
    json(
        StatusCode::OK,
        &CaseEventList {
            case_number,
            service_code: case.service_code,
            status: case.status,
            items,
        },
    )
}

/// The open request for material: the latest `needs-material` event.
async fn open_request(db: &SqlitePool, case_number: &str) -> Result<CaseEventDetail, ApiProblem> {
    events(db, case_number)
        .await?
        .into_iter()
        .rev()
        .map(|e| e.detail)
        .find(|d| matches!(d, CaseEventDetail::NeedsMaterial { .. }))
        .ok_or_else(|| ApiProblem::internal("a needs-more case without its request"))
}

/// `POST /v1/applications/{caseNumber}/supplements` (补正), idempotent.
pub(crate) async fn supplement(
    State(state): State<AppState>,
    caller: Option<Caller>,
    case_number: Result<Path<String>, PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let case_number = request::path(case_number)?;
    authorize(&state, caller.as_ref(), &case_number).await?;
    let scope = format!("POST /v1/applications/{case_number}/supplements");
    let claim = match idempotency::begin(&state, &headers, &body, Some(&scope)).await? {
        Begin::Answer(response) => return Ok(response),
        Begin::Fresh(claim) => claim,
    };
    let request: SupplementRequest = parse_json(&body)?;
    // Read again under the write lock the claim holds.
    let case = load(&state.db, &case_number).await?;
    if case.status != CaseStatus::NeedsMore {
        return Err(state_conflict(format!(
            "case {case_number} is {}: no material is asked for",
            status_text(case.status)
        )));
    }
    let CaseEventDetail::NeedsMaterial {
        materials,
        supplement_form,
        ..
    } = open_request(&state.db, &case_number).await?
    else {
        return Err(ApiProblem::internal("not a request for material"));
    };

    let (now, at) = request::now()?;
    let mut problems: Vec<FieldError> = Vec::new();
    for (i, upload) in request.uploads.iter().enumerate() {
        if !materials.iter().any(|m| m.code == upload.material_code) {
            problems.push(field(
                &format!("uploads[{i}].materialCode"),
                Message::new("error-not-asked"),
            ));
        }
        let id = upload.upload_id.trim();
        if id.is_empty() || id.len() > 200 {
            problems.push(field(
                &format!("uploads[{i}].uploadId"),
                Message::new("error-attachment-invalid"),
            ));
        }
    }
    for m in &materials {
        if !request.uploads.iter().any(|u| u.material_code == m.code) {
            problems.push(field(&m.code, Message::new("error-attachment-required")));
        }
    }
    match (&supplement_form, &request.response) {
        (None, Some(_)) => problems.push(field("response", Message::new("error-not-asked"))),
        (Some(_), None) => problems.push(field("response", Message::new("error-required"))),
        (None, None) => {}
        (Some(form), Some(response)) => {
            let body = crate::forms::accepted_body(&state.db, form, now).await?;
            let questionnaire: Questionnaire =
                serde_json::from_str(&body).map_err(ApiProblem::internal)?;
            let definition = FormDefinition::parse(&questionnaire).map_err(ApiProblem::internal)?;
            let answers = validate_response(&definition, response, now.date());
            if !answers.is_empty() {
                return Err(ApiProblem::invalid_answers(answers));
            }
        }
    }
    if !problems.is_empty() {
        return Err(invalid(problems));
    }

    let mut material_codes: Vec<String> = Vec::new();
    for u in &request.uploads {
        if !material_codes.contains(&u.material_code) {
            material_codes.push(u.material_code.clone());
        }
    }
    let mut tx = state.db.begin().await?;
    let event = append(
        &mut tx,
        &case,
        CaseEventDetail::Supplemented { material_codes },
        &at,
    )
    .await?;
    sqlx::query(
        "INSERT INTO supplements (case_number, seq, response, uploads) VALUES (?, ?, ?, ?)",
    )
    .bind(&case_number)
    .bind(i64::from(event.seq))
    .bind(
        request
            .response
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(ApiProblem::internal)?,
    )
    .bind(serde_json::to_string(&request.uploads).map_err(ApiProblem::internal)?)
    .execute(&mut *tx)
    .await?;
    let receipt = SupplementReceipt {
        case_number,
        status: event.status,
        seq: event.seq,
        at: at.clone(),
    };
    let body = serde_json::to_string(&receipt).map_err(ApiProblem::internal)?;
    claim.record(&mut tx, StatusCode::CREATED, &body).await?;
    tx.commit().await?;
    Ok(idempotency::json_response(StatusCode::CREATED, body, false))
}

/// `POST /v1/applications/{caseNumber}/withdraw`. Not idempotent by key: a second withdrawal
/// is 409, and a client that lost the first answer sees `withdrawn` in the case.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    caller: Option<Caller>,
    case_number: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let case_number = request::path(case_number)?;
    authorize(&state, caller.as_ref(), &case_number).await?;
    let request: WithdrawRequest = if body.iter().all(u8::is_ascii_whitespace) {
        WithdrawRequest::default()
    } else {
        parse_json(&body)?
    };
    let reason = request
        .reason
        .map(|r| r.trim().to_owned())
        .filter(|r| !r.is_empty());
    if let Some(r) = &reason {
        if request::chars(r) > MAX_COMMENT_CHARS {
            return Err(invalid(vec![field(
                "reason",
                Message::new("error-too-long")
                    .arg("max", MAX_COMMENT_CHARS)
                    .arg("actual", request::chars(r)),
            )]));
        }
    }
    let _write = state.write_lock.lock().await;
    let case = load(&state.db, &case_number).await?;
    if !allowed(case.status, CaseStatus::Withdrawn, Actor::Resident) {
        return Err(state_conflict(format!(
            "case {case_number} is {}: it can no longer be withdrawn",
            status_text(case.status)
        )));
    }
    let (_, at) = request::now()?;
    let mut tx = state.db.begin().await?;
    let event = append(&mut tx, &case, CaseEventDetail::Withdrawn, &at).await?;
    sqlx::query("INSERT INTO withdrawals (case_number, reason, at) VALUES (?, ?, ?)")
        .bind(&case_number)
        .bind(reason)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    json(StatusCode::OK, &event)
}

/// A rating's level and comment, or 422 naming what is wrong.
pub(crate) fn check_rating(request: &RatingRequest) -> Result<Option<String>, ApiProblem> {
    let mut problems = Vec::new();
    if request.level < 1 {
        problems.push(field(
            "level",
            Message::new("error-number-min").arg("min", 1),
        ));
    }
    if request.level > 5 {
        problems.push(field(
            "level",
            Message::new("error-number-max").arg("max", 5),
        ));
    }
    let comment = request
        .comment
        .as_ref()
        .map(|c| c.trim().to_owned())
        .filter(|c| !c.is_empty());
    if let Some(c) = &comment {
        if request::chars(c) > MAX_COMMENT_CHARS {
            problems.push(field(
                "comment",
                Message::new("error-too-long")
                    .arg("max", MAX_COMMENT_CHARS)
                    .arg("actual", request::chars(c)),
            ));
        }
    }
    if problems.is_empty() {
        Ok(comment)
    } else {
        Err(invalid(problems))
    }
}

/// Records a rating of `(kind, id)`; 409 `already-rated` when there is one.
pub(crate) async fn insert_rating(
    tx: &mut SqliteConnection,
    kind: &str,
    id: &str,
    level: u8,
    comment: Option<String>,
    at: &str,
) -> Result<Rating, ApiProblem> {
    let inserted = sqlx::query(
        "INSERT INTO ratings (subject_kind, subject_id, level, comment, at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (subject_kind, subject_id) DO NOTHING",
    )
    .bind(kind)
    .bind(id)
    .bind(i64::from(level))
    .bind(&comment)
    .bind(at)
    .execute(tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(request::already_rated());
    }
    Ok(Rating {
        level,
        comment,
        at: at.to_owned(),
    })
}

/// The rating of `(kind, id)`, or 404.
pub(crate) async fn load_rating(
    db: &SqlitePool,
    kind: &str,
    id: &str,
) -> Result<Rating, ApiProblem> {
    let row: Option<(i64, Option<String>, String)> = sqlx::query_as(
        "SELECT level, comment, at FROM ratings WHERE subject_kind = ? AND subject_id = ?",
    )
    .bind(kind)
    .bind(id)
    .fetch_optional(db)
    .await?;
    let (level, comment, at) = row.ok_or_else(ApiProblem::not_found)?;
    Ok(Rating {
        level: u8::try_from(level).map_err(ApiProblem::internal)?,
        comment,
        at,
    })
}

/// `POST /v1/applications/{caseNumber}/rating` (好差评): once, when the case is done.
pub(crate) async fn rate(
    State(state): State<AppState>,
    caller: Option<Caller>,
    case_number: Result<Path<String>, PathRejection>,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let case_number = request::path(case_number)?;
    authorize(&state, caller.as_ref(), &case_number).await?;
    let request: RatingRequest = parse_json(&body)?;
    let comment = check_rating(&request)?;
    let _write = state.write_lock.lock().await;
    let case = load(&state.db, &case_number).await?;
    if case.status != CaseStatus::Done {
        return Err(state_conflict(format!(
            "case {case_number} is {}: only a case that is done can be rated",
            status_text(case.status)
        )));
    }
    let (_, at) = request::now()?;
    let mut tx = state.db.begin().await?;
    let rating = insert_rating(&mut tx, "case", &case_number, request.level, comment, &at).await?;
    tx.commit().await?;
    json(StatusCode::CREATED, &rating)
}

/// `GET /v1/applications/{caseNumber}/rating`
pub(crate) async fn get_rating(
    State(state): State<AppState>,
    caller: Option<Caller>,
    case_number: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiProblem> {
    let case_number = request::path(case_number)?;
    authorize(&state, caller.as_ref(), &case_number).await?;
    json(
        StatusCode::OK,
        &load_rating(&state.db, "case", &case_number).await?,
    )
}

#[cfg(test)]
mod tests {
    use super::{allowed, Actor};
    use bianmin_api::CaseStatus::*;

    #[test]
    fn finished_cases_never_move() {
        for from in [Done, Rejected, Withdrawn] {
            for to in [
                Submitted,
                Accepted,
                Rejected,
                NeedsMore,
                InProgress,
                Done,
                Supplemented,
                Withdrawn,
            ] {
                assert!(!allowed(from, to, Actor::BackOffice));
                assert!(!allowed(from, to, Actor::Resident));
            }
        }
    }

    #[test]
    fn only_the_resident_supplements_and_withdraws() {
        assert!(!allowed(NeedsMore, Supplemented, Actor::BackOffice));
        assert!(!allowed(Accepted, Withdrawn, Actor::BackOffice));
        assert!(allowed(NeedsMore, Supplemented, Actor::Resident));
        assert!(!allowed(Accepted, Done, Actor::Resident));
    }
}
