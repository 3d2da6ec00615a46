//! `POST /api/me/password`.

use actix_web::{HttpRequest, HttpResponse, post, web};
use contract::PasswordChange;

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
