//! The demo catalogue and forms of practice mode, loaded into the database at every open: the
//! catalogue is replaced by the demo one; forms are added, never changed (versions are immutable).

use crate::ServerError;
use bianmin_api::{Bundle, Department, LifeEvent, Questionnaire, ServiceCatalogue};
use bianmin_forms::FormDefinition;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

/// Which demo catalogue a server publishes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum DemoCatalogue {
    /// The first four services (old-age allowance, disability subsidies, senior card, pension
    /// check) and no bundles: what [`crate::spawn`] and [`crate::spawn_with`] have always served,
    /// kept so that clients' tests written against it keep their numbers.
    #[default]
    Basic,
    /// Every demo service (sixty) across the life events, with the bundles.
    Full,
    /// No demo data at all: the database is only migrated, and what it holds is left as it is
    /// (`bianmin-server --seed off`).
    Off,
}

const BASIC_SERVICES: usize = 4;
const SERVICES: &str = include_str!("../demo/services.json");
const CATALOGUE: &str = include_str!("../demo/catalogue.json");

macro_rules! forms {
    ($($id:literal),* $(,)?) => {
        &[$(($id, include_str!(concat!("../demo/forms/", $id, ".json")))),*]
    };
}

pub(crate) const FORMS: &[(&str, &str)] = forms![
    "elderly-allowance",
    "disability-subsidy",
    "senior-card",
    "pension-certification",
    "disability-certificate",
    "accessibility-adaptation",
    "pension-claim",
    "resident-medical-insurance",
    "medical-care-elsewhere",
    "residence-permit",
    "household-transfer",
    "funeral-subsidy",
    "survivor-pension",
    "death-registration",
    "minimum-living-allowance",
    "temporary-assistance",
    "citizen-request",
    "general-application",
];

/// Later versions of hand-written forms (`demo/form-versions/<id>-<version>.json`), published
/// after the one in `demo/forms/`, so the services name them while the earlier version, which
/// tests and databases seeded before still answer, stays published and unchanged.
/// elderly-allowance 1.0.1: the same questions, prefilled from the profile (once-only).
/// citizen-request 1.1.0: the questions of a 12345 request as the app sends it
/// (`bianmin_api::hotline_form`): where is always asked (the contract needs it), at most 3
/// photos, the five kinds and anonymity in plain words, no questions the request has no place
/// for (the day, the name).
pub(crate) const LATER_VERSIONS: &[(&str, &str)] = &[
    (
        "elderly-allowance",
        include_str!("../demo/form-versions/elderly-allowance-1.0.1.json"),
    ),
    (
        "citizen-request",
        include_str!("../demo/form-versions/citizen-request-1.1.0.json"),
    ),
];

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Catalogue {
    life_events: Vec<LifeEvent>,
    departments: Vec<Department>,
    bundles: Vec<Bundle>,
}

fn demo_error(what: &str, e: impl std::fmt::Display) -> ServerError {
    ServerError::DemoData(format!("{what}: {e}"))
}

pub(crate) async fn seed(db: &SqlitePool, which: DemoCatalogue) -> Result<(), ServerError> {
    if which == DemoCatalogue::Off {
        return Ok(());
    }
    let mut services: ServiceCatalogue =
        serde_json::from_str(SERVICES).map_err(|e| demo_error("services.json", e))?;
    let catalogue: Catalogue =
        serde_json::from_str(CATALOGUE).map_err(|e| demo_error("catalogue.json", e))?;
    if which == DemoCatalogue::Basic {
        services.items.truncate(BASIC_SERVICES);
    }
    let published = |code: &str| services.items.iter().any(|s| s.summary.code == code);
    let bundles: Vec<&Bundle> = catalogue
        .bundles
        .iter()
        .filter(|b| b.service_codes.iter().all(|c| published(c)))
        .collect();

    let mut tx = db.begin().await?;
    for table in ["services", "life_events", "departments", "bundles"] {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&mut *tx)
            .await?;
    }
    for (position, item) in services.items.iter().enumerate() {
        let body = serde_json::to_string(item).map_err(|e| demo_error("service", e))?;
        sqlx::query("INSERT INTO services (code, position, body) VALUES (?, ?, ?)")
            .bind(&item.summary.code)
            .bind(position as i64)
            .bind(body)
            .execute(&mut *tx)
            .await?;
    }
    let rows = catalogue
        .life_events
        .iter()
        .map(|e| ("life_events", e.code.as_str(), serde_json::to_string(e)))
        .chain(
            catalogue
                .departments
                .iter()
                .map(|d| ("departments", d.code.as_str(), serde_json::to_string(d))),
        )
        .chain(
            bundles
                .iter()
                .map(|b| ("bundles", b.code.as_str(), serde_json::to_string(b))),
        );
    for (position, (table, code, body)) in rows.enumerate() {
        let body = body.map_err(|e| demo_error(table, e))?;
        sqlx::query(&format!(
            "INSERT INTO {table} (code, position, body) VALUES (?, ?, ?)"
        ))
        .bind(code)
        .bind(position as i64)
        .bind(body)
        .execute(&mut *tx)
        .await?;
    }
    for (id, text) in FORMS.iter().chain(LATER_VERSIONS) {
        let q: Questionnaire = serde_json::from_str(text).map_err(|e| demo_error(id, e))?;
        // A demo form the app would refuse must never be published.
        FormDefinition::parse(&q).map_err(|e| demo_error(id, e))?;
        let body = serde_json::to_string(&q).map_err(|e| demo_error(id, e))?;
        let sha = hex::encode(Sha256::digest(body.as_bytes()));
        sqlx::query(
            "INSERT INTO forms (id, version, url, sha256, status, body) VALUES (?, ?, ?, ?, 'active', ?)
             ON CONFLICT (id, version) DO NOTHING",
        )
        .bind(id)
        .bind(&q.version)
        .bind(&q.url)
        .bind(sha)
        .bind(body)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
