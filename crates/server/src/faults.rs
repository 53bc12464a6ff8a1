//! Fault injection for tests and practice mode: `POST /admin/faults` makes the next N responses
//! of `POST /v1/applications` (or, with `"route": "uploadParts"`, of `PATCH /v1/uploads/{id}`;
//! with `"route": "supplements"`, of `POST /v1/applications/{caseNumber}/supplements`; with
//! `"route": "hotlineRequests"`, of `POST /v1/hotline-requests`)
//! fail in a chosen way, so clients meet real HTTP failures (a status with `Retry-After`, a slow
//! answer, a connection dropped before or after the case is filed or the part stored, a body cut
//! short of its `Content-Length`).
//!
//! Mounted only when the server is created with `ServerOptions { admin: true }`: in tests and in
//! practice mode, never by the stand-alone server unless asked.

use crate::problem::ApiProblem;
use crate::AppState;
use crate::{applications, cases, hotline, staff_calls, uploads};
use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bianmin_api::{problem_types, Message};
use futures_util::StreamExt;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// What happens to one response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum FaultAction {
    /// Answer with this status (problem+json) without filing anything; `Retry-After` if given.
    #[serde(rename_all = "camelCase")]
    Status {
        status: u16,
        retry_after: Option<u64>,
    },
    /// Wait this long before handling the request (`after_commit: false`; its key is in flight
    /// meanwhile, so a retry gets 409), or after the case is filed and before answering
    /// (`after_commit: true`; the key is recorded, so a retry gets the replay).
    #[serde(rename_all = "camelCase")]
    Delay { ms: u64, after_commit: bool },
    /// Break the connection mid-answer: before anything is filed (`after_commit: false`), or after
    /// the case is filed, so the client never learns its number (`after_commit: true`).
    #[serde(rename_all = "camelCase")]
    Drop { after_commit: bool },
    /// Handle the request in full (the case is filed, the part stored), then send a
    /// `Content-Length` larger than the bytes written and drop the connection: the client reads
    /// a truncated body.
    Truncate,
}

/// Which operation a fault applies to.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum FaultRoute {
    /// `POST /v1/applications`.
    #[default]
    Applications,
    /// `PATCH /v1/uploads/{id}` (appending a part).
    UploadParts,
    /// `POST /v1/applications/{caseNumber}/supplements` (补正).
    Supplements,
    /// `POST /v1/hotline-requests` (raising a 12345 request).
    HotlineRequests,
    /// `POST /v1/staff-calls` (a kiosk calling a member of staff).
    StaffCalls,
}

/// `POST /admin/faults`: the next `count` responses of `POST /v1/applications` get `action`
/// (appended to what is queued). The same JSON with a `route` is [`RoutedFaultRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRequest {
    pub count: u32,
    pub action: FaultAction,
}

/// `POST /admin/faults` for any route: the next `count` responses of `route` get `action`.
/// Without `route` the body is a [`FaultRequest`] (applications).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutedFaultRequest {
    pub count: u32,
    pub action: FaultAction,
    #[serde(default)]
    pub route: FaultRoute,
}

#[derive(Clone, Default)]
pub(crate) struct Faults(Arc<Mutex<VecDeque<(FaultRoute, FaultAction)>>>);

impl Faults {
    /// The first queued fault of `route`, taken off the queue.
    fn next(&self, route: FaultRoute) -> Option<FaultAction> {
        let mut q = self.0.lock().ok()?;
        let at = q.iter().position(|(r, _)| *r == route)?;
        q.remove(at).map(|(_, action)| action)
    }

    fn push(&self, request: RoutedFaultRequest) {
        if let Ok(mut q) = self.0.lock() {
            q.extend(std::iter::repeat_n(
                (request.route, request.action),
                request.count as usize,
            ));
        }
    }

    fn clear(&self) {
        if let Ok(mut q) = self.0.lock() {
            q.clear();
        }
    }

    fn len(&self) -> usize {
        self.0.lock().map(|q| q.len()).unwrap_or(0)
    }
}

pub(crate) async fn set_faults(
    State(state): State<AppState>,
    Json(request): Json<RoutedFaultRequest>,
) -> StatusCode {
    state.faults.push(request);
    StatusCode::NO_CONTENT
}

pub(crate) async fn clear_faults(State(state): State<AppState>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}

#[derive(Serialize)]
pub(crate) struct Stats {
    cases: i64,
    #[serde(rename = "faultsPending")]
    faults_pending: usize,
}

/// `GET /admin/stats`: how many cases exist, and how many faults are still queued.
pub(crate) async fn stats(State(state): State<AppState>) -> Result<Json<Stats>, ApiProblem> {
    let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases")
        .fetch_one(&state.db)
        .await?;
    Ok(Json(Stats {
        cases,
        faults_pending: state.faults.len(),
    }))
}

/// `POST /v1/applications` with the next queued fault applied, if any.
pub(crate) async fn submit(
    State(state): State<AppState>,
    caller: Option<crate::auth::Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let fault = next(&state, FaultRoute::Applications);
    // A delay before the commit holds the Idempotency-Key in flight (a retry meanwhile gets 409).
    with_fault(fault, |hold| {
        applications::submit_holding(State(state), caller, headers, body, hold)
    })
    .await
}

/// `PATCH /v1/uploads/{id}` with the next queued upload fault applied, if any.
pub(crate) async fn append_part(
    State(state): State<AppState>,
    path: Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Result<Response, ApiProblem> {
    let fault = next(&state, FaultRoute::UploadParts);
    with_fault(fault, |hold| async move {
        tokio::time::sleep(hold).await;
        uploads::append(State(state), path, headers, body).await
    })
    .await
}

/// `POST /v1/applications/{caseNumber}/supplements` with the next queued supplement fault
/// applied, if any (a delay waits before the supplement is handled).
pub(crate) async fn supplement(
    State(state): State<AppState>,
    caller: Option<crate::auth::Caller>,
    case_number: Result<Path<String>, axum::extract::rejection::PathRejection>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let fault = next(&state, FaultRoute::Supplements);
    with_fault(fault, |hold| async move {
        tokio::time::sleep(hold).await;
        cases::supplement(State(state), caller, case_number, headers, body).await
    })
    .await
}

/// `POST /v1/hotline-requests` with the next queued 12345 fault applied, if any. A delay before
/// the commit waits before the request is handled (its key is not claimed yet).
pub(crate) async fn submit_hotline(
    State(state): State<AppState>,
    caller: Option<crate::auth::Caller>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let fault = next(&state, FaultRoute::HotlineRequests);
    with_fault(fault, |hold| async move {
        tokio::time::sleep(hold).await;
        hotline::submit(State(state), caller, headers, body).await
    })
    .await
}

/// `POST /v1/staff-calls`
pub(crate) async fn call_staff(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let fault = next(&state, FaultRoute::StaffCalls);
    with_fault(fault, |hold| async move {
        tokio::time::sleep(hold).await;
        staff_calls::create(State(state), body).await
    })
    .await
}

fn next(state: &AppState, route: FaultRoute) -> Option<FaultAction> {
    if state.admin {
        state.faults.next(route)
    } else {
        None
    }
}

/// Runs `handle` (or not) as `fault` says; `handle` waits the duration it is given at the point
/// where a slow backend would (with the request's key claimed, for a submission).
async fn with_fault<F, Fut>(fault: Option<FaultAction>, handle: F) -> Result<Response, ApiProblem>
where
    F: FnOnce(Duration) -> Fut,
    Fut: Future<Output = Result<Response, ApiProblem>>,
{
    match fault {
        None => handle(Duration::ZERO).await,
        Some(FaultAction::Status {
            status,
            retry_after,
        }) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let mut response = ApiProblem::new(
                status,
                problem_types::UNAVAILABLE,
                "Injected fault",
                Message::new("error-backend"),
            )
            .into_response();
            if let Some(seconds) = retry_after {
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            Ok(response)
        }
        Some(FaultAction::Delay { ms, after_commit }) => {
            let wait = Duration::from_millis(ms);
            // Before the commit the key is in flight (a retry meanwhile gets 409); after it, the
            // key is recorded (a retry meanwhile gets the replay).
            let response = handle(if after_commit { Duration::ZERO } else { wait }).await;
            if after_commit {
                tokio::time::sleep(Duration::from_millis(ms)).await;
            }
            response
        }
        Some(FaultAction::Drop { after_commit }) => {
            if after_commit {
                // The case is filed (or replayed); only the answer is lost.
                let _ = handle(Duration::ZERO).await;
            }
            Ok(broken_response())
        }
        Some(FaultAction::Truncate) => {
            let response = handle(Duration::ZERO)
                .await
                .unwrap_or_else(IntoResponse::into_response);
            Ok(truncated(response).await)
        }
    }
}

/// Headers, then a body that fails: hyper aborts the connection, the client reads an error.
fn broken_response() -> Response {
    let body = Body::from_stream(futures_util::stream::once(async {
        Err::<Bytes, std::io::Error>(std::io::Error::other("injected fault: connection dropped"))
    }));
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

/// `response` with its `Content-Length` but only the first half of its body: then the
/// connection drops.
async fn truncated(response: Response) -> Response {
    let (mut parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX)
        .await
        .unwrap_or_default();
    let written = bytes.slice(..bytes.len() / 2);
    let promised = bytes.len().max(written.len() + 1);
    parts
        .headers
        .insert(header::CONTENT_LENGTH, HeaderValue::from(promised));
    // The pause lets hyper flush the headers and the bytes written before the connection drops.
    let body = Body::from_stream(
        futures_util::stream::once(async move { Ok::<_, std::io::Error>(written) }).chain(
            futures_util::stream::once(async {
                tokio::time::sleep(Duration::from_millis(50)).await;
                Err(std::io::Error::other("injected fault: body truncated"))
            }),
        ),
    );
    Response::from_parts(parts, body)
}
