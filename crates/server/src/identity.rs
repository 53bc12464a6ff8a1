//! Sign-in (residents by mobile number and one-time code, staff by id and password, kiosk
//! devices by registration code), sign-out, `me`, and what the government knows of a resident
//! (profile and e-licences), with the demo people of practice mode.
//!
//! A mobile number that is not known yet registers a new resident with an empty profile at its
//! first verified sign-in, as a real 一网通办 does (the number is proven by the code; real
//! identity checks come with the first application). Codes are 6 random digits from the OS
//! generator, valid 5 minutes, compared in constant time; a challenge dies on use, at expiry,
//! or at the 5th wrong try. A new code for the same number kills the earlier ones; at most 5 codes
//! go to one number in 15 minutes.

use crate::auth::{self, Caller, CallerKind};
use crate::problem::ApiProblem;
use crate::request::parse_json;
use crate::{AppState, ServerError};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordVerifier};
use argon2::Argon2;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use bianmin_api::{
    problem_types, DelegationScope, DeviceRegistration, ELicence, ELicenceList, Evidence,
    LocalizedText, Me, Message, OtpChallenge, OtpRequest, OtpVerify, Profile, SignedIn,
    StaffSignIn, Subject, SubjectKind,
};
use serde::Deserialize;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;
use std::collections::BTreeMap;
use subtle::ConstantTimeEq;
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// How long a one-time code may be used.
pub(crate) const OTP_TTL: Duration = Duration::minutes(5);
/// Wrong tries after which a challenge is dead.
pub(crate) const OTP_MAX_WRONG: i64 = 5;
const OTP_LENGTH: u8 = 6;
/// At most this many codes are sent to one number in [`OTP_WINDOW`] (against SMS flooding and
/// guessing across many challenges); then 429 with `Retry-After`.
const OTP_PER_WINDOW: usize = 5;
const OTP_WINDOW: Duration = Duration::minutes(15);
pub(crate) const RESIDENT_SESSION: Duration = Duration::minutes(30);
pub(crate) const STAFF_SESSION: Duration = Duration::hours(8);
pub(crate) const KIOSK_SESSION: Duration = Duration::days(30);

/// A UTC time as RFC 3339 to the second (`2026-11-29T10:01:42Z`): one fixed width, so stored
/// times compare as strings.
pub(crate) fn utc(t: OffsetDateTime) -> Result<String, ApiProblem> {
    t.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .map_err(ApiProblem::internal)?
        .format(&Rfc3339)
        .map_err(ApiProblem::internal)
}

pub(crate) fn parse_time(s: &str) -> Result<OffsetDateTime, ApiProblem> {
    OffsetDateTime::parse(s, &Rfc3339).map_err(ApiProblem::internal)
}

fn problem(status: StatusCode, kind: &str, title: &str, message: Message) -> ApiProblem {
    ApiProblem::new(status, kind, title, message)
}

pub(crate) fn forbidden() -> ApiProblem {
    problem(
        StatusCode::FORBIDDEN,
        problem_types::FORBIDDEN,
        "This is not available to the signed-in party",
        Message::new("error-forbidden"),
    )
}

fn subject_kind(kind: CallerKind) -> SubjectKind {
    match kind {
        CallerKind::Resident => SubjectKind::Resident,
        CallerKind::Staff => SubjectKind::Staff,
        CallerKind::Kiosk => SubjectKind::Kiosk,
    }
}

/// The party with this kind and id, with the name to show (empty when unknown).
pub(crate) async fn subject(
    db: &SqlitePool,
    kind: CallerKind,
    id: &str,
) -> Result<Subject, ApiProblem> {
    let name: Option<String> = match kind {
        CallerKind::Resident => {
            sqlx::query_scalar("SELECT json_extract(profile, '$.name') FROM residents WHERE id = ?")
                .bind(id)
                .fetch_optional(db)
                .await?
                .flatten()
        }
        CallerKind::Staff => {
            sqlx::query_scalar("SELECT name FROM staff WHERE id = ?")
                .bind(id)
                .fetch_optional(db)
                .await?
        }
        CallerKind::Kiosk => {
            sqlx::query_scalar("SELECT centre FROM devices WHERE id = ?")
                .bind(id)
                .fetch_optional(db)
                .await?
        }
    };
    Ok(Subject {
        kind: subject_kind(kind),
        id: id.to_owned(),
        name: name.unwrap_or_default(),
    })
}

pub(crate) async fn resident_exists(db: &SqlitePool, id: &str) -> Result<bool, ApiProblem> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM residents WHERE id = ?")
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(found.is_some())
}

async fn signed_in(
    db: &SqlitePool,
    kind: CallerKind,
    id: &str,
    ttl: Duration,
) -> Result<Json<SignedIn>, ApiProblem> {
    let (token, expires_at) = auth::issue_session(db, kind, id, ttl).await?;
    Ok(Json(SignedIn {
        token,
        expires_at,
        subject: subject(db, kind, id).await?,
    }))
}

/// A random code of `OTP_LENGTH` digits, uniform (rejection sampling), from the OS generator.
fn random_code() -> String {
    const RANGE: u32 = 1_000_000;
    let limit = u32::MAX - u32::MAX % RANGE;
    loop {
        let n = OsRng.next_u32();
        if n < limit {
            return format!("{:06}", n % RANGE);
        }
    }
}

fn invalid_mobile() -> ApiProblem {
    problem(
        StatusCode::UNPROCESSABLE_ENTITY,
        problem_types::INVALID_REQUEST,
        "Not a mainland mobile number",
        Message::new("error-mobile-format"),
    )
}

/// `POST /v1/sign-in/otp`
pub(crate) async fn request_otp(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Response, ApiProblem> {
    let request: OtpRequest = parse_json(&body)?;
    let mobile = bianmin_forms::normalize_mobile(&bianmin_forms::fold_width(&request.mobile))
        .ok_or_else(invalid_mobile)?;
    let now = OffsetDateTime::now_utc();
    let id = uuid::Uuid::new_v4().to_string();
    let code = random_code();
    let expires_at = utc(now + OTP_TTL)?;
    let _write = state.write_lock.lock().await;
    let mut tx = state.db.begin().await?;
    // Write first (the transaction never upgrades a read lock): day-old rows go.
    sqlx::query("DELETE FROM otp_challenges WHERE created_at <= ?")
        .bind(utc(now - Duration::days(1))?)
        .execute(&mut *tx)
        .await?;
    let window_start = utc(now - OTP_WINDOW)?;
    let recent: Vec<String> = sqlx::query_scalar(
        "SELECT created_at FROM otp_challenges WHERE mobile = ? AND created_at > ? ORDER BY created_at",
    )
    .bind(&mobile)
    .bind(&window_start)
    .fetch_all(&mut *tx)
    .await?;
    if recent.len() >= OTP_PER_WINDOW {
        tx.commit().await?;
        // The oldest code of the window leaves it first.
        let wait = recent
            .first()
            .and_then(|t| parse_time(t).ok())
            .map(|t| (t + OTP_WINDOW - now).whole_seconds().max(1))
            .unwrap_or(60);
        let mut response = problem(
            StatusCode::TOO_MANY_REQUESTS,
            problem_types::TOO_MANY_REQUESTS,
            "Too many codes were sent to this number",
            Message::new("error-sign-in-code-too-often").arg("minutes", (wait + 59) / 60),
        )
        .into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return Ok(response);
    }
    sqlx::query("UPDATE otp_challenges SET used = 1 WHERE mobile = ?")
        .bind(&mobile)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO otp_challenges (id, mobile, code, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&mobile)
    .bind(&code)
    .bind(utc(now)?)
    .bind(&expires_at)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    // A real backend sends the code by SMS here (and by a voice call on request).
    Ok((
        StatusCode::CREATED,
        Json(OtpChallenge {
            challenge_id: id,
            expires_at,
            length: OTP_LENGTH,
            practice_code: state.practice.then_some(code),
        }),
    )
        .into_response())
}

fn code_dead(message: &str) -> ApiProblem {
    problem(
        StatusCode::GONE,
        problem_types::SIGN_IN_CODE_DEAD,
        "This code can no longer be used: ask for a new one",
        Message::new(message),
    )
}

/// `POST /v1/sign-in/otp/verify`
pub(crate) async fn verify_otp(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<SignedIn>, ApiProblem> {
    let request: OtpVerify = parse_json(&body)?;
    let typed: String = bianmin_forms::fold_width(&request.code)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let now = utc(OffsetDateTime::now_utc())?;
    let _write = state.write_lock.lock().await;
    // Count the try before comparing: parallel guesses cannot exceed the limit.
    let claimed: Option<(String, String, i64)> = sqlx::query_as(
        "UPDATE otp_challenges SET wrong_tries = wrong_tries + 1
         WHERE id = ? AND used = 0 AND wrong_tries < ? AND expires_at > ?
         RETURNING code, mobile, wrong_tries",
    )
    .bind(&request.challenge_id)
    .bind(OTP_MAX_WRONG)
    .bind(&now)
    .fetch_optional(&state.db)
    .await?;
    let Some((code, mobile, tries)) = claimed else {
        let wrong: Option<i64> =
            sqlx::query_scalar("SELECT wrong_tries FROM otp_challenges WHERE id = ?")
                .bind(&request.challenge_id)
                .fetch_optional(&state.db)
                .await?;
        return Err(match wrong {
            Some(n) if n >= OTP_MAX_WRONG => code_dead("error-sign-in-code-too-many-tries"),
            _ => code_dead("error-sign-in-code-expired"),
        });
    };
    let matches: bool = code.as_bytes().ct_eq(typed.as_bytes()).into();
    if !matches {
        let left = OTP_MAX_WRONG - tries;
        if left <= 0 {
            return Err(code_dead("error-sign-in-code-too-many-tries"));
        }
        return Err(problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            problem_types::SIGN_IN_CODE_WRONG,
            "The code is not right",
            Message::new("error-sign-in-code-wrong").arg("attemptsLeft", left),
        ));
    }
    let used = sqlx::query(
        "UPDATE otp_challenges SET used = 1, wrong_tries = wrong_tries - 1 WHERE id = ? AND used = 0",
    )
    .bind(&request.challenge_id)
    .execute(&state.db)
    .await?;
    if used.rows_affected() != 1 {
        return Err(code_dead("error-sign-in-code-expired"));
    }
    // A number seen for the first time registers a resident with an empty profile.
    let resident_id = format!("r-{}", uuid::Uuid::new_v4().simple());
    sqlx::query(
        "INSERT INTO residents (id, mobile, profile, created_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (mobile) DO NOTHING",
    )
    .bind(&resident_id)
    .bind(&mobile)
    .bind(stored_profile(&Profile::default())?)
    .bind(&now)
    .execute(&state.db)
    .await?;
    let id: String = sqlx::query_scalar("SELECT id FROM residents WHERE mobile = ?")
        .bind(&mobile)
        .fetch_one(&state.db)
        .await?;
    signed_in(&state.db, CallerKind::Resident, &id, RESIDENT_SESSION).await
}

fn sign_in_failed(message: &str) -> ApiProblem {
    problem(
        StatusCode::UNAUTHORIZED,
        problem_types::SIGN_IN_FAILED,
        "Sign-in refused",
        Message::new(message),
    )
}

/// A PHC string no password matches, verified when the staff id is unknown so that the answer
/// takes as long as for a known id.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$gI3YCW7pdyg7hPp4geK90A$1/3/v+cT1hUOYargcVgrCw63roDkY5rQfzYJzOp2CJQ";

/// `POST /v1/sign-in/staff`
pub(crate) async fn staff_sign_in(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<Json<SignedIn>, ApiProblem> {
    let request: StaffSignIn = parse_json(&body)?;
    let stored: Option<String> = sqlx::query_scalar("SELECT password_hash FROM staff WHERE id = ?")
        .bind(request.staff_id.trim())
        .fetch_optional(&state.db)
        .await?;
    let known = stored.is_some();
    let hash = stored.unwrap_or_else(|| DUMMY_HASH.to_owned());
    let password = request.password.clone();
    let verified = tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .map_err(ApiProblem::internal)?;
    if !(known && verified) {
        return Err(sign_in_failed("error-staff-sign-in-failed"));
    }
    let _write = state.write_lock.lock().await;
    signed_in(
        &state.db,
        CallerKind::Staff,
        request.staff_id.trim(),
        STAFF_SESSION,
    )
    .await
}

/// `POST /v1/devices`: registers (or re-registers) a kiosk device and signs it in.
pub(crate) async fn register_device(
    State(state): State<AppState>,
    body: Bytes,
) -> Result<(StatusCode, Json<SignedIn>), ApiProblem> {
    let request: DeviceRegistration = parse_json(&body)?;
    let device_id = request.device_id.trim();
    if device_id.is_empty() || device_id.len() > 128 {
        return Err(problem(
            StatusCode::UNPROCESSABLE_ENTITY,
            problem_types::INVALID_REQUEST,
            "A device id has 1 to 128 characters",
            Message::new("error-invalid-request"),
        ));
    }
    let code_sha = hex::encode(Sha256::digest(request.registration_code.trim().as_bytes()));
    let centre: Option<String> =
        sqlx::query_scalar("SELECT centre FROM device_registration_codes WHERE code_sha256 = ?")
            .bind(&code_sha)
            .fetch_optional(&state.db)
            .await?;
    let centre = centre.ok_or_else(|| sign_in_failed("error-device-registration-refused"))?;
    let _write = state.write_lock.lock().await;
    sqlx::query(
        "INSERT INTO devices (id, centre, registered_at) VALUES (?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET centre = excluded.centre, registered_at = excluded.registered_at",
    )
    .bind(device_id)
    .bind(&centre)
    .bind(utc(OffsetDateTime::now_utc())?)
    .execute(&state.db)
    .await?;
    let signed = signed_in(&state.db, CallerKind::Kiosk, device_id, KIOSK_SESSION).await?;
    Ok((StatusCode::CREATED, signed))
}

/// `POST /v1/sign-out`: ends the caller's session; the token is refused from now on.
pub(crate) async fn sign_out(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<StatusCode, ApiProblem> {
    let _write = state.write_lock.lock().await;
    auth::end_session(&state.db, &caller).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// `GET /v1/me`
pub(crate) async fn me(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Me>, ApiProblem> {
    // Signed out by a parallel request since the token was checked: as if it never was.
    let expires_at: String =
        sqlx::query_scalar("SELECT expires_at FROM sessions WHERE token_sha256 = ?")
            .bind(&caller.session)
            .fetch_optional(&state.db)
            .await?
            .ok_or_else(|| {
                ApiProblem::new(
                    StatusCode::UNAUTHORIZED,
                    problem_types::UNAUTHORIZED,
                    "The bearer token is not known",
                    Message::new("error-signed-out"),
                )
            })?;
    Ok(Json(Me {
        subject: subject(&state.db, caller.kind, &caller.subject).await?,
        expires_at,
    }))
}

/// The profile as stored: without the fields filled at read time.
fn stored_profile(profile: &Profile) -> Result<String, ApiProblem> {
    let mut stored = profile.clone();
    stored.resident_id = String::new();
    stored.mobile = None;
    stored.prefill = BTreeMap::new();
    serde_json::to_string(&stored).map_err(ApiProblem::internal)
}

/// The prefill values of a profile, by the codes form items name (`prefill` extension).
pub(crate) fn prefill_of(profile: &Profile) -> BTreeMap<String, String> {
    let mut prefill = BTreeMap::new();
    let mut put = |code: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            prefill.insert(code.to_owned(), v);
        }
    };
    put("name", profile.name.clone());
    put("idNumber", profile.id_number.clone());
    put("mobile", profile.mobile.clone());
    put("address", profile.address.clone());
    put("birthDate", profile.birth_date.clone());
    put("gender", profile.gender.clone());
    put(
        "householdRegistration",
        profile.household_registration.clone(),
    );
    put("hukouType", profile.hukou_type.clone());
    put(
        "disabilityCertificateNumber",
        profile
            .disability_certificate
            .as_ref()
            .map(|d| d.number.clone()),
    );
    put(
        "disabilityLevel",
        profile
            .disability_certificate
            .as_ref()
            .map(|d| d.level.to_string()),
    );
    put("bankCardLast4", profile.bank_card_last4.clone());
    prefill
}

fn resident_of(caller: &Caller) -> Result<&str, ApiProblem> {
    caller.resident_id().ok_or_else(forbidden)
}

/// `GET /v1/profile`
pub(crate) async fn profile(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<Profile>, ApiProblem> {
    let id = resident_of(&caller)?;
    let (mobile, stored): (String, String) =
        sqlx::query_as("SELECT mobile, profile FROM residents WHERE id = ?")
            .bind(id)
            .fetch_optional(&state.db)
            .await?
            .ok_or_else(ApiProblem::not_found)?;
    let mut profile: Profile = serde_json::from_str(&stored).map_err(ApiProblem::internal)?;
    profile.resident_id = id.to_owned();
    profile.mobile = Some(mobile);
    profile.prefill = prefill_of(&profile);
    Ok(Json(profile))
}

/// `GET /v1/e-licences`
pub(crate) async fn e_licences(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<ELicenceList>, ApiProblem> {
    let id = resident_of(&caller)?;
    let bodies: Vec<String> =
        sqlx::query_scalar("SELECT body FROM e_licences WHERE resident_id = ? ORDER BY type_code")
            .bind(id)
            .fetch_all(&state.db)
            .await?;
    let items = bodies
        .iter()
        .map(|b| serde_json::from_str(b))
        .collect::<Result<Vec<ELicence>, _>>()
        .map_err(ApiProblem::internal)?;
    Ok(Json(ELicenceList { items }))
}

// ---- demo people -------------------------------------------------------------------------

const PEOPLE: &str = include_str!("../demo/people.json");

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct People {
    residents: Vec<DemoResident>,
    staff: Vec<DemoStaff>,
    device_registration_codes: Vec<DemoDeviceCode>,
    delegations: Vec<DemoDelegation>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DemoResident {
    id: String,
    mobile: String,
    profile: serde_json::Value,
    e_licences: Vec<DemoLicence>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DemoLicence {
    type_code: String,
    name: LocalizedText,
    number: String,
    issued_by: LocalizedText,
    valid_until: Option<String>,
    /// A validity relative to the day of seeding (for "expires soon" stories).
    valid_for_days: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DemoStaff {
    id: String,
    name: String,
    centre: String,
    /// argon2id PHC string of the documented practice password.
    password_hash: String,
}

#[derive(Deserialize)]
struct DemoDeviceCode {
    code: String,
    centre: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DemoDelegation {
    id: String,
    principal_id: String,
    agent_id: String,
    scope: DelegationScope,
    valid_for_days: i64,
    evidence: Option<Evidence>,
    consent: bianmin_api::ConsentMethod,
    witness_staff_id: Option<String>,
}

fn demo_error(what: &str, e: impl std::fmt::Display) -> ServerError {
    ServerError::DemoData(format!("{what}: {e}"))
}

/// Loads the demo residents, staff, kiosk registration code and delegations. Demo residents'
/// profiles and e-licences are refreshed at every open; residents who registered by sign-in,
/// and delegations once created, are kept.
pub(crate) async fn seed(db: &SqlitePool) -> Result<(), ServerError> {
    let people: People = serde_json::from_str(PEOPLE).map_err(|e| demo_error("people.json", e))?;
    let now = OffsetDateTime::now_utc();
    let fmt = |t: OffsetDateTime| utc(t).map_err(|_| demo_error("people.json", "time"));
    let today = now.date();
    let mut tx = db.begin().await?;
    for r in &people.residents {
        let mut fields = r.profile.clone();
        if let Some(map) = fields.as_object_mut() {
            map.insert("residentId".into(), r.id.clone().into());
            map.insert("prefill".into(), serde_json::json!({}));
        }
        let profile: Profile = serde_json::from_value(fields).map_err(|e| demo_error(&r.id, e))?;
        if let Some(id) = &profile.id_number {
            bianmin_forms::resident_id::check(id, today)
                .map_err(|e| demo_error(&r.id, format!("{e:?}")))?;
        }
        if bianmin_forms::normalize_mobile(&r.mobile).as_deref() != Some(r.mobile.as_str()) {
            return Err(demo_error(&r.id, "mobile"));
        }
        let stored = stored_profile(&profile).map_err(|_| demo_error(&r.id, "profile"))?;
        sqlx::query(
            "INSERT INTO residents (id, mobile, profile, created_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET mobile = excluded.mobile, profile = excluded.profile",
        )
        .bind(&r.id)
        .bind(&r.mobile)
        .bind(stored)
        .bind(fmt(now)?)
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM e_licences WHERE resident_id = ?")
            .bind(&r.id)
            .execute(&mut *tx)
            .await?;
        for l in &r.e_licences {
            let valid_until = match (l.valid_for_days, &l.valid_until) {
                (Some(days), _) => Some((today + Duration::days(days)).to_string()),
                (None, v) => v.clone(),
            };
            let licence = ELicence {
                type_code: l.type_code.clone(),
                name: l.name.clone(),
                number: l.number.clone(),
                issued_by: l.issued_by.clone(),
                valid_until,
            };
            sqlx::query("INSERT INTO e_licences (resident_id, type_code, body) VALUES (?, ?, ?)")
                .bind(&r.id)
                .bind(&l.type_code)
                .bind(serde_json::to_string(&licence).map_err(|e| demo_error(&r.id, e))?)
                .execute(&mut *tx)
                .await?;
        }
    }
    for s in &people.staff {
        PasswordHash::new(&s.password_hash).map_err(|e| demo_error(&s.id, e))?;
        sqlx::query(
            "INSERT INTO staff (id, name, centre, password_hash) VALUES (?, ?, ?, ?)
             ON CONFLICT (id) DO UPDATE SET name = excluded.name, centre = excluded.centre,
             password_hash = excluded.password_hash",
        )
        .bind(&s.id)
        .bind(&s.name)
        .bind(&s.centre)
        .bind(&s.password_hash)
        .execute(&mut *tx)
        .await?;
    }
    for c in &people.device_registration_codes {
        sqlx::query(
            "INSERT OR REPLACE INTO device_registration_codes (code_sha256, centre) VALUES (?, ?)",
        )
        .bind(hex::encode(Sha256::digest(c.code.as_bytes())))
        .bind(&c.centre)
        .execute(&mut *tx)
        .await?;
    }
    for d in &people.delegations {
        let witness = d.witness_staff_id.clone();
        sqlx::query(
            "INSERT OR IGNORE INTO delegations (id, principal_id, agent_id, scope, valid_from, valid_to,
             evidence, consent, witness_staff_id, created_by_kind, created_by_id, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'staff', ?, ?)",
        )
        .bind(&d.id)
        .bind(&d.principal_id)
        .bind(&d.agent_id)
        .bind(serde_json::to_string(&d.scope).map_err(|e| demo_error(&d.id, e))?)
        .bind(fmt(now)?)
        .bind(fmt(now + Duration::days(d.valid_for_days))?)
        .bind(
            d.evidence
                .as_ref()
                .map(serde_json::to_string)
                .transpose()
                .map_err(|e| demo_error(&d.id, e))?,
        )
        .bind(crate::delegations::consent_str(d.consent))
        .bind(&witness)
        .bind(witness.clone().unwrap_or_default())
        .bind(fmt(now)?)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
