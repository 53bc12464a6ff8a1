#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Fault injection over real HTTP: only with `admin: true`, and each fault is what it says.

use bianmin_api::{
    ApplicationReceipt, ApplicationRequest, FormRef, QuestionnaireResponse, IDEMPOTENCY_KEY,
};
use bianmin_server::{FaultAction, FaultRequest, ServerOptions};
use std::net::SocketAddr;

async fn start(admin: bool) -> (bianmin_server::RunningServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn_with(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("s.sqlite"),
        ServerOptions { admin },
    )
    .await
    .unwrap();
    (server, dir)
}

fn application() -> ApplicationRequest {
    let url = "https://forms.bianmin.example/Questionnaire/elderly-allowance";
    ApplicationRequest {
        service_code: "elderly-allowance".into(),
        form: FormRef {
            id: "elderly-allowance".into(),
            url: url.into(),
            version: "1.0.0".into(),
        },
        response: QuestionnaireResponse::completed(
            url,
            "1.0.0",
            [
                ("applicant-name", "张三"),
                ("applicant-id-number", "11010519491231002X"),
                ("contact-mobile", "13800138000"),
            ],
        ),
        on_behalf_of: None,
    }
}

async fn cases(base: &str) -> i64 {
    let stats: serde_json::Value = reqwest::get(format!("{base}/admin/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    stats["cases"].as_i64().unwrap()
}

#[tokio::test]
async fn without_admin_there_are_no_admin_routes() {
    let (server, _dir) = start(false).await;
    let http = reqwest::Client::new();
    let response = http
        .post(format!("{}/admin/faults", server.base_url()))
        .json(&FaultRequest {
            count: 1,
            action: FaultAction::Drop {
                after_commit: false,
            },
        })
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    server.shutdown().await;
}

#[tokio::test]
async fn injected_faults_are_real_http_failures_and_run_out() {
    let (server, _dir) = start(true).await;
    let base = server.base_url();
    let http = reqwest::Client::new();
    let fault = |count, action| {
        let http = http.clone();
        let base = base.clone();
        async move {
            let r = http
                .post(format!("{base}/admin/faults"))
                .json(&FaultRequest { count, action })
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 204);
        }
    };
    let submit = |key: &'static str| {
        http.post(format!("{base}/v1/applications"))
            .header(IDEMPOTENCY_KEY, key)
            .json(&application())
            .send()
    };

    fault(
        2,
        FaultAction::Status {
            status: 503,
            retry_after: Some(1),
        },
    )
    .await;
    for _ in 0..2 {
        let r = submit("k1").await.unwrap();
        assert_eq!(r.status(), 503);
        assert_eq!(r.headers()["retry-after"], "1");
    }
    assert_eq!(cases(&base).await, 0, "a 503 files nothing");

    // Dropped after commit: the client sees a broken answer, the case exists.
    fault(1, FaultAction::Drop { after_commit: true }).await;
    let broken = match submit("k1").await {
        Err(_) => true,
        Ok(r) => r.bytes().await.is_err(),
    };
    assert!(broken, "the answer must not arrive whole");
    assert_eq!(cases(&base).await, 1);

    // The faults ran out: the retry with the same key gets the same case, replayed.
    let r = submit("k1").await.unwrap();
    assert_eq!(r.status(), 201);
    let receipt: ApplicationReceipt = r.json().await.unwrap();
    assert!(receipt.case_number.starts_with("BM"));
    assert_eq!(cases(&base).await, 1);

    // Dropped before commit: nothing filed.
    fault(
        1,
        FaultAction::Drop {
            after_commit: false,
        },
    )
    .await;
    assert!(match submit("k2").await {
        Err(_) => true,
        Ok(r) => r.bytes().await.is_err(),
    });
    assert_eq!(cases(&base).await, 1);
    server.shutdown().await;
}

#[tokio::test]
async fn a_truncated_answer_files_the_case_but_cannot_be_read() {
    let (server, _dir) = start(true).await;
    let base = server.base_url();
    let http = reqwest::Client::new();
    // The JSON of an older client (no `route`) still means applications.
    let r = http
        .post(format!("{base}/admin/faults"))
        .json(&serde_json::json!({"count": 1, "action": {"kind": "truncate"}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let submit = || {
        http.post(format!("{base}/v1/applications"))
            .header(IDEMPOTENCY_KEY, "k-truncated")
            .json(&application())
            .send()
    };
    let r = submit().await.unwrap();
    assert_eq!(r.status(), 201, "the status line and headers arrive");
    let promised: usize = r.headers()["content-length"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(promised > 0);
    assert!(
        r.bytes().await.is_err(),
        "the body stops short of its length"
    );
    assert_eq!(cases(&base).await, 1, "the case was filed");
    // The retry replays the same case, whole.
    let r = submit().await.unwrap();
    assert_eq!(r.headers()["idempotent-replayed"], "true");
    let receipt: ApplicationReceipt = r.json().await.unwrap();
    assert!(receipt.case_number.starts_with("BM"));
    assert_eq!(cases(&base).await, 1);
    server.shutdown().await;
}
