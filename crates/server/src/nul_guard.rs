//! U+0000 is refused at the door of the API, in the path, the query and JSON bodies, with a 400 problem.
//! PostgreSQL cannot store it in text while SQLite can: without this guard the same request was a 500 on
//! one backend and a stored NUL on the other. The OpenAPI document says so in every string's pattern.

use actix_web::HttpMessage;
use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use futures_util::StreamExt;

use crate::error::ApiError;

/// Largest body read here; the JSON extractor applies the same limit.
pub const BODY_LIMIT: usize = 256 * 1024;

fn refused() -> ApiError {
    ApiError::bad_request("nul_character", "La requête contient un caractère nul (U+0000), refusé.")
}

/// The middleware, for `/api` requests.
pub async fn refuse_nul(
    mut request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if request.path().starts_with("/api/") {
        let uri = request.uri().to_string().to_ascii_lowercase();
        if uri.contains("%00") || uri.contains('\0') {
            return Err(refused().into());
        }
        let json = request
            .headers()
            .get(actix_web::http::header::CONTENT_TYPE)
            .is_some_and(|value| value.to_str().is_ok_and(|v| v.to_ascii_lowercase().contains("json")));
        if json {
            let body = read_body(&mut request).await?;
            if escapes_nul(&body) {
                return Err(refused().into());
            }
            request.set_payload(Payload::from(body));
        }
    }
    next.call(request).await
}

async fn read_body(request: &mut ServiceRequest) -> Result<actix_web::web::Bytes, ApiError> {
    let mut payload = request.take_payload();
    let mut body = actix_web::web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::bad_request("unreadable_body", format!("Corps illisible : {e}")))?;
        if body.len() + chunk.len() > BODY_LIMIT {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "Le corps de la requête est trop volumineux.",
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

/// Whether JSON text holds U+0000: escaped as `\u0000` (a raw one is invalid JSON, refused by the parser).
fn escapes_nul(json: &[u8]) -> bool {
    let mut bytes = json.iter();
    while let Some(byte) = bytes.next() {
        if *byte == b'\\' {
            match bytes.next() {
                Some(b'u') => {
                    let code: Vec<u8> = bytes.by_ref().take(4).copied().collect();
                    if code == b"0000" {
                        return true;
                    }
                }
                Some(_) | None => {}
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::escapes_nul;

    #[test]
    fn only_an_escaped_nul_counts() {
        assert!(escapes_nul(br#"{"name": "L\u0000a"}"#));
        assert!(escapes_nul(br#"{"\u0000": 1}"#));
        assert!(!escapes_nul(br#"{"name": "L\\u0000a"}"#), "an escaped backslash followed by text");
        assert!(!escapes_nul(br#"{"name": "\u00e9\n\"\\"}"#));
        assert!(!escapes_nul(br#"{"name": "\u0001"}"#));
    }
}
