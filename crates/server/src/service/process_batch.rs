//! One action on several applications of a session ("Gestion par lot", R-AVIS-8): each item stands or falls on
//! its own, all under the session's lock.

use std::collections::HashSet;

use chrono::NaiveDate;
use contract::{BatchRequest, BatchResult, BatchResults, ItemError};
use domain::RuleError;
use domain::access::Actor;
use domain::application::ApplicationState;
use domain::batch::{BatchAction, BatchEffect, BatchItem, BatchSession, apply_batch};
use domain::decision::DecisionError;
use domain::ids::{ApplicationRef, SessionRef};

use super::applications::decisions::{draft_columns, stored_draft};
use super::applications::events;
use crate::auth::Caller;
use crate::db::{Conn, Db};
use crate::error::ApiError;
use crate::service::offer::{SessionModel, load_session, parties};
use crate::store;
use crate::store::applications::ApplicationRow;
use crate::store::sessions::SessionRow;
use crate::store::trainings::TrainingRow;

/// The largest batch.
const MAX_ITEMS: usize = 500;

/// Applies the request's action to its applications of the session `session_reference`.
pub async fn process_batch(
    db: &Db,
    caller: &Caller,
    session_reference: SessionRef,
    request: BatchRequest,
    today: NaiveDate,
    public_url: String,
) -> Result<BatchResults, ApiError> {
    let actor = caller.actor()?;
    let BatchRequest { references, action } = request;
    if references.is_empty() || references.len() > MAX_ITEMS {
        return Err(ApiError::invalid_field(
            "references",
            "invalid_batch_size",
            "Sélectionnez de 1 à 500 candidatures.",
        ));
    }
    let results = db
        .write(move |conn| batch(conn, &actor, &session_reference, &references, &action, (today, &public_url)))
        .await?;
    Ok(BatchResults { results })
}

fn batch(
    conn: &mut Conn,
    actor: &Actor,
    session_reference: &SessionRef,
    references: &[String],
    action: &BatchAction,
    (today, public_url): (NaiveDate, &str),
) -> Result<Vec<BatchResult>, ApiError> {
    let (training, session) = load_session(conn, actor, session_reference)?;
    parties(&training, &session).check_may_decide(actor).map_err(|e| ApiError::rule(&e))?;
    let session = store::applications::lock_session(conn, session.id)?.ok_or_else(|| ApiError::not_found("Session"))?;
    let model = SessionModel::of(&session)?;
    let rows = store::applications::of_session_by_references(conn, session.id, references)?;
    let mut items = Vec::with_capacity(rows.len());
    for row in &rows {
        let reference = ApplicationRef::parse(&row.reference).map_err(ApiError::internal)?;
        items.push(BatchItem { reference, state: row.state, draft: stored_draft(row)? });
    }
    let batch_session = BatchSession {
        calendar: model.calendar,
        capacity: model.size.capacity,
        retained: store::count(session.retained, &format!("retained applications of session {}", session.reference))?,
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
            Ok(effect) => persist(conn, public_url, (&session, &training), row, effect)?,
            Err(error) => failure(reference, error.code(), &error.message()),
        });
    }
    Ok(results)
}

/// Stores one item's effect; an application that is no longer pending is reported, and nothing moves for it.
fn persist(
    conn: &mut Conn,
    public_url: &str,
    (session, training): (&SessionRow, &TrainingRow),
    row: &ApplicationRow,
    effect: &BatchEffect,
) -> Result<BatchResult, ApiError> {
    let (written, state) = match effect {
        BatchEffect::DraftSaved { draft } => {
            (store::applications::save_draft(conn, row.id, &draft_columns(draft)?)?, ApplicationState::Pending)
        }
        BatchEffect::Validated { decision } => {
            let automatic = decision.automatic;
            let columns = draft_columns(&decision.draft)?;
            let written = store::applications::finalise(conn, row.id, decision.state, automatic, Some(&columns))?;
            if written {
                events::decision_validated(conn, public_url, row, session, training, decision.state, &decision.draft)?;
            }
            (written, decision.state)
        }
    };
    if !written {
        let error = DecisionError::Final { state: row.state };
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
