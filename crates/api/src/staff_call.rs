//! Calling a member of staff from a kiosk (呼叫工作人员): the resident presses "Call staff" in
//! the help panel, the service hall's staff see the call with the kiosk's place, and the kiosk
//! is told when someone is on the way. A call is followed by its id, which is random and
//! unguessable; nobody is signed in for it.

use crate::LocalizedText;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The longest place name a kiosk may give, in characters.
pub const MAX_STAFF_CALL_PLACE_CHARS: usize = 100;

/// waiting → coming (a member of staff answered it), or cancelled by the kiosk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum StaffCallStatus {
    Waiting,
    Coming,
    Cancelled,
}

/// `POST /v1/staff-calls`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StaffCallRequest {
    /// Where the kiosk is, as the hall's staff know it (1–100 characters), e.g. "hall A, kiosk 3".
    #[schema(min_length = 1, max_length = 100)]
    pub place: String,
}

/// A call and where it stands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StaffCall {
    pub id: String,
    pub place: String,
    pub status: StaffCallStatus,
    /// RFC 3339.
    pub created_at: String,
    /// What the staff said when answering (e.g. who is coming), in both languages.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<LocalizedText>,
}
