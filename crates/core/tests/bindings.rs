#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! The UI's TypeScript types are generated from the Rust types and committed in
//! `ui/src/bindings/`. This test fails when they are stale; `UPDATE_BINDINGS=1 cargo test -p
//! bianmin-core --test bindings` rewrites them.

use bianmin_core::view::{
    Account, AppInfo, ApplicationSummary, BundleGroup, BundleJourney, BundleOffer,
    BundleSaveOutcome, BundleSubmitted, CaseNews, CaseView, Draft, HotlineView, Receipt,
    ReminderView, SaveOutcome, ServiceList, SessionEnded, SignInChallenge, SignInState,
    StaffCallView,
};
use bianmin_core::UiError;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use ts_rs::TS;

fn export_all(dir: &Path) {
    AppInfo::export_all_to(dir).unwrap();
    ServiceList::export_all_to(dir).unwrap();
    Draft::export_all_to(dir).unwrap();
    SaveOutcome::export_all_to(dir).unwrap();
    Receipt::export_all_to(dir).unwrap();
    ApplicationSummary::export_all_to(dir).unwrap();
    UiError::export_all_to(dir).unwrap();
    SessionEnded::export_all_to(dir).unwrap();
    CaseView::export_all_to(dir).unwrap();
    CaseNews::export_all_to(dir).unwrap();
    SignInChallenge::export_all_to(dir).unwrap();
    Account::export_all_to(dir).unwrap();
    SignInState::export_all_to(dir).unwrap();
    ReminderView::export_all_to(dir).unwrap();
    BundleOffer::export_all_to(dir).unwrap();
    BundleJourney::export_all_to(dir).unwrap();
    BundleSaveOutcome::export_all_to(dir).unwrap();
    BundleSubmitted::export_all_to(dir).unwrap();
    BundleGroup::export_all_to(dir).unwrap();
    HotlineView::export_all_to(dir).unwrap();
    StaffCallView::export_all_to(dir).unwrap();
}

fn read_dir(dir: &Path) -> BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "ts"))
                .map(|e| {
                    (
                        e.file_name().to_string_lossy().into_owned(),
                        std::fs::read_to_string(e.path()).unwrap(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn bindings_are_fresh() {
    let committed_dir: PathBuf =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/bindings");
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        for name in read_dir(&committed_dir).keys() {
            std::fs::remove_file(committed_dir.join(name)).unwrap();
        }
        export_all(&committed_dir);
        return;
    }
    let fresh = tempfile::tempdir().unwrap();
    export_all(fresh.path());
    let expected = read_dir(fresh.path());
    let committed = read_dir(&committed_dir);
    assert!(
        expected.len() >= 10,
        "only {} types exported",
        expected.len()
    );
    assert_eq!(
        committed.keys().collect::<Vec<_>>(),
        expected.keys().collect::<Vec<_>>(),
        "ui/src/bindings has other files than the Rust types generate: run UPDATE_BINDINGS=1 cargo test -p bianmin-core --test bindings"
    );
    for (name, text) in &expected {
        assert_eq!(
            committed.get(name),
            Some(text),
            "ui/src/bindings/{name} is stale: run UPDATE_BINDINGS=1 cargo test -p bianmin-core --test bindings"
        );
    }
}
