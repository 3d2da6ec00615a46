//! The platform's view of the outbox: the messages that need a person, and putting a dead one back in the queue.

use contract::{DeliveryState, OutboxMessage};

use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;

/// The most messages one answer lists.
const LIMIT: i64 = 500;

/// The messages in `wanted` state, newest first, for a platform admin.
pub async fn list(state: &AppState, caller: &Caller, wanted: DeliveryState) -> Result<Vec<OutboxMessage>, ApiError> {
    caller.require_platform_admin()?;
    state.db.run(move |conn| Ok(store::outbox::list(conn, wanted, LIMIT)?)).await
}

/// Puts the dead message `id` back in the queue, due now, for a platform admin.
pub async fn retry(state: &AppState, caller: &Caller, id: i64) -> Result<(), ApiError> {
    caller.require_platform_admin()?;
    if state.db.run(move |conn| Ok(store::outbox::retry(conn, id)?)).await? {
        Ok(())
    } else {
        Err(ApiError::not_found("Message abandonné"))
    }
}
