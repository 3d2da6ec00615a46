//! `POST /api/organisations/{id}/memberships/{user_id}/approve|refuse|remove` and `PUT …/admin` (R-ACC-5..7).

use actix_web::{HttpResponse, post, put, web};
use contract::{AdminRole, Member, MembershipRefusal};
use domain::account::MembershipRefusalReason;
use domain::members::MemberChange;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::service::accounts::change_membership::change_membership;
use crate::state::AppState;

/// Approves a pending membership (R-ACC-1, R-ACC-5): an admin of that organisation, or a platform admin. The
/// first member approved in an organisation without admin becomes its admin (R-ACC-6). The person is e-mailed.
#[utoipa::path(
    operation_id = "approveMembership",
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "La structure"), ("user_id" = i64, Path, description = "Le demandeur")),
    responses(
        (status = 204, description = "Rattachement validé"),
        (status = 403, description = "Ni administrateur de la structure ni de la plateforme"),
        (status = 404, description = "Aucune demande de ce compte pour cette structure"),
        (status = 409, description = "Déjà validé (`membership_already_approved`), ou refusé ou retiré (`membership_not_pending`)"),
    )
)]
#[post("/organisations/{id}/memberships/{user_id}/approve")]
pub async fn approve(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (organisation_id, user_id) = path.into_inner();
    change_membership(&state, &caller, organisation_id, user_id, MemberChange::Approve, None).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Refuses a pending membership with a reason, e-mailed to the person (R-ACC-5).
#[utoipa::path(
    operation_id = "refuseMembership",
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "La structure"), ("user_id" = i64, Path, description = "Le demandeur")),
    request_body = MembershipRefusal,
    responses(
        (status = 200, description = "Demande refusée", body = Member),
        (status = 403, description = "Ni administrateur de la structure ni de la plateforme"),
        (status = 404, description = "Aucune demande de ce compte pour cette structure"),
        (status = 409, description = "La demande n'est pas en attente (`membership_not_pending`)"),
        (status = 422, description = "Motif absent ou trop long (`invalid_refusal_reason`)"),
    )
)]
#[post("/organisations/{id}/memberships/{user_id}/refuse")]
pub async fn refuse(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, i64)>,
    body: Json<MembershipRefusal>,
) -> Result<HttpResponse, ApiError> {
    let (organisation_id, user_id) = path.into_inner();
    let reason = MembershipRefusalReason::parse(&body.reason).map_err(|e| ApiError::rule(&e))?;
    let member =
        change_membership(&state, &caller, organisation_id, user_id, MemberChange::Refuse, Some(reason)).await?;
    Ok(HttpResponse::Ok().json(member))
}

/// Names or unnames an admin; the last admin of an organisation stays one (R-ACC-7).
#[utoipa::path(
    operation_id = "setMemberAdmin",
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "La structure"), ("user_id" = i64, Path, description = "Le membre")),
    request_body = AdminRole,
    responses(
        (status = 200, description = "Rôle changé", body = Member),
        (status = 403, description = "Ni administrateur de la structure ni de la plateforme"),
        (status = 404, description = "Cette personne n'est pas membre de la structure"),
        (status = 409, description = "Dernier administrateur (`last_admin`) ou membre non actif (`membership_not_active`)"),
    )
)]
#[put("/organisations/{id}/memberships/{user_id}/admin")]
pub async fn set_admin(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, i64)>,
    body: Json<AdminRole>,
) -> Result<HttpResponse, ApiError> {
    let (organisation_id, user_id) = path.into_inner();
    let change = if body.is_admin { MemberChange::MakeAdmin } else { MemberChange::UnmakeAdmin };
    let member = change_membership(&state, &caller, organisation_id, user_id, change, None).await?;
    Ok(HttpResponse::Ok().json(member))
}

/// Removes a member: their requests stop acting for the organisation at once, tokens already issued included.
/// The last admin cannot be removed (R-ACC-7).
#[utoipa::path(
    operation_id = "removeMember",
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "La structure"), ("user_id" = i64, Path, description = "Le membre")),
    responses(
        (status = 200, description = "Membre retiré", body = Member),
        (status = 403, description = "Ni administrateur de la structure ni de la plateforme"),
        (status = 404, description = "Cette personne n'est pas membre de la structure"),
        (status = 409, description = "Dernier administrateur (`last_admin`) ou membre non actif (`membership_not_active`)"),
    )
)]
#[post("/organisations/{id}/memberships/{user_id}/remove")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(i64, i64)>,
) -> Result<HttpResponse, ApiError> {
    let (organisation_id, user_id) = path.into_inner();
    let member = change_membership(&state, &caller, organisation_id, user_id, MemberChange::Remove, None).await?;
    Ok(HttpResponse::Ok().json(member))
}
