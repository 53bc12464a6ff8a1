//! The local store: one SQLite file in WAL mode with `synchronous=FULL`, so a committed answer
//! survives a power cut. One connection does all reads and writes: no read-then-write upgrade
//! can deadlock, and an answer is acknowledged only after its transaction committed.

mod catalogue;
mod drafts;

pub use drafts::{DraftRow, NewDraft};

use crate::error::CoreError;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::path::Path;
use std::time::Duration;

#[derive(Clone)]
pub struct Store {
    db: SqlitePool,
}

impl Store {
    pub async fn open(path: &Path) -> Result<Self, CoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let db = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations").run(&db).await?;
        Ok(Self { db })
    }

    pub async fn close(&self) {
        self.db.close().await;
    }
}

fn now_rfc3339() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}
