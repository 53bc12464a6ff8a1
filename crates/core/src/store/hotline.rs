//! The 12345 requests the app follows: each one's event feed as last fetched (so the timeline
//! shows offline), the last event the resident has been shown, and its rating. The same shape
//! and rules as `cases.rs` (append-only per event, `seen_seq` never moves back, the rating sealed).

use super::{now_rfc3339, Store};
use crate::error::CoreError;
use bianmin_api::{HotlineEvent, HotlineStatus, Rating};
use std::collections::BTreeMap;

/// A 12345 request as cached.
#[derive(Debug, Clone)]
pub struct CachedHotline {
    pub id: String,
    pub status: HotlineStatus,
    pub refreshed_at: String,
    /// The last event the resident has been shown.
    pub seen_seq: u32,
    /// Oldest first.
    pub events: Vec<HotlineEvent>,
    pub rating: Option<Rating>,
}

fn rating_place(id: &str) -> String {
    format!("hotline-rating\u{0}{id}")
}

fn status_text(status: HotlineStatus) -> Result<String, CoreError> {
    match serde_json::to_value(status) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        _ => Err(CoreError::Corrupt("a 12345 status has no name".to_owned())),
    }
}

fn parse_status(text: &str) -> Result<HotlineStatus, CoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| CoreError::Corrupt(format!("12345 status {text}: {e}")))
}

impl Store {
    /// Records the feed as the backend sent it, in one transaction; returns the events new to
    /// this computer. A request cached for the first time counts its first event (the resident's
    /// own act of raising it) as seen.
    pub async fn merge_hotline_events(
        &self,
        id: &str,
        events: &[HotlineEvent],
        status: HotlineStatus,
    ) -> Result<Vec<HotlineEvent>, CoreError> {
        let latest = events.last().map_or(status, |e| e.status);
        let now = now_rfc3339();
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "INSERT INTO hotline_cache (id, status, refreshed_at, seen_seq) VALUES (?, ?, ?, 1)
             ON CONFLICT (id) DO UPDATE SET status = excluded.status,
               refreshed_at = excluded.refreshed_at",
        )
        .bind(id)
        .bind(status_text(latest)?)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let mut added = Vec::new();
        for event in events {
            let body =
                serde_json::to_string(event).map_err(|e| CoreError::Corrupt(e.to_string()))?;
            let inserted = sqlx::query(
                "INSERT INTO hotline_event_cache (id, seq, body) VALUES (?, ?, ?)
                 ON CONFLICT (id, seq) DO NOTHING",
            )
            .bind(id)
            .bind(i64::from(event.seq))
            .bind(body)
            .execute(&mut *tx)
            .await?;
            if inserted.rows_affected() > 0 {
                added.push(event.clone());
            }
        }
        tx.commit().await?;
        Ok(added)
    }

    pub async fn cached_hotline(&self, id: &str) -> Result<Option<CachedHotline>, CoreError> {
        let row: Option<(String, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT status, refreshed_at, seen_seq, rating FROM hotline_cache WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.db)
        .await?;
        let Some((status, refreshed_at, seen_seq, rating)) = row else {
            return Ok(None);
        };
        let bodies: Vec<String> =
            sqlx::query_scalar("SELECT body FROM hotline_event_cache WHERE id = ? ORDER BY seq")
                .bind(id)
                .fetch_all(&self.db)
                .await?;
        let events = bodies
            .iter()
            .map(|b| serde_json::from_str(b).map_err(|e| CoreError::Corrupt(e.to_string())))
            .collect::<Result<Vec<HotlineEvent>, _>>()?;
        let rating = match rating {
            Some(sealed) => {
                let plain = self.cipher.open(&rating_place(id), &sealed)?;
                Some(
                    serde_json::from_slice(&plain)
                        .map_err(|e| CoreError::Corrupt(e.to_string()))?,
                )
            }
            None => None,
        };
        Ok(Some(CachedHotline {
            id: id.to_owned(),
            status: parse_status(&status)?,
            refreshed_at,
            seen_seq: u32::try_from(seen_seq).unwrap_or(0),
            events,
            rating,
        }))
    }

    /// The resident has been shown the request up to event `seq`; never moves back.
    pub async fn mark_hotline_seen(&self, id: &str, seq: u32) -> Result<(), CoreError> {
        sqlx::query("UPDATE hotline_cache SET seen_seq = MAX(seen_seq, ?) WHERE id = ?")
            .bind(i64::from(seq))
            .bind(id)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// Keeps the request's rating (sealed: the comment is the resident's own words).
    pub async fn cache_hotline_rating(&self, id: &str, rating: &Rating) -> Result<(), CoreError> {
        let plain = serde_json::to_vec(rating).map_err(|e| CoreError::Corrupt(e.to_string()))?;
        let sealed = self.cipher.seal(&rating_place(id), &plain)?;
        sqlx::query("UPDATE hotline_cache SET rating = ? WHERE id = ?")
            .bind(sealed)
            .bind(id)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// Each cached request's status and how many of its events are unseen, by id.
    pub async fn hotline_headlines(
        &self,
    ) -> Result<BTreeMap<String, (HotlineStatus, u32)>, CoreError> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT c.id, c.status,
                    (SELECT COUNT(*) FROM hotline_event_cache e WHERE e.id = c.id AND e.seq > c.seen_seq)
             FROM hotline_cache c",
        )
        .fetch_all(&self.db)
        .await?;
        rows.into_iter()
            .map(|(id, status, unseen)| {
                Ok((
                    id,
                    (parse_status(&status)?, u32::try_from(unseen).unwrap_or(0)),
                ))
            })
            .collect()
    }

    /// The ids of the 12345 requests sent from this computer, with the cached status when there
    /// is one.
    pub async fn followed_hotline(
        &self,
    ) -> Result<Vec<(String, Option<HotlineStatus>)>, CoreError> {
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT o.case_number, (SELECT status FROM hotline_cache c WHERE c.id = o.case_number)
             FROM outbox o WHERE o.kind = 'hotline' AND o.case_number IS NOT NULL
             ORDER BY o.case_number",
        )
        .fetch_all(&self.db)
        .await?;
        rows.into_iter()
            .map(|(id, s)| Ok((id, s.as_deref().map(parse_status).transpose()?)))
            .collect()
    }

    /// The draft a 12345 request was raised from, if it was raised on this computer.
    pub async fn draft_of_hotline(&self, id: &str) -> Result<Option<String>, CoreError> {
        Ok(sqlx::query_scalar(
            "SELECT draft_id FROM outbox WHERE kind = 'hotline' AND case_number = ? LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&self.db)
        .await?)
    }
}
