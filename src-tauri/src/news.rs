//! News of cases (and new reminders) from the core's watcher: pushed to the UI as the Tauri event `case-news` (the
//! UI shows it and announces it politely) and, where the system has a notification service, as
//! a desktop notification in the UI's language. Nothing here decides what is news: the core does.

use bianmin_core::i18n::Localizer;
use bianmin_core::view::{CaseNews, ReminderView};
use std::sync::Mutex;
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_notification::NotificationExt;

/// The Tauri event the UI listens to; its payload is `CaseNews[]`.
pub const CASE_NEWS_EVENT: &str = "case-news";

/// The Tauri event of reminders new to this computer; its payload is `ReminderView[]`.
pub const REMINDER_NEWS_EVENT: &str = "reminder-news";

/// How often the watcher asks about open cases, in seconds (default 60; tests make it short).
pub const CASE_WATCH_ENV: &str = "BIANMIN_CASE_WATCH_SECS";

/// The UI's language (`set_language`); zh-CN until it says.
pub struct Language(Mutex<String>);

impl Default for Language {
    fn default() -> Self {
        Self(Mutex::new("zh-CN".to_owned()))
    }
}

impl Language {
    pub fn set(&self, lang: &str) {
        if let Ok(mut l) = self.0.lock() {
            lang.clone_into(&mut l);
        }
    }

    pub fn get(&self) -> String {
        self.0
            .lock()
            .map(|l| l.clone())
            .unwrap_or_else(|_| "zh-CN".to_owned())
    }
}

/// How often practice mode's simulated back office moves cases on, in seconds (default 20; `0`
/// turns it off, so that a test moves cases only through `/admin`).
pub const PRACTICE_TICK_ENV: &str = "BIANMIN_PRACTICE_TICK_SECS";

/// The practice back office's interval from [`PRACTICE_TICK_ENV`]; `None` when it is off.
pub fn practice_tick() -> Option<std::time::Duration> {
    match std::env::var(PRACTICE_TICK_ENV)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
    {
        Some(0) => None,
        Some(secs) => Some(std::time::Duration::from_secs(secs)),
        None => Some(std::time::Duration::from_secs(20)),
    }
}

/// The watcher's interval from [`CASE_WATCH_ENV`], or the core's default.
pub fn watch_interval() -> std::time::Duration {
    std::env::var(CASE_WATCH_ENV)
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .filter(|s| *s > 0)
        .map_or(
            bianmin_core::CASE_WATCH_INTERVAL,
            std::time::Duration::from_secs,
        )
}

/// Tells the UI and the desktop. A desktop without a notification service only logs it: the
/// app always shows the news itself.
pub fn tell<R: Runtime>(app: &AppHandle<R>, lang: &str, news: &[CaseNews]) {
    if let Err(e) = app.emit(CASE_NEWS_EVENT, news) {
        tracing::warn!(error = %e, "case news not sent to the window");
    }
    let l = Localizer::new();
    for n in news {
        let service = if lang == "en-US" {
            &n.service_name.en_us
        } else {
            &n.service_name.zh_cn
        };
        let status = l.format(lang, &n.status_message, &[]);
        let title = l.format(lang, "case-news-title", &[]);
        let body = l.format(
            lang,
            "case-news-body",
            &[("service", service.as_str()), ("status", status.as_str())],
        );
        if let Err(e) = app.notification().builder().title(title).body(body).show() {
            tracing::info!(error = %e, "no desktop notification (the app shows the news itself)");
        }
    }
}

/// Tells the UI and the desktop of new reminders (未诉先办): the reminder's own title and text,
/// in the UI's language.
pub fn tell_reminders<R: Runtime>(app: &AppHandle<R>, lang: &str, found: &[ReminderView]) {
    if let Err(e) = app.emit(REMINDER_NEWS_EVENT, found) {
        tracing::warn!(error = %e, "reminders not sent to the window");
    }
    for r in found {
        let (title, body) = if lang == "en-US" {
            (&r.title.en_us, &r.body.en_us)
        } else {
            (&r.title.zh_cn, &r.body.zh_cn)
        };
        if let Err(e) = app.notification().builder().title(title).body(body).show() {
            tracing::info!(error = %e, "no desktop notification (the app shows the reminder itself)");
        }
    }
}
