//! Trainings, sessions and their audit trail (`shared/API.md`, "Trainings and sessions").

use contract::{
    CreateTraining, HistoryEntry, Session, SessionList, SessionListQuery, SessionPatch, SessionUpdated, Training,
    TrainingList, TrainingListQuery, TrainingPatch,
};
use domain::session::SessionState;
use domain::training::TrainingTab;
use gloo_net::http::Request;

use super::{ApiFailure, Auth, get, patch, post, send, with_auth};

/// A path segment from a reference typed in the address bar.
fn segment(reference: &str) -> String {
    String::from(js_sys::encode_uri_component(reference))
}

/// The API code of a tab (`published`…), as serde writes it.
pub fn tab_code(tab: TrainingTab) -> String {
    serde_json::to_value(tab).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// The tab of an API code, if it is one.
pub fn tab_of(code: &str) -> Option<TrainingTab> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).ok()
}

/// A list endpoint with its query string, written from the contract's query type.
fn list_request(path: &str, query: &impl serde::Serialize) -> gloo_net::http::RequestBuilder {
    // The query types hold only strings, numbers, dates and enums: writing them cannot fail.
    let query = serde_urlencoded::to_string(query).unwrap_or_default();
    Request::get(&if query.is_empty() { path.to_owned() } else { format!("{path}?{query}") })
}

/// `GET /api/trainings?tab=&q=&sort=&page=&per_page=`.
pub async fn trainings(query: &TrainingListQuery) -> Result<TrainingList, ApiFailure> {
    get(list_request("/api/trainings", query), Auth::User).await
}

/// `GET /api/trainings/{reference}`.
pub async fn training(reference: String) -> Result<Training, ApiFailure> {
    get(Request::get(&format!("/api/trainings/{}", segment(&reference))), Auth::User).await
}

/// `PATCH /api/trainings/{reference}` with the changed fields only.
pub async fn update_training(reference: String, changes: TrainingPatch) -> Result<Training, ApiFailure> {
    patch(Request::patch(&format!("/api/trainings/{}", segment(&reference))), &changes, Auth::User).await
}

/// `POST /api/trainings` (platform admin).
pub async fn create_training(body: CreateTraining) -> Result<Training, ApiFailure> {
    post("/api/trainings", &body, Auth::User).await
}

/// `POST /api/trainings/{reference}/certification/approve` or `…/reject` (platform admin).
pub async fn review_certification(reference: String, approve: bool) -> Result<Training, ApiFailure> {
    let verb = if approve { "approve" } else { "reject" };
    let path = format!("/api/trainings/{}/certification/{verb}", segment(&reference));
    send(with_auth(Request::post(&path), Auth::User).build(), Auth::User).await
}

/// `GET /api/trainings/{reference}/history`.
pub async fn training_history(reference: String) -> Result<Vec<HistoryEntry>, ApiFailure> {
    get(Request::get(&format!("/api/trainings/{}/history", segment(&reference))), Auth::User).await
}

/// `GET /api/sessions/{reference}`; the body's `version` is the `ETag`.
pub async fn session(reference: String) -> Result<Session, ApiFailure> {
    get(Request::get(&format!("/api/sessions/{}", segment(&reference))), Auth::User).await
}

/// `PATCH /api/sessions/{reference}` under `If-Match` with the version read, so no one's change is lost.
pub async fn update_session(
    reference: String,
    version: i64,
    changes: SessionPatch,
) -> Result<SessionUpdated, ApiFailure> {
    let builder =
        Request::patch(&format!("/api/sessions/{}", segment(&reference))).header("If-Match", &format!("\"{version}\""));
    patch(builder, &changes, Auth::User).await
}

/// `GET /api/sessions/{reference}/history`.
pub async fn session_history(reference: String) -> Result<Vec<HistoryEntry>, ApiFailure> {
    get(Request::get(&format!("/api/sessions/{}/history", segment(&reference))), Auth::User).await
}

/// `POST /api/sessions/{reference}/cancel` (funder or platform): pending applications are refused.
pub async fn cancel_session(reference: String) -> Result<Session, ApiFailure> {
    let path = format!("/api/sessions/{}/cancel", segment(&reference));
    send(with_auth(Request::post(&path), Auth::User).build(), Auth::User).await
}

/// The API code of a session state (`late_entry_only`…), as serde writes it.
pub fn session_state_code(state: SessionState) -> String {
    serde_json::to_value(state).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// `GET /api/sessions?period=&role=&state=&q=&session_start_from=…&page=&per_page=`.
pub async fn sessions(query: &SessionListQuery) -> Result<SessionList, ApiFailure> {
    get(list_request("/api/sessions", query), Auth::User).await
}
