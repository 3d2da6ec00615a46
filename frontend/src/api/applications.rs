//! Applications (candidatures): lists, the application page, decisions, batch, CSV, dashboard, and the
//! prescriber's availability search and intake (`shared/API.md`, "Applications").

use contract::{
    ApplicationDetail, ApplicationList, ApplicationReceived, AvailableSession, BatchRequest, BatchResults,
    DashboardCounts, NewApplication,
};
use domain::access::SessionRole;
use domain::application::ApplicationState;
use domain::decision::DecisionDraftInput;
use gloo_net::http::Request;

use super::{ApiFailure, Auth, failure_from, get, patch, send, with_auth};
use crate::format::iso;

/// A path segment from a reference typed in the address bar.
fn segment(reference: &str) -> String {
    String::from(js_sys::encode_uri_component(reference))
}

/// The API code of a role (`responsible`…).
pub fn role_code(role: SessionRole) -> &'static str {
    match role {
        SessionRole::Responsible => "responsible",
        SessionRole::Positioner => "positioner",
        SessionRole::Trainer => "trainer",
    }
}

/// The order of an application list (`sort=`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Sort {
    /// Newest applications first (the server's default).
    #[default]
    ReceivedDesc,
    ReceivedAsc,
    /// Candidate's last name, A to Z.
    Candidate,
    /// Soonest session first.
    SessionStart,
}

impl Sort {
    /// The API code.
    pub fn code(self) -> &'static str {
        match self {
            Self::ReceivedDesc => "received_desc",
            Self::ReceivedAsc => "received_asc",
            Self::Candidate => "candidate",
            Self::SessionStart => "session_start",
        }
    }

    /// Whether the order goes from the largest value down (`aria-sort="descending"`).
    pub fn descending(self) -> bool {
        self == Self::ReceivedDesc
    }
}

/// Filters of "Gestion par candidatures" and of "Mes candidatures".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListFilter {
    /// `true`: sessions terminées; `false`: en cours et à venir.
    pub finished: bool,
    pub role: Option<SessionRole>,
    pub state: Option<ApplicationState>,
    pub text: String,
    pub start_from: Option<chrono::NaiveDate>,
    pub start_to: Option<chrono::NaiveDate>,
    pub end_from: Option<chrono::NaiveDate>,
    pub end_to: Option<chrono::NaiveDate>,
    pub sort: Sort,
    pub page: u32,
    pub per_page: u32,
}

/// `GET /api/applications?…`.
pub async fn applications(filter: ListFilter) -> Result<ApplicationList, ApiFailure> {
    let mut params: Vec<(&str, String)> = vec![
        ("period", if filter.finished { "finished" } else { "current" }.to_owned()),
        ("page", filter.page.max(1).to_string()),
        ("per_page", filter.per_page.max(1).to_string()),
        ("sort", filter.sort.code().to_owned()),
    ];
    if let Some(role) = filter.role {
        params.push(("role", role_code(role).to_owned()));
    }
    if let Some(state) = filter.state {
        params.push(("state", state.code().to_owned()));
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
    get(Request::get("/api/applications").query(params.iter().map(|(k, v)| (*k, v.as_str()))), Auth::User).await
}

fn session_params(state: Option<ApplicationState>, text: &str) -> Vec<(&'static str, String)> {
    let mut params = Vec::new();
    if let Some(state) = state {
        params.push(("state", state.code().to_owned()));
    }
    if !text.trim().is_empty() {
        params.push(("q", text.trim().to_owned()));
    }
    params
}

/// `GET /api/sessions/{reference}/applications?state=&q=&sort=&page=&per_page=`.
pub async fn session_applications(
    reference: String,
    state: Option<ApplicationState>,
    text: String,
    sort: Sort,
    (page, per_page): (u32, u32),
) -> Result<ApplicationList, ApiFailure> {
    let mut params = session_params(state, &text);
    params.push(("sort", sort.code().to_owned()));
    params.push(("page", page.max(1).to_string()));
    params.push(("per_page", per_page.max(1).to_string()));
    let path = format!("/api/sessions/{}/applications", segment(&reference));
    get(Request::get(&path).query(params.iter().map(|(k, v)| (*k, v.as_str()))), Auth::User).await
}

/// `GET /api/sessions/{reference}/applications.csv`, saved by the browser under the server's file name.
pub async fn download_csv(reference: String, state: Option<ApplicationState>, text: String) -> Result<(), ApiFailure> {
    let params = session_params(state, &text);
    let path = format!("/api/sessions/{}/applications.csv", segment(&reference));
    let builder = with_auth(Request::get(&path).query(params.iter().map(|(k, v)| (*k, v.as_str()))), Auth::User);
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

/// Search of "Sessions disponibles".
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AvailabilityFilter {
    pub department: String,
    pub commune: String,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub text: String,
}

/// `GET /api/availability?department=&commune=&from=&to=&q=`.
pub async fn availability(filter: AvailabilityFilter) -> Result<Vec<AvailableSession>, ApiFailure> {
    let mut params: Vec<(&str, String)> = Vec::new();
    for (key, value) in [("department", &filter.department), ("commune", &filter.commune), ("q", &filter.text)] {
        if !value.trim().is_empty() {
            params.push((key, value.trim().to_owned()));
        }
    }
    for (key, value) in [("from", filter.from), ("to", filter.to)] {
        if let Some(day) = value {
            params.push((key, iso(day)));
        }
    }
    get(Request::get("/api/availability").query(params.iter().map(|(k, v)| (*k, v.as_str()))), Auth::User).await
}

/// `POST /api/sessions/{reference}/applications` with an `Idempotency-Key` per form submission.
pub async fn apply(reference: String, body: NewApplication, key: String) -> Result<ApplicationReceived, ApiFailure> {
    let path = format!("/api/sessions/{}/applications", segment(&reference));
    let builder = with_auth(Request::post(&path).header("Idempotency-Key", &key), Auth::User);
    send(builder.json(&body), Auth::User).await
}
