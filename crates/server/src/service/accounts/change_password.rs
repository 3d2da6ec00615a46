//! Changing one's password. The current password is checked like a log-in: wrong ones count toward the
//! account's lock, and the same rate limits apply. Every token issued before stops working.

use std::net::IpAddr;

use contract::PasswordChange;
use domain::account::check_new_password;

use crate::auth::{Caller, password};
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;

/// Changes `caller`'s password, from `client`.
pub async fn change_password(
    state: &AppState,
    client: Option<IpAddr>,
    caller: &Caller,
    change: PasswordChange,
) -> Result<(), ApiError> {
    let PasswordChange { current_password, new_password } = change;
    let admission = state.login.enter(client, &caller.email)?;
    check_new_password(&new_password, "new_password").map_err(|e| ApiError::rule(&e))?;
    let (user_id, email) = (caller.user_id, caller.email.clone());
    let (user, lock) = state
        .db
        .run(move |conn| Ok((store::users::find(conn, user_id)?, store::login_failures::state(conn, &email)?)))
        .await?;
    let user = user.ok_or_else(|| ApiError::unauthorized("invalid_token", "Ce compte n'existe plus."))?;
    if let Some(seconds) = lock.retry_after(store::precise_now()) {
        return Err(ApiError::too_many_attempts(seconds));
    }
    let stored = user.password_hash;
    let matches = admission.hash(move || password::verify(&current_password, &stored)).await?;
    if !matches {
        drop(admission);
        let (policy, email) = (*state.login.lockout(), caller.email.clone());
        state
            .db
            .run(move |conn| Ok(store::login_failures::record_failure(conn, &email, &policy, store::precise_now())?))
            .await?;
        return Err(ApiError::invalid_field(
            "current_password",
            "invalid_current_password",
            "Le mot de passe actuel est incorrect.",
        ));
    }
    let hash = admission.hash(move || password::hash(&new_password)).await??;
    drop(admission);
    let email = caller.email.clone();
    state
        .db
        .write(move |conn| {
            store::users::change_password(conn, user_id, &hash)?;
            Ok(store::login_failures::clear(conn, &email)?)
        })
        .await?;
    tracing::info!(user_id, "password changed, earlier tokens revoked");
    Ok(())
}
