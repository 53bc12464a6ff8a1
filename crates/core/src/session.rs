//! Who is signed in: the resident's session with the backend, and what the government already
//! knows of them (the profile that prefills forms).
//!
//! Owns the in-memory [`SessionSlot`] shared by the client (which sends `Authorization: Bearer`)
//! and the outbox worker. Must never write the token anywhere but the OS keyring ([`KeyStore`]):
//! not SQLite, not a file, not a log. The profile is kept in memory only (see
//! `docs/ARCHITECTURE.md`, "Sign-in and prefill"): it is the government's copy, fetched again
//! after every sign-in, and a second copy on disk would be one more thing to wipe on a shared
//! machine. What the resident confirms from it is stored as answers, sealed like typed ones.

use crate::error::CoreError;
use crate::secrets::KeyStore;
use bianmin_api::{Message, Profile, SignedIn, SubjectKind};
use std::sync::{Arc, Mutex, MutexGuard};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// The message shown when the session ran out (by its time, or the backend said so).
pub const SESSION_EXPIRED: &str = "error-session-expired";
/// The message shown when the backend no longer knows the session (signed out elsewhere).
pub const SIGNED_OUT: &str = "error-signed-out";

#[derive(Default)]
struct Inner {
    session: Option<SignedIn>,
    profile: Option<Profile>,
    /// Set when the session ended by itself (expiry, a 401); reported once to the UI.
    ended: Option<Message>,
    /// The keyring entry still holds a session that ended: delete it at the next chance.
    stale_in_keyring: bool,
}

/// The current session, shared (cheap clones) by the client, the outbox and [`crate::Bianmin`].
#[derive(Clone, Default)]
pub struct SessionSlot {
    inner: Arc<Mutex<Inner>>,
}

impl SessionSlot {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding this lock cannot leave it half-written (plain assignments).
        self.inner
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The session, unless it has passed its expiry (then it ends here).
    pub fn current(&self) -> Option<SignedIn> {
        let mut inner = self.lock();
        let expired = inner
            .session
            .as_ref()
            .is_some_and(|s| is_past(&s.expires_at));
        if expired {
            end(&mut inner, Message::new(SESSION_EXPIRED));
        }
        inner.session.clone()
    }

    /// The bearer token to send for a request made as `subject` (a resident id): only the
    /// session of that very subject, so one resident's queued application is never sent under
    /// the next resident's session.
    pub fn token_for(&self, subject: &str) -> Option<String> {
        self.current()
            .filter(|s| s.subject.id == subject)
            .map(|s| s.token)
    }

    /// The token of the current session, for requests about the signed-in party itself.
    pub fn token(&self) -> Option<String> {
        self.current().map(|s| s.token)
    }

    pub(crate) fn set(&self, session: SignedIn) {
        let mut inner = self.lock();
        inner.session = Some(session);
        inner.profile = None;
        inner.ended = None;
        inner.stale_in_keyring = false;
    }

    pub(crate) fn set_profile(&self, token: &str, profile: Profile) {
        let mut inner = self.lock();
        // Only for the session it was fetched under (a sign-out may have come in between).
        if inner.session.as_ref().is_some_and(|s| s.token == token) {
            inner.profile = Some(profile);
        }
    }

    pub fn profile(&self) -> Option<Profile> {
        let _ = self.current();
        self.lock().profile.clone()
    }

    /// The backend refused `token` (401): the session it belonged to has ended.
    pub(crate) fn ended_by_backend(&self, token: &str, message: Message) {
        let mut inner = self.lock();
        if inner.session.as_ref().is_some_and(|s| s.token == token) {
            end(&mut inner, message);
        }
    }

    /// Signed out on purpose: nothing to report.
    pub(crate) fn clear(&self) {
        let mut inner = self.lock();
        *inner = Inner::default();
    }

    /// Why the session ended by itself, once; and whether the keyring still holds it.
    pub(crate) fn take_ended(&self) -> (Option<Message>, bool) {
        let _ = self.current();
        let mut inner = self.lock();
        let stale = std::mem::take(&mut inner.stale_in_keyring);
        (inner.ended.take(), stale)
    }

    /// A session the keyring still holds but that ended: delete it at the next chance.
    pub(crate) fn mark_stale(&self) {
        self.lock().stale_in_keyring = true;
    }
}

fn end(inner: &mut Inner, message: Message) {
    inner.session = None;
    inner.profile = None;
    inner.ended = Some(message);
    inner.stale_in_keyring = true;
}

/// Whether an RFC 3339 instant has passed; an unreadable one counts as passed.
pub(crate) fn is_past(instant: &str) -> bool {
    OffsetDateTime::parse(instant, &Rfc3339).map_or(true, |t| t <= OffsetDateTime::now_utc())
}

/// The name to greet the signed-in resident with: the profile's, else the session's.
pub(crate) fn display_name(session: &SignedIn, profile: Option<&Profile>) -> String {
    profile
        .and_then(|p| p.name.clone())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| session.subject.name.clone())
}

pub(crate) fn is_resident(session: &SignedIn) -> bool {
    session.subject.kind == SubjectKind::Resident
}

/// The keyring calls block (D-Bus): they run on the blocking pool.
pub(crate) async fn load(keys: Arc<dyn KeyStore>) -> Result<Option<SignedIn>, CoreError> {
    let bytes = blocking(move || keys.session_secret()).await?;
    Ok(bytes.and_then(|b| serde_json::from_slice(&b).ok()))
}

pub(crate) async fn save(keys: Arc<dyn KeyStore>, session: &SignedIn) -> Result<(), CoreError> {
    let bytes = serde_json::to_vec(session).map_err(|e| CoreError::Corrupt(e.to_string()))?;
    blocking(move || keys.set_session_secret(&bytes)).await
}

pub(crate) async fn forget(keys: Arc<dyn KeyStore>) -> Result<(), CoreError> {
    blocking(move || keys.delete_session_secret()).await
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, CoreError> + Send + 'static,
) -> Result<T, CoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| CoreError::Keyring(format!("the keyring call did not finish: {e}")))?
}
