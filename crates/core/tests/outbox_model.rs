#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail loudly
//! Proof 5: the outbox against a model, whatever the interleaving. proptest generates sequences
//! of (a resident fills a draft, changes an answer, submits, the app restarts, the next send meets
//! a fault, the outbox is pumped) and runs them against the real store and the real reference
//! server over HTTP with its fault injection. The model is small: which drafts were submitted
//! and their last acknowledged answer. Checked after every step: rows move only along the
//! allowed edges, an accepted row never changes, only submitted drafts have rows, and an answer
//! to a submitted draft is refused. At the end, once the faults stop: every submitted draft is
//! accepted exactly once (no loss, no duplicate), and every acknowledged answer is there.
//!
//! `PROPTEST_CASES` sets the number of cases (default 32).

mod support;

use bianmin_core::view::OutboxState;
use bianmin_core::{BackendClient, Bianmin, CoreError, Store};
use bianmin_server::FaultAction;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant};
use support::*;

#[derive(Debug, Clone)]
enum Op {
    /// A new resident (a session) starts a draft and answers every question.
    NewDraft,
    /// The resident of draft i changes the mobile number.
    Answer(usize),
    Submit(usize),
    /// The app is closed and opened again (sends in flight are cut off).
    Restart,
    /// The next answer of `POST /v1/applications` fails so.
    Fault(Fault),
    Pump,
}

#[derive(Debug, Clone, Copy)]
enum Fault {
    Unavailable,
    ServerError,
    DropBeforeCommit,
    DropAfterCommit,
    SlowAfterCommit,
}

impl Fault {
    fn action(self) -> FaultAction {
        match self {
            Fault::Unavailable => FaultAction::Status {
                status: 503,
                retry_after: Some(0),
            },
            Fault::ServerError => FaultAction::Status {
                status: 500,
                retry_after: None,
            },
            Fault::DropBeforeCommit => FaultAction::Drop {
                after_commit: false,
            },
            Fault::DropAfterCommit => FaultAction::Drop { after_commit: true },
            Fault::SlowAfterCommit => FaultAction::Delay {
                ms: 50,
                after_commit: true,
            },
        }
    }
}

fn op() -> impl Strategy<Value = Op> {
    let fault = prop_oneof![
        Just(Fault::Unavailable),
        Just(Fault::ServerError),
        Just(Fault::DropBeforeCommit),
        Just(Fault::DropAfterCommit),
        Just(Fault::SlowAfterCommit),
    ];
    prop_oneof![
        2 => Just(Op::NewDraft),
        2 => (0..6usize).prop_map(Op::Answer),
        3 => (0..6usize).prop_map(Op::Submit),
        1 => Just(Op::Restart),
        2 => fault.prop_map(Op::Fault),
        2 => Just(Op::Pump),
    ]
}

/// The model of one draft.
struct Modelled {
    party: String,
    id: String,
    mobile: u64,
    submitted: bool,
}

/// Whether a row may go from `from` to `to` between two looks (several steps may have happened
/// in between): the transitive closure of queued → sending → accepted | retry_later |
/// needs_attention, retry_later → sending. Accepted is final; nothing returns to queued here
/// (only a refusal of answers re-queues, and every answer here is valid).
fn reachable(from: Option<OutboxState>, to: OutboxState) -> bool {
    use OutboxState::*;
    match (from, to) {
        (_, NeedsAttention) => false, // every answer is valid and every fault passes
        (None, _) => true,
        (Some(a), b) if a == b => true,
        (Some(Accepted), _) => false,
        (Some(_), Queued) => false,
        (Some(Queued | Sending | RetryLater), Sending | RetryLater | Accepted) => true,
        (Some(NeedsAttention), _) => false,
    }
}

fn open_app(store: Store, base: &str) -> Bianmin {
    Bianmin::new(store, BackendClient::new(base).unwrap(), true).with_submit_wait(Duration::ZERO)
}

async fn run(ops: Vec<Op>) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let server = server(dir.path()).await;
    let base = server.base_url();
    let db = dir.path().join("app.sqlite");
    let mut store = store(&db).await;
    let mut app = open_app(store.clone(), &base);
    let mut drafts: Vec<Modelled> = Vec::new();
    let mut seen: BTreeMap<String, (OutboxState, Option<String>)> = BTreeMap::new();
    let mut n = 0u64;
    for op in ops {
        n += 1;
        match op {
            Op::NewDraft => {
                let party = app.begin_session();
                let id = fill(&app, n).await;
                drafts.push(Modelled {
                    party,
                    id,
                    mobile: n,
                    submitted: false,
                });
            }
            Op::Answer(i) if !drafts.is_empty() => {
                let len = drafts.len();
                let d = &mut drafts[i % len];
                app.resume_session(&d.party);
                let saved = app.save_answer(&d.id, LINKS[2], &[mobile(n)]).await;
                if d.submitted {
                    prop_assert!(
                        matches!(saved, Err(CoreError::AlreadySubmitted)),
                        "an answer to a submitted draft was taken: {saved:?}"
                    );
                } else {
                    prop_assert!(saved.unwrap().error.is_none());
                    d.mobile = n;
                }
            }
            Op::Submit(i) if !drafts.is_empty() => {
                let len = drafts.len();
                let d = &mut drafts[i % len];
                app.resume_session(&d.party);
                app.submit_application(&d.id).await.unwrap();
                d.submitted = true;
            }
            Op::Restart => {
                app.close().await;
                store = support::store(&db).await;
                app = open_app(store.clone(), &base);
                for d in &drafts {
                    app.resume_session(&d.party);
                    let answers = app.get_draft(&d.id).await.unwrap().answers;
                    prop_assert_eq!(&answers[LINKS[2]], &vec![mobile(d.mobile)]);
                }
            }
            Op::Fault(fault) => inject(&base, 1, fault.action()).await,
            Op::Pump => {
                app.pump_outbox().await.unwrap();
            }
            Op::Answer(_) | Op::Submit(_) => {}
        }
        // The edges taken since the last look.
        let now = outbox_states(&store).await;
        for (draft, (state, case)) in &now {
            let before = seen.get(draft);
            prop_assert!(
                reachable(before.map(|(s, _)| *s), *state),
                "{draft}: {before:?} -> {state:?}"
            );
            if let Some((OutboxState::Accepted, old_case)) = before {
                prop_assert_eq!(old_case, case, "an accepted case number changed");
            }
            let modelled = drafts.iter().find(|d| &d.id == draft);
            prop_assert!(
                modelled.is_some_and(|d| d.submitted),
                "row for an unsubmitted draft"
            );
        }
        for d in drafts.iter().filter(|d| d.submitted) {
            prop_assert!(
                now.contains_key(&d.id),
                "a submitted draft has no outbox row"
            );
        }
        seen = now;
    }

    // The faults stop; the resident asks again where it waits ("send now").
    clear_faults(&base).await;
    let app = Bianmin::new(store.clone(), BackendClient::new(&base).unwrap(), true)
        .with_submit_wait(Duration::from_secs(5));
    let deadline = Instant::now() + Duration::from_secs(60);
    for d in drafts.iter().filter(|d| d.submitted) {
        app.resume_session(&d.party);
        loop {
            let receipt = app.submit_application(&d.id).await.unwrap();
            if receipt.outbox == OutboxState::Accepted {
                break;
            }
            prop_assert!(Instant::now() < deadline, "{} never accepted", d.id);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
    let submitted = drafts.iter().filter(|d| d.submitted).count();
    let cases: BTreeSet<String> = outbox_states(&store)
        .await
        .into_values()
        .filter_map(|(_, case)| case)
        .collect();
    prop_assert_eq!(
        cases.len(),
        submitted,
        "one distinct case per submitted draft"
    );
    prop_assert_eq!(
        cases_on_server(&base).await as usize,
        submitted,
        "no duplicate on the server"
    );
    for d in &drafts {
        app.resume_session(&d.party);
        let answers = app.get_draft(&d.id).await.unwrap().answers;
        prop_assert_eq!(&answers[LINKS[2]], &vec![mobile(d.mobile)]);
    }
    app.close().await;
    server.shutdown().await;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(32),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_outbox_never_loses_nor_duplicates_whatever_the_interleaving(
        ops in proptest::collection::vec(op(), 1..24)
    ) {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(run(ops))?;
    }
}
