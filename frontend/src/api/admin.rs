//! Platform administration: the outbox of messages sent to France Travail (KAIROS) and to webhooks.

use contract::{DeliveryState, OutboxMessage};
use gloo_net::http::Request;

use super::{ApiFailure, Auth, failure_from, get, with_auth};

/// The API code of a delivery state (`dead`…).
pub fn delivery_code(state: DeliveryState) -> &'static str {
    match state {
        DeliveryState::Pending => "pending",
        DeliveryState::Sent => "sent",
        DeliveryState::Dead => "dead",
    }
}

/// `GET /api/admin/outbox?state=`: newest first.
pub async fn outbox(state: DeliveryState) -> Result<Vec<OutboxMessage>, ApiFailure> {
    get(Request::get("/api/admin/outbox").query([("state", delivery_code(state))]), Auth::User).await
}

/// `POST /api/admin/outbox/{id}/retry`: puts a dead message back in the queue (204).
pub async fn retry(id: i64) -> Result<(), ApiFailure> {
    let request = with_auth(Request::post(&format!("/api/admin/outbox/{id}/retry")), Auth::User)
        .build()
        .map_err(|_| ApiFailure::unexpected(0))?;
    let response = request.send().await.map_err(|_| ApiFailure::network())?;
    if response.ok() { Ok(()) } else { Err(failure_from(response, Auth::User).await) }
}
