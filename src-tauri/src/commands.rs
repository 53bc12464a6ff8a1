//! The commands the UI invokes: one call into the core each, errors mapped to `UiError`.
//! Nothing else here: rules belong in `bianmin-core`.

use crate::core_state::Core;
use bianmin_api::ServiceSummary;
use bianmin_core::view::{
    Account, AppInfo, ApplicationSummary, Draft, Receipt, SaveOutcome, ServiceList,
    SignInChallenge, SignInState,
};
use bianmin_core::UiError;
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

#[tauri::command]
pub async fn submit_application(app: State<'_, Core>, draft_id: String) -> Reply<Receipt> {
    Ok(app.get()?.submit_application(&draft_id).await?)
}

#[tauri::command]
pub async fn my_applications(app: State<'_, Core>) -> Reply<Vec<ApplicationSummary>> {
    Ok(app.get()?.my_applications().await?)
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
