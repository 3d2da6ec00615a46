//! An organisation's subscriptions to its events, managed by its admins only. Deliveries carry candidates'
//! decisions: where they may go is checked by `net_guard`.

use contract::{CreateWebhook, Webhook};
use domain::ids::OrganisationId;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::{net_guard, store};

/// The organisation acted for, when the caller is one of its admins.
fn managed_organisation(caller: &Caller) -> Result<OrganisationId, ApiError> {
    domain::webhooks::managed_organisation(&caller.actor()?, &caller.domain_memberships())
        .map_err(|e| ApiError::rule(&e))
}

/// Subscribes the organisation's endpoint, once its URL is checked; the answer shows the signing secret, once.
pub async fn subscribe(state: &AppState, caller: &Caller, request: CreateWebhook) -> Result<Webhook, ApiError> {
    let OrganisationId(organisation_id) = managed_organisation(caller)?;
    let url = net_guard::check_webhook_url(&request.url, state.webhook_policy)
        .await
        .map_err(|refusal| ApiError::invalid_field("url", "invalid_webhook_url", refusal.to_string()))?
        .to_string();
    let secret = store::outbox::new_event_id() + &store::outbox::new_event_id();
    let shown = secret.clone();
    let stored = url.clone();
    let (id, created_at) = state
        .db
        .write(move |conn| {
            let active = store::outbox::count_active_subscriptions_locked(conn, organisation_id)?;
            domain::webhooks::check_room_for_one_more(active).map_err(|e| ApiError::rule(&e))?;
            Ok(store::outbox::subscribe(conn, organisation_id, &stored, &secret)?)
        })
        .await?;
    Ok(Webhook { id, url, created_at: created_at.and_utc().to_rfc3339(), secret: Some(shown) })
}

/// The organisation's active subscriptions, without their secrets.
pub async fn list(state: &AppState, caller: &Caller) -> Result<Vec<Webhook>, ApiError> {
    let OrganisationId(organisation_id) = managed_organisation(caller)?;
    let rows = state.db.run(move |conn| Ok(store::outbox::listed_subscriptions(conn, organisation_id)?)).await?;
    Ok(rows
        .into_iter()
        .map(|(id, url, created_at)| Webhook { id, url, created_at: created_at.and_utc().to_rfc3339(), secret: None })
        .collect())
}

/// Stops one of the organisation's subscriptions; another organisation's is unknown (404).
pub async fn unsubscribe(state: &AppState, caller: &Caller, id: i64) -> Result<(), ApiError> {
    let OrganisationId(organisation_id) = managed_organisation(caller)?;
    if state.db.run(move |conn| Ok(store::outbox::unsubscribe(conn, organisation_id, id)?)).await? {
        Ok(())
    } else {
        Err(ApiError::not_found("Abonnement"))
    }
}
