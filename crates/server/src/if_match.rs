//! The `If-Match` request header as an extractor: the version a client read, so two editors never overwrite
//! each other.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::IF_MATCH;
use actix_web::{FromRequest, HttpRequest};

use crate::error::ApiError;

/// The version named by `If-Match: "<version>"` (or its weak form `W/"<version>"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(pub i64);

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(parse(request))
    }
}

fn parse(request: &HttpRequest) -> Result<IfMatch, ApiError> {
    let header = request.headers().get(IF_MATCH).ok_or_else(|| {
        ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "if_match_required",
            "Indiquez la version modifiée (en-tête If-Match avec l'ETag lu), pour ne pas écraser le travail d'un autre.",
        )
    })?;
    // A malformed value is the client's mistake (400), not a version someone else changed (412).
    let malformed =
        || ApiError::bad_request("invalid_if_match", "L'en-tête If-Match doit reprendre l'ETag lu, par exemple \"3\".");
    let value = header.to_str().map_err(|_| malformed())?.trim();
    let quoted = value.strip_prefix("W/").unwrap_or(value);
    let digits = quoted.strip_prefix('"').and_then(|v| v.strip_suffix('"')).ok_or_else(malformed)?;
    if digits.is_empty() || digits.len() > 18 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed());
    }
    digits.parse().map(IfMatch).map_err(|_| malformed())
}
