//! The commands the UI invokes: one call into the core each, errors mapped to `UiError`.
//! Nothing else here: rules belong in `bianmin-core`.

use bianmin_core::view::{AppInfo, ApplicationSummary, Draft, Receipt, SaveOutcome, ServiceList};
use bianmin_core::{Bianmin, UiError};
use tauri::State;

type Reply<T> = Result<T, UiError>;

#[tauri::command]
pub async fn app_info(app: State<'_, Bianmin>) -> Reply<AppInfo> {
    Ok(app.info())
}

#[tauri::command]
pub async fn list_services(app: State<'_, Bianmin>) -> Reply<ServiceList> {
    Ok(app.list_services().await?)
}

#[tauri::command]
pub async fn start_application(app: State<'_, Bianmin>, service_code: String) -> Reply<Draft> {
    Ok(app.start_application(&service_code).await?)
}

#[tauri::command]
pub async fn get_draft(app: State<'_, Bianmin>, draft_id: String) -> Reply<Draft> {
    Ok(app.get_draft(&draft_id).await?)
}

#[tauri::command]
pub async fn save_answer(
    app: State<'_, Bianmin>,
    draft_id: String,
    link_id: String,
    values: Vec<String>,
) -> Reply<SaveOutcome> {
    Ok(app.save_answer(&draft_id, &link_id, &values).await?)
}

#[tauri::command]
pub async fn submit_application(app: State<'_, Bianmin>, draft_id: String) -> Reply<Receipt> {
    Ok(app.submit_application(&draft_id).await?)
}

#[tauri::command]
pub async fn my_applications(app: State<'_, Bianmin>) -> Reply<Vec<ApplicationSummary>> {
    Ok(app.my_applications().await?)
}
