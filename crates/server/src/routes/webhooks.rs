//! `POST|GET /api/webhooks`, `DELETE /api/webhooks/{id}`: an organisation's subscriptions to its events.

use actix_web::{HttpResponse, delete, get, post, web};
use contract::{CreateWebhook, Webhook};
use domain::access::Actor;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::state::AppState;
use crate::store;

fn organisation(caller: &Caller) -> Result<i64, ApiError> {
    match caller.actor()? {
        Actor::Organisation { id, .. } => Ok(id.0),
        Actor::PlatformAdmin => {
            Err(ApiError::forbidden("organisation_required", "Les abonnements appartiennent à une structure."))
        }
    }
}

/// Only `https`, or `http` to this machine (local receivers and tests): events carry personal data.
fn check_url(url: &str) -> Result<String, ApiError> {
    let url = url.trim();
    let local = ["http://127.0.0.1", "http://localhost", "http://[::1]"].iter().any(|p| url.starts_with(p));
    if (url.starts_with("https://") || local) && url.chars().count() <= 500 && !url.contains(char::is_whitespace) {
        Ok(url.to_owned())
    } else {
        Err(ApiError::invalid_field(
            "url",
            "invalid_webhook_url",
            "L'adresse doit commencer par https:// (500 caractères au plus).",
        ))
    }
}

/// Subscribes the organisation's endpoint to its events (`application.decided`, `session.dates_changed`). The
/// answer shows, once, the secret that signs every delivery.
#[utoipa::path(
    operation_id = "createWebhook",
    tag = "webhooks",
    security(("bearer" = [])),
    request_body = CreateWebhook,
    responses(
        (status = 201, description = "Abonnement créé, avec son secret", body = Webhook),
        (status = 400, description = "Corps illisible", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Aucune structure active", body = contract::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Adresse refusée", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = organisation(&caller)?;
    let url = check_url(&body.url)?;
    let secret = store::outbox::new_event_id() + &store::outbox::new_event_id();
    let shown = secret.clone();
    let (id, created_at) =
        state.db.run(move |conn| store::outbox::subscribe(conn, organisation_id, &url, &secret)).await?;
    let url = body.into_inner().url.trim().to_owned();
    Ok(HttpResponse::Created().json(Webhook {
        id,
        url,
        created_at: created_at.and_utc().to_rfc3339(),
        secret: Some(shown),
    }))
}

/// The organisation's active subscriptions.
#[utoipa::path(
    operation_id = "listWebhooks",
    tag = "webhooks",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Abonnements", body = [Webhook]),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Aucune structure active", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let organisation_id = organisation(&caller)?;
    let rows = state.db.run(move |conn| store::outbox::listed_subscriptions(conn, organisation_id)).await?;
    let hooks: Vec<Webhook> = rows
        .into_iter()
        .map(|(id, url, created_at)| Webhook { id, url, created_at: created_at.and_utc().to_rfc3339(), secret: None })
        .collect();
    Ok(HttpResponse::Ok().json(hooks))
}

/// Stops a subscription; messages already queued are still delivered.
#[utoipa::path(
    operation_id = "deleteWebhook",
    tag = "webhooks",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "L'abonnement")),
    responses(
        (status = 204, description = "Abonnement arrêté"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inconnu, ou d'une autre structure", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/webhooks/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = organisation(&caller)?;
    let id = path.into_inner();
    if state.db.run(move |conn| store::outbox::unsubscribe(conn, organisation_id, id)).await? {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::not_found("Abonnement"))
    }
}
