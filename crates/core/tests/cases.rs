#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Following a case through the core: its timeline (cached, shown offline), news found by the
//! watcher, withdrawal and the rating, against the real reference server (with its admin routes,
//! the back office moved by hand) over real HTTP, with a real SQLite file. No mocks.

use bianmin_api::{CaseStatus, LocalizedText, SupplementRequest, SupplementUpload};
use bianmin_core::view::{CaseEventKind, CaseNews, CaseState};
use bianmin_core::{BackendClient, Bianmin, CoreError, ErrorKind, MemoryKeyStore, Store, UiError};
use bianmin_server::{CaseTransition, MaterialAsked, ServerConfig};
use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

const VALID_ID: &str = "11010519491231002X";
const TEST_KEY: [u8; 32] = [9; 32];

async fn app(dir: &Path, backend: &str) -> Bianmin {
    let store = Store::open(&dir.join("app.sqlite"), &MemoryKeyStore::with_key(TEST_KEY))
        .await
        .unwrap();
    Bianmin::new(store, BackendClient::new(backend).unwrap(), true)
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

/// Submits an old-age allowance application; returns its case number.
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

/// The back office moves the case (`POST /admin/cases/{n}/transition`).
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

/// The service centre records the material brought in (the app cannot send it yet).
async fn supplement(base: &str, case_number: &str) {
    let request = SupplementRequest {
        response: None,
        uploads: ["household-register", "bank-card"]
            .into_iter()
            .map(|code| SupplementUpload {
                material_code: code.to_owned(),
                upload_id: format!("counter-{code}"),
            })
            .collect(),
    };
    let response = reqwest::Client::new()
        .post(format!("{base}/v1/applications/{case_number}/supplements"))
        .header("Idempotency-Key", uuid_like(case_number))
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
}

fn uuid_like(seed: &str) -> String {
    format!("supplement-{seed}")
}

#[tokio::test]
async fn a_case_is_followed_to_done_rated_once_and_its_timeline_shows_offline() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let app = app(dir.path(), &base).await;
    let case_number = submit(&app).await;

    // Just submitted: one event, the resident's own, so nothing is news.
    let case = app.get_case(&case_number).await.unwrap();
    assert_eq!(case.status, CaseState::Submitted);
    assert_eq!(case.status_message, "case-status-submitted");
    assert_eq!(case.service_name.zh_cn, "高龄津贴申请");
    assert_eq!(case.events.len(), 1);
    assert_eq!(case.events[0].kind, CaseEventKind::Submitted);
    assert!(!case.events[0].is_new);
    assert!(case.can_withdraw && !case.can_rate && !case.from_cache);
    assert!(case.submitted_at.is_some());
    assert!(app.refresh_cases().await.unwrap().is_empty());

    // The back office asks for material: the watcher's round reports it, the home page shows
    // the status and that there is something new, the case page lists the materials.
    transition(&base, &case_number, needs_material()).await;
    let news = app.refresh_cases().await.unwrap();
    assert_eq!(news.len(), 1, "{news:?}");
    assert_eq!(news[0].case_number, case_number);
    assert_eq!(news[0].status, Some(CaseState::NeedsMore));
    assert_eq!(news[0].status_message, "case-status-needs-more");
    assert_eq!(news[0].new_events, 1);
    assert!(
        app.refresh_cases().await.unwrap().is_empty(),
        "news is told once by the watcher"
    );
    let mine = app.my_applications().await.unwrap();
    assert_eq!(mine[0].case_status, Some(CaseState::NeedsMore));
    assert_eq!(
        mine[0].case_status_message.as_deref(),
        Some("case-status-needs-more")
    );
    assert_eq!(mine[0].unseen_events, 1);

    let case = app.get_case(&case_number).await.unwrap();
    assert_eq!(case.status, CaseState::NeedsMore);
    assert_eq!(case.next_step_message, "case-next-needs-more");
    let asked: Vec<_> = case
        .requested_materials
        .iter()
        .map(|m| m.code.as_str())
        .collect();
    assert_eq!(asked, ["household-register", "bank-card"]);
    assert_eq!(case.requested_materials[0].name.zh_cn, "户口簿");
    assert_eq!(
        case.requested_materials[0].reason.en_us,
        "The first page of the household register is not clear"
    );
    let last = case.events.last().unwrap();
    assert_eq!(last.kind, CaseEventKind::NeedsMaterial);
    assert!(last.is_new, "new until the case page was shown");
    assert_eq!(last.materials.len(), 2);
    assert!(last.reason.is_some());
    // Seen now.
    assert_eq!(app.my_applications().await.unwrap()[0].unseen_events, 0);
    assert!(!app.get_case(&case_number).await.unwrap().events[1].is_new);

    // Material brought in, then worked on, then done.
    supplement(&base, &case_number).await;
    transition(
        &base,
        &case_number,
        CaseTransition::to(CaseStatus::InProgress),
    )
    .await;
    let news = app.refresh_cases().await.unwrap();
    assert_eq!(news[0].status, Some(CaseState::InProgress));
    assert_eq!(news[0].new_events, 2);
    transition(&base, &case_number, CaseTransition::to(CaseStatus::Done)).await;
    let case = app.get_case(&case_number).await.unwrap();
    let kinds: Vec<_> = case.events.iter().map(|e| e.kind).collect();
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
    assert!(case.events[4].result.is_some());
    assert!(case.can_rate && !case.can_withdraw && case.rating.is_none());
    assert!(case.requested_materials.is_empty());

    // A rating: the level is checked here first, the comment's length too.
    let bad = app.rate_case(&case_number, 0, None).await.unwrap_err();
    let ui = UiError::from(&bad);
    assert_eq!(ui.kind, ErrorKind::Invalid);
    assert_eq!(ui.fields[0].link_id, "level");
    assert_eq!(ui.fields[0].message.id, "error-rating-level");
    let long = "好".repeat(501);
    let bad = app
        .rate_case(&case_number, 5, Some(&long))
        .await
        .unwrap_err();
    let ui = UiError::from(&bad);
    assert_eq!(ui.fields[0].link_id, "comment");
    assert_eq!(ui.fields[0].message.id, "error-too-long");

    let rated = app
        .rate_case(&case_number, 5, Some("  工作人员很耐心  "))
        .await
        .unwrap();
    let rating = rated.rating.clone().expect("the rating is shown");
    assert_eq!(rating.level, 5);
    assert_eq!(rating.comment.as_deref(), Some("工作人员很耐心"));
    assert!(!rated.can_rate, "a second rating is not offered");
    assert_eq!(rated.next_step_message, "case-next-done-rated");

    // A second rating is refused by the backend (409), explained, and the first one kept.
    let again = app.rate_case(&case_number, 1, None).await.unwrap_err();
    assert!(matches!(again, CoreError::AlreadyRated), "{again:?}");
    let ui = UiError::from(&again);
    assert_eq!(ui.kind, ErrorKind::Conflict);
    assert_eq!(ui.message.id, "error-already-rated");
    assert_eq!(
        app.get_case(&case_number)
            .await
            .unwrap()
            .rating
            .unwrap()
            .level,
        5
    );

    // A done case is final: the watcher no longer asks about it.
    assert!(app.refresh_cases().await.unwrap().is_empty());

    // Offline: the timeline and the rating come from the cache.
    server.shutdown().await;
    let offline = app.get_case(&case_number).await.unwrap();
    assert!(offline.from_cache);
    assert_eq!(offline.events.len(), 5);
    assert_eq!(offline.status, CaseState::Done);
    assert_eq!(offline.rating.unwrap().level, 5);
    // A case never fetched is not made up.
    let unknown = app.get_case("BM00000000000000").await.unwrap_err();
    assert!(matches!(unknown, CoreError::Network(_)), "{unknown:?}");

    // The comment is the resident's own words: never in plain text in the file.
    app.close().await;
    let mut raw = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("app.sqlite") {
            raw.extend(std::fs::read(entry.path()).unwrap());
        }
    }
    let needle = "工作人员很耐心".as_bytes();
    assert!(
        !raw.windows(needle.len()).any(|w| w == needle),
        "the comment is sealed at rest"
    );
}

#[tokio::test]
async fn a_withdrawn_case_cannot_be_withdrawn_again_or_rated() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let app = app(dir.path(), &base).await;
    let case_number = submit(&app).await;
    transition(
        &base,
        &case_number,
        CaseTransition::to(CaseStatus::Accepted),
    )
    .await;

    let long = "x".repeat(501);
    let refused = app
        .withdraw_application(&case_number, Some(&long))
        .await
        .unwrap_err();
    assert_eq!(UiError::from(&refused).fields[0].link_id, "reason");

    let withdrawn = app
        .withdraw_application(&case_number, Some("不需要了"))
        .await
        .unwrap();
    assert_eq!(withdrawn.status, CaseState::Withdrawn);
    assert_eq!(withdrawn.status_message, "case-status-withdrawn");
    assert!(!withdrawn.can_withdraw && !withdrawn.can_rate);
    let last = withdrawn.events.last().unwrap();
    assert_eq!(last.kind, CaseEventKind::Withdrawn);
    assert_eq!(
        app.my_applications().await.unwrap()[0].case_status,
        Some(CaseState::Withdrawn)
    );

    // The backend says no (409 state-conflict): a kind the UI can explain.
    let again = app
        .withdraw_application(&case_number, None)
        .await
        .unwrap_err();
    let ui = UiError::from(&again);
    assert_eq!(ui.kind, ErrorKind::Conflict);
    assert_eq!(ui.message.id, "error-case-state");
    let rate = app.rate_case(&case_number, 4, None).await.unwrap_err();
    assert_eq!(UiError::from(&rate).message.id, "error-case-state");
}

#[tokio::test]
async fn the_watcher_reports_news_by_itself() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let app = app(dir.path(), &base).await;
    let case_number = submit(&app).await;

    let told: Arc<Mutex<Vec<CaseNews>>> = Arc::default();
    let sink = told.clone();
    let _watcher = app.spawn_case_watcher(
        Duration::from_millis(100),
        move |news| sink.lock().unwrap().extend(news),
        |_| {},
    );
    transition(
        &base,
        &case_number,
        CaseTransition::to(CaseStatus::Accepted),
    )
    .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if !told.lock().unwrap().is_empty() {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the watcher did not report the news"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(400)).await;
    let told = told.lock().unwrap().clone();
    assert_eq!(told.len(), 1, "told once: {told:?}");
    assert_eq!(told[0].case_number, case_number);
    assert_eq!(told[0].status, Some(CaseState::Accepted));
    assert_eq!(told[0].service_name.en_us, "Old-age allowance application");
}
