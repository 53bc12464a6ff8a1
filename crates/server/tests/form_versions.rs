#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Form versions over real HTTP: the ETag is the version's sha256; publishing 1.1.0 leaves 1.0.0
//! retiring and still accepted; a retired version is 410 naming the current one.

use bianmin_api::{
    problem_types, ApplicationRequest, FormRef, Problem, Questionnaire, QuestionnaireResponse,
    ServiceItem, IDEMPOTENCY_KEY,
};
use bianmin_server::{PublishForm, ServerOptions};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;

const URL: &str = "https://forms.bianmin.example/Questionnaire/elderly-allowance";

fn application(version: &str) -> ApplicationRequest {
    ApplicationRequest {
        service_code: "elderly-allowance".into(),
        form: FormRef {
            id: "elderly-allowance".into(),
            url: URL.into(),
            version: version.into(),
        },
        response: QuestionnaireResponse::completed(
            URL,
            version,
            [
                ("applicant-name", "张三"),
                ("applicant-id-number", "11010519491231002X"),
                ("contact-mobile", "13800138000"),
            ],
        ),
        on_behalf_of: None,
    }
}

async fn submit(http: &reqwest::Client, base: &str, version: &str) -> reqwest::Response {
    http.post(format!("{base}/v1/applications"))
        .header(IDEMPOTENCY_KEY, uuid::Uuid::new_v4().to_string())
        .json(&application(version))
        .send()
        .await
        .unwrap()
}

async fn publish(
    http: &reqwest::Client,
    base: &str,
    form: &Questionnaire,
    until: Option<&str>,
) -> StatusCode {
    http.post(format!("{base}/admin/forms"))
        .json(&PublishForm {
            id: "elderly-allowance".into(),
            questionnaire: form.clone(),
            previous_accepted_until: until.map(str::to_owned),
        })
        .send()
        .await
        .unwrap()
        .status()
}

#[tokio::test]
async fn a_retiring_version_is_accepted_and_a_retired_one_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn_with(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("s.sqlite"),
        ServerOptions { admin: true },
    )
    .await
    .unwrap();
    let base = server.base_url();
    let http = reqwest::Client::new();

    // The ETag of a form version is the sha256 of its body.
    let response = http
        .get(format!("{base}/v1/forms/elderly-allowance/1.0.0"))
        .send()
        .await
        .unwrap();
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let body = response.bytes().await.unwrap();
    assert_eq!(etag, format!("\"{}\"", hex::encode(Sha256::digest(&body))));
    let v1: Questionnaire = serde_json::from_slice(&body).unwrap();

    // 1.1.0 asks one more (optional) question; 1.0.0 stays accepted for a year.
    let mut v11 = v1.clone();
    v11.version = "1.1.0".into();
    let mut extra = v11.item[0].clone();
    extra.link_id = "postcode".into();
    extra.required = Some(false);
    v11.item.push(extra);
    assert_eq!(
        publish(&http, &base, &v11, Some("2099-01-01T00:00:00Z")).await,
        StatusCode::CREATED
    );
    // Versions are immutable: publishing 1.1.0 again is refused.
    assert_eq!(
        publish(&http, &base, &v11, None).await,
        StatusCode::CONFLICT
    );

    let service: ServiceItem = http
        .get(format!("{base}/v1/services/elderly-allowance"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        service.form.version, "1.1.0",
        "the service points to the new version"
    );
    assert_eq!(
        submit(&http, &base, "1.0.0").await.status(),
        StatusCode::CREATED,
        "retiring is accepted"
    );
    assert_eq!(
        submit(&http, &base, "1.1.0").await.status(),
        StatusCode::CREATED
    );

    // 1.2.0 retires 1.1.0 at once; 1.0.0 keeps its own date.
    let mut v12 = v11.clone();
    v12.version = "1.2.0".into();
    assert_eq!(publish(&http, &base, &v12, None).await, StatusCode::CREATED);
    let gone = submit(&http, &base, "1.1.0").await;
    assert_eq!(gone.status(), StatusCode::GONE);
    assert_eq!(gone.headers()["content-type"], "application/problem+json");
    let problem: Problem = gone.json().await.unwrap();
    assert_eq!(problem.kind, problem_types::FORM_VERSION_RETIRED);
    assert_eq!(problem.message.args["currentVersion"], "1.2.0");
    assert_eq!(
        submit(&http, &base, "1.0.0").await.status(),
        StatusCode::CREATED
    );
    // The retired definition can still be read (drafts pinned to it can be shown).
    let old = http
        .get(format!("{base}/v1/forms/elderly-allowance/1.1.0"))
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_retiring_version_past_its_date_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn_with(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("s.sqlite"),
        ServerOptions { admin: true },
    )
    .await
    .unwrap();
    let base = server.base_url();
    let http = reqwest::Client::new();
    let v1: Questionnaire = http
        .get(format!("{base}/v1/forms/elderly-allowance/1.0.0"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut v11 = v1;
    v11.version = "1.1.0".into();
    assert_eq!(
        publish(&http, &base, &v11, Some("2000-01-01T00:00:00Z")).await,
        StatusCode::CREATED
    );
    assert_eq!(
        submit(&http, &base, "1.0.0").await.status(),
        StatusCode::GONE
    );
    // A form the app would refuse is never published.
    let mut broken = v11.clone();
    broken.version = "1.2.0".into();
    broken.item.clear();
    assert_eq!(
        publish(&http, &base, &broken, None).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        submit(&http, &base, "1.1.0").await.status(),
        StatusCode::CREATED
    );
}
