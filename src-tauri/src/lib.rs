//! The desktop shell: builds the Tauri app, resolves the backend (starting the reference backend
//! in practice mode), opens the local store and registers the commands.
//!
//! Architecture invariant: this crate is the only one that knows Tauri. Commands are thin; all
//! behaviour lives in `bianmin-core`.

pub mod commands;
pub mod config;
pub mod core_state;
pub mod news;

use bianmin_core::i18n::Localizer;
use bianmin_core::{BackendClient, Bianmin, KeyStore, OutboxWorker, Store};
use config::Backend;
use core_state::Core;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tauri::{Manager, Runtime};

/// What runs beside the app and lives as long as it: the reference backend of practice mode, and
/// the outbox's sender.
pub struct Background {
    _practice: Option<bianmin_server::RunningServer>,
    _outbox: OutboxWorker,
}

/// The watcher of open cases (`bianmin_core::CaseWatcher`); lives as long as the app.
pub struct CaseWatch(pub Option<bianmin_core::CaseWatcher>);

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Config(#[from] config::ConfigError),
    #[error("the practice backend could not start: {0}")]
    Practice(#[from] bianmin_server::ServerError),
    #[error("the local store could not be opened: {0}")]
    Store(#[from] bianmin_core::CoreError),
    #[error("the data directory {0} cannot be created: {1}")]
    DataDir(String, std::io::Error),
}

/// Registers the commands; used by [`run`] and by tests with `tauri::test::mock_builder()`.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .manage(news::Language::default())
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::list_services,
            commands::search_services,
            commands::search_bundles,
            commands::start_application,
            commands::get_draft,
            commands::save_answer,
            commands::discard_answer,
            commands::attach_file,
            commands::remove_attachment,
            commands::attachment_preview,
            commands::submit_application,
            commands::my_applications,
            commands::get_case,
            commands::withdraw_application,
            commands::rate_case,
            commands::start_supplement,
            commands::submit_supplement,
            commands::start_hotline_request,
            commands::get_hotline_request,
            commands::rate_hotline_request,
            commands::refresh_cases,
            commands::set_language,
            commands::request_sign_in_code,
            commands::sign_in,
            commands::sign_out,
            commands::signed_in,
            commands::visit_pending,
            commands::call_staff,
            commands::staff_call,
            commands::cancel_staff_call,
            commands::finish_visit,
            commands::reminders,
            commands::start_reminder,
            commands::dismiss_reminder,
            commands::bundles,
            commands::start_bundle,
            commands::get_bundle,
            commands::save_bundle_answer,
            commands::submit_bundle,
            commands::my_bundles,
        ])
}

/// Opens the store in `data_dir` with the data key from `keys` (the OS keyring in the app), connects
/// to the backend, starting the practice one if needed, and starts the outbox's sender. A kiosk
/// (`kiosk`) wipes what an unfinished visit left and begins the first visit.
pub async fn start_core(
    backend: Backend,
    data_dir: &Path,
    keys: Arc<dyn KeyStore>,
    kiosk: bool,
) -> Result<(Bianmin, Background), StartError> {
    std::fs::create_dir_all(data_dir)
        .map_err(|e| StartError::DataDir(data_dir.display().to_string(), e))?;
    let (url, practice) = match backend {
        Backend::Remote(url) => (url, None),
        Backend::Practice => {
            // Loopback only: practice mode must never be reachable from the network. Its admin
            // routes (fault injection) let staff practise what a failing backend looks like.
            let server = bianmin_server::spawn_configured(
                SocketAddr::from(([127, 0, 0, 1], 0)),
                &data_dir.join("practice-backend.sqlite"),
                bianmin_server::ServerConfig {
                    admin: true,
                    // Practice mode shows the whole demo catalogue, every life event.
                    catalogue: bianmin_server::DemoCatalogue::Full,
                    // The simulated back office moves practice cases and 12345 requests on,
                    // one step every 20 s, so staff see a case reach "done".
                    back_office_tick: news::practice_tick(),
                    // The one-time sign-in code is shown on screen: there is no SMS to read.
                    practice: true,
                },
            )
            .await?;
            (server.base_url(), Some(server))
        }
    };
    let store = Store::open(&data_dir.join("bianmin.sqlite"), keys.as_ref()).await?;
    let client = BackendClient::new(&url)?;
    // The signed-in session lives in the same keyring as the data key.
    let app = Bianmin::new(store, client, practice.is_some())
        .with_key_store(keys)
        .with_kiosk(kiosk);
    if kiosk {
        // Nobody's visit carries over to the next person at the screen.
        let left = app.start_kiosk().await?;
        tracing::info!(
            removed = left.removed,
            still_sending = left.still_sending,
            "kiosk started; an unfinished visit's data was wiped"
        );
    } else if let Err(e) = app.restore_session().await {
        // Signed out then: the resident signs in again; nothing else depends on it.
        tracing::warn!(error = %e, "the kept session could not be restored");
    }
    let outbox = app.spawn_outbox_worker();
    Ok((
        app,
        Background {
            _practice: practice,
            _outbox: outbox,
        },
    ))
}

fn data_dir<R: Runtime>(app: &tauri::App<R>) -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os(config::DATA_DIR_ENV) {
        return Ok(PathBuf::from(dir));
    }
    app.path().app_data_dir().map_err(|e| e.to_string())
}

/// Gives keyboard focus to the web content, so a screen reader announces the page rather than the
/// window's empty GTK container (WebKitGTK does not focus the webview by itself).
fn focus_web_content<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    let _ = window.set_focus();
    #[cfg(target_os = "linux")]
    {
        let _ = window.with_webview(|webview| {
            use gtk::prelude::WidgetExt;
            webview.inner().grab_focus();
        });
    }
}

/// Resolves the backend and starts the core with the OS keyring; on failure, the error and whether
/// practice mode was meant (the UI still labels it).
fn start<R: Runtime>(
    args: &[String],
    app: &tauri::App<R>,
) -> Result<(Bianmin, Background), (StartError, bool)> {
    let config_dir = app.path().app_config_dir().ok();
    let backend = config::resolve(
        args,
        std::env::var(config::BACKEND_ENV).ok(),
        config_dir.as_deref(),
    )
    .map_err(|e| (StartError::from(e), false))?;
    let practice = backend == Backend::Practice;
    let kiosk = config::kiosk(
        args,
        std::env::var(config::KIOSK_ENV).ok(),
        config_dir.as_deref(),
    )
    .map_err(|e| (StartError::from(e), practice))?;
    let idle = config::kiosk_idle_secs(
        std::env::var(config::KIOSK_IDLE_ENV).ok(),
        config_dir.as_deref(),
    )
    .map_err(|e| (StartError::from(e), practice))?;
    let place = config::kiosk_place(
        std::env::var(config::KIOSK_PLACE_ENV).ok(),
        config_dir.as_deref(),
        config::host_name,
    )
    .map_err(|e| (StartError::from(e), practice))?;
    let dir = data_dir(app).map_err(|e| {
        (
            StartError::DataDir(e, std::io::Error::other("no data directory")),
            practice,
        )
    })?;
    let keys = Arc::new(bianmin_core::KeyringKeyStore::new());
    tauri::async_runtime::block_on(start_core(backend, &dir, keys, kiosk))
        .map(|(app, background)| {
            (
                app.with_kiosk_idle_secs(idle).with_kiosk_place(&place),
                background,
            )
        })
        .map_err(|e| (e, practice))
}

pub fn run() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = with_commands(tauri::Builder::default())
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            let (core, background) = match start(&args, app) {
                Ok((core, background)) => (Core::Ready(core), Some(background)),
                Err((e, practice_mode)) => {
                    tracing::error!(error = %e, "the app starts without its store");
                    (Core::unavailable(&e, practice_mode), None)
                }
            };
            tracing::info!(practice = core.info().practice_mode, backend = %core.info().backend_url, "started");
            // The watcher of open cases and reminders: news goes to the window and the desktop.
            let watcher = match &core {
                Core::Ready(ready) => {
                    let handle = app.handle().clone();
                    let reminders_handle = app.handle().clone();
                    let every = news::watch_interval();
                    Some(tauri::async_runtime::block_on(async {
                        ready.spawn_case_watcher(
                            every,
                            move |found| {
                                let lang = handle.state::<news::Language>().get();
                                news::tell(&handle, &lang, &found);
                            },
                            move |found| {
                                let lang = reminders_handle.state::<news::Language>().get();
                                news::tell_reminders(&reminders_handle, &lang, &found);
                            },
                        )
                    }))
                }
                Core::Unavailable { .. } => None,
            };
            app.manage(CaseWatch(watcher));
            app.manage(core);
            app.manage(background);
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.set_title(&Localizer::new().format("zh-CN", "app-name", &[]));
                focus_web_content(&window);
            }
            Ok(())
        })
        .run(tauri::generate_context!());
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bianmin: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
