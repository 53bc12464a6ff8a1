#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Proof that nothing acknowledged is lost and nothing is filed twice: real SQLite files, the
//! real reference server over HTTP with its fault injection, and a child process killed with
//! SIGKILL. The in-memory key store stands in for the OS keyring here (tests only); the keyring
//! itself is tested in `keyring.rs`.
//!
//! Child mode: the test binary runs itself (`current_exe`) with `BIANMIN_CHILD` set, selecting
//! `child_process` below; without that variable `child_process` does nothing.

use bianmin_core::view::OutboxState;
use bianmin_core::{BackendClient, Bianmin, CoreError, MemoryKeyStore, Store, UiError};
use bianmin_server::{FaultAction, FaultRequest, RunningServer, ServerOptions};
use std::io::{BufRead, BufReader, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TEST_KEY: [u8; 32] = [42; 32];
const VALID_ID: &str = "11010519491231002X";
const LINKS: [&str; 3] = ["applicant-name", "applicant-id-number", "contact-mobile"];

async fn store(path: &Path) -> Store {
    Store::open(path, &MemoryKeyStore::with_key(TEST_KEY))
        .await
        .unwrap()
}

async fn server(dir: &Path) -> RunningServer {
    bianmin_server::spawn_with(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.join("server.sqlite"),
        ServerOptions { admin: true },
    )
    .await
    .unwrap()
}

async fn inject(server: &str, count: u32, action: FaultAction) {
    let status = reqwest::Client::new()
        .post(format!("{server}/admin/faults"))
        .json(&FaultRequest { count, action })
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 204);
}

async fn cases_on_server(server: &str) -> i64 {
    let stats: serde_json::Value = reqwest::get(format!("{server}/admin/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    stats["cases"].as_i64().unwrap()
}

/// A draft of the old-age allowance with valid answers, in the store at `db`.
async fn filled_draft(db: &Path, server: &str) -> String {
    let app = Bianmin::new(store(db).await, BackendClient::new(server).unwrap(), true);
    let draft = app.start_application("elderly-allowance").await.unwrap();
    for (link, value) in LINKS.iter().zip(["张三", VALID_ID, "13800138000"]) {
        let saved = app
            .save_answer(&draft.id, link, &[value.to_owned()])
            .await
            .unwrap();
        assert!(saved.error.is_none());
    }
    app.close().await;
    draft.id
}

/// xorshift64*, seeded from the clock; the seed is printed so a failure can be replayed.
struct Rng(u64);
impl Rng {
    fn new() -> Self {
        let seed = std::env::var("BIANMIN_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .as_nanos() as u64
                    | 1
            });
        eprintln!("BIANMIN_SEED={seed}");
        Self(seed)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

fn child(mode: &str, envs: &[(&str, String)]) -> Command {
    let mut cmd = Command::new(std::env::current_exe().unwrap());
    cmd.args([
        "child_process",
        "--exact",
        "--nocapture",
        "--test-threads=1",
    ])
    .env("BIANMIN_CHILD", mode)
    .stdout(Stdio::piped())
    .stderr(Stdio::null());
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd
}

/// What the parent asks of its child. Prints one line per committed step, flushed.
#[tokio::test]
async fn child_process() {
    let Ok(mode) = std::env::var("BIANMIN_CHILD") else {
        return;
    };
    let db = PathBuf::from(std::env::var("BIANMIN_DB").unwrap());
    let draft = std::env::var("BIANMIN_DRAFT").unwrap();
    let backend = std::env::var("BIANMIN_BACKEND").unwrap_or("http://127.0.0.1:9".to_owned());
    let app = Bianmin::new(
        store(&db).await,
        BackendClient::new(&backend).unwrap(),
        true,
    )
    .with_submit_wait(Duration::from_secs(600));
    let mut out = std::io::stdout();
    match mode.as_str() {
        // Saves answers for ever; each line is printed only after save_answer returned, i.e.
        // after the transaction committed: an acknowledgement, as the UI would get it.
        "save-answers" => {
            let start: u64 = std::env::var("BIANMIN_START").unwrap().parse().unwrap();
            for i in start.. {
                let link = LINKS[(i % 3) as usize];
                app.save_answer(&draft, link, &[format!("v{i}")])
                    .await
                    .unwrap();
                use std::io::Write;
                writeln!(out, "ACK {link} {i}").unwrap();
                out.flush().unwrap();
            }
        }
        // Submits; the parent kills it while the request is in flight.
        "submit" => {
            let receipt = app.submit_application(&draft).await;
            println!("SUBMIT RETURNED {:?}", receipt.map(|r| r.outbox));
        }
        other => panic!("unknown child mode {other}"),
    }
}

fn trials() -> usize {
    std::env::var("BIANMIN_CRASH_TRIALS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(25)
}

#[tokio::test]
async fn answers_acknowledged_before_a_kill_9_are_all_there_and_the_database_is_sound() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let db = dir.path().join("app.sqlite");
    let draft = filled_draft(&db, &server.base_url()).await;
    server.shutdown().await; // the child needs no backend: the form is cached
    let mut rng = Rng::new();
    let mut total_acks = 0;
    for trial in 0..trials() {
        let start = (trial as u64 + 1) * 1_000_000;
        let mut process = child(
            "save-answers",
            &[
                ("BIANMIN_DB", db.display().to_string()),
                ("BIANMIN_DRAFT", draft.clone()),
                ("BIANMIN_START", start.to_string()),
            ],
        )
        .spawn()
        .unwrap();
        let mut lines = BufReader::new(process.stdout.take().unwrap()).lines();
        // Kill at a random point: after 0 to 40 acknowledgements, plus up to 3 ms more.
        let kill_after = rng.below(41);
        let mut last_ack = std::collections::BTreeMap::<String, u64>::new();
        let mut seen = 0;
        while seen < kill_after {
            let Some(line) = lines.next() else { break };
            let line = line.unwrap();
            if let Some(rest) = line.strip_prefix("ACK ") {
                let (link, i) = rest.split_once(' ').unwrap();
                last_ack.insert(link.to_owned(), i.parse().unwrap());
                seen += 1;
            }
        }
        std::thread::sleep(Duration::from_micros(rng.below(3000)));
        process.kill().unwrap(); // SIGKILL
        process.wait().unwrap();
        // Lines written before the kill were acknowledged too.
        for line in lines {
            let Ok(line) = line else { break };
            if let Some(rest) = line.strip_prefix("ACK ") {
                let (link, i) = rest.split_once(' ').unwrap();
                last_ack.insert(link.to_owned(), i.parse().unwrap());
            }
        }
        total_acks += last_ack.len();

        let store = store(&db).await;
        assert!(store.integrity_ok().await.unwrap(), "trial {trial}");
        let app = Bianmin::new(
            store,
            BackendClient::new("http://127.0.0.1:9").unwrap(),
            true,
        );
        let answers = app.get_draft(&draft).await.unwrap().answers;
        for (link, acked) in &last_ack {
            let stored: u64 = answers[link][0]
                .strip_prefix('v')
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("trial {trial}: {link} = {:?}", answers[link]));
            // Either the acknowledged value, or a later one committed before its line was out.
            assert!(
                stored >= *acked,
                "trial {trial}: {link} acknowledged v{acked}, stored v{stored}"
            );
        }
        app.close().await;
    }
    eprintln!(
        "{} trials, {total_acks} last-acknowledged answers checked",
        trials()
    );
}

#[tokio::test]
async fn two_503s_with_retry_after_then_success_file_exactly_one_case() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let db = dir.path().join("app.sqlite");
    let draft = filled_draft(&db, &base).await;
    let app = Bianmin::new(store(&db).await, BackendClient::new(&base).unwrap(), true);
    inject(
        &base,
        2,
        FaultAction::Status {
            status: 503,
            retry_after: Some(1),
        },
    )
    .await;

    let before = time::OffsetDateTime::now_utc();
    let queued = app.submit_application(&draft).await.unwrap();
    assert_eq!(queued.outbox, OutboxState::RetryLater);
    assert_eq!(queued.case_number, None);
    // Retry-After: 1 is honoured: not tried again sooner.
    let next = time::OffsetDateTime::parse(
        queued.next_attempt_at.as_deref().unwrap(),
        &time::format_description::well_known::Rfc3339,
    )
    .unwrap();
    assert!(next - before >= time::Duration::milliseconds(990), "{next}");

    let deadline = Instant::now() + Duration::from_secs(30);
    let mut attempts = 1;
    loop {
        let report = app.pump_outbox().await.unwrap();
        attempts += report.attempted;
        if report.accepted == 1 {
            break;
        }
        assert!(Instant::now() < deadline, "not accepted after 30 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(attempts, 3, "two 503s, then the case");
    let mine = app.my_applications().await.unwrap();
    assert_eq!(mine[0].outbox, Some(OutboxState::Accepted));
    let case_number = mine[0].case_number.clone().unwrap();
    assert_eq!(cases_on_server(&base).await, 1);
    let case = reqwest::get(format!("{base}/v1/applications/{case_number}"))
        .await
        .unwrap();
    assert_eq!(case.status(), 200);
    // Asking again changes nothing.
    let again = app.submit_application(&draft).await.unwrap();
    assert_eq!(again.case_number.as_deref(), Some(case_number.as_str()));
    assert_eq!(app.pump_outbox().await.unwrap().attempted, 0);
    assert_eq!(cases_on_server(&base).await, 1);
    server.shutdown().await;
}

#[tokio::test]
async fn a_kill_9_while_sending_is_resent_after_restart_with_the_same_key_and_one_case() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let db = dir.path().join("app.sqlite");
    let draft = filled_draft(&db, &base).await;
    // The server files the case, then holds its answer back: the child is killed while it waits.
    inject(
        &base,
        1,
        FaultAction::Delay {
            ms: 60_000,
            after_commit: true,
        },
    )
    .await;
    let mut process = child(
        "submit",
        &[
            ("BIANMIN_DB", db.display().to_string()),
            ("BIANMIN_DRAFT", draft.clone()),
            ("BIANMIN_BACKEND", base.clone()),
        ],
    )
    .spawn()
    .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while cases_on_server(&base).await == 0 {
        assert!(Instant::now() < deadline, "the child never submitted");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    process.kill().unwrap(); // SIGKILL, the answer never arrived
    process.wait().unwrap();
    let mut out = String::new();
    process
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    assert!(!out.contains("SUBMIT RETURNED"), "{out}");

    // The child had committed "sending" before the request left.
    let raw = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    let state: String = sqlx::query_scalar("SELECT state FROM outbox WHERE draft_id = ?")
        .bind(&draft)
        .fetch_one(&raw)
        .await
        .unwrap();
    raw.close().await;
    assert_eq!(state, "sending");

    // Restart: the row is due again and is resent with the same key; the server replays.
    let app = Bianmin::new(store(&db).await, BackendClient::new(&base).unwrap(), true);
    let mine = app.my_applications().await.unwrap();
    assert_eq!(mine[0].outbox, Some(OutboxState::RetryLater));
    let report = app.pump_outbox().await.unwrap();
    assert_eq!((report.attempted, report.accepted), (1, 1));
    let receipt = app.submit_application(&draft).await.unwrap();
    assert_eq!(receipt.outbox, OutboxState::Accepted);
    assert_eq!(cases_on_server(&base).await, 1, "exactly one case");
    let case_number = receipt.case_number.unwrap();
    let case = reqwest::get(format!("{base}/v1/applications/{case_number}"))
        .await
        .unwrap();
    assert_eq!(case.status(), 200);
    server.shutdown().await;
}

#[tokio::test]
async fn a_full_disk_says_error_storage_keeps_earlier_answers_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let db = dir.path().join("app.sqlite");
    let draft = filled_draft(&db, &base).await;
    let store = store(&db).await;
    let app = Bianmin::new(store.clone(), BackendClient::new(&base).unwrap(), true);

    // PRAGMA max_page_count on the store's connection stands in for a full disk: SQLite then
    // fails every write that needs a new page with SQLITE_FULL, exactly the error a full file
    // system gives, without needing root to mount a tiny file system.
    let pages = store.page_count().await.unwrap();
    store.set_max_pages(pages).await.unwrap();
    let long = "很".repeat(bianmin_core::MAX_ANSWER_CHARS);
    let err = app
        .save_answer(&draft, "applicant-name", std::slice::from_ref(&long))
        .await
        .unwrap_err();
    assert!(matches!(err, CoreError::Storage(_)), "{err:?}");
    let ui = UiError::from(&err);
    assert_eq!(ui.message.id, "error-storage");
    // Nothing acknowledged earlier is lost.
    let kept = app.get_draft(&draft).await.unwrap();
    assert_eq!(kept.answers["applicant-name"], ["张三"]);
    assert_eq!(kept.answers["applicant-id-number"], [VALID_ID]);
    assert!(store.integrity_ok().await.unwrap());

    // Space returns: saving works again.
    store.set_max_pages(1 << 30).await.unwrap();
    app.save_answer(&draft, "applicant-name", std::slice::from_ref(&long))
        .await
        .unwrap();
    assert_eq!(
        app.get_draft(&draft).await.unwrap().answers["applicant-name"],
        [long]
    );
    server.shutdown().await;
}

#[tokio::test]
async fn personal_data_is_not_in_the_database_file_in_plain_text() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let db = dir.path().join("app.sqlite");
    let draft = filled_draft(&db, &server.base_url()).await;
    let app = Bianmin::new(
        store(&db).await,
        BackendClient::new(&server.base_url()).unwrap(),
        true,
    );
    // Not the example ID of the form's hint, which is in the cached form (not personal data).
    let id_number = "110105193806153011";
    let saved = app
        .save_answer(&draft, "applicant-id-number", &[id_number.to_owned()])
        .await
        .unwrap();
    assert!(saved.error.is_none());
    // Queued but not sent (the server is down): the body in the outbox is personal data too.
    server.shutdown().await;
    let queued = app.submit_application(&draft).await.unwrap();
    assert_eq!(queued.outbox, OutboxState::RetryLater);
    app.close().await;
    for file in ["app.sqlite", "app.sqlite-wal"] {
        let Ok(bytes) = std::fs::read(dir.path().join(file)) else {
            continue;
        };
        for secret in ["张三", id_number, "13800138000"] {
            assert!(
                !contains(&bytes, secret.as_bytes()),
                "{secret} found in plain text in {file}"
            );
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}
