//! Applications (candidatures): lists, the application page, decisions, batch, CSV, dashboard, and the
//! prescriber's availability search and intake (`shared/API.md`, "Applications").

use contract::{
    ApplicationCsvQuery, ApplicationDetail, ApplicationList, ApplicationListQuery, ApplicationReceived,
    AvailabilityQuery, AvailableSession, BatchRequest, BatchResults, DashboardCounts, NewApplication,
    SessionApplicationsQuery,
};
use domain::application::ApplicationState;
use domain::decision::DecisionDraftInput;
use gloo_net::http::Request;

use super::{ApiFailure, Auth, failure_from, get, patch, search_text, send, with_auth, with_query};

/// A path segment from a reference typed in the address bar.
fn segment(reference: &str) -> String {
    String::from(js_sys::encode_uri_component(reference))
}

/// `GET /api/applications?…`.
pub async fn applications(query: ApplicationListQuery) -> Result<ApplicationList, ApiFailure> {
    get(Request::get(&with_query("/api/applications", &query)), Auth::User).await
}

/// `GET /api/sessions/{reference}/applications?state=&q=&sort=&page=&per_page=`.
pub async fn session_applications(
    reference: String,
    query: SessionApplicationsQuery,
) -> Result<ApplicationList, ApiFailure> {
    let path = format!("/api/sessions/{}/applications", segment(&reference));
    get(Request::get(&with_query(&path, &query)), Auth::User).await
}

/// `GET /api/sessions/{reference}/applications.csv`, saved by the browser under the server's file name.
pub async fn download_csv(reference: String, state: Option<ApplicationState>, text: String) -> Result<(), ApiFailure> {
    let query = ApplicationCsvQuery { state, q: search_text(&text) };
    let path = with_query(&format!("/api/sessions/{}/applications.csv", segment(&reference)), &query);
    let builder = with_auth(Request::get(&path), Auth::User);
    let response = builder.send().await.map_err(|_| ApiFailure::network())?;
    if !response.ok() {
        return Err(failure_from(response, Auth::User).await);
    }
    let name = response
        .headers()
        .get("Content-Disposition")
        .and_then(|value| value.split("filename=\"").nth(1).map(|rest| rest.trim_end_matches('"').to_owned()))
        .unwrap_or_else(|| format!("candidatures-session-{reference}.csv"));
    let bytes = response.binary().await.map_err(|_| ApiFailure::unexpected(200))?;
    crate::download::save(&bytes, "text/csv;charset=utf-8", &name).map_err(|_| ApiFailure::unexpected(200))
}

/// `POST /api/sessions/{reference}/applications/batch`.
pub async fn batch(reference: String, request: BatchRequest) -> Result<BatchResults, ApiFailure> {
    let path = format!("/api/sessions/{}/applications/batch", segment(&reference));
    send(with_auth(Request::post(&path), Auth::User).json(&request), Auth::User).await
}

/// `GET /api/applications/{reference}`.
pub async fn application(reference: String) -> Result<ApplicationDetail, ApiFailure> {
    get(Request::get(&format!("/api/applications/{}", segment(&reference))), Auth::User).await
}

/// `PUT /api/applications/{reference}/decision`: saves the draft.
pub async fn save_decision(reference: String, draft: DecisionDraftInput) -> Result<ApplicationDetail, ApiFailure> {
    patch(Request::put(&format!("/api/applications/{}/decision", segment(&reference))), &draft, Auth::User).await
}

/// `POST /api/applications/{reference}/decision/validate`: makes the decision final.
pub async fn validate_decision(reference: String) -> Result<ApplicationDetail, ApiFailure> {
    let path = format!("/api/applications/{}/decision/validate", segment(&reference));
    send(with_auth(Request::post(&path), Auth::User).build(), Auth::User).await
}

/// `GET /api/dashboard/application-counts`.
pub async fn dashboard() -> Result<DashboardCounts, ApiFailure> {
    get(Request::get("/api/dashboard/application-counts"), Auth::User).await
}

/// `GET /api/availability?department=&commune=&from=&to=&q=`.
pub async fn availability(query: AvailabilityQuery) -> Result<Vec<AvailableSession>, ApiFailure> {
    get(Request::get(&with_query("/api/availability", &query)), Auth::User).await
}

/// `POST /api/sessions/{reference}/applications` with an `Idempotency-Key` per form submission.
pub async fn apply(reference: String, body: NewApplication, key: String) -> Result<ApplicationReceived, ApiFailure> {
    let path = format!("/api/sessions/{}/applications", segment(&reference));
    let builder = with_auth(Request::post(&path).header("Idempotency-Key", &key), Auth::User);
    send(builder.json(&body), Auth::User).await
}
