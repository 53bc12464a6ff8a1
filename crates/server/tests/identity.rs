#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Sign-in over real HTTP: residents by mobile number and one-time code, staff by password,
//! kiosk devices by registration code; sessions, sign-out, expiry; profile and e-licences of the
//! demo residents.

mod support;

use bianmin_api::{ELicenceList, Me, OtpChallenge, Profile, SignedIn, SubjectKind};
use reqwest::StatusCode;
use support::{ends_with, problem, raw_db, start, start_with};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

fn minutes_from_now(rfc3339: &str) -> i64 {
    (OffsetDateTime::parse(rfc3339, &Rfc3339).unwrap() - OffsetDateTime::now_utc()).whole_minutes()
}

#[tokio::test]
async fn a_resident_signs_in_with_a_pasted_code_once() {
    let s = start().await;
    let challenge = s.challenge("138 0000 0001").await;
    assert_eq!(challenge.length, 6);
    let code = challenge.practice_code.clone().unwrap();
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()));
    assert!((4..=5).contains(&minutes_from_now(&challenge.expires_at)));

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let (status, p) = problem(s.verify(&challenge.challenge_id, wrong).await).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(ends_with(&p, "sign-in-code-wrong"));
    assert_eq!(p.message.id, "error-sign-in-code-wrong");
    assert_eq!(p.message.args["attemptsLeft"], "4");

    // Pasted with spaces, as an SMS shows it.
    let spaced = format!("{} {}", &code[..3], &code[3..]);
    let response = s.verify(&challenge.challenge_id, &spaced).await;
    assert_eq!(response.status(), StatusCode::OK);
    let signed: SignedIn = response.json().await.unwrap();
    assert_eq!(signed.subject.kind, SubjectKind::Resident);
    assert_eq!(signed.subject.id, "r-0001");
    assert_eq!(signed.subject.name, "王秀英");
    assert!((29..=30).contains(&minutes_from_now(&signed.expires_at)));

    let me: Me = s.get("/v1/me", &signed.token).await.json().await.unwrap();
    assert_eq!(me.subject, signed.subject);

    // A code works once.
    let (status, p) = problem(s.verify(&challenge.challenge_id, &code).await).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(p.message.id, "error-sign-in-code-expired");
}

#[tokio::test]
async fn five_wrong_tries_kill_the_code_even_for_the_right_one() {
    let s = start().await;
    let challenge = s.challenge("13800000004").await;
    let code = challenge.practice_code.clone().unwrap();
    let wrong = if code == "999999" { "888888" } else { "999999" };
    for left in (1..=4).rev() {
        let (status, p) = problem(s.verify(&challenge.challenge_id, wrong).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(p.message.args["attemptsLeft"], left.to_string());
    }
    let (status, p) = problem(s.verify(&challenge.challenge_id, wrong).await).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(ends_with(&p, "sign-in-code-dead"));
    assert_eq!(p.message.id, "error-sign-in-code-too-many-tries");
    let (status, p) = problem(s.verify(&challenge.challenge_id, &code).await).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(p.message.id, "error-sign-in-code-too-many-tries");

    // A new code works; asking for it killed nothing but the old one.
    let signed = s.resident("13800000004").await;
    assert_eq!(signed.subject.name, "陈建国");
}

#[tokio::test]
async fn parallel_guesses_cannot_exceed_five_tries() {
    let s = start().await;
    let challenge = s.challenge("13800000005").await;
    let code = challenge.practice_code.clone().unwrap();
    let mut guesses = tokio::task::JoinSet::new();
    for i in 0..20u32 {
        let guess = format!("{:06}", (code.parse::<u32>().unwrap() + 1 + i) % 1_000_000);
        let (http, url) = (s.http.clone(), s.url("/v1/sign-in/otp/verify"));
        let id = challenge.challenge_id.clone();
        guesses.spawn(async move {
            http.post(url)
                .json(&serde_json::json!({ "challengeId": id, "code": guess }))
                .send()
                .await
                .unwrap()
                .status()
        });
    }
    let statuses = guesses.join_all().await;
    let wrong = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY)
        .count();
    assert_eq!(wrong, 4, "{statuses:?}");
    assert_eq!(
        statuses.iter().filter(|s| **s == StatusCode::GONE).count(),
        16
    );
    assert_eq!(
        s.verify(&challenge.challenge_id, &code).await.status(),
        StatusCode::GONE
    );
}

#[tokio::test]
async fn an_expired_code_and_an_unknown_challenge_ask_for_a_new_code() {
    let s = start().await;
    let challenge = s.challenge("13800000002").await;
    let db = raw_db(&s.db_path).await;
    sqlx::query("UPDATE otp_challenges SET expires_at = '2020-01-01T00:00:00Z'")
        .execute(&db)
        .await
        .unwrap();
    let (status, p) = problem(
        s.verify(&challenge.challenge_id, &challenge.practice_code.unwrap())
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(p.message.id, "error-sign-in-code-expired");
    let (status, _) = problem(s.verify("no-such-challenge", "123456").await).await;
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn the_standalone_server_never_returns_the_code() {
    let s = start_with(bianmin_server::ServerConfig::default()).await;
    let challenge: OtpChallenge = s.challenge("13800000001").await;
    assert_eq!(challenge.practice_code, None);
    let raw = s
        .http
        .post(s.url("/v1/sign-in/otp"))
        .json(&serde_json::json!({"mobile": "13800000001"}))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!raw.contains("practiceCode"), "{raw}");
}

#[tokio::test]
async fn codes_are_random() {
    let s = start().await;
    let mut codes = std::collections::BTreeSet::new();
    for n in 0..10 {
        let mobile = format!("1391000000{n}");
        codes.insert(s.challenge(&mobile).await.practice_code.unwrap());
    }
    assert!(codes.len() >= 8, "{codes:?}");
}

#[tokio::test]
async fn a_new_code_kills_the_old_one_and_a_number_gets_five_codes_in_15_minutes() {
    let s = start().await;
    let first = s.challenge("13800000003").await;
    let mut last = first.clone();
    for _ in 1..5 {
        last = s.challenge("13800000003").await;
    }
    let (status, p) = problem(
        s.verify(&first.challenge_id, first.practice_code.as_deref().unwrap())
            .await,
    )
    .await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(p.message.id, "error-sign-in-code-expired");

    let sixth = s
        .http
        .post(s.url("/v1/sign-in/otp"))
        .json(&serde_json::json!({"mobile": "13800000003"}))
        .send()
        .await
        .unwrap();
    let wait: i64 = sixth.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&wait), "{wait}");
    let (status, p) = problem(sixth).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert!(ends_with(&p, "too-many-requests"));
    assert_eq!(p.message.id, "error-sign-in-code-too-often");
    assert_eq!(p.message.args["minutes"], "15");
    // The newest code still works, and other numbers are not held up.
    let response = s
        .verify(&last.challenge_id, last.practice_code.as_deref().unwrap())
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    s.challenge("13800000004").await;
}

#[tokio::test]
async fn an_unknown_mobile_number_registers_a_resident_with_an_empty_profile() {
    let s = start().await;
    let first = s.resident("+86 139-1234-5678").await;
    assert!(first.subject.id.starts_with("r-"));
    assert_eq!(first.subject.name, "");
    let profile: Profile = s
        .get("/v1/profile", &first.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(profile.mobile.as_deref(), Some("13912345678"));
    assert_eq!(profile.name, None);
    assert_eq!(profile.prefill.len(), 1);
    assert_eq!(profile.prefill["mobile"], "13912345678");
    let licences: ELicenceList = s
        .get("/v1/e-licences", &first.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(licences.items.is_empty());
    // The same number is the same resident next time.
    let again = s.resident("13912345678").await;
    assert_eq!(again.subject.id, first.subject.id);

    for bad in ["12345", "23800000001", "1380000000x"] {
        let (status, p) = problem(
            s.http
                .post(s.url("/v1/sign-in/otp"))
                .json(&serde_json::json!({ "mobile": bad }))
                .send()
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        assert_eq!(p.message.id, "error-mobile-format");
    }
}

#[tokio::test]
async fn the_demo_residents_tell_their_stories() {
    let s = start().await;
    let today = OffsetDateTime::now_utc().date();
    let mut profiles = Vec::new();
    for n in 1..=6 {
        let signed = s.resident(&format!("1380000000{n}")).await;
        let profile: Profile = s
            .get("/v1/profile", &signed.token)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(profile.resident_id, format!("r-000{n}"));
        if let Some(id) = &profile.id_number {
            bianmin_forms::resident_id::check(id, today).unwrap();
            // The birth date and gender agree with the number.
            let birth = profile.birth_date.as_deref().unwrap().replace('-', "");
            assert_eq!(&id[6..14], birth);
            let odd = (id.as_bytes()[16] - b'0') % 2 == 1;
            assert_eq!(
                profile.gender.as_deref(),
                Some(if odd { "male" } else { "female" })
            );
        }
        let licences: ELicenceList = s
            .get("/v1/e-licences", &signed.token)
            .await
            .json()
            .await
            .unwrap();
        profiles.push((profile, licences));
    }
    // An 82-year-old living alone: every prefill code the demo forms use is there.
    let (wang, _) = &profiles[0];
    let age = today.year() - 1944;
    assert!((81..=83).contains(&age));
    for code in ["name", "idNumber", "mobile", "address"] {
        assert!(wang.prefill.contains_key(code), "{code}");
    }
    assert_eq!(wang.prefill["name"], "王秀英");
    // A son with a disability certificate.
    let (zhang, zhang_licences) = &profiles[2];
    let certificate = zhang.disability_certificate.as_ref().unwrap();
    assert_eq!(certificate.level, 2);
    assert!(certificate
        .number
        .starts_with(zhang.id_number.as_deref().unwrap()));
    assert_eq!(zhang.prefill["disabilityLevel"], "2");
    assert!(zhang_licences
        .items
        .iter()
        .any(|l| l.type_code == "disability-certificate"));
    // An ID card that expires within a month.
    let (_, zhao_licences) = &profiles[4];
    let card = zhao_licences
        .items
        .iter()
        .find(|l| l.type_code == "resident-id-card")
        .unwrap();
    let until = bianmin_forms::parse_iso_date(card.valid_until.as_deref().unwrap()).unwrap();
    assert!(until > today && until - today <= time::Duration::days(30));
    // And one the government knows nothing about.
    let (liu, liu_licences) = &profiles[5];
    assert_eq!(liu.name, None);
    assert_eq!(liu.id_number, None);
    assert!(liu_licences.items.is_empty());
}

#[tokio::test]
async fn staff_sign_in_with_their_password() {
    let s = start().await;
    let response = s.staff("S1001", "bianmin-practice-1").await;
    assert_eq!(response.status(), StatusCode::OK);
    let signed: SignedIn = response.json().await.unwrap();
    assert_eq!(signed.subject.kind, SubjectKind::Staff);
    assert_eq!(signed.subject.name, "周丽");
    let hours = minutes_from_now(&signed.expires_at) / 60;
    assert!((7..=8).contains(&hours));
    for (id, password) in [
        ("S1001", "bianmin-practice-2"),
        ("S9999", "bianmin-practice-1"),
    ] {
        let (status, p) = problem(s.staff(id, password).await).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert!(ends_with(&p, "sign-in-failed"));
        assert_eq!(p.message.id, "error-staff-sign-in-failed");
    }
    // Staff have no resident profile.
    let (status, p) = problem(s.get("/v1/profile", &signed.token).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(p.message.id, "error-forbidden");
    // The hash is stored, never the password.
    let db = raw_db(&s.db_path).await;
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM staff WHERE id = 'S1001'")
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$"));
    assert!(!hash.contains("bianmin-practice"));
}

#[tokio::test]
async fn a_kiosk_registers_for_thirty_days() {
    let s = start().await;
    let register = |code: &'static str| {
        s.http
            .post(s.url("/v1/devices"))
            .json(&serde_json::json!({ "deviceId": "kiosk-dongsi-01", "registrationCode": code }))
            .send()
    };
    let response = register("KIOSK-DEMO-2026").await.unwrap();
    assert_eq!(response.status(), StatusCode::CREATED);
    let signed: SignedIn = response.json().await.unwrap();
    assert_eq!(signed.subject.kind, SubjectKind::Kiosk);
    assert_eq!(signed.subject.id, "kiosk-dongsi-01");
    let days = minutes_from_now(&signed.expires_at) / (60 * 24);
    assert!((29..=30).contains(&days));
    let (status, p) = problem(register("WRONG").await.unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(p.message.id, "error-device-registration-refused");
    let (status, _) = problem(s.get("/v1/e-licences", &signed.token).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn sign_out_ends_the_session_and_an_old_session_has_expired() {
    let s = start().await;
    let signed = s.resident("13800000001").await;
    assert_eq!(
        s.get("/v1/me", &signed.token).await.status(),
        StatusCode::OK
    );
    let out = s
        .post("/v1/sign-out", &signed.token, &serde_json::json!({}))
        .await;
    assert_eq!(out.status(), StatusCode::NO_CONTENT);
    let (status, p) = problem(s.get("/v1/me", &signed.token).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(ends_with(&p, "unauthorized"));

    let other = s.resident("13800000001").await;
    let db = raw_db(&s.db_path).await;
    sqlx::query("UPDATE sessions SET expires_at = '2020-01-01T00:00:00Z'")
        .execute(&db)
        .await
        .unwrap();
    let (status, p) = problem(s.get("/v1/profile", &other.token).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(ends_with(&p, "session-expired"));
    assert_eq!(p.message.id, "error-session-expired");
}

#[tokio::test]
async fn malformed_bodies_are_problems() {
    let s = start().await;
    for path in [
        "/v1/sign-in/otp",
        "/v1/sign-in/otp/verify",
        "/v1/sign-in/staff",
        "/v1/devices",
    ] {
        for body in ["", "not json", "{\"mobile\": 5}", "[]"] {
            let response = s
                .http
                .post(s.url(path))
                .header("Content-Type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            let (status, p) = problem(response).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {body}");
            assert!(ends_with(&p, "invalid-request"));
        }
    }
}
