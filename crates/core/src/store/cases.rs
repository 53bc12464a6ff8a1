//! The cases the app follows: each one's event feed as last fetched (so the timeline shows
//! offline), the last event the resident has been shown, and its rating.

use super::{now_rfc3339, Store};
use crate::error::CoreError;
use bianmin_api::{CaseEvent, CaseEventList, CaseStatus, Rating};
use std::collections::BTreeMap;

/// A case as cached.
#[derive(Debug, Clone)]
pub struct CachedCase {
    pub case_number: String,
    pub service_code: String,
    pub status: CaseStatus,
    pub refreshed_at: String,
    /// The last event the resident has been shown.
    pub seen_seq: u32,
    /// Oldest first.
    pub events: Vec<CaseEvent>,
    pub rating: Option<Rating>,
}

/// What the home page needs of a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseHeadline {
    pub status: CaseStatus,
    /// Events the resident has not been shown yet.
    pub unseen: u32,
}

fn rating_place(case_number: &str) -> String {
    format!("rating\u{0}{case_number}")
}

pub(crate) fn status_text(status: CaseStatus) -> Result<String, CoreError> {
    match serde_json::to_value(status) {
        Ok(serde_json::Value::String(s)) => Ok(s),
        _ => Err(CoreError::Corrupt("a case status has no name".to_owned())),
    }
}

fn parse_status(text: &str) -> Result<CaseStatus, CoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned()))
        .map_err(|e| CoreError::Corrupt(format!("case status {text}: {e}")))
}

fn to_u32(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

impl Store {
    /// Records the feed as the backend sent it: the status, and every event not cached yet, in
    /// one transaction. Returns the events that were new to this computer, oldest first. A case
    /// cached for the first time counts its `submitted` event (the resident's own act) as seen.
    pub async fn merge_case_events(
        &self,
        list: &CaseEventList,
    ) -> Result<Vec<CaseEvent>, CoreError> {
        let now = now_rfc3339();
        // The status after the last event, not the list's own field: the backend may read the two
        // apart while the case moves, and the events are what the resident is shown.
        let latest = list.items.last().map_or(list.status, |e| e.status);
        let status = status_text(latest)?;
        let mut tx = self.db.begin().await?;
        sqlx::query(
            "INSERT INTO case_cache (case_number, service_code, status, refreshed_at, seen_seq)
             VALUES (?, ?, ?, ?, 1)
             ON CONFLICT (case_number) DO UPDATE SET
               service_code = excluded.service_code, status = excluded.status,
               refreshed_at = excluded.refreshed_at",
        )
        .bind(&list.case_number)
        .bind(&list.service_code)
        .bind(&status)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
        let mut added = Vec::new();
        for event in &list.items {
            let body =
                serde_json::to_string(event).map_err(|e| CoreError::Corrupt(e.to_string()))?;
            let inserted = sqlx::query(
                "INSERT INTO case_event_cache (case_number, seq, body) VALUES (?, ?, ?)
                 ON CONFLICT (case_number, seq) DO NOTHING",
            )
            .bind(&list.case_number)
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

    pub async fn cached_case(&self, case_number: &str) -> Result<Option<CachedCase>, CoreError> {
        let row: Option<(String, String, String, i64, Option<String>)> = sqlx::query_as(
            "SELECT service_code, status, refreshed_at, seen_seq, rating FROM case_cache
             WHERE case_number = ?",
        )
        .bind(case_number)
        .fetch_optional(&self.db)
        .await?;
        let Some((service_code, status, refreshed_at, seen_seq, rating)) = row else {
            return Ok(None);
        };
        let bodies: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM case_event_cache WHERE case_number = ? ORDER BY seq",
        )
        .bind(case_number)
        .fetch_all(&self.db)
        .await?;
        let events = bodies
            .iter()
            .map(|b| serde_json::from_str(b).map_err(|e| CoreError::Corrupt(e.to_string())))
            .collect::<Result<Vec<CaseEvent>, _>>()?;
        let rating = match rating {
            Some(sealed) => {
                let plain = self.cipher.open(&rating_place(case_number), &sealed)?;
                Some(
                    serde_json::from_slice(&plain)
                        .map_err(|e| CoreError::Corrupt(e.to_string()))?,
                )
            }
            None => None,
        };
        Ok(Some(CachedCase {
            case_number: case_number.to_owned(),
            service_code,
            status: parse_status(&status)?,
            refreshed_at,
            seen_seq: to_u32(seen_seq),
            events,
            rating,
        }))
    }

    /// The resident has been shown the case up to event `seq`; never moves back.
    pub async fn mark_case_seen(&self, case_number: &str, seq: u32) -> Result<(), CoreError> {
        sqlx::query("UPDATE case_cache SET seen_seq = MAX(seen_seq, ?) WHERE case_number = ?")
            .bind(i64::from(seq))
            .bind(case_number)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// Keeps the case's rating (sealed: the comment is the resident's own words).
    pub async fn cache_rating(&self, case_number: &str, rating: &Rating) -> Result<(), CoreError> {
        let plain = serde_json::to_vec(rating).map_err(|e| CoreError::Corrupt(e.to_string()))?;
        let sealed = self.cipher.seal(&rating_place(case_number), &plain)?;
        sqlx::query("UPDATE case_cache SET rating = ? WHERE case_number = ?")
            .bind(sealed)
            .bind(case_number)
            .execute(&self.db)
            .await?;
        Ok(())
    }

    /// Each cached case's status and how many of its events are unseen, by case number.
    pub async fn case_headlines(&self) -> Result<BTreeMap<String, CaseHeadline>, CoreError> {
        let rows: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT c.case_number, c.status,
                    (SELECT COUNT(*) FROM case_event_cache e
                      WHERE e.case_number = c.case_number AND e.seq > c.seen_seq)
             FROM case_cache c",
        )
        .fetch_all(&self.db)
        .await?;
        rows.into_iter()
            .map(|(n, status, unseen)| {
                Ok((
                    n,
                    CaseHeadline {
                        status: parse_status(&status)?,
                        unseen: to_u32(unseen),
                    },
                ))
            })
            .collect()
    }

    /// The case numbers of every submitted application (not 12345 requests) and every cached case, with the cached
    /// status when there is one.
    pub async fn followed_cases(&self) -> Result<Vec<(String, Option<CaseStatus>)>, CoreError> {
        let rows: Vec<(String, Option<String>)> = sqlx::query_as(
            "SELECT n, (SELECT status FROM case_cache c WHERE c.case_number = n) FROM (
               SELECT case_number AS n FROM drafts d WHERE case_number IS NOT NULL
                 AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.draft_id = d.id AND o.kind = 'hotline')
               UNION SELECT case_number AS n FROM case_cache)
             ORDER BY n",
        )
        .fetch_all(&self.db)
        .await?;
        rows.into_iter()
            .map(|(n, s)| Ok((n, s.as_deref().map(parse_status).transpose()?)))
            .collect()
    }

    /// The id of the draft that became this case, if it was submitted from this computer.
    pub async fn draft_of_case(&self, case_number: &str) -> Result<Option<String>, CoreError> {
        Ok(sqlx::query_scalar(
            "SELECT id FROM drafts WHERE case_number = ? AND supplement_for IS NULL LIMIT 1",
        )
        .bind(case_number)
        .fetch_optional(&self.db)
        .await?)
    }
}
