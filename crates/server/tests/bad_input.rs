#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Bad input gets a 4xx problem, never a 5xx, a plain-text answer or a hang: malformed JSON, wrong
//! types, a missing content type, an oversized body, unknown ids and paths, wrong methods, and
//! parameters that do not parse. Real HTTP against the real server; the API fuzz (tests/api/,
//! schemathesis) checks the same rule over every operation, and this file keeps it without Python.

use bianmin_api::{problem_types, Problem, IDEMPOTENCY_KEY, PROBLEM_JSON};
use reqwest::{Method, StatusCode};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

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

fn client() -> reqwest::Client {
    // A hang fails the test instead of stalling it.
    reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

/// The message ids of one locale's errors.ftl.
fn message_ids(lang: &str) -> Vec<String> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../../locales/{lang}/errors.ftl"));
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once(" = ").map(|(id, _)| id.trim().to_owned()))
        .collect()
}

/// Asserts `response` is the 4xx problem `kind` with `status`, localizable in both languages, and
/// returns it.
async fn assert_problem(
    response: reqwest::Response,
    status: StatusCode,
    kind: &str,
    what: &str,
) -> Problem {
    assert_eq!(response.status(), status, "{what}");
    assert!(status.is_client_error(), "{what}: {status} is not 4xx");
    assert_eq!(
        response.headers()["content-type"],
        PROBLEM_JSON,
        "{what}: not problem+json"
    );
    let problem: Problem = response.json().await.unwrap();
    assert_eq!(problem.status, status.as_u16(), "{what}");
    assert_eq!(problem.kind, kind, "{what}");
    for lang in ["zh-CN", "en-US"] {
        assert!(
            message_ids(lang).contains(&problem.message.id),
            "{what}: {lang} has no message {}",
            problem.message.id
        );
    }
    problem
}

fn submit(http: &reqwest::Client, base: &str, key: &str) -> reqwest::RequestBuilder {
    http.post(format!("{base}/v1/applications"))
        .header(IDEMPOTENCY_KEY, key)
}

#[tokio::test]
async fn malformed_json_and_wrong_types_are_400() {
    let (server, _dir) = start().await;
    let http = client();
    let base = server.base_url();
    let malformed = submit(&http, &base, "k-malformed")
        .header("Content-Type", "application/json")
        .body(r#"{"serviceCode": "elderly-allowance", "form": "#)
        .send()
        .await
        .unwrap();
    let p = assert_problem(
        malformed,
        StatusCode::BAD_REQUEST,
        problem_types::INVALID_REQUEST,
        "malformed JSON",
    )
    .await;
    assert!(p.detail.is_some(), "the parser's reason is in detail");

    let wrong_types = submit(&http, &base, "k-types")
        .header("Content-Type", "application/json")
        .body(r#"{"serviceCode": 42, "form": [], "response": "yes"}"#)
        .send()
        .await
        .unwrap();
    assert_problem(
        wrong_types,
        StatusCode::BAD_REQUEST,
        problem_types::INVALID_REQUEST,
        "wrong types",
    )
    .await;

    // A body that is not JSON, and one without a content type.
    let not_json = submit(&http, &base, "k-malformed")
        .header("Content-Type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_problem(
        not_json,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        problem_types::UNSUPPORTED_MEDIA_TYPE,
        "text/plain body",
    )
    .await;
    let no_content_type = submit(&http, &base, "k-none")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_problem(
        no_content_type,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        problem_types::UNSUPPORTED_MEDIA_TYPE,
        "no Content-Type",
    )
    .await;

    // None was recorded under its key: the same key with a good body opens a case.
    let good = submit(&http, &base, "k-malformed")
        .json(&serde_json::json!({
            "serviceCode": "elderly-allowance",
            "form": {"id": "elderly-allowance", "url": FORM_URL, "version": "1.0.0"},
            "response": {
                "resourceType": "QuestionnaireResponse",
                "questionnaire": format!("{FORM_URL}|1.0.0"),
                "status": "completed",
                "item": [
                    {"linkId": "applicant-name", "answer": [{"valueString": "张三"}]},
                    {"linkId": "applicant-id-number", "answer": [{"valueString": "11010519491231002X"}]},
                    {"linkId": "contact-mobile", "answer": [{"valueString": "13800138000"}]}
                ]
            }
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(good.status(), StatusCode::CREATED);
}

const FORM_URL: &str = "https://forms.bianmin.example/Questionnaire/elderly-allowance";

#[tokio::test]
async fn an_oversized_body_is_413_whether_its_length_is_declared_or_not() {
    let (server, _dir) = start().await;
    let http = client();
    let base = server.base_url();
    let big = vec![b' '; 3 * 1024 * 1024];
    let declared = submit(&http, &base, "k-big")
        .header("Content-Type", "application/json")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_problem(
        declared,
        StatusCode::PAYLOAD_TOO_LARGE,
        problem_types::TOO_LARGE,
        "3 MiB with Content-Length",
    )
    .await;

    // Chunked: the server learns the size only while reading.
    let (status, head, body) = chunked_post(server.addr, "/v1/applications", &big).await;
    assert_eq!(status, 413, "3 MiB chunked: {head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: application/problem+json"),
        "3 MiB chunked: {head}"
    );
    let problem: Problem = serde_json::from_str(&body).unwrap();
    assert_eq!(problem.kind, problem_types::TOO_LARGE);
}

/// POSTs `body` with `Transfer-Encoding: chunked` over a raw connection (stopping early if the
/// server has answered and closed) and returns the status, the head and the body of the answer.
async fn chunked_post(addr: SocketAddr, path: &str, body: &[u8]) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         {IDEMPOTENCY_KEY}: k-chunked\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for chunk in body.chunks(64 * 1024) {
        let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
        framed.extend_from_slice(chunk);
        framed.extend_from_slice(b"\r\n");
        if stream.write_all(&framed).await.is_err() {
            break; // the server refused the rest
        }
    }
    let _ = stream.write_all(b"0\r\n\r\n").await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    assert!(read.is_ok(), "no answer within 10 s");
    let answer = String::from_utf8_lossy(&answer).into_owned();
    let (head, rest) = answer.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    // The problem is small: one chunk, or a body with Content-Length.
    let body = if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        rest.split("\r\n").nth(1).unwrap_or_default().to_owned()
    } else {
        rest.to_owned()
    };
    (status, head.to_owned(), body)
}

#[tokio::test]
async fn unknown_ids_and_paths_are_404() {
    let (server, _dir) = start().await;
    let http = client();
    let base = server.base_url();
    for path in [
        "/v1/services/no-such-service",
        "/v1/bundles/no-such-bundle",
        "/v1/forms/elderly-allowance/9.9.9",
        "/v1/applications/BM20000101000001",
        "/v1/no-such-thing",
        "/v1/services/elderly-allowance/extra",
        "/",
        "/admin/faults",
    ] {
        let response = http.get(format!("{base}{path}")).send().await.unwrap();
        assert_problem(
            response,
            StatusCode::NOT_FOUND,
            problem_types::NOT_FOUND,
            path,
        )
        .await;
    }
}

#[tokio::test]
async fn a_wrong_method_is_405_with_allow() {
    let (server, _dir) = start().await;
    let http = client();
    let base = server.base_url();
    for (method, path, allowed) in [
        (Method::DELETE, "/v1/services", "GET"),
        (Method::POST, "/v1/services/elderly-allowance", "GET"),
        (Method::PUT, "/v1/applications", "POST"),
        (Method::PATCH, "/v1/applications/BM20000101000001", "GET"),
    ] {
        let response = http
            .request(method.clone(), format!("{base}{path}"))
            .header("Content-Type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        let allow = response
            .headers()
            .get("allow")
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default();
        assert!(
            allow.contains(allowed),
            "{method} {path}: Allow is {allow:?}"
        );
        assert_problem(
            response,
            StatusCode::METHOD_NOT_ALLOWED,
            problem_types::METHOD_NOT_ALLOWED,
            &format!("{method} {path}"),
        )
        .await;
    }
}

#[tokio::test]
async fn parameters_that_do_not_parse_are_400() {
    let (server, _dir) = start().await;
    let http = client();
    let base = server.base_url();
    for path in [
        // Not UTF-8 once percent-decoded.
        "/v1/services/%FF%FE",
        "/v1/forms/%C3%28/1.0.0",
        // A filter given twice.
        "/v1/services?lifeEvent=a&lifeEvent=b",
    ] {
        let response = http.get(format!("{base}{path}")).send().await.unwrap();
        assert_problem(
            response,
            StatusCode::BAD_REQUEST,
            problem_types::INVALID_REQUEST,
            path,
        )
        .await;
    }
}
