//! `POST /api/sessions/{reference}/cancel` (funder or platform).

use actix_web::{HttpResponse, post, web};
use contract::Session;

use super::with_etag;
use domain::ids::SessionRef;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::routes::reference::Reference;
use crate::service::cancel_session::cancel_session;
use crate::state::AppState;

/// Cancels a session: its pending applications become *Refus : session annulée* and it refuses every new
/// application from then on (R-APP-2, R-APP-3).
#[utoipa::path(
    operation_id = "cancelSession",
    tag = "sessions",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "8 chiffres", pattern = "^[0-9]{8}$")),
    responses(
        (status = 200, description = "Session annulée", body = Session),
        (status = 403, description = "Réservé au financeur et à la plateforme"),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure"),
        (status = 409, description = "Déjà annulée"),
    )
)]
#[post("/sessions/{reference}/cancel")]
pub async fn cancel(
    state: web::Data<AppState>,
    caller: Caller,
    reference: Reference<SessionRef>,
) -> Result<HttpResponse, ApiError> {
    let session = cancel_session(&state, &caller, reference.into_inner()).await?;
    Ok(with_etag(HttpResponse::Ok(), &session, session.version))
}
