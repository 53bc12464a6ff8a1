//! The data key and the encryption of personal data at rest.
//!
//! Personal data (answers, the application bodies waiting in the outbox) is sealed field by field
//! with XChaCha20-Poly1305 under one 32-byte data key. The key lives in the OS keyring (Secret
//! Service on Linux) behind [`KeyStore`], never in SQLite, files or logs. Each value gets a random
//! 24-byte nonce, and its place (draft id + link id) is the associated data, so a sealed value
//! copied into another row does not open.

use crate::error::CoreError;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use std::sync::Arc;

/// The keyring entry of the data key: service and user.
pub const KEYRING_SERVICE: &str = "cn.bianmin.app";
pub const KEYRING_USER: &str = "data-key";
/// The keyring entry (same service) of the signed-in session: the bearer token lives only here.
pub const KEYRING_SESSION_USER: &str = "session";

/// Bytes in a data key.
pub const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;
/// Sealed values are stored as text: this prefix, then hex(nonce || ciphertext || tag).
const SEALED_PREFIX: &str = "xc1:";

/// Where the data key is kept.
pub trait KeyStore: Send + Sync {
    /// The data key, created (32 random bytes) and stored on first use. Fails with
    /// [`CoreError::Keyring`] when the keyring cannot be reached: the caller must then not store
    /// personal data at all.
    fn get_or_create_key(&self) -> Result<[u8; KEY_LEN], CoreError>;

    /// The signed-in session (the bearer token, its expiry and whom it is for, as JSON), if one
    /// is stored. The token is kept here and nowhere else on disk.
    fn session_secret(&self) -> Result<Option<Vec<u8>>, CoreError> {
        Err(CoreError::Keyring(
            "this key store keeps no session".to_owned(),
        ))
    }

    /// Stores the signed-in session, replacing any other.
    fn set_session_secret(&self, _secret: &[u8]) -> Result<(), CoreError> {
        Err(CoreError::Keyring(
            "this key store keeps no session".to_owned(),
        ))
    }

    /// Forgets the signed-in session (sign-out, expiry); nothing stored is fine.
    fn delete_session_secret(&self) -> Result<(), CoreError> {
        Ok(())
    }
}

/// The OS keyring (`keyring` crate: Secret Service on Linux, Keychain on macOS, Credential
/// Manager on Windows). Its calls block (D-Bus): call it from a blocking context.
pub struct KeyringKeyStore {
    service: String,
    user: String,
    /// The entry (same service) of the signed-in session.
    session_user: String,
}

impl KeyringKeyStore {
    /// The app's own entry: service "cn.bianmin.app", user "data-key".
    pub fn new() -> Self {
        Self {
            session_user: KEYRING_SESSION_USER.to_owned(),
            ..Self::with_entry(KEYRING_SERVICE, KEYRING_USER)
        }
    }

    /// Another entry of the same keyring (tests use their own, so they never touch the app's key).
    pub fn with_entry(service: &str, user: &str) -> Self {
        Self {
            service: service.to_owned(),
            user: user.to_owned(),
            session_user: format!("{user}-session"),
        }
    }

    /// Removes the entry, and the session's (tests clean up after themselves).
    pub fn delete(&self) -> Result<(), CoreError> {
        self.delete_session_secret()?;
        match self.entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(&e)),
        }
    }

    fn entry(&self) -> Result<keyring::Entry, CoreError> {
        keyring::Entry::new(&self.service, &self.user).map_err(|e| keyring_error(&e))
    }

    fn session_entry(&self) -> Result<keyring::Entry, CoreError> {
        keyring::Entry::new(&self.service, &self.session_user).map_err(|e| keyring_error(&e))
    }
}

impl Default for KeyringKeyStore {
    fn default() -> Self {
        Self::new()
    }
}

impl KeyStore for KeyringKeyStore {
    fn get_or_create_key(&self) -> Result<[u8; KEY_LEN], CoreError> {
        let entry = self.entry()?;
        match entry.get_secret() {
            Ok(secret) => <[u8; KEY_LEN]>::try_from(secret.as_slice()).map_err(|_| {
                CoreError::Keyring("the stored data key has the wrong length".to_owned())
            }),
            Err(keyring::Error::NoEntry) => {
                let key: [u8; KEY_LEN] = XChaCha20Poly1305::generate_key(&mut OsRng).into();
                entry.set_secret(&key).map_err(|e| keyring_error(&e))?;
                // Read back: if another process created a key at the same moment, both use the
                // one that won.
                let stored = entry.get_secret().map_err(|e| keyring_error(&e))?;
                <[u8; KEY_LEN]>::try_from(stored.as_slice()).map_err(|_| {
                    CoreError::Keyring("the stored data key has the wrong length".to_owned())
                })
            }
            Err(e) => Err(keyring_error(&e)),
        }
    }

    fn session_secret(&self) -> Result<Option<Vec<u8>>, CoreError> {
        match self.session_entry()?.get_secret() {
            Ok(secret) => Ok(Some(secret)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(keyring_error(&e)),
        }
    }

    fn set_session_secret(&self, secret: &[u8]) -> Result<(), CoreError> {
        self.session_entry()?
            .set_secret(secret)
            .map_err(|e| keyring_error(&e))
    }

    fn delete_session_secret(&self) -> Result<(), CoreError> {
        match self.session_entry()?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(keyring_error(&e)),
        }
    }
}

/// Describes a keyring failure without any secret (the error texts of `keyring` carry none).
fn keyring_error(e: &keyring::Error) -> CoreError {
    CoreError::Keyring(e.to_string())
}

/// FOR TESTS ONLY: a key that lives in memory and never in a keyring. The app never uses it; data
/// sealed with it cannot be read by another process unless the test hands it the same key.
pub struct MemoryKeyStore {
    key: [u8; KEY_LEN],
    session: std::sync::Mutex<Option<Vec<u8>>>,
}

impl MemoryKeyStore {
    /// A fresh random key (tests only).
    pub fn random() -> Self {
        Self::with_key(XChaCha20Poly1305::generate_key(&mut OsRng).into())
    }

    /// A key the test chooses, so a child process can open what its parent wrote (tests only).
    pub fn with_key(key: [u8; KEY_LEN]) -> Self {
        Self {
            key,
            session: std::sync::Mutex::new(None),
        }
    }

    fn session(&self) -> std::sync::MutexGuard<'_, Option<Vec<u8>>> {
        self.session
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl KeyStore for MemoryKeyStore {
    fn get_or_create_key(&self) -> Result<[u8; KEY_LEN], CoreError> {
        Ok(self.key)
    }

    fn session_secret(&self) -> Result<Option<Vec<u8>>, CoreError> {
        Ok(self.session().clone())
    }

    fn set_session_secret(&self, secret: &[u8]) -> Result<(), CoreError> {
        *self.session() = Some(secret.to_vec());
        Ok(())
    }

    fn delete_session_secret(&self) -> Result<(), CoreError> {
        *self.session() = None;
        Ok(())
    }
}

/// Seals and opens values under the data key. Cheap to clone.
#[derive(Clone)]
pub(crate) struct Cipher {
    aead: Arc<XChaCha20Poly1305>,
}

impl Cipher {
    pub fn new(key: &[u8; KEY_LEN]) -> Self {
        Self {
            aead: Arc::new(XChaCha20Poly1305::new(Key::from_slice(key))),
        }
    }

    /// Seals `plain` bound to `place` (associated data).
    pub fn seal(&self, place: &str, plain: &[u8]) -> Result<String, CoreError> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .aead
            .encrypt(
                &nonce,
                Payload {
                    msg: plain,
                    aad: place.as_bytes(),
                },
            )
            .map_err(|_| CoreError::Corrupt("a value could not be encrypted".to_owned()))?;
        let mut bytes = Vec::with_capacity(NONCE_LEN + sealed.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        Ok(format!("{SEALED_PREFIX}{}", hex::encode(bytes)))
    }

    /// Seals `plain` bound to `place` as bytes (nonce || ciphertext || tag), for large values
    /// (attachments) stored as BLOBs: hex would double them.
    pub fn seal_bytes(&self, place: &str, plain: &[u8]) -> Result<Vec<u8>, CoreError> {
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .aead
            .encrypt(
                &nonce,
                Payload {
                    msg: plain,
                    aad: place.as_bytes(),
                },
            )
            .map_err(|_| CoreError::Corrupt("a value could not be encrypted".to_owned()))?;
        let mut bytes = Vec::with_capacity(NONCE_LEN + sealed.len());
        bytes.extend_from_slice(&nonce);
        bytes.extend_from_slice(&sealed);
        Ok(bytes)
    }

    /// Opens bytes sealed by [`Cipher::seal_bytes`] for `place`.
    pub fn open_bytes(&self, place: &str, bytes: &[u8]) -> Result<Vec<u8>, CoreError> {
        if bytes.len() <= NONCE_LEN {
            return Err(CoreError::Corrupt(
                "a stored value is not sealed".to_owned(),
            ));
        }
        self.open_raw(place, bytes)
    }

    /// Opens a value sealed for `place`; a value moved from another place, or sealed under another
    /// key, does not open.
    pub fn open(&self, place: &str, stored: &str) -> Result<Vec<u8>, CoreError> {
        let bytes = stored
            .strip_prefix(SEALED_PREFIX)
            .and_then(|h| hex::decode(h).ok())
            .filter(|b| b.len() > NONCE_LEN)
            .ok_or_else(|| CoreError::Corrupt("a stored value is not sealed".to_owned()))?;
        self.open_raw(place, &bytes)
    }

    fn open_raw(&self, place: &str, bytes: &[u8]) -> Result<Vec<u8>, CoreError> {
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        self.aead
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: place.as_bytes(),
                },
            )
            .map_err(|_| {
                CoreError::Corrupt("a stored value does not open with the data key".to_owned())
            })
    }
}

/// The associated data of an answer: its draft and question.
pub(crate) fn answer_place(draft_id: &str, link_id: &str) -> String {
    format!("answer\u{0}{draft_id}\u{0}{link_id}")
}

/// The associated data of an application body waiting in the outbox.
pub(crate) fn outbox_place(draft_id: &str) -> String {
    format!("outbox\u{0}{draft_id}")
}

/// The associated data of one sealed part (`bytes`, `name`, `sha256`) of an attachment.
pub(crate) fn attachment_place(draft_id: &str, attachment_id: &str, part: &str) -> String {
    format!("attachment\u{0}{draft_id}\u{0}{attachment_id}\u{0}{part}")
}

/// The associated data of the store's key check value.
pub(crate) const KEY_CHECK_PLACE: &str = "key-check";
pub(crate) const KEY_CHECK_TEXT: &[u8] = b"bianmin data key check v1";

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    // MemoryKeyStore here, because this unit test is about the cipher, not the keyring.
    #[test]
    fn a_sealed_value_opens_only_in_its_place_and_under_its_key() {
        let key = MemoryKeyStore::random().get_or_create_key().unwrap();
        let cipher = Cipher::new(&key);
        let place = answer_place("d1", "applicant-name");
        let sealed = cipher.seal(&place, "张三".as_bytes()).unwrap();
        assert!(!sealed.contains("张三"));
        assert_eq!(cipher.open(&place, &sealed).unwrap(), "张三".as_bytes());
        // Two seals of one value differ (random nonce).
        assert_ne!(sealed, cipher.seal(&place, "张三".as_bytes()).unwrap());
        // Swapped into another question or draft, it does not open.
        assert!(cipher
            .open(&answer_place("d1", "applicant-id-number"), &sealed)
            .is_err());
        assert!(cipher
            .open(&answer_place("d2", "applicant-name"), &sealed)
            .is_err());
        let other = Cipher::new(&MemoryKeyStore::random().get_or_create_key().unwrap());
        assert!(other.open(&place, &sealed).is_err());
        assert!(cipher.open(&place, "plain text").is_err());
    }
}
