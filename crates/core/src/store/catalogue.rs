//! The cached catalogue and form definitions.

use super::Store;
use crate::error::CoreError;
use bianmin_api::{LifeEvent, Questionnaire, ServiceItem};

const CATALOGUE_ETAG: &str = "catalogue-etag";
/// The life events as last fetched (JSON), for browsing offline.
const LIFE_EVENTS: &str = "life-events";

fn corrupt(e: serde_json::Error) -> CoreError {
    CoreError::Corrupt(e.to_string())
}

impl Store {
    /// Replaces the cached catalogue with what the backend sent, atomically.
    pub async fn replace_catalogue(
        &self,
        items: &[ServiceItem],
        etag: Option<&str>,
    ) -> Result<(), CoreError> {
        let mut tx = self.db.begin().await?;
        sqlx::query("DELETE FROM catalogue_cache")
            .execute(&mut *tx)
            .await?;
        for (position, item) in items.iter().enumerate() {
            sqlx::query("INSERT INTO catalogue_cache (code, position, body) VALUES (?, ?, ?)")
                .bind(&item.summary.code)
                .bind(position as i64)
                .bind(serde_json::to_string(item).map_err(corrupt)?)
                .execute(&mut *tx)
                .await?;
        }
        match etag {
            Some(etag) => {
                sqlx::query("INSERT OR REPLACE INTO cache_meta (name, value) VALUES (?, ?)")
                    .bind(CATALOGUE_ETAG)
                    .bind(etag)
                    .execute(&mut *tx)
                    .await?;
            }
            None => {
                sqlx::query("DELETE FROM cache_meta WHERE name = ?")
                    .bind(CATALOGUE_ETAG)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    /// Keeps the life events for browsing offline.
    pub async fn replace_life_events(&self, events: &[LifeEvent]) -> Result<(), CoreError> {
        sqlx::query("INSERT OR REPLACE INTO cache_meta (name, value) VALUES (?, ?)")
            .bind(LIFE_EVENTS)
            .bind(serde_json::to_string(events).map_err(corrupt)?)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// The life events as last fetched; none before the first fetch.
    pub async fn cached_life_events(&self) -> Result<Vec<LifeEvent>, CoreError> {
        let json: Option<String> =
            sqlx::query_scalar("SELECT value FROM cache_meta WHERE name = ?")
                .bind(LIFE_EVENTS)
                .fetch_optional(&self.db)
                .await?;
        match json {
            Some(json) => serde_json::from_str(&json).map_err(corrupt),
            None => Ok(Vec::new()),
        }
    }

    pub async fn catalogue_etag(&self) -> Result<Option<String>, CoreError> {
        Ok(
            sqlx::query_scalar("SELECT value FROM cache_meta WHERE name = ?")
                .bind(CATALOGUE_ETAG)
                .fetch_optional(&self.db)
                .await?,
        )
    }

    pub async fn cached_catalogue(&self) -> Result<Vec<ServiceItem>, CoreError> {
        let bodies: Vec<String> =
            sqlx::query_scalar("SELECT body FROM catalogue_cache ORDER BY position")
                .fetch_all(&self.db)
                .await?;
        bodies
            .iter()
            .map(|b| serde_json::from_str(b).map_err(corrupt))
            .collect()
    }

    pub async fn cached_service(&self, code: &str) -> Result<Option<ServiceItem>, CoreError> {
        let body: Option<String> =
            sqlx::query_scalar("SELECT body FROM catalogue_cache WHERE code = ?")
                .bind(code)
                .fetch_optional(&self.db)
                .await?;
        body.map(|b| serde_json::from_str(&b).map_err(corrupt))
            .transpose()
    }

    pub async fn cache_form(&self, form: &Questionnaire) -> Result<(), CoreError> {
        sqlx::query("INSERT OR IGNORE INTO form_cache (url, version, body) VALUES (?, ?, ?)")
            .bind(&form.url)
            .bind(&form.version)
            .bind(serde_json::to_string(form).map_err(corrupt)?)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    pub async fn cached_form(
        &self,
        url: &str,
        version: &str,
    ) -> Result<Option<Questionnaire>, CoreError> {
        let body: Option<String> =
            sqlx::query_scalar("SELECT body FROM form_cache WHERE url = ? AND version = ?")
                .bind(url)
                .bind(version)
                .fetch_optional(&self.db)
                .await?;
        body.map(|b| serde_json::from_str(&b).map_err(corrupt))
            .transpose()
    }
}
