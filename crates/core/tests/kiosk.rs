#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! A kiosk's visits (`Bianmin::start_kiosk`, `visit_pending`, `finish_visit`) over real HTTP to the
//! reference server in practice mode and a real SQLite file: a signed-in resident submits one
//! application, follows its case and leaves another half done; finishing the visit signs her out,
//! forgets the session kept for her, and leaves no row of hers — drafts, answers, the followed
//! case. A kiosk that was switched off in the middle of a visit wipes it at the next start.
//! The in-memory key store stands in for the OS keyring (its own tests use a real Secret Service).

mod support;

use bianmin_core::view::OutboxState;
use bianmin_core::{BackendClient, Bianmin, KeyStore, MemoryKeyStore, Store};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::ConnectOptions;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;

const WANG_MOBILE: &str = "13800000001";

async fn practice_server(dir: &Path) -> bianmin_server::RunningServer {
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

async fn kiosk(db: &Path, backend: &str, keys: Arc<MemoryKeyStore>) -> Bianmin {
    Bianmin::new(
        Store::open(db, keys.as_ref()).await.unwrap(),
        BackendClient::new(backend).unwrap(),
        true,
    )
    .with_key_store(keys)
    .with_kiosk(true)
}

/// Rows of a table, counted through a connection of the test's own.
async fn rows(db: &Path, table: &str) -> i64 {
    let mut conn = SqliteConnectOptions::new()
        .filename(db)
        .connect()
        .await
        .unwrap();
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&mut conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn finishing_a_visit_signs_out_and_leaves_no_row_of_the_resident() {
    let dir = tempfile::tempdir().unwrap();
    let server = practice_server(dir.path()).await;
    let db = dir.path().join("app.sqlite");
    let keys = Arc::new(MemoryKeyStore::with_key(support::TEST_KEY));
    let app = kiosk(&db, &server.base_url(), keys.clone()).await;
    assert!(app.info().kiosk);
    app.start_kiosk().await.unwrap();
    let first_visit = app.party();
    assert!(first_visit.starts_with("session-"), "{first_visit}");

    // 王秀英 signs in, submits the old-age allowance (prefilled) and opens its case.
    let challenge = app.request_sign_in_code(WANG_MOBILE).await.unwrap();
    let code = challenge.practice_code.unwrap();
    app.sign_in(&challenge.challenge_id, &code).await.unwrap();
    assert!(keys.session_secret().unwrap().is_some());
    let draft = app.start_application(support::SERVICE).await.unwrap();
    let receipt = app.submit_application(&draft.id).await.unwrap();
    assert_eq!(receipt.outbox, OutboxState::Accepted);
    let case_number = receipt.case_number.unwrap();
    app.get_case(&case_number).await.unwrap();
    assert_eq!(rows(&db, "case_cache").await, 1);
    // And leaves another application half done.
    let other = app.start_application("disability-subsidy").await.unwrap();
    app.save_answer(
        &other.id,
        &other.questions[0].link_id,
        &["柏泄漏".to_owned()],
    )
    .await
    .unwrap();

    let pending = app.visit_pending().await.unwrap();
    assert_eq!(
        (pending.removed, pending.still_sending, pending.discarded),
        (2, 0, 0)
    );
    let ended = app.finish_visit().await.unwrap();
    assert_eq!(ended.removed, 2);

    // Signed out, here and in the key store; the next visit is a new party with nothing in it.
    assert!(app.signed_in().await.unwrap().account.is_none());
    assert!(keys.session_secret().unwrap().is_none());
    assert_ne!(app.party(), first_visit);
    assert!(app.my_applications().await.unwrap().is_empty());
    for table in [
        "drafts",
        "answers",
        "outbox",
        "case_cache",
        "case_event_cache",
    ] {
        assert_eq!(rows(&db, table).await, 0, "{table} still holds the visit");
    }
    // The case itself is at the backend, untouched: the resident follows it with its number.
    let on_server = support::cases_on_server(&server.base_url()).await;
    assert_eq!(on_server, 1);
}

#[tokio::test]
async fn a_visit_cut_short_by_a_power_cut_is_wiped_at_the_next_start() {
    let dir = tempfile::tempdir().unwrap();
    let server = practice_server(dir.path()).await;
    let db = dir.path().join("app.sqlite");
    let keys = Arc::new(MemoryKeyStore::with_key(support::TEST_KEY));
    {
        let app = kiosk(&db, &server.base_url(), keys.clone()).await;
        app.start_kiosk().await.unwrap();
        let challenge = app.request_sign_in_code(WANG_MOBILE).await.unwrap();
        app.sign_in(&challenge.challenge_id, &challenge.practice_code.unwrap())
            .await
            .unwrap();
        let draft = app.start_application(support::SERVICE).await.unwrap();
        app.save_answer(&draft.id, "contact-mobile", &["13912345678".to_owned()])
            .await
            .unwrap();
        // Switched off here: no "Finish".
    }
    assert_eq!(rows(&db, "drafts").await, 1);
    assert!(keys.session_secret().unwrap().is_some());

    let app = kiosk(&db, &server.base_url(), keys.clone()).await;
    let left = app.start_kiosk().await.unwrap();
    assert_eq!(left.removed, 1);
    assert_eq!(rows(&db, "drafts").await, 0);
    assert_eq!(rows(&db, "answers").await, 0);
    assert!(
        keys.session_secret().unwrap().is_none(),
        "the last visit's sign-in is forgotten"
    );
    assert!(app.signed_in().await.unwrap().account.is_none());
}

#[tokio::test]
async fn an_app_that_is_not_a_kiosk_never_wipes_its_resident() {
    let dir = tempfile::tempdir().unwrap();
    let server = practice_server(dir.path()).await;
    let db = dir.path().join("app.sqlite");
    let app = support::app(&db, &server.base_url()).await;
    assert!(!app.info().kiosk);
    let draft = app.start_application(support::SERVICE).await.unwrap();
    app.save_answer(&draft.id, "contact-mobile", &["13912345678".to_owned()])
        .await
        .unwrap();
    assert!(matches!(
        app.finish_visit().await,
        Err(bianmin_core::CoreError::NotKiosk)
    ));
    assert!(matches!(
        app.visit_pending().await,
        Err(bianmin_core::CoreError::NotKiosk)
    ));
    assert_eq!(rows(&db, "drafts").await, 1);
    assert_eq!(app.get_draft(&draft.id).await.unwrap().id, draft.id);
}
