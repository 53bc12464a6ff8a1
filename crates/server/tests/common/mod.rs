//! Helpers shared by the case, notification and 12345 tests: a server with the admin routes,
//! sessions through `POST /admin/sessions`, and a filed case.
#![allow(dead_code)] // each test file uses some of them

use bianmin_api::{
    ApplicationReceipt, ApplicationRequest, FormRef, Problem, QuestionnaireResponse,
    IDEMPOTENCY_KEY,
};
use bianmin_server::{ServerConfig, TestSession, TestSessionRequest};
use reqwest::{RequestBuilder, Response, StatusCode};
use serde::de::DeserializeOwned;
use std::net::SocketAddr;
use std::time::Duration;

pub struct Rig {
    pub server: bianmin_server::RunningServer,
    pub http: reqwest::Client,
    _dir: tempfile::TempDir,
}

impl Rig {
    pub async fn start() -> Self {
        Self::start_with(None).await
    }

    /// With the admin routes, and the scheduled back office every `tick` if given.
    pub async fn start_with(tick: Option<Duration>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let server = bianmin_server::spawn_configured(
            SocketAddr::from(([127, 0, 0, 1], 0)),
            &dir.path().join("s.sqlite"),
            ServerConfig {
                admin: true,
                back_office_tick: tick,
                ..ServerConfig::default()
            },
        )
        .await
        .unwrap();
        Self {
            server,
            http: reqwest::Client::new(),
            _dir: dir,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.base_url())
    }

    pub fn get(&self, path: &str) -> RequestBuilder {
        self.http.get(self.url(path))
    }

    pub fn post(&self, path: &str) -> RequestBuilder {
        self.http.post(self.url(path))
    }

    /// A bearer token for `subject` of `kind` (resident, staff, kiosk).
    pub async fn session(&self, kind: &str, subject: &str) -> String {
        let response = self
            .post("/admin/sessions")
            .json(&TestSessionRequest {
                kind: kind.into(),
                subject: subject.into(),
            })
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json::<TestSession>().await.unwrap().token
    }

    /// Files an elderly-allowance application, signed in with `token` if given.
    pub async fn file_case(&self, token: Option<&str>, key: &str) -> String {
        let mut request = self
            .post("/v1/applications")
            .header(IDEMPOTENCY_KEY, key)
            .json(&application());
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        response
            .json::<ApplicationReceipt>()
            .await
            .unwrap()
            .case_number
    }

    /// `POST /admin/cases/{n}/transition` with a JSON body; the response.
    pub async fn transition(&self, case_number: &str, body: serde_json::Value) -> Response {
        self.post(&format!("/admin/cases/{case_number}/transition"))
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Moves a case along the given statuses, each step expected to succeed.
    pub async fn walk(&self, case_number: &str, statuses: &[&str]) {
        for to in statuses {
            let body = if *to == "needs-more" {
                serde_json::json!({"to": to, "materials": [{"code": "bank-card"}]})
            } else {
                serde_json::json!({ "to": to })
            };
            let response = self.transition(case_number, body).await;
            assert_eq!(response.status(), StatusCode::OK, "to {to}");
        }
    }
}

pub fn application() -> ApplicationRequest {
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

/// The body of a success, after checking its status.
pub async fn body<T: DeserializeOwned>(response: Response, status: StatusCode) -> T {
    let got = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(got, status, "{text}");
    serde_json::from_str(&text).unwrap()
}

/// The problem of a failure, after checking its status and media type.
pub async fn problem(response: Response, status: StatusCode) -> Problem {
    assert_eq!(response.status(), status);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    response.json().await.unwrap()
}
