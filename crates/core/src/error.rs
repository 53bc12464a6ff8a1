//! The core's error type, and the shape every error takes when it crosses to the UI.

use bianmin_api::{FieldError, Message};
use serde::Serialize;
use ts_rs::TS;

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("the backend is not reachable: {0}")]
    Network(String),
    #[error("the backend answered {status}: {detail}")]
    Backend { status: u16, detail: String },
    #[error("some answers are not valid")]
    InvalidAnswers(Vec<FieldError>),
    #[error("the form definition from the backend is not usable: {0}")]
    MalformedForm(#[from] bianmin_forms::DefinitionError),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("this application was already submitted")]
    AlreadySubmitted,
    #[error("the local store failed: {0}")]
    Storage(#[from] sqlx::Error),
    #[error("the local store could not be migrated: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// The OS keyring (Secret Service) holding the data key cannot be used, or its key does not
    /// open this store. Personal data is then not stored at all, never stored in plain text.
    #[error("the secure key storage is not available: {0}")]
    Keyring(String),
    /// The case is no longer in a state that allows this (409 `state-conflict`): e.g. it was
    /// done before the withdrawal arrived.
    #[error("not possible in the case's current state: {0}")]
    CaseState(String),
    /// The case was rated already (409 `already-rated`): each case is rated once.
    #[error("the case has been rated already")]
    AlreadyRated,
    /// Not signed in, or the session ended (expired, signed out elsewhere): the message says
    /// which. Nothing entered is lost; the resident signs in again.
    #[error("not signed in: {}", .0.id)]
    SignedOut(Message),
    /// The backend refused a request for a reason the resident can act on (a wrong or dead
    /// sign-in code, too many codes, a mistyped mobile number); `field` names the input it is
    /// about, for the error summary.
    #[error("refused: {}", message.id)]
    Refused {
        message: Message,
        field: Option<String>,
    },
    /// "Finish" was asked of an app that is not a kiosk: nothing was wiped.
    #[error("this app is not running as a kiosk")]
    NotKiosk,
    /// The resident's data left the database, but the webview's storage could not be cleared:
    /// staff must know before the next person uses the kiosk.
    #[error("the webview's storage could not be cleared: {0}")]
    WebviewStorage(String),
}

/// What the UI branches on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorKind {
    Network,
    Backend,
    Invalid,
    NotFound,
    Storage,
    Internal,
    /// Not possible now: the case moved on, or it was rated already. Refresh and show it.
    Conflict,
    /// Not signed in, or the session ended: the UI shows the resident as signed out.
    SignedOut,
}

/// Every command error as the UI receives it: a kind to branch on, a message id to show, and
/// per-answer problems when answers were refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct UiError {
    pub kind: ErrorKind,
    pub message: Message,
    pub fields: Vec<FieldError>,
}

impl From<&CoreError> for UiError {
    fn from(e: &CoreError) -> Self {
        let (kind, id) = match e {
            CoreError::Network(_) => (ErrorKind::Network, "error-network"),
            CoreError::Backend { .. } => (ErrorKind::Backend, "error-backend"),
            CoreError::InvalidAnswers(_) => (ErrorKind::Invalid, "error-invalid-answers"),
            CoreError::MalformedForm(_) => (ErrorKind::Backend, "error-form-malformed"),
            CoreError::NotFound(_) => (ErrorKind::NotFound, "error-not-found"),
            CoreError::AlreadySubmitted => (ErrorKind::Invalid, "error-already-submitted"),
            CoreError::Storage(e) => (ErrorKind::Storage, storage_message(e)),
            CoreError::Migrate(_) => (ErrorKind::Storage, "error-storage"),
            CoreError::Corrupt(_) => (ErrorKind::Internal, "error-internal"),
            CoreError::Keyring(_) => (ErrorKind::Storage, "error-keyring"),
            CoreError::CaseState(_) => (ErrorKind::Conflict, "error-case-state"),
            CoreError::AlreadyRated => (ErrorKind::Conflict, "error-already-rated"),
            CoreError::NotKiosk => (ErrorKind::Internal, "error-internal"),
            CoreError::WebviewStorage(_) => (ErrorKind::Storage, "error-visit-not-cleared"),
            CoreError::SignedOut(message) => {
                return UiError {
                    kind: ErrorKind::SignedOut,
                    message: message.clone(),
                    fields: Vec::new(),
                }
            }
            CoreError::Refused { message, field } => {
                let message = message.clone().arg("hotline", crate::app::HOTLINE);
                return UiError {
                    kind: ErrorKind::Invalid,
                    fields: field
                        .iter()
                        .map(|link_id| FieldError {
                            link_id: link_id.clone(),
                            message: message.clone(),
                        })
                        .collect(),
                    message,
                };
            }
        };
        let fields = match e {
            CoreError::InvalidAnswers(fields) => fields.clone(),
            _ => Vec::new(),
        };
        UiError {
            kind,
            // Messages that send the resident to the hotline name it from one place.
            message: Message::new(id).arg("hotline", crate::app::HOTLINE),
            fields,
        }
    }
}

impl From<CoreError> for UiError {
    fn from(e: CoreError) -> Self {
        // Logged without answers: errors never carry personal data, only ids and statuses.
        tracing::warn!(error = %e, "command failed");
        UiError::from(&e)
    }
}

/// The message of a storage failure: a full disk and a read-only disk are told apart, because
/// staff fix them differently; anything else is the general one.
fn storage_message(e: &sqlx::Error) -> &'static str {
    match storage_problem(e) {
        Some(StorageProblem::Full) => "error-storage-full",
        Some(StorageProblem::ReadOnly) => "error-storage-read-only",
        None => "error-storage",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum StorageProblem {
    Full,
    ReadOnly,
}

/// SQLite's primary result codes (the low byte of an extended code): SQLITE_READONLY 8,
/// SQLITE_FULL 13; or the file system's own errors when a file could not be opened or written.
pub(crate) fn storage_problem(e: &sqlx::Error) -> Option<StorageProblem> {
    match e {
        sqlx::Error::Database(db) => {
            let code: i64 = db.code()?.parse().ok()?;
            match code & 0xff {
                13 => Some(StorageProblem::Full),
                8 => Some(StorageProblem::ReadOnly),
                _ => None,
            }
        }
        sqlx::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded => {
                Some(StorageProblem::Full)
            }
            std::io::ErrorKind::ReadOnlyFilesystem => Some(StorageProblem::ReadOnly),
            _ => None,
        },
        _ => None,
    }
}
