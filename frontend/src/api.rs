//! Every call to the REST API (`shared/API.md`), as async functions returning `Result<T, ApiFailure>`.
//!
//! Requests made for a logged-in user carry `Authorization: Bearer …` and `X-Organisation-Id` from the
//! session storage; a 401 on such a request means the token expired or was revoked, so the session is
//! forgotten and the browser goes back to the log-in page.

use std::fmt;

use contract::{
    LoginRequest, LoginResponse, Me, NotificationPreferences, NotificationPreferencesUpdate, OrganisationSummary,
    Problem, SignupRequest,
};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::session;

pub mod admin;
pub mod applications;
pub mod members;
pub mod offer;

/// Where the log-in page lives; also where an expired session lands.
pub const LOGIN_PATH: &str = "/connexion";
/// The log-in page's query parameter naming the page to go back to once logged in again.
pub const RETURN_PARAM: &str = "retour";

/// A failed call, always described as RFC 9457 problem details so pages can show the French `detail`.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiFailure {
    pub problem: Problem,
}

impl ApiFailure {
    fn local(status: u16, code: &str, title: &str, detail: &str) -> Self {
        Self {
            problem: Problem {
                problem_type: format!("urn:tremplin:problem:{code}"),
                title: title.to_owned(),
                status,
                detail: detail.to_owned(),
                code: code.to_owned(),
                errors: Vec::new(),
                extra: None,
            },
        }
    }

    /// A form the page refused before sending, described like the server's 422.
    pub fn invalid_form(errors: Vec<contract::FieldError>) -> Self {
        let mut failure = Self::local(
            422,
            "invalid_form",
            "Formulaire incomplet",
            "Le formulaire contient des erreurs : corrigez les champs signalés.",
        );
        failure.problem.errors = errors;
        failure
    }

    /// The same failure with another French explanation.
    #[must_use]
    pub fn with_detail(mut self, detail: &str) -> Self {
        detail.clone_into(&mut self.problem.detail);
        self
    }

    /// A page for logged-in users was asked for data after the user logged out.
    fn not_logged_in() -> Self {
        Self::local(401, "not_logged_in", "Connexion requise", "Connectez-vous pour accéder à cette page.")
    }

    /// The server could not be reached (network down, server stopped).
    fn network() -> Self {
        Self::local(
            0,
            "network_error",
            "Serveur injoignable",
            "Le serveur ne répond pas. Vérifiez votre connexion puis réessayez.",
        )
    }

    /// The server answered something that is neither the expected body nor problem details.
    fn unexpected(status: u16) -> Self {
        Self::local(
            status,
            "unexpected_response",
            "Réponse inattendue",
            &format!("Le serveur a renvoyé une réponse inattendue (code {status}). Réessayez plus tard."),
        )
    }

    /// A rule the page checked with the domain crate before sending, described as the API would.
    pub fn rule(error: &dyn domain::RuleError, status: u16) -> Self {
        let code = error.code();
        let mut failure = Self::local(status, code, "Modification refusée", &error.message());
        failure.problem.errors = error
            .field()
            .map(|field| contract::FieldError {
                field: field.to_owned(),
                code: code.to_owned(),
                message: error.message(),
            })
            .into_iter()
            .collect();
        failure.problem.extra = error.extra();
        failure
    }

    /// The stable code of the problem.
    pub fn code(&self) -> &str {
        &self.problem.code
    }

    /// The problem's `extra` details (e.g. a date the page can offer), read with the domain's type for them.
    pub fn extra<T: DeserializeOwned>(&self) -> Option<T> {
        serde_json::from_value(self.problem.extra.clone()?).ok()
    }

    /// The French message of a field, when the server refused that field.
    pub fn field_message(&self, field: &str) -> Option<String> {
        self.problem.errors.iter().find(|e| e.field == field).map(|e| e.message.clone())
    }
}

impl fmt::Display for ApiFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.problem.detail)
    }
}

impl std::error::Error for ApiFailure {}

/// Whether a request speaks for the logged-in user.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Auth {
    /// Public endpoint: no token sent, and a 401 is an ordinary answer (wrong password).
    Public,
    /// Sends the token and the active organisation; a 401 ends the session.
    User,
}

fn with_auth(builder: RequestBuilder, auth: Auth) -> RequestBuilder {
    if auth == Auth::Public {
        return builder;
    }
    let builder = match session::stored_token() {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    };
    match session::stored_org() {
        Some(org) => builder.header("X-Organisation-Id", &org.to_string()),
        None => builder,
    }
}

/// Forgets the session and reloads the app on the log-in page, telling it why and where to come back to.
fn end_session() {
    session::clear_storage();
    if let Some(window) = web_sys::window() {
        let location = window.location();
        let here = format!("{}{}", location.pathname().unwrap_or_default(), location.search().unwrap_or_default());
        let back = session::return_path(&here)
            .map(|path| format!("&{RETURN_PARAM}={}", String::from(js_sys::encode_uri_component(path))))
            .unwrap_or_default();
        let _ = location.assign(&format!("{LOGIN_PATH}?session=expiree{back}"));
    }
}

async fn failure_from(response: Response, auth: Auth) -> ApiFailure {
    let status = response.status();
    if status == 401 && auth == Auth::User {
        end_session();
    }
    match response.json::<Problem>().await {
        Ok(problem) => ApiFailure { problem },
        Err(_) => ApiFailure::unexpected(status),
    }
}

async fn send<T: DeserializeOwned>(request: Result<Request, gloo_net::Error>, auth: Auth) -> Result<T, ApiFailure> {
    parse(fetch(request, auth).await?)
}

/// The status and body of a successful answer. Only the parsing of the body depends on the response type:
/// kept out of the generic functions, the async request machinery exists once in the wasm, not once per type.
async fn fetch(request: Result<Request, gloo_net::Error>, auth: Auth) -> Result<(u16, String), ApiFailure> {
    let request = request.map_err(|_| ApiFailure::unexpected(0))?;
    let response = request.send().await.map_err(|_| ApiFailure::network())?;
    if !response.ok() {
        return Err(failure_from(response, auth).await);
    }
    let status = response.status();
    let body = response.text().await.map_err(|_| ApiFailure::unexpected(status))?;
    Ok((status, body))
}

fn parse<T: DeserializeOwned>((status, body): (u16, String)) -> Result<T, ApiFailure> {
    serde_json::from_str(&body).map_err(|_| ApiFailure::unexpected(status))
}

async fn get<T: DeserializeOwned>(builder: RequestBuilder, auth: Auth) -> Result<T, ApiFailure> {
    parse(fetch_get(builder, auth).await?)
}

async fn fetch_get(builder: RequestBuilder, auth: Auth) -> Result<(u16, String), ApiFailure> {
    if auth == Auth::User && session::stored_token().is_none() {
        // Logged out meanwhile: asking would only earn a 401 and an "expired session" message.
        return Err(ApiFailure::not_logged_in());
    }
    fetch(with_auth(builder, auth).build(), auth).await
}

async fn patch<B: serde::Serialize, T: DeserializeOwned>(
    builder: RequestBuilder,
    body: &B,
    auth: Auth,
) -> Result<T, ApiFailure> {
    send(with_auth(builder, auth).json(body), auth).await
}

async fn post<B: serde::Serialize, T: DeserializeOwned>(path: &str, body: &B, auth: Auth) -> Result<T, ApiFailure> {
    send(with_auth(Request::post(path), auth).json(body), auth).await
}

/// `POST /api/auth/login`.
pub async fn login(email: String, password: String) -> Result<LoginResponse, ApiFailure> {
    post("/api/auth/login", &LoginRequest { email, password }, Auth::Public).await
}

/// `POST /api/auth/signup`: creates the account with a pending membership.
pub async fn signup(request: SignupRequest) -> Result<Me, ApiFailure> {
    post("/api/auth/signup", &request, Auth::Public).await
}

/// `GET /api/me`.
pub async fn me() -> Result<Me, ApiFailure> {
    get(Request::get("/api/me"), Auth::User).await
}

/// `GET /api/me/notifications`: every kind of e-mail notification and whether the user receives it.
pub async fn notification_preferences() -> Result<NotificationPreferences, ApiFailure> {
    get(Request::get("/api/me/notifications"), Auth::User).await
}

/// `PUT /api/me/notifications`: the kinds listed take the given value.
pub async fn save_notification_preferences(
    update: &NotificationPreferencesUpdate,
) -> Result<NotificationPreferences, ApiFailure> {
    patch(Request::put("/api/me/notifications"), update, Auth::User).await
}

/// `GET /api/organisations?q=`: the public list offered at sign-up.
pub async fn organisations(query: String) -> Result<Vec<OrganisationSummary>, ApiFailure> {
    let query = query.trim().to_owned();
    let builder = if query.is_empty() {
        Request::get("/api/organisations")
    } else {
        Request::get("/api/organisations").query([("q", query.as_str())])
    };
    get(builder, Auth::Public).await
}

/// `path?query`, the query written by serde from the contract's type, so names and values match the server's.
pub fn with_query(path: &str, query: &impl Serialize) -> String {
    match serde_urlencoded::to_string(query) {
        Ok(encoded) if !encoded.is_empty() => format!("{path}?{encoded}"),
        _ => path.to_owned(),
    }
}

/// A search text worth sending: trimmed, absent when blank.
pub fn search_text(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}
