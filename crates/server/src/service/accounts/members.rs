//! Listing an organisation's members (R-ACC-1): its admins and the platform see pending, approved, refused and
//! removed people; the platform also sees every pending request, since a new organisation has no admin yet.

use contract::{Member, MemberList, MemberListQuery, MembershipStatus};
use domain::ids::OrganisationId;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::service::paging::paging;
use crate::state::AppState;
use crate::store;

/// The page size of a member list, and its maximum.
const PER_PAGE: u32 = 20;
const MAX_PER_PAGE: u32 = 100;

/// The most pending requests the platform's queue shows at once.
const PENDING_LIMIT: i64 = 500;

/// Admins of `organisation_id` and platform admins, or 403.
pub(super) fn check_may_administer(caller: &Caller, organisation_id: i64) -> Result<(), ApiError> {
    domain::access::may_administer_members(
        caller.platform_admin,
        &caller.domain_memberships(),
        OrganisationId(organisation_id),
    )
    .map_err(|e| ApiError::rule(&e))
}

/// One page of the organisation's members in one status (approved by default), with the counts of each.
pub async fn list(
    state: &AppState,
    caller: &Caller,
    organisation_id: i64,
    query: MemberListQuery,
) -> Result<MemberList, ApiError> {
    check_may_administer(caller, organisation_id)?;
    let paging = paging(query.page, Some(query.per_page.unwrap_or(PER_PAGE)), MAX_PER_PAGE)?;
    let status = query.status.unwrap_or(MembershipStatus::Approved);
    state
        .db
        .run(move |conn| {
            if store::organisations::find(conn, organisation_id)?.is_none() {
                return Err(ApiError::not_found("Structure"));
            }
            let counts = store::memberships::counts(conn, organisation_id)?;
            let offset = i64::try_from(paging.offset()).map_err(ApiError::internal)?;
            let items = store::memberships::list(conn, organisation_id, status, offset, i64::from(paging.per_page()))?;
            let total = match status {
                MembershipStatus::Pending => counts.pending,
                MembershipStatus::Approved => counts.approved,
                MembershipStatus::Refused => counts.refused,
                MembershipStatus::Removed => counts.removed,
            };
            Ok(MemberList { items, total, counts })
        })
        .await
}

/// Every organisation's pending requests, oldest first, for a platform admin.
pub async fn pending_everywhere(state: &AppState, caller: &Caller) -> Result<Vec<Member>, ApiError> {
    caller.require_platform_admin()?;
    state.db.run(move |conn| Ok(store::memberships::pending_everywhere(conn, PENDING_LIMIT)?)).await
}
