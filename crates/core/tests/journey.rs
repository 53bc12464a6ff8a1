#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! The resident's journey through the core, against the real reference server over real HTTP,
//! with real SQLite files on both sides. No mocks.

use bianmin_core::view::{DraftStatus, OutboxState};
use bianmin_core::{BackendClient, Bianmin, CoreError, ErrorKind, MemoryKeyStore, Store, UiError};
use std::net::SocketAddr;
use std::path::Path;

const VALID_ID: &str = "11010519491231002X";

/// The in-memory key store stands in for the OS keyring in these journeys (tests only: the
/// keyring-backed one is tested against a real Secret Service in `keyring.rs`). A fixed key, so
/// that the store opens again after a "restart".
const TEST_KEY: [u8; 32] = [7; 32];

async fn app(dir: &Path, backend: &str) -> Bianmin {
    let store = Store::open(&dir.join("app.sqlite"), &MemoryKeyStore::with_key(TEST_KEY))
        .await
        .unwrap();
    Bianmin::new(store, BackendClient::new(backend).unwrap(), true)
}

async fn server(dir: &Path) -> bianmin_server::RunningServer {
    bianmin_server::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.join("server.sqlite"),
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_resident_applies_for_the_old_age_allowance_and_finds_it_after_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let app = app(dir.path(), &server.base_url()).await;

    let list = app.list_services().await.unwrap();
    assert!(!list.from_cache);
    // Browsing: the life events of the demo catalogue that have a service, with their services.
    let turning_80 = list
        .life_events
        .iter()
        .find(|g| g.code == "turning-80")
        .expect("the old-age allowance is under turning 80");
    assert_eq!(turning_80.name.zh_cn, "年满 80 周岁");
    assert!(turning_80
        .services
        .contains(&"elderly-allowance".to_owned()));
    assert!(list.life_events.iter().all(|g| !g.services.is_empty()));
    let listed: usize = list.departments.iter().map(|g| g.services.len()).sum();
    assert_eq!(
        listed,
        list.services.len(),
        "every service is under one department"
    );
    let allowance = list
        .services
        .iter()
        .find(|s| s.name.zh_cn == "高龄津贴申请")
        .expect("the demo catalogue lists the old-age allowance");

    let draft = app.start_application(&allowance.code).await.unwrap();
    let ids: Vec<_> = draft.questions.iter().map(|q| q.link_id.as_str()).collect();
    assert_eq!(
        ids,
        ["applicant-name", "applicant-id-number", "contact-mobile"]
    );

    let saved = app
        .save_answer(&draft.id, "applicant-name", &[" 张三 ".to_owned()])
        .await
        .unwrap();
    assert!(saved.error.is_none());
    assert_eq!(saved.draft.answers["applicant-name"], ["张三"]);

    // A wrong check digit is named, and what was typed is kept.
    let wrong = app
        .save_answer(
            &draft.id,
            "applicant-id-number",
            &["110105194912310021".to_owned()],
        )
        .await
        .unwrap();
    assert_eq!(wrong.error.unwrap().message.id, "error-id-check-digit");
    assert_eq!(
        wrong.draft.answers["applicant-id-number"],
        ["110105194912310021"]
    );

    // Submitting with a wrong answer is refused before anything is sent.
    let refused = app.submit_application(&draft.id).await.unwrap_err();
    let ui = UiError::from(&refused);
    assert_eq!(ui.kind, ErrorKind::Invalid);
    let fields: Vec<_> = ui.fields.iter().map(|f| f.link_id.as_str()).collect();
    assert_eq!(fields, ["applicant-id-number", "contact-mobile"]);

    app.save_answer(
        &draft.id,
        "applicant-id-number",
        &["110105 19491231 002x".to_owned()],
    )
    .await
    .unwrap();
    app.save_answer(&draft.id, "contact-mobile", &["138 0013 8000".to_owned()])
        .await
        .unwrap();
    let receipt = app.submit_application(&draft.id).await.unwrap();
    assert_eq!(receipt.outbox, OutboxState::Accepted);
    let case_number = receipt.case_number.clone().unwrap();
    assert!(case_number.starts_with("BM"), "{case_number}");
    assert_eq!(receipt.promised_days, 15);

    // A second submit is the same case, not a second one.
    let again = app.submit_application(&draft.id).await.unwrap();
    assert_eq!(again.case_number, receipt.case_number);
    let edit = app
        .save_answer(&draft.id, "applicant-name", &["李四".to_owned()])
        .await;
    assert!(matches!(edit, Err(CoreError::AlreadySubmitted)));
    app.close().await;

    // The app closes and opens again: the application is under "My applications".
    let reopened = app_with_same_store(dir.path(), &server.base_url()).await;
    let mine = reopened.my_applications().await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].status, DraftStatus::Submitted);
    assert_eq!(mine[0].outbox, Some(OutboxState::Accepted));
    assert_eq!(mine[0].case_number.as_deref(), Some(case_number.as_str()));
    let stored = reopened.get_draft(&draft.id).await.unwrap();
    assert_eq!(stored.answers["applicant-id-number"], [VALID_ID]);
    assert_eq!(stored.answers["contact-mobile"], ["13800138000"]);
    server.shutdown().await;
}

async fn app_with_same_store(dir: &Path, backend: &str) -> Bianmin {
    app(dir, backend).await
}

#[tokio::test]
async fn a_dead_backend_at_submit_time_keeps_every_answer_and_the_catalogue_works_offline() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let app = app(dir.path(), &base).await;
    let online = app.list_services().await.unwrap();
    let draft = app.start_application("elderly-allowance").await.unwrap();
    for (q, a) in [
        ("applicant-name", "王五"),
        ("applicant-id-number", VALID_ID),
        ("contact-mobile", "13800138000"),
    ] {
        assert!(app
            .save_answer(&draft.id, q, &[a.to_owned()])
            .await
            .unwrap()
            .error
            .is_none());
    }
    server.shutdown().await;

    // The application waits in the outbox; nothing typed is lost, nothing is sent twice.
    let queued = app.submit_application(&draft.id).await.unwrap();
    assert_eq!(queued.outbox, OutboxState::RetryLater);
    assert_eq!(queued.case_number, None);
    assert!(queued.next_attempt_at.is_some());
    let kept = app.get_draft(&draft.id).await.unwrap();
    assert_eq!(kept.status, DraftStatus::Draft);
    assert_eq!(kept.outbox, Some(OutboxState::RetryLater));
    assert_eq!(kept.answers.len(), 3);
    // What waits to be sent is what was checked: it cannot change under the outbox.
    let edit = app
        .save_answer(&draft.id, "applicant-name", &["赵六".to_owned()])
        .await;
    assert!(matches!(edit, Err(CoreError::AlreadySubmitted)));
    let mine = app.my_applications().await.unwrap();
    assert_eq!(mine[0].outbox, Some(OutboxState::RetryLater));

    let offline = app.list_services().await.unwrap();
    assert!(offline.from_cache);
    assert_eq!(
        offline.services, online.services,
        "the cached catalogue is the one last fetched"
    );
    assert_eq!(
        offline.life_events, online.life_events,
        "browsing by life event works offline"
    );
    // The open draft is resumed, not started again, even offline.
    let resumed = app.start_application("elderly-allowance").await.unwrap();
    assert_eq!(resumed.id, draft.id);

    // The backend comes back on another port (a new deployment): the same key, the case once.
    let server = bianmin_server::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("server.sqlite"),
    )
    .await
    .unwrap();
    app.close().await;
    let app = self::app(dir.path(), &server.base_url()).await;
    let receipt = app.submit_application(&draft.id).await.unwrap();
    assert_eq!(receipt.outbox, OutboxState::Accepted);
    assert!(receipt.case_number.unwrap().starts_with("BM"));
    server.shutdown().await;
}

#[tokio::test]
async fn the_first_start_with_no_backend_and_no_cache_says_network() {
    let dir = tempfile::tempdir().unwrap();
    // Port 9 on loopback: nothing listens there.
    let app = app(dir.path(), "http://127.0.0.1:9").await;
    let err = app.list_services().await.unwrap_err();
    assert_eq!(UiError::from(&err).kind, ErrorKind::Network);
}

fn texts(values: &[&str]) -> Vec<String> {
    values.iter().map(|v| v.to_string()).collect()
}

#[tokio::test]
async fn a_caregiver_fills_the_disability_form_whose_questions_follow_the_answers() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let app = app(dir.path(), &server.base_url()).await;
    let draft = app.start_application("disability-subsidy").await.unwrap();
    let ids = |d: &bianmin_core::view::Draft| -> Vec<String> {
        d.questions.iter().map(|q| q.link_id.clone()).collect()
    };
    assert!(!ids(&draft).contains(&"agent-name".to_owned()));
    assert!(!ids(&draft).contains(&"low-income-certificate".to_owned()));

    let save = |link: &'static str, values: &'static [&'static str]| {
        let app = &app;
        let id = draft.id.clone();
        async move { app.save_answer(&id, link, &texts(values)).await.unwrap() }
    };
    // Applying for someone else opens the agent's questions, under their group's caption.
    let d = save("applying-for-self", &["false"]).await.draft;
    assert!(ids(&d).contains(&"agent-name".to_owned()));
    let agent = d
        .questions
        .iter()
        .find(|q| q.link_id == "agent-relationship")
        .unwrap();
    assert_eq!(agent.section.as_ref().unwrap().zh_cn, "代办人信息");
    assert_eq!(agent.options.len(), 5);
    assert!(save("agent-name", &["王小明"]).await.error.is_none());
    assert!(save("agent-relationship", &["child"]).await.error.is_none());

    let wrong_date = save("birth-date", &["1946-2-30"]).await;
    assert_eq!(wrong_date.error.unwrap().message.id, "error-date-not-real");
    assert_eq!(
        wrong_date.draft.answers["birth-date"],
        ["1946-2-30"],
        "kept as typed"
    );
    for (link, values) in [
        ("applicant-name", &["买买提·艾力"][..]),
        ("applicant-id-number", &["11010519491231002X"]),
        ("birth-date", &["1949-12-31"]),
        ("disability-category", &["physical"]),
        ("disability-grade", &["1"]),
        ("subsidies", &["living", "care"]),
        ("household-size", &["３"]),
        ("monthly-income", &["1,200.50"]),
        ("address", &["北京市东城区某某街道 3 号楼 2 单元 301"]),
        ("contact-mobile", &["13800138000"]),
    ] {
        let outcome = save(link, values).await;
        assert!(outcome.error.is_none(), "{link}: {:?}", outcome.error);
    }
    // Choosing the living subsidy asks about the low-income certificate: required, unanswered.
    let refused = app.submit_application(&draft.id).await.unwrap_err();
    let fields: Vec<_> = UiError::from(&refused)
        .fields
        .iter()
        .map(|f| f.link_id.clone())
        .collect();
    assert_eq!(fields, ["low-income-certificate"]);
    save("low-income-certificate", &["true"]).await;

    // The resident was applying for themself after all: the agent's answers stay on this
    // machine (they come back if the answer changes again) but are not asked nor sent.
    let d = save("applying-for-self", &["true"]).await.draft;
    assert!(!ids(&d).contains(&"agent-name".to_owned()));
    assert_eq!(d.answers["agent-name"], ["王小明"]);
    let receipt = app.submit_application(&draft.id).await.unwrap();
    assert!(receipt.case_number.unwrap().starts_with("BM"));
    server.shutdown().await;
}
