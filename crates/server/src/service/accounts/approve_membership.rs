//! Approving a pending membership (R-ACC-1): an admin of that organisation, or a platform admin.

use domain::ids::OrganisationId;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;

/// Approves `user_id`'s pending membership of `organisation_id`, as `caller`.
pub async fn approve_membership(
    state: &AppState,
    caller: &Caller,
    organisation_id: i64,
    user_id: i64,
) -> Result<(), ApiError> {
    domain::access::may_approve_membership(
        caller.platform_admin,
        &caller.domain_memberships(),
        OrganisationId(organisation_id),
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
    Ok(())
}
