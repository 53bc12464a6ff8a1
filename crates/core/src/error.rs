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
            CoreError::Storage(_) | CoreError::Migrate(_) => (ErrorKind::Storage, "error-storage"),
            CoreError::Corrupt(_) => (ErrorKind::Internal, "error-internal"),
            CoreError::Keyring(_) => (ErrorKind::Storage, "error-keyring"),
            CoreError::CaseState(_) => (ErrorKind::Conflict, "error-case-state"),
            CoreError::AlreadyRated => (ErrorKind::Conflict, "error-already-rated"),
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
