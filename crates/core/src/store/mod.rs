//! The local store: one SQLite file in WAL mode with `synchronous=FULL`, so a committed answer
//! survives a power cut. One connection does all reads and writes: no read-then-write upgrade
//! can deadlock, and an answer is acknowledged only after its transaction committed.
//!
//! Personal data (answers, the application bodies in the outbox, attached files) is sealed with the data key
//! from the OS keyring before it reaches SQLite (see `secrets.rs`); `secure_delete` zeroes what
//! is overwritten or deleted, so old plain values do not linger in free pages.

mod attachments;
mod bundles;
mod cases;
mod catalogue;
mod drafts;
mod hotline;
mod outbox;
mod prefill;
mod reminders;
mod sessions;

pub use attachments::{AttachmentMeta, NewAttachment};
pub use bundles::BundleRow;
pub use cases::CachedCase;
pub use drafts::{DraftRow, NewDraft, SupplementOf, DEVICE_PARTY};
pub use hotline::CachedHotline;
pub use outbox::{Enqueued, OutboxKind, OutboxRow, REASON_INVALID_ANSWERS};
pub use reminders::{CachedReminder, ReminderState};

use crate::error::CoreError;
use crate::secrets::{answer_place, Cipher, KeyStore, KEY_CHECK_PLACE, KEY_CHECK_TEXT};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

const KEY_CHECK: &str = "data-key-check";

#[derive(Clone)]
pub struct Store {
    db: SqlitePool,
    cipher: Cipher,
    /// Transactions committed through this store (SQLite's commit hook). Unchanged since a read
    /// means nothing was written since: what was read is still what is on disk.
    commits: Arc<AtomicU64>,
}

impl Store {
    /// Opens (creating if needed) the store at `path` with the data key from `keys`.
    ///
    /// The key is fetched first: with no keyring there is no store ([`CoreError::Keyring`]), so
    /// personal data is never written unprotected. The keyring call blocks briefly (D-Bus); it
    /// happens once, at start. Submissions left in "sending" by a crash become due again.
    pub async fn open(path: &Path, keys: &dyn KeyStore) -> Result<Self, CoreError> {
        check_writable(path)?;
        let key = keys.get_or_create_key()?;
        let cipher = Cipher::new(&key);
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .pragma("secure_delete", "ON")
            .busy_timeout(Duration::from_secs(5));
        let commits = Arc::new(AtomicU64::new(0));
        let counter = commits.clone();
        let db = SqlitePoolOptions::new()
            .max_connections(1)
            // One local file: a ping before each statement would only double its round trips.
            .test_before_acquire(false)
            .after_connect(move |conn, _| {
                let counter = counter.clone();
                Box::pin(async move {
                    conn.lock_handle().await?.set_commit_hook(move || {
                        counter.fetch_add(1, Ordering::SeqCst);
                        true // sqlx: `true` lets the commit proceed (`false` rolls it back)
                    });
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&db).await?;
        let store = Self {
            db,
            cipher,
            commits,
        };
        store.check_key().await?;
        store.seal_plain_answers().await?;
        store.recover_sending().await?;
        Ok(store)
    }

    /// How many transactions this store has committed so far: equal before and after a read, and
    /// nothing was written in between.
    pub(crate) fn commits(&self) -> u64 {
        self.commits.load(Ordering::SeqCst)
    }

    pub async fn close(&self) {
        self.db.close().await;
    }

    /// Caps the database at `pages` pages (`PRAGMA max_page_count`); beyond it every write fails
    /// as on a full disk. A quota for kiosks, and how tests stand in for a full disk.
    /// Returns the cap in effect (SQLite never sets it below the current size).
    pub async fn set_max_pages(&self, pages: u64) -> Result<u64, CoreError> {
        let pages = i64::try_from(pages).unwrap_or(i64::MAX);
        let set: i64 = sqlx::query_scalar(&format!("PRAGMA max_page_count = {pages}"))
            .fetch_one(&self.db)
            .await?;
        Ok(u64::try_from(set).unwrap_or(0))
    }

    /// The pages the database file holds now.
    pub async fn page_count(&self) -> Result<u64, CoreError> {
        let n: i64 = sqlx::query_scalar("PRAGMA page_count")
            .fetch_one(&self.db)
            .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    /// `PRAGMA integrity_check` says "ok".
    pub async fn integrity_ok(&self) -> Result<bool, CoreError> {
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.db)
            .await?;
        Ok(rows == ["ok"])
    }

    /// The first open writes a value sealed with the key; every later open must open it, so a
    /// store is never mixed under two keys (a reset keyring is reported, not papered over).
    async fn check_key(&self) -> Result<(), CoreError> {
        let stored: Option<String> =
            sqlx::query_scalar("SELECT value FROM cache_meta WHERE name = ?")
                .bind(KEY_CHECK)
                .fetch_optional(&self.db)
                .await?;
        match stored {
            Some(sealed) => match self.cipher.open(KEY_CHECK_PLACE, &sealed) {
                Ok(text) if text == KEY_CHECK_TEXT => Ok(()),
                _ => Err(CoreError::Keyring(
                    "the data key in the keyring does not open this store".to_owned(),
                )),
            },
            None => {
                sqlx::query("INSERT INTO cache_meta (name, value) VALUES (?, ?)")
                    .bind(KEY_CHECK)
                    .bind(self.cipher.seal(KEY_CHECK_PLACE, KEY_CHECK_TEXT)?)
                    .execute(&self.db)
                    .await?;
                Ok(())
            }
        }
    }

    /// Seals answers written in plain text before migration 0002, in one transaction.
    async fn seal_plain_answers(&self) -> Result<(), CoreError> {
        let plain: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT draft_id, link_id, value FROM answers WHERE value NOT LIKE 'xc1:%'",
        )
        .fetch_all(&self.db)
        .await?;
        if plain.is_empty() {
            return Ok(());
        }
        let mut tx = self.db.begin().await?;
        for (draft_id, link_id, value) in plain {
            let sealed = self
                .cipher
                .seal(&answer_place(&draft_id, &link_id), value.as_bytes())?;
            sqlx::query("UPDATE answers SET value = ? WHERE draft_id = ? AND link_id = ?")
                .bind(sealed)
                .bind(&draft_id)
                .bind(&link_id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// SQLite opens a database on a read-only file system read-only, and fails later with a vague
/// error; a full one fails with "unable to open". The file system says which it is, so the
/// resident is told the right thing before anything else is tried.
fn check_writable(path: &Path) -> Result<(), CoreError> {
    let probe = match std::fs::OpenOptions::new().append(true).open(path) {
        Err(io) if io.kind() == std::io::ErrorKind::NotFound => {
            let dir = path.parent().unwrap_or(Path::new("."));
            let probe = dir.join(".bianmin-write-check");
            let created = std::fs::File::create(&probe);
            let _ = std::fs::remove_file(&probe);
            created.map(|_| ())
        }
        other => other.map(|_| ()),
    };
    match probe {
        Err(io)
            if matches!(
                io.kind(),
                std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::StorageFull
            ) =>
        {
            Err(CoreError::Storage(sqlx::Error::Io(io)))
        }
        _ => Ok(()),
    }
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn now_ms() -> i64 {
    i64::try_from(time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000)
        .unwrap_or(i64::MAX)
}
