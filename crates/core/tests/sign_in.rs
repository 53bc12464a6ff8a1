#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Signing in with a one-time code, prefill from the records, signing out, and a session that
//! ends while something waits in the outbox: over real HTTP against the reference server (in
//! practice mode, so the code comes back in the challenge), a real SQLite file and a REAL Secret
//! Service (gnome-keyring) holding the session.
//!
//! `./dev test` runs cargo test under `dbus-run-session` with an unlocked gnome-keyring; by hand:
//! `dbus-run-session -- bash -c 'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; cargo test -p bianmin-core --test sign_in'`.
//! Without a session bus these tests say they were skipped (they cannot pass or fail), unless
//! `BIANMIN_REQUIRE_KEYRING` is set.

use bianmin_core::{BackendClient, Bianmin, CoreError, KeyStore, KeyringKeyStore, Store, UiError};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

/// 王秀英 of docs/practice-people.md: name, ID number and mobile on record.
const WANG_MOBILE: &str = "138 0000 0001";
/// 刘洋: nothing on record but the mobile number he signs in with.
const LIU_MOBILE: &str = "13800000006";

fn has_secret_service() -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return true;
    }
    assert!(
        std::env::var_os("BIANMIN_REQUIRE_KEYRING").is_none(),
        "no D-Bus session: run under dbus-run-session with an unlocked gnome-keyring"
    );
    eprintln!("SKIPPED: no D-Bus session (run under dbus-run-session with gnome-keyring)");
    false
}

/// A keyring entry of the test's own, never the app's.
fn test_keys() -> Arc<KeyringKeyStore> {
    let entry = format!("test-{}", uuid::Uuid::new_v4());
    Arc::new(KeyringKeyStore::with_entry("cn.bianmin.app.test", &entry))
}

async fn server(dir: &Path) -> bianmin_server::RunningServer {
    bianmin_server::spawn_configured(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.join("server.sqlite"),
        bianmin_server::ServerConfig {
            practice: true,
            admin: true,
            ..bianmin_server::ServerConfig::default()
        },
    )
    .await
    .unwrap()
}

async fn app(dir: &Path, backend: &str, keys: Arc<KeyringKeyStore>) -> Bianmin {
    Bianmin::new(
        Store::open(&dir.join("app.sqlite"), keys.as_ref())
            .await
            .unwrap(),
        BackendClient::new(backend).unwrap(),
        true,
    )
    .with_key_store(keys)
}

/// The session as the keyring holds it.
fn kept_session(keys: &KeyringKeyStore) -> Option<bianmin_api::SignedIn> {
    keys.session_secret()
        .unwrap()
        .map(|b| serde_json::from_slice(&b).unwrap())
}

fn file_bytes(dir: &Path) -> Vec<u8> {
    let mut bytes = std::fs::read(dir.join("app.sqlite")).unwrap();
    bytes.extend(std::fs::read(dir.join("app.sqlite-wal")).unwrap_or_default());
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

async fn sign_in(app: &Bianmin, mobile: &str) -> bianmin_core::view::Account {
    let challenge = app.request_sign_in_code(mobile).await.unwrap();
    let code = challenge
        .practice_code
        .expect("practice mode shows the code");
    // Pasted with a space in the middle, as from an SMS: fine.
    let pasted = format!("{} {}", &code[..3], &code[3..]);
    app.sign_in(&challenge.challenge_id, &pasted).await.unwrap()
}

fn refused_about(e: CoreError, field: &str) -> bianmin_api::Message {
    let ui = UiError::from(&e);
    assert_eq!(ui.kind, bianmin_core::ErrorKind::Invalid, "{e}");
    assert_eq!(ui.fields.len(), 1, "{e}");
    assert_eq!(ui.fields[0].link_id, field);
    ui.message
}

#[tokio::test]
async fn a_resident_signs_in_with_the_code_confirms_what_the_records_hold_and_signs_out() {
    if !has_secret_service() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let keys = test_keys();
    let app = app(dir.path(), &server.base_url(), keys.clone()).await;
    assert!(app.signed_in().await.unwrap().account.is_none());

    // No number, a mistyped one: refused about the field, with the app's or the backend's words.
    let empty = app.request_sign_in_code("  ").await.unwrap_err();
    assert_eq!(
        refused_about(empty, "mobile").id,
        "error-sign-in-mobile-required"
    );
    let typo = app.request_sign_in_code("1380000").await.unwrap_err();
    assert_eq!(refused_about(typo, "mobile").id, "error-mobile-format");

    // A wrong code says how many tries are left; nothing is kept.
    let challenge = app.request_sign_in_code(WANG_MOBILE).await.unwrap();
    assert_eq!(challenge.length, 6);
    let code = challenge.practice_code.clone().unwrap();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let e = app
        .sign_in(&challenge.challenge_id, wrong)
        .await
        .unwrap_err();
    let message = refused_about(e, "code");
    assert_eq!(message.id, "error-sign-in-code-wrong");
    assert!(message.args.contains_key("attemptsLeft"), "{message:?}");
    assert!(kept_session(&keys).is_none());

    // A code replaced by a newer one is dead: ask for a new one.
    let newer = app.request_sign_in_code(WANG_MOBILE).await.unwrap();
    let e = app
        .sign_in(&challenge.challenge_id, &code)
        .await
        .unwrap_err();
    assert_eq!(refused_about(e, "code").id, "error-sign-in-code-expired");

    // The right code, pasted with full-width digits and a space.
    let full_width: String = newer
        .practice_code
        .clone()
        .unwrap()
        .chars()
        .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap())
        .collect();
    let account = app
        .sign_in(&newer.challenge_id, &format!(" {full_width} "))
        .await
        .unwrap();
    assert_eq!(account.name, "王秀英");
    let kept = kept_session(&keys).expect("the session is in the keyring");
    assert_eq!(kept.subject.id, "r-0001");
    let state = app.signed_in().await.unwrap();
    assert_eq!(state.account.unwrap().name, "王秀英");
    assert!(state.ended.is_none());

    // The old-age allowance comes prefilled from the records, each answer marked.
    let draft = app.start_application("elderly-allowance").await.unwrap();
    let prefilled: Vec<_> = draft
        .questions
        .iter()
        .filter(|q| q.prefilled)
        .map(|q| q.link_id.as_str())
        .collect();
    assert_eq!(
        prefilled,
        ["applicant-name", "applicant-id-number", "contact-mobile"]
    );
    assert_eq!(draft.answers["applicant-name"], ["王秀英"]);
    let id_number = draft.answers["applicant-id-number"][0].clone();
    assert_eq!(id_number.len(), 18);
    assert_eq!(draft.answers["contact-mobile"], ["13800000001"]);

    // Confirming keeps the mark; changing an answer makes it the resident's own.
    let confirmed = app
        .save_answer(&draft.id, "applicant-name", &["王秀英".to_owned()])
        .await
        .unwrap();
    assert!(confirmed.error.is_none());
    let changed = app
        .save_answer(&draft.id, "contact-mobile", &["13912345678".to_owned()])
        .await
        .unwrap();
    let marks: Vec<_> = changed
        .draft
        .questions
        .iter()
        .map(|q| (q.link_id.as_str(), q.prefilled))
        .collect();
    assert_eq!(
        marks,
        [
            ("applicant-name", true),
            ("applicant-id-number", true),
            ("contact-mobile", false)
        ]
    );
    // Resumed, nothing the resident gave is overwritten by the records.
    let again = app.start_application("elderly-allowance").await.unwrap();
    assert_eq!(again.id, draft.id);
    assert_eq!(again.answers["contact-mobile"], ["13912345678"]);

    // Submitted with the session: the case is the resident's, hidden from anyone else.
    let receipt = app.submit_application(&draft.id).await.unwrap();
    let case = receipt.case_number.expect("accepted at once");
    let http = reqwest::Client::new();
    let anonymous = http
        .get(format!("{}/v1/applications/{case}", server.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), reqwest::StatusCode::NOT_FOUND);
    let owner = http
        .get(format!("{}/v1/applications/{case}", server.base_url()))
        .bearer_auth(&kept.token)
        .send()
        .await
        .unwrap();
    assert_eq!(owner.status(), reqwest::StatusCode::OK);

    // Neither the token nor the records' values are on disk in plain text.
    app.close().await;
    let bytes = file_bytes(dir.path());
    for secret in [kept.token.as_str(), id_number.as_str(), "王秀英"] {
        assert!(
            !contains(&bytes, secret),
            "{secret} is in the database file"
        );
    }

    // A restart finds the session in the keyring, and the name from the records again.
    let app = self::app(dir.path(), &server.base_url(), keys.clone()).await;
    let restored = app.restore_session().await.unwrap();
    assert_eq!(restored.account.unwrap().name, "王秀英");

    // Signing out forgets it here and at the backend.
    app.sign_out().await.unwrap();
    assert!(kept_session(&keys).is_none());
    assert!(app.signed_in().await.unwrap().account.is_none());
    let me = http
        .get(format!("{}/v1/me", server.base_url()))
        .bearer_auth(&kept.token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), reqwest::StatusCode::UNAUTHORIZED);
    // Signed out, a new form is not prefilled.
    let plain = app.start_application("senior-card").await.unwrap();
    assert!(plain.questions.iter().all(|q| !q.prefilled));
    assert!(plain.answers.is_empty());
    keys.delete().unwrap();
}

#[tokio::test]
async fn a_session_that_ends_while_an_application_waits_ends_here_too_and_the_application_is_still_delivered(
) {
    if !has_secret_service() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let keys = test_keys();
    let app = app(dir.path(), &server.base_url(), keys.clone()).await;
    // A resident with nothing on record but the number she signed in with: only that is
    // prefilled, and the name is not known.
    let account = sign_in(&app, LIU_MOBILE).await;
    assert_eq!(account.name, "");
    let draft = app.start_application("elderly-allowance").await.unwrap();
    let prefilled: Vec<_> = draft
        .questions
        .iter()
        .filter(|q| q.prefilled)
        .map(|q| q.link_id.as_str())
        .collect();
    assert_eq!(prefilled, ["contact-mobile"]);
    assert_eq!(draft.answers["contact-mobile"], [LIU_MOBILE]);
    for (link, value) in [
        ("applicant-name", "刘洋"),
        ("applicant-id-number", "110105193806153011"),
        ("contact-mobile", LIU_MOBILE),
    ] {
        app.save_answer(&draft.id, link, &[value.to_owned()])
            .await
            .unwrap();
    }

    // The session runs out at the backend (its expiry moved into the past).
    let token = kept_session(&keys).unwrap().token;
    let db = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("server.sqlite").display()
    ))
    .await
    .unwrap();
    let ended = sqlx::query("UPDATE sessions SET expires_at = '2000-01-01T00:00:00Z'")
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(ended.rows_affected(), 1);
    db.close().await;

    // Submitting still delivers it: the 401 ends the session, the resend goes without it.
    let receipt = app.submit_application(&draft.id).await.unwrap();
    assert_eq!(
        receipt.outbox,
        bianmin_core::view::OutboxState::Accepted,
        "{receipt:?}"
    );
    let case = receipt.case_number.unwrap();
    assert_eq!(
        owner_of(dir.path(), &case).await,
        None,
        "sent without the dead token"
    );
    // Everything entered is still there.
    let kept = app.get_draft(&draft.id).await.unwrap();
    assert_eq!(kept.answers["applicant-name"], ["刘洋"]);

    // The app says, once, that the session ran out, and forgets it.
    let state = app.signed_in().await.unwrap();
    assert!(state.account.is_none());
    assert_eq!(state.ended.unwrap().id, "error-session-expired");
    assert!(app.signed_in().await.unwrap().ended.is_none());
    assert!(kept_session(&keys).is_none(), "the keyring forgets it");
    // The dead token was never sent again after the 401.
    let me = reqwest::Client::new()
        .get(format!("{}/v1/me", server.base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), reqwest::StatusCode::UNAUTHORIZED);
    keys.delete().unwrap();
}

#[tokio::test]
async fn another_residents_queued_application_is_never_sent_under_the_next_residents_session() {
    if !has_secret_service() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let keys = test_keys();
    let app = app(dir.path(), &server.base_url(), keys.clone()).await;
    sign_in(&app, WANG_MOBILE).await;
    let draft = app.start_application("elderly-allowance").await.unwrap();
    // The backend is busy once: 王秀英's application waits in the outbox.
    let status = reqwest::Client::new()
        .post(format!("{}/admin/faults", server.base_url()))
        .json(&serde_json::json!({"count": 1, "action": {"kind": "status", "status": 503}}))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 204);
    let receipt = app.submit_application(&draft.id).await.unwrap();
    assert_eq!(receipt.outbox, bianmin_core::view::OutboxState::RetryLater);
    app.sign_out().await.unwrap();

    // 张伟 signs in on the same machine before it goes out.
    sign_in(&app, "13800000003").await;
    let mut case = None;
    for _ in 0..50 {
        app.pump_outbox().await.unwrap();
        case = app.get_draft(&draft.id).await.unwrap().case_number;
        if case.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let case = case.expect("delivered");
    // Not filed under 张伟's session: sent without a token, it belongs to no account.
    assert_eq!(owner_of(dir.path(), &case).await, None);
    app.sign_out().await.unwrap();
    keys.delete().unwrap();
}

/// The resident a case was filed for, as the reference server recorded it.
async fn owner_of(dir: &Path, case: &str) -> Option<String> {
    let db =
        sqlx::SqlitePool::connect(&format!("sqlite://{}", dir.join("server.sqlite").display()))
            .await
            .unwrap();
    let owner: Option<String> =
        sqlx::query_scalar("SELECT resident_id FROM cases WHERE case_number = ?")
            .bind(case)
            .fetch_one(&db)
            .await
            .unwrap();
    db.close().await;
    owner
}

#[tokio::test]
async fn without_a_keyring_there_is_no_sign_in_and_no_token_kept_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    // A store with a memory key (tests only) but no session storage: no sign-in.
    let app = Bianmin::new(
        Store::open(
            &dir.path().join("app.sqlite"),
            &bianmin_core::MemoryKeyStore::random(),
        )
        .await
        .unwrap(),
        BackendClient::new(&server.base_url()).unwrap(),
        true,
    );
    let challenge = app.request_sign_in_code(WANG_MOBILE).await.unwrap();
    let e = app
        .sign_in(
            &challenge.challenge_id,
            &challenge.practice_code.clone().unwrap(),
        )
        .await
        .unwrap_err();
    assert!(matches!(e, CoreError::Keyring(_)), "{e}");
    assert_eq!(UiError::from(&e).message.id, "error-keyring");
    assert!(app.signed_in().await.unwrap().account.is_none());
    let draft = app.start_application("elderly-allowance").await.unwrap();
    assert!(draft.answers.is_empty(), "nothing prefilled");
}
