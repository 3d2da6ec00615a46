//! `GET /api/organisations/{id}/members` and `GET /api/admin/pending-members`.

use actix_web::{HttpResponse, get, web};
use contract::{Member, MemberList, MemberListQuery};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::service::accounts::members;
use crate::state::AppState;

/// The organisation's members in one status (`approved` by default), 20 a page, with the counts of each
/// status: for its admins and the platform.
#[utoipa::path(
    operation_id = "listMembers",
    tag = "structures",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "La structure"), MemberListQuery),
    responses(
        (status = 200, description = "Membres", body = MemberList),
        (status = 400, description = "Page hors limites (`invalid_page`, `invalid_per_page`)"),
        (status = 403, description = "Ni administrateur de la structure ni de la plateforme"),
        (status = 404, description = "Structure inconnue"),
    )
)]
#[get("/organisations/{id}/members")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
    query: web::Query<MemberListQuery>,
) -> Result<HttpResponse, ApiError> {
    let list = members::list(&state, &caller, path.into_inner(), query.into_inner()).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Every organisation's pending requests, oldest first (500 at most): the platform approves the first member
/// of a new organisation, who then becomes its admin (R-ACC-6).
#[utoipa::path(
    operation_id = "listPendingMembers",
    tag = "administration",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Demandes en attente", body = [Member]),
        (status = 403, description = "Réservé à la plateforme"),
    )
)]
#[get("/admin/pending-members")]
pub async fn pending(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(members::pending_everywhere(&state, &caller).await?))
}
