//! The public list of organisations a new user may ask to join, by name (no personal data).

use contract::OrganisationSummary;

use crate::error::ApiError;
use crate::state::AppState;
use crate::store;

/// The most organisations one answer lists.
const LIMIT: i64 = 200;

/// Organisations whose name or commune contains `text` (all when `None`), by name.
pub async fn list_organisations(state: &AppState, text: Option<String>) -> Result<Vec<OrganisationSummary>, ApiError> {
    state.db.run(move |conn| Ok(store::organisations::search(conn, text.as_deref(), LIMIT)?)).await
}
