//! `GET|PUT /api/me/notifications`: the e-mail notifications the caller receives (R-MAIL-1).

use actix_web::{HttpResponse, get, put, web};
use contract::{NotificationPreferences, NotificationPreferencesUpdate};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::service::accounts::notification_preferences;
use crate::state::AppState;

/// Every kind of e-mail notification and whether the caller receives it; all are on until turned off.
#[utoipa::path(
    operation_id = "getNotificationPreferences",
    tag = "authentification",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Les notifications par e-mail de l'utilisateur connecté", body = NotificationPreferences),
    )
)]
#[get("/me/notifications")]
pub async fn show(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(notification_preferences::show(&state, &caller).await?))
}

/// Turns kinds of e-mail notification on or off for the caller; kinds not listed keep their value.
#[utoipa::path(
    operation_id = "putNotificationPreferences",
    tag = "authentification",
    security(("bearer" = [])),
    request_body = NotificationPreferencesUpdate,
    responses(
        (status = 200, description = "Les notifications telles qu'enregistrées", body = NotificationPreferences),
        (status = 400, description = "Corps illisible ou type de notification inconnu"),
    )
)]
#[put("/me/notifications")]
pub async fn change(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<NotificationPreferencesUpdate>,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(notification_preferences::change(&state, &caller, body.into_inner()).await?))
}
