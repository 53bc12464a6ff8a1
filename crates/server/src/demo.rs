//! The demo catalogue and forms of practice mode, loaded into an empty database.

use crate::ServerError;
use bianmin_api::{Questionnaire, ServiceCatalogue};
use bianmin_forms::FormDefinition;
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

const SERVICES: &str = include_str!("../demo/services.json");
const FORMS: &[(&str, &str)] = &[
    (
        "elderly-allowance",
        include_str!("../demo/forms/elderly-allowance.json"),
    ),
    (
        "disability-subsidy",
        include_str!("../demo/forms/disability-subsidy.json"),
    ),
    (
        "senior-card",
        include_str!("../demo/forms/senior-card.json"),
    ),
    (
        "pension-certification",
        include_str!("../demo/forms/pension-certification.json"),
    ),
];

pub(crate) async fn seed(db: &SqlitePool) -> Result<(), ServerError> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM services")
        .fetch_one(db)
        .await?;
    if count > 0 {
        return Ok(());
    }
    let catalogue: ServiceCatalogue =
        serde_json::from_str(SERVICES).map_err(|e| ServerError::DemoData(e.to_string()))?;
    let mut tx = db.begin().await?;
    for (position, item) in catalogue.items.iter().enumerate() {
        let body = serde_json::to_string(item).map_err(|e| ServerError::DemoData(e.to_string()))?;
        sqlx::query("INSERT INTO services (code, position, body) VALUES (?, ?, ?)")
            .bind(&item.summary.code)
            .bind(position as i64)
            .bind(body)
            .execute(&mut *tx)
            .await?;
    }
    for (id, text) in FORMS {
        let q: Questionnaire =
            serde_json::from_str(text).map_err(|e| ServerError::DemoData(format!("{id}: {e}")))?;
        // A demo form the app would refuse must never be published.
        FormDefinition::parse(&q).map_err(|e| ServerError::DemoData(format!("{id}: {e}")))?;
        let body = serde_json::to_string(&q).map_err(|e| ServerError::DemoData(e.to_string()))?;
        let sha = hex::encode(Sha256::digest(body.as_bytes()));
        sqlx::query(
            "INSERT INTO forms (id, version, url, sha256, status, body) VALUES (?, ?, ?, ?, 'active', ?)",
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
