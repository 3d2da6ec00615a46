//! "Ratio suite de parcours" (R-OUT-1..3): the session's organisations record each retained trainee's outcome
//! once the session ended; they, the funder and the platform read a session's ratios; the funder reads them
//! across its sessions. Prescribers read none (403), other organisations never learn a reference exists (404).

use std::collections::HashMap;

use chrono::NaiveDate;
use contract::{FunderOutcomes, FunderSessionOutcomes, OutcomeRatios, SessionOutcomes, TraineeOutcome};
use domain::access::{Actor, ActorKind};
use domain::application::{Outcome, OutcomeError, OutcomeTally, check_outcome};
use domain::ids::{ApplicationRef, OrganisationId, SessionRef};

use super::Acting;
use super::audit_diff::AuditDiff;
use super::offer::{load_session, parties};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, Entity};

/// The most sessions the funder's view lists (newest end first).
const FUNDER_VIEW_SESSIONS: i64 = 500;

/// Whether the actor is one of the session's training organisations (R-OUT-1).
fn of_the_session(actor: &Actor, parties: &domain::access::SessionParties) -> bool {
    actor.kind() == ActorKind::TrainingOrganisation
        && actor.organisation_id().is_some_and(|id: OrganisationId| !parties.roles_of(id).is_empty())
}

fn stored(code: &str) -> Result<Outcome, ApiError> {
    Outcome::from_code(code).ok_or_else(|| ApiError::internal(format!("stored outcome {code}")))
}

/// Records the outcome of the retained application `reference` and answers it.
pub async fn record_outcome(
    state: &AppState,
    caller: &Caller,
    reference: ApplicationRef,
    outcome: Outcome,
) -> Result<TraineeOutcome, ApiError> {
    let Acting { actor, author, today } = Acting::of(state, caller)?;
    let user_id = caller.user_id;
    state
        .db
        .write(move |conn| {
            let loaded = super::applications::load(conn, &actor, &reference)?;
            let (application, session) = (&loaded.application, &loaded.session);
            let mine = of_the_session(&actor, &parties(&loaded.training, session));
            check_outcome(mine, application.state, session.end_date, today).map_err(|e| ApiError::rule(&e))?;
            let before = store::outcomes::of_application(conn, application.id)?;
            if before.as_deref() != Some(outcome.code()) {
                store::outcomes::record(conn, application.id, session.id, outcome.code(), user_id)?;
                let diff = AuditDiff::default().field("outcome", before.as_deref(), Some(outcome.code()));
                audit::record(
                    conn,
                    Entity::Application(&application.reference),
                    "outcome_recorded",
                    author,
                    diff.changes(),
                )?;
            }
            Ok(TraineeOutcome { application_reference: application.reference.clone(), outcome: Some(outcome) })
        })
        .await
}

/// A session's trainees and ratios.
pub async fn session_outcomes(
    state: &AppState,
    caller: &Caller,
    reference: SessionRef,
) -> Result<SessionOutcomes, ApiError> {
    let actor = caller.actor()?;
    let today = state.today();
    state
        .db
        .run(move |conn| {
            let (training, session) = load_session(conn, &actor, &reference)?;
            let mine = of_the_session(&actor, &parties(&training, &session));
            if actor.kind() == ActorKind::Prescriber {
                return Err(ApiError::rule(&OutcomeError::Forbidden));
            }
            let trainees = store::outcomes::trainees(conn, session.id)?
                .into_iter()
                .map(|(reference, outcome)| {
                    Ok(TraineeOutcome {
                        application_reference: reference,
                        outcome: outcome.as_deref().map(stored).transpose()?,
                    })
                })
                .collect::<Result<Vec<_>, ApiError>>()?;
            let tally = OutcomeTally::of(trainees.len() as u64, trainees.iter().filter_map(|t| t.outcome));
            Ok(SessionOutcomes {
                session_reference: session.reference.clone(),
                session_end: session.end_date,
                may_record: mine && session.end_date < today,
                ratios: OutcomeRatios::from(&tally),
                trainees,
            })
        })
        .await
}

/// The funder's ended sessions with trainees and their total (the platform: every funder's).
pub async fn funder_outcomes(state: &AppState, caller: &Caller) -> Result<FunderOutcomes, ApiError> {
    let actor = caller.actor()?;
    let funder = match actor.kind() {
        ActorKind::Funder => actor.organisation_id().map(|id| id.0),
        ActorKind::PlatformAdmin => None,
        ActorKind::TrainingOrganisation | ActorKind::Prescriber => return Err(funder_only()),
    };
    let today: NaiveDate = state.today();
    state
        .db
        .run(move |conn| {
            let sessions = store::outcomes::ended_sessions(conn, funder, today, FUNDER_VIEW_SESSIONS)?;
            let ids: Vec<i64> = sessions.iter().map(|s| s.0).collect();
            let mut recorded: HashMap<i64, Vec<Outcome>> = HashMap::new();
            for (session_id, code) in store::outcomes::of_sessions(conn, &ids)? {
                recorded.entry(session_id).or_default().push(stored(&code)?);
            }
            let mut total = OutcomeTally::default();
            let rows = sessions
                .into_iter()
                .map(|(id, reference, end, retained)| {
                    let trainees = u64::try_from(retained).unwrap_or_default();
                    let tally = OutcomeTally::of(trainees, recorded.remove(&id).unwrap_or_default());
                    total = total.plus(&tally);
                    FunderSessionOutcomes {
                        session_reference: reference,
                        session_end: end,
                        ratios: OutcomeRatios::from(&tally),
                    }
                })
                .collect();
            Ok(FunderOutcomes { sessions: rows, total: OutcomeRatios::from(&total) })
        })
        .await
}

fn funder_only() -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::FORBIDDEN,
        "outcomes_funder_only",
        "Les suites de parcours de toutes les sessions sont réservées au financeur et à la plateforme.",
    )
}
