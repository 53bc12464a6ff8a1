#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! The catalogue over real HTTP: life events, departments, filters, pinyin and synonyms,
//! materials, bundles (一件事) whose shared questions every member form asks, and ETags.

use bianmin_api::{
    BundleDetail, BundleList, DepartmentList, LifeEventList, Questionnaire, ServiceCatalogue,
};
use bianmin_forms::{FormDefinition, ItemKind};
use bianmin_server::{DemoCatalogue, ServerConfig};
use reqwest::StatusCode;
use std::collections::BTreeSet;
use std::net::SocketAddr;

/// The fields of the resident's profile a form may prefill from (`GET /v1/profile`).
const PROFILE_FIELDS: &[&str] = &[
    "name",
    "idNumber",
    "mobile",
    "birthDate",
    "gender",
    "address",
    "householdRegistration",
];

async fn start(catalogue: DemoCatalogue) -> (bianmin_server::RunningServer, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn_configured(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("s.sqlite"),
        ServerConfig {
            catalogue,
            ..ServerConfig::default()
        },
    )
    .await
    .unwrap();
    (server, dir)
}

async fn get<T: serde::de::DeserializeOwned>(base: &str, path: &str) -> T {
    let response = reqwest::get(format!("{base}{path}")).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK, "GET {path}");
    response.json().await.unwrap()
}

async fn codes(base: &str, query: &str) -> BTreeSet<String> {
    let c: ServiceCatalogue = get(base, &format!("/v1/services{query}")).await;
    c.items.into_iter().map(|s| s.summary.code).collect()
}

#[tokio::test]
async fn every_service_is_findable_and_its_form_is_one_the_app_accepts() {
    let (server, _dir) = start(DemoCatalogue::Full).await;
    let base = server.base_url();
    let all: ServiceCatalogue = get(&base, "/v1/services").await;
    assert!(all.items.len() >= 60, "{} services", all.items.len());
    let events: LifeEventList = get(&base, "/v1/life-events").await;
    let departments: DepartmentList = get(&base, "/v1/departments").await;
    assert!(
        events.items.len() >= 10,
        "{} life events",
        events.items.len()
    );
    assert!(
        departments.items.len() >= 8,
        "{} departments",
        departments.items.len()
    );
    let codes_listed: BTreeSet<_> = all.items.iter().map(|s| &s.summary.code).collect();
    assert_eq!(
        codes_listed.len(),
        all.items.len(),
        "service codes are unique"
    );
    let event_codes: BTreeSet<_> = events.items.iter().map(|e| e.code.clone()).collect();
    let department_codes: BTreeSet<_> = departments.items.iter().map(|d| d.code.clone()).collect();
    for wanted in [
        "turning-80",
        "disability",
        "retiring",
        "moving-house",
        "bereavement",
    ] {
        assert!(event_codes.contains(wanted), "life event {wanted}");
    }
    for s in &all.items {
        let code = &s.summary.code;
        assert!(department_codes.contains(&s.department_code), "{code}");
        assert_eq!(
            departments
                .items
                .iter()
                .find(|d| d.code == s.department_code)
                .unwrap()
                .name,
            s.summary.department,
            "{code}: the department's name is the department's"
        );
        assert!(!s.life_events.is_empty(), "{code}");
        assert!(
            s.life_events.iter().all(|e| event_codes.contains(e)),
            "{code}"
        );
        // Pinyin: lowercase letters, the initials a shorter run starting like the full form.
        let p = &s.pinyin;
        assert!(p.full.chars().all(|c| c.is_ascii_lowercase()), "{code}");
        assert!(p.initials.chars().all(|c| c.is_ascii_lowercase()), "{code}");
        assert!(
            p.initials.len() >= 2 && p.initials.len() < p.full.len(),
            "{code}"
        );
        assert_eq!(p.full.chars().next(), p.initials.chars().next(), "{code}");
        assert!(!s.synonyms.is_empty(), "{code}");
        assert!(s.promised_days <= s.legal_days, "{code}");
        // A 12345 request may be anonymous: it needs no document.
        assert!(
            s.materials.iter().any(|m| m.required) || s.department_code == "hotline",
            "{code}"
        );
        assert!(
            s.materials.iter().all(|m| !m.name.en_us.is_empty()),
            "{code}"
        );
        let form: Questionnaire = get(
            &base,
            &format!("/v1/forms/{}/{}", s.form.id, s.form.version),
        )
        .await;
        assert_eq!(form.url, s.form.url, "{code}");
        let form = FormDefinition::parse(&form).unwrap_or_else(|e| panic!("{code}: {e}"));
        // Each attachment question takes one of the service's materials.
        for item in form.items.iter().filter(|i| i.kind == ItemKind::Attachment) {
            let material = item.material.as_deref().unwrap_or_default();
            assert!(
                s.materials.iter().any(|m| m.code == material),
                "{code}: {} takes {material:?}, not a material of the service",
                item.link_id
            );
        }
        // Prefill names a field of the profile (GET /v1/profile).
        for item in &form.items {
            if let Some(field) = &item.prefill {
                assert!(PROFILE_FIELDS.contains(&field.as_str()), "{code}: {field}");
            }
        }
    }
    // Every life event has services to offer.
    for e in &event_codes {
        assert!(
            codes(&base, &format!("?lifeEvent={e}")).await.len() >= 2,
            "{e}"
        );
    }
    // The example of the product brief.
    let card = all
        .items
        .iter()
        .find(|s| s.summary.code == "senior-card")
        .unwrap();
    assert!(card.synonyms.iter().any(|s| s == "老年证"));
    let allowance = all
        .items
        .iter()
        .find(|s| s.summary.code == "elderly-allowance")
        .unwrap();
    assert!(allowance.pinyin.full.starts_with("gaolingjintie"));
    assert!(allowance.pinyin.initials.starts_with("gljt"));
    let id_card = allowance
        .materials
        .iter()
        .find(|m| m.code == "id-card")
        .unwrap();
    assert!(id_card.fetched_by_government);
    assert!(id_card
        .accepted_e_licences
        .contains(&"resident-id-card".to_owned()));
}

#[tokio::test]
async fn services_filter_by_life_event_and_department() {
    let (server, _dir) = start(DemoCatalogue::Full).await;
    let base = server.base_url();
    let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    let cases: &[(&str, &[&str])] = &[
        (
            "?lifeEvent=bereavement&department=hrss",
            &["survivor-pension", "social-insurance-closure"],
        ),
        (
            "?department=public-security",
            &[
                "residence-permit",
                "household-transfer",
                "death-registration",
                "guide-dog-registration",
                "older-driver-health-certificate",
                "id-card-renewal",
                "household-register-reissue",
                "address-change",
                "fraud-report",
            ],
        ),
        (
            "?lifeEvent=turning-80",
            &[
                "elderly-allowance",
                "senior-card",
                "accessibility-adaptation",
                "extreme-poverty-support",
                "family-doctor",
                "elderly-health-checkup",
                "care-needs-assessment",
                "home-care-subsidy",
                "meal-assistance",
                "free-bus-pass",
                "older-driver-health-certificate",
                "lift-installation",
            ],
        ),
        (
            "?lifeEvent=disability&department=dpf",
            &[
                "disability-subsidy",
                "disability-certificate",
                "assistive-devices",
                "disability-rehabilitation",
                "disability-employment",
                "disability-certificate-renewal",
                "wheelchair-vehicle-subsidy",
            ],
        ),
        ("?lifeEvent=no-such-event", &[]),
    ];
    for (query, want) in cases {
        assert_eq!(codes(&base, query).await, set(want), "{query}");
    }
    // Each filtered list has its own ETag.
    let http = reqwest::Client::new();
    let etag = |q: &'static str| {
        let http = http.clone();
        let base = base.clone();
        async move {
            http.get(format!("{base}/v1/services{q}"))
                .send()
                .await
                .unwrap()
                .headers()["etag"]
                .to_str()
                .unwrap()
                .to_owned()
        }
    };
    assert_ne!(etag("?department=hrss").await, etag("").await);
}

#[tokio::test]
async fn a_bundle_lists_its_services_and_each_shared_question_is_in_every_form() {
    let (server, _dir) = start(DemoCatalogue::Full).await;
    let base = server.base_url();
    let bundles: BundleList = get(&base, "/v1/bundles").await;
    assert!(bundles.items.len() >= 3);
    let events: BTreeSet<_> = bundles.items.iter().map(|b| b.life_event.clone()).collect();
    assert!(events.len() >= 3, "bundles cover several life events");
    for b in &bundles.items {
        let detail: BundleDetail = get(&base, &format!("/v1/bundles/{}", b.code)).await;
        assert_eq!(&detail.bundle, b);
        let in_detail: Vec<_> = detail
            .services
            .iter()
            .map(|s| s.summary.code.clone())
            .collect();
        assert_eq!(
            in_detail, b.service_codes,
            "{}: services in journey order",
            b.code
        );
        assert!(detail.services.len() >= 2, "{}", b.code);
        assert!(!b.shared_questions.is_empty(), "{}", b.code);
        for s in &detail.services {
            assert!(
                s.life_events.contains(&b.life_event),
                "{} in {}",
                s.summary.code,
                b.code
            );
            let form: Questionnaire = get(
                &base,
                &format!("/v1/forms/{}/{}", s.form.id, s.form.version),
            )
            .await;
            let def = FormDefinition::parse(&form).unwrap();
            for link_id in &b.shared_questions {
                assert!(
                    def.items.iter().any(|i| &i.link_id == link_id),
                    "{}: {} does not ask {link_id}",
                    b.code,
                    s.summary.code
                );
            }
        }
    }
    let missing = reqwest::get(format!("{base}/v1/bundles/no-such-bundle"))
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        missing.headers()["content-type"],
        "application/problem+json"
    );
}

#[tokio::test]
async fn catalogue_lists_revalidate_with_their_etags() {
    let (server, _dir) = start(DemoCatalogue::Full).await;
    let http = reqwest::Client::new();
    for path in [
        "/v1/life-events",
        "/v1/departments",
        "/v1/bundles",
        "/v1/bundles/after-death",
        "/v1/services?lifeEvent=retiring",
    ] {
        let url = format!("{}{path}", server.base_url());
        let first = http.get(&url).send().await.unwrap();
        assert_eq!(first.status(), StatusCode::OK, "{path}");
        let etag = first.headers()["etag"].clone();
        let again = http
            .get(&url)
            .header("If-None-Match", etag)
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
    }
}

#[tokio::test]
async fn the_basic_catalogue_is_the_four_services_and_reopening_switches_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.sqlite");
    let addr = SocketAddr::from(([127, 0, 0, 1], 0));
    let basic = bianmin_server::spawn(addr, &path).await.unwrap();
    let listed = codes(&basic.base_url(), "").await;
    assert_eq!(listed.len(), 4);
    let bundles: BundleList = get(&basic.base_url(), "/v1/bundles").await;
    assert!(bundles.items.is_empty(), "no bundle has all its services");
    basic.shutdown().await;
    let full = bianmin_server::spawn_configured(
        addr,
        &path,
        ServerConfig {
            catalogue: DemoCatalogue::Full,
            ..ServerConfig::default()
        },
    )
    .await
    .unwrap();
    assert!(codes(&full.base_url(), "").await.len() > 4);
}

/// Every form file of the demo data parses with the app's rules and is published: none is left
/// out of `demo.rs`, none is one the app would refuse.
#[tokio::test]
async fn every_demo_form_file_is_a_form_the_app_accepts_and_is_served() {
    let (server, _dir) = start(DemoCatalogue::Full).await;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("demo/forms");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let id = path.file_stem().unwrap().to_str().unwrap().to_owned();
        let q: Questionnaire =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        FormDefinition::parse(&q).unwrap_or_else(|e| panic!("{id}: {e}"));
        assert!(q.url.ends_with(&format!("/{id}")), "{id}: {}", q.url);
        let served: Questionnaire =
            get(&server.base_url(), &format!("/v1/forms/{id}/{}", q.version)).await;
        assert_eq!(served, q, "{id}");
        seen += 1;
    }
    assert!(seen >= 18, "{seen} forms");
}

/// The forms of the services elderly and disabled residents need most are complete: together
/// they branch, repeat, take documents and prefill from the profile.
#[tokio::test]
async fn the_forms_residents_need_most_are_complete() {
    let (server, _dir) = start(DemoCatalogue::Full).await;
    let base = server.base_url();
    let all: ServiceCatalogue = get(&base, "/v1/services").await;
    let mut features = BTreeSet::new();
    for code in [
        "elderly-allowance",
        "disability-subsidy",
        "pension-certification",
        "accessibility-adaptation",
        "senior-card",
        "minimum-living-allowance",
        "temporary-assistance",
        "medical-care-elsewhere",
        "residence-permit",
        "citizen-request",
    ] {
        let s = all.items.iter().find(|s| s.summary.code == code).unwrap();
        assert_eq!(s.form.id, code, "{code} has its own form");
        let q: Questionnaire = get(
            &base,
            &format!("/v1/forms/{}/{}", s.form.id, s.form.version),
        )
        .await;
        let form = FormDefinition::parse(&q).unwrap();
        assert!(form.items.len() >= 3, "{code}");
        for item in &form.items {
            if !item.gates.is_empty() {
                features.insert("branching");
            }
            if item.repeats {
                features.insert("repeats");
            }
            if item.kind == ItemKind::Attachment && item.material.is_some() {
                features.insert("attachments");
            }
            if item.prefill.is_some() {
                features.insert("prefill");
            }
        }
    }
    assert_eq!(
        features,
        BTreeSet::from(["attachments", "branching", "prefill", "repeats"])
    );
    // The household members of the minimum living allowance repeat, asked only when there are any.
    let q: Questionnaire = get(&base, "/v1/forms/minimum-living-allowance/1.1.0").await;
    let form = FormDefinition::parse(&q).unwrap();
    let members = form.item("household-members").unwrap();
    assert!(members.repeats && !members.gates.is_empty());
}
