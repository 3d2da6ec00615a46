//! `GET /api/organisations` (public list for sign-up) and `POST /api/organisations` (platform admin).

use actix_web::{HttpResponse, get, post, web};
use contract::{CreateOrganisation, Organisation, OrganisationSummary};
use serde::Deserialize;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::service::accounts::create_organisation::create_organisation;
use crate::service::accounts::list_organisations::list_organisations;
use crate::state::AppState;

/// Filter of the public list.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ListQuery {
    /// Part of the name or commune, case-insensitive.
    pub q: Option<String>,
}

/// The organisations a new user may ask to join, by name (no personal data).
#[utoipa::path(
    operation_id = "listOrganisations",
    tag = "structures",
    params(ListQuery),
    responses(
        (status = 200, description = "Structures, par nom (200 au plus)", body = [OrganisationSummary]),
    )
)]
#[get("/organisations")]
pub async fn list(state: web::Data<AppState>, query: web::Query<ListQuery>) -> Result<HttpResponse, ApiError> {
    let found = list_organisations(&state, query.into_inner().q).await?;
    Ok(HttpResponse::Ok().json(found))
}

/// Registers an organisation (training organisation, prescriber or funder).
#[utoipa::path(
    operation_id = "createOrganisation",
    tag = "structures",
    security(("bearer" = [])),
    request_body = CreateOrganisation,
    responses(
        (status = 201, description = "Structure créée", body = Organisation),
        (status = 403, description = "Réservé à la plateforme"),
        (status = 409, description = "SIRET déjà enregistré"),
        (status = 422, description = "Champ invalide"),
    )
)]
#[post("/organisations")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateOrganisation>,
) -> Result<HttpResponse, ApiError> {
    let created = create_organisation(&state, &caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}
