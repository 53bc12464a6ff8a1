#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! The standalone binary and its flags: `--listen`, `--db`, `--seed on|off`, `--admin`.

use bianmin_api::ServiceCatalogue;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// A running `bianmin-server`; killed when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn run(db: &std::path::Path, extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bianmin-server"))
        .args(["--listen", "127.0.0.1:0", "--db"])
        .arg(db)
        .args(extra)
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let base = line
        .trim()
        .rsplit(' ')
        .next()
        .filter(|b| b.starts_with("http://127.0.0.1:"))
        .unwrap_or_else(|| panic!("no address in {line:?}"))
        .to_owned();
    Server { child, base }
}

async fn services(base: &str) -> usize {
    let c: ServiceCatalogue = reqwest::get(format!("{base}/v1/services"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    c.items.len()
}

async fn status(url: String) -> u16 {
    reqwest::get(url).await.unwrap().status().as_u16()
}

#[tokio::test]
async fn the_flags_choose_address_database_seed_and_admin() {
    let dir = tempfile::tempdir().unwrap();

    // --seed off: migrated, but no demo data.
    let empty = dir.path().join("empty.sqlite");
    let server = run(&empty, &["--seed", "off"]);
    assert_eq!(services(&server.base).await, 0);
    assert_eq!(status(format!("{}/admin/stats", server.base)).await, 404);
    drop(server);
    assert!(empty.exists(), "--db names the file");

    // The default seeds the full catalogue, without admin routes.
    let db = dir.path().join("s.sqlite");
    let server = run(&db, &[]);
    assert!(services(&server.base).await >= 60);
    assert_eq!(status(format!("{}/admin/stats", server.base)).await, 404);
    drop(server);

    // --admin mounts them; --seed off keeps what the file already holds.
    let server = run(&db, &["--seed", "off", "--admin"]);
    assert!(services(&server.base).await >= 60);
    assert_eq!(status(format!("{}/admin/stats", server.base)).await, 200);
    drop(server);

    // A bad flag is refused with the usage.
    let out = Command::new(env!("CARGO_BIN_EXE_bianmin-server"))
        .args(["--seed", "maybe"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage"));
}
