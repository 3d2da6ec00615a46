//! Invitations by e-mail (R-ACC-8): an admin invites an address; the link, single-use and expiring, makes an
//! approved membership, creating the account when the address has none.

use std::net::IpAddr;

use contract::{AcceptInvitation, CreateInvitation, Invitation, InvitationAccepted, InvitationPreview};
use domain::account::{Email, FullName, check_new_password};
use domain::ids::OrganisationId;
use domain::members::{INVITATION_VALID_DAYS, LinkError, LinkKind, admin_on_joining, check_link, link_expiry};

use super::links::{new_token, token_hash};
use super::members::check_may_administer;
use super::messages;
use crate::auth::{Caller, password};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::audit::{self, Author, Entity};
use crate::store::invitations::NewInvitation;
use crate::{mail, store};

/// The most invitations one answer lists.
const LIMIT: i64 = 100;

/// Invites `request.email` to `organisation_id`, as one of its admins or the platform; e-mails the link.
pub async fn invite(
    state: &AppState,
    caller: &Caller,
    organisation_id: i64,
    request: CreateInvitation,
) -> Result<Invitation, ApiError> {
    check_may_administer(caller, organisation_id)?;
    let email = Email::parse(&request.email).map_err(|e| ApiError::rule(&e))?;
    let author = Author {
        user_id: caller.user_id,
        organisation_id: caller.actor().ok().and_then(|a| a.organisation_id()).map(|OrganisationId(id)| id),
    };
    let (inviter, public_url) = (caller.full_name.clone(), state.public_url.clone());
    state
        .db
        .write(move |conn| {
            let organisation =
                store::organisations::find(conn, organisation_id)?.ok_or_else(|| ApiError::not_found("Structure"))?;
            if let Some(user) = store::users::find_by_email(conn, email.as_str())?
                && store::memberships::state(conn, organisation_id, user.id)?
                    .is_some_and(|m| m.status == contract::MembershipStatus::Approved)
            {
                return Err(ApiError::conflict("already_member", "Cette personne est déjà membre de la structure."));
            }
            let token = new_token();
            let new = NewInvitation {
                organisation_id,
                email: email.as_str(),
                token_hash: &token_hash(&token),
                invited_by: author.user_id,
                expires_at: link_expiry(LinkKind::Invitation, store::now()),
            };
            let invitation = store::invitations::insert(conn, &new)?;
            let changes = [audit::change("email", None, Some(email.as_str()))];
            audit::record(conn, Entity::Invitation(&invitation.id.to_string()), "invitation_sent", author, &changes)?;
            let mail = messages::invitation(
                &public_url,
                email.as_str(),
                &organisation.name,
                &inviter,
                &token,
                INVITATION_VALID_DAYS,
            );
            mail::enqueue_about(conn, &mail, mail::About { kind: Some("invitation_sent"), application_id: None })?;
            Ok(invitation)
        })
        .await
}

/// The organisation's latest invitations, newest first.
pub async fn list(state: &AppState, caller: &Caller, organisation_id: i64) -> Result<Vec<Invitation>, ApiError> {
    check_may_administer(caller, organisation_id)?;
    state.db.run(move |conn| Ok(store::invitations::of_organisation(conn, organisation_id, LIMIT)?)).await
}

/// What the link invites to, while it can be used.
pub async fn preview(state: &AppState, token: String) -> Result<InvitationPreview, ApiError> {
    state
        .db
        .run(move |conn| {
            let found = store::invitations::find_by_hash(conn, &token_hash(&token))?;
            check_link(LinkKind::Invitation, found.as_ref().map(|f| f.link), store::now())
                .map_err(|e| ApiError::rule(&e))?;
            let found = found.ok_or_else(|| ApiError::rule(&LinkError::Unknown(LinkKind::Invitation)))?;
            let has_account = store::users::find_by_email(conn, &found.email)?.is_some();
            Ok(InvitationPreview { organisation_name: found.organisation_name, email: found.email, has_account })
        })
        .await
}

/// Accepts the invitation from `client`: an approved membership, and the account when the address has none
/// (then `full_name` and `password` are required). The first member of an organisation without admin
/// becomes its admin (R-ACC-6).
pub async fn accept(
    state: &AppState,
    client: Option<IpAddr>,
    request: AcceptInvitation,
) -> Result<InvitationAccepted, ApiError> {
    let lookup = token_hash(&request.token);
    let (found, user) = state
        .db
        .run(move |conn| {
            let found = store::invitations::find_by_hash(conn, &lookup)?;
            check_link(LinkKind::Invitation, found.as_ref().map(|f| f.link), store::now())
                .map_err(|e| ApiError::rule(&e))?;
            let found = found.ok_or_else(|| ApiError::rule(&LinkError::Unknown(LinkKind::Invitation)))?;
            let user = store::users::find_by_email(conn, &found.email)?;
            Ok((found, user))
        })
        .await?;
    // A new account: the same checks, rate limits and bounded hashing as a sign-up.
    let new_account = match user {
        Some(_) => None,
        None => {
            let full_name =
                FullName::parse(request.full_name.as_deref().unwrap_or_default()).map_err(|e| ApiError::rule(&e))?;
            let given = request.password.unwrap_or_default();
            check_new_password(&given, "password").map_err(|e| ApiError::rule(&e))?;
            let admission = state.login.enter(client, &found.email)?;
            let hash = admission.hash(move || password::hash(&given)).await??;
            Some((full_name, hash))
        }
    };
    let account_created = new_account.is_some();
    let invitation = found;
    state
        .db
        .write(move |conn| {
            let user_id = match (user, new_account) {
                (Some(user), _) => user.id,
                (None, Some((full_name, hash))) => {
                    store::users::insert(conn, &invitation.email, &hash, full_name.as_str(), false)?.id
                }
                (None, None) => return Err(ApiError::internal("invitation accepted without an account")),
            };
            if !store::invitations::mark_accepted(conn, invitation.id, user_id)? {
                return Err(ApiError::rule(&LinkError::Used(LinkKind::Invitation)));
            }
            let organisation_id = invitation.organisation_id;
            store::memberships::lock_organisation(conn, organisation_id)?;
            let before = store::memberships::state(conn, organisation_id, user_id)?;
            let is_admin = admin_on_joining(store::memberships::approved_admins(conn, organisation_id)?);
            store::memberships::join_approved(conn, organisation_id, user_id, is_admin, invitation.invited_by)?;
            let changes = [
                audit::change("status", before.map(|m| m.status), Some(contract::MembershipStatus::Approved)),
                audit::change("invitation", None, Some(invitation.id)),
            ];
            let author = Author { user_id, organisation_id: None };
            let reference = format!("{organisation_id}/{user_id}");
            audit::record(conn, Entity::Membership(&reference), "invitation_accepted", author, &changes)?;
            Ok(InvitationAccepted {
                organisation_id,
                organisation_name: invitation.organisation_name,
                email: invitation.email,
                account_created,
            })
        })
        .await
}
