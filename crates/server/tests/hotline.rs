#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! 12345 requests over real HTTP: raised exactly once, followed through dispatch, handling,
//! reply, closing and the follow-up visit, rated once; refused when malformed; private to the
//! resident who raised them.

mod common;

use bianmin_api::{
    problem_types, HotlineList, HotlineReceipt, HotlineRequestDetail, HotlineStatus,
    NotificationKind, NotificationPage, Rating, IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED,
};
use common::{body, problem, Rig};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::time::Duration;

fn request() -> Value {
    json!({
        "type": "help",
        "description": "小区门口的路灯坏了一个星期，晚上出门看不清路。",
        "location": "北京市东城区和平里街道 3 号院门口",
        "photos": ["upload-1", "upload-2"],
        "anonymous": false,
        "contactMobile": "13800138000"
    })
}

async fn raise(rig: &Rig, token: Option<&str>, key: &str, body_: &Value) -> reqwest::Response {
    let mut r = rig
        .post("/v1/hotline-requests")
        .header(IDEMPOTENCY_KEY, key)
        .json(body_);
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    r.send().await.unwrap()
}

async fn detail(rig: &Rig, id: &str, token: Option<&str>) -> HotlineRequestDetail {
    let mut r = rig.get(&format!("/v1/hotline-requests/{id}"));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    body(r.send().await.unwrap(), StatusCode::OK).await
}

async fn step(rig: &Rig, id: &str, to: &str) -> reqwest::Response {
    rig.post(&format!("/admin/hotline/{id}/transition"))
        .json(&json!({ "to": to }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_request_runs_its_lifecycle_and_is_rated_once() {
    let rig = Rig::start().await;
    let alice = rig.session("resident", "resident-alice").await;
    let first = raise(&rig, Some(&alice), "h1", &request()).await;
    let receipt: HotlineReceipt = body(first, StatusCode::CREATED).await;
    assert_eq!(receipt.status, HotlineStatus::Accepted);
    assert!(receipt.id.len() >= 20, "unguessable: {}", receipt.id);
    let replay = raise(&rig, Some(&alice), "h1", &request()).await;
    assert_eq!(replay.headers()[IDEMPOTENT_REPLAYED], "true");
    assert_eq!(
        body::<HotlineReceipt>(replay, StatusCode::CREATED).await,
        receipt
    );
    let mut other = request();
    other["type"] = json!("complaint");
    let reused = raise(&rig, Some(&alice), "h1", &other).await;
    assert_eq!(
        problem(reused, StatusCode::UNPROCESSABLE_ENTITY).await.kind,
        problem_types::IDEMPOTENCY_KEY_REUSED
    );
    let id = receipt.id;

    let url = format!("/v1/hotline-requests/{id}/rating");
    // Rating before the follow-up visit, and skipping steps, are refused.
    let early = rig
        .post(&url)
        .bearer_auth(&alice)
        .json(&json!({"level": 4}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(early, StatusCode::CONFLICT).await.kind,
        problem_types::STATE_CONFLICT
    );
    for to in ["handled", "closed", "rated", "accepted"] {
        problem(step(&rig, &id, to).await, StatusCode::CONFLICT).await;
    }
    let replied = rig
        .post(&format!("/admin/hotline/{id}/transition"))
        .json(&json!({"to": "dispatched", "note": {"zhCN": "已派至和平里街道办事处", "enUS": "Passed to the Hepingli sub-district office"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(replied.status(), StatusCode::OK);
    for to in ["handled", "replied", "closed", "follow-up-visit"] {
        assert_eq!(step(&rig, &id, to).await.status(), StatusCode::OK, "{to}");
    }
    problem(step(&rig, &id, "rated").await, StatusCode::CONFLICT).await;

    let rating: Rating = body(
        rig.post(&url)
            .bearer_auth(&alice)
            .json(&json!({"level": 4, "comment": "修得很快"}))
            .send()
            .await
            .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(rating.level, 4);
    let twice = rig
        .post(&url)
        .bearer_auth(&alice)
        .json(&json!({"level": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(twice, StatusCode::CONFLICT).await.kind,
        problem_types::ALREADY_RATED
    );
    let stored: Rating = body(
        rig.get(&url).bearer_auth(&alice).send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(stored, rating);

    let d = detail(&rig, &id, Some(&alice)).await;
    assert_eq!(d.status, HotlineStatus::Rated);
    assert_eq!(
        d.events.iter().map(|e| e.status).collect::<Vec<_>>(),
        [
            HotlineStatus::Accepted,
            HotlineStatus::Dispatched,
            HotlineStatus::Handled,
            HotlineStatus::Replied,
            HotlineStatus::Closed,
            HotlineStatus::FollowUpVisit,
            HotlineStatus::Rated
        ]
    );
    assert_eq!(
        d.events[1].note.as_ref().unwrap().zh_cn,
        "已派至和平里街道办事处"
    );
    assert_eq!(d.contact_mobile.as_deref(), Some("138****8000"));
    assert_eq!(d.photos, ["upload-1", "upload-2"]);

    // Each back-office step told Alice, with an action that opens the request.
    let feed: NotificationPage = body(
        rig.get("/v1/notifications")
            .bearer_auth(&alice)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(feed.items.len(), 5);
    assert!(feed
        .items
        .iter()
        .all(|n| n.kind == NotificationKind::HotlineEvent
            && n.hotline_id.as_deref() == Some(id.as_str())));

    let mine: HotlineList = body(
        rig.get("/v1/hotline-requests")
            .bearer_auth(&alice)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(mine.items.len(), 1);
    assert_eq!(mine.items[0].id, id);
}

#[tokio::test]
async fn malformed_requests_are_refused_and_not_recorded() {
    let rig = Rig::start().await;
    let no_key = rig
        .post("/v1/hotline-requests")
        .json(&request())
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(no_key, StatusCode::BAD_REQUEST).await.kind,
        problem_types::IDEMPOTENCY_KEY_MISSING
    );
    let cases: [(Value, &str, StatusCode); 9] = [
        (
            json!({"description": ""}),
            "description",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"location": "  "}),
            "location",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"photos": ["a", "b", "c", "d"]}),
            "photos",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"contactMobile": null}),
            "contactMobile",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"contactMobile": "12345"}),
            "contactMobile",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        // An anonymous request carries no number: it is not collected.
        (
            json!({"anonymous": true}),
            "contactMobile",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"description": "很".repeat(2001)}),
            "description",
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (json!({"type": "praise"}), "", StatusCode::BAD_REQUEST),
        (json!({"anonymous": "no"}), "", StatusCode::BAD_REQUEST),
    ];
    for (change, field, status) in cases {
        let mut b = request();
        for (k, v) in change.as_object().unwrap() {
            b[k] = v.clone();
        }
        let p = problem(raise(&rig, None, "h-bad", &b).await, status).await;
        if !field.is_empty() {
            assert_eq!(p.fields[0].link_id, field, "{change}");
        }
    }
    let not_json = rig
        .post("/v1/hotline-requests")
        .header(IDEMPOTENCY_KEY, "h-bad")
        .body("nonsense")
        .send()
        .await
        .unwrap();
    problem(not_json, StatusCode::BAD_REQUEST).await;
    // Nothing was recorded under the key: a good request may use it.
    let mut anonymous = request();
    anonymous["anonymous"] = json!(true);
    anonymous.as_object_mut().unwrap().remove("contactMobile");
    let ok: HotlineReceipt = body(
        raise(&rig, None, "h-bad", &anonymous).await,
        StatusCode::CREATED,
    )
    .await;
    let d = detail(&rig, &ok.id, None).await;
    assert!(d.anonymous);
    assert_eq!(d.contact_mobile, None);

    problem(
        rig.get("/v1/hotline-requests/H-none").send().await.unwrap(),
        StatusCode::NOT_FOUND,
    )
    .await;
    problem(
        step(&rig, "H-none", "dispatched").await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let bad_step = rig
        .post(&format!("/admin/hotline/{}/transition", ok.id))
        .json(&json!({"to": "teleported"}))
        .send()
        .await
        .unwrap();
    problem(bad_step, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn a_signed_in_residents_request_is_theirs_alone() {
    let rig = Rig::start().await;
    let alice = rig.session("resident", "resident-alice").await;
    let bob = rig.session("resident", "resident-bob").await;
    let staff = rig.session("staff", "staff-7").await;
    let mut anonymous = request();
    anonymous["anonymous"] = json!(true);
    anonymous.as_object_mut().unwrap().remove("contactMobile");
    // Anonymous to the departments, still Alice's own to follow.
    let r: HotlineReceipt = body(
        raise(&rig, Some(&alice), "h1", &anonymous).await,
        StatusCode::CREATED,
    )
    .await;
    detail(&rig, &r.id, Some(&alice)).await;
    for token in [None, Some(bob.as_str())] {
        let mut req = rig.get(&format!("/v1/hotline-requests/{}", r.id));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        problem(req.send().await.unwrap(), StatusCode::NOT_FOUND).await;
    }
    let bobs: HotlineList = body(
        rig.get("/v1/hotline-requests")
            .bearer_auth(&bob)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert!(bobs.items.is_empty());
    problem(
        rig.get("/v1/hotline-requests").send().await.unwrap(),
        StatusCode::UNAUTHORIZED,
    )
    .await;
    problem(
        rig.get("/v1/hotline-requests")
            .bearer_auth(&staff)
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
    )
    .await;
}

#[tokio::test]
async fn the_schedule_takes_a_request_to_its_follow_up_visit() {
    let rig = Rig::start_with(Some(Duration::from_millis(40))).await;
    let r: HotlineReceipt = body(
        raise(&rig, None, "h1", &request()).await,
        StatusCode::CREATED,
    )
    .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let d = detail(&rig, &r.id, None).await;
        if d.status == HotlineStatus::FollowUpVisit {
            assert_eq!(d.events.len(), 6);
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "stuck at {:?}",
            d.status
        );
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    // It waits there for the resident's rating.
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert_eq!(
        detail(&rig, &r.id, None).await.status,
        HotlineStatus::FollowUpVisit
    );
}
