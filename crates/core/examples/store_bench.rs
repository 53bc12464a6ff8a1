//! Durability benchmarks, printed figures (not a timed test):
//!
//! 1. The per-answer durable save latency through `Bianmin::save_answer` (sealing, the
//!    committed statement, the draft view for the UI) beside the physical floor: a bare SQLite
//!    single-row commit of a changing value in WAL mode with `synchronous=FULL`, same directory.
//! 2. The time to flush 1,000 queued submissions to the reference server on loopback.
//!
//! `cargo run --release -p bianmin-core --example store_bench` (or `./dev bench`). `BENCH_DIR` puts the
//! files on another disk (default: the system temp dir); `BENCH_SAVES` and `BENCH_SUBMISSIONS`
//! change the counts.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a benchmark fails loudly

use bianmin_core::{BackendClient, Bianmin, MemoryKeyStore, Store, PUMP_CONCURRENCY};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

const KEY: [u8; 32] = [9; 32];

fn count(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(mut samples: Vec<Duration>) -> (Duration, Duration) {
    samples.sort();
    (percentile(&samples, 0.50), percentile(&samples, 0.99))
}

/// The floor's database: WAL + FULL, one connection, one small table.
async fn floor_db(dir: &std::path::Path) -> sqlx::SqlitePool {
    let options = SqliteConnectOptions::new()
        .filename(dir.join("floor.sqlite"))
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full);
    let db = SqlitePoolOptions::new()
        .max_connections(1)
        .test_before_acquire(false) // as the store's pool: no ping before each statement
        .connect_with(options)
        .await
        .unwrap();
    sqlx::query("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL)")
        .execute(&db)
        .await
        .unwrap();
    db
}

/// The floor: one row committed per transaction. The value differs every time, as a sealed
/// answer does (a fresh nonce): SQLite skips writing a row whose bytes did not change, and such
/// a "commit" writes and syncs nothing (runs 1–3 measured that by mistake).
async fn floor(db: &sqlx::SqlitePool, n: usize, round: usize) -> Vec<Duration> {
    let mut samples = Vec::with_capacity(n);
    for i in 0..n {
        let value = format!("{:0120}", round * n + i); // about the size of a sealed short answer
        let started = Instant::now();
        sqlx::query(
            "INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
        )
        .bind(format!("k{}", i % 3))
        .bind(&value)
        .execute(db)
        .await
        .unwrap();
        samples.push(started.elapsed());
    }
    samples
}

#[tokio::main]
async fn main() {
    let base_dir = std::env::var_os("BENCH_DIR").map(std::path::PathBuf::from);
    let dir = match &base_dir {
        Some(d) => tempfile::tempdir_in(d).unwrap(),
        None => tempfile::tempdir().unwrap(),
    };
    let saves = count("BENCH_SAVES", 1000);
    let submissions = count("BENCH_SUBMISSIONS", 1000);
    println!("bianmin-core durability benchmark");
    println!("  files in {}", dir.path().display());
    println!(
        "  machine: {} cores, {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| format!(
                "load average {}",
                l.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
            ))
            .unwrap_or_default()
    );

    let server_dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn_with(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &server_dir.path().join("server.sqlite"),
        bianmin_server::ServerOptions { admin: true },
    )
    .await
    .unwrap();
    let base = server.base_url();
    let store = Store::open(
        &dir.path().join("app.sqlite"),
        &MemoryKeyStore::with_key(KEY),
    )
    .await
    .unwrap();
    let app = Bianmin::new(store.clone(), BackendClient::new(&base).unwrap(), true);

    // 1. Saves: alternate the floor and the app in rounds, so both meet the same disk weather.
    let draft = app.start_application("elderly-allowance").await.unwrap().id;
    let floor_db = floor_db(dir.path()).await;
    let (mut floor_samples, mut save_samples) = (Vec::new(), Vec::new());
    let rounds = 10;
    for round in 0..rounds {
        floor_samples.extend(floor(&floor_db, saves / rounds, round).await);
        for i in 0..saves / rounds {
            let value = vec![format!("138{:08}", round * saves + i)];
            let started = Instant::now();
            let saved = app
                .save_answer(&draft, "contact-mobile", &value)
                .await
                .unwrap();
            save_samples.push(started.elapsed());
            assert!(saved.error.is_none());
        }
    }
    let (f50, f99) = summary(floor_samples);
    let (s50, s99) = summary(save_samples);
    println!();
    println!("per-answer durable save ({saves} each, WAL + synchronous=FULL):");
    println!(
        "  bare SQLite single-row commit (floor): p50 {:>7.3} ms   p99 {:>7.3} ms",
        ms(f50),
        ms(f99)
    );
    println!(
        "  Bianmin::save_answer:                  p50 {:>7.3} ms   p99 {:>7.3} ms",
        ms(s50),
        ms(s99)
    );
    println!(
        "  ratio save/floor:                      p50 {:>7.2}x     p99 {:>7.2}x   (target p99 <= 1.5x)",
        s50.as_secs_f64() / f50.as_secs_f64(),
        s99.as_secs_f64() / f99.as_secs_f64()
    );

    // 2. 1,000 queued submissions: queued while the backend is unreachable (each its own
    //    resident), then flushed to the reference server on loopback.
    let offline = Bianmin::new(
        store.clone(),
        BackendClient::new("http://127.0.0.1:9").unwrap(),
        true,
    )
    .with_submit_wait(Duration::from_secs(5));
    app.list_services().await.unwrap(); // the catalogue cache, for starting drafts offline
    let queued_at = Instant::now();
    for i in 0..submissions {
        offline.begin_session();
        let draft = offline
            .start_application("elderly-allowance")
            .await
            .unwrap()
            .id;
        for (link, value) in [
            ("applicant-name", "张三".to_owned()),
            ("applicant-id-number", "11010519491231002X".to_owned()),
            ("contact-mobile", format!("139{i:08}")),
        ] {
            offline.save_answer(&draft, link, &[value]).await.unwrap();
        }
        offline.submit_application(&draft).await.unwrap();
    }
    let queueing = queued_at.elapsed();
    // Their first attempts failed (connection refused); wait out the first backoff (<= 2 s).
    tokio::time::sleep(bianmin_core::BACKOFF_BASE + Duration::from_millis(100)).await;
    let started = Instant::now();
    let mut accepted = 0;
    while accepted < submissions {
        let report = app.pump_outbox().await.unwrap();
        accepted += report.accepted;
        assert!(
            started.elapsed() < Duration::from_secs(600),
            "flush stalled at {accepted}"
        );
    }
    let flush = started.elapsed();
    println!();
    println!("outbox flush to the reference server on loopback ({PUMP_CONCURRENCY} in flight):");
    println!(
        "  {submissions} queued submissions (made in {:.1} s) flushed in {:.2} s = {:.0} per second   (target < 5 s)",
        queueing.as_secs_f64(),
        flush.as_secs_f64(),
        submissions as f64 / flush.as_secs_f64()
    );
    let stats: serde_json::Value = reqwest::get(format!("{base}/admin/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    println!("  cases on the server: {}", stats["cases"]);
    app.close().await;
    server.shutdown().await;
}
