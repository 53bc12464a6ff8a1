//! The service catalogue: service items (政务服务事项) and the form each one uses.

use crate::LocalizedText;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::{IntoParams, ToSchema};

/// One service item as listed in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServiceSummary {
    /// The implementation code of the service item, stable across versions.
    pub code: String,
    pub name: LocalizedText,
    pub department: LocalizedText,
    /// One plain-language sentence saying who it is for.
    pub summary: LocalizedText,
}

/// `GET /v1/services`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ServiceCatalogue {
    pub items: Vec<ServiceItem>,
}

/// A service item with what it takes to apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ServiceItem {
    #[serde(flatten)]
    pub summary: ServiceSummary,
    /// Working days the department promises (承诺时限).
    pub promised_days: u32,
    /// Working days the law allows (法定时限).
    pub legal_days: u32,
    pub form: FormRef,
    /// The code of the department in `GET /v1/departments`.
    #[serde(default)]
    pub department_code: String,
    /// Codes of the life events (`GET /v1/life-events`) this service belongs to.
    #[serde(default)]
    pub life_events: Vec<String>,
    /// The name in pinyin, for search by typing pinyin or its initials.
    #[serde(default)]
    pub pinyin: Pinyin,
    /// Plain-language names people use for it (老年证 for 老年人优待证), for search.
    #[serde(default)]
    pub synonyms: Vec<String>,
    /// The documents (材料) it needs.
    #[serde(default)]
    pub materials: Vec<Material>,
}

/// A name in pinyin without tones or spaces: `gaolingjintie`, and its initials `gljt`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct Pinyin {
    pub full: String,
    pub initials: String,
}

/// A document (材料) a service needs, and the ways it may be provided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Material {
    pub code: String,
    pub name: LocalizedText,
    pub required: bool,
    /// Types of electronic licence (电子证照) accepted instead of an upload, e.g. `resident-id-card`.
    #[serde(default)]
    pub accepted_e_licences: Vec<String>,
    /// The government fetches it itself through data sharing (免提交): nothing to provide.
    #[serde(default)]
    pub fetched_by_government: bool,
}

/// `GET /v1/services` filters; both optional, combined with AND.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, IntoParams)]
#[serde(rename_all = "camelCase")]
#[into_params(parameter_in = Query)]
pub struct ServiceFilter {
    /// Only services of this life event code.
    pub life_event: Option<String>,
    /// Only services of this department code.
    pub department: Option<String>,
}

/// A life event (人生事件) services are grouped by: turning 80, retiring, a death in the family…
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LifeEvent {
    pub code: String,
    pub name: LocalizedText,
    pub summary: LocalizedText,
}

/// `GET /v1/life-events`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LifeEventList {
    pub items: Vec<LifeEvent>,
}

/// A department that provides services.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Department {
    pub code: String,
    pub name: LocalizedText,
}

/// `GET /v1/departments`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DepartmentList {
    pub items: Vec<Department>,
}

/// A life-event bundle (一件事): several services run as one journey, each shared question
/// asked once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Bundle {
    pub code: String,
    pub life_event: String,
    pub name: LocalizedText,
    pub summary: LocalizedText,
    /// The services, in the order the journey runs them.
    pub service_codes: Vec<String>,
    /// linkIds asked once and answered for every service of the bundle; each is in every
    /// service's form.
    pub shared_questions: Vec<String>,
}

/// `GET /v1/bundles`
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BundleList {
    pub items: Vec<Bundle>,
}

/// `GET /v1/bundles/{code}`: the bundle with its services in full.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct BundleDetail {
    #[serde(flatten)]
    pub bundle: Bundle,
    pub services: Vec<ServiceItem>,
}

/// Where a form definition lives: `GET /v1/forms/{id}/{version}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct FormRef {
    pub id: String,
    /// The canonical url of the Questionnaire.
    pub url: String,
    pub version: String,
}
