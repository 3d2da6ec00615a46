//! Creating an account that asks to join one organisation; the membership stays pending until an admin of that
//! organisation or the platform approves it (R-ACC-1).

use std::net::IpAddr;

use contract::{Me, MembershipStatus, SignupRequest};
use domain::account::{Email, FullName, check_new_password};

use crate::auth::password;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;

/// Signs up from `client`: the rate limits first, then the policies, then the organisation must exist.
pub async fn sign_up(state: &AppState, client: Option<IpAddr>, request: SignupRequest) -> Result<Me, ApiError> {
    let admission = state.login.enter(client, &Email::normalise(&request.email))?;
    let email = Email::parse(&request.email).map_err(|e| ApiError::rule(&e))?;
    let full_name = FullName::parse(&request.full_name).map_err(|e| ApiError::rule(&e))?;
    check_new_password(&request.password, "password").map_err(|e| ApiError::rule(&e))?;
    let organisation_id = request.organisation_id;
    let organisation = state.db.run(move |conn| Ok(store::organisations::find(conn, organisation_id)?)).await?;
    let organisation = organisation.ok_or_else(|| ApiError::not_found("Structure"))?;
    let public_url = state.public_url.clone();
    // Hashed with no connection held: a slow hash must never keep the pool from other requests.
    let given = request.password;
    let hash = admission.hash(move || password::hash(&given)).await??;
    let me = state
        .db
        .run(move |conn| {
            let user = crate::db::write_transaction(conn, |conn| {
                let user = store::users::insert(conn, email.as_str(), &hash, full_name.as_str(), false)?;
                store::memberships::insert(conn, user.id, organisation_id, MembershipStatus::Pending, false)?;
                // Its admins hear of the request; a new organisation has none: the platform's queue shows it.
                for admin in store::memberships::admin_emails(conn, organisation_id)? {
                    let mail = super::messages::membership_requested(
                        &public_url,
                        &admin,
                        &organisation.name,
                        full_name.as_str(),
                    );
                    let about = crate::mail::About { kind: Some("membership_requested"), application_id: None };
                    crate::mail::enqueue_about(conn, &mail, about)?;
                }
                Ok(user)
            })?;
            let memberships = store::memberships::of_user(conn, user.id)?;
            Ok(Me { id: user.id, email: user.email, full_name: user.full_name, platform_admin: false, memberships })
        })
        .await?;
    tracing::info!(user_id = me.id, "signup");
    Ok(me)
}
