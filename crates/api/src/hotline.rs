//! 12345 hotline requests (接诉即办): raised from the app, followed through dispatch, handling,
//! reply, closing and the follow-up visit, then rated.

use crate::LocalizedText;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What kind of request it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum HotlineType {
    /// 咨询
    Consultation,
    /// 求助
    Help,
    /// 投诉
    Complaint,
    /// 举报
    Report,
    /// 建议
    Suggestion,
}

/// 受理 accepted → 派单 dispatched → 办理 handled → 回复 replied → 办结 closed → 回访
/// follow-up-visit → 评价 rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum HotlineStatus {
    Accepted,
    Dispatched,
    Handled,
    Replied,
    Closed,
    FollowUpVisit,
    Rated,
}

/// `POST /v1/hotline-requests`, with an `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HotlineSubmission {
    #[serde(rename = "type")]
    pub kind: HotlineType,
    /// What happened, in the resident's words (1–2000 characters).
    pub description: String,
    /// Where, as a text address (at most 200 characters).
    pub location: String,
    /// Up to 3 upload ids of photos.
    #[serde(default)]
    pub photos: Vec<String>,
    /// Anonymous: the departments are not told who raised it, and nobody calls back.
    pub anonymous: bool,
    /// A mobile number to call back; required unless anonymous.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_mobile: Option<String>,
}

/// `201 Created` for a 12345 request (or the replay of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HotlineReceipt {
    /// Unguessable: with no sign-in, knowing it is what lets one follow the request.
    pub id: String,
    pub status: HotlineStatus,
    /// RFC 3339
    pub created_at: String,
}

/// One step of a 12345 request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HotlineEvent {
    pub seq: u32,
    /// RFC 3339
    pub at: String,
    /// The status this event moved the request to.
    pub status: HotlineStatus,
    /// What the hotline or the department says (the department handling it, the reply, ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<LocalizedText>,
}

/// `GET /v1/hotline-requests/{id}`: the request as raised, and its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HotlineRequestDetail {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: HotlineType,
    pub description: String,
    pub location: String,
    pub photos: Vec<String>,
    pub anonymous: bool,
    /// Masked (`138****8000`): the full number is never sent back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact_mobile: Option<String>,
    pub status: HotlineStatus,
    /// RFC 3339
    pub created_at: String,
    /// Oldest first.
    pub events: Vec<HotlineEvent>,
}

/// One line of `GET /v1/hotline-requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct HotlineSummary {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: HotlineType,
    pub status: HotlineStatus,
    /// RFC 3339
    pub created_at: String,
}

/// `GET /v1/hotline-requests`: the signed-in resident's requests, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct HotlineList {
    pub items: Vec<HotlineSummary>,
}

/// At most this many photos per request.
pub const MAX_HOTLINE_PHOTOS: usize = 3;

/// The 12345 request as the app asks it: the questions of this form (one per page, with the
/// form engine's drafts, checks and attachments), sent as a [`HotlineSubmission`] to
/// `POST /v1/hotline-requests` rather than as an application. A backend that publishes the
/// form names its questions by these linkIds.
pub mod hotline_form {
    /// The form's id (`FormRef::id`); a draft of any service that uses it is a 12345 request.
    pub const FORM_ID: &str = "citizen-request";
    /// The service the app's "12345 request" entry starts.
    pub const SERVICE_CODE: &str = "citizen-request";
    /// A choice whose codes are [`super::HotlineType`]'s names.
    pub const TYPE: &str = "request-type";
    pub const DESCRIPTION: &str = "description";
    pub const LOCATION: &str = "location";
    /// Photos (attachments), at most [`super::MAX_HOTLINE_PHOTOS`].
    pub const PHOTOS: &str = "scene-photos";
    pub const ANONYMOUS: &str = "anonymous";
    pub const CONTACT_MOBILE: &str = "contact-mobile";
}
