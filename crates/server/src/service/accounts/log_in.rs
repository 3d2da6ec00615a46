//! Exchanging an e-mail and a password for an access token, behind the rate limits and the lockout.

use std::net::IpAddr;

use contract::{LoginRequest, LoginResponse};
use domain::account::Email;

use crate::auth::password;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;

/// Logs in from `client`. Unknown addresses are treated exactly like existing ones, so no answer reveals
/// whether an account exists.
pub async fn log_in(
    state: &AppState,
    client: Option<IpAddr>,
    request: LoginRequest,
) -> Result<LoginResponse, ApiError> {
    let LoginRequest { email, password: given } = request;
    let email = Email::normalise(&email);
    let admission = state.login.enter(client, &email)?;
    let lookup = email.clone();
    let (user, lock) = state
        .db
        .run(move |conn| {
            Ok((store::users::find_by_email(conn, &lookup)?, store::login_failures::state(conn, &lookup)?))
        })
        .await?;
    if let Some(seconds) = lock.retry_after(store::precise_now()) {
        return Err(ApiError::too_many_attempts(seconds));
    }
    // Verify against a decoy when the e-mail is unknown so timing does not reveal which accounts exist.
    let stored = user.as_ref().map(|u| u.password_hash.clone());
    let matches = admission
        .hash(move || password::verify(&given, stored.as_deref().unwrap_or_else(|| password::decoy_hash())))
        .await?;
    drop(admission);
    let Some(user) = user.filter(|_| matches) else {
        let policy = *state.login.lockout();
        state
            .db
            .run(move |conn| Ok(store::login_failures::record_failure(conn, &email, &policy, store::precise_now())?))
            .await?;
        return Err(ApiError::unauthorized("invalid_credentials", "Adresse e-mail ou mot de passe incorrect."));
    };
    let tokens = state.tokens.clone();
    let had_failures = lock.failures > 0;
    state
        .db
        .run(move |conn| {
            if had_failures {
                store::login_failures::clear(conn, &email)?;
            }
            Ok(LoginResponse {
                access_token: tokens.issue(user.id, user.token_version, chrono::Utc::now().timestamp())?,
                token_type: "Bearer".to_owned(),
                expires_in: tokens.ttl_seconds(),
                memberships: store::memberships::of_user(conn, user.id)?,
            })
        })
        .await
}
