//! The `Idempotency-Key` protocol of a creating request: the same key and body get the first answer again
//! (`Idempotent-Replayed: true`); another body with that key is 422; a retry while the first request runs is
//! 409 until 60 seconds have passed; a server error forgets the key so a retry runs again. Keys live 24 hours,
//! per organisation (the store decides).

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::db::{Conn, Db, write_transaction};
use crate::error::ApiError;
use crate::store::idempotency::{self, Claim};

/// The request header.
const HEADER: &str = "Idempotency-Key";
/// The header marking a replayed answer.
const REPLAYED: &str = "Idempotent-Replayed";
/// The longest accepted key.
const MAX_KEY_LEN: usize = 200;

/// The request's `Idempotency-Key`, if any. A malformed key is reported by [`Idempotent::run`], so the
/// handler's own checks answer first, as they did before the key was read.
#[derive(Clone)]
pub struct Idempotent(Result<Option<String>, ApiError>);

impl FromRequest for Idempotent {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self(key(request))))
    }
}

fn key(request: &HttpRequest) -> Result<Option<String>, ApiError> {
    let Some(value) = request.headers().get(HEADER) else { return Ok(None) };
    let key = value.to_str().unwrap_or_default().trim();
    if key.is_empty() || key.len() > MAX_KEY_LEN {
        return Err(ApiError::bad_request(
            "invalid_idempotency_key",
            "L'en-tête Idempotency-Key doit contenir de 1 à 200 caractères.",
        ));
    }
    Ok(Some(key.to_owned()))
}

/// What identifies a request's content: the SHA-256 of its canonical JSON.
pub fn fingerprint(request: &impl Serialize) -> Result<String, ApiError> {
    let canonical = serde_json::to_string(request).map_err(ApiError::internal)?;
    Ok(crate::crypto::sha256_hex(&canonical))
}

/// What a request with a key ends with, decided inside its transaction.
enum Answer<T> {
    /// The work's own outcome, now recorded under the key.
    Fresh(Result<T, ApiError>),
    /// The recorded answer of an earlier request with the key.
    Replay { status: u16, body: String },
}

impl Idempotent {
    /// Runs `work` at most once per key of `organisation` and answers its outcome with `status` (JSON), or
    /// replays the stored answer of an earlier run with the same `fingerprint`. `work` runs in one write
    /// transaction with the key's claim and answer: one pass of the database's writer per request, and no key
    /// left claimed without an answer. A refusal (4xx) undoes the work's writes and is recorded as the answer;
    /// a server error or a lost race ([`is_transient`]) undoes everything, so a retry runs again.
    pub async fn run<T, W>(
        self,
        db: &Db,
        organisation: i64,
        fingerprint: String,
        status: StatusCode,
        work: W,
    ) -> Result<HttpResponse, ApiError>
    where
        T: Serialize + Send + 'static,
        W: FnOnce(&mut Conn) -> Result<T, ApiError> + Send + 'static,
    {
        let Some(key) = self.0? else {
            return Ok(HttpResponse::build(status).json(db.write(work).await?));
        };
        let answer = db
            .write(move |conn| {
                match idempotency::claim(conn, organisation, &key, &fingerprint)? {
                    Claim::New => {}
                    Claim::Replay { status, body } => return Ok(Answer::Replay { status, body }),
                    Claim::InProgress => return Err(in_progress()),
                    Claim::Mismatch => return Err(key_reused()),
                }
                let outcome = match write_transaction(conn, work) {
                    Err(error) if is_transient(&error) => return Err(error),
                    outcome => outcome,
                };
                let (answered, text) = match &outcome {
                    Ok(value) => (status, serde_json::to_string(value).map_err(ApiError::internal)?),
                    Err(error) => (error.status, serde_json::to_string(&error.problem()).map_err(ApiError::internal)?),
                };
                idempotency::complete(conn, organisation, &key, answered.as_u16(), &text)?;
                Ok(Answer::Fresh(outcome))
            })
            .await?;
        match answer {
            Answer::Fresh(outcome) => Ok(HttpResponse::build(status).json(outcome?)),
            Answer::Replay { status, body } => Ok(replay(status, body)),
        }
    }
}

/// An outcome a retry may not get: the server failed, or a concurrent change made it give up.
fn is_transient(error: &ApiError) -> bool {
    error.status.is_server_error() || error.code == crate::error::CONCURRENT_UPDATE
}

fn in_progress() -> ApiError {
    ApiError::conflict(
        "idempotent_request_in_progress",
        "Une requête avec cette clé d'idempotence est en cours : réessayez dans un instant.",
    )
}

fn key_reused() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
        "Cette clé d'idempotence a déjà servi pour une autre requête.",
    )
}

fn replay(status: u16, body: String) -> HttpResponse {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let content_type = if status.is_success() { "application/json" } else { "application/problem+json" };
    HttpResponse::build(status).content_type(content_type).insert_header((REPLAYED, "true")).body(body)
}
