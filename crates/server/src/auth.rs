//! Who is calling: opaque bearer tokens mapped to sessions (resident, staff or kiosk device).
//!
//! Handlers take [`Caller`] (a session is required: 401 without one) or `Option<Caller>` (anonymous
//! allowed, but a token that is present must be valid). Tokens are random 256-bit values; only
//! their sha256 is stored, and a session past its expiry is refused with `session-expired`.

use crate::problem::ApiProblem;
use crate::AppState;
use axum::extract::{FromRequestParts, OptionalFromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use bianmin_api::{problem_types, Message};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The kind of party a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CallerKind {
    Resident,
    Staff,
    Kiosk,
}

impl CallerKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Resident => "resident",
            Self::Staff => "staff",
            Self::Kiosk => "kiosk",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "resident" => Some(Self::Resident),
            "staff" => Some(Self::Staff),
            "kiosk" => Some(Self::Kiosk),
            _ => None,
        }
    }
}

/// The authenticated caller of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caller {
    pub kind: CallerKind,
    /// The resident id, staff id or kiosk device id.
    pub subject: String,
    /// sha256 (hex) of the bearer token: identifies the session (e.g. to sign out).
    pub session: String,
}

impl Caller {
    /// The resident this caller is, when it is a resident.
    pub fn resident_id(&self) -> Option<&str> {
        (self.kind == CallerKind::Resident).then_some(self.subject.as_str())
    }
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn unauthorized(kind: &str, title: &str, message: &str) -> ApiProblem {
    ApiProblem::new(StatusCode::UNAUTHORIZED, kind, title, Message::new(message))
}

/// Creates a session for `subject` lasting `ttl`, and returns its bearer token and expiry (RFC 3339).
pub(crate) async fn issue_session(
    db: &SqlitePool,
    kind: CallerKind,
    subject: &str,
    ttl: time::Duration,
) -> Result<(String, String), ApiProblem> {
    let token = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    let now = OffsetDateTime::now_utc();
    let created = now.format(&Rfc3339).map_err(ApiProblem::internal)?;
    let expires = (now + ttl).format(&Rfc3339).map_err(ApiProblem::internal)?;
    sqlx::query(
        "INSERT INTO sessions (token_sha256, kind, subject, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(token_hash(&token))
    .bind(kind.as_str())
    .bind(subject)
    .bind(&created)
    .bind(&expires)
    .execute(db)
    .await?;
    Ok((token, expires))
}

/// Ends the caller's session (sign out).
pub(crate) async fn end_session(db: &SqlitePool, caller: &Caller) -> Result<(), ApiProblem> {
    sqlx::query("DELETE FROM sessions WHERE token_sha256 = ?")
        .bind(&caller.session)
        .execute(db)
        .await?;
    Ok(())
}

/// The caller named by an `Authorization: Bearer` value, or the problem to answer with.
pub(crate) async fn resolve(db: &SqlitePool, authorization: &str) -> Result<Caller, ApiProblem> {
    let token = authorization
        .strip_prefix("Bearer ")
        .map(str::trim)
        .filter(|t| !t.is_empty() && t.len() <= 512)
        .ok_or_else(|| {
            unauthorized(
                problem_types::UNAUTHORIZED,
                "A bearer token is required",
                "error-signed-out",
            )
        })?;
    let session = token_hash(token);
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT kind, subject, expires_at FROM sessions WHERE token_sha256 = ?")
            .bind(&session)
            .fetch_optional(db)
            .await?;
    let (kind, subject, expires_at) = row.ok_or_else(|| {
        unauthorized(
            problem_types::UNAUTHORIZED,
            "The bearer token is not known",
            "error-signed-out",
        )
    })?;
    let expires = OffsetDateTime::parse(&expires_at, &Rfc3339).map_err(ApiProblem::internal)?;
    if expires <= OffsetDateTime::now_utc() {
        return Err(unauthorized(
            problem_types::SESSION_EXPIRED,
            "The session has expired",
            "error-session-expired",
        ));
    }
    let kind = CallerKind::parse(&kind).ok_or_else(|| ApiProblem::internal("session kind"))?;
    Ok(Caller {
        kind,
        subject,
        session,
    })
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiProblem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiProblem> {
        let value = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        resolve(&state.db, value).await
    }
}

impl OptionalFromRequestParts<AppState> for Caller {
    type Rejection = ApiProblem;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, ApiProblem> {
        match parts.headers.get(header::AUTHORIZATION) {
            None => Ok(None),
            Some(v) => resolve(&state.db, v.to_str().unwrap_or_default())
                .await
                .map(Some),
        }
    }
}
