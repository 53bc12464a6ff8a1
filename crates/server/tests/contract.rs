#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! The reference server over real HTTP: catalogue with ETags, forms, and exactly-once submission.

use bianmin_api::{
    ApplicationReceipt, ApplicationRequest, FormRef, Problem, QuestionnaireResponse,
    ServiceCatalogue, IDEMPOTENCY_KEY, IDEMPOTENT_REPLAYED,
};
use reqwest::StatusCode;
use std::net::SocketAddr;

async fn start() -> (bianmin_server::RunningServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("s.sqlite"),
    )
    .await
    .unwrap();
    (server, dir)
}

fn application(id_number: &str) -> ApplicationRequest {
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
                ("applicant-id-number", id_number),
                ("contact-mobile", "13800138000"),
            ],
        ),
        on_behalf_of: None,
    }
}

#[tokio::test]
async fn catalogue_revalidates_with_its_etag() {
    let (server, _dir) = start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/v1/services", server.base_url());
    let first = http.get(&url).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let etag = first.headers()["etag"].to_str().unwrap().to_owned();
    let catalogue: ServiceCatalogue = first.json().await.unwrap();
    assert_eq!(catalogue.items[0].summary.name.zh_cn, "高龄津贴申请");
    let again = http
        .get(&url)
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    let form = http
        .get(format!(
            "{}/v1/forms/elderly-allowance/1.0.0",
            server.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), StatusCode::OK);
    let missing = http
        .get(format!(
            "{}/v1/forms/elderly-allowance/9.9.9",
            server.base_url()
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        missing.headers()["content-type"],
        "application/problem+json"
    );
}

#[tokio::test]
async fn a_retried_submission_is_one_case() {
    let (server, _dir) = start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/v1/applications", server.base_url());
    let body = application("11010519491231002X");

    let first = http
        .post(&url)
        .header(IDEMPOTENCY_KEY, "key-1")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    assert!(first.headers().get(IDEMPOTENT_REPLAYED).is_none());
    let receipt: ApplicationReceipt = first.json().await.unwrap();

    let retry = http
        .post(&url)
        .header(IDEMPOTENCY_KEY, "key-1")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(retry.status(), StatusCode::CREATED);
    assert_eq!(retry.headers()[IDEMPOTENT_REPLAYED], "true");
    let replayed: ApplicationReceipt = retry.json().await.unwrap();
    assert_eq!(replayed, receipt);

    // The same key with another body is refused; another key is another case.
    let reused = http
        .post(&url)
        .header(IDEMPOTENCY_KEY, "key-1")
        .json(&application("11010519491231002X").response.item.len())
        .send()
        .await
        .unwrap();
    assert_eq!(reused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let second: ApplicationReceipt = http
        .post(&url)
        .header(IDEMPOTENCY_KEY, "key-2")
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(second.case_number, receipt.case_number);

    let case = http
        .get(format!("{url}/{}", receipt.case_number))
        .send()
        .await
        .unwrap();
    assert_eq!(case.status(), StatusCode::OK);
}

#[tokio::test]
async fn invalid_answers_and_a_missing_key_are_problems() {
    let (server, _dir) = start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/v1/applications", server.base_url());
    let no_key = http
        .post(&url)
        .json(&application("11010519491231002X"))
        .send()
        .await
        .unwrap();
    assert_eq!(no_key.status(), StatusCode::BAD_REQUEST);

    let bad = http
        .post(&url)
        .header(IDEMPOTENCY_KEY, "key-bad")
        .json(&application("110105194912310021"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Problem = bad.json().await.unwrap();
    assert_eq!(problem.fields.len(), 1);
    assert_eq!(problem.fields[0].link_id, "applicant-id-number");
    assert_eq!(problem.fields[0].message.id, "error-id-check-digit");

    // Not recorded under the key: corrected answers may use it.
    let fixed = http
        .post(&url)
        .header(IDEMPOTENCY_KEY, "key-bad")
        .json(&application("11010519491231002X"))
        .send()
        .await
        .unwrap();
    assert_eq!(fixed.status(), StatusCode::CREATED);
}
