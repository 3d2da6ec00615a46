//! Sessions: the form with its `ETag`, calendar and size changes through the domain, cancellation, history.

pub mod cancel;
pub mod edit;
pub mod history;
pub mod list;
pub mod show;

use actix_web::HttpResponse;

/// A session answer carrying its version as a strong `ETag`.
pub fn with_etag(
    mut response: actix_web::HttpResponseBuilder,
    session: &impl serde::Serialize,
    version: i64,
) -> HttpResponse {
    response.insert_header((actix_web::http::header::ETAG, etag(version))).json(session)
}

/// `"<version>"`.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}
