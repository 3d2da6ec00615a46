//! Reading one training: the form, with the fields the caller may edit and the sessions it may see.

use contract::Training;

use domain::ids::TrainingRef;

use super::offer::{load_training, training_view};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// The training if the caller may read it; else 404, never revealing it exists.
pub async fn show_training(state: &AppState, caller: &Caller, reference: TrainingRef) -> Result<Training, ApiError> {
    let actor = caller.actor()?;
    let today = state.today();
    state
        .db
        .run(move |conn| {
            let (training, sessions) = load_training(conn, &actor, &reference)?;
            training_view(conn, &training, &sessions, &actor, today)
        })
        .await
}
