#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! The resident's notifications over real HTTP: case events and reminders arrive in order,
//! unacknowledged ones come back, acknowledging never moves back, and only the resident reads
//! their own.

mod common;

use bianmin_api::{
    problem_types, AckResult, Notification, NotificationAction, NotificationKind, NotificationPage,
    ReminderKind,
};
use common::{body, problem, Rig};
use reqwest::StatusCode;
use serde_json::json;

async fn page(rig: &Rig, token: &str, query: &str) -> NotificationPage {
    body(
        rig.get(&format!("/v1/notifications{query}"))
            .bearer_auth(token)
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await
}

async fn ack(rig: &Rig, token: &str, up_to: &str) -> reqwest::Response {
    rig.post("/v1/notifications/ack")
        .bearer_auth(token)
        .json(&json!({ "upTo": up_to }))
        .send()
        .await
        .unwrap()
}

async fn remind(rig: &Rig, resident: &str, kind: &str) -> Notification {
    body(
        rig.post("/admin/reminders")
            .json(&json!({"residentId": resident, "kind": kind, "dueDate": "2026-12-31"}))
            .send()
            .await
            .unwrap(),
        StatusCode::CREATED,
    )
    .await
}

#[tokio::test]
async fn case_events_reach_the_owner_with_a_cursor_and_ack() {
    let rig = Rig::start().await;
    let alice = rig.session("resident", "resident-alice").await;
    let n = rig.file_case(Some(&alice), "k1").await;
    // Filing tells nobody anything new; the back office's steps do.
    assert!(page(&rig, &alice, "").await.items.is_empty());
    rig.walk(&n, &["accepted", "needs-more"]).await;

    let first = page(&rig, &alice, "").await;
    assert_eq!(first.items.len(), 2);
    assert!(first
        .items
        .iter()
        .all(|i| i.kind == NotificationKind::CaseEvent
            && i.case_number.as_deref() == Some(n.as_str())
            && i.action
                == NotificationAction::OpenCase {
                    case_number: n.clone()
                }));
    assert!(first.items[0].title.zh_cn.starts_with("高龄津贴申请"));
    assert!(first.items[1].body.zh_cn.contains("本人社保卡或银行卡"));
    assert!(first.items[1]
        .body
        .en_us
        .contains("Your own social security or bank card"));
    assert_eq!(first.acked_up_to, None);
    assert!(!first.more);
    let c1 = first.items[0].cursor.clone();
    let c2 = first.items[1].cursor.clone();

    // Not acknowledged: they come back.
    assert_eq!(page(&rig, &alice, "").await, first);
    // Paging with after and limit.
    let one = page(&rig, &alice, "?limit=1").await;
    assert_eq!(one.items, first.items[..1]);
    assert!(one.more);
    assert_eq!(one.next_cursor.as_deref(), Some(c1.as_str()));
    let rest = page(&rig, &alice, &format!("?after={c1}&limit=1")).await;
    assert_eq!(rest.items, first.items[1..]);
    assert!(!rest.more);

    // Acknowledge the first: only the second comes back.
    let acked: AckResult = body(ack(&rig, &alice, &c1).await, StatusCode::OK).await;
    assert_eq!(acked.acked_up_to, c1);
    let after_ack = page(&rig, &alice, "").await;
    assert_eq!(after_ack.items, first.items[1..]);
    assert_eq!(after_ack.acked_up_to.as_deref(), Some(c1.as_str()));
    // An older cursor does not move the acknowledgement back.
    let zero: AckResult = body(ack(&rig, &alice, "0").await, StatusCode::OK).await;
    assert_eq!(zero.acked_up_to, c1);
    // A cursor not yet sent, or not a cursor at all, is refused.
    for bad in ["999", "-1", "abc", ""] {
        let p = problem(
            ack(&rig, &alice, bad).await,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(p.fields[0].link_id, "upTo", "{bad}");
    }
    body::<AckResult>(ack(&rig, &alice, &c2).await, StatusCode::OK).await;
    assert!(page(&rig, &alice, "").await.items.is_empty());
    // The whole history can still be read from the start.
    assert_eq!(page(&rig, &alice, "?after=0").await.items, first.items);

    // A resident's own acts (supplement, withdrawal) are not notified back to them.
    rig.post(&format!("/v1/applications/{n}/withdraw"))
        .bearer_auth(&alice)
        .send()
        .await
        .unwrap();
    assert!(page(&rig, &alice, "").await.items.is_empty());
}

#[tokio::test]
async fn reminders_start_the_right_service() {
    let rig = Rig::start().await;
    let alice = rig.session("resident", "resident-alice").await;
    let bob = rig.session("resident", "resident-bob").await;
    for (kind, service) in [
        ("pension-qualification-check", "pension-certification"),
        ("id-card-expiring", "id-card-renewal"),
        ("turning-80", "elderly-allowance"),
    ] {
        let n = remind(&rig, "resident-alice", kind).await;
        assert_eq!(n.kind, NotificationKind::Reminder);
        assert_eq!(
            n.action,
            NotificationAction::StartService {
                service_code: service.into()
            }
        );
        assert!(n.body.zh_cn.contains("2026-12-31"), "{kind}");
        assert_eq!(n.due_date.as_deref(), Some("2026-12-31"), "{kind}");
    }
    let feed = page(&rig, &alice, "").await;
    assert_eq!(
        feed.items.iter().map(|n| n.reminder).collect::<Vec<_>>(),
        [
            Some(ReminderKind::PensionQualificationCheck),
            Some(ReminderKind::IdCardExpiring),
            Some(ReminderKind::Turning80)
        ]
    );
    // Bob sees none of Alice's, and cannot acknowledge with her cursors.
    assert!(page(&rig, &bob, "").await.items.is_empty());
    problem(
        ack(&rig, &bob, &feed.items[2].cursor).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;

    for bad in [
        json!({"residentId": "resident-alice", "kind": "birthday"}),
        json!({"residentId": "resident-alice"}),
    ] {
        let response = rig
            .post("/admin/reminders")
            .json(&bad)
            .send()
            .await
            .unwrap();
        problem(response, StatusCode::BAD_REQUEST).await;
    }
    let bad_date = rig
        .post("/admin/reminders")
        .json(
            &json!({"residentId": "resident-alice", "kind": "turning-80", "dueDate": "2026-02-30"}),
        )
        .send()
        .await
        .unwrap();
    problem(bad_date, StatusCode::UNPROCESSABLE_ENTITY).await;
}

#[tokio::test]
async fn only_a_signed_in_resident_reads_notifications() {
    let rig = Rig::start().await;
    let anonymous = rig.get("/v1/notifications").send().await.unwrap();
    assert_eq!(
        problem(anonymous, StatusCode::UNAUTHORIZED).await.kind,
        problem_types::UNAUTHORIZED
    );
    let kiosk = rig.session("kiosk", "kiosk-1").await;
    let p = problem(
        rig.get("/v1/notifications")
            .bearer_auth(&kiosk)
            .send()
            .await
            .unwrap(),
        StatusCode::FORBIDDEN,
    )
    .await;
    assert_eq!(p.kind, problem_types::FORBIDDEN);
    problem(ack(&rig, &kiosk, "1").await, StatusCode::FORBIDDEN).await;

    let alice = rig.session("resident", "resident-alice").await;
    for query in [
        "?limit=0",
        "?limit=201",
        "?limit=x",
        "?after=x",
        "?after=-3",
    ] {
        let response = rig
            .get(&format!("/v1/notifications{query}"))
            .bearer_auth(&alice)
            .send()
            .await
            .unwrap();
        problem(response, StatusCode::BAD_REQUEST).await;
    }
    let bad = rig
        .post("/v1/notifications/ack")
        .bearer_auth(&alice)
        .body("{\"upTo\": 3}")
        .send()
        .await
        .unwrap();
    problem(bad, StatusCode::BAD_REQUEST).await;
}
