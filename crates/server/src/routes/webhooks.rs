//! `POST|GET /api/webhooks`, `DELETE /api/webhooks/{id}`: an organisation's subscriptions to its events, managed
//! by its admins only. Deliveries carry candidates' decisions: where they may go is checked by `net_guard`.

use actix_web::{HttpResponse, delete, get, post, web};
use contract::{CreateWebhook, Webhook};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::state::AppState;
use crate::{net_guard, store};

/// The organisation acted for, when the caller is one of its admins.
fn managed_organisation(caller: &Caller) -> Result<i64, ApiError> {
    let organisation = domain::webhooks::managed_organisation(&caller.actor()?, &caller.domain_memberships())
        .map_err(|e| ApiError::rule(&e))?;
    Ok(organisation.0)
}

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
        (status = 400, description = "Corps illisible", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Pas administrateur de la structure active", body = contract::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Adresse refusée (`invalid_webhook_url`) ou déjà cinq abonnements actifs (`webhook_limit_reached`)", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/webhooks")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateWebhook>,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = managed_organisation(&caller)?;
    let url = net_guard::check_webhook_url(&body.url, state.webhook_policy)
        .await
        .map_err(|refusal| ApiError::invalid_field("url", "invalid_webhook_url", refusal.to_string()))?
        .to_string();
    let secret = store::outbox::new_event_id() + &store::outbox::new_event_id();
    let shown = secret.clone();
    let stored = url.clone();
    let (id, created_at) = state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                let active = store::outbox::count_active_subscriptions_locked(conn, organisation_id)?;
                domain::webhooks::check_room_for_one_more(active).map_err(|e| ApiError::rule(&e))?;
                Ok(store::outbox::subscribe(conn, organisation_id, &stored, &secret)?)
            })
        })
        .await?;
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
        (status = 403, description = "Pas administrateur de la structure active", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/webhooks")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> Result<HttpResponse, ApiError> {
    let organisation_id = managed_organisation(&caller)?;
    let rows = state.db.run(move |conn| Ok(store::outbox::listed_subscriptions(conn, organisation_id)?)).await?;
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
        (status = 403, description = "Pas administrateur de la structure active", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inconnu, ou d'une autre structure", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/webhooks/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let organisation_id = managed_organisation(&caller)?;
    let id = path.into_inner();
    if state.db.run(move |conn| Ok(store::outbox::unsubscribe(conn, organisation_id, id)?)).await? {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::not_found("Abonnement"))
    }
}
