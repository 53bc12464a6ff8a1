//! Set-up shared by the durability proofs: a store with the test key, the reference server with
//! fault injection, filled drafts, and a seeded random source.
#![allow(dead_code)] // each test binary uses part of it

use bianmin_core::view::OutboxState;
use bianmin_core::{BackendClient, Bianmin, MemoryKeyStore, Store};
use bianmin_server::{RunningServer, ServerOptions};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::Path;

/// The in-memory key store stands in for the OS keyring here (tests only); the keyring itself
/// is tested in `keyring.rs`. A fixed key, so a store opens again after a restart or a kill.
pub const TEST_KEY: [u8; 32] = [42; 32];
pub const VALID_ID: &str = "11010519491231002X";
pub const LINKS: [&str; 3] = ["applicant-name", "applicant-id-number", "contact-mobile"];
pub const SERVICE: &str = "elderly-allowance";

pub async fn store(path: &Path) -> Store {
    Store::open(path, &MemoryKeyStore::with_key(TEST_KEY))
        .await
        .unwrap()
}

pub async fn app(path: &Path, backend: &str) -> Bianmin {
    Bianmin::new(
        store(path).await,
        BackendClient::new(backend).unwrap(),
        true,
    )
}

pub async fn server(dir: &Path) -> RunningServer {
    server_at(dir, 0).await
}

/// The reference server with fault injection, on `port` (0: any free one).
pub async fn server_at(dir: &Path, port: u16) -> RunningServer {
    bianmin_server::spawn_with(
        SocketAddr::from(([127, 0, 0, 1], port)),
        &dir.join("server.sqlite"),
        ServerOptions { admin: true },
    )
    .await
    .unwrap()
}

/// Queues a fault given as JSON (`{"kind": ...}`); the status the server answered (204 when the
/// kind exists).
pub async fn inject_json(server: &str, count: u32, action: serde_json::Value) -> u16 {
    reqwest::Client::new()
        .post(format!("{server}/admin/faults"))
        .json(&serde_json::json!({ "count": count, "action": action }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

pub async fn inject(server: &str, count: u32, action: bianmin_server::FaultAction) {
    let action = serde_json::to_value(action).unwrap();
    assert_eq!(inject_json(server, count, action).await, 204);
}

pub async fn clear_faults(server: &str) {
    let status = reqwest::Client::new()
        .delete(format!("{server}/admin/faults"))
        .send()
        .await
        .unwrap()
        .status();
    assert_eq!(status, 204);
}

pub async fn cases_on_server(server: &str) -> i64 {
    let stats: serde_json::Value = reqwest::get(format!("{server}/admin/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    stats["cases"].as_i64().unwrap()
}

/// A mobile number that encodes `n` (valid for n < 10^8).
pub fn mobile(n: u64) -> String {
    format!("138{:08}", n % 100_000_000)
}

/// Starts a draft of the old-age allowance for the party at the screen and answers everything
/// validly; returns its id.
pub async fn fill(app: &Bianmin, n: u64) -> String {
    let draft = app.start_application(SERVICE).await.unwrap();
    for (link, value) in LINKS
        .iter()
        .zip(["张三".to_owned(), VALID_ID.to_owned(), mobile(n)])
    {
        let saved = app.save_answer(&draft.id, link, &[value]).await.unwrap();
        assert!(saved.error.is_none(), "{link}: {:?}", saved.error);
    }
    draft.id
}

/// A draft with valid answers in the store at `db`, made by the device's own party.
pub async fn filled_draft(db: &Path, server: &str) -> String {
    let app = app(db, server).await;
    let id = fill(&app, 0).await;
    app.close().await;
    id
}

/// xorshift64*, seeded from `BIANMIN_SEED` or the clock; the seed is printed so a failure can
/// be replayed.
pub struct Rng(u64);
impl Rng {
    pub fn new() -> Self {
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
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

pub fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    !needle.is_empty() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// Every outbox row: draft id → (state, case number).
pub async fn outbox_states(store: &Store) -> BTreeMap<String, (OutboxState, Option<String>)> {
    store
        .outbox_entries()
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.draft_id, (e.state, e.case_number)))
        .collect()
}
