//! The HTTP side: one connection pool for every simulated client, the instances to spread them over, and
//! logged-in users.

use std::sync::Arc;
use std::time::Duration;

use contract::{LoginRequest, NewApplication};
use reqwest::{Method, RequestBuilder, StatusCode};
use serde::Deserialize;

use crate::BenchError;
use crate::manifest::{Manifest, User};

/// A logged-in user acting for one organisation (`X-Organisation-Id`), or a platform admin (none).
#[derive(Debug, Clone)]
pub struct Auth {
    pub email: String,
    pub token: Arc<str>,
    pub organisation: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Api {
    client: reqwest::Client,
    bases: Arc<Vec<String>>,
}

/// Long enough for the CSV export of a large session, short enough that a stuck server fails the run.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(600);
/// Below actix-web's 5 s keep-alive: a connection the server is closing is not taken for the next request.
const POOL_IDLE: Duration = Duration::from_secs(3);

impl Api {
    pub fn new(bases: Vec<String>) -> Result<Self, BenchError> {
        let bases = bases.into_iter().map(|b| b.trim_end_matches('/').to_owned()).collect();
        let client = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .pool_max_idle_per_host(1024)
            .pool_idle_timeout(POOL_IDLE)
            .tcp_nodelay(true)
            .build()
            .map_err(|e| BenchError::Http(e.to_string()))?;
        Ok(Self { client, bases: Arc::new(bases) })
    }

    pub fn instances(&self) -> usize {
        self.bases.len()
    }

    /// A request to the instance of simulated client `client` (round robin over `--base-url`).
    pub fn request(&self, client: usize, method: Method, path: &str, auth: Option<&Auth>) -> RequestBuilder {
        let base = &self.bases[client % self.bases.len()];
        let mut request = self.client.request(method, format!("{base}{path}"));
        if let Some(auth) = auth {
            request = request.bearer_auth(&auth.token);
            if let Some(organisation) = auth.organisation {
                request = request.header("X-Organisation-Id", organisation.to_string());
            }
        }
        request
    }

    pub fn get(&self, client: usize, path: &str, auth: Option<&Auth>) -> RequestBuilder {
        self.request(client, Method::GET, path, auth)
    }

    /// GET on the first instance, the answer read as JSON; any other status than 200 is an error.
    pub async fn get_json<T: for<'de> Deserialize<'de>>(&self, path: &str, auth: &Auth) -> Result<T, BenchError> {
        let response =
            self.get(0, path, Some(auth)).send().await.map_err(|e| BenchError::Http(format!("GET {path}: {e}")))?;
        let status = response.status();
        let body = response.bytes().await.map_err(|e| BenchError::Http(format!("GET {path}: {e}")))?;
        if status != StatusCode::OK {
            return Err(BenchError::Http(format!(
                "GET {path} as {}: {status} {}",
                auth.email,
                String::from_utf8_lossy(&body)
            )));
        }
        serde_json::from_slice(&body).map_err(|e| BenchError::Http(format!("GET {path}: unexpected body: {e}")))
    }

    /// Logs `user` in with the manifest's password (or the user's own).
    pub async fn log_in(&self, manifest: &Manifest, user: &User) -> Result<Auth, BenchError> {
        let password = user.password.clone().unwrap_or_else(|| manifest.password.clone());
        let mut auth = self.log_in_as(&user.email, &password).await?;
        auth.organisation = Some(user.organisation_id);
        Ok(auth)
    }

    pub async fn log_in_as(&self, email: &str, password: &str) -> Result<Auth, BenchError> {
        let body = LoginRequest { email: email.to_owned(), password: password.to_owned() };
        let response = self
            .request(0, Method::POST, "/api/auth/login", None)
            .json(&body)
            .send()
            .await
            .map_err(|e| BenchError::Http(format!("login {email}: {e}")))?;
        let status = response.status();
        if status != StatusCode::OK {
            let text = response.text().await.unwrap_or_default();
            return Err(BenchError::Http(format!("login {email}: {status} {text}")));
        }
        let answer: contract::LoginResponse =
            response.json().await.map_err(|e| BenchError::Http(format!("login {email}: {e}")))?;
        Ok(Auth { email: email.to_owned(), token: answer.access_token.into(), organisation: None })
    }

    /// `POST /api/sessions/{reference}/applications` with a fresh idempotency key.
    pub fn apply(&self, client: usize, session: &str, auth: &Auth, body: &NewApplication, key: &str) -> RequestBuilder {
        self.request(client, Method::POST, &format!("/api/sessions/{session}/applications"), Some(auth))
            .header("Idempotency-Key", key)
            .json(body)
    }
}

/// The stable `code` of a problem+json answer, to name a refusal ("409 session_full").
pub fn problem_code(body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Problem {
        code: Option<String>,
    }
    serde_json::from_slice::<Problem>(body).ok().and_then(|p| p.code)
}

/// "409 session_full", or the bare status when the body has no code.
pub fn outcome_name(status: StatusCode, body: &[u8]) -> String {
    match problem_code(body) {
        Some(code) if !status.is_success() => format!("{} {code}", status.as_u16()),
        _ => status.as_u16().to_string(),
    }
}
