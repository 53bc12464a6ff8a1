//! Applications (申报): `POST /v1/applications` with an `Idempotency-Key`, and the receipt that
//! names the case (办件) the backend opened.

use crate::{FormRef, OnBehalfOf, QuestionnaireResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationRequest {
    pub service_code: String,
    pub form: FormRef,
    pub response: QuestionnaireResponse,
    /// The resident this application is made for, when the caller acts for someone else
    /// (亲友代办 under a delegation, or 帮办代办 by staff). Absent: for the caller themselves, or
    /// anonymously when no one is signed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_behalf_of: Option<OnBehalfOf>,
}

/// The lifecycle of a case: 申报 submitted → 受理 accepted / 不予受理 rejected / 补齐补正 needs
/// more → 办理 in progress → 办结 done. A case that needs more becomes `supplemented` when the
/// resident answers (补正), and any case not yet done or rejected may be `withdrawn`.
/// Clients must treat a status they do not know as "in progress": states are only ever added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum CaseStatus {
    Submitted,
    Accepted,
    Rejected,
    NeedsMore,
    InProgress,
    Done,
    /// The resident sent the material asked for; the department reviews it.
    Supplemented,
    /// The resident withdrew the application.
    Withdrawn,
}

/// `201 Created` (or the replay of it) for an application.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationReceipt {
    pub case_number: String,
    pub status: CaseStatus,
    /// RFC 3339
    pub submitted_at: String,
    pub promised_days: u32,
}
