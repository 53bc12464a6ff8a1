#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! The Idempotency-Key rules as a property, over real HTTP, for 12345 requests (the machinery
//! is the one applications and supplements use): for any sequence of requests drawn from a few
//! keys and bodies, the first valid request under a key creates exactly one thing, a retry with
//! the same body replays its answer, another body is 422, and a refused body records nothing.

use bianmin_api::{problem_types, HotlineReceipt, Problem, IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED};
use proptest::prelude::*;
use reqwest::StatusCode;
use serde_json::json;
use std::collections::HashMap;
use std::net::SocketAddr;

fn body(variant: u8) -> serde_json::Value {
    match variant {
        0 => {
            json!({"type": "help", "description": "路灯坏了", "location": "和平里", "anonymous": true})
        }
        1 => {
            json!({"type": "suggestion", "description": "多设座椅", "location": "地坛公园", "anonymous": true})
        }
        // Refused: no description.
        _ => json!({"type": "help", "description": " ", "location": "和平里", "anonymous": true}),
    }
}

async fn run(ops: Vec<(u8, u8)>) {
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("s.sqlite"),
    )
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let url = format!("{}/v1/hotline-requests", server.base_url());
    // The model: what each key holds once a valid request used it.
    let mut recorded: HashMap<u8, (u8, HotlineReceipt)> = HashMap::new();
    for (key, variant) in ops {
        let response = http
            .post(&url)
            .header(IDEMPOTENCY_KEY, format!("key-{key}"))
            .json(&body(variant))
            .send()
            .await
            .unwrap();
        let status = response.status();
        let replayed = response.headers().get(IDEMPOTENT_REPLAYED).is_some();
        let text = response.text().await.unwrap();
        match recorded.get(&key) {
            Some((first, receipt)) if *first == variant => {
                assert_eq!(status, StatusCode::CREATED, "{text}");
                assert!(replayed);
                let again: HotlineReceipt = serde_json::from_str(&text).unwrap();
                assert_eq!(&again, receipt);
            }
            Some(_) => {
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
                let p: Problem = serde_json::from_str(&text).unwrap();
                assert_eq!(p.kind, problem_types::IDEMPOTENCY_KEY_REUSED);
            }
            None if variant >= 2 => {
                assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
                let p: Problem = serde_json::from_str(&text).unwrap();
                assert_eq!(p.kind, problem_types::INVALID_REQUEST);
            }
            None => {
                assert_eq!(status, StatusCode::CREATED, "{text}");
                assert!(!replayed);
                let receipt: HotlineReceipt = serde_json::from_str(&text).unwrap();
                assert!(
                    recorded.values().all(|(_, r)| r.id != receipt.id),
                    "a new key made a new request"
                );
                recorded.insert(key, (variant, receipt));
            }
        }
    }
    for (_, receipt) in recorded.values() {
        let found = http
            .get(format!("{url}/{}", receipt.id))
            .send()
            .await
            .unwrap();
        assert_eq!(found.status(), StatusCode::OK);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn one_key_one_request(ops in prop::collection::vec((0u8..3, 0u8..3), 1..12)) {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(run(ops));
    }
}
