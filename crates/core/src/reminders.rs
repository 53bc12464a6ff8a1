//! Proactive reminders (未诉先办): what the backend says is due for the signed-in resident (the
//! yearly pension check, an ID card that expires, the old-age allowance at 80), read from the
//! resident's notification feed, cached per party and resident so Home shows them offline, and
//! acknowledged once the resident dismissed or started them.
//!
//! The feed's acknowledgement is a cursor ("everything up to here was dealt with"), not one per
//! notification: the app acknowledges up to the last notification before the first reminder the
//! resident has not dealt with yet, so a reminder is never acknowledged before it was dismissed
//! or started, and one dismissed behind it is told the backend as soon as the one before is done
//! (until then its state lives here). Case and 12345 events in the feed count as dealt with: the
//! app follows cases through their own feeds (`cases.rs`). Signed out, or signed in as staff or a
//! kiosk, there are no reminders and no error.

use crate::app::{current_party, Bianmin};
use crate::client::BackendClient;
use crate::error::CoreError;
use crate::session::is_resident;
use crate::store::{CachedReminder, ReminderState, Store};
use crate::view::{Draft, ReminderView};
use bianmin_api::{LocalizedText, Notification, NotificationAction, NotificationKind};
use std::collections::BTreeSet;
use std::sync::Mutex;

/// How many pages of 200 one round reads at most.
const MAX_PAGES: usize = 20;

/// Whose reminders: the party at the screen and the signed-in resident.
#[derive(Clone)]
struct Who {
    party: String,
    subject: String,
    token: String,
}

fn who(backend: &BackendClient, party: &Mutex<String>) -> Option<Who> {
    let session = backend.session().current().filter(is_resident)?;
    Some(Who {
        party: current_party(party),
        subject: session.subject.id,
        token: session.token,
    })
}

fn service_code(n: &Notification) -> Option<&str> {
    match &n.action {
        NotificationAction::StartService { service_code } => Some(service_code),
        _ => None,
    }
}

/// Reads every unacknowledged notification, keeps the reminders, forgets those the backend no
/// longer sends, and acknowledges what has been dealt with. Returns the reminders new here.
async fn sync(
    store: &Store,
    backend: &BackendClient,
    who: &Who,
) -> Result<Vec<Notification>, CoreError> {
    let mut items: Vec<Notification> = Vec::new();
    let mut after: Option<String> = None;
    let mut complete = false;
    for _ in 0..MAX_PAGES {
        let page = backend.notifications(&who.token, after.as_deref()).await?;
        items.extend(page.items);
        if !page.more {
            complete = true;
            break;
        }
        match page.next_cursor {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let reminders: Vec<Notification> = items
        .iter()
        .filter(|n| n.kind == NotificationKind::Reminder)
        .cloned()
        .collect();
    let added = store
        .merge_reminders(&who.party, &who.subject, &reminders)
        .await?;
    let cached = store.cached_reminders(&who.party, &who.subject).await?;
    if complete {
        // Not among the unacknowledged: acknowledged (maybe on another computer); never back.
        let sent: BTreeSet<&str> = reminders.iter().map(|n| n.id.as_str()).collect();
        let gone: Vec<String> = cached
            .iter()
            .map(|c| c.notification.id.clone())
            .filter(|id| !sent.contains(id.as_str()))
            .collect();
        if !gone.is_empty() {
            store
                .drop_reminders(&who.party, &who.subject, &gone)
                .await?;
        }
    }
    let mut up_to: Option<&str> = None;
    let mut dealt_with = Vec::new();
    for n in &items {
        if n.kind == NotificationKind::Reminder {
            let state = cached
                .iter()
                .find(|c| c.notification.id == n.id)
                .map(|c| c.state);
            match state {
                Some(ReminderState::Dismissed | ReminderState::Started) => {
                    dealt_with.push(n.id.clone())
                }
                _ => break,
            }
        }
        up_to = Some(&n.cursor);
    }
    if let Some(cursor) = up_to {
        backend.ack_notifications(&who.token, cursor).await?;
        store
            .mark_reminders_acked(&who.party, &who.subject, &dealt_with)
            .await?;
        tracing::info!(reminders = dealt_with.len(), "notifications acknowledged");
    }
    if !added.is_empty() {
        tracing::info!(count = added.len(), "new reminders");
    }
    Ok(added)
}

/// The service's name: from the cached catalogue, else (online) from the backend.
async fn service_name(
    store: &Store,
    backend: &BackendClient,
    code: &str,
    online: bool,
) -> Option<LocalizedText> {
    match store.cached_service(code).await {
        Ok(Some(item)) => return Some(item.summary.name),
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "the catalogue cache could not be read"),
    }
    if !online {
        return None;
    }
    match backend.service(code).await {
        Ok(item) => Some(item.summary.name),
        Err(e) => {
            tracing::info!(service = %code, error = %e, "a reminder's service is not known");
            None
        }
    }
}

async fn view(
    store: &Store,
    backend: &BackendClient,
    n: &Notification,
    online: bool,
) -> ReminderView {
    let code = service_code(n).map(str::to_owned);
    let name = match &code {
        Some(code) => service_name(store, backend, code, online).await,
        None => None,
    };
    ReminderView {
        id: n.id.clone(),
        title: n.title.clone(),
        body: n.body.clone(),
        due_date: n.due_date.clone(),
        service_code: code,
        service_name: name,
        at: n.at.clone(),
    }
}

async fn views(
    store: &Store,
    backend: &BackendClient,
    due: &[Notification],
    online: bool,
) -> Vec<ReminderView> {
    let mut out = Vec::new();
    for n in due {
        out.push(view(store, backend, n, online).await);
    }
    out
}

/// One round: sync (offline or refused: the cache stands), then the new reminders that are due.
pub(crate) async fn refresh_reminders(
    store: &Store,
    backend: &BackendClient,
    party: &Mutex<String>,
) -> Result<Vec<ReminderView>, CoreError> {
    let Some(who) = who(backend, party) else {
        return Ok(Vec::new());
    };
    let added = match sync(store, backend, &who).await {
        Ok(added) => added,
        Err(e @ CoreError::Network(_)) => {
            tracing::info!(error = %e, "reminders not refreshed: the backend is unreachable");
            return Ok(Vec::new());
        }
        Err(CoreError::SignedOut(_)) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    let due: BTreeSet<String> = store
        .cached_reminders(&who.party, &who.subject)
        .await?
        .into_iter()
        .filter(|c| c.state == ReminderState::Due)
        .map(|c| c.notification.id)
        .collect();
    // Collected first: a borrowing filter here would not be `Send` for the watcher's task.
    let fresh: Vec<Notification> = added.into_iter().filter(|n| due.contains(&n.id)).collect();
    Ok(views(store, backend, &fresh, true).await)
}

impl Bianmin {
    /// The reminders due for the signed-in resident, oldest first: read from the backend (and
    /// what was dealt with acknowledged), the cache when it cannot be reached. Nobody signed in
    /// as a resident: none, and no error.
    pub async fn reminders(&self) -> Result<Vec<ReminderView>, CoreError> {
        let Some(who) = who(&self.backend, &self.party_handle()) else {
            return Ok(Vec::new());
        };
        let online = match sync(&self.store, &self.backend, &who).await {
            Ok(_) => true,
            // The session just ended: the resident is signed out (`signed_in` says why).
            Err(CoreError::SignedOut(_)) => return Ok(Vec::new()),
            Err(e) => {
                tracing::info!(error = %e, "reminders from the cache");
                false
            }
        };
        let cached = self
            .store
            .cached_reminders(&who.party, &who.subject)
            .await?;
        let due: Vec<Notification> = cached
            .into_iter()
            .filter(|c| c.state == ReminderState::Due)
            .map(|c| c.notification)
            .collect();
        Ok(views(&self.store, &self.backend, &due, online).await)
    }

    /// The resident dismissed a reminder: it is gone from Home for good (here at once; the
    /// backend is told now, or at the next round when offline). Answers the reminders still due.
    pub async fn dismiss_reminder(&self, id: &str) -> Result<Vec<ReminderView>, CoreError> {
        let who = self.reminder_owner()?;
        self.own_reminder(&who, id).await?;
        self.store
            .set_reminder_state(&who.party, &who.subject, id, ReminderState::Dismissed)
            .await?;
        tracing::info!(reminder = %id, "reminder dismissed");
        self.reminders().await
    }

    /// Starts the service a reminder names (as `start_application` does: a draft of it is
    /// resumed if one is open), and the reminder is done. Answers the draft.
    pub async fn start_reminder(&self, id: &str) -> Result<Draft, CoreError> {
        let who = self.reminder_owner()?;
        let reminder = self.own_reminder(&who, id).await?;
        let code = service_code(&reminder.notification)
            .ok_or_else(|| CoreError::NotFound(format!("the service of reminder {id}")))?
            .to_owned();
        let draft = self.start_application(&code).await?;
        self.store
            .set_reminder_state(&who.party, &who.subject, id, ReminderState::Started)
            .await?;
        tracing::info!(reminder = %id, service = %code, "reminder started");
        if let Err(e) = sync(&self.store, &self.backend, &who).await {
            tracing::info!(error = %e, "the backend is told of the started reminder later");
        }
        Ok(draft)
    }

    fn reminder_owner(&self) -> Result<Who, CoreError> {
        who(&self.backend, &self.party_handle()).ok_or_else(|| {
            CoreError::SignedOut(bianmin_api::Message::new(crate::session::SIGNED_OUT))
        })
    }

    async fn own_reminder(&self, who: &Who, id: &str) -> Result<CachedReminder, CoreError> {
        self.store
            .cached_reminders(&who.party, &who.subject)
            .await?
            .into_iter()
            .find(|c| c.notification.id == id)
            .ok_or_else(|| CoreError::NotFound(format!("reminder {id}")))
    }
}
