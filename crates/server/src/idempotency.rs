//! The `Idempotency-Key` protocol of a creating request: the same key and body get the first answer again
//! (`Idempotent-Replayed: true`); another body with that key is 422; a retry while the first request runs is
//! 409 until 60 seconds have passed; a server error forgets the key so a retry runs again. Keys live 24 hours,
//! per organisation (the store decides).

use std::future::{Future, Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use serde::Serialize;

use crate::db::Db;
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

impl Idempotent {
    /// Runs `work` at most once per key of `organisation` and answers its outcome with `status` (JSON), or
    /// replays the stored answer of an earlier run with the same `fingerprint`.
    pub async fn run<T: Serialize>(
        self,
        db: &Db,
        organisation: i64,
        fingerprint: String,
        status: StatusCode,
        work: impl Future<Output = Result<T, ApiError>>,
    ) -> Result<HttpResponse, ApiError> {
        let Some(key) = self.0? else {
            return Ok(HttpResponse::build(status).json(work.await?));
        };
        let claimed = key.clone();
        match db.run(move |conn| Ok(idempotency::claim(conn, organisation, &claimed, &fingerprint)?)).await? {
            Claim::New => {}
            Claim::Replay { status, body } => return Ok(replay(status, body)),
            Claim::InProgress => {
                return Err(ApiError::conflict(
                    "idempotent_request_in_progress",
                    "Une requête avec cette clé d'idempotence est en cours : réessayez dans un instant.",
                ));
            }
            Claim::Mismatch => {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "idempotency_key_reused",
                    "Cette clé d'idempotence a déjà servi pour une autre requête.",
                ));
            }
        }
        let outcome = work.await;
        let (answered, text) = match &outcome {
            Ok(value) => (status, serde_json::to_string(value).map_err(ApiError::internal)?),
            Err(error) => (error.status, serde_json::to_string(&error.problem()).map_err(ApiError::internal)?),
        };
        db.run(move |conn| {
            if answered.is_server_error() {
                idempotency::release(conn, organisation, &key)?;
            } else {
                idempotency::complete(conn, organisation, &key, answered.as_u16(), &text)?;
            }
            Ok(())
        })
        .await?;
        Ok(HttpResponse::build(status).json(outcome?))
    }
}

fn replay(status: u16, body: String) -> HttpResponse {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    let content_type = if status.is_success() { "application/json" } else { "application/problem+json" };
    HttpResponse::build(status).content_type(content_type).insert_header((REPLAYED, "true")).body(body)
}
