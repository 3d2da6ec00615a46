//! Cancelling a session (funder or platform): its pending applications become *Refus : session annulée* and
//! it refuses every new application from then on (R-APP-2, R-APP-3).

use contract::Session;

use domain::ids::SessionRef;

use super::Acting;
use super::audit_diff::AuditDiff;
use super::offer::{load_session, session_view};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, Entity};

/// Cancels the session and refuses its pending applications in one transaction.
pub async fn cancel_session(state: &AppState, caller: &Caller, reference: SessionRef) -> Result<Session, ApiError> {
    let Acting { actor, author, today } = Acting::of(state, caller)?;
    let public_url = state.public_url.clone();
    state
        .db
        .write(move |conn| {
            let (training, row) = load_session(conn, &actor, &reference)?;
            actor.check_may_cancel_session().map_err(|e| ApiError::rule(&e))?;
            if row.cancelled {
                return Err(ApiError::conflict("session_already_cancelled", "Cette session est déjà annulée."));
            }
            let mut changes = row.changes();
            changes.cancelled = true;
            if !store::sessions::update_if_version(conn, row.id, row.version, &changes)? {
                return Err(ApiError::conflict(
                    crate::error::CONCURRENT_UPDATE,
                    "La session vient d'être modifiée ; réessayez.",
                ));
            }
            // Before the refusals: the prescribers to tell are those whose applications were still live.
            crate::service::notify::session_cancelled(conn, &public_url, &row, &training)?;
            let refused = crate::service::applications::decisions::on_session_cancelled(conn, row.id)?;
            let diff = AuditDiff::default().field("cancelled", false, true).always("applications_refused", 0, refused);
            audit::record(conn, Entity::Session(&row.reference), "cancelled", author, diff.changes())?;
            let row = store::sessions::find(conn, &row.reference)?.ok_or_else(|| ApiError::not_found("Session"))?;
            session_view(conn, &training, &row, &actor, today)
        })
        .await
}
