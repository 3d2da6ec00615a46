//! `POST /api/organisations/{id}/memberships/{user_id}/approve`.

use actix_web::{HttpResponse, post, web};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::service::accounts::approve_membership::approve_membership;
use crate::state::AppState;

/// Approves a pending membership (R-ACC-1): an admin of that organisation, or a platform admin.
#[utoipa::path(
    operation_id = "approveMembership",
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "La structure"), ("user_id" = i64, Path, description = "Le demandeur")),
    responses(
        (status = 204, description = "Rattachement validé"),
        (status = 403, description = "Ni administrateur de la structure ni de la plateforme"),
        (status = 404, description = "Aucune demande de ce compte pour cette structure"),
        (status = 409, description = "Déjà validé"),
    )
)]
#[post("/organisations/{id}/memberships/{user_id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (organisation_id, user_id) = path.into_inner();
    approve_membership(&state, &caller, organisation_id, user_id).await?;
    Ok(HttpResponse::NoContent().finish())
}
