//! The commands the UI invokes: one call into the core each, errors mapped to `UiError`.
//! Nothing else here: rules belong in `bianmin-core`.

use crate::core_state::Core;
use bianmin_api::Message;
use bianmin_api::ServiceSummary;
use bianmin_core::view::{
    Account, AppInfo, ApplicationSummary, BundleGroup, BundleJourney, BundleOffer,
    BundleSaveOutcome, BundleSubmitted, CaseNews, CaseView, Draft, HotlineView, Receipt,
    ReminderView, SaveOutcome, ServiceList, SessionEnded, SignInChallenge, SignInState,
    StaffCallView,
};
use bianmin_core::{ErrorKind, UiError};
use tauri::ipc::{InvokeBody, Request, Response};
use tauri::State;

type Reply<T> = Result<T, UiError>;

#[tauri::command]
pub async fn app_info(app: State<'_, Core>) -> Reply<AppInfo> {
    Ok(app.info())
}

#[tauri::command]
pub async fn list_services(app: State<'_, Core>) -> Reply<ServiceList> {
    Ok(app.get()?.list_services().await?)
}

#[tauri::command]
pub async fn search_services(app: State<'_, Core>, query: String) -> Reply<Vec<ServiceSummary>> {
    Ok(app.get()?.search_services(&query).await?)
}

/// The life-event bundles a search finds, best first, from the cache (works offline).
#[tauri::command]
pub async fn search_bundles(app: State<'_, Core>, query: String) -> Reply<Vec<BundleOffer>> {
    Ok(app.get()?.search_bundles(&query).await?)
}

#[tauri::command]
pub async fn start_application(app: State<'_, Core>, service_code: String) -> Reply<Draft> {
    Ok(app.get()?.start_application(&service_code).await?)
}

#[tauri::command]
pub async fn get_draft(app: State<'_, Core>, draft_id: String) -> Reply<Draft> {
    Ok(app.get()?.get_draft(&draft_id).await?)
}

#[tauri::command]
pub async fn save_answer(
    app: State<'_, Core>,
    draft_id: String,
    link_id: String,
    values: Vec<String>,
) -> Reply<SaveOutcome> {
    Ok(app.get()?.save_answer(&draft_id, &link_id, &values).await?)
}

/// Removes an answer kept for review after the form changed (`Draft::review`).
#[tauri::command]
pub async fn discard_answer(
    app: State<'_, Core>,
    draft_id: String,
    link_id: String,
) -> Reply<Draft> {
    Ok(app.get()?.discard_answer(&draft_id, &link_id).await?)
}

/// Adds a file to an attachment question (or replaces one). The body is the file's raw bytes
/// (the UI sends a `Uint8Array`, so a 20 MB file is not turned into JSON); the other arguments
/// come as headers, percent-encoded UTF-8: `draft-id`, `link-id`, `file-name` and, to replace a
/// file, `replace`.
#[tauri::command]
pub async fn attach_file(app: State<'_, Core>, request: Request<'_>) -> Reply<Draft> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(bad_request());
    };
    let header = |name: &str| -> Option<String> {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(percent_decode)
    };
    let (Some(draft_id), Some(link_id)) = (header("draft-id"), header("link-id")) else {
        return Err(bad_request());
    };
    let file_name = header("file-name").unwrap_or_default();
    let replace = header("replace").filter(|r| !r.is_empty());
    Ok(app
        .get()?
        .attach_file(&draft_id, &link_id, &file_name, bytes, replace.as_deref())
        .await?)
}

/// Removes one file from its attachment question.
#[tauri::command]
pub async fn remove_attachment(
    app: State<'_, Core>,
    draft_id: String,
    attachment_id: String,
) -> Reply<Draft> {
    Ok(app
        .get()?
        .remove_attachment(&draft_id, &attachment_id)
        .await?)
}

/// The bytes of an attached photo, raw (an `ArrayBuffer` in the UI), for its preview.
#[tauri::command]
pub async fn attachment_preview(app: State<'_, Core>, attachment_id: String) -> Reply<Response> {
    Ok(Response::new(
        app.get()?.attachment_preview(&attachment_id).await?,
    ))
}

fn bad_request() -> UiError {
    UiError {
        kind: ErrorKind::Invalid,
        message: Message::new("error-invalid-request"),
        fields: Vec::new(),
    }
}

/// `%XX` escapes to bytes, then UTF-8 (lossy); anything else as it is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tauri::command]
pub async fn submit_application(app: State<'_, Core>, draft_id: String) -> Reply<Receipt> {
    Ok(app.get()?.submit_application(&draft_id).await?)
}

#[tauri::command]
pub async fn my_applications(app: State<'_, Core>) -> Reply<Vec<ApplicationSummary>> {
    Ok(app.get()?.my_applications().await?)
}

// --- Following a case -----------------------------------------------------------------------

#[tauri::command]
pub async fn get_case(app: State<'_, Core>, case_number: String) -> Reply<CaseView> {
    Ok(app.get()?.get_case(&case_number).await?)
}

#[tauri::command]
pub async fn withdraw_application(
    app: State<'_, Core>,
    case_number: String,
    reason: Option<String>,
) -> Reply<CaseView> {
    Ok(app
        .get()?
        .withdraw_application(&case_number, reason.as_deref())
        .await?)
}

#[tauri::command]
pub async fn rate_case(
    app: State<'_, Core>,
    case_number: String,
    level: u8,
    comment: Option<String>,
) -> Reply<CaseView> {
    Ok(app
        .get()?
        .rate_case(&case_number, level, comment.as_deref())
        .await?)
}

/// Opens the supplement (补正) to a case's current request for material, as a draft.
#[tauri::command]
pub async fn start_supplement(app: State<'_, Core>, case_number: String) -> Reply<Draft> {
    Ok(app.get()?.start_supplement(&case_number).await?)
}

/// Sends a supplement through the outbox (exactly once); the case as it is afterwards.
#[tauri::command]
pub async fn submit_supplement(app: State<'_, Core>, draft_id: String) -> Reply<CaseView> {
    Ok(app.get()?.submit_supplement(&draft_id).await?)
}

// --- 12345 requests ---------------------------------------------------------------------------

/// Resumes or starts the 12345 request (a draft of the request form: answered, attached and
/// submitted with the draft commands).
#[tauri::command]
pub async fn start_hotline_request(app: State<'_, Core>) -> Reply<Draft> {
    Ok(app.get()?.start_hotline_request().await?)
}

#[tauri::command]
pub async fn get_hotline_request(app: State<'_, Core>, id: String) -> Reply<HotlineView> {
    Ok(app.get()?.get_hotline_request(&id).await?)
}

#[tauri::command]
pub async fn rate_hotline_request(
    app: State<'_, Core>,
    id: String,
    level: u8,
    comment: Option<String>,
) -> Reply<HotlineView> {
    Ok(app
        .get()?
        .rate_hotline_request(&id, level, comment.as_deref())
        .await?)
}

/// One round of the case watcher now ("Check for news"); the news is also pushed as `case-news`.
#[tauri::command]
pub async fn refresh_cases(app: State<'_, Core>) -> Reply<Vec<CaseNews>> {
    Ok(app.get()?.refresh_cases().await?)
}

/// The language the UI shows, so that desktop notifications are in it too.
#[tauri::command]
pub async fn set_language(language: State<'_, crate::news::Language>, lang: String) -> Reply<()> {
    language.set(&lang);
    Ok(())
}

#[tauri::command]
pub async fn request_sign_in_code(app: State<'_, Core>, mobile: String) -> Reply<SignInChallenge> {
    Ok(app.get()?.request_sign_in_code(&mobile).await?)
}

#[tauri::command]
pub async fn sign_in(app: State<'_, Core>, challenge_id: String, code: String) -> Reply<Account> {
    Ok(app.get()?.sign_in(&challenge_id, &code).await?)
}

#[tauri::command]
pub async fn sign_out(app: State<'_, Core>) -> Reply<()> {
    Ok(app.get()?.sign_out().await?)
}

#[tauri::command]
pub async fn signed_in(app: State<'_, Core>) -> Reply<SignInState> {
    Ok(app.get()?.signed_in().await?)
}

// --- A kiosk's visits -------------------------------------------------------------------------

/// What finishing the resident's visit would do (applications still on their way, refused ones
/// that would be removed), for the confirmation page.
#[tauri::command]
pub async fn visit_pending(app: State<'_, Core>) -> Reply<SessionEnded> {
    Ok(app.get()?.visit_pending().await?)
}

/// At a kiosk: calls a member of staff to this machine (the help panel); a call of this visit
/// still open is answered instead of calling again.
#[tauri::command]
pub async fn call_staff(app: State<'_, Core>) -> Reply<StaffCallView> {
    Ok(app.get()?.call_staff().await?)
}

/// Where this kiosk's call for staff stands (the help panel asks every few seconds).
#[tauri::command]
pub async fn staff_call(app: State<'_, Core>, id: String) -> Reply<StaffCallView> {
    Ok(app.get()?.staff_call(&id).await?)
}

/// The resident no longer needs a member of staff.
#[tauri::command]
pub async fn cancel_staff_call(app: State<'_, Core>, id: String) -> Reply<StaffCallView> {
    Ok(app.get()?.cancel_staff_call(&id).await?)
}

/// Ends the resident's visit at a kiosk: their data leaves the database (the core) and the
/// webview's storage (here: local storage, caches, cookies). The UI reloads itself after it, so
/// nothing of the visit stays in the page's memory either.
#[tauri::command]
pub async fn finish_visit<R: tauri::Runtime>(
    app: State<'_, Core>,
    webview: tauri::Webview<R>,
) -> Reply<SessionEnded> {
    let ended = app.get()?.finish_visit().await?;
    if let Err(e) = webview.clear_all_browsing_data() {
        tracing::warn!(error = %e, "the webview's storage could not be cleared");
        return Err(bianmin_core::CoreError::WebviewStorage(e.to_string()).into());
    }
    Ok(ended)
}

// --- Reminders (未诉先办) ---------------------------------------------------------------------

/// The reminders due for the signed-in resident (none when signed out); the cache offline.
#[tauri::command]
pub async fn reminders(app: State<'_, Core>) -> Reply<Vec<ReminderView>> {
    Ok(app.get()?.reminders().await?)
}

/// Starts the service a reminder names; the reminder is done. Answers the draft.
#[tauri::command]
pub async fn start_reminder(app: State<'_, Core>, reminder_id: String) -> Reply<Draft> {
    Ok(app.get()?.start_reminder(&reminder_id).await?)
}

/// The resident dismissed a reminder; answers the reminders still due.
#[tauri::command]
pub async fn dismiss_reminder(
    app: State<'_, Core>,
    reminder_id: String,
) -> Reply<Vec<ReminderView>> {
    Ok(app.get()?.dismiss_reminder(&reminder_id).await?)
}

#[cfg(test)]
mod tests {
    use super::percent_decode;

    #[test]
    fn file_names_arrive_whole() {
        assert_eq!(
            percent_decode("%E8%AF%81%E4%BB%B6%E7%85%A7.png"),
            "证件照.png"
        );
        assert_eq!(percent_decode("a%20b%"), "a b%");
        assert_eq!(percent_decode("100%zz"), "100%zz");
    }
}

/// The life-event bundles (一件事一次办) there are; the cache offline.
#[tauri::command]
pub async fn bundles(app: State<'_, Core>) -> Reply<Vec<BundleOffer>> {
    Ok(app.get()?.bundles().await?)
}

/// Starts a bundle journey, or resumes the one not sent yet.
#[tauri::command]
pub async fn start_bundle(app: State<'_, Core>, code: String) -> Reply<BundleJourney> {
    Ok(app.get()?.start_bundle(&code).await?)
}

#[tauri::command]
pub async fn get_bundle(app: State<'_, Core>, bundle_id: String) -> Reply<BundleJourney> {
    Ok(app.get()?.get_bundle(&bundle_id).await?)
}

/// Saves an answer in a journey: a shared question's into every draft of it.
#[tauri::command]
pub async fn save_bundle_answer(
    app: State<'_, Core>,
    bundle_id: String,
    draft_id: String,
    link_id: String,
    values: Vec<String>,
) -> Reply<BundleSaveOutcome> {
    Ok(app
        .get()?
        .save_bundle_answer(&bundle_id, &draft_id, &link_id, &values)
        .await?)
}

/// The one "Send" of a journey: one application per service, or the problems and nothing sent.
#[tauri::command]
pub async fn submit_bundle(app: State<'_, Core>, bundle_id: String) -> Reply<BundleSubmitted> {
    Ok(app.get()?.submit_bundle(&bundle_id).await?)
}

/// The journeys of the party at the screen, for grouping "My applications".
#[tauri::command]
pub async fn my_bundles(app: State<'_, Core>) -> Reply<Vec<BundleGroup>> {
    Ok(app.get()?.my_bundles().await?)
}
