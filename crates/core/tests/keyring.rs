#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! The data key in a REAL Secret Service (gnome-keyring), and what happens without one.
//!
//! `./dev test` runs cargo test under `dbus-run-session` with `gnome-keyring-daemon --unlock`; to
//! run this by hand:
//! `dbus-run-session -- bash -c 'echo -n test | gnome-keyring-daemon --unlock --components=secrets >/dev/null; cargo test -p bianmin-core --test keyring'`.
//! Without a session bus the real-keyring test says it was skipped (it cannot pass or fail).

use bianmin_core::{
    BackendClient, Bianmin, CoreError, ErrorKind, KeyStore, KeyringKeyStore, Store, UiError,
};
use std::net::SocketAddr;
use std::process::Command;

/// A valid ID number that is not the example in any form's hint.
const VALID_ID: &str = "110105193806153011";
const ADDRESS: &str = "北京市东城区某某街道 3 号楼 2 单元 301";

fn has_secret_service() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

#[tokio::test]
async fn the_data_key_lives_in_a_real_secret_service_and_never_in_the_database() {
    if !has_secret_service() {
        // ./dev test sets BIANMIN_REQUIRE_KEYRING: there, a missing Secret Service is a failure,
        // never a silent skip.
        assert!(
            std::env::var_os("BIANMIN_REQUIRE_KEYRING").is_none(),
            "no D-Bus session: run under dbus-run-session with an unlocked gnome-keyring"
        );
        eprintln!("SKIPPED: no D-Bus session (run under dbus-run-session with gnome-keyring)");
        return;
    }
    // A test entry of its own, never the app's key.
    let entry = format!("test-{}", uuid::Uuid::new_v4());
    let keys = KeyringKeyStore::with_entry("cn.bianmin.app.test", &entry);
    let key = keys.get_or_create_key().unwrap();
    assert_eq!(
        key,
        keys.get_or_create_key().unwrap(),
        "created once, then read"
    );
    let again = KeyringKeyStore::with_entry("cn.bianmin.app.test", &entry);
    assert_eq!(key, again.get_or_create_key().unwrap());

    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("server.sqlite"),
    )
    .await
    .unwrap();
    let db = dir.path().join("app.sqlite");
    let app = Bianmin::new(
        Store::open(&db, &keys).await.unwrap(),
        BackendClient::new(&server.base_url()).unwrap(),
        true,
    );
    let draft = app.start_application("disability-subsidy").await.unwrap();
    for (link, value) in [
        ("applicant-id-number", VALID_ID),
        ("address", ADDRESS),
        ("applicant-name", "买买提·艾力"),
    ] {
        app.save_answer(&draft.id, link, &[value.to_owned()])
            .await
            .unwrap();
    }
    app.close().await;

    let mut bytes = std::fs::read(&db).unwrap();
    bytes.extend(std::fs::read(dir.path().join("app.sqlite-wal")).unwrap_or_default());
    for secret in [VALID_ID, ADDRESS, "买买提"] {
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "{secret} is in the database file in plain text"
        );
    }
    assert!(
        !bytes.windows(key.len()).any(|w| w == key),
        "the data key is in the database file"
    );

    // Opened again with the key from the keyring, the answers read back.
    let app = Bianmin::new(
        Store::open(&db, &again).await.unwrap(),
        BackendClient::new(&server.base_url()).unwrap(),
        true,
    );
    let answers = app.get_draft(&draft.id).await.unwrap().answers;
    assert_eq!(answers["address"], [ADDRESS]);
    app.close().await;
    keys.delete().unwrap();

    // Another key (a reset keyring) does not open this store: said so, not papered over.
    let other = KeyringKeyStore::with_entry("cn.bianmin.app.test", &format!("{entry}-other"));
    let err = Store::open(&db, &other).await.err().unwrap();
    assert!(matches!(err, CoreError::Keyring(_)), "{err:?}");
    other.delete().unwrap();
    server.shutdown().await;
}

/// Child mode (`BIANMIN_CHILD=no-keyring`), run with a session bus address that leads nowhere.
#[tokio::test]
async fn child_without_keyring() {
    if std::env::var("BIANMIN_CHILD").as_deref() != Ok("no-keyring") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("app.sqlite");
    let keys = KeyringKeyStore::with_entry("cn.bianmin.app.test", "never-created");
    let err = Store::open(&db, &keys).await.err().unwrap();
    assert!(matches!(err, CoreError::Keyring(_)), "{err:?}");
    let ui = UiError::from(&err);
    assert_eq!(ui.kind, ErrorKind::Storage);
    assert_eq!(ui.message.id, "error-keyring");
    assert_eq!(ui.message.args["hotline"], "12345");
    assert!(!db.exists(), "no store, so nothing personal can be written");
    println!("NO-KEYRING-OK");
}

#[test]
fn without_a_keyring_the_store_does_not_open_and_says_error_keyring() {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([
            "child_without_keyring",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("BIANMIN_CHILD", "no-keyring")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/bianmin-test-bus",
        )
        .env_remove("DISPLAY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains("NO-KEYRING-OK"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
