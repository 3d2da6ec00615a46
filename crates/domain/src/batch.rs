//! *Gestion par lot* (R-AVIS-8): one action applied to several applications of one session;
//! each item succeeds or fails on its own rules, and every outcome is reported.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::application::ApplicationState;
use crate::decision::{
    DecisionContext, DecisionDraft, DecisionError, InviteResult, RefusalReason, ValidatedDecision, save_draft,
    validate_decision,
};
use crate::decision::{Invite, error::field_error};
use crate::ids::ApplicationRef;
use crate::quota::Capacity;
use crate::session::SessionCalendar;

/// The action of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BatchAction {
    /// Plans an invite on `date`: reschedules the last invite if it has no result yet,
    /// otherwise adds a new one (allowed only after an excused absence, R-AVIS-2).
    SetInviteDate {
        /// The invite date.
        date: NaiveDate,
    },
    /// Sets the result of the last invite (saved as a draft; validate to make it final).
    SetInviteResult {
        /// The result.
        result: InviteResult,
    },
    /// "Non retenu" with a reason: answers "Non" and validates the decision.
    NotRetained {
        /// Reason from the fixed list.
        reason: RefusalReason,
        /// Explanation.
        detail: String,
    },
}

/// The session all items belong to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BatchSession {
    /// The session's calendar.
    pub calendar: SessionCalendar,
    /// The session's capacity.
    pub capacity: Capacity,
    /// Retained applications of the session.
    pub retained: u32,
    /// Today.
    pub today: NaiveDate,
}

/// One application of the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchItem {
    /// The application.
    pub reference: ApplicationRef,
    /// Its current state.
    pub state: ApplicationState,
    /// Its current draft (empty when none was saved).
    pub draft: DecisionDraft,
}

/// What happened to one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "effect", rename_all = "snake_case")]
pub enum BatchEffect {
    /// The draft was saved; the application stays pending.
    DraftSaved {
        /// The new draft to store.
        draft: DecisionDraft,
    },
    /// The decision was validated; store the final state.
    Validated {
        /// The validated decision.
        decision: ValidatedDecision,
    },
}

/// The outcome of one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchOutcome {
    /// The application.
    pub reference: ApplicationRef,
    /// Its effect, or why it was refused.
    pub result: Result<BatchEffect, DecisionError>,
}

/// Applies `action` to every item independently (R-AVIS-8).
#[must_use]
pub fn apply_batch(session: &BatchSession, items: &[BatchItem], action: &BatchAction) -> Vec<BatchOutcome> {
    items
        .iter()
        .map(|item| BatchOutcome { reference: item.reference.clone(), result: apply_one(session, item, action) })
        .collect()
}

fn apply_one(session: &BatchSession, item: &BatchItem, action: &BatchAction) -> Result<BatchEffect, DecisionError> {
    let context = DecisionContext {
        state: item.state,
        calendar: session.calendar,
        capacity: session.capacity,
        retained: session.retained,
        today: session.today,
    };
    let mut input = item.draft.to_input();
    match action {
        BatchAction::SetInviteDate { date } => match input.invites.last_mut() {
            Some(last) if last.result.is_none() => last.date = *date,
            _ => input.invites.push(Invite::on(*date)),
        },
        BatchAction::SetInviteResult { result } => match input.invites.last_mut() {
            Some(last) => last.result = Some(*result),
            None => {
                context.check_editable()?;
                return Err(DecisionError::Invalid {
                    errors: vec![field_error(
                        "invites",
                        "invite_required",
                        "Aucune convocation n'est prévue pour cette candidature.",
                    )],
                });
            }
        },
        BatchAction::NotRetained { reason, detail } => {
            input.recruited = Some(false);
            input.refusal_reason = Some(*reason);
            input.refusal_detail = Some(detail.clone());
            let draft = save_draft(&context, input)?;
            let decision = validate_decision(&context, &draft)?;
            return Ok(BatchEffect::Validated { decision });
        }
    }
    let draft = save_draft(&context, input)?;
    Ok(BatchEffect::DraftSaved { draft })
}

#[cfg(test)]
#[path = "batch_tests.rs"]
mod tests;
