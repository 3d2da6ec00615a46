//! The decision (avis) on an application: drafts, validation and batches through the domain's state machine
//! (R-AVIS-1..6, R-AVIS-8, R-QUOTA-4, R-TIME-1), and what a cancelled session does to its applications.

use std::collections::HashSet;

use chrono::NaiveDate;
use contract::{BatchResult, ItemError};
use domain::RuleError;
use domain::access::Actor;
use domain::application::ApplicationState;
use domain::batch::{BatchAction, BatchEffect, BatchItem, BatchSession, apply_batch};
use domain::decision::{
    DecisionContext, DecisionDraft, DecisionDraftInput, DecisionError, save_draft, validate_decision,
};
use domain::ids::ApplicationRef;

use super::{Loaded, load_for_decision};
use crate::db::Conn;
use crate::error::ApiError;
use crate::service::offer::{SessionModel, load_session, parties};
use crate::store;
use crate::store::applications::{ApplicationRow, DraftColumns};
use crate::store::sessions::SessionRow;

/// The stored draft (rules that do not depend on the day were checked when it was saved).
pub fn stored_draft(row: &ApplicationRow) -> Result<DecisionDraft, ApiError> {
    let input: DecisionDraftInput = serde_json::from_str(&row.decision_draft).map_err(ApiError::internal)?;
    DecisionDraft::try_from(input).map_err(|e| ApiError::internal(format!("stored draft of {}: {e:?}", row.reference)))
}

/// The columns storing a draft, and the list columns derived from it.
pub fn draft_columns(draft: &DecisionDraft) -> Result<DraftColumns, ApiError> {
    let last = draft.invites().last();
    Ok(DraftColumns {
        decision_draft: serde_json::to_string(&draft.to_input()).map_err(ApiError::internal)?,
        invites_count: i32::try_from(draft.invites().len()).map_err(ApiError::internal)?,
        last_invite_result: last.and_then(|i| i.result).map(|r| r.label().to_owned()),
        planned_entry_date: draft.entry_date(),
    })
}

fn context(application: &ApplicationRow, session: &SessionRow, today: NaiveDate) -> Result<DecisionContext, ApiError> {
    let model = SessionModel::of(session)?;
    Ok(DecisionContext {
        state: application.state()?,
        calendar: model.calendar,
        capacity: model.size.capacity,
        retained: u32::try_from(session.retained).unwrap_or(0),
        today,
    })
}

fn final_now(state: ApplicationState) -> ApiError {
    ApiError::rule(&DecisionError::Final { state })
}

/// Saves a draft (R-AVIS-6).
pub fn save(
    conn: &mut Conn,
    actor: &Actor,
    reference: &str,
    input: DecisionDraftInput,
    today: NaiveDate,
) -> Result<(), ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let Loaded { application, session, .. } = load_for_decision(conn, actor, reference)?;
        let draft = save_draft(&context(&application, &session, today)?, input).map_err(|e| ApiError::rule(&e))?;
        if !store::applications::save_draft(conn, application.id, &draft_columns(&draft)?)? {
            return Err(final_now(application.state()?));
        }
        Ok(())
    })
}

/// Validates the saved decision ("Valider l'avis"): the final state, computed by the domain on counts read
/// under the session's lock so retained applications never exceed the capacity (R-QUOTA-4).
pub fn validate(
    conn: &mut Conn,
    actor: &Actor,
    reference: &str,
    today: NaiveDate,
) -> Result<ApplicationState, ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let Loaded { application, session, training } = load_for_decision(conn, actor, reference)?;
        store::applications::lock_session(conn, session.id)?;
        let session = store::sessions::find_by_id(conn, session.id)?.ok_or_else(|| ApiError::not_found("Session"))?;
        let application = store::applications::find(conn, &application.reference)?
            .ok_or_else(|| ApiError::not_found("Candidature"))?;
        let context = context(&application, &session, today)?;
        let decision = validate_decision(&context, &stored_draft(&application)?).map_err(|e| ApiError::rule(&e))?;
        let automatic = decision.automatic.map(|a| a.code());
        if !store::applications::finalise(
            conn,
            application.id,
            decision.state,
            automatic,
            Some(&draft_columns(&decision.draft)?),
        )? {
            return Err(final_now(application.state()?));
        }
        super::events::decision_validated(conn, &application, &session, &training, decision.state, &decision.draft)?;
        Ok(decision.state)
    })
}

/// One action on several applications of a session (R-AVIS-8); each item stands or falls on its own.
pub fn batch(
    conn: &mut Conn,
    actor: &Actor,
    session_reference: &str,
    references: &[String],
    action: &BatchAction,
    today: NaiveDate,
) -> Result<Vec<BatchResult>, ApiError> {
    crate::db::write_transaction(conn, |conn| {
        let (training, session) = load_session(conn, actor, session_reference)?;
        if !parties(&training, &session).may_decide(actor) {
            return Err(ApiError::forbidden(
                "decision_forbidden",
                "Les avis de cette session sont donnés par l'organisme positionneur (ou, à défaut, l'organisme formateur).",
            ));
        }
        store::applications::lock_session(conn, session.id)?;
        let session = store::sessions::find_by_id(conn, session.id)?.ok_or_else(|| ApiError::not_found("Session"))?;
        let model = SessionModel::of(&session)?;
        let rows = store::applications::of_session_by_references(conn, session.id, references)?;
        let mut items = Vec::with_capacity(rows.len());
        for row in &rows {
            let reference = ApplicationRef::parse(&row.reference).map_err(ApiError::internal)?;
            items.push(BatchItem { reference, state: row.state()?, draft: stored_draft(row)? });
        }
        let batch_session = BatchSession {
            calendar: model.calendar,
            capacity: model.size.capacity,
            retained: u32::try_from(session.retained).unwrap_or(0),
            today,
        };
        let outcomes = apply_batch(&batch_session, &items, action);
        let mut results = Vec::with_capacity(references.len());
        let mut seen = HashSet::with_capacity(references.len());
        for reference in references {
            if !seen.insert(reference.as_str()) {
                results.push(failure(reference, "duplicate_reference", "Cette candidature figure déjà dans le lot."));
                continue;
            }
            let found = rows.iter().zip(&outcomes).find(|(row, _)| &row.reference == reference);
            let Some((row, outcome)) = found else {
                results.push(failure(reference, "not_found", "Candidature introuvable sur cette session."));
                continue;
            };
            results.push(match &outcome.result {
                Ok(effect) => persist(conn, &session, &training, row, effect)?,
                Err(error) => failure(reference, error.code(), &error.message()),
            });
        }
        Ok(results)
    })
}

/// Stores one item's effect; an application that is no longer pending is reported, and nothing moves for it.
fn persist(
    conn: &mut Conn,
    session: &SessionRow,
    training: &crate::store::trainings::TrainingRow,
    row: &ApplicationRow,
    effect: &BatchEffect,
) -> Result<BatchResult, ApiError> {
    let (written, state) = match effect {
        BatchEffect::DraftSaved { draft } => {
            (store::applications::save_draft(conn, row.id, &draft_columns(draft)?)?, ApplicationState::Pending)
        }
        BatchEffect::Validated { decision } => {
            let automatic = decision.automatic.map(|a| a.code());
            let columns = draft_columns(&decision.draft)?;
            let written = store::applications::finalise(conn, row.id, decision.state, automatic, Some(&columns))?;
            if written {
                super::events::decision_validated(conn, row, session, training, decision.state, &decision.draft)?;
            }
            (written, decision.state)
        }
    };
    if !written {
        let error = DecisionError::Final { state: row.state()? };
        return Ok(failure(&row.reference, error.code(), &error.message()));
    }
    Ok(BatchResult { reference: row.reference.clone(), ok: true, state: Some(state), error: None })
}

fn failure(reference: &str, code: &str, message: &str) -> BatchResult {
    BatchResult {
        reference: reference.to_owned(),
        ok: false,
        state: None,
        error: Some(ItemError { code: code.to_owned(), message: message.to_owned() }),
    }
}

/// A cancelled session refuses its pending applications (R-APP-3); final ones keep their state.
pub fn on_session_cancelled(conn: &mut Conn, session_id: i64) -> Result<usize, ApiError> {
    let mut changed = 0;
    for row in store::applications::live_of_session(conn, session_id)? {
        let current = row.state()?;
        if let Some(next) = current.on_session_cancelled()
            && store::applications::finalise(conn, row.id, next, None, None)?
        {
            changed += 1;
        }
    }
    Ok(changed)
}
