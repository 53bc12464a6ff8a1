#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Uploads over real HTTP: resuming after an interrupted part, parts at the wrong offset, a
//! sha256 mismatch, content-addressed dedupe, the limits, faults on parts, and applications
//! whose attachment answers name a complete upload or not.

use bianmin_api::{
    ApplicationRequest, CreateUpload, FormRef, Problem, Questionnaire, ServiceCatalogue,
    UploadStatus, IDEMPOTENCY_KEY, MAX_UPLOAD_SIZE, UPLOAD_OFFSET, UPLOAD_PART_SIZE,
};
use bianmin_forms::{to_response, Answers, FormDefinition};
use bianmin_server::{
    DemoCatalogue, FaultAction, FaultRoute, RoutedFaultRequest, ServerConfig, ServerOptions,
};
use reqwest::StatusCode;
use sha2::{Digest, Sha256};
use std::net::SocketAddr;

async fn start() -> (bianmin_server::RunningServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn_configured(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("s.sqlite"),
        ServerConfig {
            catalogue: DemoCatalogue::Full,
            ..ServerConfig::from(ServerOptions { admin: true })
        },
    )
    .await
    .unwrap();
    (server, dir)
}

/// A file of `len` bytes whose content depends on `seed`.
fn file(len: usize, seed: u8) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

fn describe(bytes: &[u8]) -> CreateUpload {
    CreateUpload {
        sha256: hex::encode(Sha256::digest(bytes)),
        size: bytes.len() as u64,
        mime_type: "image/jpeg".into(),
        material_code: "property-certificate".into(),
        file_name: "房产证.jpg".into(),
    }
}

struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    fn new(server: &bianmin_server::RunningServer) -> Self {
        Self {
            http: reqwest::Client::new(),
            base: server.base_url(),
        }
    }

    async fn create(&self, request: &CreateUpload) -> reqwest::Response {
        self.http
            .post(format!("{}/v1/uploads", self.base))
            .json(request)
            .send()
            .await
            .unwrap()
    }

    async fn patch(
        &self,
        id: &str,
        offset: u64,
        bytes: &[u8],
    ) -> reqwest::Result<reqwest::Response> {
        self.http
            .patch(format!("{}/v1/uploads/{id}", self.base))
            .header(UPLOAD_OFFSET, offset)
            .header("Content-Type", "application/offset+octet-stream")
            .body(bytes.to_vec())
            .send()
            .await
    }

    async fn status(&self, id: &str) -> UploadStatus {
        let r = self
            .http
            .get(format!("{}/v1/uploads/{id}", self.base))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn complete(&self, id: &str) -> reqwest::Response {
        self.http
            .post(format!("{}/v1/uploads/{id}/complete", self.base))
            .send()
            .await
            .unwrap()
    }

    /// Sends `bytes` in parts from where the server is, then completes.
    async fn send_all(&self, id: &str, bytes: &[u8]) -> UploadStatus {
        let mut at = self.status(id).await.offset as usize;
        while at < bytes.len() {
            let end = (at + UPLOAD_PART_SIZE as usize).min(bytes.len());
            let r = self.patch(id, at as u64, &bytes[at..end]).await.unwrap();
            assert_eq!(r.status(), StatusCode::OK);
            let s: UploadStatus = r.json().await.unwrap();
            assert_eq!(s.offset as usize, end);
            at = end;
        }
        let r = self.complete(id).await;
        assert_eq!(r.status(), StatusCode::OK);
        r.json().await.unwrap()
    }

    async fn fault(&self, count: u32, action: FaultAction) {
        let r = self
            .http
            .post(format!("{}/admin/faults", self.base))
            .json(&RoutedFaultRequest {
                count,
                action,
                route: FaultRoute::UploadParts,
            })
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
    }
}

async fn problem(r: reqwest::Response, status: StatusCode, kind: &str) -> Problem {
    assert_eq!(r.status(), status);
    assert_eq!(r.headers()["content-type"], "application/problem+json");
    let p: Problem = r.json().await.unwrap();
    assert!(p.kind.ends_with(kind), "{} is not {kind}", p.kind);
    p
}

#[tokio::test]
async fn an_interrupted_upload_resumes_where_the_server_stopped() {
    let (server, _dir) = start().await;
    let c = Client::new(&server);
    let bytes = file(2 * UPLOAD_PART_SIZE as usize + 1234, 7);
    let r = c.create(&describe(&bytes)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    assert!(r.headers()["location"]
        .to_str()
        .unwrap()
        .starts_with("/v1/uploads/"));
    let created: UploadStatus = r.json().await.unwrap();
    assert_eq!(created.offset, 0);
    assert_eq!(created.part_size, UPLOAD_PART_SIZE);
    assert!(!created.complete);

    // The first part arrives whole.
    let part = UPLOAD_PART_SIZE as usize;
    let r = c.patch(&created.id, 0, &bytes[..part]).await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[UPLOAD_OFFSET], part.to_string().as_str());

    // The second part's connection drops before it is stored: the client learns nothing.
    c.fault(
        1,
        FaultAction::Drop {
            after_commit: false,
        },
    )
    .await;
    let lost = match c
        .patch(&created.id, part as u64, &bytes[part..2 * part])
        .await
    {
        Err(_) => true,
        Ok(r) => r.bytes().await.is_err(),
    };
    assert!(lost, "the answer must not arrive whole");
    // Asked where to resume, the server says: after the first part.
    let s = c.status(&created.id).await;
    assert_eq!((s.offset, s.complete), (part as u64, false));

    // The next part is stored but its answer is cut short of its Content-Length.
    c.fault(1, FaultAction::Truncate).await;
    let r = c
        .patch(&created.id, part as u64, &bytes[part..2 * part])
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "the status line and headers arrive"
    );
    let cut = r.bytes().await.is_err();
    assert!(cut, "a truncated body must fail to read");
    let s = c.status(&created.id).await;
    assert_eq!(
        s.offset,
        2 * part as u64,
        "the part was stored before the answer was cut"
    );

    // Resuming from there completes the file, with the right sha256.
    let done = c.send_all(&created.id, &bytes).await;
    assert!(done.complete);
    assert_eq!(done.offset, bytes.len() as u64);
    // Completing again is harmless.
    let again: UploadStatus = c.complete(&created.id).await.json().await.unwrap();
    assert_eq!(again, done);
    server.shutdown().await;
}

#[tokio::test]
async fn a_part_at_the_wrong_offset_is_409_naming_the_right_one() {
    let (server, _dir) = start().await;
    let c = Client::new(&server);
    let bytes = file(3000, 1);
    let s: UploadStatus = c.create(&describe(&bytes)).await.json().await.unwrap();
    assert_eq!(
        c.patch(&s.id, 0, &bytes[..1000]).await.unwrap().status(),
        StatusCode::OK
    );
    for wrong in [0u64, 500, 2000] {
        let r = c
            .patch(&s.id, wrong, &bytes[wrong as usize..])
            .await
            .unwrap();
        assert_eq!(r.headers()[UPLOAD_OFFSET], "1000");
        let p = problem(r, StatusCode::CONFLICT, "upload-offset-mismatch").await;
        assert_eq!(p.message.id, "error-upload-interrupted");
        assert_eq!(p.message.args["offset"], "1000");
    }
    // Nothing of the refused parts was kept.
    assert_eq!(c.status(&s.id).await.offset, 1000);
    // Completing early is 409 too, with the offset to resume from.
    let p = problem(
        c.complete(&s.id).await,
        StatusCode::CONFLICT,
        "upload-offset-mismatch",
    )
    .await;
    assert_eq!(p.message.args["offset"], "1000");
    // No Upload-Offset at all is a 400.
    let r = c
        .http
        .patch(format!("{}/v1/uploads/{}", c.base, s.id))
        .body(vec![1u8; 10])
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::BAD_REQUEST, "invalid-upload").await;
    // An unknown upload is 404, whatever the method.
    problem(
        c.patch("nosuchupload", 0, b"x").await.unwrap(),
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    problem(
        c.complete("nosuchupload").await,
        StatusCode::NOT_FOUND,
        "not-found",
    )
    .await;
    server.shutdown().await;
}

#[tokio::test]
async fn a_sha256_mismatch_is_422_and_the_upload_starts_again_at_zero() {
    let (server, _dir) = start().await;
    let c = Client::new(&server);
    let bytes = file(5000, 3);
    let s: UploadStatus = c.create(&describe(&bytes)).await.json().await.unwrap();
    let mut damaged = bytes.clone();
    damaged[4321] ^= 0xff;
    assert_eq!(
        c.patch(&s.id, 0, &damaged).await.unwrap().status(),
        StatusCode::OK
    );
    let r = c.complete(&s.id).await;
    assert_eq!(r.headers()[UPLOAD_OFFSET], "0");
    let p = problem(
        r,
        StatusCode::UNPROCESSABLE_ENTITY,
        "upload-checksum-mismatch",
    )
    .await;
    assert_eq!(p.message.id, "error-upload-damaged");
    let restarted = c.status(&s.id).await;
    assert_eq!((restarted.offset, restarted.complete), (0, false));
    // Sent again whole, it completes.
    assert!(c.send_all(&s.id, &bytes).await.complete);
    server.shutdown().await;
}

#[tokio::test]
async fn the_same_bytes_are_never_sent_twice() {
    let (server, _dir) = start().await;
    let c = Client::new(&server);
    let bytes = file(10_000, 9);
    let first: UploadStatus = c.create(&describe(&bytes)).await.json().await.unwrap();
    // Before it completes, a second create is a new upload: nothing is verified yet.
    let r = c.create(&describe(&bytes)).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let second: UploadStatus = r.json().await.unwrap();
    assert_ne!(second.id, first.id);
    c.send_all(&first.id, &bytes).await;

    // Once complete, creating the same sha256 and size answers that upload, complete.
    let mut again = describe(&bytes);
    again.file_name = "another name.pdf".into();
    again.mime_type = "application/pdf".into();
    again.sha256 = again.sha256.to_uppercase();
    let r = c.create(&again).await;
    assert_eq!(r.status(), StatusCode::OK);
    let deduped: UploadStatus = r.json().await.unwrap();
    assert_eq!(deduped.id, first.id);
    assert!(deduped.complete);
    assert_eq!(deduped.offset, bytes.len() as u64);
    // Another file (another size or sha) is not the same.
    let other = file(10_001, 9);
    assert_eq!(
        c.create(&describe(&other)).await.status(),
        StatusCode::CREATED
    );
    server.shutdown().await;
}

#[tokio::test]
async fn limits_are_problems_with_message_ids() {
    let (server, _dir) = start().await;
    let c = Client::new(&server);
    let bytes = file(100, 0);

    let mut big = describe(&bytes);
    big.size = MAX_UPLOAD_SIZE + 1;
    let p = problem(
        c.create(&big).await,
        StatusCode::PAYLOAD_TOO_LARGE,
        "upload-too-large",
    )
    .await;
    assert_eq!(p.message.id, "error-upload-too-large");
    assert_eq!(p.message.args["maxMb"], "20");
    let mut at_limit = describe(&bytes);
    at_limit.size = MAX_UPLOAD_SIZE;
    assert_eq!(c.create(&at_limit).await.status(), StatusCode::CREATED);

    let mut gif = describe(&bytes);
    gif.mime_type = "image/gif".into();
    let p = problem(
        c.create(&gif).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "upload-type-not-allowed",
    )
    .await;
    assert_eq!(p.message.id, "error-upload-type");
    for mime in ["image/png", "application/pdf"] {
        let mut ok = describe(&file(50, mime.len() as u8));
        ok.mime_type = mime.into();
        assert_eq!(c.create(&ok).await.status(), StatusCode::CREATED, "{mime}");
    }

    let mut empty = describe(&bytes);
    empty.size = 0;
    let p = problem(
        c.create(&empty).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-upload",
    )
    .await;
    assert_eq!(p.message.id, "error-upload-empty");
    let mut bad_sha = describe(&bytes);
    bad_sha.sha256 = "not-a-digest".into();
    problem(
        c.create(&bad_sha).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-upload",
    )
    .await;
    let mut bad_material = describe(&bytes);
    bad_material.material_code = "no spaces; please".into();
    problem(
        c.create(&bad_material).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-upload",
    )
    .await;
    let mut bad_name = describe(&bytes);
    bad_name.file_name = "x".repeat(256);
    problem(
        c.create(&bad_name).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid-upload",
    )
    .await;
    let r = c
        .http
        .post(format!("{}/v1/uploads", c.base))
        .header("Content-Type", "application/json")
        .body("{\"sha256\": 1")
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::BAD_REQUEST, "invalid-upload").await;
    let r = c
        .http
        .post(format!("{}/v1/uploads", c.base))
        .header("Content-Type", "application/json")
        .body(vec![b' '; 100_000])
        .send()
        .await
        .unwrap();
    problem(r, StatusCode::PAYLOAD_TOO_LARGE, "upload-too-large").await;

    // A part larger than the part size is 413 and stores nothing.
    let huge = file(UPLOAD_PART_SIZE as usize + 1, 4);
    let s: UploadStatus = c.create(&describe(&huge)).await.json().await.unwrap();
    let r = c.patch(&s.id, 0, &huge).await.unwrap();
    problem(r, StatusCode::PAYLOAD_TOO_LARGE, "upload-too-large").await;
    // So is one that goes past the declared size.
    let small: UploadStatus = c.create(&describe(&bytes)).await.json().await.unwrap();
    let r = c.patch(&small.id, 0, &file(101, 0)).await.unwrap();
    problem(r, StatusCode::PAYLOAD_TOO_LARGE, "upload-too-large").await;
    assert_eq!(c.status(&s.id).await.offset, 0);
    assert_eq!(c.status(&small.id).await.offset, 0);
    server.shutdown().await;
}

/// An application for household-transfer whose attachment answer names `upload`.
async fn application(base: &str, upload: &str) -> ApplicationRequest {
    let catalogue: ServiceCatalogue = reqwest::get(format!("{base}/v1/services"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let service = catalogue
        .items
        .into_iter()
        .find(|s| s.summary.code == "household-transfer")
        .unwrap();
    let q: Questionnaire = reqwest::get(format!(
        "{base}/v1/forms/{}/{}",
        service.form.id, service.form.version
    ))
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let form = FormDefinition::parse(&q).unwrap();
    let attachment = form
        .items
        .iter()
        .find(|i| i.material.as_deref() == Some("property-certificate"))
        .unwrap();
    let answers: Answers = [
        ("applicant-name", "张三"),
        ("applicant-id-number", "11010519491231002X"),
        ("new-address", "北京市东城区和平里街道 1 号"),
        ("family-members", "0"),
        (attachment.link_id.as_str(), upload),
        ("contact-mobile", "13800138000"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), vec![v.to_owned()]))
    .collect();
    let today = time::OffsetDateTime::now_utc().date();
    assert!(bianmin_forms::validate_answers(&form, &answers, today).is_empty());
    ApplicationRequest {
        service_code: service.summary.code,
        form: FormRef {
            id: service.form.id,
            url: service.form.url,
            version: service.form.version,
        },
        response: to_response(&form, &answers, today),
        on_behalf_of: None,
    }
}

#[tokio::test]
async fn an_application_may_only_name_a_complete_upload() {
    let (server, _dir) = start().await;
    let c = Client::new(&server);
    let submit = |key: &'static str, request: ApplicationRequest| {
        let http = c.http.clone();
        let base = c.base.clone();
        async move {
            http.post(format!("{base}/v1/applications"))
                .header(IDEMPOTENCY_KEY, key)
                .json(&request)
                .send()
                .await
                .unwrap()
        }
    };
    let bytes = file(4000, 5);
    let s: UploadStatus = c.create(&describe(&bytes)).await.json().await.unwrap();
    c.patch(&s.id, 0, &bytes[..2000]).await.unwrap();

    for (upload, message) in [
        (s.id.as_str(), "error-upload-incomplete"),
        ("no-such-upload", "error-upload-unknown"),
    ] {
        let request = application(&c.base, upload).await;
        let link_id = request
            .response
            .item
            .iter()
            .find(|i| {
                i.answer
                    .iter()
                    .any(|a| a.value_string.as_deref() == Some(upload))
            })
            .unwrap()
            .link_id
            .clone();
        let p = problem(
            submit("k1", request).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid-answers",
        )
        .await;
        assert_eq!(p.fields.len(), 1, "{:?}", p.fields);
        assert_eq!(p.fields[0].link_id, link_id);
        assert_eq!(p.fields[0].message.id, message);
    }

    // Once the upload completes, the same key is accepted: refused answers were not recorded.
    c.send_all(&s.id, &bytes).await;
    let r = submit("k1", application(&c.base, &s.id).await).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    server.shutdown().await;
}
