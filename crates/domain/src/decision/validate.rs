//! Saving a draft and validating a decision (R-AVIS-3, R-AVIS-4, R-AVIS-6, R-QUOTA-4, R-TIME-1).

use chrono::NaiveDate;
use serde::Serialize;

use super::draft::{AutomaticNotRetained, DecisionDraft, DecisionDraftInput, DecisionStep, future_result_errors};
use super::error::{DecisionError, field_error};
use crate::application::ApplicationState;
use crate::dates::french;
use crate::error::FieldError;
use crate::quota::Capacity;
use crate::session::SessionCalendar;
use crate::time_rules::{decisions_closed, switch_date};

/// What the domain needs to know about the application and its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DecisionContext {
    /// The application's current state.
    pub state: ApplicationState,
    /// The session's calendar.
    pub calendar: SessionCalendar,
    /// The session's capacity.
    pub capacity: Capacity,
    /// Applications of the session already retained (this one excluded).
    pub retained: u32,
    /// Today.
    pub today: NaiveDate,
}

impl DecisionContext {
    /// Refuses any change to a final application (R-AVIS-6) or after the cut-off (R-TIME-1).
    pub fn check_editable(&self) -> Result<(), DecisionError> {
        if self.state.is_final() {
            return Err(DecisionError::Final { state: self.state });
        }
        if decisions_closed(self.calendar.end(), self.today) {
            return Err(DecisionError::DeadlinePassed { switch_date: switch_date(self.calendar.end()) });
        }
        Ok(())
    }
}

/// A validated decision: the final state to store, with the draft that led to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidatedDecision {
    /// `retained` or `not_retained`.
    pub state: ApplicationState,
    /// Set when *Non retenue* comes from an absence rather than a "Non" (R-AVIS-3).
    pub automatic: Option<AutomaticNotRetained>,
    /// The decision as validated.
    pub draft: DecisionDraft,
}

/// Saves a draft (R-AVIS-6): refused on a final application or after the cut-off; otherwise
/// every draft rule is checked and every failing field listed.
pub fn save_draft(context: &DecisionContext, input: DecisionDraftInput) -> Result<DecisionDraft, DecisionError> {
    context.check_editable()?;
    DecisionDraft::parse(input, context.today).map_err(|errors| DecisionError::Invalid { errors: errors.0 })
}

/// Validates a decision ("Valider l'avis"): computes the final state or lists what is missing.
pub fn validate_decision(context: &DecisionContext, draft: &DecisionDraft) -> Result<ValidatedDecision, DecisionError> {
    context.check_editable()?;
    // The draft may have been saved before a date: re-check results against today.
    let mut errors = future_result_errors(draft.invites(), context.today);
    for (i, invite) in draft.invites().iter().enumerate() {
        if invite.result.is_none() {
            errors.push(field_error(
                format!("invites[{i}].result"),
                "invite_result_required",
                "Indiquez le résultat de la convocation (présence ou absence).",
            ));
        }
    }
    let outcome = match draft.step() {
        DecisionStep::AutomaticallyNotRetained(reason) => Some((ApplicationState::NotRetained, Some(reason))),
        DecisionStep::AwaitingRecruitment => match draft.recruited() {
            None => {
                errors.push(field_error(
                    "recruited",
                    "recruited_required",
                    "Indiquez si le recrutement est accepté (Oui ou Non).",
                ));
                None
            }
            Some(true) => {
                errors.extend(recruitment_errors(draft, &context.calendar));
                Some((ApplicationState::Retained, None))
            }
            Some(false) => not_recruited(draft, &mut errors),
        },
        DecisionStep::AwaitingInvite | DecisionStep::AwaitingNewInvite | DecisionStep::AwaitingResult { .. } => {
            match draft.recruited() {
                // A "Non" needs no meeting: the candidate may withdraw before any invite.
                Some(false) => not_recruited(draft, &mut errors),
                Some(true) => {
                    errors.push(field_error(
                        "recruited",
                        "presence_required",
                        "Un candidat ne peut être retenu qu'après sa présence à une convocation.",
                    ));
                    None
                }
                None => {
                    errors.push(field_error(
                        "invites",
                        "decision_incomplete",
                        "Indiquez une convocation et son résultat, ou répondez « Non » au recrutement.",
                    ));
                    None
                }
            }
        }
    };
    let Some((state, automatic)) = outcome.filter(|_| errors.is_empty()) else {
        return Err(DecisionError::Invalid { errors });
    };
    if state == ApplicationState::Retained && context.retained >= context.capacity.get() {
        return Err(DecisionError::CapacityReached { capacity: context.capacity.get() });
    }
    Ok(ValidatedDecision { state, automatic, draft: draft.clone() })
}

fn not_recruited(
    draft: &DecisionDraft,
    errors: &mut Vec<FieldError>,
) -> Option<(ApplicationState, Option<AutomaticNotRetained>)> {
    if draft.refusal_reason().is_none() {
        errors.push(field_error("refusal_reason", "refusal_reason_required", "Choisissez le motif du refus."));
    }
    if draft.refusal_detail().is_none() {
        errors.push(field_error("refusal_detail", "refusal_detail_required", "Précisez la raison du refus."));
    }
    Some((ApplicationState::NotRetained, None))
}

/// R-AVIS-4: start ≤ entry ≤ exit ≤ end, entry ≤ late-entry deadline when after start, hours set.
fn recruitment_errors(draft: &DecisionDraft, calendar: &SessionCalendar) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let (entry, exit) = (draft.entry_date(), draft.exit_date());
    if entry.is_none() {
        errors.push(field_error("entry_date", "entry_date_required", "Indiquez la date d'entrée en formation."));
    }
    if exit.is_none() {
        errors.push(field_error("exit_date", "exit_date_required", "Indiquez la date de sortie de formation."));
    }
    if draft.weekly_hours().is_none() {
        errors.push(field_error("weekly_hours", "weekly_hours_required", "Indiquez l'intensité hebdomadaire."));
    }
    if let Some(entry) = entry {
        if entry < calendar.start() {
            errors.push(field_error(
                "entry_date",
                "entry_before_start",
                format!("La date d'entrée ne peut pas précéder le début de la session ({}).", french(calendar.start())),
            ));
        } else if entry > calendar.start() && entry > calendar.late_entry_deadline() {
            errors.push(field_error(
                "entry_date",
                "entry_after_late_entry_deadline",
                format!(
                    "La date d'entrée ne peut pas dépasser la date limite d'entrée tardive ({}).",
                    french(calendar.late_entry_deadline())
                ),
            ));
        }
    }
    if let Some(exit) = exit {
        if entry.is_some_and(|entry| exit < entry) {
            errors.push(field_error(
                "exit_date",
                "exit_before_entry",
                "La date de sortie ne peut pas précéder la date d'entrée.",
            ));
        }
        if exit > calendar.end() {
            errors.push(field_error(
                "exit_date",
                "exit_after_end",
                format!("La date de sortie ne peut pas dépasser la fin de la session ({}).", french(calendar.end())),
            ));
        }
    }
    errors
}

#[cfg(test)]
#[path = "validate_tests.rs"]
mod tests;
