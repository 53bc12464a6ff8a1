//! Finding a service in the words a resident uses, offline: the cached catalogue indexed by
//! `bianmin-search` (characters, pinyin, initials, synonyms, one typo). The index is built once per
//! catalogue version, not per keystroke.

use bianmin_api::{ServiceItem, ServiceSummary};
use bianmin_search::{Entry, SearchIndex};
use std::sync::{Arc, Mutex};

/// Most results a search returns: a list a screen-reader user can walk.
pub const MAX_RESULTS: usize = 20;

#[derive(Default)]
pub struct CatalogueSearch {
    /// The catalogue version (its ETag, or its codes) and its index.
    cached: Mutex<Option<(String, Arc<SearchIndex>)>>,
}

impl CatalogueSearch {
    /// The services matching `query`, best first. `version` identifies the catalogue `items` is.
    pub fn search(
        &self,
        version: Option<&str>,
        items: &[ServiceItem],
        query: &str,
    ) -> Vec<ServiceSummary> {
        let key = version.map(str::to_owned).unwrap_or_else(|| {
            items
                .iter()
                .map(|i| i.summary.code.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        });
        let index = self.index(key, items);
        index
            .search(query, MAX_RESULTS)
            .into_iter()
            .filter_map(|hit| {
                items
                    .iter()
                    .find(|i| i.summary.code == hit.code)
                    .map(|i| i.summary.clone())
            })
            .collect()
    }

    fn index(&self, key: String, items: &[ServiceItem]) -> Arc<SearchIndex> {
        // A poisoned lock only loses the cache: the index is rebuilt.
        let mut cached = self.cached.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((k, index)) = cached.as_ref() {
            if *k == key {
                return Arc::clone(index);
            }
        }
        let index = Arc::new(SearchIndex::new(items.iter().map(entry)));
        *cached = Some((key, Arc::clone(&index)));
        index
    }
}

fn entry(item: &ServiceItem) -> Entry {
    Entry {
        code: item.summary.code.clone(),
        name_zh: item.summary.name.zh_cn.clone(),
        name_en: item.summary.name.en_us.clone(),
        synonyms: item.synonyms.clone(),
        department_zh: item.summary.department.zh_cn.clone(),
        department_en: item.summary.department.en_us.clone(),
        summary_zh: item.summary.summary.zh_cn.clone(),
        life_events: item.life_events.clone(),
    }
}
