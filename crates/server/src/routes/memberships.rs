//! `POST /api/organisations/{id}/memberships/{user_id}/approve`.

use actix_web::{HttpResponse, post, web};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;

/// Approves a pending membership (R-ACC-1): an admin of that organisation, or a platform admin.
#[utoipa::path(
    operation_id = "approveMembership",
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "La structure"), ("user_id" = i64, Path, description = "Le demandeur")),
    responses(
        (status = 204, description = "Rattachement validé"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Ni administrateur de la structure ni de la plateforme", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Aucune demande de ce compte pour cette structure", body = contract::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Déjà validé", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations/{id}/memberships/{user_id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (organisation_id, user_id) = path.into_inner();
    domain::access::may_approve_membership(
        caller.platform_admin,
        &caller.domain_memberships(),
        domain::ids::OrganisationId(organisation_id),
    )
    .map_err(|e| ApiError::rule(&e))?;
    let approver = caller.user_id;
    state
        .db
        .run(move |conn| {
            if store::memberships::approve(conn, organisation_id, user_id, approver)? {
                Ok(())
            } else if store::memberships::exists(conn, organisation_id, user_id)? {
                Err(ApiError::conflict("membership_already_approved", "Ce rattachement est déjà validé."))
            } else {
                Err(ApiError::not_found("Demande de rattachement"))
            }
        })
        .await?;
    tracing::info!(organisation_id, user_id, by = approver, "membership approved");
    Ok(HttpResponse::NoContent().finish())
}
