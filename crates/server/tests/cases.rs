#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Following a case over real HTTP: its event feed through every lifecycle path, the back
//! office's illegal transitions, supplements (补正) with their idempotency, withdrawal, rating,
//! and who may see a case.

mod common;

use bianmin_api::{
    problem_types, ApplicationReceipt, CaseEvent, CaseEventDetail, CaseEventList, CaseStatus,
    Rating, SupplementReceipt, IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED,
};
use common::{body, problem, Rig};
use reqwest::StatusCode;
use serde_json::json;
use std::time::Duration;

async fn feed(rig: &Rig, case_number: &str, token: Option<&str>) -> CaseEventList {
    let mut request = rig.get(&format!("/v1/applications/{case_number}/events"));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    body(request.send().await.unwrap(), StatusCode::OK).await
}

fn kinds(list: &CaseEventList) -> Vec<String> {
    list.items
        .iter()
        .map(|e| {
            serde_json::to_value(e).unwrap()["kind"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_case_goes_from_submitted_to_done_and_its_status_follows() {
    let rig = Rig::start().await;
    let n = rig.file_case(None, "k1").await;
    assert_eq!(kinds(&feed(&rig, &n, None).await), ["submitted"]);
    rig.walk(&n, &["accepted", "in-progress"]).await;
    let done = rig
        .transition(&n, json!({"to": "done", "result": {"zhCN": "已批准，每月发放 100 元", "enUS": "Approved: 100 yuan a month"}}))
        .await;
    let done: CaseEvent = body(done, StatusCode::OK).await;
    assert_eq!(done.seq, 4);
    assert!(
        matches!(&done.detail, CaseEventDetail::Done { result } if result.zh_cn.contains("100 元"))
    );

    let list = feed(&rig, &n, None).await;
    assert_eq!(
        kinds(&list),
        ["submitted", "accepted", "in-progress", "done"]
    );
    assert_eq!(
        list.items.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4]
    );
    assert_eq!(list.status, CaseStatus::Done);
    assert_eq!(list.service_code, "elderly-allowance");
    // No personal answer is in the feed.
    let raw = serde_json::to_string(&list).unwrap();
    assert!(!raw.contains("张三") && !raw.contains("11010519491231002X"));

    let receipt: ApplicationReceipt = body(
        rig.get(&format!("/v1/applications/{n}"))
            .send()
            .await
            .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(receipt.status, CaseStatus::Done);
}

#[tokio::test]
async fn a_rejected_case_carries_its_reason_and_ends_there() {
    let rig = Rig::start().await;
    let n = rig.file_case(None, "k1").await;
    let rejected = rig
        .transition(&n, json!({"to": "rejected", "reason": {"zhCN": "申请人未满 80 周岁", "enUS": "The applicant is not yet 80"}}))
        .await;
    let rejected: CaseEvent = body(rejected, StatusCode::OK).await;
    assert_eq!(rejected.status, CaseStatus::Rejected);
    let value = serde_json::to_value(&rejected).unwrap();
    assert_eq!(value["kind"], "rejected");
    assert_eq!(value["reason"]["enUS"], "The applicant is not yet 80");

    for to in ["accepted", "in-progress", "done", "needs-more", "rejected"] {
        let p = problem(
            rig.transition(&n, json!({ "to": to })).await,
            StatusCode::CONFLICT,
        )
        .await;
        assert_eq!(p.kind, problem_types::STATE_CONFLICT, "to {to}");
    }
    let p = problem(
        rig.post(&format!("/v1/applications/{n}/withdraw"))
            .send()
            .await
            .unwrap(),
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p.message.id, "error-case-state");
}

#[tokio::test]
async fn the_back_office_refuses_illegal_transitions() {
    let rig = Rig::start().await;
    let n = rig.file_case(None, "k1").await;
    // Skipping steps, the resident's own steps, and going back are all refused.
    for to in [
        "in-progress",
        "done",
        "submitted",
        "supplemented",
        "withdrawn",
    ] {
        let p = problem(
            rig.transition(&n, json!({ "to": to })).await,
            StatusCode::CONFLICT,
        )
        .await;
        assert_eq!(p.kind, problem_types::STATE_CONFLICT, "to {to}");
    }
    rig.walk(&n, &["accepted"]).await;
    let p = problem(
        rig.transition(&n, json!({"to": "accepted"})).await,
        StatusCode::CONFLICT,
    )
    .await;
    assert_eq!(p.kind, problem_types::STATE_CONFLICT);
    // needs-more must say what is needed, from the service's own materials.
    let p = problem(
        rig.transition(&n, json!({"to": "needs-more"})).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p.fields[0].link_id, "materials");
    let p = problem(
        rig.transition(
            &n,
            json!({"to": "needs-more", "materials": [{"code": "passport"}]}),
        )
        .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert_eq!(p.fields[0].link_id, "materials[0].code");
    // Malformed bodies and unknown cases are problems too.
    let bad = rig
        .post(&format!("/admin/cases/{n}/transition"))
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(bad, StatusCode::BAD_REQUEST).await.kind,
        problem_types::INVALID_REQUEST
    );
    let wrong = rig.transition(&n, json!({"to": "finished"})).await;
    problem(wrong, StatusCode::BAD_REQUEST).await;
    problem(
        rig.transition("BM0000", json!({"to": "accepted"})).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    assert_eq!(
        kinds(&feed(&rig, &n, None).await),
        ["submitted", "accepted"]
    );
}

#[tokio::test]
async fn needs_material_then_a_supplement_then_done() {
    let rig = Rig::start().await;
    let n = rig.file_case(None, "k1").await;
    // A supplement before anything is asked for is a conflict.
    let early = rig
        .post(&format!("/v1/applications/{n}/supplements"))
        .header(IDEMPOTENCY_KEY, "s0")
        .json(&json!({"uploads": [{"materialCode": "bank-card", "uploadId": "u1"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(early, StatusCode::CONFLICT).await.kind,
        problem_types::STATE_CONFLICT
    );

    rig.walk(&n, &["accepted"]).await;
    let asked = rig
        .transition(
            &n,
            json!({"to": "needs-more",
                   "reason": {"zhCN": "银行卡须为本人账户", "enUS": "The bank card must be in the applicant's own name"},
                   "materials": [{"code": "bank-card"}, {"code": "photo-1inch", "reason": {"zhCN": "照片不清晰", "enUS": "The photo is not clear"}}]}),
        )
        .await;
    let asked: CaseEvent = body(asked, StatusCode::OK).await;
    let CaseEventDetail::NeedsMaterial {
        materials,
        supplement_form,
        ..
    } = &asked.detail
    else {
        panic!("{asked:?}")
    };
    assert_eq!(materials.len(), 2);
    assert_eq!(materials[0].name.zh_cn, "本人社保卡或银行卡");
    assert_eq!(materials[1].reason.en_us, "The photo is not clear");
    assert!(supplement_form.is_none());
    assert_eq!(
        serde_json::to_value(&asked).unwrap()["kind"],
        "needs-material"
    );

    let url = format!("/v1/applications/{n}/supplements");
    // Every requested material needs an upload; codes not asked for are refused; no answers
    // may be sent when no form is asked for. Refusals are not recorded under the key.
    let missing = rig
        .post(&url)
        .header(IDEMPOTENCY_KEY, "s1")
        .json(&json!({"uploads": [{"materialCode": "bank-card", "uploadId": "u1"}, {"materialCode": "id-card", "uploadId": "u9"}]}))
        .send()
        .await
        .unwrap();
    let p = problem(missing, StatusCode::UNPROCESSABLE_ENTITY).await;
    let fields: Vec<_> = p.fields.iter().map(|f| f.link_id.as_str()).collect();
    assert_eq!(fields, ["uploads[1].materialCode", "photo-1inch"]);

    let no_key = rig.post(&url).json(&json!({})).send().await.unwrap();
    assert_eq!(
        problem(no_key, StatusCode::BAD_REQUEST).await.kind,
        problem_types::IDEMPOTENCY_KEY_MISSING
    );
    let not_json = rig
        .post(&url)
        .header(IDEMPOTENCY_KEY, "s1")
        .body("[1, 2")
        .send()
        .await
        .unwrap();
    problem(not_json, StatusCode::BAD_REQUEST).await;

    let good = json!({"uploads": [
        {"materialCode": "bank-card", "uploadId": "u1"},
        {"materialCode": "photo-1inch", "uploadId": "u2"}]});
    let first = rig
        .post(&url)
        .header(IDEMPOTENCY_KEY, "s1")
        .json(&good)
        .send()
        .await
        .unwrap();
    assert!(first.headers().get(IDEMPOTENT_REPLAYED).is_none());
    let receipt: SupplementReceipt = body(first, StatusCode::CREATED).await;
    assert_eq!(receipt.status, CaseStatus::Supplemented);
    assert_eq!(receipt.seq, 4);

    // The same key and body: the same answer, replayed; nothing new in the feed.
    let again = rig
        .post(&url)
        .header(IDEMPOTENCY_KEY, "s1")
        .json(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(again.headers()[IDEMPOTENT_REPLAYED], "true");
    assert_eq!(
        body::<SupplementReceipt>(again, StatusCode::CREATED).await,
        receipt
    );
    // The same key with another body: 422. Another key: the case asks for nothing now.
    let reused = rig
        .post(&url)
        .header(IDEMPOTENCY_KEY, "s1")
        .json(&json!({"uploads": [{"materialCode": "bank-card", "uploadId": "other"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(reused, StatusCode::UNPROCESSABLE_ENTITY).await.kind,
        problem_types::IDEMPOTENCY_KEY_REUSED
    );
    let second = rig
        .post(&url)
        .header(IDEMPOTENCY_KEY, "s2")
        .json(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(second, StatusCode::CONFLICT).await.kind,
        problem_types::STATE_CONFLICT
    );
    // A key used for the application is not replayed for a supplement with an equal body.
    let cross = rig
        .post(&url)
        .header(IDEMPOTENCY_KEY, "k1")
        .json(&common::application())
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(cross, StatusCode::UNPROCESSABLE_ENTITY).await.kind,
        problem_types::IDEMPOTENCY_KEY_REUSED
    );

    rig.walk(&n, &["in-progress", "done"]).await;
    let list = feed(&rig, &n, None).await;
    assert_eq!(
        kinds(&list),
        [
            "submitted",
            "accepted",
            "needs-material",
            "supplemented",
            "in-progress",
            "done"
        ]
    );
    let CaseEventDetail::Supplemented { material_codes } = &list.items[3].detail else {
        panic!()
    };
    assert_eq!(material_codes, &["bank-card", "photo-1inch"]);
    // The uploads' ids are the resident's business, not the feed's.
    assert!(!serde_json::to_string(&list).unwrap().contains("u1"));
}

#[tokio::test]
async fn a_supplement_form_is_answered_with_the_form_rules() {
    let rig = Rig::start().await;
    let n = rig.file_case(None, "k1").await;
    let form = json!({"id": "elderly-allowance", "url": "https://forms.bianmin.example/Questionnaire/elderly-allowance", "version": "1.0.0"});
    let unknown = rig
        .transition(&n, json!({"to": "needs-more", "supplementForm": {"id": "x", "url": "https://nowhere", "version": "9"}}))
        .await;
    problem(unknown, StatusCode::NOT_FOUND).await;
    let asked = rig
        .transition(&n, json!({"to": "needs-more", "supplementForm": form}))
        .await;
    assert_eq!(asked.status(), StatusCode::OK);
    let url = format!("/v1/applications/{n}/supplements");
    let without = rig
        .post(&url)
        .header(IDEMPOTENCY_KEY, "s1")
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(without, StatusCode::UNPROCESSABLE_ENTITY)
            .await
            .fields[0]
            .link_id,
        "response"
    );
    let mut response = common::application().response;
    response.item.retain(|i| i.link_id != "applicant-name");
    let wrong = rig
        .post(&url)
        .header(IDEMPOTENCY_KEY, "s1")
        .json(&json!({ "response": response }))
        .send()
        .await
        .unwrap();
    let p = problem(wrong, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(p.kind, problem_types::INVALID_ANSWERS);
    assert_eq!(p.fields[0].link_id, "applicant-name");
    let right = rig
        .post(&url)
        .header(IDEMPOTENCY_KEY, "s1")
        .json(&json!({ "response": common::application().response }))
        .send()
        .await
        .unwrap();
    assert_eq!(right.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn withdrawal_once_and_only_before_the_end() {
    let rig = Rig::start().await;
    let n = rig.file_case(None, "k1").await;
    rig.walk(&n, &["accepted", "needs-more"]).await;
    let url = format!("/v1/applications/{n}/withdraw");
    let long = rig
        .post(&url)
        .json(&json!({"reason": "很".repeat(501)}))
        .send()
        .await
        .unwrap();
    let p = problem(long, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert_eq!(p.fields[0].message.id, "error-too-long");
    let withdrawn = rig
        .post(&url)
        .json(&json!({"reason": "我家人已经帮我去窗口办了"}))
        .send()
        .await
        .unwrap();
    let event: CaseEvent = body(withdrawn, StatusCode::OK).await;
    assert_eq!(event.status, CaseStatus::Withdrawn);
    assert_eq!(event.detail, CaseEventDetail::Withdrawn);
    let twice = rig.post(&url).send().await.unwrap();
    assert_eq!(
        problem(twice, StatusCode::CONFLICT).await.kind,
        problem_types::STATE_CONFLICT
    );
    // The reason is kept for the department, not shown in the feed.
    let list = feed(&rig, &n, None).await;
    assert!(!serde_json::to_string(&list).unwrap().contains("窗口"));
    assert_eq!(list.status, CaseStatus::Withdrawn);
    // A withdrawn case moves no more, and cannot be supplemented.
    problem(
        rig.transition(&n, json!({"to": "rejected"})).await,
        StatusCode::CONFLICT,
    )
    .await;

    let done = rig.file_case(None, "k2").await;
    rig.walk(&done, &["accepted", "in-progress", "done"]).await;
    let late = rig
        .post(&format!("/v1/applications/{done}/withdraw"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    problem(late, StatusCode::CONFLICT).await;
    let bad = rig
        .post(&format!("/v1/applications/{done}/withdraw"))
        .body("{\"reason\": 5}")
        .send()
        .await
        .unwrap();
    problem(bad, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn a_done_case_is_rated_once() {
    let rig = Rig::start().await;
    let n = rig.file_case(None, "k1").await;
    let url = format!("/v1/applications/{n}/rating");
    let early = rig
        .post(&url)
        .json(&json!({"level": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        problem(early, StatusCode::CONFLICT).await.kind,
        problem_types::STATE_CONFLICT
    );
    rig.walk(&n, &["accepted", "in-progress", "done"]).await;
    problem(rig.get(&url).send().await.unwrap(), StatusCode::NOT_FOUND).await;

    for (bad, field) in [
        (json!({"level": 0}), "level"),
        (json!({"level": 6}), "level"),
        (json!({"level": 4, "comment": "好".repeat(501)}), "comment"),
    ] {
        let p = problem(
            rig.post(&url).json(&bad).send().await.unwrap(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        assert_eq!(p.fields[0].link_id, field);
    }
    for bad in [json!({"level": "five"}), json!({"level": 300}), json!({})] {
        problem(
            rig.post(&url).json(&bad).send().await.unwrap(),
            StatusCode::BAD_REQUEST,
        )
        .await;
    }

    let rating: Rating = body(
        rig.post(&url)
            .json(&json!({"level": 5, "comment": "工作人员很耐心，谢谢！"}))
            .send()
            .await
            .unwrap(),
        StatusCode::CREATED,
    )
    .await;
    assert_eq!(rating.level, 5);
    let again = rig
        .post(&url)
        .json(&json!({"level": 1}))
        .send()
        .await
        .unwrap();
    let p = problem(again, StatusCode::CONFLICT).await;
    assert_eq!(p.kind, problem_types::ALREADY_RATED);
    assert_eq!(p.message.id, "error-already-rated");
    let stored: Rating = body(rig.get(&url).send().await.unwrap(), StatusCode::OK).await;
    assert_eq!(stored, rating);
}

#[tokio::test]
async fn a_case_filed_signed_in_is_its_residents_alone() {
    let rig = Rig::start().await;
    let alice = rig.session("resident", "resident-alice").await;
    let bob = rig.session("resident", "resident-bob").await;
    let n = rig.file_case(Some(&alice), "k1").await;
    feed(&rig, &n, Some(&alice)).await;
    // Anyone else — anonymous or another resident — is told there is no such case.
    for token in [None, Some(bob.as_str())] {
        for path in [
            format!("/v1/applications/{n}"),
            format!("/v1/applications/{n}/events"),
            format!("/v1/applications/{n}/rating"),
        ] {
            let mut request = rig.get(&path);
            if let Some(t) = token {
                request = request.bearer_auth(t);
            }
            problem(request.send().await.unwrap(), StatusCode::NOT_FOUND).await;
        }
        let mut withdraw = rig.post(&format!("/v1/applications/{n}/withdraw"));
        if let Some(t) = token {
            withdraw = withdraw.bearer_auth(t);
        }
        problem(withdraw.send().await.unwrap(), StatusCode::NOT_FOUND).await;
    }
    // A token that is not valid is 401, not anonymous.
    let forged = rig
        .get(&format!("/v1/applications/{n}/events"))
        .bearer_auth("forged")
        .send()
        .await
        .unwrap();
    problem(forged, StatusCode::UNAUTHORIZED).await;
    let withdrawn = rig
        .post(&format!("/v1/applications/{n}/withdraw"))
        .bearer_auth(&alice)
        .send()
        .await
        .unwrap();
    assert_eq!(withdrawn.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_scheduled_back_office_moves_cases_to_done_but_waits_for_material() {
    let rig = Rig::start_with(Some(Duration::from_millis(50))).await;
    let moving = rig.file_case(None, "k1").await;
    let waiting = rig.file_case(None, "k2").await;
    // Ask for material before the schedule moves it past accepted... it may already have moved.
    let _ = rig
        .transition(
            &waiting,
            json!({"to": "needs-more", "materials": [{"code": "bank-card"}]}),
        )
        .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(20);
    loop {
        let list = feed(&rig, &moving, None).await;
        if list.status == CaseStatus::Done {
            assert_eq!(
                kinds(&list),
                ["submitted", "accepted", "in-progress", "done"]
            );
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "stuck at {:?}",
            list.status
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let waiting = feed(&rig, &waiting, None).await;
    if kinds(&waiting).contains(&"needs-material".to_owned()) {
        assert_eq!(
            waiting.status,
            CaseStatus::NeedsMore,
            "it waits for the resident"
        );
    }
}

#[tokio::test]
async fn admin_tick_moves_every_open_case_one_step() {
    let rig = Rig::start().await;
    let a = rig.file_case(None, "k1").await;
    let b = rig.file_case(None, "k2").await;
    rig.walk(&b, &["accepted", "needs-more"]).await;
    let moved: serde_json::Value = body(
        rig.post("/admin/back-office/tick").send().await.unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(moved["moved"], 1);
    assert_eq!(feed(&rig, &a, None).await.status, CaseStatus::Accepted);
    assert_eq!(feed(&rig, &b, None).await.status, CaseStatus::NeedsMore);
}

#[tokio::test]
async fn admin_routes_are_absent_without_admin() {
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn(
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("s.sqlite"),
    )
    .await
    .unwrap();
    let http = reqwest::Client::new();
    for path in [
        "/admin/cases/BM1/transition",
        "/admin/sessions",
        "/admin/reminders",
        "/admin/hotline/H1/transition",
        "/admin/back-office/tick",
    ] {
        let response = http
            .post(format!("{}{path}", server.base_url()))
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn concurrent_supplements_file_one_event() {
    let rig = Rig::start().await;
    let n = rig.file_case(None, "k1").await;
    rig.walk(&n, &["accepted", "needs-more"]).await;
    let url = rig.url(&format!("/v1/applications/{n}/supplements"));
    let good = json!({"uploads": [{"materialCode": "bank-card", "uploadId": "u1"}]});
    // The same key eight times at once: each answer is the one supplement (first or replayed)
    // or "still in flight, retry" — never a second supplement.
    let same = at_once(&rig, &url, &good, |_| "same".to_owned());
    let mut receipts = Vec::new();
    for response in same {
        let response = response.await.unwrap();
        match response.status() {
            StatusCode::CREATED => {
                receipts.push(response.json::<SupplementReceipt>().await.unwrap())
            }
            StatusCode::CONFLICT => {
                assert_eq!(response.headers()["retry-after"], "1");
                let p: bianmin_api::Problem = response.json().await.unwrap();
                assert_eq!(p.kind, problem_types::IDEMPOTENCY_KEY_IN_FLIGHT);
            }
            other => panic!("{other}"),
        }
    }
    assert!(!receipts.is_empty());
    assert!(receipts.iter().all(|r| *r == receipts[0]));

    // Eight different keys at once after a new request for material: one wins, the others
    // find nothing asked for any more.
    rig.walk(&n, &["needs-more"]).await;
    let mut statuses = Vec::new();
    for response in at_once(&rig, &url, &good, |i| format!("race-{i}")) {
        statuses.push(response.await.unwrap().status());
    }
    assert_eq!(
        statuses
            .iter()
            .filter(|s| **s == StatusCode::CREATED)
            .count(),
        1,
        "{statuses:?}"
    );
    assert!(statuses
        .iter()
        .all(|s| *s == StatusCode::CREATED || *s == StatusCode::CONFLICT));
    assert_eq!(
        kinds(&feed(&rig, &n, None).await),
        [
            "submitted",
            "accepted",
            "needs-material",
            "supplemented",
            "needs-material",
            "supplemented"
        ]
    );
}

/// Eight supplements sent at once, the i-th with key `key(i)`.
fn at_once(
    rig: &Rig,
    url: &str,
    body_: &serde_json::Value,
    key: impl Fn(usize) -> String,
) -> Vec<tokio::task::JoinHandle<reqwest::Response>> {
    (0..8)
        .map(|i| {
            let request = rig
                .http
                .post(url)
                .header(IDEMPOTENCY_KEY, key(i))
                .json(body_);
            tokio::spawn(async move { request.send().await.unwrap() })
        })
        .collect()
}

#[tokio::test]
async fn cases_filed_before_the_feed_existed_get_their_submitted_event() {
    // A database of the release before: migrations 0001–0004 only, one case filed.
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("migrations");
    std::fs::create_dir(&old).unwrap();
    let all = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for entry in std::fs::read_dir(&all).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.as_str() < "0005" {
            std::fs::copy(&path, old.join(&name)).unwrap();
        }
    }
    let db_path = dir.path().join("s.sqlite");
    {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&db_path)
            .create_if_missing(true);
        let db = sqlx::SqlitePool::connect_with(options).await.unwrap();
        sqlx::migrate::Migrator::new(old.as_path())
            .await
            .unwrap()
            .run(&db)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO cases (seq, case_number, service_code, form_url, form_version, response, status, submitted_at)
             VALUES (1, 'BM20260101000001', 'elderly-allowance', 'u', '1.0.0', '{}', 'submitted', '2026-01-01T08:00:00Z')",
        )
        .execute(&db)
        .await
        .unwrap();
        db.close().await;
    }
    let server = bianmin_server::spawn(std::net::SocketAddr::from(([127, 0, 0, 1], 0)), &db_path)
        .await
        .unwrap();
    let list: CaseEventList = body(
        reqwest::get(format!(
            "{}/v1/applications/BM20260101000001/events",
            server.base_url()
        ))
        .await
        .unwrap(),
        StatusCode::OK,
    )
    .await;
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].detail, CaseEventDetail::Submitted);
    assert_eq!(list.items[0].at, "2026-01-01T08:00:00Z");
}

#[tokio::test]
async fn owners_recorded_in_case_owners_move_to_the_cases_row() {
    // A database of the release with case_owners (0001–0003, 0005, 0006; no 0004 or later):
    // one case filed signed in, one anonymously.
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("migrations");
    std::fs::create_dir(&old).unwrap();
    let all = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    for entry in std::fs::read_dir(&all).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if name.as_str() < "0007" && !name.starts_with("0004") {
            std::fs::copy(&path, old.join(&name)).unwrap();
        }
    }
    let db_path = dir.path().join("s.sqlite");
    {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&db_path)
            .create_if_missing(true);
        let db = sqlx::SqlitePool::connect_with(options).await.unwrap();
        sqlx::migrate::Migrator::new(old.as_path())
            .await
            .unwrap()
            .run(&db)
            .await
            .unwrap();
        for (seq, number) in [(1, "BM20260101000001"), (2, "BM20260101000002")] {
            sqlx::query(
                "INSERT INTO cases (seq, case_number, service_code, form_url, form_version, response, status, submitted_at)
                 VALUES (?, ?, 'elderly-allowance', 'u', '1.0.0', '{}', 'submitted', '2026-01-01T08:00:00Z')",
            )
            .bind(seq)
            .bind(number)
            .execute(&db)
            .await
            .unwrap();
        }
        sqlx::query("INSERT INTO case_owners (case_number, resident_id) VALUES ('BM20260101000001', 'r-0001')")
            .execute(&db)
            .await
            .unwrap();
        db.close().await;
    }
    let server = bianmin_server::spawn_with(
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        &db_path,
        bianmin_server::ServerOptions { admin: true },
    )
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let base = server.base_url();
    let token: bianmin_server::TestSession = http
        .post(format!("{base}/admin/sessions"))
        .json(&json!({"kind": "resident", "subject": "r-0001"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let events = |n: &str| format!("{base}/v1/applications/{n}/events");
    // Still the owner's alone: 404 anonymously, the feed with her session.
    let anonymous = http.get(events("BM20260101000001")).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::NOT_FOUND);
    let hers = http
        .get(events("BM20260101000001"))
        .bearer_auth(&token.token)
        .send()
        .await
        .unwrap();
    assert_eq!(hers.status(), StatusCode::OK);
    // The anonymous case stays followable by its number.
    let open = http.get(events("BM20260101000002")).send().await.unwrap();
    assert_eq!(open.status(), StatusCode::OK);
    server.shutdown().await;
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", db_path.display()))
        .await
        .unwrap();
    let owners: Vec<(String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT case_number, resident_id, actor_kind FROM cases ORDER BY seq")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(
        owners,
        vec![
            (
                "BM20260101000001".into(),
                Some("r-0001".into()),
                Some("resident".into())
            ),
            ("BM20260101000002".into(), None, None),
        ]
    );
    let table: Option<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE name = 'case_owners'")
            .fetch_optional(&db)
            .await
            .unwrap();
    assert_eq!(table, None, "case_owners is gone");
}
