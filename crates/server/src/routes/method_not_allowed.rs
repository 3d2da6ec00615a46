//! A known `/api` path asked with a method it does not serve answers 405 with `Allow` (RFC 9110 § 15.5.6),
//! not 404: the client has the right resource and the wrong verb. The known paths and their methods come
//! from the OpenAPI document, itself built from the route registration, so the three cannot disagree.

use std::sync::OnceLock;

use actix_web::dev::ResourceDef;
use actix_web::http::StatusCode;
use actix_web::http::header::ALLOW;
use actix_web::{HttpRequest, HttpResponse, ResponseError};

use crate::error::ApiError;

/// Each documented path as actix matches it, with its methods for `Allow`.
fn known_paths() -> &'static [(ResourceDef, String)] {
    static PATHS: OnceLock<Vec<(ResourceDef, String)>> = OnceLock::new();
    PATHS.get_or_init(|| {
        let doc = serde_json::to_value(crate::openapi::document()).unwrap_or_default();
        let paths = doc.get("paths").and_then(|p| p.as_object()).cloned().unwrap_or_default();
        paths
            .into_iter()
            .map(|(path, item)| {
                let methods: Vec<String> =
                    item.as_object().map(|ops| ops.keys().map(|m| m.to_uppercase()).collect()).unwrap_or_default();
                (ResourceDef::new(path), methods.join(", "))
            })
            .collect()
    })
}

/// The `Allow` value of a documented path, if `path` is one.
pub fn allowed_methods(path: &str) -> Option<&'static str> {
    known_paths().iter().find(|(def, _)| def.is_match(path)).map(|(_, allow)| allow.as_str())
}

/// The `/api` scope's fallback: 405 on a known path, 404 elsewhere.
pub async fn fallback(request: HttpRequest) -> HttpResponse {
    match allowed_methods(request.path()) {
        Some(allow) => {
            let error = ApiError::new(
                StatusCode::METHOD_NOT_ALLOWED,
                "method_not_allowed",
                format!("Cette route n'accepte pas la méthode {} ; méthodes possibles : {allow}.", request.method()),
            );
            let mut response = error.error_response();
            if let Ok(value) = actix_web::http::header::HeaderValue::from_str(allow) {
                response.headers_mut().insert(ALLOW, value);
            }
            response
        }
        None => ApiError::new(StatusCode::NOT_FOUND, "route_not_found", "Cette route de l'API n'existe pas.")
            .error_response(),
    }
}
