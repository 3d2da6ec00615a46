//! `POST|GET /api/webhooks`, `DELETE /api/webhooks/{id}`: an organisation's subscriptions to its events, managed
//! by its admins only. Deliveries carry candidates' decisions: where they may go is checked by `net_guard`.

use actix_web::{HttpResponse, delete, get, post, web};
use contract::{CreateWebhook, Webhook};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::service::accounts::webhooks;
use crate::state::AppState;

/// Subscribes the organisation's endpoint to its events (`application.decided`, `session.dates_changed`). The
/// URL must be `https` and designate only public addresses (not this machine, private or link-local networks,
/// nor the cloud metadata service); at most five active subscriptions per organisation. The answer shows, once,
/// the secret that signs every delivery.
#[utoipa::path(
    operation_id = "createWebhook",
    tag = "webhooks",
    security(("bearer" = [])),
    request_body = CreateWebhook,
    responses(
        (status = 201, description = "Abonnement créé, avec son secret", body = Webhook),
        (status = 403, description = "Pas administrateur de la structure active"),
        (status = 422, description = "Adresse refusée (`invalid_webhook_url`) ou déjà cinq abonnements actifs (`webhook_limit_reached`)"),
    )
)]
#[post("/webhooks")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let created = webhooks::subscribe(&state, &caller, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(created))
}

/// The organisation's active subscriptions.
#[utoipa::path(
    operation_id = "listWebhooks",
    tag = "webhooks",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Abonnements", body = [Webhook]),
        (status = 403, description = "Pas administrateur de la structure active"),
    )
)]
#[get("/webhooks")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(webhooks::list(&state, &caller).await?))
}

/// Stops a subscription; messages already queued are still delivered.
#[utoipa::path(
    operation_id = "deleteWebhook",
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "L'abonnement")),
    responses(
        (status = 204, description = "Abonnement arrêté"),
        (status = 403, description = "Pas administrateur de la structure active"),
        (status = 404, description = "Inconnu, ou d'une autre structure"),
    )
)]
#[delete("/webhooks/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    webhooks::unsubscribe(&state, &caller, path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
