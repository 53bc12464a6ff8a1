//! Fault injection for tests and practice mode: `POST /admin/faults` makes the next N responses
//! of `POST /v1/applications` fail in a chosen way, so clients meet real HTTP failures (a status
//! with `Retry-After`, a slow answer, a connection dropped before or after the case is filed).
//!
//! Mounted only when the server is created with `ServerOptions { admin: true }`: in tests and in
//! practice mode, never by the stand-alone server unless asked.

use crate::applications;
use crate::problem::ApiProblem;
use crate::AppState;
use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bianmin_api::{problem_types, Message};
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;
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
}

/// `POST /admin/faults`: the next `count` responses get `action` (appended to what is queued).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FaultRequest {
    pub count: u32,
    pub action: FaultAction,
}

#[derive(Clone, Default)]
pub(crate) struct Faults(Arc<Mutex<VecDeque<FaultAction>>>);

impl Faults {
    fn next(&self) -> Option<FaultAction> {
        self.0.lock().ok().and_then(|mut q| q.pop_front())
    }

    fn push(&self, request: FaultRequest) {
        if let Ok(mut q) = self.0.lock() {
            q.extend(std::iter::repeat_n(request.action, request.count as usize));
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
    Json(request): Json<FaultRequest>,
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
    let fault = if state.admin {
        state.faults.next()
    } else {
        None
    };
    match fault {
        None => applications::submit(State(state), caller, headers, body).await,
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
            // Before the commit the key is in flight (a retry meanwhile gets 409); after it, the
            // key is recorded (a retry meanwhile gets the replay).
            let wait = Duration::from_millis(ms);
            let (before, after) = if after_commit {
                (Duration::ZERO, wait)
            } else {
                (wait, Duration::ZERO)
            };
            applications::submit_holding(State(state), caller, headers, body, before, after).await
        }
        Some(FaultAction::Drop { after_commit }) => {
            if after_commit {
                // The case is filed (or replayed); only the answer is lost.
                let _ = applications::submit(State(state), caller, headers, body).await;
            }
            Ok(broken_response())
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
