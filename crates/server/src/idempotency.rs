//! `Idempotency-Key` (IETF httpapi-idempotency-key-header, as Stripe does it), for every
//! operation that creates something: applications, supplements, 12345 requests.
//!
//! A retry with the same key and body gets the stored answer again (`Idempotent-Replayed: true`);
//! the same key with another body is 422 `idempotency-key-reused`; a key whose first request is
//! still being handled is 409 `idempotency-key-in-flight` with `Retry-After`. Only successful
//! answers are recorded (in the transaction that creates the thing), so a refused request may be
//! corrected and sent again under the same key. Keys are kept [`IDEMPOTENCY_KEY_RETENTION`]
//! (30 days) and purged after that, at every open and hourly ([`purge_idempotency_keys`]).
//!
//! A key is claimed in memory first (at most one request per key runs at a time; in memory,
//! because one server process owns its database and after a crash nothing is in flight), then
//! the server's write lock is taken, so checking and recording a key is atomic. The answer is
//! recorded in the transaction that creates the thing, with whatever else belongs to it (the
//! case's owner and actor, its first event, the principal's activity entry).

use crate::problem::ApiProblem;
use crate::AppState;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use bianmin_api::{problem_types, Message, IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED};
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use time::OffsetDateTime;
use tokio::sync::OwnedMutexGuard;

/// How long an `Idempotency-Key` is kept: at least this long, purged only when older.
pub const IDEMPOTENCY_KEY_RETENTION: time::Duration = time::Duration::days(30);

/// Deletes idempotency records older than [`IDEMPOTENCY_KEY_RETENTION`]; run at open and every
/// hour. Returns how many went.
pub async fn purge_idempotency_keys(
    db: &sqlx::SqlitePool,
    now: OffsetDateTime,
) -> Result<u64, sqlx::Error> {
    let Ok(cutoff) = crate::identity::utc(now - IDEMPOTENCY_KEY_RETENTION) else {
        return Ok(0);
    };
    let done = sqlx::query("DELETE FROM idempotency_keys WHERE created_at < ?")
        .bind(cutoff)
        .execute(db)
        .await?;
    Ok(done.rows_affected())
}

/// The keys whose first request is being handled right now.
#[derive(Clone, Default)]
pub(crate) struct InFlight(Arc<Mutex<HashSet<String>>>);

impl InFlight {
    /// Claims `key`, or `None` when another request holds it.
    fn claim(&self, key: &str) -> Option<InFlightGuard> {
        let mut keys = self.0.lock().ok()?;
        keys.insert(key.to_owned()).then(|| InFlightGuard {
            keys: self.clone(),
            key: key.to_owned(),
        })
    }
}

struct InFlightGuard {
    keys: InFlight,
    key: String,
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        if let Ok(mut keys) = self.keys.0.lock() {
            keys.remove(&self.key);
        }
    }
}

/// A JSON answer, marked `Idempotent-Replayed: true` when it is a stored one.
pub(crate) fn json_response(status: StatusCode, body: String, replayed: bool) -> Response {
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

/// What to do with an idempotent request.
pub(crate) enum Begin {
    /// Answer this at once: the replay of the stored answer, or the in-flight conflict.
    Answer(Response),
    /// A new request: handle it, and record its answer with [`Claim::record`] in the same
    /// transaction that creates what it asked for.
    Fresh(Claim),
}

/// The right to handle a new request under a key. Holding it keeps the key in flight and the
/// server's write lock held (so the key is checked and recorded atomically).
pub(crate) struct Claim {
    pub key: String,
    request_sha: String,
    _in_flight: InFlightGuard,
    _write: OwnedMutexGuard<()>,
}

impl Claim {
    /// Records the answer under the key (inside the caller's transaction), stamped now to the
    /// second (see [`crate::identity::utc`]) so the purge compares fixed-width times.
    pub async fn record(
        &self,
        tx: &mut SqliteConnection,
        status: StatusCode,
        body: &str,
    ) -> Result<(), ApiProblem> {
        let at = crate::identity::utc(OffsetDateTime::now_utc())?;
        sqlx::query(
            "INSERT INTO idempotency_keys (key, request_sha256, status_code, response, created_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&self.key)
        .bind(&self.request_sha)
        .bind(i64::from(status.as_u16()))
        .bind(body)
        .bind(at)
        .execute(tx)
        .await?;
        Ok(())
    }
}

/// The key of a request, or 400 `idempotency-key-missing`.
fn key_of(headers: &HeaderMap) -> Result<String, ApiProblem> {
    headers
        .get(IDEMPOTENCY_KEY)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|k| !k.is_empty() && k.len() <= 255 && k.bytes().all(|b| b.is_ascii_graphic()))
        .map(str::to_owned)
        .ok_or_else(|| {
            ApiProblem::new(
                StatusCode::BAD_REQUEST,
                problem_types::IDEMPOTENCY_KEY_MISSING,
                "An Idempotency-Key header is required",
                Message::new("error-backend"),
            )
        })
}

/// Starts an idempotent request. `scope` names the operation and its target (e.g.
/// `POST /v1/applications/BM.../supplements`) and is hashed with the body, so a key reused on
/// another operation with an equal body is "another request" (422), never a wrong replay.
/// Applications pass `None` (the body alone), which keeps keys recorded before scopes existed.
pub(crate) async fn begin(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    scope: Option<&str>,
) -> Result<Begin, ApiProblem> {
    begin_holding(state, headers, body, scope, Duration::ZERO).await
}

/// [`begin`], waiting `hold` with the key claimed but before taking the write lock: a slow
/// backend, during which a retry under the key gets 409 and other requests go on. Fault
/// injection's `Delay`.
pub(crate) async fn begin_holding(
    state: &AppState,
    headers: &HeaderMap,
    body: &[u8],
    scope: Option<&str>,
    hold: Duration,
) -> Result<Begin, ApiProblem> {
    let key = key_of(headers)?;
    let mut hasher = Sha256::new();
    if let Some(scope) = scope {
        hasher.update(scope.as_bytes());
        hasher.update(b"\n");
    }
    hasher.update(body);
    let request_sha = hex::encode(hasher.finalize());

    let Some(in_flight) = state.in_flight.claim(&key) else {
        let mut response = ApiProblem::new(
            StatusCode::CONFLICT,
            problem_types::IDEMPOTENCY_KEY_IN_FLIGHT,
            "A request with this Idempotency-Key is still being handled",
            // An application being sent has its own words; supplements and 12345 the general.
            Message::new(if scope.is_none() {
                "error-submission-in-flight"
            } else {
                "error-in-flight"
            }),
        )
        .into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(1u32));
        return Ok(Begin::Answer(response));
    };
    tokio::time::sleep(hold).await;
    let write = state.write_lock.clone().lock_owned().await;
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
        return Ok(Begin::Answer(json_response(status, response, true)));
    }
    Ok(Begin::Fresh(Claim {
        key,
        request_sha,
        _in_flight: in_flight,
        _write: write,
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::InFlight;

    #[test]
    fn a_key_is_in_flight_until_its_guard_is_dropped() {
        let keys = InFlight::default();
        let first = keys.claim("k").unwrap();
        assert!(keys.claim("k").is_none(), "a second claim while in flight");
        assert!(keys.claim("other").is_some());
        drop(first);
        assert!(
            keys.claim("k").is_some(),
            "free again once the first is done"
        );
    }
}
