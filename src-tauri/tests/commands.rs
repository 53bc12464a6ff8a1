#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! The IPC commands through Tauri's own invoke path (`tauri::test::mock_builder`, no window or
//! display), backed by the real core, a real SQLite file and the real reference backend.

use bianmin_app::config::Backend;
use bianmin_app::core_state::Core;
use bianmin_app::{start_core, with_commands, StartError};
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;

fn invoke(
    webview: &tauri::WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        webview,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().unwrap())
}

#[test]
fn the_commands_carry_a_whole_application_and_errors_arrive_typed() {
    let dir = tempfile::tempdir().unwrap();
    // The in-memory key store stands in for the OS keyring (tests only; the keyring itself is
    // tested in crates/core/tests/keyring.rs against a real Secret Service).
    let keys = std::sync::Arc::new(bianmin_core::MemoryKeyStore::random());
    let (core, practice) =
        tauri::async_runtime::block_on(start_core(Backend::Practice, dir.path(), keys, false))
            .unwrap();
    let app = with_commands(mock_builder())
        .manage(Core::Ready(core))
        .manage(Some(practice))
        .build(tauri::generate_context!())
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();

    let info = invoke(&webview, "app_info", json!({})).unwrap();
    assert_eq!(info["practiceMode"], true);
    assert_eq!(info["hotline"], "12345");
    assert!(info["backendUrl"]
        .as_str()
        .unwrap()
        .starts_with("http://127.0.0.1:"));

    assert_eq!(info["kiosk"], false);
    // Not a kiosk: "Finish" wipes nothing.
    let refused = invoke(&webview, "finish_visit", json!({})).unwrap_err();
    assert_eq!(refused["kind"], "internal");

    let list = invoke(&webview, "list_services", json!({})).unwrap();
    let found = invoke(&webview, "search_services", json!({ "query": "gljt" })).unwrap();
    assert_eq!(found[0]["code"], "elderly-allowance");
    assert_eq!(list["services"][0]["name"]["zhCN"], "高龄津贴申请");

    let draft = invoke(
        &webview,
        "start_application",
        json!({ "serviceCode": "elderly-allowance" }),
    )
    .unwrap();
    let draft_id = draft["id"].as_str().unwrap().to_owned();
    assert_eq!(draft["questions"].as_array().unwrap().len(), 3);

    let wrong = invoke(
        &webview,
        "save_answer",
        json!({ "draftId": draft_id, "linkId": "applicant-id-number", "values": ["12345"] }),
    )
    .unwrap();
    assert_eq!(wrong["error"]["message"]["id"], "error-id-length");
    assert_eq!(wrong["error"]["message"]["args"]["actual"], "5");
    assert_eq!(wrong["draft"]["answers"]["applicant-id-number"][0], "12345");

    for (link_id, value) in [
        ("applicant-name", "张三"),
        ("applicant-id-number", "11010519491231002X"),
        ("contact-mobile", "13800138000"),
    ] {
        let saved = invoke(
            &webview,
            "save_answer",
            json!({ "draftId": draft_id, "linkId": link_id, "values": [value] }),
        )
        .unwrap();
        assert_eq!(saved["error"], Value::Null);
    }
    let receipt = invoke(
        &webview,
        "submit_application",
        json!({ "draftId": draft_id }),
    )
    .unwrap();
    assert_eq!(receipt["outbox"], "accepted");
    let case_number = receipt["caseNumber"].as_str().unwrap();
    assert!(case_number.starts_with("BM"));

    let mine = invoke(&webview, "my_applications", json!({})).unwrap();
    assert_eq!(mine[0]["caseNumber"], case_number);
    assert_eq!(mine[0]["status"], "submitted");
    assert_eq!(mine[0]["outbox"], "accepted");

    // Following the case: its page, and the watcher's round on demand.
    let case = invoke(&webview, "get_case", json!({ "caseNumber": case_number })).unwrap();
    assert_eq!(case["status"], "submitted");
    assert_eq!(case["statusMessage"], "case-status-submitted");
    assert_eq!(case["events"][0]["kind"], "submitted");
    assert_eq!(case["canWithdraw"], true);
    assert_eq!(case["canRate"], false);
    let news = invoke(&webview, "refresh_cases", json!({})).unwrap();
    assert_eq!(news, json!([]));
    // Reminders: signed out there are none, and no error; acting on one asks to sign in.
    let reminders = invoke(&webview, "reminders", json!({})).unwrap();
    assert_eq!(reminders, json!([]));
    let dismiss = invoke(&webview, "dismiss_reminder", json!({ "reminderId": "1" })).unwrap_err();
    assert_eq!(dismiss["kind"], "signedOut");
    let start = invoke(&webview, "start_reminder", json!({ "reminderId": "1" })).unwrap_err();
    assert_eq!(start["kind"], "signedOut");
    // Bundles (一件事一次办): the offers, no journey started yet, an unknown one not found.
    let offers = invoke(&webview, "bundles", json!({})).unwrap();
    assert!(offers.is_array());
    assert_eq!(
        invoke(&webview, "my_bundles", json!({})).unwrap(),
        json!([])
    );
    let missing = invoke(&webview, "get_bundle", json!({ "bundleId": "none" })).unwrap_err();
    assert_eq!(missing["kind"], "notFound");
    invoke(&webview, "set_language", json!({ "lang": "en-US" })).unwrap();
    let early = invoke(
        &webview,
        "rate_case",
        json!({ "caseNumber": case_number, "level": 5, "comment": null }),
    )
    .unwrap_err();
    assert_eq!(early["kind"], "conflict");
    assert_eq!(early["message"]["id"], "error-case-state");
    // No material is asked for: nothing to send; an application is never sent as a supplement.
    let nothing = invoke(
        &webview,
        "start_supplement",
        json!({ "caseNumber": case_number }),
    )
    .unwrap_err();
    assert_eq!(nothing["kind"], "conflict");
    assert_eq!(nothing["message"]["id"], "error-case-state");
    let not_one = invoke(
        &webview,
        "submit_supplement",
        json!({ "draftId": draft["id"] }),
    )
    .unwrap_err();
    assert_eq!(not_one["kind"], "notFound");
    let withdrawn = invoke(
        &webview,
        "withdraw_application",
        json!({ "caseNumber": case_number, "reason": "不需要了" }),
    )
    .unwrap();
    assert_eq!(withdrawn["status"], "withdrawn");
    assert_eq!(withdrawn["canWithdraw"], false);

    // Errors are {kind, message, fields}, never strings.
    let missing = invoke(&webview, "get_draft", json!({ "draftId": "no-such-draft" })).unwrap_err();
    assert_eq!(missing["kind"], "notFound");
    assert_eq!(missing["message"]["id"], "error-not-found");
    let edit_after_submit = invoke(
        &webview,
        "save_answer",
        json!({ "draftId": draft_id, "linkId": "applicant-name", "values": ["李四"] }),
    )
    .unwrap_err();
    assert_eq!(
        edit_after_submit["message"]["id"],
        "error-already-submitted"
    );
    // Removing a kept answer is an edit too: refused once the application is on its way.
    let discard_after_submit = invoke(
        &webview,
        "discard_answer",
        json!({ "draftId": draft_id, "linkId": "applicant-name" }),
    )
    .unwrap_err();
    assert_eq!(
        discard_after_submit["message"]["id"],
        "error-already-submitted"
    );
}

/// A key store with no keyring behind it, as on a machine without a Secret Service.
struct NoKeyring;

impl bianmin_core::KeyStore for NoKeyring {
    fn get_or_create_key(&self) -> Result<[u8; 32], bianmin_core::CoreError> {
        Err(bianmin_core::CoreError::Keyring(
            "no Secret Service on this bus".into(),
        ))
    }
}

#[test]
fn without_a_keyring_the_app_still_answers_with_the_reason_and_the_hotline() {
    let dir = tempfile::tempdir().unwrap();
    let error = match tauri::async_runtime::block_on(start_core(
        Backend::Practice,
        dir.path(),
        std::sync::Arc::new(NoKeyring),
        false,
    )) {
        Err(e @ StartError::Store(_)) => e,
        Err(other) => panic!("expected a store error, got {other}"),
        Ok(_) => panic!("the store opened without a key"),
    };
    assert!(
        !dir.path().join("bianmin.sqlite").exists(),
        "no store is created without a key"
    );
    let app = with_commands(mock_builder())
        .manage(Core::unavailable(&error, true))
        .build(tauri::generate_context!())
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    let info = invoke(&webview, "app_info", json!({})).unwrap();
    assert_eq!(info["practiceMode"], true);
    assert_eq!(info["hotline"], "12345");
    for (cmd, args) in [
        ("list_services", json!({})),
        ("my_applications", json!({})),
        (
            "start_application",
            json!({ "serviceCode": "elderly-allowance" }),
        ),
        ("get_case", json!({ "caseNumber": "BM20250101000001" })),
    ] {
        let err = invoke(&webview, cmd, args).unwrap_err();
        assert_eq!(err["kind"], "storage", "{cmd}");
        assert_eq!(err["message"]["id"], "error-keyring", "{cmd}");
        assert_eq!(err["message"]["args"]["hotline"], "12345", "{cmd}");
    }
}

#[test]
fn a_kiosk_finishes_a_visit_through_the_commands() {
    let dir = tempfile::tempdir().unwrap();
    let keys = std::sync::Arc::new(bianmin_core::MemoryKeyStore::random());
    let (core, practice) =
        tauri::async_runtime::block_on(start_core(Backend::Practice, dir.path(), keys, true))
            .unwrap();
    let app = with_commands(mock_builder())
        .manage(Core::Ready(core))
        .manage(Some(practice))
        .build(tauri::generate_context!())
        .unwrap();
    let webview = tauri::WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .unwrap();
    assert_eq!(
        invoke(&webview, "app_info", json!({})).unwrap()["kiosk"],
        true
    );
    let draft = invoke(
        &webview,
        "start_application",
        json!({ "serviceCode": "elderly-allowance" }),
    )
    .unwrap();
    invoke(
        &webview,
        "save_answer",
        json!({ "draftId": draft["id"], "linkId": "applicant-name", "values": ["柏泄漏"] }),
    )
    .unwrap();
    let pending = invoke(&webview, "visit_pending", json!({})).unwrap();
    assert_eq!(
        pending,
        json!({ "removed": 1, "stillSending": 0, "discarded": 0 })
    );
    let ended = invoke(&webview, "finish_visit", json!({})).unwrap();
    assert_eq!(ended["removed"], 1);
    assert_eq!(
        invoke(&webview, "my_applications", json!({})).unwrap(),
        json!([])
    );
    let gone = invoke(&webview, "get_draft", json!({ "draftId": draft["id"] })).unwrap_err();
    assert_eq!(gone["kind"], "notFound");
}
