#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! A 12345 request (接诉即办) through the core against the real reference server over real HTTP:
//! asked with the request form (type, what happened, where, photos, anonymous or not), two
//! photos uploaded and the request raised exactly once although the first sends fail (a 503, then
//! an answer lost after the server created it) and the app restarts in between; moved through
//! its lifecycle by the admin route up to the follow-up visit; rated once, the second rating
//! explained. No mocks.

mod support;

use bianmin_core::view::{HotlineState, OutboxState};
use bianmin_core::{Bianmin, CoreError, ErrorKind, UiError};
use bianmin_server::{DemoCatalogue, RunningServer, ServerConfig};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use std::net::SocketAddr;
use std::path::Path;
use std::time::Duration;
use support::app;

async fn full_server(dir: &Path) -> RunningServer {
    bianmin_server::spawn_configured(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.join("server.sqlite"),
        ServerConfig {
            admin: true,
            catalogue: DemoCatalogue::Full,
            back_office_tick: None,
            practice: true,
        },
    )
    .await
    .unwrap()
}

fn png(len: usize, seed: u8) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut x: u32 = 0x1234_5678 ^ u32::from(seed);
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

async fn transition(server: &str, id: &str, to: &str, note: Option<(&str, &str)>) -> u16 {
    let mut body = serde_json::json!({ "to": to });
    if let Some((zh, en)) = note {
        body["note"] = serde_json::json!({ "zhCN": zh, "enUS": en });
    }
    reqwest::Client::new()
        .post(format!("{server}/admin/hotline/{id}/transition"))
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// The next answer of `POST /v1/hotline-requests` fails as `action` says.
async fn hotline_fault(server: &str, action: serde_json::Value) {
    let status = reqwest::Client::new()
        .post(format!("{server}/admin/faults"))
        .json(&serde_json::json!({ "count": 1, "route": "hotlineRequests", "action": action }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16();
    assert_eq!(status, 204);
}

async fn save(app: &Bianmin, draft: &str, link: &str, value: &str) {
    let saved = app
        .save_answer(draft, link, &[value.to_owned()])
        .await
        .unwrap();
    assert!(saved.error.is_none(), "{link}: {:?}", saved.error);
}

#[tokio::test]
async fn a_request_with_two_photos_is_raised_once_followed_to_its_visit_and_rated_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = full_server(dir.path()).await;
    let url = server.base_url();
    let db = dir.path().join("app.sqlite");
    let app = app(&db, &url)
        .await
        .with_submit_wait(Duration::from_secs(5));

    // The request form: the questions of the contract, one per page.
    let draft = app.start_hotline_request().await.unwrap();
    let asked: Vec<&str> = draft.questions.iter().map(|q| q.link_id.as_str()).collect();
    // The mobile is asked once the resident says the request is not anonymous.
    assert_eq!(
        asked,
        [
            "request-type",
            "description",
            "location",
            "scene-photos",
            "anonymous"
        ]
    );
    let kinds: Vec<&str> = draft.questions[0]
        .options
        .iter()
        .map(|o| o.code.as_str())
        .collect();
    assert_eq!(
        kinds,
        ["consultation", "help", "complaint", "report", "suggestion"]
    );
    // Starting again resumes the same draft.
    assert_eq!(app.start_hotline_request().await.unwrap().id, draft.id);

    save(&app, &draft.id, "request-type", "complaint").await;
    save(
        &app,
        &draft.id,
        "description",
        "小区门口的路灯坏了一个月，晚上很黑，老人出门容易摔倒",
    )
    .await;
    save(&app, &draft.id, "location", "朝阳区幸福街道阳光小区 3 号门").await;
    save(&app, &draft.id, "anonymous", "false").await;
    save(&app, &draft.id, "contact-mobile", "13800000001").await;

    // Up to 3 photos: a fourth is refused about the question, and nothing changes.
    for seed in 0..3u8 {
        app.attach_file(
            &draft.id,
            "scene-photos",
            &format!("路灯{seed}.png"),
            &png(300_000, seed),
            None,
        )
        .await
        .unwrap();
    }
    let fourth = app
        .attach_file(&draft.id, "scene-photos", "路灯3.png", &png(1000, 3), None)
        .await
        .expect_err("a fourth photo is refused");
    let ui = UiError::from(&fourth);
    assert_eq!(ui.message.id, "error-too-many-files", "{ui:?}");
    assert_eq!(ui.message.args.get("max").map(String::as_str), Some("3"));
    let now = app.get_draft(&draft.id).await.unwrap();
    let photos = now.answers["scene-photos"].clone();
    assert_eq!(photos.len(), 3);
    let d = app.remove_attachment(&draft.id, &photos[2]).await.unwrap();
    assert_eq!(d.answers["scene-photos"].len(), 2);

    // The first send gets a 503; the outbox keeps it.
    hotline_fault(
        &url,
        serde_json::json!({ "kind": "status", "status": 503, "retryAfter": 1 }),
    )
    .await;
    // Then the answer of the send that creates it is lost.
    hotline_fault(
        &url,
        serde_json::json!({ "kind": "drop", "afterCommit": true }),
    )
    .await;
    let receipt = app.submit_application(&draft.id).await.unwrap();
    assert!(receipt.hotline);
    assert_eq!(receipt.outbox, OutboxState::RetryLater, "{receipt:?}");
    assert!(receipt.case_number.is_none());
    app.close().await;
    drop(app);

    // The app restarts; the outbox sends it by itself until the backend has it.
    let app = support::app(&db, &url).await;
    let mut id = None;
    for _ in 0..40 {
        app.pump_outbox().await.unwrap();
        let r = app.submit_application(&draft.id).await.unwrap();
        if let Some(n) = r.case_number {
            assert_eq!(r.outbox, OutboxState::Accepted);
            id = Some(n);
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let id = id.expect("the request was raised");
    assert!(id.starts_with('H'), "{id}");
    // Submitting again changes nothing.
    assert_eq!(
        app.submit_application(&draft.id)
            .await
            .unwrap()
            .case_number
            .as_deref(),
        Some(id.as_str())
    );

    // Listed as accepted (受理) before the watcher first fetched it (that fetch brings no news).
    let list = app.my_applications().await.unwrap();
    let line = list.iter().find(|a| a.draft_id == draft.id).unwrap();
    assert_eq!(
        line.case_status_message.as_deref(),
        Some("hotline-status-accepted")
    );

    // Exactly once, with both photos, every byte there.
    let mut sdb = server_db(dir.path()).await;
    let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM hotline_requests")
        .fetch_one(&mut sdb)
        .await
        .unwrap();
    assert_eq!(count, 1);
    let (kind, location, photos, anonymous, mobile): (String, String, String, bool, Option<String>) =
        sqlx::query_as(
            "SELECT type, location, photos, anonymous, contact_mobile FROM hotline_requests WHERE id = ?",
        )
        .bind(&id)
        .fetch_one(&mut sdb)
        .await
        .unwrap();
    assert_eq!(kind, "complaint");
    assert_eq!(location, "朝阳区幸福街道阳光小区 3 号门");
    assert!(!anonymous);
    assert_eq!(mobile.as_deref(), Some("13800000001"));
    let photos: Vec<String> = serde_json::from_str(&photos).unwrap();
    assert_eq!(photos.len(), 2);
    for upload in &photos {
        let (complete, size): (bool, i64) =
            sqlx::query_as("SELECT complete, size FROM uploads WHERE id = ?")
                .bind(upload)
                .fetch_one(&mut sdb)
                .await
                .unwrap();
        assert!(complete);
        assert!(size > 200_000, "{size}");
    }
    // No application was filed for it.
    let (cases,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM cases")
        .fetch_one(&mut sdb)
        .await
        .unwrap();
    assert_eq!(cases, 0);

    // Its page: accepted, what was raised, the mobile masked.
    let view = app.get_hotline_request(&id).await.unwrap();
    assert_eq!(view.status, HotlineState::Accepted);
    assert_eq!(view.kind_message, "hotline-type-complaint");
    assert_eq!(view.contact_mobile.as_deref(), Some("138****0001"));
    assert_eq!(view.photos, ["路灯0.png", "路灯1.png"]);
    assert!(!view.can_rate);
    // The case watcher leaves it alone; the 12345 round follows it.
    assert!(app.refresh_cases().await.unwrap().is_empty());

    // The lifecycle, one step at a time; a step out of order is refused.
    assert_eq!(transition(&url, &id, "replied", None).await, 409);
    for (to, note) in [
        ("dispatched", None),
        ("handled", None),
        (
            "replied",
            Some(("路灯已经修好了。", "The street light has been repaired.")),
        ),
    ] {
        assert_eq!(transition(&url, &id, to, note).await, 200, "{to}");
    }
    let news = app.refresh_hotline().await.unwrap();
    assert_eq!(news.len(), 1, "{news:?}");
    assert_eq!(news[0].case_number, id);
    assert_eq!(news[0].new_events, 3);
    assert_eq!(news[0].status_message, "hotline-status-replied");
    assert!(news[0].status.is_none());
    assert_eq!(news[0].service_name.zh_cn, "12345 热线诉求");
    // Told once: the next round has nothing new.
    assert!(app.refresh_hotline().await.unwrap().is_empty());
    let list = app.my_applications().await.unwrap();
    let line = list.iter().find(|a| a.draft_id == draft.id).unwrap();
    assert!(line.hotline);
    assert_eq!(
        line.case_status_message.as_deref(),
        Some("hotline-status-replied")
    );
    assert_eq!(line.unseen_events, 3);
    assert!(line.case_status.is_none());

    // Before the follow-up visit it cannot be rated.
    let early = app
        .rate_hotline_request(&id, 5, None)
        .await
        .expect_err("too early");
    assert!(matches!(early, CoreError::CaseState(_)), "{early:?}");

    let view = app.get_hotline_request(&id).await.unwrap();
    assert_eq!(view.status, HotlineState::Replied);
    assert_eq!(view.next_step_message, "hotline-next-replied");
    let reply = view
        .events
        .iter()
        .find(|e| e.status == HotlineState::Replied)
        .unwrap();
    assert_eq!(reply.note.as_ref().unwrap().zh_cn, "路灯已经修好了。");
    assert!(reply.is_new);
    assert_eq!(
        app.my_applications()
            .await
            .unwrap()
            .iter()
            .find(|a| a.draft_id == draft.id)
            .unwrap()
            .unseen_events,
        0
    );

    for to in ["closed", "follow-up-visit"] {
        assert_eq!(transition(&url, &id, to, None).await, 200, "{to}");
    }
    let view = app.get_hotline_request(&id).await.unwrap();
    assert_eq!(view.status, HotlineState::FollowUpVisit);
    assert_eq!(view.next_step_message, "hotline-next-rate");
    assert!(view.can_rate);
    let messages: Vec<&str> = view.events.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "hotline-event-accepted",
            "hotline-event-dispatched",
            "hotline-event-handled",
            "hotline-event-replied",
            "hotline-event-closed",
            "hotline-event-follow-up-visit"
        ]
    );
    // The back office cannot go past the visit: only the resident's rating can.
    assert_eq!(transition(&url, &id, "rated", None).await, 409);

    // A level out of range is refused here, before anything is sent.
    let bad = app
        .rate_hotline_request(&id, 6, None)
        .await
        .expect_err("level 6");
    assert!(matches!(bad, CoreError::InvalidAnswers(_)), "{bad:?}");

    let rated = app
        .rate_hotline_request(&id, 5, Some("  修得很快，谢谢！ "))
        .await
        .unwrap();
    assert_eq!(rated.status, HotlineState::Rated);
    assert!(!rated.can_rate);
    assert_eq!(rated.next_step_message, "hotline-next-rated");
    let rating = rated.rating.clone().unwrap();
    assert_eq!(rating.level, 5);
    assert_eq!(rating.comment.as_deref(), Some("修得很快，谢谢！"));

    // Once: a second rating is explained, and the first stays.
    let again = app
        .rate_hotline_request(&id, 1, Some("again"))
        .await
        .expect_err("rated once");
    assert!(matches!(again, CoreError::AlreadyRated), "{again:?}");
    let ui = UiError::from(&again);
    assert_eq!(ui.kind, ErrorKind::Conflict);
    assert_eq!(ui.message.id, "error-already-rated");
    let (ratings,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM ratings")
        .fetch_one(&mut sdb)
        .await
        .unwrap();
    assert_eq!(ratings, 1);

    // Offline, the page is the cache: the timeline and the rating (sealed on disk).
    server.shutdown().await;
    let offline = app.get_hotline_request(&id).await.unwrap();
    assert!(offline.from_cache);
    assert_eq!(offline.events.len(), 7);
    assert_eq!(offline.rating.unwrap().level, 5);
    app.close().await;
    let raw = std::fs::read(&db).unwrap();
    assert!(!support::contains(&raw, "修得很快".as_bytes()));
}

#[tokio::test]
async fn an_anonymous_request_carries_no_mobile_and_a_missing_place_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let server = full_server(dir.path()).await;
    let url = server.base_url();
    let app = app(&dir.path().join("app.sqlite"), &url).await;
    let draft = app.start_hotline_request().await.unwrap();
    save(&app, &draft.id, "request-type", "consultation").await;
    save(&app, &draft.id, "description", "高龄津贴什么时候发？").await;
    save(&app, &draft.id, "anonymous", "true").await;
    // Anonymous: the mobile is not asked.
    let d = app.get_draft(&draft.id).await.unwrap();
    assert!(!d.questions.iter().any(|q| q.link_id == "contact-mobile"));
    // Where is asked even for a question (the contract needs it).
    let missing = app.submit_application(&draft.id).await.expect_err("where");
    let CoreError::InvalidAnswers(fields) = missing else {
        panic!("{missing:?}")
    };
    assert_eq!(fields.len(), 1);
    assert_eq!(fields[0].link_id, "location");
    save(&app, &draft.id, "location", "海淀区").await;
    let receipt = app.submit_application(&draft.id).await.unwrap();
    let id = receipt.case_number.unwrap();
    let mut sdb = server_db(dir.path()).await;
    let (anonymous, mobile): (bool, Option<String>) =
        sqlx::query_as("SELECT anonymous, contact_mobile FROM hotline_requests WHERE id = ?")
            .bind(&id)
            .fetch_one(&mut sdb)
            .await
            .unwrap();
    assert!(anonymous);
    assert!(mobile.is_none());
    let view = app.get_hotline_request(&id).await.unwrap();
    assert!(view.anonymous);
    assert!(view.contact_mobile.is_none());
    assert_eq!(view.kind_message, "hotline-type-consultation");
}

#[tokio::test]
async fn a_kiosk_visit_leaves_no_12345_request_behind() {
    let dir = tempfile::tempdir().unwrap();
    let server = full_server(dir.path()).await;
    let db = dir.path().join("app.sqlite");
    let app = app(&db, &server.base_url()).await.with_kiosk(true);
    app.start_kiosk().await.unwrap();
    let draft = app.start_hotline_request().await.unwrap();
    save(&app, &draft.id, "request-type", "help").await;
    save(
        &app,
        &draft.id,
        "description",
        "家里水管漏水，一个人处理不了",
    )
    .await;
    save(&app, &draft.id, "location", "东城区和平里 5 号楼").await;
    save(&app, &draft.id, "anonymous", "true").await;
    let id = app
        .submit_application(&draft.id)
        .await
        .unwrap()
        .case_number
        .unwrap();
    assert!(app.get_hotline_request(&id).await.unwrap().anonymous);
    app.finish_visit().await.unwrap();
    // The next resident at the kiosk cannot open it, and nothing of it is on disk.
    assert!(matches!(
        app.get_hotline_request(&id).await,
        Err(CoreError::NotFound(_))
    ));
    app.close().await;
    let mut conn = SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(&db))
        .await
        .unwrap();
    for table in ["hotline_cache", "hotline_event_cache", "drafts", "answers"] {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert_eq!(n, 0, "{table}");
    }
}
