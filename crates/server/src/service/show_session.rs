//! Reading one session: calendar, place, size, occupancy, state and the version to edit it under.

use contract::Session;

use domain::ids::SessionRef;

use super::offer::{load_session, session_view};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

/// The session if the caller may read it; else 404, never revealing it exists.
pub async fn show_session(state: &AppState, caller: &Caller, reference: SessionRef) -> Result<Session, ApiError> {
    let actor = caller.actor()?;
    let today = state.today();
    state
        .db
        .run(move |conn| {
            let (training, row) = load_session(conn, &actor, &reference)?;
            session_view(conn, &training, &row, &actor, today)
        })
        .await
}
