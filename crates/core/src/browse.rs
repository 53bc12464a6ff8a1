//! Browsing the catalogue: services grouped by life event and by department, for residents who
//! know their situation ("I turned 80") or the office, rather than the name of the service.

use crate::view::ServiceGroup;
use bianmin_api::{LifeEvent, ServiceItem};

/// The life events that have at least one service, in the backend's order, each with its
/// services in catalogue order. A service naming an unknown life event is listed only by
/// department: a name is needed to show the group.
pub fn by_life_event(items: &[ServiceItem], events: &[LifeEvent]) -> Vec<ServiceGroup> {
    events
        .iter()
        .map(|event| ServiceGroup {
            code: event.code.clone(),
            name: event.name.clone(),
            services: items
                .iter()
                .filter(|i| i.life_events.contains(&event.code))
                .map(|i| i.summary.code.clone())
                .collect(),
        })
        .filter(|g| !g.services.is_empty())
        .collect()
}

/// The departments in the order each first appears in the catalogue. Services without a
/// department code are grouped by their department's Chinese name.
pub fn by_department(items: &[ServiceItem]) -> Vec<ServiceGroup> {
    let mut groups: Vec<ServiceGroup> = Vec::new();
    for item in items {
        let code = if item.department_code.is_empty() {
            item.summary.department.zh_cn.clone()
        } else {
            item.department_code.clone()
        };
        match groups.iter_mut().find(|g| g.code == code) {
            Some(group) => group.services.push(item.summary.code.clone()),
            None => groups.push(ServiceGroup {
                code,
                name: item.summary.department.clone(),
                services: vec![item.summary.code.clone()],
            }),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use bianmin_api::{FormRef, LocalizedText, ServiceSummary};

    fn item(code: &str, department: &str, events: &[&str]) -> ServiceItem {
        ServiceItem {
            summary: ServiceSummary {
                code: code.to_owned(),
                name: LocalizedText::new(code, code),
                department: LocalizedText::new(format!("{department}局"), department),
                summary: LocalizedText::new("", ""),
            },
            promised_days: 1,
            legal_days: 1,
            form: FormRef {
                id: code.to_owned(),
                url: format!("https://forms.example/{code}"),
                version: "1".to_owned(),
            },
            department_code: department.to_owned(),
            life_events: events.iter().map(|e| (*e).to_owned()).collect(),
            pinyin: Default::default(),
            synonyms: Vec::new(),
            materials: Vec::new(),
        }
    }

    fn event(code: &str) -> LifeEvent {
        LifeEvent {
            code: code.to_owned(),
            name: LocalizedText::new(code, code),
            summary: LocalizedText::new("", ""),
        }
    }

    #[test]
    fn groups_keep_orders_drop_empty_life_events_and_ignore_unknown_ones() {
        let items = [
            item("a", "civil", &["turning-80", "unknown"]),
            item("b", "social", &["retiring"]),
            item("c", "civil", &["turning-80"]),
            item("d", "", &[]),
        ];
        let events = [event("retiring"), event("moving"), event("turning-80")];
        let by_event = by_life_event(&items, &events);
        let codes: Vec<_> = by_event
            .iter()
            .map(|g| (g.code.as_str(), g.services.clone()))
            .collect();
        assert_eq!(
            codes,
            vec![
                ("retiring", vec!["b".to_owned()]),
                ("turning-80", vec!["a".to_owned(), "c".to_owned()]),
            ]
        );
        let by_dept = by_department(&items);
        let codes: Vec<_> = by_dept
            .iter()
            .map(|g| (g.code.as_str(), g.services.len()))
            .collect();
        assert_eq!(codes, vec![("civil", 2), ("social", 1), ("局", 1)]);
    }
}
