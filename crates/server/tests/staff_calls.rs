#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! A kiosk calling a member of staff over real HTTP: the call waits, a member of staff answers it
//! (the back office's admin route), the kiosk sees who is coming; cancelled by the kiosk; refused
//! when the place is missing, empty or too long; unknown ids are 404 problems.

mod common;

use bianmin_api::{problem_types, StaffCall, StaffCallStatus, MAX_STAFF_CALL_PLACE_CHARS};
use common::{body, problem, Rig};
use reqwest::StatusCode;
use serde_json::json;

async fn call(rig: &Rig, place: &str) -> reqwest::Response {
    rig.post("/v1/staff-calls")
        .json(&json!({ "place": place }))
        .send()
        .await
        .unwrap()
}

async fn get(rig: &Rig, id: &str) -> reqwest::Response {
    rig.get(&format!("/v1/staff-calls/{id}"))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_call_waits_then_a_member_of_staff_is_coming() {
    let rig = Rig::start().await;
    let made: StaffCall = body(
        call(&rig, "  大厅 A 区 3 号自助机 ").await,
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(made.status, StaffCallStatus::Waiting);
    assert_eq!(
        made.place, "大厅 A 区 3 号自助机",
        "the place is kept trimmed"
    );
    assert!(made.note.is_none());
    let seen: StaffCall = body(get(&rig, &made.id).await, StatusCode::OK).await;
    assert_eq!(seen, made);

    let answered = rig
        .post(&format!("/admin/staff-calls/{}/answer", made.id))
        .json(&json!({ "note": { "zhCN": "王老师马上到。", "enUS": "Ms Wang is coming." } }))
        .send()
        .await
        .unwrap();
    let answered: StaffCall = body(answered, StatusCode::OK).await;
    assert_eq!(answered.status, StaffCallStatus::Coming);
    let seen: StaffCall = body(get(&rig, &made.id).await, StatusCode::OK).await;
    assert_eq!(seen.status, StaffCallStatus::Coming);
    assert_eq!(seen.note.unwrap().en_us, "Ms Wang is coming.");

    // Answered once: a second member of staff is told it is taken.
    let again = rig
        .post(&format!("/admin/staff-calls/{}/answer", made.id))
        .send()
        .await
        .unwrap();
    let p = problem(again, StatusCode::CONFLICT).await;
    assert_eq!(p.kind, problem_types::STATE_CONFLICT);
}

#[tokio::test]
async fn a_cancelled_call_stays_cancelled_and_cannot_be_answered() {
    let rig = Rig::start().await;
    let made: StaffCall = body(call(&rig, "kiosk-3").await, StatusCode::CREATED).await;
    let other: StaffCall = body(call(&rig, "kiosk-4").await, StatusCode::CREATED).await;
    assert_ne!(made.id, other.id, "every call has an id of its own");
    for _ in 0..2 {
        let cancelled = rig
            .post(&format!("/v1/staff-calls/{}/cancel", made.id))
            .send()
            .await
            .unwrap();
        let cancelled: StaffCall = body(cancelled, StatusCode::OK).await;
        assert_eq!(cancelled.status, StaffCallStatus::Cancelled);
    }
    let answer = rig
        .post(&format!("/admin/staff-calls/{}/answer", made.id))
        .send()
        .await
        .unwrap();
    problem(answer, StatusCode::CONFLICT).await;
    // The other call is untouched.
    let seen: StaffCall = body(get(&rig, &other.id).await, StatusCode::OK).await;
    assert_eq!(seen.status, StaffCallStatus::Waiting);
}

#[tokio::test]
async fn bad_calls_and_unknown_ids_are_problems() {
    let rig = Rig::start().await;
    for place in ["", "   ", &"长".repeat(MAX_STAFF_CALL_PLACE_CHARS + 1)] {
        let p = problem(call(&rig, place).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert_eq!(p.kind, problem_types::INVALID_REQUEST);
        assert_eq!(p.fields[0].link_id, "place");
    }
    // Exactly the longest place is taken.
    body::<StaffCall>(
        call(&rig, &"长".repeat(MAX_STAFF_CALL_PLACE_CHARS)).await,
        StatusCode::CREATED,
    )
    .await;
    let no_place = rig
        .post("/v1/staff-calls")
        .json(&json!({ "where": "kiosk" }))
        .send()
        .await
        .unwrap();
    problem(no_place, StatusCode::BAD_REQUEST).await;
    problem(get(&rig, "S-no-such-call").await, StatusCode::NOT_FOUND).await;
    let cancel = rig
        .post("/v1/staff-calls/S-no-such-call/cancel")
        .send()
        .await
        .unwrap();
    problem(cancel, StatusCode::NOT_FOUND).await;
}
