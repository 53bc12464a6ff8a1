#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Supplements (补正) answered in the app, through the core against the real reference server
//! (admin routes on, the back office moved by hand) over real HTTP, with a real SQLite file: a
//! case asks for two materials; the app asks for them as attachment questions, sends the files
//! and the supplement through the outbox — the first upload part refused, the first supplement
//! answer lost after the server filed it, the app closed in between — and the server holds
//! exactly one supplement naming both files; the case then goes on to done. No mocks.

use bianmin_api::{CaseStatus, LocalizedText, SupplementUpload};
use bianmin_core::view::{CaseEventKind, CaseState, OutboxState, QuestionKind};
use bianmin_core::{BackendClient, Bianmin, CoreError, ErrorKind, MemoryKeyStore, Store, UiError};
use bianmin_server::{CaseTransition, MaterialAsked, ServerConfig};
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};

const VALID_ID: &str = "11010519491231002X";
const TEST_KEY: [u8; 32] = [7; 32];

async fn app(dir: &Path, backend: &str) -> Bianmin {
    let store = Store::open(&dir.join("app.sqlite"), &MemoryKeyStore::with_key(TEST_KEY))
        .await
        .unwrap();
    Bianmin::new(store, BackendClient::new(backend).unwrap(), true)
        .with_submit_wait(Duration::from_secs(5))
}

async fn server(dir: &Path) -> bianmin_server::RunningServer {
    bianmin_server::spawn_configured(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.join("server.sqlite"),
        ServerConfig {
            admin: true,
            back_office_tick: None,
            ..ServerConfig::default()
        },
    )
    .await
    .unwrap()
}

async fn submit(app: &Bianmin) -> String {
    let draft = app.start_application("elderly-allowance").await.unwrap();
    for (link, value) in [
        ("applicant-name", "张三"),
        ("applicant-id-number", VALID_ID),
        ("contact-mobile", "13800138000"),
    ] {
        let saved = app
            .save_answer(&draft.id, link, &[value.to_owned()])
            .await
            .unwrap();
        assert!(saved.error.is_none(), "{link}: {:?}", saved.error);
    }
    app.submit_application(&draft.id)
        .await
        .unwrap()
        .case_number
        .expect("accepted at once")
}

async fn transition(base: &str, case_number: &str, t: CaseTransition) {
    let response = reqwest::Client::new()
        .post(format!("{base}/admin/cases/{case_number}/transition"))
        .json(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

fn needs_material() -> CaseTransition {
    CaseTransition {
        materials: vec![
            MaterialAsked {
                code: "household-register".to_owned(),
                reason: Some(LocalizedText::new(
                    "户口簿首页不清晰",
                    "The first page of the household register is not clear",
                )),
            },
            MaterialAsked {
                code: "bank-card".to_owned(),
                reason: None,
            },
        ],
        ..CaseTransition::to(CaseStatus::NeedsMore)
    }
}

async fn fault(base: &str, route: &str, action: serde_json::Value) {
    let status = reqwest::Client::new()
        .post(format!("{base}/admin/faults"))
        .json(&serde_json::json!({"count": 1, "route": route, "action": action}))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 204);
}

fn png(len: usize, seed: u8) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut x: u32 = 0x2545_F491 ^ u32::from(seed);
    while bytes.len() < len {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        bytes.push(x.to_le_bytes()[0]);
    }
    bytes
}

async fn server_db(dir: &Path) -> SqliteConnection {
    SqliteConnection::connect_with(
        &SqliteConnectOptions::new()
            .filename(dir.join("server.sqlite"))
            .read_only(true),
    )
    .await
    .unwrap()
}

async fn server_feed(base: &str, case_number: &str) -> serde_json::Value {
    reqwest::get(format!("{base}/v1/applications/{case_number}/events"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn material_asked_for_is_sent_once_through_the_outbox_and_the_case_goes_on_to_done() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let app = app(dir.path(), &base).await;
    let case_number = submit(&app).await;

    // Nothing to send before the back office asks.
    let view = app.get_case(&case_number).await.unwrap();
    assert!(!view.can_supplement);
    let early = app.start_supplement(&case_number).await.unwrap_err();
    assert!(matches!(early, CoreError::CaseState(_)), "{early:?}");

    transition(&base, &case_number, needs_material()).await;
    let view = app.get_case(&case_number).await.unwrap();
    assert_eq!(view.status, CaseState::NeedsMore);
    assert!(view.can_supplement);
    assert!(view.supplement.is_none());

    // The request as questions: one attachment question per material, the reason as the hint.
    let draft = app.start_supplement(&case_number).await.unwrap();
    assert_eq!(draft.supplement_for.as_deref(), Some(case_number.as_str()));
    let links: Vec<&str> = draft.questions.iter().map(|q| q.link_id.as_str()).collect();
    assert_eq!(links, ["household-register", "bank-card"]);
    assert!(draft
        .questions
        .iter()
        .all(|q| q.kind == QuestionKind::Attachment && q.required));
    assert_eq!(
        draft.questions[0].hint.as_ref().map(|h| h.en_us.as_str()),
        Some("The first page of the household register is not clear")
    );
    // Opening it again resumes the same draft; it is not one of the resident's applications.
    assert_eq!(
        app.start_supplement(&case_number).await.unwrap().id,
        draft.id
    );
    let listed = app.my_applications().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_ne!(listed[0].draft_id, draft.id);
    // Nor is it sent as one.
    assert!(matches!(
        app.submit_application(&draft.id).await,
        Err(CoreError::NotFound(_))
    ));

    // Without the files: each material is asked for, nothing is queued.
    let missing = app.submit_supplement(&draft.id).await.unwrap_err();
    let ui = UiError::from(&missing);
    assert_eq!(ui.kind, ErrorKind::Invalid);
    let fields: Vec<&str> = ui.fields.iter().map(|f| f.link_id.as_str()).collect();
    assert_eq!(fields, ["household-register", "bank-card"]);

    let register = png(600 * 1024, 1);
    let card = png(40 * 1024, 2);
    app.attach_file(
        &draft.id,
        "household-register",
        "户口簿.png",
        &register,
        None,
    )
    .await
    .unwrap();
    let draft = app
        .attach_file(&draft.id, "bank-card", "银行卡.png", &card, None)
        .await
        .unwrap();
    assert_eq!(draft.questions[1].attachments.len(), 1);

    // The first part of the first file is refused; the first supplement is filed but its
    // answer is lost.
    fault(
        &base,
        "uploadParts",
        serde_json::json!({"kind": "status", "status": 503, "retryAfter": 1}),
    )
    .await;
    fault(
        &base,
        "supplements",
        serde_json::json!({"kind": "drop", "afterCommit": true}),
    )
    .await;
    let view = app.submit_supplement(&draft.id).await.unwrap();
    assert_eq!(view.status, CaseState::NeedsMore, "not sent yet");
    let waiting = view.supplement.clone().expect("the supplement is shown");
    assert_eq!(waiting.draft_id, draft.id);
    assert!(waiting.current);
    assert_eq!(waiting.outbox, Some(OutboxState::RetryLater));
    assert!(waiting.next_attempt_at.is_some());
    assert!(!view.can_supplement, "not offered twice");
    // The files cannot change while it waits.
    assert!(matches!(
        app.remove_attachment(&draft.id, &draft.questions[1].attachments[0].id)
            .await,
        Err(CoreError::AlreadySubmitted)
    ));

    // The app closes; the next one sends it by itself.
    app.close().await;
    let app = self::app(dir.path(), &base).await;
    let deadline = Instant::now() + Duration::from_secs(40);
    let view = loop {
        app.pump_outbox().await.unwrap();
        let view = app.get_case(&case_number).await.unwrap();
        if view.supplement.as_ref().and_then(|s| s.outbox) == Some(OutboxState::Accepted) {
            break view;
        }
        assert!(
            Instant::now() < deadline,
            "not accepted: {:?}",
            view.supplement
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    };
    assert_eq!(view.status, CaseState::Supplemented);
    assert!(view.supplement.as_ref().unwrap().sent_at.is_some());
    assert!(!view.can_supplement);
    assert_eq!(view.next_step_message, "case-next-supplemented");
    assert_eq!(
        view.events
            .iter()
            .filter(|e| e.kind == CaseEventKind::Supplemented)
            .count(),
        1
    );
    assert!(matches!(
        app.start_supplement(&case_number).await,
        Err(CoreError::CaseState(_))
    ));

    // The server holds it once, naming both files, each complete with its sha256.
    let feed = server_feed(&base, &case_number).await;
    let supplemented: Vec<&serde_json::Value> = feed["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "supplemented")
        .collect();
    assert_eq!(supplemented.len(), 1, "filed once: {feed}");
    assert_eq!(
        supplemented[0]["materialCodes"],
        serde_json::json!(["household-register", "bank-card"])
    );
    let mut db = server_db(dir.path()).await;
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT uploads FROM supplements WHERE case_number = ?")
            .bind(&case_number)
            .fetch_all(&mut db)
            .await
            .unwrap();
    assert_eq!(rows.len(), 1);
    let uploads: Vec<SupplementUpload> = serde_json::from_str(&rows[0].0).unwrap();
    assert_eq!(uploads.len(), 2);
    for (upload, bytes) in uploads.iter().zip([&register, &card]) {
        let (sha, size, complete, material): (String, i64, i64, String) = sqlx::query_as(
            "SELECT sha256, size, complete, material_code FROM uploads WHERE id = ?",
        )
        .bind(&upload.upload_id)
        .fetch_one(&mut db)
        .await
        .unwrap();
        assert_eq!(sha, hex::encode(Sha256::digest(bytes)));
        assert_eq!(size as usize, bytes.len());
        assert_eq!(complete, 1);
        assert_eq!(material, upload.material_code);
    }
    let parts: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM upload_parts")
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert_eq!(
        parts, 4,
        "600 KiB in three parts and 40 KiB in one, each stored once"
    );

    // The case goes on: in progress, then done.
    transition(
        &base,
        &case_number,
        CaseTransition::to(CaseStatus::InProgress),
    )
    .await;
    transition(
        &base,
        &case_number,
        CaseTransition {
            result: Some(LocalizedText::new("已办结", "Done")),
            ..CaseTransition::to(CaseStatus::Done)
        },
    )
    .await;
    let view = app.get_case(&case_number).await.unwrap();
    assert_eq!(view.status, CaseState::Done);
    assert!(view.can_rate);
    assert!(!view.can_supplement);
    let kinds: Vec<CaseEventKind> = view.events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            CaseEventKind::Submitted,
            CaseEventKind::NeedsMaterial,
            CaseEventKind::Supplemented,
            CaseEventKind::InProgress,
            CaseEventKind::Done
        ]
    );
}

#[tokio::test]
async fn a_supplement_to_a_case_that_moved_on_is_set_aside_not_retried() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let app = app(dir.path(), &base).await;
    let case_number = submit(&app).await;
    transition(
        &base,
        &case_number,
        CaseTransition {
            materials: vec![MaterialAsked {
                code: "bank-card".to_owned(),
                reason: None,
            }],
            ..CaseTransition::to(CaseStatus::NeedsMore)
        },
    )
    .await;
    let draft = app.start_supplement(&case_number).await.unwrap();
    app.attach_file(&draft.id, "bank-card", "card.png", &png(2048, 3), None)
        .await
        .unwrap();
    // The back office rejects the case before the supplement arrives.
    transition(
        &base,
        &case_number,
        CaseTransition {
            reason: Some(LocalizedText::new("不符合条件", "Not eligible")),
            ..CaseTransition::to(CaseStatus::Rejected)
        },
    )
    .await;
    let view = app.submit_supplement(&draft.id).await.unwrap();
    assert_eq!(view.status, CaseState::Rejected);
    let s = view.supplement.unwrap();
    assert_eq!(s.outbox, Some(OutboxState::NeedsAttention));
    assert_eq!(
        s.attention.map(|m| m.id).as_deref(),
        Some("error-submission-refused")
    );
    assert!(!view.can_supplement);
    let report = app.pump_outbox().await.unwrap();
    assert_eq!(report.attempted, 0, "never sent again");
}

/// A request that also asks questions (a `supplementForm`): the app fetches the form when the
/// supplement starts, asks its questions first with the form engine (its required answer and
/// its choice checked like any form's), then the document, and sends the answers as `response`
/// under the form's url and version, with the file under its material. The server's own rules
/// accept it; the case page knew questions were asked.
#[tokio::test]
async fn a_request_with_questions_is_answered_with_the_form_engine_and_sent_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let url = "https://forms.bianmin.example/Questionnaire/bank-details";
    let form: bianmin_api::Questionnaire = serde_json::from_value(serde_json::json!({
        "resourceType": "Questionnaire", "url": url, "version": "1.0.0", "status": "active",
        "title": "收款账户", "item": [
            {"linkId": "bank", "type": "choice", "required": true, "text": "开户银行",
             "answerOption": [
                {"valueCoding": {"code": "icbc", "display": "工商银行"}},
                {"valueCoding": {"code": "abc", "display": "农业银行"}}]},
            {"linkId": "bank-account", "type": "string", "required": true, "text": "银行账号"},
            // The same name as the material: the document question gets another linkId.
            {"linkId": "bank-card", "type": "string", "text": "银行卡背面的备注"}
        ]
    }))
    .unwrap();
    let published = reqwest::Client::new()
        .post(format!("{base}/admin/forms"))
        .json(&bianmin_server::PublishForm {
            id: "bank-details".into(),
            questionnaire: form,
            previous_accepted_until: None,
        })
        .send()
        .await
        .unwrap();
    assert_eq!(published.status(), 201);

    let app = app(dir.path(), &base).await;
    let case_number = submit(&app).await;
    transition(
        &base,
        &case_number,
        CaseTransition {
            materials: vec![MaterialAsked {
                code: "bank-card".to_owned(),
                reason: None,
            }],
            supplement_form: Some(bianmin_api::FormRef {
                id: "bank-details".into(),
                url: url.into(),
                version: "1.0.0".into(),
            }),
            ..CaseTransition::to(CaseStatus::NeedsMore)
        },
    )
    .await;
    let view = app.get_case(&case_number).await.unwrap();
    assert!(
        view.requests_answers,
        "the case page knows questions are asked"
    );
    assert!(view.can_supplement, "and offers to answer them here");

    let draft = app.start_supplement(&case_number).await.unwrap();
    let links: Vec<&str> = draft.questions.iter().map(|q| q.link_id.as_str()).collect();
    assert_eq!(
        links,
        ["bank", "bank-account", "bank-card", "material-bank-card"]
    );
    assert_eq!(draft.questions[0].kind, QuestionKind::Choice);
    assert_eq!(draft.questions[3].kind, QuestionKind::Attachment);

    // Nothing answered: the form's required questions and the document are asked for.
    let missing = UiError::from(&app.submit_supplement(&draft.id).await.unwrap_err());
    let fields: Vec<&str> = missing.fields.iter().map(|f| f.link_id.as_str()).collect();
    assert_eq!(fields, ["bank", "bank-account", "material-bank-card"]);
    // The choice is checked as in any form.
    let wrong = app
        .save_answer(&draft.id, "bank", &["citibank".to_owned()])
        .await
        .unwrap();
    assert!(wrong.error.is_some(), "an option the form does not have");
    for (link, value) in [("bank", "icbc"), ("bank-account", "6222020200112233")] {
        let saved = app
            .save_answer(&draft.id, link, &[value.to_owned()])
            .await
            .unwrap();
        assert!(saved.error.is_none(), "{link}: {:?}", saved.error);
    }
    let card = png(30 * 1024, 9);
    app.attach_file(&draft.id, "material-bank-card", "银行卡.png", &card, None)
        .await
        .unwrap();
    let view = app.submit_supplement(&draft.id).await.unwrap();
    assert_eq!(view.status, CaseState::Supplemented);

    let mut db = server_db(dir.path()).await;
    let (response, uploads): (Option<String>, String) =
        sqlx::query_as("SELECT response, uploads FROM supplements WHERE case_number = ?")
            .bind(&case_number)
            .fetch_one(&mut db)
            .await
            .unwrap();
    let response: serde_json::Value = serde_json::from_str(&response.unwrap()).unwrap();
    assert_eq!(response["questionnaire"], format!("{url}|1.0.0"));
    let answered: Vec<&str> = response["item"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["linkId"].as_str().unwrap())
        .collect();
    assert_eq!(
        answered,
        ["bank", "bank-account"],
        "only the form's own answers"
    );
    let uploads: Vec<SupplementUpload> = serde_json::from_str(&uploads).unwrap();
    assert_eq!(uploads.len(), 1);
    assert_eq!(uploads[0].material_code, "bank-card");
    let sha: String = sqlx::query_scalar("SELECT sha256 FROM uploads WHERE id = ?")
        .bind(&uploads[0].upload_id)
        .fetch_one(&mut db)
        .await
        .unwrap();
    assert_eq!(sha, hex::encode(Sha256::digest(&card)));
}
