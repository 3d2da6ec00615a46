//! `GET /api/sessions/{reference}`.

use actix_web::{HttpResponse, get, web};
use contract::Session;

use super::with_etag;
use domain::ids::SessionRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::reference::Reference;
use crate::service::show_session::show_session;
use crate::state::AppState;

/// The session form: calendar, place, size, `quota`, `places_held`, `places_left`, `state`; the `ETag` header
/// is the version to send back in `If-Match` when changing it.
#[utoipa::path(
    operation_id = "getSession",
    tag = "sessions",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "8 chiffres", pattern = "^[0-9]{8}$")),
    responses(
        (status = 200, description = "La session", body = Session, headers(("ETag" = String, description = "Version"))),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure"),
    )
)]
#[get("/sessions/{reference}")]
pub async fn show(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<SessionRef>,
) -> Result<HttpResponse, ApiError> {
    let session = show_session(&state, &caller, reference.into_inner()).await?;
    Ok(with_etag(HttpResponse::Ok(), &session, session.version))
}
