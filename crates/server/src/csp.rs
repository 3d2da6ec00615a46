//! `Content-Security-Policy` for every answer: scripts, styles and connections come from this origin only, and
//! no other site may frame the pages (clickjacking) or re-target their forms and base URL.

use actix_web::Error;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_SECURITY_POLICY, HeaderValue};
use actix_web::middleware::Next;

/// The web app: its wasm module needs `'wasm-unsafe-eval'` to be compiled; the favicon is a `data:` URL.
pub const WEB_APP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; \
                           object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// Swagger UI (`/api/docs/`): its React components set inline styles and its icons are `data:` SVGs.
pub const API_DOCS: &str = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; \
                            object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

/// The policy for a request path.
pub fn policy_for(path: &str) -> &'static str {
    if path == "/api/docs" || path.starts_with("/api/docs/") { API_DOCS } else { WEB_APP }
}

/// Middleware setting the path's policy on the answer.
pub async fn add_policy(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let policy = policy_for(request.path());
    let mut response = next.call(request).await?;
    response.headers_mut().insert(CONTENT_SECURITY_POLICY, HeaderValue::from_static(policy));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_api_docs_get_inline_styles() {
        assert_eq!(policy_for("/api/docs/"), API_DOCS);
        assert_eq!(policy_for("/api/docs/swagger-ui.css"), API_DOCS);
        for path in ["/", "/formations", "/api/docsx", "/api/sessions"] {
            assert_eq!(policy_for(path), WEB_APP, "{path}");
        }
        assert!(!WEB_APP.contains("unsafe-inline"));
    }
}
