//! The draft being edited, kept in memory between its saved answers.
//!
//! Each page of a form saves one answer and shows the draft again. Reading the draft, its outbox
//! row, its prefill marks and its files back from SQLite for every answer would cost more than
//! the commit itself, so the last draft read or saved is kept here with the store's commit count
//! at the time ([`Store::commits`](crate::store::Store)): while the count is unchanged nothing
//! was written since, and the copy is what is on disk. Any commit by anyone — the outbox worker,
//! a file attached, a session wiped — makes it stale, and it is read again.
//!
//! It holds one resident's answers in plain text, like the page showing them: it is dropped when
//! the party at the screen changes or a session ends (a kiosk visit's end wipes memory too).

use crate::store::{AttachmentMeta, DraftRow, OutboxRow};
use std::collections::BTreeSet;
use std::sync::Mutex;

/// A draft as read from the store, with everything its view needs.
#[derive(Clone)]
pub(crate) struct Editing {
    pub row: DraftRow,
    pub entry: Option<OutboxRow>,
    pub prefilled: BTreeSet<String>,
    pub files: Vec<AttachmentMeta>,
    /// The store's commit count when this was read: fresh while the count is the same.
    pub commits: u64,
}

#[derive(Default)]
pub(crate) struct EditCache(Mutex<Option<Box<Editing>>>);

impl EditCache {
    /// The copy of `draft_id`, when nothing was committed since it was taken and it is the
    /// party's at the screen.
    pub fn fresh(&self, draft_id: &str, party: &str, commits_now: u64) -> Option<Editing> {
        let guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        guard
            .as_ref()
            .filter(|e| e.row.id == draft_id && e.row.party == party && e.commits == commits_now)
            .map(|e| Editing::clone(e))
    }

    pub fn keep(&self, editing: Editing) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = Some(Box::new(editing));
    }

    pub fn clear(&self) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}
