//! The draft being edited is kept in memory between saved answers (`editing.rs`): these prove the
//! copy is never trusted after anything else was committed, and that what a save acknowledged is
//! on disk. Real SQLite file, real HTTP to the in-process reference server.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use bianmin_core::{BackendClient, Bianmin, CoreError};
use support::{server, store, SERVICE, VALID_ID};

fn one(v: &str) -> Vec<String> {
    vec![v.to_owned()]
}

#[tokio::test]
async fn a_save_after_another_writer_sees_what_the_other_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let store = store(&dir.path().join("app.sqlite")).await;
    // Two handles on one store, as the UI and the outbox worker share it.
    let a = Bianmin::new(
        store.clone(),
        BackendClient::new(&server.base_url()).unwrap(),
        true,
    );
    let b = Bianmin::new(
        store.clone(),
        BackendClient::new(&server.base_url()).unwrap(),
        true,
    );
    let draft = a.start_application(SERVICE).await.unwrap().id;
    a.get_draft(&draft).await.unwrap(); // a's copy in memory
    b.save_answer(&draft, "applicant-name", &one("王秀英"))
        .await
        .unwrap();
    let saved = a
        .save_answer(&draft, "contact-mobile", &one("13800138000"))
        .await
        .unwrap();
    assert_eq!(
        saved.draft.answers.get("applicant-name"),
        Some(&one("王秀英")),
        "a's copy was stale: the other handle's answer is missing"
    );

    // Submitted through b while a still holds a copy that says "editable": a's save is refused.
    b.save_answer(&draft, "applicant-id-number", &one(VALID_ID))
        .await
        .unwrap();
    a.get_draft(&draft).await.unwrap();
    b.submit_application(&draft).await.unwrap();
    let late = a
        .save_answer(&draft, "contact-mobile", &one("13900139000"))
        .await;
    assert!(
        matches!(late, Err(CoreError::AlreadySubmitted)),
        "a submitted draft changed through a stale copy: {late:?}"
    );
}

#[tokio::test]
async fn every_acknowledged_answer_is_on_disk_and_the_same_answer_again_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let path = dir.path().join("app.sqlite");
    let app = Bianmin::new(
        store(&path).await,
        BackendClient::new(&server.base_url()).unwrap(),
        true,
    );
    let draft = app.start_application(SERVICE).await.unwrap().id;
    let mut last = String::new();
    for i in 0..50 {
        let mobile = format!("138{i:08}");
        let saved = app
            .save_answer(&draft, "contact-mobile", &one(&mobile))
            .await
            .unwrap();
        assert!(saved.error.is_none());
        last = mobile;
    }
    let first = app.get_draft(&draft).await.unwrap();
    // The same answer again: nothing changes, not even the draft's time.
    let again = app
        .save_answer(&draft, "contact-mobile", &one(&last))
        .await
        .unwrap();
    assert_eq!(again.draft.updated_at, first.updated_at);
    // A different answer moves the draft's time (the trigger of migration 0026).
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let changed = app
        .save_answer(&draft, "applicant-name", &one("张三"))
        .await
        .unwrap();
    assert_ne!(changed.draft.updated_at, first.updated_at);
    app.close().await;

    let reopened = Bianmin::new(
        store(&path).await,
        BackendClient::new(&server.base_url()).unwrap(),
        true,
    );
    let read = reopened.get_draft(&draft).await.unwrap();
    assert_eq!(read.answers.get("contact-mobile"), Some(&one(&last)));
    assert_eq!(read.answers.get("applicant-name"), Some(&one("张三")));
    assert_eq!(read.updated_at, changed.draft.updated_at);
}
