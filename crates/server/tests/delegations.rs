#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Delegations (亲友代办) over real HTTP: created by the principal or by staff, listed from both
//! sides, revoked; applications on someone's behalf are refused unless a delegation of the
//! caller covers them, filed under the principal when it does, and the principal sees it all.

mod support;

use bianmin_api::{
    ActivityAction, ActivityList, ApplicationReceipt, Delegation, DelegationList, DelegationStatus,
    OnBehalfOf, SubjectKind,
};
use reqwest::StatusCode;
use support::{elderly_allowance, ends_with, problem, raw_db, start, Server};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

const WANG: &str = "110101194403150026";

fn in_days(days: i64) -> String {
    (OffsetDateTime::now_utc() + Duration::days(days))
        .format(&Rfc3339)
        .unwrap()
}

async fn delegate(s: &Server, token: &str, body: serde_json::Value) -> reqwest::Response {
    s.post("/v1/delegations", token, &body).await
}

fn for_wang(delegation_id: Option<&str>) -> bianmin_api::ApplicationRequest {
    let mut request = elderly_allowance("王秀英", WANG);
    request.on_behalf_of = Some(OnBehalfOf {
        resident_id: "r-0001".into(),
        delegation_id: delegation_id.map(str::to_owned),
    });
    request
}

async fn owner(s: &Server, case_number: &str) -> Vec<Option<String>> {
    let db = raw_db(&s.db_path).await;
    let row: (
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT resident_id, actor_kind, actor_id, delegation_id FROM cases WHERE case_number = ?",
    )
    .bind(case_number)
    .fetch_one(&db)
    .await
    .unwrap();
    vec![row.0, row.1, row.2, row.3]
}

#[tokio::test]
async fn a_principal_delegates_online_and_the_agent_applies_for_her() {
    let s = start().await;
    let wang = s.resident("13800000001").await; // 王秀英, 82
    let li = s.resident("13800000002").await; // 李桂兰, her neighbour here
    let response = delegate(
        &s,
        &wang.token,
        serde_json::json!({
            "agentId": "r-0002",
            "scope": {"kind": "services", "services": ["elderly-allowance", "senior-card"]},
            "validTo": in_days(365),
            "consent": "online",
        }),
    )
    .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let delegation: Delegation = response.json().await.unwrap();
    assert_eq!(delegation.status, DelegationStatus::Active);
    assert_eq!(delegation.principal.name, "王秀英");
    assert_eq!(delegation.agent.name, "李桂兰");
    assert_eq!(delegation.witnessed_by, None);

    let given: DelegationList = s
        .get("/v1/delegations?role=principal", &wang.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(given.items, vec![delegation.clone()]);
    let held: DelegationList = s
        .get("/v1/delegations?role=agent", &li.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(held.items.iter().any(|d| d.id == delegation.id));
    let (status, _) = problem(s.get("/v1/delegations?role=boss", &li.token).await).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);

    let response = s
        .submit(
            Some(&li.token),
            "on-behalf-1",
            &for_wang(Some(&delegation.id)),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: ApplicationReceipt = response.json().await.unwrap();
    assert_eq!(
        owner(&s, &receipt.case_number).await,
        vec![
            Some("r-0001".into()),
            Some("resident".into()),
            Some("r-0002".into()),
            Some(delegation.id.clone())
        ]
    );

    // The case is the principal's: she follows it (its events, its receipt); to anyone else,
    // the agent who filed it included, it does not exist.
    let events = format!("/v1/applications/{}/events", receipt.case_number);
    assert_eq!(s.get(&events, &wang.token).await.status(), StatusCode::OK);
    let case = format!("/v1/applications/{}", receipt.case_number);
    assert_eq!(s.get(&case, &wang.token).await.status(), StatusCode::OK);
    for token in [&li.token] {
        let (status, p) = problem(s.get(&events, token).await).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(ends_with(&p, "not-found"));
    }
    let anonymous = s.http.get(s.url(&events)).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::NOT_FOUND);

    // The principal sees who did what for her.
    let activity: ActivityList = s
        .get("/v1/activity", &wang.token)
        .await
        .json()
        .await
        .unwrap();
    let filed = &activity.items[0];
    assert_eq!(filed.action, ActivityAction::ApplicationSubmitted);
    assert_eq!(filed.actor.id, "r-0002");
    assert_eq!(filed.actor.name, "李桂兰");
    assert_eq!(
        filed.case_number.as_deref(),
        Some(receipt.case_number.as_str())
    );
    assert_eq!(filed.delegation_id.as_deref(), Some(delegation.id.as_str()));
    assert_eq!(activity.items[1].action, ActivityAction::DelegationCreated);
    // The agent's own log has none of it.
    let theirs: ActivityList = s.get("/v1/activity", &li.token).await.json().await.unwrap();
    assert!(theirs.items.iter().all(|a| a.case_number.is_none()));

    // Revoked: refused from now on, and the principal sees the revocation.
    let revoked: Delegation = s
        .post(
            &format!("/v1/delegations/{}/revoke", delegation.id),
            &wang.token,
            &serde_json::json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(revoked.status, DelegationStatus::Revoked);
    assert!(revoked.revoked_at.is_some());
    let (status, p) = problem(
        s.submit(
            Some(&li.token),
            "on-behalf-2",
            &for_wang(Some(&delegation.id)),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(ends_with(&p, "delegation-refused"));
    assert_eq!(p.message.id, "error-delegation-revoked");
    let activity: ActivityList = s
        .get("/v1/activity", &wang.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(activity.items[0].action, ActivityAction::DelegationRevoked);
    // A refused key was not recorded: the same key may carry a valid request.
    let own = s
        .submit(
            Some(&li.token),
            "on-behalf-2",
            &elderly_allowance("李桂兰", "110105195807220246"),
        )
        .await;
    assert_eq!(own.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn acting_for_someone_is_refused_unless_a_delegation_of_yours_covers_it() {
    let s = start().await;
    let wang = s.resident("13800000001").await;
    let li = s.resident("13800000002").await;
    let chen = s.resident("13800000004").await;
    let create = |scope: serde_json::Value, from: Option<String>, to: String| {
        let mut body = serde_json::json!({
            "agentId": "r-0002", "scope": scope, "validTo": to, "consent": "online",
        });
        if let Some(from) = from {
            body["validFrom"] = from.into();
        }
        body
    };
    let make = |body: serde_json::Value| {
        let s = &s;
        let token = wang.token.clone();
        async move {
            let response = delegate(s, &token, body).await;
            assert_eq!(response.status(), StatusCode::CREATED);
            response.json::<Delegation>().await.unwrap().id
        }
    };
    let senior_only = make(create(
        serde_json::json!({"kind": "services", "services": ["senior-card"]}),
        None,
        in_days(30),
    ))
    .await;
    let later = make(create(
        serde_json::json!({"kind": "all"}),
        Some(in_days(10)),
        in_days(40),
    ))
    .await;
    let all = make(create(
        serde_json::json!({"kind": "all"}),
        None,
        in_days(30),
    ))
    .await;
    // Age one delegation past its end, as time would.
    let expired = make(create(
        serde_json::json!({"kind": "all"}),
        None,
        in_days(30),
    ))
    .await;
    let db = raw_db(&s.db_path).await;
    sqlx::query("UPDATE delegations SET valid_from = '2024-01-01T00:00:00Z', valid_to = '2025-01-01T00:00:00Z' WHERE id = ?")
        .bind(&expired)
        .execute(&db)
        .await
        .unwrap();

    let cases = [
        (&li.token, None, "error-delegation-required"),
        (
            &li.token,
            Some(senior_only.as_str()),
            "error-delegation-out-of-scope",
        ),
        (
            &li.token,
            Some(later.as_str()),
            "error-delegation-not-yet-valid",
        ),
        (
            &li.token,
            Some(expired.as_str()),
            "error-delegation-expired",
        ),
        (
            &li.token,
            Some("d-no-such-thing"),
            "error-delegation-not-yours",
        ),
        // Not the agent of this delegation.
        (
            &chen.token,
            Some(all.as_str()),
            "error-delegation-not-yours",
        ),
    ];
    for (i, (token, delegation, message)) in cases.into_iter().enumerate() {
        let (status, p) = problem(
            s.submit(Some(token), &format!("refused-{i}"), &for_wang(delegation))
                .await,
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{message}");
        assert!(ends_with(&p, "delegation-refused"));
        assert_eq!(p.message.id, message);
    }
    // A delegation for another principal does not let you act for this one.
    let mut for_chen = for_wang(Some(&all));
    for_chen.on_behalf_of.as_mut().unwrap().resident_id = "r-0004".into();
    let (status, p) = problem(s.submit(Some(&li.token), "refused-x", &for_chen).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(p.message.id, "error-delegation-not-yours");
    // Anonymous callers cannot act for anyone.
    let (status, _) = problem(s.submit(None, "refused-anon", &for_wang(Some(&all))).await).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // Nothing was filed.
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(count, 0);
    // And the valid one works.
    let ok = s
        .submit(Some(&li.token), "accepted", &for_wang(Some(&all)))
        .await;
    assert_eq!(ok.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn staff_record_delegations_and_act_for_residents() {
    let s = start().await;
    let staff: bianmin_api::SignedIn = s
        .staff("S1001", "bianmin-practice-1")
        .await
        .json()
        .await
        .unwrap();
    let wang = s.resident("13800000001").await;
    // Staff act for a resident without a delegation: "staff S for resident R".
    let response = s
        .submit(Some(&staff.token), "staff-1", &for_wang(None))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let receipt: ApplicationReceipt = response.json().await.unwrap();
    assert_eq!(
        owner(&s, &receipt.case_number).await,
        vec![
            Some("r-0001".into()),
            Some("staff".into()),
            Some("S1001".into()),
            None
        ]
    );
    let activity: ActivityList = s
        .get("/v1/activity", &wang.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(activity.items[0].actor.kind, SubjectKind::Staff);
    assert_eq!(activity.items[0].actor.name, "周丽");

    // Staff record a delegation witnessed in person.
    let body = serde_json::json!({
        "principalId": "r-0001", "agentId": "r-0004",
        "scope": {"kind": "all"}, "validTo": in_days(90), "consent": "in-person",
        "evidence": {"materialCode": "household-register"},
    });
    let response = delegate(&s, &staff.token, body.clone()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let delegation: Delegation = response.json().await.unwrap();
    assert_eq!(delegation.witnessed_by.as_ref().unwrap().id, "S1001");
    let activity: ActivityList = s
        .get("/v1/activity", &wang.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(activity.items[0].action, ActivityAction::DelegationCreated);
    assert_eq!(activity.items[0].actor.id, "S1001");

    // What staff and residents may not record.
    let refused = [
        (
            &staff.token,
            serde_json::json!({"consent": "online"}),
            "error-delegation-consent-staff",
        ),
        (
            &staff.token,
            serde_json::json!({"consent": "signed-paper", "evidence": null}),
            "error-delegation-evidence-required",
        ),
        (
            &staff.token,
            serde_json::json!({"principalId": null}),
            "error-delegation-unknown-resident",
        ),
        (
            &staff.token,
            serde_json::json!({"agentId": "r-0001"}),
            "error-delegation-self",
        ),
        (
            &staff.token,
            serde_json::json!({"agentId": "r-9999"}),
            "error-delegation-unknown-resident",
        ),
        (
            &staff.token,
            serde_json::json!({"scope": {"kind": "services", "services": []}}),
            "error-delegation-scope",
        ),
        (
            &staff.token,
            serde_json::json!({"scope": {"kind": "services", "services": ["no-such-service"]}}),
            "error-delegation-scope",
        ),
        (
            &staff.token,
            serde_json::json!({"validTo": in_days(-1)}),
            "error-delegation-dates",
        ),
        (
            &staff.token,
            serde_json::json!({"validTo": in_days(6 * 366)}),
            "error-delegation-dates",
        ),
        (
            &staff.token,
            serde_json::json!({"validTo": "next year"}),
            "error-delegation-dates",
        ),
        (
            &wang.token,
            serde_json::json!({"principalId": null}),
            "error-delegation-consent-online",
        ),
    ];
    for (token, change, message) in refused {
        let mut request = body.clone();
        for (k, v) in change.as_object().unwrap() {
            request[k] = v.clone();
        }
        let (status, p) = problem(delegate(&s, token, request).await).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{message}");
        assert_eq!(p.message.id, message);
    }
    // A resident cannot record a delegation for someone else.
    let mut request = body.clone();
    request["principalId"] = "r-0002".into();
    request["consent"] = "online".into();
    let (status, _) = problem(delegate(&s, &wang.token, request).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_mother_of_the_demo_story_holds_a_delegation_for_disability_services_only() {
    let s = start().await;
    let li = s.resident("13800000002").await;
    let held: DelegationList = s
        .get("/v1/delegations?role=agent", &li.token)
        .await
        .json()
        .await
        .unwrap();
    let demo = held.items.iter().find(|d| d.id == "d-demo-0001").unwrap();
    assert_eq!(demo.principal.name, "张伟");
    assert_eq!(demo.status, DelegationStatus::Active);
    assert_eq!(demo.witnessed_by.as_ref().unwrap().name, "孙强");
    assert!(demo.scope.covers("disability-subsidy"));
    assert!(!demo.scope.covers("elderly-allowance"));
    let mut request = elderly_allowance("张伟", "110105199011080135");
    request.on_behalf_of = Some(OnBehalfOf {
        resident_id: "r-0003".into(),
        delegation_id: Some("d-demo-0001".into()),
    });
    let (status, p) = problem(s.submit(Some(&li.token), "story-1", &request).await).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(p.message.id, "error-delegation-out-of-scope");
    // Someone else cannot revoke it, nor see that it exists.
    let chen = s.resident("13800000004").await;
    let (status, _) = problem(
        s.post(
            "/v1/delegations/d-demo-0001/revoke",
            &chen.token,
            &serde_json::json!({}),
        )
        .await,
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn anonymous_and_own_submissions_keep_working() {
    let s = start().await;
    let anonymous = s
        .submit(None, "anon-1", &elderly_allowance("王秀英", WANG))
        .await;
    assert_eq!(anonymous.status(), StatusCode::CREATED);
    let receipt: ApplicationReceipt = anonymous.json().await.unwrap();
    assert_eq!(
        owner(&s, &receipt.case_number).await,
        vec![None, None, None, None]
    );

    let wang = s.resident("13800000001").await;
    let own = s.submit(Some(&wang.token), "own-1", &for_wang(None)).await;
    assert_eq!(own.status(), StatusCode::CREATED);
    let receipt: ApplicationReceipt = own.json().await.unwrap();
    assert_eq!(
        owner(&s, &receipt.case_number).await,
        vec![
            Some("r-0001".into()),
            Some("resident".into()),
            Some("r-0001".into()),
            None
        ]
    );
    // Her own application is not "done for her" by someone else.
    let activity: ActivityList = s
        .get("/v1/activity", &wang.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(activity.items.is_empty());
}
