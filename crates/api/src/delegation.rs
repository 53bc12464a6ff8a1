//! Delegations (亲友代办): a resident (the principal) authorises another resident (the agent)
//! to act for them, for some services or all, for a time, on evidence, with consent given in a
//! stated way. And the activity log in which the principal sees everything done for them.

use crate::Subject;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Which services a delegation covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum DelegationScope {
    /// Every service.
    All,
    /// Only these service codes (at least one).
    Services { services: Vec<String> },
}

impl DelegationScope {
    /// Whether the delegation covers the service with this code.
    pub fn covers(&self, service_code: &str) -> bool {
        match self {
            Self::All => true,
            Self::Services { services } => services.iter().any(|s| s == service_code),
        }
    }
}

/// How the principal gave consent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ConsentMethod {
    /// In person at a service centre, witnessed by the staff member who records the delegation.
    InPerson,
    /// A signed paper authorisation (授权委托书), recorded by staff with its scan as evidence.
    SignedPaper,
    /// Online, by the principal signed in themselves.
    Online,
}

/// The document that backs a delegation: a material code (e.g. `power-of-attorney`,
/// `household-register`) and, when it was uploaded, the upload's id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub material_code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub upload_id: Option<String>,
}

/// `POST /v1/delegations`. A resident creates one for themselves (`principalId` absent or their
/// own id; consent `online`); staff create one for a principal (`principalId` required; consent
/// `in-person` or `signed-paper`, the latter with evidence).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct NewDelegation {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_id: Option<String>,
    /// The resident id of the agent.
    pub agent_id: String,
    pub scope: DelegationScope,
    /// RFC 3339; absent means now.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<String>,
    /// RFC 3339, after `validFrom`, at most 5 years later.
    pub valid_to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    pub consent: ConsentMethod,
}

/// Where a delegation stands now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DelegationStatus {
    /// `validFrom` is still ahead.
    Pending,
    Active,
    Expired,
    Revoked,
}

/// A delegation as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Delegation {
    pub id: String,
    pub principal: Subject,
    pub agent: Subject,
    pub scope: DelegationScope,
    /// RFC 3339
    pub valid_from: String,
    /// RFC 3339
    pub valid_to: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    pub consent: ConsentMethod,
    /// The staff member who witnessed or recorded the consent, for `in-person` and `signed-paper`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub witnessed_by: Option<Subject>,
    pub status: DelegationStatus,
    /// RFC 3339
    pub created_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revoked_at: Option<String>,
}

/// `GET /v1/delegations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DelegationList {
    pub items: Vec<Delegation>,
}

/// The side of a delegation to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DelegationRole {
    /// Delegations the caller gave.
    Principal,
    /// Delegations the caller holds.
    Agent,
}

/// The query of `GET /v1/delegations`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DelegationQuery {
    /// `principal` (given) or `agent` (held); both when absent.
    #[serde(default)]
    pub role: Option<DelegationRole>,
}

/// Names the resident an application is made for, when it is not the caller
/// ([`crate::ApplicationRequest::on_behalf_of`]). A resident agent must name the delegation;
/// staff may act without one (recorded as "staff S for resident R").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OnBehalfOf {
    pub resident_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegation_id: Option<String>,
}

/// What was done.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ActivityAction {
    /// An application was submitted for the resident.
    ApplicationSubmitted,
    /// A delegation of the resident was created (by staff, or by the resident).
    DelegationCreated,
    /// A delegation of the resident was revoked.
    DelegationRevoked,
}

/// One thing done for a resident by someone else, or to their delegations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ActivityEntry {
    pub id: i64,
    /// RFC 3339
    pub at: String,
    pub action: ActivityAction,
    /// Who did it.
    pub actor: Subject,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delegation_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_code: Option<String>,
}

/// `GET /v1/activity`: newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ActivityList {
    pub items: Vec<ActivityEntry>,
}
