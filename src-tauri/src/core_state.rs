//! The core as the commands see it: ready, or unavailable with the reason the UI shows. The window
//! opens either way, so a resident at a machine with no keyring sees a clear, localized message
//! (and the hotline) instead of an app that silently fails to start.

use crate::StartError;
use bianmin_api::Message;
use bianmin_core::view::AppInfo;
use bianmin_core::{Bianmin, ErrorKind, UiError, HOTLINE};

pub enum Core {
    Ready(Bianmin),
    Unavailable { error: UiError, practice_mode: bool },
}

impl Core {
    /// The core, or the startup error every command answers with.
    pub fn get(&self) -> Result<&Bianmin, UiError> {
        match self {
            Core::Ready(core) => Ok(core),
            Core::Unavailable { error, .. } => Err(error.clone()),
        }
    }

    /// Never fails: the UI needs the hotline and the practice label even when nothing else works.
    pub fn info(&self) -> AppInfo {
        match self {
            Core::Ready(core) => core.info(),
            Core::Unavailable { practice_mode, .. } => AppInfo {
                practice_mode: *practice_mode,
                backend_url: String::new(),
                version: env!("CARGO_PKG_VERSION").to_owned(),
                hotline: HOTLINE.to_owned(),
                // Without a store there is no visit to finish.
                kiosk: false,
                kiosk_idle_secs: 0,
            },
        }
    }

    pub fn unavailable(error: &StartError, practice_mode: bool) -> Self {
        let error = match error {
            StartError::Store(core) => UiError::from(core),
            StartError::Config(_) => UiError {
                kind: ErrorKind::Internal,
                message: Message::new("error-config").arg("hotline", HOTLINE),
                fields: Vec::new(),
            },
            StartError::Practice(_) | StartError::DataDir(..) => UiError {
                kind: ErrorKind::Storage,
                message: Message::new("error-storage").arg("hotline", HOTLINE),
                fields: Vec::new(),
            },
        };
        Core::Unavailable {
            error,
            practice_mode,
        }
    }
}
