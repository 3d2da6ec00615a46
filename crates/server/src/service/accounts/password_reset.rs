//! Resetting a forgotten password by an e-mailed link (R-ACC-9). Asking answers the same whether or not the
//! address has an account, after the same work: the same rate limits, a token made and hashed, one
//! transaction; only the e-mail differs, and it leaves later through the outbox.

use std::net::IpAddr;

use contract::{PasswordReset, PasswordResetRequest};
use domain::account::{Email, check_new_password};
use domain::members::{LinkError, LinkKind, check_link, link_expiry};

use super::links::{new_token, token_hash};
use super::messages;
use crate::auth::password;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::audit::{self, Author, Entity};
use crate::{mail, store};

/// Records a reset link for the account of `request.email`, if there is one, and e-mails it.
pub async fn request_reset(
    state: &AppState,
    client: Option<IpAddr>,
    request: PasswordResetRequest,
) -> Result<(), ApiError> {
    // The same buckets as log-in: asking for links is no cheaper way to probe or flood an address.
    drop(state.login.enter(client, &Email::normalise(&request.email))?);
    let email = Email::parse(&request.email).map_err(|e| ApiError::rule(&e))?;
    let token = new_token();
    let hash = token_hash(&token);
    let public_url = state.public_url.clone();
    state
        .db
        .write(move |conn| {
            let user = store::users::find_by_email(conn, email.as_str())?;
            // Expiry computed either way, so both branches do the same work up to the writes.
            let expires_at = link_expiry(LinkKind::PasswordReset, store::now());
            if let Some(user) = user {
                store::password_resets::insert(conn, user.id, &hash, expires_at)?;
                let mail = messages::password_reset(&public_url, &user.email, &token);
                mail::enqueue_about(conn, &mail, mail::About { kind: Some("password_reset"), application_id: None })?;
                let author = Author { user_id: user.id, organisation_id: None };
                audit::record(conn, Entity::Account(&user.id.to_string()), "password_reset_requested", author, &[])?;
            }
            Ok(())
        })
        .await
}

/// Sets the password of the link's account, once: every token issued before stops working.
pub async fn reset(state: &AppState, client: Option<IpAddr>, request: PasswordReset) -> Result<(), ApiError> {
    let PasswordReset { token, password: given } = request;
    let hash = token_hash(&token);
    let lookup = hash.clone();
    let (user_id, email) = state
        .db
        .run(move |conn| {
            let found = store::password_resets::find_by_hash(conn, &lookup)?;
            check_link(LinkKind::PasswordReset, found.map(|(_, link)| link), store::now())
                .map_err(|e| ApiError::rule(&e))?;
            let (user_id, _) = found.ok_or_else(|| ApiError::rule(&LinkError::Unknown(LinkKind::PasswordReset)))?;
            let user = store::users::find(conn, user_id)?.ok_or_else(|| ApiError::not_found("Compte"))?;
            Ok((user.id, user.email))
        })
        .await?;
    check_new_password(&given, "password").map_err(|e| ApiError::rule(&e))?;
    let admission = state.login.enter(client, &email)?;
    let password_hash = admission.hash(move || password::hash(&given)).await??;
    drop(admission);
    state
        .db
        .write(move |conn| {
            if !store::password_resets::mark_used(conn, &hash)? {
                return Err(ApiError::rule(&LinkError::Used(LinkKind::PasswordReset)));
            }
            store::users::change_password(conn, user_id, &password_hash)?;
            // Whoever holds the mailbox proved it: the lock of earlier wrong guesses goes.
            store::login_failures::clear(conn, &email)?;
            let author = Author { user_id, organisation_id: None };
            audit::record(conn, Entity::Account(&user_id.to_string()), "password_reset", author, &[])?;
            Ok(())
        })
        .await?;
    tracing::info!(user_id, "password reset by e-mailed link, earlier tokens revoked");
    Ok(())
}
