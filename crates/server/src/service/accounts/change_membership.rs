//! Approving, refusing, naming or unnaming an admin, removing (R-ACC-5..7): one transaction that locks the
//! organisation's members, applies the domain's rule, stores, audits and writes the e-mail to the outbox.

use contract::{Member, MembershipStatus};
use domain::account::MembershipRefusalReason;
use domain::ids::OrganisationId;
use domain::members::{MemberChange, apply_change};

use super::members::check_may_administer;
use super::messages;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::audit::{self, Author, Entity};
use crate::store::memberships::ChangeBy;
use crate::{mail, store};

/// Applies `change` to `user_id`'s membership of `organisation_id`, as `caller`; answers the membership after.
/// A refusal needs its reason.
pub async fn change_membership(
    state: &AppState,
    caller: &Caller,
    organisation_id: i64,
    user_id: i64,
    change: MemberChange,
    reason: Option<MembershipRefusalReason>,
) -> Result<Member, ApiError> {
    if change == MemberChange::Approve {
        // Approving keeps its own refusal (the one API.md's endpoint always had).
        domain::access::may_approve_membership(
            caller.platform_admin,
            &caller.domain_memberships(),
            OrganisationId(organisation_id),
        )
        .map_err(|e| ApiError::rule(&e))?;
    } else {
        check_may_administer(caller, organisation_id)?;
    }
    let author = Author {
        user_id: caller.user_id,
        organisation_id: caller.actor().ok().and_then(|a| a.organisation_id()).map(|OrganisationId(id)| id),
    };
    let public_url = state.public_url.clone();
    let member = state
        .db
        .write(move |conn| {
            if !store::memberships::lock_organisation(conn, organisation_id)? {
                return Err(ApiError::not_found("Structure"));
            }
            let before = store::memberships::state(conn, organisation_id, user_id)?
                .ok_or_else(|| ApiError::not_found("Membre"))?;
            let admins = store::memberships::approved_admins(conn, organisation_id)?;
            let after = apply_change(change, before, admins).map_err(|e| ApiError::rule(&e))?;
            let reason = reason.as_ref().map(MembershipRefusalReason::as_str);
            let by = ChangeBy { user_id: author.user_id, refusal_reason: reason };
            store::memberships::set_state(conn, organisation_id, user_id, before, after, &by)?;
            let mut changes = vec![audit::change("status", before.status, after.status)];
            if before.is_admin != after.is_admin {
                changes.push(audit::change("is_admin", before.is_admin, after.is_admin));
            }
            if let Some(reason) = reason {
                changes.push(audit::change("refusal_reason", None, Some(reason)));
            }
            let reference = format!("{organisation_id}/{user_id}");
            audit::record(conn, Entity::Membership(&reference), action(change), author, &changes)?;
            let member = store::memberships::member(conn, organisation_id, user_id)?
                .ok_or_else(|| ApiError::not_found("Membre"))?;
            let mail = match (change, after.status, reason) {
                (MemberChange::Refuse, _, Some(reason)) => {
                    Some(messages::membership_refused(&public_url, &member.email, &member.organisation_name, reason))
                }
                (MemberChange::Approve, MembershipStatus::Approved, _) => {
                    Some(messages::membership_approved(&public_url, &member.email, &member.organisation_name))
                }
                _ => None,
            };
            if let Some(mail) = mail {
                mail::enqueue_about(conn, &mail, mail::About { kind: Some(action(change)), application_id: None })?;
            }
            Ok(member)
        })
        .await?;
    tracing::info!(organisation_id, user_id, by = caller.user_id, action = action(change), "membership changed");
    Ok(member)
}

/// The audit trail's name of a change.
fn action(change: MemberChange) -> &'static str {
    match change {
        MemberChange::Approve => "membership_approved",
        MemberChange::Refuse => "membership_refused",
        MemberChange::MakeAdmin => "admin_granted",
        MemberChange::UnmakeAdmin => "admin_revoked",
        MemberChange::Remove => "membership_removed",
    }
}
