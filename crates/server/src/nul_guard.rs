//! U+0000 is refused with a 400 problem in the path, the query and the fields of JSON bodies. PostgreSQL
//! cannot store it in text while SQLite can: without this guard the same request was a 500 on one backend
//! and a stored NUL on the other. The OpenAPI document says so in every string's pattern. Unknown body
//! fields are ignored, whatever they hold, as the document's open objects promise.

use std::future::Future;
use std::pin::Pin;

use actix_web::body::MessageBody;
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpRequest, web};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

fn refused() -> ApiError {
    ApiError::bad_request("nul_character", "La requête contient un caractère nul (U+0000), refusé.")
}

/// The middleware, for the path and query of `/api` requests.
pub async fn refuse_nul(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if request.path().starts_with("/api/") {
        let uri = request.uri().to_string().to_ascii_lowercase();
        if uri.contains("%00") || uri.contains('\0') {
            return Err(refused().into());
        }
    }
    next.call(request).await
}

/// `web::Json` whose known fields hold no U+0000: the handlers' body extractor.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + Serialize + 'static> FromRequest for Json<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, actix_web::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Json::<T>::from_request(request, payload);
        Box::pin(async move {
            let body = body.await?.into_inner();
            // Serialised again, the body holds only the fields the server reads.
            let known = serde_json::to_string(&body).map_err(ApiError::internal)?;
            if escapes_nul(known.as_bytes()) {
                return Err(refused().into());
            }
            Ok(Json(body))
        })
    }
}

/// Whether JSON text holds U+0000: escaped as `\u0000` (a raw one is invalid JSON, refused by the parser).
fn escapes_nul(json: &[u8]) -> bool {
    let mut bytes = json.iter();
    while let Some(byte) = bytes.next() {
        // Every escape is consumed whole, so `\\u0000` (a backslash, then text) is not mistaken for one.
        if *byte == b'\\' && bytes.next() == Some(&b'u') && bytes.by_ref().take(4).eq(b"0000".iter()) {
            return true;
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
