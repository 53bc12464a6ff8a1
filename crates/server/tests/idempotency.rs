#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! The `Idempotency-Key` rules over real HTTP: a key still in flight is 409 with `Retry-After`,
//! keys are kept 30 days and purged only after, and a proptest over any sequence of submissions
//! (some concurrent) against a model: one case per accepted key, byte-identical replays, 422 for
//! another body under a used key, and refused answers never recorded under their key.

mod support;

use bianmin_api::{ApplicationRequest, IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED};
use bianmin_server::{FaultAction, FaultRequest};
use proptest::prelude::*;
use reqwest::StatusCode;
use std::collections::BTreeMap;
use support::{elderly_allowance, ends_with, problem, raw_db, start, Server};

const WANG: &str = "110101194403150026";
const LI: &str = "110105195807220246";

#[tokio::test]
async fn a_key_still_in_flight_is_409_with_retry_after() {
    let s = start().await;
    s.http
        .post(s.url("/admin/faults"))
        .json(&FaultRequest {
            count: 1,
            action: FaultAction::Delay {
                ms: 1500,
                after_commit: false,
            },
        })
        .send()
        .await
        .unwrap();
    let body = elderly_allowance("王秀英", WANG);
    let first = {
        let (http, url, body) = (s.http.clone(), s.url("/v1/applications"), body.clone());
        tokio::spawn(async move {
            http.post(url)
                .header(IDEMPOTENCY_KEY, "slow-key")
                .json(&body)
                .send()
                .await
                .unwrap()
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    for retry in [body.clone(), elderly_allowance("李桂兰", LI)] {
        let response = s.submit(None, "slow-key", &retry).await;
        assert_eq!(response.headers()["retry-after"], "1");
        let (status, p) = problem(response).await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert!(ends_with(&p, "idempotency-key-in-flight"));
        assert_eq!(p.message.id, "error-submission-in-flight");
    }
    // Another key is not held up by it.
    let other = s.submit(None, "other-key", &body).await;
    assert_eq!(other.status(), StatusCode::CREATED);

    let first = first.await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let original = first.bytes().await.unwrap();
    let replay = s.submit(None, "slow-key", &body).await;
    assert_eq!(replay.status(), StatusCode::CREATED);
    assert_eq!(replay.headers()[IDEMPOTENT_REPLAYED], "true");
    assert_eq!(replay.bytes().await.unwrap(), original);
}

#[tokio::test]
async fn different_keys_run_in_parallel_and_each_is_one_case() {
    let s = start().await;
    let mut running = tokio::task::JoinSet::new();
    for i in 0..24 {
        let (http, url) = (s.http.clone(), s.url("/v1/applications"));
        let body = elderly_allowance("王秀英", WANG);
        running.spawn(async move {
            let response = http
                .post(url)
                .header(IDEMPOTENCY_KEY, format!("parallel-{}", i % 12))
                .json(&body)
                .send()
                .await
                .unwrap();
            let status = response.status();
            let receipt = response.json::<serde_json::Value>().await.unwrap();
            (
                i % 12,
                status,
                receipt["caseNumber"].as_str().map(str::to_owned),
            )
        });
    }
    let mut by_key: BTreeMap<usize, std::collections::BTreeSet<String>> = BTreeMap::new();
    for (key, status, case) in running.join_all().await {
        // No 5xx under contention: a twin of the same key may be told to wait (409).
        assert!(
            status == StatusCode::CREATED || status == StatusCode::CONFLICT,
            "{status}"
        );
        if let Some(case) = case {
            by_key.entry(key).or_default().insert(case);
        }
    }
    assert_eq!(by_key.len(), 12);
    assert!(by_key.values().all(|cases| cases.len() == 1));
    let distinct: std::collections::BTreeSet<_> = by_key.values().flatten().collect();
    assert_eq!(distinct.len(), 12);
}

#[tokio::test]
async fn keys_are_kept_30_days_and_purged_after() {
    let mut s = start().await;
    let body = elderly_allowance("王秀英", WANG);
    let mut originals = BTreeMap::new();
    for key in ["day-29", "day-31", "today"] {
        let response = s.submit(None, key, &body).await;
        assert_eq!(response.status(), StatusCode::CREATED);
        originals.insert(key, response.bytes().await.unwrap());
    }
    // Age the records as the days would, then restart (a purge runs at every open).
    {
        let db = raw_db(&s.db_path).await;
        for (key, days) in [("day-29", 29), ("day-31", 31)] {
            let then = time::OffsetDateTime::now_utc() - time::Duration::days(days);
            sqlx::query("UPDATE idempotency_keys SET created_at = ? WHERE key = ?")
                .bind(
                    then.format(&time::format_description::well_known::Rfc3339)
                        .unwrap(),
                )
                .bind(key)
                .execute(&db)
                .await
                .unwrap();
        }
        db.close().await;
    }
    let config = bianmin_server::ServerConfig {
        admin: true,
        practice: true,
        ..Default::default()
    };
    let old = std::mem::replace(
        &mut s.server,
        bianmin_server::spawn_configured("127.0.0.1:0".parse().unwrap(), &s.db_path, config)
            .await
            .unwrap(),
    );
    old.shutdown().await;
    s.base = s.server.base_url();

    for key in ["day-29", "today"] {
        let replay = s.submit(None, key, &body).await;
        assert_eq!(replay.status(), StatusCode::CREATED);
        assert_eq!(replay.headers()[IDEMPOTENT_REPLAYED], "true", "{key}");
        assert_eq!(replay.bytes().await.unwrap(), originals[key]);
    }
    // The 31-day-old key is gone: the same request is new again (a second case).
    let fresh = s.submit(None, "day-31", &body).await;
    assert_eq!(fresh.status(), StatusCode::CREATED);
    assert!(fresh.headers().get(IDEMPOTENT_REPLAYED).is_none());
    assert_ne!(fresh.bytes().await.unwrap(), originals["day-31"]);

    // And the purge itself, at a chosen time.
    let db = raw_db(&s.db_path).await;
    let in_40_days = time::OffsetDateTime::now_utc() + time::Duration::days(40);
    let purged = bianmin_server::purge_idempotency_keys(&db, in_40_days)
        .await
        .unwrap();
    assert_eq!(purged, 3);
}

/// Bodies 0 and 1 are valid and differ; body 2 has a wrong check digit.
fn bodies() -> [ApplicationRequest; 3] {
    [
        elderly_allowance("王秀英", WANG),
        elderly_allowance("李桂兰", LI),
        elderly_allowance("王秀英", "110101194403150021"),
    ]
}

/// One step: a submission, or several at once.
type Step = Vec<(usize, usize)>;

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let submission = (0..3usize, 0..3usize);
    prop::collection::vec(prop::collection::vec(submission, 1..4), 1..10)
}

struct Outcome {
    key: usize,
    body: usize,
    status: StatusCode,
    replayed: bool,
    kind: String,
    bytes: Vec<u8>,
}

async fn run(s: &Server, prefix: &str, steps: Vec<Step>) -> Result<(), TestCaseError> {
    let db = raw_db(&s.db_path).await;
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM cases")
            .fetch_one(&db)
            .await
            .unwrap()
    };
    let cases_before = count().await;
    let bodies = bodies();
    // key -> (body, the bytes of its first answer)
    let mut accepted: BTreeMap<usize, (usize, Vec<u8>)> = BTreeMap::new();
    for step in steps {
        let mut running = tokio::task::JoinSet::new();
        for (key, body) in step.iter().copied() {
            let (http, url) = (s.http.clone(), s.url("/v1/applications"));
            let request = bodies[body].clone();
            let key_text = format!("{prefix}-{key}");
            running.spawn(async move {
                let response = http
                    .post(url)
                    .header(IDEMPOTENCY_KEY, key_text)
                    .json(&request)
                    .send()
                    .await
                    .unwrap();
                let status = response.status();
                let replayed = response.headers().contains_key(IDEMPOTENT_REPLAYED);
                let bytes = response.bytes().await.unwrap().to_vec();
                let kind = serde_json::from_slice::<serde_json::Value>(&bytes)
                    .ok()
                    .and_then(|v| v["type"].as_str().map(str::to_owned))
                    .unwrap_or_default();
                Outcome {
                    key,
                    body,
                    status,
                    replayed,
                    kind,
                    bytes,
                }
            });
        }
        let outcomes = running.join_all().await;
        let concurrent = step.len() > 1;
        let prior = accepted.clone();
        // First the fresh acceptances of this step: at most one per key, never for a key
        // accepted before, and only for valid answers.
        for o in outcomes
            .iter()
            .filter(|o| o.status == StatusCode::CREATED && !o.replayed)
        {
            prop_assert!(o.body != 2, "invalid answers accepted");
            prop_assert!(
                !accepted.contains_key(&o.key),
                "a second case for key {}",
                o.key
            );
            accepted.insert(o.key, (o.body, o.bytes.clone()));
        }
        for o in &outcomes {
            let before = accepted.get(&o.key);
            let same_key_in_step = step.iter().filter(|(k, _)| *k == o.key).count() > 1;
            match (o.status, o.replayed) {
                (StatusCode::CREATED, false) => {}
                (StatusCode::CREATED, true) => {
                    let (body, bytes) = before.expect("a replay of a key never accepted");
                    prop_assert_eq!(*body, o.body);
                    prop_assert_eq!(bytes, &o.bytes, "the replay differs");
                }
                (StatusCode::UNPROCESSABLE_ENTITY, _)
                    if o.kind.ends_with("idempotency-key-reused") =>
                {
                    let (body, _) = before.expect("reused with no accepted request");
                    prop_assert_ne!(*body, o.body);
                }
                (StatusCode::UNPROCESSABLE_ENTITY, _) if o.kind.ends_with("invalid-answers") => {
                    prop_assert_eq!(o.body, 2);
                    // Refused answers are judged only when the key held nothing before.
                    prop_assert!(!prior.contains_key(&o.key));
                }
                (StatusCode::CONFLICT, _) => {
                    prop_assert!(o.kind.ends_with("idempotency-key-in-flight"));
                    prop_assert!(same_key_in_step, "409 with no other request of the key");
                }
                (status, _) => prop_assert!(false, "unexpected {status} {}", o.kind),
            }
            // A lone request has exactly one right answer.
            if !concurrent {
                let expected = match (prior.get(&o.key), o.body) {
                    (Some((body, _)), b) if *body == b => (StatusCode::CREATED, true),
                    (Some(_), _) => (StatusCode::UNPROCESSABLE_ENTITY, false),
                    (None, 2) => (StatusCode::UNPROCESSABLE_ENTITY, false),
                    (None, _) => (StatusCode::CREATED, false),
                };
                prop_assert_eq!(
                    (o.status, o.replayed && o.status == StatusCode::CREATED),
                    expected
                );
            }
        }
    }
    // One case per accepted key, and nothing recorded under a key that was never accepted.
    prop_assert_eq!(count().await - cases_before, accepted.len() as i64);
    for key in 0..3 {
        let recorded: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM idempotency_keys WHERE key = ?")
                .bind(format!("{prefix}-{key}"))
                .fetch_one(&db)
                .await
                .unwrap();
        prop_assert_eq!(recorded == 1, accepted.contains_key(&key));
    }
    db.close().await;
    Ok(())
}

#[test]
fn any_sequence_of_submissions_follows_the_idempotency_rules() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let s = runtime.block_on(start());
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48);
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    runner
        .run(&steps(), |steps| {
            let prefix = format!("case-{}", uuid::Uuid::new_v4().simple());
            runtime.block_on(run(&s, &prefix, steps))
        })
        .unwrap();
    runtime.block_on(s.server.shutdown());
}
