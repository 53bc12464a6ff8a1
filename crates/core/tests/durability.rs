#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Proof that nothing acknowledged is lost and nothing is filed twice: real SQLite files, the
//! real reference server over HTTP with its fault injection, and a child process killed with
//! SIGKILL. The in-memory key store stands in for the OS keyring here (tests only); the keyring
//! itself is tested in `keyring.rs`.
//!
//! Child mode: the test binary runs itself (`current_exe`) with `BIANMIN_CHILD` set, selecting
//! `child_process` below; without that variable `child_process` does nothing.
//!
//! `BIANMIN_CRASH_TRIALS` sets the number of kill -9 trials (default 200; `./dev test --long`
//! runs 1,000); `BIANMIN_SEED` replays a run.

mod support;

use bianmin_core::view::OutboxState;
use bianmin_core::{BackendClient, Bianmin, CoreError, UiError};
use bianmin_server::FaultAction;
use std::collections::{BTreeMap, BTreeSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::*;

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
    let backend = std::env::var("BIANMIN_BACKEND").unwrap_or("http://127.0.0.1:9".to_owned());
    let app = Bianmin::new(
        store(&db).await,
        BackendClient::new(&backend).unwrap(),
        true,
    )
    .with_submit_wait(Duration::from_secs(600));
    let mut out = std::io::stdout();
    let mut say = |line: String| {
        writeln!(out, "{line}").unwrap();
        out.flush().unwrap();
    };
    match mode.as_str() {
        // A resident at work for ever: answers the questions of a draft (the mobile number
        // several times, each a new value), submits it, starts the next one. A draft a kill left
        // in the outbox is submitted again first. Each line is printed only after the call
        // returned, i.e. after its transaction committed: an acknowledgement, as the UI gets it.
        "work" => {
            let mut n: u64 = std::env::var("BIANMIN_START").unwrap().parse().unwrap();
            loop {
                let draft = app.start_application(SERVICE).await.unwrap();
                if draft.outbox.is_none() {
                    for (link, value) in LINKS[..2].iter().zip(["张三", VALID_ID]) {
                        app.save_answer(&draft.id, link, &[value.to_owned()])
                            .await
                            .unwrap();
                        say(format!("ACK {} {link} {n}", draft.id));
                    }
                    for _ in 0..=(n % 5) {
                        n += 1;
                        app.save_answer(&draft.id, LINKS[2], &[mobile(n)])
                            .await
                            .unwrap();
                        say(format!("ACK {} {} {n}", draft.id, LINKS[2]));
                    }
                }
                say(format!("SUBMITTING {}", draft.id));
                let receipt = app.submit_application(&draft.id).await.unwrap();
                say(format!(
                    "SUBMITTED {} {:?} {}",
                    draft.id,
                    receipt.outbox,
                    receipt.case_number.unwrap_or_default()
                ));
                n += 1;
            }
        }
        // Submits; the parent kills it while the request is in flight.
        "submit" => {
            let draft = std::env::var("BIANMIN_DRAFT").unwrap();
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
        .unwrap_or(200)
}

/// What the parent learnt from its children's lines.
#[derive(Default)]
struct Acks {
    /// draft → link → the last acknowledged counter.
    answers: BTreeMap<String, BTreeMap<String, u64>>,
    /// draft → the case number its receipt showed (empty: not accepted yet).
    receipts: BTreeMap<String, String>,
    /// The last line was "SUBMITTING": the kill fell while submitting.
    killed_while_submitting: bool,
}

impl Acks {
    fn read(&mut self, line: &str) {
        let words: Vec<&str> = line.split(' ').collect();
        match words.as_slice() {
            ["ACK", draft, link, n] => {
                self.answers
                    .entry((*draft).to_owned())
                    .or_default()
                    .insert((*link).to_owned(), n.parse().unwrap());
                self.killed_while_submitting = false;
            }
            ["SUBMITTING", _] => self.killed_while_submitting = true,
            ["SUBMITTED", draft, _, case] => {
                self.receipts
                    .insert((*draft).to_owned(), (*case).to_owned());
                self.killed_while_submitting = false;
            }
            _ => {}
        }
    }
}

/// Proof 1. A child answers and submits against the reference server while the parent kills it
/// with SIGKILL at random moments (some submissions meet a slow or dropped answer, to widen the
/// window). After each kill: the database is sound and every acknowledged answer is there.
/// After all of them: every submission that reached the outbox is accepted exactly once.
// Multi-threaded: the server runs on the workers while this thread blocks reading the child.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_while_answering_and_submitting_loses_nothing_and_files_each_case_once() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let db = dir.path().join("app.sqlite");
    // The form is cached once; every child reuses the same server and store.
    app(&db, &base).await.close().await;
    let mut rng = Rng::new();
    let began = Instant::now();
    let (mut acks_checked, mut while_submitting) = (0, 0);
    let mut receipts = BTreeMap::new();
    for trial in 0..trials() {
        match rng.below(6) {
            0 => {
                let ms = rng.below(40);
                let after_commit = rng.below(2) == 1;
                inject(&base, 1, FaultAction::Delay { ms, after_commit }).await;
            }
            1 => inject(&base, 1, FaultAction::Drop { after_commit: true }).await,
            _ => {}
        }
        let mut process = child(
            "work",
            &[
                ("BIANMIN_DB", db.display().to_string()),
                ("BIANMIN_BACKEND", base.clone()),
                ("BIANMIN_START", ((trial as u64 + 1) * 10_000).to_string()),
            ],
        )
        .spawn()
        .unwrap();
        let mut lines = BufReader::new(process.stdout.take().unwrap()).lines();
        // Kill at a random point: after 0 to 40 lines, plus up to 5 ms more.
        let kill_after = rng.below(41);
        let mut acks = Acks::default();
        for _ in 0..kill_after {
            let Some(Ok(line)) = lines.next() else { break };
            acks.read(&line);
        }
        std::thread::sleep(Duration::from_micros(rng.below(5000)));
        process.kill().unwrap(); // SIGKILL
        process.wait().unwrap();
        // Lines written before the kill were acknowledged too.
        for line in lines {
            let Ok(line) = line else { break };
            acks.read(&line);
        }
        while_submitting += usize::from(acks.killed_while_submitting);

        let store = store(&db).await;
        assert!(
            store.integrity_ok().await.unwrap(),
            "trial {trial}: integrity_check"
        );
        let app = Bianmin::new(
            store,
            BackendClient::new("http://127.0.0.1:9").unwrap(),
            true,
        );
        for (draft, links) in &acks.answers {
            let answers = app.get_draft(draft).await.unwrap().answers;
            for (link, acked) in links {
                let stored = &answers.get(link).unwrap_or_else(|| {
                    panic!("trial {trial}: {link} of {draft} acknowledged, not stored")
                })[0];
                if link == LINKS[2] {
                    let n: u64 = stored[3..].parse().unwrap();
                    // Either the acknowledged value, or a later one committed before its line.
                    assert!(
                        n % 100_000_000 >= acked % 100_000_000,
                        "trial {trial}: {draft} acknowledged {acked}, stored {stored}"
                    );
                } else {
                    assert!(!stored.is_empty(), "trial {trial}: {link} of {draft}");
                }
                acks_checked += 1;
            }
        }
        receipts.extend(acks.receipts);
        app.close().await;
        if (trial + 1) % 50 == 0 {
            eprintln!(
                "{} trials, {:.1} s",
                trial + 1,
                began.elapsed().as_secs_f64()
            );
        }
    }
    let trial_time = began.elapsed();

    // Whatever the kills left in the outbox is sent; then each submission is one case.
    clear_faults(&base).await;
    let store = store(&db).await;
    let app = Bianmin::new(store.clone(), BackendClient::new(&base).unwrap(), true);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        app.pump_outbox().await.unwrap();
        let entries = outbox_states(&store).await;
        if entries.values().all(|(s, _)| *s == OutboxState::Accepted) {
            break;
        }
        assert!(Instant::now() < deadline, "not all accepted: {entries:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let entries = outbox_states(&store).await;
    let cases: BTreeSet<&String> = entries.values().filter_map(|(_, c)| c.as_ref()).collect();
    assert_eq!(cases.len(), entries.len(), "one distinct case number each");
    assert_eq!(
        cases_on_server(&base).await,
        entries.len() as i64,
        "the server holds exactly one case per submission"
    );
    for (draft, case) in &receipts {
        if !case.is_empty() {
            assert_eq!(entries[draft].1.as_ref(), Some(case), "receipt of {draft}");
        }
    }
    assert!(!entries.is_empty());
    eprintln!(
        "{} trials in {:.1} s: {acks_checked} acknowledged answers checked, {while_submitting} kills \
         while submitting, {} submissions, {} cases on the server",
        trials(),
        trial_time.as_secs_f64(),
        entries.len(),
        cases.len()
    );
    app.close().await;
    server.shutdown().await;
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

// --- Proof 2: the network faults matrix ------------------------------------------------------

/// Submissions per fault kind: each made by its own resident (a session), as at a service desk.
const SUBMISSIONS: u64 = 20;

/// `SUBMISSIONS` residents submit while the next `faults` answers of `POST /v1/applications`
/// fail as `action`; then the outbox is pumped until it is empty. Zero losses: every draft is
/// accepted with its own case number. Zero duplicates: the server holds exactly one case each.
/// `None` when the server does not know the fault kind.
async fn fault_row(action: serde_json::Value, client_timeout: Duration) -> Option<()> {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    if inject_json(&base, (SUBMISSIONS + 5) as u32, action.clone()).await != 204 {
        return None;
    }
    let store = store(&dir.path().join("app.sqlite")).await;
    let app = Bianmin::new(
        store.clone(),
        BackendClient::with_timeout(&base, client_timeout).unwrap(),
        true,
    )
    .with_submit_wait(Duration::from_millis(300));
    for n in 0..SUBMISSIONS {
        app.begin_session();
        let draft = fill(&app, n).await;
        app.submit_application(&draft).await.unwrap();
    }
    drain(&app, &store).await;
    check_one_case_each(&store, &base, SUBMISSIONS).await;
    eprintln!("{action}: {SUBMISSIONS} submissions, {SUBMISSIONS} cases");
    server.shutdown().await;
    Some(())
}

/// Pumps until every outbox row is accepted (a minute at most).
async fn drain(app: &Bianmin, store: &bianmin_core::Store) {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        app.pump_outbox().await.unwrap();
        let entries = outbox_states(store).await;
        if entries.values().all(|(s, _)| *s == OutboxState::Accepted) {
            return;
        }
        assert!(Instant::now() < deadline, "not all accepted: {entries:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn check_one_case_each(store: &bianmin_core::Store, base: &str, expected: u64) {
    let entries = outbox_states(store).await;
    assert_eq!(
        entries.len() as u64,
        expected,
        "every draft is in the outbox"
    );
    let cases: BTreeSet<String> = entries
        .values()
        .map(|(state, case)| {
            assert_eq!(*state, OutboxState::Accepted);
            case.clone().unwrap()
        })
        .collect();
    assert_eq!(cases.len() as u64, expected, "distinct case numbers");
    assert_eq!(cases_on_server(base).await as u64, expected, "no duplicate");
    for case in &cases {
        let found = reqwest::get(format!("{base}/v1/applications/{case}"))
            .await
            .unwrap();
        assert_eq!(found.status(), 200, "case {case} exists");
    }
}

const CLIENT_TIMEOUT: Duration = Duration::from_secs(30);

#[tokio::test]
async fn faults_500_lose_nothing_and_duplicate_nothing() {
    let action = serde_json::json!({ "kind": "status", "status": 500, "retryAfter": null });
    fault_row(action, CLIENT_TIMEOUT).await.unwrap();
}

#[tokio::test]
async fn faults_503_with_retry_after_lose_nothing_and_duplicate_nothing() {
    let action = serde_json::json!({ "kind": "status", "status": 503, "retryAfter": 1 });
    fault_row(action, CLIENT_TIMEOUT).await.unwrap();
}

#[tokio::test]
async fn faults_dropped_before_commit_lose_nothing_and_duplicate_nothing() {
    let action = serde_json::json!({ "kind": "drop", "afterCommit": false });
    fault_row(action, CLIENT_TIMEOUT).await.unwrap();
}

#[tokio::test]
async fn faults_dropped_after_commit_lose_nothing_and_duplicate_nothing() {
    // The case is filed and its answer lost: the resend must get the same case back.
    let action = serde_json::json!({ "kind": "drop", "afterCommit": true });
    fault_row(action, CLIENT_TIMEOUT).await.unwrap();
}

#[tokio::test]
async fn faults_timeouts_lose_nothing_and_duplicate_nothing() {
    // The client gives up after 1 s; the server files the case after 1.5 s (before commit: it
    // is filed after the client left) or before a 1.5 s silence (after commit).
    for after_commit in [false, true] {
        let action =
            serde_json::json!({ "kind": "delay", "ms": 1500, "afterCommit": after_commit });
        fault_row(action, Duration::from_secs(1)).await.unwrap();
    }
}

#[tokio::test]
async fn faults_truncated_body_lose_nothing_and_duplicate_nothing() {
    // The case is filed, then the answer's body stops short of its Content-Length: the client
    // cannot read the receipt, and the resend must get the same case back.
    let action = serde_json::json!({ "kind": "truncate" });
    fault_row(action, CLIENT_TIMEOUT).await.unwrap();
}

#[tokio::test]
async fn connection_refused_then_the_server_returns_on_the_same_port_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let (base, port) = (server.base_url(), server.addr.port());
    let store = store(&dir.path().join("app.sqlite")).await;
    let app = Bianmin::new(store.clone(), BackendClient::new(&base).unwrap(), true)
        .with_submit_wait(Duration::from_millis(300));
    // The catalogue and the form are cached while the server is up…
    app.list_services().await.unwrap();
    app.begin_session();
    let first = fill(&app, 0).await;
    server.shutdown().await;
    // …then every resident fills in and submits while nothing listens on the port.
    for n in 0..SUBMISSIONS {
        let draft = if n == 0 {
            first.clone()
        } else {
            app.begin_session();
            fill(&app, n).await
        };
        let receipt = app.submit_application(&draft).await.unwrap();
        assert_eq!(receipt.outbox, OutboxState::RetryLater);
    }
    let refused = outbox_states(&store).await;
    assert!(refused.values().all(|(s, _)| *s == OutboxState::RetryLater));
    let server = server_at(dir.path(), port).await;
    drain(&app, &store).await;
    check_one_case_each(&store, &base, SUBMISSIONS).await;
    server.shutdown().await;
}

// --- Proof 3: a full disk and a read-only disk, on a real small file system -------------------

/// A small tmpfs mounted for one test, unmounted when dropped. `None` when this machine does not
/// let the test mount one (not root, or a container without CAP_SYS_ADMIN).
struct SmallFs {
    dir: tempfile::TempDir,
}

impl SmallFs {
    fn mount(size: &str) -> Option<Self> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = Command::new("mount")
            .args([
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=700"),
                "bianmin-test",
            ])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then_some(Self { dir })
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn remount(&self, mode: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{mode}")])
            .arg(self.path())
            .status()
            .unwrap();
        assert!(status.success(), "remount {mode}");
    }
}

impl Drop for SmallFs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// Fills the file system holding `dir` to the last byte; returns the filler file.
fn fill_up(dir: &Path) -> PathBuf {
    let filler = dir.join("filler");
    let mut file = std::fs::File::create(&filler).unwrap();
    let chunk = vec![0u8; 4096];
    while file.write_all(&chunk).is_ok() {}
    while file.write_all(&[0]).is_ok() {}
    let _ = file.sync_all();
    filler
}

#[tokio::test]
async fn a_full_disk_says_so_keeps_earlier_answers_and_recovers_when_space_returns() {
    let server_dir = tempfile::tempdir().unwrap();
    let server = server(server_dir.path()).await;
    let base = server.base_url();
    let Some(fs) = SmallFs::mount("2m") else {
        // No mount here: PRAGMA max_page_count stands in for a full disk (SQLite then fails
        // every write that needs a new page with SQLITE_FULL, as a full file system does).
        eprintln!(
            "NOTE: cannot mount a tmpfs here; the full disk is simulated with max_page_count"
        );
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("app.sqlite");
        let draft = filled_draft(&db, &base).await;
        let store = store(&db).await;
        let app = Bianmin::new(store.clone(), BackendClient::new(&base).unwrap(), true);
        let pages = store.page_count().await.unwrap();
        store.set_max_pages(pages).await.unwrap();
        full_disk_refuses_then_recovers(&app, &draft, Space::Pages(store)).await;
        return;
    };
    let db = fs.path().join("app.sqlite");
    let draft = filled_draft(&db, &base).await;
    let app = app(&db, &base).await;
    let filler = fill_up(fs.path());
    full_disk_refuses_then_recovers(&app, &draft, Space::File(filler)).await;
    app.close().await;
    // Still all there after a restart.
    let store = store(&db).await;
    assert!(store.integrity_ok().await.unwrap());
    let app = Bianmin::new(store, BackendClient::new(&base).unwrap(), true);
    assert_eq!(
        app.get_draft(&draft).await.unwrap().answers["applicant-id-number"],
        [VALID_ID]
    );
    app.close().await;
    server.shutdown().await;
}

/// How space comes back: the filler file is deleted, or the page cap is lifted.
enum Space {
    File(PathBuf),
    Pages(bianmin_core::Store),
}

async fn full_disk_refuses_then_recovers(app: &Bianmin, draft: &str, space: Space) {
    let long = "很".repeat(bianmin_core::MAX_ANSWER_CHARS);
    let err = app
        .save_answer(draft, "applicant-name", std::slice::from_ref(&long))
        .await
        .unwrap_err();
    assert!(matches!(err, CoreError::Storage(_)), "{err:?}");
    let ui = UiError::from(&err);
    assert_eq!(ui.kind, bianmin_core::ErrorKind::Storage);
    assert_eq!(ui.message.id, "error-storage-full", "{err:?}");
    // Nothing acknowledged earlier is lost.
    let kept = app.get_draft(draft).await.unwrap();
    assert_eq!(kept.answers["applicant-name"], ["张三"]);
    assert_eq!(kept.answers["applicant-id-number"], [VALID_ID]);

    // Space returns: saving works again, without a restart.
    match space {
        Space::File(filler) => std::fs::remove_file(filler).unwrap(),
        Space::Pages(store) => {
            store.set_max_pages(1 << 30).await.unwrap();
        }
    }
    app.save_answer(draft, "applicant-name", std::slice::from_ref(&long))
        .await
        .unwrap();
    assert_eq!(
        app.get_draft(draft).await.unwrap().answers["applicant-name"],
        [long]
    );
}

#[tokio::test]
async fn a_read_only_disk_says_so_and_everything_is_there_when_it_is_writable_again() {
    let server_dir = tempfile::tempdir().unwrap();
    let server = server(server_dir.path()).await;
    let base = server.base_url();
    let Some(fs) = SmallFs::mount("4m") else {
        // PRAGMA query_only would be the stand-in, but it says nothing about the disk; without
        // a mount this proof cannot be made honestly here.
        eprintln!("SKIPPED: cannot mount a tmpfs here, so no read-only file system to test on");
        return;
    };
    let db = fs.path().join("app.sqlite");
    let draft = filled_draft(&db, &base).await;
    // A file system is remounted read-only only when nothing has a file open for writing on it
    // (the kernel says EBUSY): the realistic case is an app started on a disk that became
    // read-only (a kiosk whose data partition came up read-only after a file system error).
    fs.remount("ro");
    let err = bianmin_core::Store::open(&db, &bianmin_core::MemoryKeyStore::with_key(TEST_KEY))
        .await
        .err()
        .unwrap();
    let ui = UiError::from(&err);
    assert_eq!(ui.kind, bianmin_core::ErrorKind::Storage);
    assert_eq!(ui.message.id, "error-storage-read-only", "{err:?}");
    // Writable again: everything acknowledged before is there.
    fs.remount("rw");
    let store = store(&db).await;
    assert!(store.integrity_ok().await.unwrap());
    let app = Bianmin::new(store, BackendClient::new(&base).unwrap(), true);
    let answers = app.get_draft(&draft).await.unwrap().answers;
    assert_eq!(answers["applicant-name"], ["张三"]);
    assert_eq!(answers["applicant-id-number"], [VALID_ID]);
    app.save_answer(&draft, "contact-mobile", &[mobile(7)])
        .await
        .unwrap();
    app.close().await;
    server.shutdown().await;
}

// --- Proof 4: ending a kiosk session leaves no trace of the resident --------------------------

/// A resident ID number with its GB 11643 check character.
fn resident_id(body17: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body17
        .chars()
        .zip(WEIGHTS)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = "10X98765432".chars().nth((sum % 11) as usize).unwrap();
    format!("{body17}{check}")
}

/// The forms a planted string could take on disk: UTF-8, UTF-16 (both byte orders), hex.
fn forms_of(text: &str) -> Vec<(String, Vec<u8>)> {
    let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let hex = hex::encode(text.as_bytes());
    vec![
        ("utf-8".to_owned(), text.as_bytes().to_vec()),
        ("utf-16le".to_owned(), utf16le),
        ("utf-16be".to_owned(), utf16be),
        ("hex".to_owned(), hex.clone().into_bytes()),
        ("HEX".to_owned(), hex.to_uppercase().into_bytes()),
    ]
}

/// Every file under `dir` (the database, its -wal and -shm, the logs).
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn assert_no_trace(dir: &Path, needles: &[(String, Vec<u8>)], when: &str) {
    let files = files_under(dir);
    assert!(files.iter().any(|f| f.ends_with("app.sqlite")), "{files:?}");
    for file in &files {
        let bytes = std::fs::read(file).unwrap();
        for (what, needle) in needles {
            assert!(
                !contains(&bytes, needle),
                "{when}: {what} found in {}",
                file.display()
            );
        }
    }
}

/// A log writer into a file, as the app's log would be kept.
#[derive(Clone)]
struct LogFile(std::sync::Arc<std::sync::Mutex<std::fs::File>>);
impl Write for LogFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().write(buf)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.0.lock().unwrap().flush()
    }
}

#[tokio::test]
async fn ending_a_kiosk_session_leaves_no_trace_of_the_resident_on_disk_or_in_the_logs() {
    // The app's own directory: the database, its WAL and shared memory, and a log file that
    // receives everything the core (and sqlx) logs, at the most detailed level.
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("logs")).unwrap();
    let log = std::fs::File::create(dir.path().join("logs/bianmin.log")).unwrap();
    let log = LogFile(std::sync::Arc::new(std::sync::Mutex::new(log)));
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("bianmin_core=trace,sqlx=trace")
        .with_ansi(false)
        .with_writer(move || log.clone())
        .finish();
    let _logging = tracing::subscriber::set_default(subscriber);
    // The backend keeps its own files elsewhere: it is the government's, not this computer's.
    let server_dir = tempfile::tempdir().unwrap();
    let server = server(server_dir.path()).await;
    let base = server.base_url();
    let db = dir.path().join("app.sqlite");
    let store = store(&db).await;
    let app = Bianmin::new(store.clone(), BackendClient::new(&base).unwrap(), true)
        .with_submit_wait(Duration::from_secs(5));
    // The computer's own user has a draft that must stay.
    let own = fill(&app, 1).await;

    let name = "欧阳明远";
    let id_number = resident_id("11010519420315321");
    let address = "幸福路88号3单元502室";
    let party = app.begin_session();
    assert_ne!(party, bianmin_core::DEVICE_PARTY);
    assert!(
        app.my_applications().await.unwrap().is_empty(),
        "a new session sees nothing of the device's"
    );
    // One application accepted, one draft with an address, one submission still on its way.
    let answer = |d: String, link: &'static str, v: String| {
        let app = &app;
        async move {
            let saved = app.save_answer(&d, link, &[v]).await.unwrap();
            assert!(saved.error.is_none(), "{link}: {:?}", saved.error);
        }
    };
    let accepted = app.start_application(SERVICE).await.unwrap().id;
    answer(accepted.clone(), "applicant-name", name.to_owned()).await;
    answer(accepted.clone(), "applicant-id-number", id_number.clone()).await;
    answer(accepted.clone(), "contact-mobile", mobile(2)).await;
    let receipt = app.submit_application(&accepted).await.unwrap();
    assert_eq!(receipt.outbox, OutboxState::Accepted);
    let with_address = app
        .start_application("disability-subsidy")
        .await
        .unwrap()
        .id;
    answer(with_address.clone(), "applicant-name", name.to_owned()).await;
    app.save_answer(&with_address, "address", &[address.to_owned()])
        .await
        .unwrap();
    let on_its_way = app.start_application(SERVICE).await.unwrap().id;
    answer(on_its_way.clone(), "applicant-name", name.to_owned()).await;
    answer(on_its_way.clone(), "applicant-id-number", id_number.clone()).await;
    answer(on_its_way.clone(), "contact-mobile", mobile(3)).await;
    inject(
        &base,
        1,
        FaultAction::Status {
            status: 503,
            retry_after: Some(1),
        },
    )
    .await;
    let waiting = app.submit_application(&on_its_way).await.unwrap();
    assert_eq!(waiting.outbox, OutboxState::RetryLater);

    // What the resident's data looks like sealed on disk now: those bytes must go too.
    let raw = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", db.display()))
        .await
        .unwrap();
    let mine = [&accepted, &with_address, &on_its_way];
    let mut sealed: Vec<String> = Vec::new();
    for draft in mine {
        let values: Vec<String> = sqlx::query_scalar(
            "SELECT value FROM answers WHERE draft_id = ?1 UNION ALL SELECT request FROM outbox WHERE draft_id = ?1",
        )
        .bind(draft)
        .fetch_all(&raw)
        .await
        .unwrap();
        sealed.extend(values);
    }
    raw.close().await;
    assert!(sealed.len() >= 8, "{}", sealed.len());

    let before = app.session_pending(&party).await.unwrap();
    assert_eq!(
        (before.removed, before.still_sending, before.discarded),
        (2, 1, 0)
    );
    let ended = app.end_session(&party).await.unwrap();
    assert_eq!(ended, before);
    assert_eq!(app.party(), bianmin_core::DEVICE_PARTY);
    let left = app.my_applications().await.unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].draft_id, own);
    for draft in mine {
        assert!(matches!(
            app.get_draft(draft).await,
            Err(CoreError::NotFound(_))
        ));
    }
    // The submission on its way is still sent (never dropped without telling), then removed.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    while outbox_states(&store).await.contains_key(&on_its_way) {
        app.pump_outbox().await.unwrap();
        assert!(
            Instant::now() < deadline,
            "the last submission was never sent"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        cases_on_server(&base).await,
        2,
        "both submissions filed, once"
    );

    let mut needles = Vec::new();
    for text in [name, id_number.as_str(), address] {
        needles.extend(forms_of(text));
    }
    for value in &sealed {
        // The hex of the sealed bytes (nonce, ciphertext, tag): gone, not just unreadable.
        let hex = value.trim_start_matches("xc1:");
        needles.push(("a sealed value".to_owned(), hex.as_bytes()[..48].to_vec()));
    }
    // While the app still runs (the WAL and -shm exist), and after it closed.
    assert_no_trace(dir.path(), &needles, "running");
    app.close().await;
    assert_no_trace(dir.path(), &needles, "closed");
    let logged = std::fs::read_to_string(dir.path().join("logs/bianmin.log")).unwrap();
    assert!(logged.contains("session ended"), "the log file is written");
    server.shutdown().await;
}
