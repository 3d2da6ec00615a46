//! Trainings, sessions and their audit trail (`shared/API.md`, "Trainings and sessions").

use contract::{
    CreateTraining, HistoryEntry, Session, SessionList, SessionPatch, SessionUpdated, Training, TrainingList,
    TrainingPatch,
};
use domain::access::SessionRole;
use domain::session::SessionState;
use domain::training::TrainingTab;
use gloo_net::http::Request;

use super::{ApiFailure, Auth, get, patch, post, send, with_auth};
use crate::format::iso;

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

/// `GET /api/trainings?tab=&q=&page=&per_page=`.
pub async fn trainings(tab: TrainingTab, query: String, page: u32, per_page: u32) -> Result<TrainingList, ApiFailure> {
    let (tab, page, per_page) = (tab_code(tab), page.to_string(), per_page.to_string());
    let mut params = vec![("tab", tab.as_str()), ("page", page.as_str()), ("per_page", per_page.as_str())];
    let query = query.trim().to_owned();
    if !query.is_empty() {
        params.push(("q", query.as_str()));
    }
    get(Request::get("/api/trainings").query(params), Auth::User).await
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

/// Filters of "Gestion par sessions".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SessionFilter {
    /// `true`: sessions terminées; `false`: en cours et à venir.
    pub finished: bool,
    pub role: Option<SessionRole>,
    pub state: Option<SessionState>,
    pub text: String,
    pub start_from: Option<chrono::NaiveDate>,
    pub start_to: Option<chrono::NaiveDate>,
    pub end_from: Option<chrono::NaiveDate>,
    pub end_to: Option<chrono::NaiveDate>,
    pub page: u32,
    pub per_page: u32,
}

/// `GET /api/sessions?period=&role=&state=&q=&session_start_from=…&page=&per_page=`.
pub async fn sessions(filter: SessionFilter) -> Result<SessionList, ApiFailure> {
    let mut params: Vec<(&str, String)> = vec![
        ("period", if filter.finished { "finished" } else { "current" }.to_owned()),
        ("page", filter.page.max(1).to_string()),
        ("per_page", filter.per_page.max(1).to_string()),
    ];
    if let Some(role) = filter.role {
        params.push(("role", role.code().to_owned()));
    }
    if let Some(state) = filter.state {
        params.push(("state", session_state_code(state)));
    }
    if !filter.text.trim().is_empty() {
        params.push(("q", filter.text.trim().to_owned()));
    }
    for (key, value) in [
        ("session_start_from", filter.start_from),
        ("session_start_to", filter.start_to),
        ("session_end_from", filter.end_from),
        ("session_end_to", filter.end_to),
    ] {
        if let Some(day) = value {
            params.push((key, iso(day)));
        }
    }
    get(Request::get("/api/sessions").query(params.iter().map(|(k, v)| (*k, v.as_str()))), Auth::User).await
}
