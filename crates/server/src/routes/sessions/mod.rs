//! Sessions: the form with its `ETag`, calendar and size changes through the domain, cancellation, history.

pub mod cancel;
pub mod edit;
pub mod history;
pub mod list;
pub mod show;

use actix_web::HttpResponse;
use contract::Session;

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

/// The session view of a loaded session.
pub fn session_view(
    conn: &mut crate::db::Conn,
    training: &crate::store::trainings::TrainingRow,
    row: &crate::store::sessions::SessionRow,
    actor: &domain::access::Actor,
    today: chrono::NaiveDate,
) -> Result<Session, crate::error::ApiError> {
    let ids = [row.trainer_organisation_id].into_iter().chain(row.positioner_organisation_id);
    let names = crate::offer::organisation_names(conn, ids)?;
    crate::offer::views::session(training, row, actor, &names, today)
}
