#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Attachments (材料), end to end through the core against the real reference server over real
//! HTTP: a photo added to the senior card's question is checked by content and size, stored
//! sealed, uploaded through `/v1/uploads` before the application is sent (resuming from the
//! server's offset after an interrupted part), named by the application, and its bytes deleted
//! once the application is accepted. No mocks.

mod support;

use bianmin_core::view::{Draft, OutboxState};
use bianmin_core::{Bianmin, CoreError, UiError};
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use std::path::Path;
use std::time::Duration;
use support::{app, contains, server, VALID_ID};

const SERVICE: &str = "senior-card";
const QUESTION: &str = "photo";
/// Planted in every test file: it must never be found in the app's database files.
const MARKER: &[u8] = b"PLAIN-ATTACHMENT-MARKER-7f3a";

/// A PNG-headed file of `len` bytes with the marker planted many times and pseudo-random bytes.
fn png(len: usize, seed: u8) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut x: u32 = 0x9E37_79B9 ^ u32::from(seed);
    while bytes.len() < len {
        if bytes.len() % 4096 == 8 {
            bytes.extend_from_slice(MARKER);
        } else {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            bytes.push(x.to_le_bytes()[0]);
        }
    }
    bytes.truncate(len);
    bytes
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn answer_the_rest(app: &Bianmin, draft: &Draft) {
    for (link, value) in [
        ("applicant-name", "王秀英"),
        ("applicant-id-number", VALID_ID),
        ("birth-date", "1949-12-31"),
        ("collection", "pickup"),
        ("contact-mobile", "13800000001"),
    ] {
        let saved = app
            .save_answer(&draft.id, link, &[value.to_owned()])
            .await
            .unwrap();
        assert!(saved.error.is_none(), "{link}: {:?}", saved.error);
    }
}

fn refusal(result: Result<Draft, CoreError>) -> UiError {
    let e = result.expect_err("the file is refused");
    assert!(matches!(e, CoreError::Refused { .. }), "{e:?}");
    UiError::from(&e)
}

async fn server_db(dir: &Path) -> SqliteConnection {
    SqliteConnection::connect_with(
        &SqliteConnectOptions::new()
            .filename(dir.join("server.sqlite"))
            .read_only(true),
    )
    .await
    .unwrap()
}

/// Every file of the app's database (the database, its WAL), concatenated.
fn app_files(db: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", db.display());
        all.extend(std::fs::read(path).unwrap_or_default());
    }
    all
}

async fn pump_until_accepted(app: &Bianmin, draft_id: &str) {
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    loop {
        app.pump_outbox().await.unwrap();
        let draft = app.get_draft(draft_id).await.unwrap();
        if draft.outbox == Some(OutboxState::Accepted) {
            return;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "not accepted: {:?}",
            draft.outbox
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_photo_is_checked_sealed_uploaded_named_by_the_application_and_then_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let db = dir.path().join("app.sqlite");
    let app = app(&db, &server.base_url()).await;
    let draft = app.start_application(SERVICE).await.unwrap();
    let photo_q = draft
        .questions
        .iter()
        .find(|q| q.link_id == QUESTION)
        .unwrap();
    assert!(photo_q.attachments.is_empty());

    // Refused by content and size, about the question, and nothing stored.
    let wrong = refusal(
        app.attach_file(
            &draft.id,
            QUESTION,
            "photo.png",
            b"GIF89a not a photo we take",
            None,
        )
        .await,
    );
    assert_eq!(wrong.message.id, "error-upload-type");
    assert_eq!(wrong.fields[0].link_id, QUESTION);
    let renamed_pdf = refusal(
        app.attach_file(
            &draft.id,
            QUESTION,
            "scan.pdf",
            b"<html>not a pdf</html>",
            None,
        )
        .await,
    );
    assert_eq!(renamed_pdf.message.id, "error-upload-type");
    let big = png(20 * 1024 * 1024 + 1, 1);
    let too_big = refusal(
        app.attach_file(&draft.id, QUESTION, "big.png", &big, None)
            .await,
    );
    assert_eq!(too_big.message.id, "error-upload-too-large");
    assert_eq!(too_big.message.args["maxMb"], "20");
    let empty = refusal(
        app.attach_file(&draft.id, QUESTION, "e.png", b"", None)
            .await,
    );
    assert_eq!(empty.message.id, "error-upload-empty");
    let not_attachment = app
        .attach_file(&draft.id, "applicant-name", "a.png", &png(100, 2), None)
        .await;
    assert!(matches!(not_attachment, Err(CoreError::NotFound(_))));
    assert!(!app
        .get_draft(&draft.id)
        .await
        .unwrap()
        .answers
        .contains_key(QUESTION));

    // A first photo, then another one in its place (the question takes one file).
    let first = png(100_000, 3);
    let draft1 = app
        .attach_file(
            &draft.id,
            QUESTION,
            "/home/resident/旧照片.png",
            &first,
            None,
        )
        .await
        .unwrap();
    let old_id = draft1.answers[QUESTION][0].clone();
    assert_eq!(
        app.attachment_preview(&old_id).await.unwrap(),
        first,
        "the preview is the file"
    );
    let file = png(700 * 1024, 4); // three parts of 256 KiB
    let draft2 = app
        .attach_file(&draft.id, QUESTION, "证件照.png", &file, None)
        .await
        .unwrap();
    let q = draft2
        .questions
        .iter()
        .find(|q| q.link_id == QUESTION)
        .unwrap();
    assert_eq!(q.attachments.len(), 1);
    let shown = &q.attachments[0];
    assert_eq!(shown.file_name, "证件照.png");
    assert_eq!(shown.size, file.len() as u64);
    assert_eq!(shown.content_type, "image/png");
    assert_eq!(draft2.answers[QUESTION], std::slice::from_ref(&shown.id));
    assert!(matches!(
        app.attachment_preview(&old_id).await,
        Err(CoreError::NotFound(_))
    ));

    // Sealed at rest: neither the file nor its name is in any of the database's files.
    assert!(
        !contains(&app_files(&db), MARKER),
        "plain file bytes on disk"
    );
    assert!(
        !contains(&app_files(&db), "证件照".as_bytes()),
        "plain file name on disk"
    );

    // A restart loses nothing.
    app.close().await;
    let app = support::app(&db, &server.base_url()).await;
    let again = app.get_draft(&draft.id).await.unwrap();
    let q = again
        .questions
        .iter()
        .find(|q| q.link_id == QUESTION)
        .unwrap();
    assert_eq!(q.attachments[0].file_name, "证件照.png");
    assert_eq!(app.attachment_preview(&shown.id).await.unwrap(), file);

    answer_the_rest(&app, &draft).await;
    let receipt = app.submit_application(&draft.id).await.unwrap();
    assert_eq!(receipt.outbox, OutboxState::Accepted, "{receipt:?}");
    let case_number = receipt.case_number.unwrap();

    // The server holds the upload, complete, with the file's sha256…
    let mut server_db = server_db(dir.path()).await;
    let uploads: Vec<(String, String, i64, i64, String, String)> =
        sqlx::query_as("SELECT id, sha256, size, complete, mime_type, material_code FROM uploads")
            .fetch_all(&mut server_db)
            .await
            .unwrap();
    assert_eq!(uploads.len(), 1, "only the photo that stayed is uploaded");
    let (upload_id, sha, size, complete, mime, material) = &uploads[0];
    assert_eq!(sha, &sha256(&file));
    assert_eq!(*size, file.len() as i64);
    assert_eq!(*complete, 1);
    assert_eq!(mime, "image/png");
    assert_eq!(material, "photo-1inch");
    let parts: Vec<Vec<u8>> =
        sqlx::query_scalar("SELECT bytes FROM upload_parts WHERE upload_id = ? ORDER BY start")
            .bind(upload_id)
            .fetch_all(&mut server_db)
            .await
            .unwrap();
    assert_eq!(parts.concat(), file, "the server has the file's bytes");
    assert!(parts.iter().all(|p| p.len() <= 256 * 1024));
    // …and the application names it.
    let response: String = sqlx::query_scalar("SELECT response FROM cases WHERE case_number = ?")
        .bind(&case_number)
        .fetch_one(&mut server_db)
        .await
        .unwrap();
    let response: serde_json::Value = serde_json::from_str(&response).unwrap();
    let photo = response["item"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["linkId"] == QUESTION)
        .unwrap();
    assert_eq!(photo["answer"][0]["valueString"], upload_id.as_str());

    // Accepted: the bytes are gone from this computer; the name stays for the record.
    assert!(matches!(
        app.attachment_preview(&shown.id).await,
        Err(CoreError::NotFound(_))
    ));
    let done = app.get_draft(&draft.id).await.unwrap();
    let q = done
        .questions
        .iter()
        .find(|q| q.link_id == QUESTION)
        .unwrap();
    assert_eq!(q.attachments[0].file_name, "证件照.png");
    app.close().await;
}

#[tokio::test]
async fn an_interrupted_upload_resumes_from_the_servers_offset() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let db = dir.path().join("app.sqlite");
    let app = app(&db, &base)
        .await
        .with_submit_wait(Duration::from_secs(5));
    let draft = app.start_application(SERVICE).await.unwrap();
    let file = png(600 * 1024, 5);
    app.attach_file(&draft.id, QUESTION, "照片.png", &file, None)
        .await
        .unwrap();
    answer_the_rest(&app, &draft).await;

    // The first part is stored, then the connection drops before the app hears of it; the
    // second part gets a 503.
    let drop = serde_json::json!({"kind": "drop", "afterCommit": true});
    let busy = serde_json::json!({"kind": "status", "status": 503, "retryAfter": 1});
    for action in [drop, busy] {
        let status = reqwest::Client::new()
            .post(format!("{base}/admin/faults"))
            .json(&serde_json::json!({"count": 1, "route": "uploadParts", "action": action}))
            .send()
            .await
            .unwrap()
            .status();
        assert_eq!(status, 204);
    }
    let receipt = app.submit_application(&draft.id).await.unwrap();
    assert_eq!(receipt.outbox, OutboxState::RetryLater, "{receipt:?}");
    assert!(receipt.case_number.is_none());

    // The server has the first part; the app recorded the upload and asks where to go on.
    let mut server_db = server_db(dir.path()).await;
    let (upload_id, received, complete): (String, i64, i64) =
        sqlx::query_as("SELECT id, received, complete FROM uploads")
            .fetch_one(&mut server_db)
            .await
            .unwrap();
    assert_eq!(received, 256 * 1024, "the first part arrived");
    assert_eq!(complete, 0);

    // Kill -9 stands in here as closing without a word: the next process resumes.
    app.close().await;
    let app = support::app(&db, &base).await;
    pump_until_accepted(&app, &draft.id).await;

    let uploads: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT id, sha256, complete FROM uploads")
            .fetch_all(&mut server_db)
            .await
            .unwrap();
    assert_eq!(
        uploads.len(),
        1,
        "the same upload was resumed, not started again"
    );
    assert_eq!(uploads[0].0, upload_id);
    assert_eq!(uploads[0].1, sha256(&file));
    assert_eq!(uploads[0].2, 1);
    let starts: Vec<i64> =
        sqlx::query_scalar("SELECT start FROM upload_parts WHERE upload_id = ? ORDER BY start")
            .bind(&upload_id)
            .fetch_all(&mut server_db)
            .await
            .unwrap();
    assert_eq!(
        starts,
        [0, 256 * 1024, 512 * 1024],
        "each part arrived once"
    );
    let cases: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cases")
        .fetch_one(&mut server_db)
        .await
        .unwrap();
    assert_eq!(cases, 1, "filed exactly once");
    app.close().await;
}

#[tokio::test]
async fn a_file_is_replaced_by_id_removed_and_a_kiosk_session_leaves_none() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let db = dir.path().join("app.sqlite");
    let app = app(&db, &server.base_url()).await;
    let party = app.begin_session();
    let draft = app.start_application(SERVICE).await.unwrap();
    let added = app
        .attach_file(&draft.id, QUESTION, "a.pdf", b"%PDF-1.4\n% a scan\n", None)
        .await
        .unwrap();
    let id = added.answers[QUESTION][0].clone();
    let q = added
        .questions
        .iter()
        .find(|q| q.link_id == QUESTION)
        .unwrap();
    assert_eq!(q.attachments[0].content_type, "application/pdf");
    // No preview of a PDF.
    assert!(matches!(
        app.attachment_preview(&id).await,
        Err(CoreError::NotFound(_))
    ));
    // Replaced by id.
    let replaced = app
        .attach_file(
            &draft.id,
            QUESTION,
            "b.jpg",
            &[0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3],
            Some(&id),
        )
        .await
        .unwrap();
    let q = replaced
        .questions
        .iter()
        .find(|q| q.link_id == QUESTION)
        .unwrap();
    assert_eq!(q.attachments.len(), 1);
    assert_eq!(q.attachments[0].file_name, "b.jpg");
    assert_eq!(q.attachments[0].content_type, "image/jpeg");
    // Removed.
    let removed = app
        .remove_attachment(&draft.id, &q.attachments[0].id)
        .await
        .unwrap();
    assert!(!removed.answers.contains_key(QUESTION));
    app.attach_file(&draft.id, QUESTION, "c.png", &png(5000, 6), None)
        .await
        .unwrap();

    // Another party cannot see the file.
    let other = app.begin_session();
    let theirs = app.get_draft(&draft.id).await;
    assert!(matches!(theirs, Err(CoreError::NotFound(_))));
    app.resume_session(&party);

    let ended = app.end_session(&party).await.unwrap();
    assert_eq!(ended.removed, 1);
    let _ = other;
    app.close().await;
    let mut conn = SqliteConnection::connect_with(&SqliteConnectOptions::new().filename(&db))
        .await
        .unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM attachments")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(left, 0, "the session's files left with it");
    assert!(!contains(&app_files(&db), MARKER));
}

#[tokio::test]
async fn a_repeating_question_holds_several_files_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn_configured(
        std::net::SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("server.sqlite"),
        bianmin_server::ServerConfig {
            admin: true,
            catalogue: bianmin_server::DemoCatalogue::Full,
            back_office_tick: None,
            practice: true,
        },
    )
    .await
    .unwrap();
    let app = app(&dir.path().join("app.sqlite"), &server.base_url()).await;
    let draft = app
        .start_application("accessibility-adaptation")
        .await
        .unwrap();
    let link = "home-photos";
    let mut ids = Vec::new();
    for (n, name) in ["门口.jpg", "楼梯.png", "卫生间.pdf"].iter().enumerate() {
        let bytes: Vec<u8> = match n {
            0 => vec![0xFF, 0xD8, 0xFF, 0xDB, 9, 9],
            1 => png(2000, 7),
            _ => b"%PDF-1.7\n".to_vec(),
        };
        let d = app
            .attach_file(&draft.id, link, name, &bytes, None)
            .await
            .unwrap();
        ids = d.answers[link].clone();
        assert_eq!(ids.len(), n + 1, "a repeating question keeps every file");
    }
    // The middle one replaced in its place, the first removed.
    let d = app
        .attach_file(&draft.id, link, "楼梯2.png", &png(3000, 8), Some(&ids[1]))
        .await
        .unwrap();
    let names: Vec<_> = d
        .questions
        .iter()
        .find(|q| q.link_id == link)
        .unwrap()
        .attachments
        .iter()
        .map(|a| a.file_name.clone())
        .collect();
    assert_eq!(names, ["门口.jpg", "楼梯2.png", "卫生间.pdf"]);
    let d = app.remove_attachment(&draft.id, &ids[0]).await.unwrap();
    assert_eq!(d.answers[link].len(), 2);
    // Saving the answer as the page sends it (the ids) keeps it valid.
    let saved = app
        .save_answer(&draft.id, link, &d.answers[link])
        .await
        .unwrap();
    assert!(saved.error.is_none());
    app.close().await;
}
