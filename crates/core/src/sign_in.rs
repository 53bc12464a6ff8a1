//! Signing residents in with a one-time code, and prefilling their forms from what the
//! government already knows (once-only: the resident confirms instead of typing).
//!
//! The session lives in [`crate::session::SessionSlot`] (memory) and the OS keyring (across
//! restarts); the profile in memory only. Must never log or store a token, a code or a profile
//! value: logs carry kinds and ids only.

use crate::app::{today, Bianmin};
use crate::error::CoreError;
use crate::session::{self, display_name, is_past, is_resident};
use crate::store::DraftRow;
use crate::view::{Account, SignInChallenge, SignInState};
use bianmin_api::{Message, Profile, SignedIn};
use bianmin_forms::{fold_width, validate_answer, FormDefinition};
use std::collections::BTreeMap;

impl Bianmin {
    /// Sends a one-time sign-in code to `mobile` (by SMS; in practice mode it comes back to be
    /// shown on screen). A mistyped number or too many codes is [`CoreError::Refused`] about the
    /// field `mobile`.
    pub async fn request_sign_in_code(&self, mobile: &str) -> Result<SignInChallenge, CoreError> {
        let mobile = fold_width(mobile.trim());
        if mobile.is_empty() {
            return Err(refused("error-sign-in-mobile-required", "mobile"));
        }
        let challenge = self.backend.request_otp(&mobile).await?;
        Ok(SignInChallenge {
            challenge_id: challenge.challenge_id,
            expires_at: challenge.expires_at,
            length: challenge.length,
            practice_code: challenge.practice_code,
        })
    }

    /// Signs in with the code of a challenge, typed or pasted (spaces, dashes and full-width
    /// digits are fine). The session is stored in the keyring before it is used; with no keyring
    /// there is no sign-in ([`CoreError::Keyring`]) and the backend is told to forget the
    /// session. Then the profile is fetched (kept in memory) to greet the resident by name.
    pub async fn sign_in(&self, challenge_id: &str, code: &str) -> Result<Account, CoreError> {
        let code: String = fold_width(code)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if code.is_empty() {
            return Err(refused("error-sign-in-code-required", "code"));
        }
        let keys = self
            .keys
            .clone()
            .ok_or_else(|| CoreError::Keyring("no key store for the session".to_owned()))?;
        let signed = self.backend.verify_otp(challenge_id, &code).await?;
        if let Err(e) = session::save(keys, &signed).await {
            // The token may live nowhere but the keyring: give it back.
            if let Err(out) = self.backend.sign_out(&signed.token).await {
                tracing::warn!(error = %out, "could not end the session that could not be kept");
            }
            return Err(e);
        }
        self.backend.session().set(signed.clone());
        tracing::info!(kind = ?signed.subject.kind, "signed in");
        let profile = self.fetch_profile(&signed).await;
        Ok(account(&signed, profile.as_ref()))
    }

    /// Signs out: the session is forgotten here (memory and keyring) and by the backend. Nothing
    /// entered is lost; what waits in the outbox is still sent (without the session).
    pub async fn sign_out(&self) -> Result<(), CoreError> {
        let token = self.backend.session().token();
        self.backend.session().clear();
        let forgotten = match self.keys.clone() {
            Some(keys) => session::forget(keys).await,
            None => Ok(()),
        };
        if let Some(token) = token {
            // Best effort: offline, the session still ends by its time at the backend.
            if let Err(e) = self.backend.sign_out(&token).await {
                tracing::info!(error = %e, "the backend was not told of the sign-out");
            }
        }
        tracing::info!("signed out");
        forgotten
    }

    /// Who is signed in; and, once, why a session ended by itself (it ran out, or the backend
    /// refused it). A session that ended is deleted from the keyring here.
    pub async fn signed_in(&self) -> Result<SignInState, CoreError> {
        let (ended, stale) = self.backend.session().take_ended();
        if stale {
            if let Some(keys) = self.keys.clone() {
                session::forget(keys).await?;
            }
        }
        let slot = self.backend.session();
        Ok(SignInState {
            account: slot.current().map(|s| account(&s, slot.profile().as_ref())),
            ended,
        })
    }

    /// At start: the session kept in the keyring, if it has not run out. The backend is asked
    /// whether it still knows it (offline, it is kept until a request says otherwise).
    pub async fn restore_session(&self) -> Result<SignInState, CoreError> {
        let Some(keys) = self.keys.clone() else {
            return self.signed_in().await;
        };
        match session::load(keys.clone()).await? {
            None => {}
            Some(stored) if is_past(&stored.expires_at) => session::forget(keys).await?,
            Some(stored) => {
                self.backend.session().set(stored.clone());
                match self.backend.me(&stored.token).await {
                    Ok(_) => {
                        self.fetch_profile(&stored).await;
                    }
                    // Ended: the slot knows; `signed_in` deletes it from the keyring.
                    Err(CoreError::SignedOut(_)) => self.backend.session().mark_stale(),
                    Err(e) => {
                        tracing::info!(error = %e, "session kept; the backend is not reachable")
                    }
                }
            }
        }
        self.signed_in().await
    }

    /// Fills the unanswered questions of a draft that name a prefill code from the signed-in
    /// resident's records, and marks them. Nothing when nobody is signed in, the records are not
    /// reachable, or the draft is submitted: prefill helps, it never stops an application.
    pub(crate) async fn prefill(
        &self,
        row: &DraftRow,
        form: &FormDefinition,
    ) -> Result<(), CoreError> {
        if row.submitted {
            return Ok(());
        }
        let Some(signed) = self.backend.session().current().filter(is_resident) else {
            return Ok(());
        };
        let wanted: Vec<_> = form
            .items
            .iter()
            .filter(|i| i.prefill.is_some() && !row.answers.contains_key(&i.link_id))
            .collect();
        if wanted.is_empty() {
            return Ok(());
        }
        let profile = match self.backend.session().profile() {
            Some(p) => p,
            None => match self.fetch_profile(&signed).await {
                Some(p) => p,
                None => return Ok(()),
            },
        };
        let fills: BTreeMap<String, Vec<String>> = wanted
            .into_iter()
            .filter_map(|item| {
                let code = item.prefill.as_deref()?;
                let value = profile.prefill.get(code)?.clone();
                // Canonical when the rules accept it; as the records have it otherwise (the
                // resident then sees the problem on the question page, and can correct it).
                let values = validate_answer(item, std::slice::from_ref(&value), today())
                    .unwrap_or_else(|_| vec![value]);
                Some((item.link_id.clone(), values))
            })
            .collect();
        if !fills.is_empty() {
            let filled = self.store.prefill_answers(&row.id, &fills).await?;
            tracing::info!(draft = %row.id, count = filled.len(), "prefilled from the records");
        }
        Ok(())
    }

    /// The resident's records, kept in memory for this session; `None` when they cannot be
    /// fetched now (offline, not a resident, the session ended).
    async fn fetch_profile(&self, signed: &SignedIn) -> Option<Profile> {
        if !is_resident(signed) {
            return None;
        }
        match self.backend.profile(&signed.token).await {
            Ok(profile) => {
                self.backend
                    .session()
                    .set_profile(&signed.token, profile.clone());
                Some(profile)
            }
            Err(e) => {
                tracing::info!(error = %e, "the profile could not be fetched");
                None
            }
        }
    }
}

fn account(signed: &SignedIn, profile: Option<&Profile>) -> Account {
    Account {
        name: display_name(signed, profile),
        expires_at: signed.expires_at.clone(),
    }
}

fn refused(id: &str, field: &str) -> CoreError {
    CoreError::Refused {
        message: Message::new(id),
        field: Some(field.to_owned()),
    }
}
