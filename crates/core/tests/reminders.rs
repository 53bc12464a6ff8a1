#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Proactive reminders (未诉先办) over real HTTP against the in-process reference server in
//! practice mode: raised through `POST /admin/reminders`, read from the resident's feed, started
//! (the right service opens) or dismissed (acknowledged, gone after a restart), shown from the
//! cache offline, wiped with a kiosk session, and brought by the watcher without a restart.
//! The session is kept in a `MemoryKeyStore` (the keyring itself is `tests/sign_in.rs`'s).

use bianmin_api::NotificationPage;
use bianmin_core::view::ReminderView;
use bianmin_core::{
    BackendClient, Bianmin, ErrorKind, MemoryKeyStore, Store, UiError, DEVICE_PARTY,
};
use serde_json::json;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// 王秀英 of docs/practice-people.md.
const WANG_MOBILE: &str = "13800000001";
const WANG_ID: &str = "r-0001";

async fn server(dir: &Path) -> bianmin_server::RunningServer {
    bianmin_server::spawn_configured(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.join("server.sqlite"),
        bianmin_server::ServerConfig {
            practice: true,
            admin: true,
            catalogue: bianmin_server::DemoCatalogue::Full,
            ..bianmin_server::ServerConfig::default()
        },
    )
    .await
    .unwrap()
}

async fn app(dir: &Path, backend: &str, keys: Arc<MemoryKeyStore>) -> Bianmin {
    Bianmin::new(
        Store::open(&dir.join("app.sqlite"), keys.as_ref())
            .await
            .unwrap(),
        BackendClient::new(backend).unwrap(),
        true,
    )
    .with_key_store(keys)
}

async fn sign_in(app: &Bianmin) {
    let challenge = app.request_sign_in_code(WANG_MOBILE).await.unwrap();
    let code = challenge
        .practice_code
        .expect("practice mode shows the code");
    app.sign_in(&challenge.challenge_id, &code).await.unwrap();
}

async fn remind(base: &str, kind: &str, due: &str) -> String {
    let response = reqwest::Client::new()
        .post(format!("{base}/admin/reminders"))
        .json(&json!({"residentId": WANG_ID, "kind": kind, "dueDate": due}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let n: serde_json::Value = response.json().await.unwrap();
    n["id"].as_str().unwrap().to_owned()
}

/// What the backend still has unacknowledged for 王秀英 (read with a session of its own).
async fn unacknowledged(base: &str) -> Vec<String> {
    let http = reqwest::Client::new();
    let session: serde_json::Value = http
        .post(format!("{base}/admin/sessions"))
        .json(&json!({"kind": "resident", "subject": WANG_ID}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let page: NotificationPage = http
        .get(format!("{base}/v1/notifications"))
        .bearer_auth(session["token"].as_str().unwrap())
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page.items.into_iter().map(|n| n.id).collect()
}

fn ids(list: &[ReminderView]) -> Vec<&str> {
    list.iter().map(|r| r.id.as_str()).collect()
}

#[tokio::test]
async fn reminders_are_shown_started_dismissed_and_kept_offline() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let keys = Arc::new(MemoryKeyStore::random());
    let app = app(dir.path(), &base, keys.clone()).await;
    app.list_services().await.unwrap();

    // Signed out: none, and no error.
    let turning_80 = remind(&base, "turning-80", "2026-12-31").await;
    assert!(app.reminders().await.unwrap().is_empty());

    sign_in(&app).await;
    let pension = remind(&base, "pension-qualification-check", "2026-06-30").await;
    let due = app.reminders().await.unwrap();
    assert_eq!(ids(&due), [turning_80.as_str(), pension.as_str()]);
    let first = &due[0];
    assert_eq!(first.title.zh_cn, "您可以申领高龄津贴了");
    assert_eq!(first.title.en_us, "You can claim the old-age allowance");
    assert_eq!(first.due_date.as_deref(), Some("2026-12-31"));
    assert_eq!(first.service_code.as_deref(), Some("elderly-allowance"));
    assert_eq!(first.service_name.as_ref().unwrap().zh_cn, "高龄津贴申请");
    assert_eq!(
        due[1].service_code.as_deref(),
        Some("pension-certification")
    );
    assert!(due[1].service_name.is_some());
    // Shown is not dealt with: the backend still has both.
    assert_eq!(
        unacknowledged(&base).await,
        [turning_80.clone(), pension.clone()]
    );

    // Dismissing the second cannot acknowledge it on the backend while the first is due (the
    // acknowledgement is a cursor), but it is gone here at once.
    let left = app.dismiss_reminder(&pension).await.unwrap();
    assert_eq!(ids(&left), [turning_80.as_str()]);
    assert_eq!(
        unacknowledged(&base).await,
        [turning_80.clone(), pension.clone()]
    );

    // Starting the first opens its service; now both are acknowledged.
    let draft = app.start_reminder(&turning_80).await.unwrap();
    assert_eq!(draft.service_code, "elderly-allowance");
    assert!(app.reminders().await.unwrap().is_empty());
    assert!(unacknowledged(&base).await.is_empty());
    // Done and acknowledged: it is no longer there to start (the draft is under My applications).
    let again = app.start_reminder(&turning_80).await.unwrap_err();
    assert_eq!(UiError::from(&again).kind, ErrorKind::NotFound);
    assert_eq!(
        app.start_application("elderly-allowance").await.unwrap().id,
        draft.id
    );

    // The watcher brings a new reminder without a restart.
    let told: Arc<Mutex<Vec<ReminderView>>> = Arc::default();
    let sink = told.clone();
    let watcher = app.spawn_case_watcher(
        Duration::from_millis(100),
        |_| {},
        move |found| sink.lock().unwrap().extend(found),
    );
    let id_card = remind(&base, "id-card-expiring", "2026-03-01").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while told.lock().unwrap().is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "no reminder news");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    watcher.stop();
    assert_eq!(ids(&told.lock().unwrap()), [id_card.as_str()]);
    // Told once: the next round has nothing new.
    let later = app.reminders().await.unwrap();
    assert_eq!(ids(&later), [id_card.as_str()]);

    // A kiosk session sees the resident's reminders too, and ending it wipes its copy.
    let kiosk = app.begin_session();
    assert_eq!(ids(&app.reminders().await.unwrap()), [id_card.as_str()]);
    app.end_session(&kiosk).await.unwrap();
    assert_eq!(app.party(), DEVICE_PARTY);

    // A restart: dismissed and started stay gone, the due one is there.
    drop(app);
    let app = self::app(dir.path(), &base, keys.clone()).await;
    app.restore_session().await.unwrap();
    assert_eq!(ids(&app.reminders().await.unwrap()), [id_card.as_str()]);

    // Offline: the cache, with nothing acknowledged that the resident did not do.
    drop(app);
    server.shutdown().await;
    let app = self::app(dir.path(), &base, keys.clone()).await;
    app.restore_session().await.unwrap();
    assert!(app.signed_in().await.unwrap().account.is_some());
    let offline = app.reminders().await.unwrap();
    assert_eq!(ids(&offline), [id_card.as_str()]);
    assert_eq!(offline[0].due_date.as_deref(), Some("2026-03-01"));
    // The kiosk session's copy was wiped with it.
    app.resume_session(&kiosk);
    assert!(app.reminders().await.unwrap().is_empty());
    app.resume_session(DEVICE_PARTY);
    // Dismissed offline: gone here at once, and for good.
    assert!(app.dismiss_reminder(&id_card).await.unwrap().is_empty());
    drop(app);
    let app = self::app(dir.path(), &base, keys).await;
    app.restore_session().await.unwrap();
    assert!(app.reminders().await.unwrap().is_empty());
}

#[tokio::test]
async fn dismissing_tells_the_backend_and_no_other_residents_reminders_show() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let keys = Arc::new(MemoryKeyStore::random());
    let app = app(dir.path(), &base, keys.clone()).await;
    sign_in(&app).await;
    let id = remind(&base, "turning-80", "2026-12-31").await;
    assert_eq!(ids(&app.reminders().await.unwrap()), [id.as_str()]);
    // Told the backend at once when it can be reached.
    assert!(app.dismiss_reminder(&id).await.unwrap().is_empty());
    assert!(unacknowledged(&base).await.is_empty());
    // Another resident's reminders never show for this one.
    let other = reqwest::Client::new()
        .post(format!("{base}/admin/reminders"))
        .json(&json!({"residentId": "r-0003", "kind": "turning-80"}))
        .send()
        .await
        .unwrap();
    assert_eq!(other.status(), 201);
    assert!(app.reminders().await.unwrap().is_empty());
    // Signed out: none, and no error.
    app.sign_out().await.unwrap();
    assert!(app.reminders().await.unwrap().is_empty());
    drop(server);
}
