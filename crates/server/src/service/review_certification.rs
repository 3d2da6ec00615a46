//! The platform approves or rejects the certification change a training's organisation proposed (R-TRN-3).

use contract::Training;

use domain::ids::TrainingRef;

use super::Acting;
use super::audit_diff::AuditDiff;
use super::offer::{certification, load_training, set_certification, training_view};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, Entity};

/// The platform's answer to a proposed certification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Review {
    /// The proposal is published.
    Approve,
    /// The published value stays.
    Reject,
}

/// Records the review in one transaction and answers with the training as it now is.
pub async fn review_certification(
    state: &AppState,
    caller: &Caller,
    reference: TrainingRef,
    review: Review,
) -> Result<Training, ApiError> {
    let Acting { actor, author, today } = Acting::of(state, caller)?;
    state
        .db
        .write(move |conn| {
            let (row, sessions) = load_training(conn, &actor, &reference)?;
            let before = certification(&row);
            let (after, action) = match review {
                Review::Approve => (before.approve(&actor), "certification_approved"),
                Review::Reject => (before.reject(&actor), "certification_rejected"),
            };
            let after = after.map_err(|e| ApiError::rule(&e))?;
            let mut values = row.values.clone();
            set_certification(&mut values, &after);
            store::trainings::update(conn, row.id, &values)?;
            let diff = AuditDiff::default().always("certification", &before, &after);
            audit::record(conn, Entity::Training(&row.reference), action, author, diff.changes())?;
            let row = store::trainings::find(conn, &row.reference)?.ok_or_else(|| ApiError::not_found("Formation"))?;
            training_view(conn, &row, &sessions, &actor, today)
        })
        .await
}
