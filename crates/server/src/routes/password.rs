//! `POST /api/me/password`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use contract::PasswordChange;

use crate::auth::{Caller, password};
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::state::AppState;
use crate::store;

/// Changes the caller's password. Every access token issued before, this one included, stops working at
/// once (401 `revoked_token`): the client logs in again with the new password. The current password is
/// checked like a log-in: wrong ones count toward the account's lock, and the same rate limits apply.
#[utoipa::path(
    operation_id = "changePassword",
    tag = "authentification",
    security(("bearer" = [])),
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Mot de passe changé ; les jetons émis avant sont révoqués, se reconnecter"),
        (status = 400, description = "Corps illisible", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Mot de passe actuel incorrect (`invalid_current_password`) ou nouveau mot de passe trop court (`password_too_short`)", body = contract::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Trop de tentatives (`too_many_attempts`)", body = contract::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
        (status = 503, description = "Trop de calculs de mot de passe simultanés (`authentication_busy`)", body = contract::Problem, content_type = "application/problem+json",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
    )
)]
#[post("/me/password")]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    request: HttpRequest,
    body: Json<PasswordChange>,
) -> Result<HttpResponse, ApiError> {
    let PasswordChange { current_password, new_password } = body.into_inner();
    let admission = state.login.enter(&request, &caller.email)?;
    password::check_policy(&new_password, "new_password")?;
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
        let (policy, email) = (*state.login.lockout(), caller.email);
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
    let email = caller.email;
    state
        .db
        .run(move |conn| {
            store::users::change_password(conn, user_id, &hash)?;
            Ok(store::login_failures::clear(conn, &email)?)
        })
        .await?;
    tracing::info!(user_id, "password changed, earlier tokens revoked");
    Ok(HttpResponse::NoContent().finish())
}
