//! `POST /api/sessions/{reference}/cancel` (funder or platform).

use actix_web::{HttpResponse, post, web};
use contract::Session;

use super::{session_view, with_etag};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::offer::load_session;
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, Author, Entity};

/// Cancels a session: its pending applications become *Refus : session annulée* and it refuses every new
/// application from then on (R-APP-2, R-APP-3).
#[utoipa::path(
    operation_id = "cancelSession",
    tag = "sessions",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "8 chiffres", pattern = "^[0-9]{8}$")),
    responses(
        (status = 200, description = "Session annulée", body = Session),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Réservé au financeur et à la plateforme", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure", body = contract::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Déjà annulée", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/sessions/{reference}/cancel")]
pub async fn cancel(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor()?;
    let author = Author { user_id: caller.user_id, organisation_id: actor.organisation_id().map(|o| o.0) };
    let today = state.today();
    let session = state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                let (training, row) = load_session(conn, &actor, &path)?;
                if !actor.may_cancel_session() {
                    return Err(ApiError::forbidden(
                        "cancel_forbidden",
                        "Seul le financeur (France Travail ou l'OPCO) ou la plateforme peut annuler une session.",
                    ));
                }
                if row.cancelled {
                    return Err(ApiError::conflict("session_already_cancelled", "Cette session est déjà annulée."));
                }
                let mut changes = row.changes();
                changes.cancelled = true;
                if !store::sessions::update_if_version(conn, row.id, row.version, &changes)? {
                    return Err(ApiError::conflict(
                        "concurrent_update",
                        "La session vient d'être modifiée ; réessayez.",
                    ));
                }
                let refused = crate::service::applications::decisions::on_session_cancelled(conn, row.id)?;
                let changes =
                    [audit::change("cancelled", false, true), audit::change("applications_refused", 0, refused)];
                audit::record(conn, Entity::Session(&row.reference), "cancelled", author, &changes)?;
                let row = store::sessions::find(conn, &row.reference)?.ok_or_else(|| ApiError::not_found("Session"))?;
                session_view(conn, &training, &row, &actor, today)
            })
        })
        .await?;
    let version = session.version;
    Ok(with_etag(HttpResponse::Ok(), &session, version))
}
