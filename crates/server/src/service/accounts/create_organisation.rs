//! Registering an organisation (training organisation, prescriber or funder): the platform's job.

use contract::{CreateOrganisation, Organisation};
use domain::account::{OrganisationCommune, OrganisationName};
use domain::siret::Siret;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use crate::store::organisations::NewOrganisation;

/// Creates the organisation, as `caller`, who must be a platform admin.
pub async fn create_organisation(
    state: &AppState,
    caller: &Caller,
    request: CreateOrganisation,
) -> Result<Organisation, ApiError> {
    caller.require_platform_admin()?;
    let siret = Siret::parse(&request.siret).map_err(|e| ApiError::rule(&e))?;
    let name = OrganisationName::parse(&request.name).map_err(|e| ApiError::rule(&e))?;
    let commune = OrganisationCommune::parse(&request.commune).map_err(|e| ApiError::rule(&e))?;
    let kind = request.kind;
    let created = state
        .db
        .run(move |conn| {
            let new = NewOrganisation { name: name.as_str(), siret: siret.as_str(), kind, commune: commune.as_str() };
            Ok(store::organisations::insert(conn, &new)?)
        })
        .await?;
    tracing::info!(organisation_id = created.id, by = caller.user_id, "organisation created");
    Ok(created)
}
