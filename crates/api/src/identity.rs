//! Who is signed in, and what the government already knows of them.
//!
//! Sign-in: residents with a mobile number and a one-time code (`/v1/sign-in/otp`,
//! `/v1/sign-in/otp/verify`), staff of a community service centre with a staff id and password
//! (`/v1/sign-in/staff`), kiosk devices with a registration code (`/v1/devices`). Each returns an
//! opaque bearer token ([`SignedIn`]). Profile and e-licences (`/v1/profile`, `/v1/e-licences`)
//! are what forms are prefilled from: the keys of [`Profile::prefill`] are the codes form items
//! name in their `prefill` extension.

use crate::LocalizedText;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// `POST /v1/sign-in/otp`: send a one-time code to this mobile number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OtpRequest {
    /// A mainland mobile number: 11 digits starting with 1 (spaces, dashes, `+86` allowed).
    pub mobile: String,
}

/// The answer to [`OtpRequest`]: the challenge to answer with the code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OtpChallenge {
    pub challenge_id: String,
    /// RFC 3339; the code is refused after this.
    pub expires_at: String,
    /// How many digits the code has.
    pub length: u8,
    /// The code itself, only from a backend running in practice mode, so that the app can show
    /// it on screen. A real backend sends it by SMS (or a voice call) and never returns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice_code: Option<String>,
}

/// `POST /v1/sign-in/otp/verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct OtpVerify {
    pub challenge_id: String,
    /// The code as typed or pasted; spaces are ignored.
    pub code: String,
}

/// `POST /v1/sign-in/staff`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct StaffSignIn {
    pub staff_id: String,
    pub password: String,
}

/// `POST /v1/devices`: register a kiosk device with the code its service centre was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DeviceRegistration {
    pub device_id: String,
    pub registration_code: String,
}

/// Who a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum SubjectKind {
    Resident,
    Staff,
    Kiosk,
}

/// The party a session belongs to (or that acted in an activity record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Subject {
    pub kind: SubjectKind,
    /// The resident id, staff id or kiosk device id.
    pub id: String,
    /// The name to show ("acting as …"); empty for a resident whose name is not known yet.
    pub name: String,
}

/// A new session: the bearer token to send as `Authorization: Bearer <token>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct SignedIn {
    pub token: String,
    /// RFC 3339; after it the token is refused with `session-expired`.
    pub expires_at: String,
    pub subject: Subject,
}

/// `GET /v1/me`: the signed-in party and when the session ends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub subject: Subject,
    /// RFC 3339
    pub expires_at: String,
}

/// A disability certificate (残疾人证).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct DisabilityCertificate {
    pub number: String,
    /// 1 (most severe) to 4.
    pub level: u8,
    /// visual, hearing, speech, physical, intellectual, mental, multiple
    pub category: String,
}

/// `GET /v1/profile`: what the government already holds about the signed-in resident. Every
/// field but `residentId` may be absent (a resident who just registered by mobile number has
/// only `mobile`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Profile {
    pub resident_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The resident ID number (GB 11643).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mobile: Option<String>,
    /// YYYY-MM-DD
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub birth_date: Option<String>,
    /// `female` or `male`
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<String>,
    /// Where the resident lives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub address: Option<String>,
    /// The address of the household registration (户籍地址).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub household_registration: Option<String>,
    /// `urban` (城镇) or `rural` (农村)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hukou_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disability_certificate: Option<DisabilityCertificate>,
    /// The last four digits of the bank or social security card that receives payments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bank_card_last4: Option<String>,
    /// The prefill values by prefill code, exactly the codes form items name in their `prefill`
    /// extension (`name`, `idNumber`, `mobile`, `address`, `birthDate`, `gender`,
    /// `householdRegistration`, `hukouType`, `disabilityCertificateNumber`,
    /// `disabilityLevel`, `bankCardLast4`): only the ones known are present. Values are
    /// canonical answer texts.
    pub prefill: BTreeMap<String, String>,
}

/// An electronic licence (电子证照) the government issued to the resident; a material it
/// covers need not be uploaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ELicence {
    /// The licence type code, as in a material's accepted e-licence types (e.g. `resident-id-card`).
    pub type_code: String,
    pub name: LocalizedText,
    pub number: String,
    pub issued_by: LocalizedText,
    /// YYYY-MM-DD; absent for a licence valid for life.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
}

/// `GET /v1/e-licences`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ELicenceList {
    pub items: Vec<ELicence>,
}
