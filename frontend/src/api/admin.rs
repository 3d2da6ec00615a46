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

/// `POST /api/admin/imports/lheo[?dry_run=true]`: the file as the body, the import's report back.
pub async fn import_lheo(file: web_sys::File, dry_run: bool) -> Result<contract::LheoImportReport, ApiFailure> {
    let path = if dry_run { "/api/admin/imports/lheo?dry_run=true" } else { "/api/admin/imports/lheo" };
    let request = with_auth(Request::post(path), Auth::User).header("Content-Type", "application/xml").body(file);
    super::send(request, Auth::User).await
}
