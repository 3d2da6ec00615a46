//! `GET /api/admin/outbox` and `POST /api/admin/outbox/{id}/retry` (platform admin).

use actix_web::{HttpResponse, get, post, web};
use contract::{DeliveryState, OutboxMessage};
use serde::Deserialize;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::service::accounts::outbox_admin;
use crate::state::AppState;

/// Which messages.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct OutboxQuery {
    /// `dead` by default.
    pub state: Option<DeliveryState>,
}

/// The outbox's messages in one state, newest first (500 at most): the dead ones are what needs a person.
#[utoipa::path(
    operation_id = "listOutboxMessages",
    tag = "administration",
    security(("bearer" = [])),
    params(OutboxQuery),
    responses(
        (status = 200, description = "Messages", body = [OutboxMessage]),
        (status = 403, description = "Réservé à la plateforme"),
    )
)]
#[get("/admin/outbox")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<OutboxQuery>,
) -> Result<HttpResponse, ApiError> {
    let wanted = query.state.unwrap_or(DeliveryState::Dead);
    Ok(HttpResponse::Ok().json(outbox_admin::list(&state, &caller, wanted).await?))
}

/// Puts a dead message back in the queue, due now.
#[utoipa::path(
    operation_id = "retryOutboxMessage",
    tag = "administration",
    security(("bearer" = [])),
    params(("id" = i64, Path, description = "Le message")),
    responses(
        (status = 204, description = "Remis en file"),
        (status = 403, description = "Réservé à la plateforme"),
        (status = 404, description = "Aucun message abandonné avec cet identifiant"),
    )
)]
#[post("/admin/outbox/{id}/retry")]
pub async fn retry(state: web::Data<AppState>, caller: Caller, path: web::Path<i64>) -> Result<HttpResponse, ApiError> {
    outbox_admin::retry(&state, &caller, path.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
