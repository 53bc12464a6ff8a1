//! Bianmin's domain: the catalogue and its offline cache, drafts and their answers, submissions.
//!
//! Owns the local store (SQLite through sqlx), the client of the one-stop backend (reqwest) and the
//! localized texts (Fluent). Must never know about Tauri, windows or IPC: `src-tauri` calls
//! [`Bianmin`] and passes its [`view`] types through unchanged.

mod app;
mod attach;
mod browse;
mod bundles;
mod cases;
mod client;
mod editing;
mod error;
mod hotline;
pub mod i18n;
mod outbox;
mod reminders;
pub mod search;
mod secrets;
pub mod session;
mod sign_in;
mod staff_call;
mod store;
mod supplement;
pub mod view;

pub use app::{Bianmin, HOTLINE, MAX_ANSWER_CHARS, SUBMIT_WAIT};
pub use attach::{sniff_content_type, MAX_FILE_NAME_CHARS};
pub use cases::{is_final, CaseWatcher, CASE_WATCH_INTERVAL};
pub use client::BackendClient;
pub use error::{CoreError, ErrorKind, UiError};
pub use outbox::{backoff, OutboxWorker, PumpReport, BACKOFF_BASE, BACKOFF_CAP, PUMP_CONCURRENCY};
pub use secrets::{KeyStore, KeyringKeyStore, MemoryKeyStore};
pub use staff_call::kiosk_place;
pub use store::Store;
pub use store::DEVICE_PARTY;
