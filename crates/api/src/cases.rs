//! Following a case (办件): its append-only event feed, supplements (补正), withdrawal, and the
//! rating (好差评) shared by cases and 12345 requests.
//!
//! A case's feed carries no personal answers: only what happened, when, and the back office's
//! texts (the materials it asks for, a reason, a result), so reading it by case number reveals no
//! personal data.

use crate::{CaseStatus, FormRef, LocalizedText, QuestionnaireResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// One material (材料) the back office asks for in a `needs-material` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RequestedMaterial {
    /// The material code, as in the service item's `materials`.
    pub code: String,
    pub name: LocalizedText,
    /// Why it is needed, or what was wrong with the one given.
    pub reason: LocalizedText,
}

/// What happened to a case. The `kind` tag names it; some kinds carry details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum CaseEventDetail {
    /// 申报: the application arrived.
    Submitted,
    /// 受理: the department took the case on.
    Accepted,
    /// 补齐补正: more material is needed before the case can go on. Answer it with
    /// `POST /v1/applications/{caseNumber}/supplements`.
    #[serde(rename_all = "camelCase")]
    NeedsMaterial {
        materials: Vec<RequestedMaterial>,
        reason: LocalizedText,
        /// A form to answer with the supplement, when answers are needed as well as documents.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        supplement_form: Option<FormRef>,
    },
    /// The resident sent what was asked for.
    #[serde(rename_all = "camelCase")]
    Supplemented {
        /// The codes of the materials sent.
        material_codes: Vec<String>,
    },
    /// 不予受理 / 不予许可: the case ends without what was asked for.
    Rejected { reason: LocalizedText },
    /// 办理: the department is working on it.
    InProgress,
    /// 办结: finished, with its result.
    Done { result: LocalizedText },
    /// The resident withdrew the application.
    Withdrawn,
}

/// One event of a case's feed. `seq` starts at 1 and grows by one; events are never changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaseEvent {
    pub seq: u32,
    /// RFC 3339
    pub at: String,
    /// The status of the case after this event.
    pub status: CaseStatus,
    #[serde(flatten)]
    pub detail: CaseEventDetail,
}

/// `GET /v1/applications/{caseNumber}/events`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct CaseEventList {
    pub case_number: String,
    pub service_code: String,
    pub status: CaseStatus,
    /// Oldest first.
    pub items: Vec<CaseEvent>,
}

/// One uploaded document given for a requested material.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupplementUpload {
    pub material_code: String,
    /// The id of a completed upload (or an e-licence reference).
    pub upload_id: String,
}

/// `POST /v1/applications/{caseNumber}/supplements` (补正), with an `Idempotency-Key`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupplementRequest {
    /// Answers to the `supplementForm` of the `needs-material` event; required when it names one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<QuestionnaireResponse>,
    /// At least one upload for each requested material.
    #[serde(default)]
    pub uploads: Vec<SupplementUpload>,
}

/// `201 Created` for a supplement (or the replay of it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SupplementReceipt {
    pub case_number: String,
    pub status: CaseStatus,
    /// The `seq` of the `supplemented` event.
    pub seq: u32,
    /// RFC 3339
    pub at: String,
}

/// `POST /v1/applications/{caseNumber}/withdraw`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct WithdrawRequest {
    /// Why, in the resident's words (at most 500 characters). Kept for the department; never
    /// shown in the event feed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST .../rating` (好差评): five levels, 5 非常满意 … 1 非常不满意, and an optional comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct RatingRequest {
    /// 1 (very dissatisfied) to 5 (very satisfied). An integral float (`5.0`) is taken, as JSON
    /// Schema's `integer` allows.
    #[serde(deserialize_with = "crate::whole_u8")]
    #[schema(minimum = 1, maximum = 5)]
    pub level: u8,
    /// At most 500 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
}

/// A rating as recorded; a case or 12345 request has at most one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Rating {
    pub level: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    /// RFC 3339
    pub at: String,
}

/// The longest comment or free-text reason accepted, in characters.
pub const MAX_COMMENT_CHARS: usize = 500;
