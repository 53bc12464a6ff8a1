#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! The committed OpenAPI document is the one generated from `bianmin-api`, and the reference
//! server answers every operation it lists.
//!
//! `UPDATE_OPENAPI=1 cargo test -p bianmin-server --test openapi` rewrites `docs/api/openapi.json`.

use bianmin_server::{DemoCatalogue, ServerConfig};
use std::net::SocketAddr;
use std::path::PathBuf;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/api/openapi.json")
}

#[test]
fn the_committed_document_is_fresh() {
    let generated = bianmin_api::openapi::document();
    let path = committed_path();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "docs/api/openapi.json is stale: run UPDATE_OPENAPI=1 cargo test -p bianmin-server --test openapi"
    );
}

#[test]
fn the_document_is_openapi_3_1_with_problems_on_every_operation() {
    let doc: serde_json::Value = serde_json::from_str(&bianmin_api::openapi::document()).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    assert!(!paths.is_empty());
    for (path, item) in paths {
        assert!(path.starts_with("/v1/"), "{path} is outside /v1");
        for (method, op) in item.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            let problems: Vec<_> = responses
                .iter()
                .filter(|(code, _)| code.starts_with('4') || code.starts_with('5'))
                .collect();
            assert!(
                !problems.is_empty(),
                "{method} {path} documents no error response"
            );
            for (code, response) in problems {
                let content = response["content"].as_object().unwrap();
                assert!(
                    content.contains_key("application/problem+json"),
                    "{method} {path} {code} is not problem+json"
                );
            }
        }
    }
}

/// A concrete value for each path parameter of the document, from the demo data.
fn fill(path: &str) -> String {
    fill_with(path, "NO-SUCH-CASE", "elderly-allowance")
}

/// [`fill`] with the case number and 12345 request id to use.
fn fill_with(path: &str, case_number: &str, hotline_id: &str) -> String {
    path.replace(
        "{code}",
        if path.starts_with("/v1/bundles") {
            "turning-80"
        } else {
            "elderly-allowance"
        },
    )
    .replace(
        "{id}",
        if path.starts_with("/v1/hotline-requests") {
            hotline_id
        } else {
            "elderly-allowance"
        },
    )
    .replace("{version}", "1.0.0")
    .replace("{caseNumber}", case_number)
}

/// A fresh resident session (practice mode returns the code).
async fn resident_token(http: &reqwest::Client, base: &str, n: usize) -> String {
    // A number of its own each time: a number gets at most 5 codes in 15 minutes.
    let challenge: serde_json::Value = http
        .post(format!("{base}/v1/sign-in/otp"))
        .json(&serde_json::json!({"mobile": format!("1390000{n:04}")}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let signed: serde_json::Value = http
        .post(format!("{base}/v1/sign-in/otp/verify"))
        .json(&serde_json::json!({
            "challengeId": challenge["challengeId"],
            "code": challenge["practiceCode"],
        }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    signed["token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn every_bearer_operation_answers_a_signed_in_resident_as_documented() {
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn_configured(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("s.sqlite"),
        ServerConfig {
            practice: true,
            ..ServerConfig::default()
        },
    )
    .await
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&bianmin_api::openapi::document()).unwrap();
    assert!(doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer");
    let http = reqwest::Client::new();
    let mut called = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let bearer = op["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
            if !bearer {
                continue;
            }
            called += 1;
            let token = resident_token(&http, &server.base_url(), called).await;
            let url = format!("{}{}", server.base_url(), fill(path));
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let status = http
                .request(method.clone(), &url)
                .bearer_auth(&token)
                .header("Content-Type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap()
                .status();
            let documented = op["responses"]
                .as_object()
                .unwrap()
                .contains_key(status.as_str());
            assert!(
                documented,
                "{method} {path} signed in: {status} is not documented"
            );
            // Without the token, every one of them but the application says 401.
            if path != "/v1/applications" {
                assert!(op["responses"].get("401").is_some(), "{method} {path}");
            }
        }
    }
    assert!(called >= 9, "{called}");
}

#[tokio::test]
async fn the_server_answers_every_documented_operation() {
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn_configured(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("s.sqlite"),
        ServerConfig {
            catalogue: DemoCatalogue::Full,
            ..ServerConfig::default()
        },
    )
    .await
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&bianmin_api::openapi::document()).unwrap();
    let http = reqwest::Client::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let url = format!("{}{}", server.base_url(), fill(path));
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let response = http
                .request(method.clone(), &url)
                .header("Content-Type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
            let status = response.status();
            // A route the server lacks is axum's bare 404 or 405; ours are documented answers.
            let documented = op["responses"]
                .as_object()
                .unwrap()
                .contains_key(status.as_str());
            assert!(documented, "{method} {path}: {status} is not documented");
            if !status.is_success() && status != reqwest::StatusCode::NOT_MODIFIED {
                assert_eq!(
                    response.headers()["content-type"],
                    "application/problem+json",
                    "{method} {path}: {status} without a problem"
                );
            }
        }
    }
}

/// Every operation again, signed in as a resident, against a real case and 12345 request: each
/// answer is documented, and every failure is a problem.
#[tokio::test]
async fn the_server_answers_every_documented_operation_signed_in() {
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn_configured(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("s.sqlite"),
        ServerConfig {
            admin: true,
            practice: true,
            ..ServerConfig::default()
        },
    )
    .await
    .unwrap();
    let http = reqwest::Client::new();
    let base = server.base_url();
    // A real resident, signed in through the one-time code (practice mode returns it).
    let token = resident_token(&http, &base, 9999).await;
    let url = "https://forms.bianmin.example/Questionnaire/elderly-allowance";
    let application = bianmin_api::ApplicationRequest {
        service_code: "elderly-allowance".into(),
        form: bianmin_api::FormRef {
            id: "elderly-allowance".into(),
            url: url.into(),
            version: "1.0.0".into(),
        },
        response: bianmin_api::QuestionnaireResponse::completed(
            url,
            "1.0.0",
            [
                ("applicant-name", "张三"),
                ("applicant-id-number", "11010519491231002X"),
                ("contact-mobile", "13800138000"),
            ],
        ),
        on_behalf_of: None,
    };
    let receipt: bianmin_api::ApplicationReceipt = http
        .post(format!("{base}/v1/applications"))
        .bearer_auth(&token)
        .header(bianmin_api::IDEMPOTENCY_KEY, "live-1")
        .json(&application)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let hotline: bianmin_api::HotlineReceipt = http
        .post(format!("{base}/v1/hotline-requests"))
        .bearer_auth(&token)
        .header(bianmin_api::IDEMPOTENCY_KEY, "live-2")
        .json(
            &serde_json::json!({"type": "consultation", "description": "怎么办老年证？",
            "location": "和平里", "anonymous": true}),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&bianmin_api::openapi::document()).unwrap();
    let mut served = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let url = format!(
                "{base}{}",
                fill_with(path, &receipt.case_number, &hotline.id)
            );
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let response = http
                .request(method.clone(), &url)
                .bearer_auth(&token)
                .header(bianmin_api::IDEMPOTENCY_KEY, format!("live-{path}"))
                .header("Content-Type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
            let status = response.status();
            let documented = op["responses"]
                .as_object()
                .unwrap()
                .contains_key(status.as_str());
            assert!(documented, "{method} {path}: {status} is not documented");
            if status.is_success() {
                served += 1;
            } else if status != reqwest::StatusCode::NOT_MODIFIED {
                assert_eq!(
                    response.headers()["content-type"],
                    "application/problem+json",
                    "{method} {path}: {status} without a problem"
                );
            }
        }
    }
    // Reads of the resident's own things succeed: events, notifications, their 12345 requests.
    assert!(served >= 10, "only {served} operations answered 2xx");
}

/// A garbage bearer token is refused with a 401 problem by every operation that takes one,
/// whether it requires sign-in or only allows it (never "anonymous" instead).
#[tokio::test]
async fn a_garbage_token_is_a_401_problem_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("s.sqlite"),
    )
    .await
    .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&bianmin_api::openapi::document()).unwrap();
    let http = reqwest::Client::new();
    let mut called = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let bearer = op["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
            if !bearer {
                continue;
            }
            called += 1;
            let url = format!("{}{}", server.base_url(), fill(path));
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let response = http
                .request(method.clone(), &url)
                .bearer_auth("not-a-token-at-all")
                .header(bianmin_api::IDEMPOTENCY_KEY, "garbage-token")
                .header("Content-Type", "application/json")
                .body("{}")
                .send()
                .await
                .unwrap();
            assert_eq!(
                response.status(),
                reqwest::StatusCode::UNAUTHORIZED,
                "{method} {path}"
            );
            assert_eq!(
                response.headers()["content-type"],
                "application/problem+json",
                "{method} {path}"
            );
            let problem: bianmin_api::Problem = response.json().await.unwrap();
            assert_eq!(
                problem.kind,
                bianmin_api::problem_types::UNAUTHORIZED,
                "{method} {path}"
            );
        }
    }
    assert!(called >= 20, "{called}");
}
