//! The signed-in resident's notifications feed: case and 12345 events, and proactive reminders
//! (未诉先办), read with a cursor and acknowledged up to a cursor.

use crate::LocalizedText;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// What a notification is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum NotificationKind {
    /// Something happened to one of the resident's cases (`caseNumber`).
    CaseEvent,
    /// Something happened to one of the resident's 12345 requests (`hotlineId`).
    HotlineEvent,
    /// 未诉先办: something is due; the action starts the service that does it.
    Reminder,
}

/// The proactive reminders the backend raises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ReminderKind {
    /// 养老金领取资格认证: the yearly check is due.
    PensionQualificationCheck,
    /// The resident ID card expires within 90 days.
    IdCardExpiring,
    /// The resident turns 80: the old-age allowance (高龄津贴) can be claimed.
    #[serde(rename = "turning-80")]
    Turning80,
}

/// The one thing the app offers to do with a notification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum NotificationAction {
    /// Start the service with this code (its form, from the catalogue).
    #[serde(rename_all = "camelCase")]
    StartService { service_code: String },
    /// Open the case's timeline.
    #[serde(rename_all = "camelCase")]
    OpenCase { case_number: String },
    /// Open the 12345 request.
    #[serde(rename_all = "camelCase")]
    OpenHotlineRequest { hotline_id: String },
}

/// One notification. `cursor` orders the feed; pass it as `after` or `upTo`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Notification {
    pub id: String,
    /// Opaque; later notifications have later cursors.
    pub cursor: String,
    /// RFC 3339
    pub at: String,
    pub kind: NotificationKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotline_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reminder: Option<ReminderKind>,
    /// `YYYY-MM-DD`, reminders only: when the check is due, the card expires, or the resident
    /// turns 80 (also written in `body`, for clients that show only the text).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<String>,
    pub title: LocalizedText,
    pub body: LocalizedText,
    pub action: NotificationAction,
}

/// `GET /v1/notifications` query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// Only notifications after this cursor. Without it: those after the acknowledged cursor,
    /// so unacknowledged ones come back until acknowledged.
    #[param(pattern = "^[0-9]{1,18}$")]
    #[schema(pattern = "^[0-9]{1,18}$")]
    pub after: Option<String>,
    /// At most this many (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    #[schema(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
}

/// `GET /v1/notifications`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NotificationPage {
    /// Oldest first.
    pub items: Vec<Notification>,
    /// The cursor to read on from (the last item's, or the one read after when empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// Everything up to this cursor is acknowledged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acked_up_to: Option<String>,
    /// Whether more items follow `nextCursor` now.
    pub more: bool,
}

/// `POST /v1/notifications/ack`: everything up to and including `upTo` has been shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AckRequest {
    pub up_to: String,
}

/// The answer to an ack: the acknowledged cursor (it never moves back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AckResult {
    pub acked_up_to: String,
}
