//! Shared by the identity, delegation and idempotency tests: a practice-mode server on a loopback
//! port, signing in over real HTTP, and direct access to its SQLite file to age rows.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use bianmin_api::{
    ApplicationRequest, FormRef, OtpChallenge, Problem, QuestionnaireResponse, SignedIn,
};
use bianmin_server::{RunningServer, ServerConfig};
use reqwest::StatusCode;
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::SqlitePool;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

pub struct Server {
    pub server: RunningServer,
    pub base: String,
    pub http: reqwest::Client,
    pub db_path: PathBuf,
    pub dir: tempfile::TempDir,
}

pub async fn start_with(config: ServerConfig) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("s.sqlite");
    let server =
        bianmin_server::spawn_configured(SocketAddr::from(([127, 0, 0, 1], 0)), &db_path, config)
            .await
            .unwrap();
    Server {
        base: server.base_url(),
        server,
        http: reqwest::Client::new(),
        db_path,
        dir,
    }
}

/// Practice mode (the code comes back in the challenge), admin routes on.
pub async fn start() -> Server {
    start_with(ServerConfig {
        admin: true,
        practice: true,
        ..ServerConfig::default()
    })
    .await
}

/// A second connection to the server's database, to age rows as time would.
pub async fn raw_db(path: &Path) -> SqlitePool {
    SqlitePool::connect_with(SqliteConnectOptions::new().filename(path))
        .await
        .unwrap()
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn challenge(&self, mobile: &str) -> OtpChallenge {
        let response = self
            .http
            .post(self.url("/v1/sign-in/otp"))
            .json(&serde_json::json!({ "mobile": mobile }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        response.json().await.unwrap()
    }

    pub async fn verify(&self, challenge_id: &str, code: &str) -> reqwest::Response {
        self.http
            .post(self.url("/v1/sign-in/otp/verify"))
            .json(&serde_json::json!({ "challengeId": challenge_id, "code": code }))
            .send()
            .await
            .unwrap()
    }

    /// Signs a resident in by mobile number (practice mode shows the code).
    pub async fn resident(&self, mobile: &str) -> SignedIn {
        let challenge = self.challenge(mobile).await;
        let code = challenge
            .practice_code
            .expect("practice mode returns the code");
        let response = self.verify(&challenge.challenge_id, &code).await;
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    pub async fn staff(&self, id: &str, password: &str) -> reqwest::Response {
        self.http
            .post(self.url("/v1/sign-in/staff"))
            .json(&serde_json::json!({ "staffId": id, "password": password }))
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str, token: &str) -> reqwest::Response {
        self.http
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
    }

    pub async fn post(
        &self,
        path: &str,
        token: &str,
        body: &serde_json::Value,
    ) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// `POST /v1/applications` with a key, signed in or not.
    pub async fn submit(
        &self,
        token: Option<&str>,
        key: &str,
        body: &ApplicationRequest,
    ) -> reqwest::Response {
        let mut request = self
            .http
            .post(self.url("/v1/applications"))
            .header(bianmin_api::IDEMPOTENCY_KEY, key)
            .json(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }
}

/// A problem answer: its status, type suffix and message id.
pub async fn problem(response: reqwest::Response) -> (StatusCode, Problem) {
    let status = response.status();
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json",
        "{status} without a problem"
    );
    (status, response.json().await.unwrap())
}

pub fn ends_with(problem: &Problem, kind: &str) -> bool {
    problem.kind.ends_with(&format!("/problems/{kind}"))
}

/// A valid old-age allowance application for this name and ID number.
pub fn elderly_allowance(name: &str, id_number: &str) -> ApplicationRequest {
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
                ("applicant-name", name),
                ("applicant-id-number", id_number),
                ("contact-mobile", "13800138000"),
            ],
        ),
        on_behalf_of: None,
    }
}
