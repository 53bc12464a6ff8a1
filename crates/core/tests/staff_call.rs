#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! A kiosk calling a member of staff (`Bianmin::call_staff`, `staff_call`, `cancel_staff_call`)
//! over real HTTP to the reference server: the call carries the kiosk's place, waits until the
//! back office answers it, is never made twice by a double press, is cancelled by finishing the
//! visit, and is refused outside a kiosk. A dead backend is a network error, and the next press
//! calls for real.

mod support;

use bianmin_core::view::StaffCallState;
use bianmin_core::CoreError;
use serde_json::json;

async fn answer(server: &str, id: &str) -> u16 {
    reqwest::Client::new()
        .post(format!("{server}/admin/staff-calls/{id}/answer"))
        .json(&json!({ "note": { "zhCN": "王老师马上到。", "enUS": "Ms Wang is coming." } }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn place_on_server(server: &str, id: &str) -> String {
    let call: serde_json::Value = reqwest::get(format!("{server}/v1/staff-calls/{id}"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    call["place"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_kiosk_calls_once_and_hears_who_is_coming() {
    let dir = tempfile::tempdir().unwrap();
    let server = support::server(dir.path()).await;
    let base = server.base_url();
    let app = support::app(&dir.path().join("app.sqlite"), &base)
        .await
        .with_kiosk(true)
        .with_kiosk_place("  大厅 A 区 3 号机 ");
    app.start_kiosk().await.unwrap();

    let call = app.call_staff().await.unwrap();
    assert_eq!(call.state, StaffCallState::Waiting);
    assert_eq!(place_on_server(&base, &call.id).await, "大厅 A 区 3 号机");
    // A second press while it waits is the same call, not a second member of staff.
    assert_eq!(app.call_staff().await.unwrap().id, call.id);

    assert_eq!(answer(&base, &call.id).await, 200);
    let seen = app.staff_call(&call.id).await.unwrap();
    assert_eq!(seen.state, StaffCallState::Coming);
    assert_eq!(seen.note.unwrap().en_us, "Ms Wang is coming.");

    // The resident no longer needs help: cancelled, and the next press is a new call.
    let cancelled = app.cancel_staff_call(&call.id).await.unwrap();
    assert_eq!(cancelled.state, StaffCallState::Cancelled);
    let next = app.call_staff().await.unwrap();
    assert_ne!(next.id, call.id);
    assert_eq!(next.state, StaffCallState::Waiting);
}

#[tokio::test]
async fn finishing_the_visit_cancels_the_open_call() {
    let dir = tempfile::tempdir().unwrap();
    let server = support::server(dir.path()).await;
    let base = server.base_url();
    let app = support::app(&dir.path().join("app.sqlite"), &base)
        .await
        .with_kiosk(true);
    app.start_kiosk().await.unwrap();
    let call = app.call_staff().await.unwrap();
    app.finish_visit().await.unwrap();
    let after = app.staff_call(&call.id).await.unwrap();
    assert_eq!(after.state, StaffCallState::Cancelled);
    // Nobody can take a call whose resident has gone.
    assert_eq!(answer(&base, &call.id).await, 409);
    // The next visit starts without one.
    assert_ne!(app.call_staff().await.unwrap().id, call.id);
}

#[tokio::test]
async fn only_a_kiosk_calls_and_a_dead_backend_is_a_network_error() {
    let dir = tempfile::tempdir().unwrap();
    let server = support::server(dir.path()).await;
    let home = support::app(&dir.path().join("home.sqlite"), &server.base_url()).await;
    assert!(matches!(home.call_staff().await, Err(CoreError::NotKiosk)));

    // A kiosk whose backend is not there: nothing listens on this port.
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let dead = format!("http://{}", free.local_addr().unwrap());
    drop(free);
    let kiosk = support::app(&dir.path().join("kiosk.sqlite"), &dead)
        .await
        .with_kiosk(true);
    assert!(matches!(
        kiosk.call_staff().await,
        Err(CoreError::Network(_))
    ));
}
