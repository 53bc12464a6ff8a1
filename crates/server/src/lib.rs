//! The reference one-stop services backend (一网通办 reference server).
//!
//! Implements the `/v1` contract of `bianmin-api` faithfully: it validates with the same form rules
//! as the app (`bianmin-forms`), persists to its own SQLite file, and enforces `Idempotency-Key`.
//! The app starts it in-process in practice mode; tests start it on a loopback port.
//! Must never listen on anything but the address it is given (loopback in practice mode).

mod applications;
mod auth;
mod backoffice;
mod cases;
mod catalogue;
mod delegations;
mod demo;
mod faults;
mod forms;
mod hotline;
mod idempotency;
mod identity;
mod notifications;
mod problem;
mod request;
mod staff_calls;
mod uploads;

pub use backoffice::{CaseTransition, MaterialAsked, TestSession, TestSessionRequest};
pub use demo::DemoCatalogue;
pub use faults::{FaultAction, FaultRequest, FaultRoute, RoutedFaultRequest};
pub use forms::{PublishForm, Published};
pub use hotline::HotlineTransition;
pub use idempotency::{purge_idempotency_keys, IDEMPOTENCY_KEY_RETENTION};
pub use notifications::RaiseReminder;
pub use staff_calls::StaffCallAnswer;

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, patch, post};
use axum::Router;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::SqlitePool;
use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{oneshot, Mutex};

#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error("the server database could not be opened: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the server database could not be migrated: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("the demo data is malformed: {0}")]
    DemoData(String),
    #[error("could not listen: {0}")]
    Io(#[from] std::io::Error),
}

#[derive(Clone)]
pub(crate) struct AppState {
    pub db: SqlitePool,
    /// Serializes every write (submissions, sign-in, delegations, case and 12345 transitions,
    /// supplements, withdrawals, ratings, acks, reminders, the schedule) so an idempotency key is
    /// checked and recorded atomically and no transaction upgrades a read lock under another
    /// writer (sqlx offers no BEGIN IMMEDIATE on a pooled connection).
    pub write_lock: Arc<Mutex<()>>,
    /// Practice mode: one-time sign-in codes are returned to the app to show on screen.
    pub practice: bool,
    /// Whether the admin routes (fault injection) are mounted.
    pub admin: bool,
    pub faults: faults::Faults,
    /// Idempotency keys whose first request is being handled.
    pub in_flight: idempotency::InFlight,
}

impl AppState {
    fn new(db: SqlitePool, config: &ServerConfig) -> Self {
        Self {
            db,
            write_lock: Arc::new(Mutex::new(())),
            practice: config.practice,
            admin: config.admin,
            faults: faults::Faults::default(),
            in_flight: idempotency::InFlight::default(),
        }
    }
}

/// How a server is created.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerOptions {
    /// Mount `/admin` (fault injection, stats): in tests and practice mode only, never in front
    /// of real users.
    pub admin: bool,
}

/// Everything about how a server is created. [`ServerOptions`] converts into it, so existing
/// callers keep their struct literal.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ServerConfig {
    /// Mount `/admin` (see [`ServerOptions::admin`]).
    pub admin: bool,
    /// Which demo catalogue to publish.
    pub catalogue: DemoCatalogue,
    /// How often the simulated back office moves every open case and 12345 request one step
    /// on (submitted → accepted → in progress → done; accepted → dispatched → … → follow-up
    /// visit). `None` (the default, and in tests) leaves them to `POST /admin/.../transition`.
    pub back_office_tick: Option<Duration>,
    /// Practice mode: `POST /v1/sign-in/otp` returns the code (`practiceCode`) so the app can
    /// show it, as there is no SMS. The app's practice mode, tests and `bianmin-server
    /// --practice` set it; otherwise it is off.
    pub practice: bool,
}

impl From<ServerOptions> for ServerConfig {
    fn from(options: ServerOptions) -> Self {
        Self {
            admin: options.admin,
            ..Self::default()
        }
    }
}

/// Opens (creating if needed) the server's database, migrates it and loads the basic demo data.
pub async fn open_database(path: &Path) -> Result<SqlitePool, ServerError> {
    open_database_with(path, DemoCatalogue::Basic).await
}

/// [`open_database`] with the demo catalogue to publish.
pub async fn open_database_with(
    path: &Path,
    catalogue: DemoCatalogue,
) -> Result<SqlitePool, ServerError> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .busy_timeout(Duration::from_secs(5));
    let db = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?;
    sqlx::migrate!("./migrations").run(&db).await?;
    demo::seed(&db, catalogue).await?;
    identity::seed(&db).await?;
    purge_idempotency_keys(&db, time::OffsetDateTime::now_utc()).await?;
    Ok(db)
}

pub fn router(db: SqlitePool, options: ServerOptions) -> Router {
    router_configured(db, options.into())
}

/// [`router`] with every setting of [`ServerConfig`] (the catalogue is the database's already;
/// the back office is not started).
pub fn router_configured(db: SqlitePool, config: ServerConfig) -> Router {
    routes(AppState::new(db, &config))
}

fn routes(state: AppState) -> Router {
    let mut router = Router::new()
        .route("/v1/services", get(catalogue::list_services))
        .route("/v1/services/{code}", get(catalogue::get_service))
        .route("/v1/life-events", get(catalogue::list_life_events))
        .route("/v1/departments", get(catalogue::list_departments))
        .route("/v1/bundles", get(catalogue::list_bundles))
        .route("/v1/bundles/{code}", get(catalogue::get_bundle))
        .route("/v1/forms/{id}/{version}", get(catalogue::get_form))
        .route("/v1/applications", post(faults::submit))
        .route(
            "/v1/applications/{case_number}",
            get(applications::get_case),
        )
        .route(
            "/v1/applications/{case_number}/events",
            get(cases::list_events),
        )
        .route(
            "/v1/applications/{case_number}/supplements",
            post(faults::supplement),
        )
        .route(
            "/v1/applications/{case_number}/withdraw",
            post(cases::withdraw),
        )
        .route(
            "/v1/applications/{case_number}/rating",
            post(cases::rate).get(cases::get_rating),
        )
        .route("/v1/notifications", get(notifications::list))
        .route("/v1/notifications/ack", post(notifications::ack))
        .route(
            "/v1/hotline-requests",
            post(faults::submit_hotline).get(hotline::list_mine),
        )
        .route("/v1/hotline-requests/{id}", get(hotline::get))
        .route(
            "/v1/hotline-requests/{id}/rating",
            post(hotline::rate).get(hotline::get_rating),
        )
        .route("/v1/staff-calls", post(faults::call_staff))
        .route("/v1/staff-calls/{id}", get(staff_calls::get))
        .route("/v1/staff-calls/{id}/cancel", post(staff_calls::cancel))
        .route("/v1/uploads", post(uploads::create))
        .route(
            "/v1/uploads/{id}",
            patch(faults::append_part).get(uploads::status),
        )
        .route("/v1/uploads/{id}/complete", post(uploads::complete))
        .route("/v1/sign-in/otp", post(identity::request_otp))
        .route("/v1/sign-in/otp/verify", post(identity::verify_otp))
        .route("/v1/sign-in/staff", post(identity::staff_sign_in))
        .route("/v1/devices", post(identity::register_device))
        .route("/v1/sign-out", post(identity::sign_out))
        .route("/v1/me", get(identity::me))
        .route("/v1/profile", get(identity::profile))
        .route("/v1/e-licences", get(identity::e_licences))
        .route(
            "/v1/delegations",
            post(delegations::create).get(delegations::list),
        )
        .route("/v1/delegations/{id}/revoke", post(delegations::revoke))
        .route("/v1/activity", get(delegations::activity));
    if state.admin {
        router = router
            .route(
                "/admin/faults",
                post(faults::set_faults).delete(faults::clear_faults),
            )
            .route("/admin/stats", get(faults::stats))
            .route("/admin/forms", post(forms::publish))
            .route(
                "/admin/cases/{case_number}/transition",
                post(backoffice::case_transition),
            )
            .route(
                "/admin/hotline/{id}/transition",
                post(hotline::admin_transition),
            )
            .route(
                "/admin/staff-calls/{id}/answer",
                post(staff_calls::admin_answer),
            )
            .route("/admin/reminders", post(notifications::raise_reminder))
            .route("/admin/sessions", post(backoffice::create_session))
            .route("/admin/back-office/tick", post(backoffice::tick_now));
    }
    // Every error answer is problem+json, whichever layer produced it (see `problem.rs`).
    router
        .fallback(problem::no_such_path)
        .layer(DefaultBodyLimit::max(problem::MAX_BODY_BYTES))
        .layer(axum::middleware::map_response(problem::errors_as_problems))
        .with_state(state)
}

/// A server running on a background task; dropping it (or [`RunningServer::shutdown`]) stops it.
pub struct RunningServer {
    pub addr: SocketAddr,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
    back_office: Option<tokio::task::JoinHandle<()>>,
}

impl RunningServer {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn shutdown(mut self) {
        if let Some(back_office) = self.back_office.take() {
            back_office.abort();
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(back_office) = self.back_office.take() {
            back_office.abort();
        }
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// Starts the server on `addr` (port 0 picks a free one) with its database at `db_path`, without
/// the admin routes.
pub async fn spawn(addr: SocketAddr, db_path: &Path) -> Result<RunningServer, ServerError> {
    spawn_with(addr, db_path, ServerOptions::default()).await
}

/// [`spawn`] with options (`admin: true` mounts fault injection).
pub async fn spawn_with(
    addr: SocketAddr,
    db_path: &Path,
    options: ServerOptions,
) -> Result<RunningServer, ServerError> {
    spawn_configured(addr, db_path, options.into()).await
}

/// [`spawn`] with every setting of [`ServerConfig`].
pub async fn spawn_configured(
    addr: SocketAddr,
    db_path: &Path,
    config: ServerConfig,
) -> Result<RunningServer, ServerError> {
    let db = open_database_with(db_path, config.catalogue).await?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = oneshot::channel::<()>();
    let state = AppState::new(db.clone(), &config);
    let back_office = config
        .back_office_tick
        .map(|every| backoffice::spawn(state.clone(), every));
    let app = routes(state);
    // Idempotency keys older than their retention go every hour (and at every open).
    let purger = {
        let db = db.clone();
        tokio::spawn(async move {
            let mut every = tokio::time::interval(Duration::from_secs(3600));
            every.tick().await;
            loop {
                every.tick().await;
                if let Err(e) = purge_idempotency_keys(&db, time::OffsetDateTime::now_utc()).await {
                    tracing::warn!(error = %e, "idempotency keys not purged");
                }
            }
        })
    };
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "reference server stopped");
        }
        purger.abort();
        db.close().await;
    });
    Ok(RunningServer {
        addr,
        shutdown: Some(tx),
        task: Some(task),
        back_office,
    })
}
