//! `GET /api/organisations` (public list for sign-up) and `POST /api/organisations` (platform admin).

use actix_web::{HttpResponse, get, post, web};
use contract::{CreateOrganisation, Organisation, OrganisationSummary};
use domain::siret::Siret;
use serde::Deserialize;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::state::AppState;
use crate::store;
use crate::store::organisations::NewOrganisation;

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
        (status = 400, description = "Paramètre invalide", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/organisations")]
pub async fn list(state: web::Data<AppState>, query: web::Query<ListQuery>) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner().q;
    let found = state.db.run(move |conn| Ok(store::organisations::search(conn, q.as_deref(), 200)?)).await?;
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
        (status = 400, description = "Corps illisible", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Réservé à la plateforme", body = contract::Problem, content_type = "application/problem+json"),
        (status = 409, description = "SIRET déjà enregistré", body = contract::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Champ invalide", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/organisations")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateOrganisation>,
) -> Result<HttpResponse, ApiError> {
    caller.require_platform_admin()?;
    let body = body.into_inner();
    let siret = Siret::parse(&body.siret).map_err(|e| ApiError::rule(&e))?;
    let name = required_text("name", "Le nom de la structure", &body.name)?;
    let commune = required_text("commune", "La commune", &body.commune)?;
    let created = state
        .db
        .run(move |conn| {
            let new = NewOrganisation { name: &name, siret: siret.as_str(), kind: body.kind, commune: &commune };
            Ok(store::organisations::insert(conn, &new)?)
        })
        .await?;
    tracing::info!(organisation_id = created.id, by = caller.user_id, "organisation created");
    Ok(HttpResponse::Created().json(created))
}

/// A trimmed, non-empty text of at most 200 characters.
fn required_text(field: &str, label: &str, value: &str) -> Result<String, ApiError> {
    let value = value.trim();
    if value.is_empty() || value.chars().count() > 200 {
        return Err(ApiError::invalid_field(
            field,
            "required",
            format!("{label} est requis (200 caractères au plus)."),
        ));
    }
    Ok(value.to_owned())
}
