//! `POST /api/me/password`, `POST /api/password/reset-requests`, `POST /api/password/resets`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use contract::{PasswordChange, PasswordReset, PasswordResetRequest};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::service;
use crate::state::AppState;

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
        (status = 422, description = "Mot de passe actuel incorrect (`invalid_current_password`) ou nouveau mot de passe trop court (`password_too_short`)"),
        (status = 429, description = "Trop de tentatives (`too_many_attempts`)",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
        (status = 503, description = "Trop de calculs de mot de passe simultanés (`authentication_busy`)",
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
    let client = state.login.client_ip(&request);
    service::accounts::change_password::change_password(&state, client, &caller, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Asks for a password reset link. The answer is the same 202 whether or not the address has an account;
/// when it has one, a link valid one hour and used once is e-mailed (R-ACC-9).
#[utoipa::path(
    operation_id = "requestPasswordReset",
    tag = "authentification",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "Demande prise en compte ; un lien est envoyé si un compte a cette adresse"),
        (status = 422, description = "Adresse invalide (`invalid_email`)"),
        (status = 429, description = "Trop de tentatives (`too_many_attempts`)",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
        (status = 503, description = "Trop de demandes simultanées (`authentication_busy`)",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
    )
)]
#[post("/password/reset-requests")]
pub async fn request_reset(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: Json<PasswordResetRequest>,
) -> Result<HttpResponse, ApiError> {
    let client = state.login.client_ip(&request);
    service::accounts::password_reset::request_reset(&state, client, body.into_inner()).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Sets a new password with the e-mailed link's token; the link then stops working, and every access token
/// issued before is revoked.
#[utoipa::path(
    operation_id = "resetPassword",
    tag = "authentification",
    request_body = PasswordReset,
    responses(
        (status = 204, description = "Mot de passe changé ; se connecter avec le nouveau"),
        (status = 422, description = "Lien invalide, expiré ou déjà utilisé (`reset_link_invalid`, `reset_link_expired`, `reset_link_used`) ou mot de passe trop court (`password_too_short`)"),
        (status = 429, description = "Trop de tentatives (`too_many_attempts`)",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
        (status = 503, description = "Trop de calculs de mot de passe simultanés (`authentication_busy`)",
            headers(("Retry-After" = u64, description = "Secondes à attendre avant de réessayer"))),
    )
)]
#[post("/password/resets")]
pub async fn reset(
    state: web::Data<AppState>,
    request: HttpRequest,
    body: Json<PasswordReset>,
) -> Result<HttpResponse, ApiError> {
    let client = state.login.client_ip(&request);
    service::accounts::password_reset::reset(&state, client, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
