//! The service catalogue: service items (政务服务事项) and the form each one uses.

use crate::LocalizedText;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

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
