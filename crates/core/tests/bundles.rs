#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Life-event bundles (一件事一次办) through the core, against the real reference server (the
//! full demo catalogue) over real HTTP, with a real SQLite file: the "retiring" bundle's two
//! services answered as one journey, each shared question once; nothing sent while one answer
//! is missing; resumed after the app is closed and opened again; one "Send" files exactly one
//! case per service, each carrying the shared answers; a second "Send" files nothing more.

use bianmin_core::view::OutboxState;
use bianmin_core::{BackendClient, Bianmin, MemoryKeyStore, Store};
use bianmin_server::{DemoCatalogue, ServerConfig};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use std::net::SocketAddr;
use std::path::Path;

const VALID_ID: &str = "11010519491231002X";
const TEST_KEY: [u8; 32] = [23; 32];
const BUNDLE: &str = "retiring";
const SHARED_NAME: &str = "李秀兰共享";

async fn app(dir: &Path, backend: &str) -> Bianmin {
    let store = Store::open(&dir.join("app.sqlite"), &MemoryKeyStore::with_key(TEST_KEY))
        .await
        .unwrap();
    Bianmin::new(store, BackendClient::new(backend).unwrap(), true)
}

async fn server(dir: &Path) -> bianmin_server::RunningServer {
    bianmin_server::spawn_configured(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.join("server.sqlite"),
        ServerConfig {
            admin: true,
            catalogue: DemoCatalogue::Full,
            back_office_tick: None,
            ..ServerConfig::default()
        },
    )
    .await
    .unwrap()
}

/// The cases the server filed: (service code, QuestionnaireResponse JSON), and how many
/// Idempotency-Keys it recorded.
async fn filed(dir: &Path) -> (Vec<(String, String)>, i64) {
    let mut db = SqliteConnectOptions::new()
        .filename(dir.join("server.sqlite"))
        .read_only(true)
        .connect()
        .await
        .unwrap();
    let cases: Vec<(String, String)> =
        sqlx::query_as("SELECT service_code, response FROM cases ORDER BY seq")
            .fetch_all(&mut db)
            .await
            .unwrap();
    let keys: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM idempotency_keys")
        .fetch_one(&mut db)
        .await
        .unwrap();
    db.close().await.unwrap();
    (cases, keys)
}

#[tokio::test]
async fn a_bundle_of_two_services_asks_shared_questions_once_and_files_one_case_each() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let url = server.base_url();

    let app = app(dir.path(), &url).await;
    app.list_services().await.unwrap();
    let offers = app.bundles().await.unwrap();
    let offer = offers.iter().find(|b| b.code == BUNDLE).unwrap();
    assert_eq!(offer.life_event, "retiring");
    let codes: Vec<&str> = offer.services.iter().map(|s| s.code.as_str()).collect();
    assert_eq!(codes, ["pension-claim", "resident-medical-insurance"]);

    let journey = app.start_bundle(BUNDLE).await.unwrap();
    assert_eq!(journey.items.len(), 2);
    assert_eq!(
        journey.shared,
        ["applicant-name", "applicant-id-number", "contact-mobile"]
    );
    let pension = journey.items[0].draft.id.clone();
    let medical = journey.items[1].draft.id.clone();
    assert_ne!(pension, medical);
    assert!(journey.items.iter().all(|i| i.receipt.is_none()));

    // Shared questions: answered once (on the first form), stored in both drafts.
    for (link, value) in [
        ("applicant-name", SHARED_NAME),
        ("applicant-id-number", VALID_ID),
        ("contact-mobile", "13900000001"),
    ] {
        let saved = app
            .save_bundle_answer(&journey.id, &pension, link, &[value.to_owned()])
            .await
            .unwrap();
        assert!(saved.error.is_none(), "{link}: {:?}", saved.error);
        for item in &saved.journey.items {
            assert_eq!(
                item.draft.answers.get(link),
                Some(&vec![value.to_owned()]),
                "{link} in {}",
                item.draft.service_code
            );
        }
    }
    // A wrong shared answer is stored as typed in both, with its error.
    let wrong = app
        .save_bundle_answer(&journey.id, &pension, "contact-mobile", &["123".to_owned()])
        .await
        .unwrap();
    assert!(wrong.error.is_some());
    assert!(wrong
        .journey
        .items
        .iter()
        .all(|i| i.draft.answers["contact-mobile"] == ["123"]));
    let fixed = app
        .save_bundle_answer(
            &journey.id,
            &medical,
            "contact-mobile",
            &["13900000001".to_owned()],
        )
        .await
        .unwrap();
    assert!(fixed.error.is_none());

    // Each service's own questions, into its own draft only.
    let saved = app
        .save_bundle_answer(
            &journey.id,
            &pension,
            "bank-account-own",
            &["true".to_owned()],
        )
        .await
        .unwrap();
    assert!(saved.error.is_none());
    assert!(!saved.journey.items[1]
        .draft
        .answers
        .contains_key("bank-account-own"));

    // One answer missing: "Send" queues nothing and names the draft and question.
    let refused = app.submit_bundle(&journey.id).await.unwrap();
    assert!(!refused.journey.submitted);
    assert!(refused
        .problems
        .iter()
        .any(|p| p.draft_id == medical && p.link_id == "insured-before"));
    assert!(refused.problems.iter().all(|p| p.draft_id == medical));
    assert!(refused.journey.items.iter().all(|i| i.receipt.is_none()));
    assert_eq!(filed(dir.path()).await.0.len(), 0);

    app.save_bundle_answer(
        &journey.id,
        &medical,
        "insured-before",
        &["false".to_owned()],
    )
    .await
    .unwrap();
    app.close().await;

    // Closed and opened again: the same journey, its answers kept; "My applications" groups it.
    let app = self::app(dir.path(), &url).await;
    let resumed = app.start_bundle(BUNDLE).await.unwrap();
    assert_eq!(resumed.id, journey.id);
    assert_eq!(resumed.items[0].draft.id, pension);
    assert_eq!(
        resumed.items[1].draft.answers["applicant-name"],
        [SHARED_NAME]
    );
    assert_eq!(resumed.items[1].draft.answers["insured-before"], ["false"]);
    let groups = app.my_bundles().await.unwrap();
    assert_eq!(groups.len(), 1);
    assert_eq!(groups[0].draft_ids, [pension.clone(), medical.clone()]);
    assert!(!groups[0].submitted);

    app.save_bundle_answer(
        &journey.id,
        &medical,
        "address",
        &["北京市东城区和平里街道 1 号".to_owned()],
    )
    .await
    .unwrap();
    let sent = app.submit_bundle(&journey.id).await.unwrap();
    assert!(sent.problems.is_empty(), "{:?}", sent.problems);
    assert!(sent.journey.submitted);
    let mut numbers = Vec::new();
    for item in &sent.journey.items {
        let receipt = item.receipt.as_ref().unwrap();
        assert_eq!(receipt.outbox, OutboxState::Accepted);
        numbers.push(receipt.case_number.clone().unwrap());
    }
    assert_ne!(numbers[0], numbers[1]);

    // Exactly one case per service, each with the shared answers; one key per draft.
    let (cases, keys) = filed(dir.path()).await;
    assert_eq!(cases.len(), 2);
    assert_eq!(keys, 2);
    assert_eq!(cases[0].0, "pension-claim");
    assert_eq!(cases[1].0, "resident-medical-insurance");
    for (service, response) in &cases {
        assert!(response.contains(SHARED_NAME), "{service}: {response}");
        assert!(response.contains(VALID_ID), "{service}");
        assert!(response.contains("13900000001"), "{service}");
    }

    // Sending again files nothing more; the journey is no longer open, a new one would start.
    let again = app.submit_bundle(&journey.id).await.unwrap();
    assert!(again.problems.is_empty());
    assert_eq!(filed(dir.path()).await.0.len(), 2);
    let groups = app.my_bundles().await.unwrap();
    assert!(groups[0].submitted);
    let apps = app.my_applications().await.unwrap();
    for id in [&pension, &medical] {
        let a = apps.iter().find(|a| &a.draft_id == id).unwrap();
        assert!(a.case_number.is_some());
    }
    // Changing a shared answer after sending is refused.
    assert!(app
        .save_bundle_answer(&journey.id, &pension, "applicant-name", &["x".to_owned()])
        .await
        .is_err());
    app.close().await;
    server.shutdown().await;
}

#[tokio::test]
async fn a_kiosk_visit_takes_its_bundle_journeys_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let app = app(dir.path(), &server.base_url()).await;
    let party = app.begin_session();
    let journey = app.start_bundle(BUNDLE).await.unwrap();
    app.save_bundle_answer(
        &journey.id,
        &journey.items[0].draft.id,
        "applicant-name",
        &[SHARED_NAME.to_owned()],
    )
    .await
    .unwrap();
    assert_eq!(app.my_bundles().await.unwrap().len(), 1);
    app.end_session(&party).await.unwrap();
    let other = app.begin_session();
    assert!(app.my_bundles().await.unwrap().is_empty());
    assert!(app.get_bundle(&journey.id).await.is_err());
    app.end_session(&other).await.unwrap();
    app.close().await;
    let raw = std::fs::read(dir.path().join("app.sqlite")).unwrap();
    assert!(!raw
        .windows(journey.id.len())
        .any(|w| w == journey.id.as_bytes()));
    server.shutdown().await;
}

/// Prefill needs a signed-in session, which lives in the OS keyring: a real Secret Service
/// (`dbus-run-session` with gnome-keyring, as `./dev test` runs cargo test). Skipped without one.
fn has_secret_service() -> bool {
    if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
        return true;
    }
    assert!(
        std::env::var_os("BIANMIN_REQUIRE_KEYRING").is_none(),
        "no D-Bus session: run under dbus-run-session with an unlocked gnome-keyring"
    );
    eprintln!("SKIPPED: no D-Bus session (run under dbus-run-session with gnome-keyring)");
    false
}

#[tokio::test]
async fn a_journey_taken_up_after_signing_in_is_filled_from_the_records_in_every_form() {
    if !has_secret_service() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = bianmin_server::spawn_configured(
        SocketAddr::from(([127, 0, 0, 1], 0)),
        &dir.path().join("server.sqlite"),
        ServerConfig {
            admin: true,
            practice: true,
            catalogue: DemoCatalogue::Full,
            back_office_tick: None,
        },
    )
    .await
    .unwrap();
    let keys = std::sync::Arc::new(bianmin_core::KeyringKeyStore::with_entry(
        "cn.bianmin.app.test",
        &format!("test-{}", uuid::Uuid::new_v4()),
    ));
    let app = Bianmin::new(
        Store::open(&dir.path().join("app.sqlite"), keys.as_ref())
            .await
            .unwrap(),
        BackendClient::new(&server.base_url()).unwrap(),
        true,
    )
    .with_key_store(keys.clone());

    // Begun signed out: nothing known.
    let journey = app.start_bundle(BUNDLE).await.unwrap();
    assert!(journey
        .items
        .iter()
        .all(|i| !i.draft.answers.contains_key("applicant-name")));

    // 王秀英 (docs/practice-people.md) signs in and takes the journey up: her name, ID number
    // and mobile from the records in both forms, marked as such.
    let challenge = app.request_sign_in_code("13800000001").await.unwrap();
    app.sign_in(&challenge.challenge_id, &challenge.practice_code.unwrap())
        .await
        .unwrap();
    let resumed = app.start_bundle(BUNDLE).await.unwrap();
    assert_eq!(resumed.id, journey.id);
    for item in &resumed.items {
        assert_eq!(
            item.draft.answers.get("applicant-name"),
            Some(&vec!["王秀英".to_owned()]),
            "{}",
            item.draft.service_code
        );
        let name = item
            .draft
            .questions
            .iter()
            .find(|q| q.link_id == "applicant-name")
            .unwrap();
        assert!(name.prefilled, "{}", item.draft.service_code);
    }
    // Changed once by the resident: her words in both, no longer marked as the records'.
    let changed = app
        .save_bundle_answer(
            &journey.id,
            &resumed.items[0].draft.id,
            "applicant-name",
            &["王秀英（代）".to_owned()],
        )
        .await
        .unwrap();
    for item in &changed.journey.items {
        assert_eq!(item.draft.answers["applicant-name"], ["王秀英（代）"]);
        let name = item
            .draft
            .questions
            .iter()
            .find(|q| q.link_id == "applicant-name")
            .unwrap();
        assert!(!name.prefilled);
    }
    app.sign_out().await.unwrap();
    app.close().await;
    server.shutdown().await;
}

/// Search offers a bundle by its name or its life event's, in characters, pinyin and English,
/// from the cache (so offline too); weak matches and plain service queries offer none.
#[tokio::test]
async fn search_offers_a_bundle_by_its_name_or_life_event_offline_too() {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let app = app(dir.path(), &server.base_url()).await;
    // Before the bundles were ever fetched there is nothing to offer, and no error.
    assert!(app.search_bundles("退休").await.unwrap().is_empty());
    app.list_services().await.unwrap();
    app.bundles().await.unwrap();
    drop(server); // offline from here: the cache answers

    let codes = |offers: Vec<bianmin_core::view::BundleOffer>| {
        offers.into_iter().map(|o| o.code).collect::<Vec<_>>()
    };
    for query in ["退休", "tuixiu", "tx", "退休一件事", "Retiring", "retir"] {
        assert_eq!(
            codes(app.search_bundles(query).await.unwrap()),
            ["retiring"],
            "{query}"
        );
    }
    for query in ["亲人去世", "身后", "after a death"] {
        assert_eq!(
            codes(app.search_bundles(query).await.unwrap()),
            ["after-death"],
            "{query}"
        );
    }
    // "一件事" is in every bundle's name: all five are offered.
    assert_eq!(app.search_bundles("一件事").await.unwrap().len(), 5);
    // A service's own name offers no journey; nor does an empty query.
    for query in ["高龄津贴", "gljt", "", "   ", "居住证"] {
        assert!(
            app.search_bundles(query).await.unwrap().is_empty(),
            "{query}"
        );
    }
    // Each offer names its services, in the journey's order.
    let retiring = app.search_bundles("退休").await.unwrap();
    let services: Vec<&str> = retiring[0]
        .services
        .iter()
        .map(|s| s.code.as_str())
        .collect();
    assert_eq!(services, ["pension-claim", "resident-medical-insurance"]);
}
