//! The audit trail of a training or a session: who, when, before and after (R-SES-6), newest first.

use contract::HistoryEntry;

use domain::ids::{SessionRef, TrainingRef};

use super::offer::{load_session, load_training};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::audit::{self, Entity};

/// Every change of a training the caller may read.
pub async fn training_history(
    state: &AppState,
    caller: &Caller,
    reference: TrainingRef,
) -> Result<Vec<HistoryEntry>, ApiError> {
    let actor = caller.actor()?;
    state
        .db
        .run(move |conn| {
            let (training, _) = load_training(conn, &actor, &reference)?;
            Ok(audit::history(conn, Entity::Training(&training.reference))?)
        })
        .await
}

/// Every change of a session the caller may read.
pub async fn session_history(
    state: &AppState,
    caller: &Caller,
    reference: SessionRef,
) -> Result<Vec<HistoryEntry>, ApiError> {
    let actor = caller.actor()?;
    state
        .db
        .run(move |conn| {
            let (_, session) = load_session(conn, &actor, &reference)?;
            Ok(audit::history(conn, Entity::Session(&session.reference))?)
        })
        .await
}
