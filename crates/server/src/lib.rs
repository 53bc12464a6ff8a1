//! The reference one-stop services backend (一网通办 reference server).
//!
//! Implements the `/v1` contract of `bianmin-api` faithfully: it validates with the same form rules
//! as the app (`bianmin-forms`), persists to its own SQLite file, and enforces `Idempotency-Key`.
//! The app starts it in-process in practice mode; tests start it on a loopback port.
//! Must never listen on anything but the address it is given (loopback in practice mode).

mod applications;
mod auth;
mod catalogue;
mod demo;
mod faults;
mod forms;
mod problem;

pub use demo::DemoCatalogue;
pub use faults::{FaultAction, FaultRequest};
pub use forms::{PublishForm, Published};

use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
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
    /// Serializes submissions so an idempotency key is checked and recorded atomically
    /// (sqlx offers no BEGIN IMMEDIATE on a pooled connection).
    pub submit_lock: Arc<Mutex<()>>,
    /// Whether the admin routes (fault injection) are mounted.
    pub admin: bool,
    pub faults: faults::Faults,
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
    Ok(db)
}

pub fn router(db: SqlitePool, options: ServerOptions) -> Router {
    let state = AppState {
        db,
        submit_lock: Arc::new(Mutex::new(())),
        admin: options.admin,
        faults: faults::Faults::default(),
    };
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
        );
    if options.admin {
        router = router
            .route(
                "/admin/faults",
                post(faults::set_faults).delete(faults::clear_faults),
            )
            .route("/admin/stats", get(faults::stats))
            .route("/admin/forms", post(forms::publish));
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
}

impl RunningServer {
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub async fn shutdown(mut self) {
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
    let options = ServerOptions {
        admin: config.admin,
    };
    let db = open_database_with(db_path, config.catalogue).await?;
    let listener = tokio::net::TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let (tx, rx) = oneshot::channel::<()>();
    let app = router(db.clone(), options);
    let task = tokio::spawn(async move {
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = rx.await;
            })
            .await;
        if let Err(e) = served {
            tracing::error!(error = %e, "reference server stopped");
        }
        db.close().await;
    });
    Ok(RunningServer {
        addr,
        shutdown: Some(tx),
        task: Some(task),
    })
}
