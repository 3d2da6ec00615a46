//! Trainings, sessions and their audit trail (`shared/API.md`, "Trainings and sessions").

use contract::{
    CreateTraining, HistoryEntry, Session, SessionList, SessionListQuery, SessionPatch, SessionUpdated, Training,
    TrainingList, TrainingListQuery, TrainingPatch,
};
use gloo_net::http::Request;

use super::{ApiFailure, Auth, get, patch, post, send, with_auth, with_query};

/// A path segment from a reference typed in the address bar.
fn segment(reference: &str) -> String {
    String::from(js_sys::encode_uri_component(reference))
}

/// `GET /api/trainings?tab=&q=&page=&per_page=`.
pub async fn trainings(query: TrainingListQuery) -> Result<TrainingList, ApiFailure> {
    get(Request::get(&with_query("/api/trainings", &query)), Auth::User).await
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

/// `GET /api/sessions?period=&role=&state=&q=&session_start_from=…&page=&per_page=`.
pub async fn sessions(query: SessionListQuery) -> Result<SessionList, ApiFailure> {
    get(Request::get(&with_query("/api/sessions", &query)), Auth::User).await
}

/// `GET /api/sessions/{reference}/outcomes` ("Ratio suite de parcours", R-OUT-3).
pub async fn session_outcomes(reference: String) -> Result<contract::SessionOutcomes, ApiFailure> {
    get(Request::get(&format!("/api/sessions/{}/outcomes", segment(&reference))), Auth::User).await
}

/// `GET /api/outcomes`: the funder's ended sessions and their total (R-OUT-3).
pub async fn funder_outcomes() -> Result<contract::FunderOutcomes, ApiFailure> {
    get(Request::get("/api/outcomes"), Auth::User).await
}

/// `PUT /api/applications/{reference}/outcome` (R-OUT-1).
pub async fn record_outcome(
    reference: String,
    outcome: domain::application::Outcome,
) -> Result<contract::TraineeOutcome, ApiFailure> {
    let body = contract::OutcomeBody { outcome };
    patch(Request::put(&format!("/api/applications/{}/outcome", segment(&reference))), &body, Auth::User).await
}
