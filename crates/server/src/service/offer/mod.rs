//! What the offer's use cases share (trainings and sessions): stored rows turned into domain values, loading
//! with the visibility check, the organisations a training or session may name, and the views sent to
//! clients.

pub mod organisations;
pub mod references;
pub mod texts;
pub mod views;

use std::collections::HashMap;

use domain::access::{Actor, SessionParties, may_read_session};
use domain::ids::{OrganisationId, SessionRef, TrainingRef};
use domain::quota::{Capacity, Coefficient, Occupancy};
use domain::session::{SessionCalendar, SessionSize, SessionState};
use domain::training::{Certification, SessionFacts, TrainingFacts};

use crate::db::Conn;
use crate::error::ApiError;
use crate::store;
use crate::store::audit::Author;
use crate::store::sessions::SessionRow;
use crate::store::trainings::{TrainingRow, TrainingValues};

/// A stored row the domain refuses: only possible if the database was edited by hand.
fn corrupt(what: &str, reference: &str, error: impl std::fmt::Display) -> ApiError {
    ApiError::internal(format!("stored {what} {reference} is invalid: {error}"))
}

/// A session's rules-relevant values.
pub struct SessionModel {
    pub calendar: SessionCalendar,
    pub size: SessionSize,
    pub occupancy: Occupancy,
    /// Retained applications, against the capacity (R-QUOTA-4): the row's counter, like the places held.
    pub retained: u32,
}

impl SessionModel {
    pub fn of(row: &SessionRow) -> Result<Self, ApiError> {
        let calendar =
            SessionCalendar::new(row.start_date, row.end_date, row.registration_deadline, row.late_entry_deadline)
                .map_err(|e| corrupt("session", &row.reference, e))?;
        let size = SessionSize {
            capacity: Capacity::parse(row.capacity.into()).map_err(|e| corrupt("session", &row.reference, e))?,
            coefficient: Coefficient::parse(row.coefficient.into())
                .map_err(|e| corrupt("session", &row.reference, e))?,
        };
        let held = store::count(row.places_held, &format!("places held in session {}", row.reference))?;
        let retained = store::count(row.retained, &format!("retained applications of session {}", row.reference))?;
        Ok(Self { calendar, size, occupancy: Occupancy::new(held, size.quota()), retained })
    }

    pub fn state(&self, row: &SessionRow, today: chrono::NaiveDate) -> SessionState {
        SessionState::derive(today, &self.calendar, row.cancelled, &self.occupancy)
    }
}

/// The parties of a session (R-ACC-3).
pub fn parties(training: &TrainingRow, session: &SessionRow) -> SessionParties {
    SessionParties {
        responsible: OrganisationId(training.responsible_organisation_id),
        positioner: session.positioner_organisation_id.map(OrganisationId),
        trainer: OrganisationId(session.trainer_organisation_id),
    }
}

/// Whether the actor may read this session (and so its training).
pub fn may_read(actor: &Actor, training: &TrainingRow, session: &SessionRow) -> bool {
    may_read_session(actor, &parties(training, session), OrganisationId(training.funder_organisation_id))
}

/// Whether the actor may read the training (the domain's R-ACC-3).
pub fn may_read_training(actor: &Actor, training: &TrainingRow, sessions: &[SessionRow]) -> bool {
    let parties: Vec<SessionParties> = sessions.iter().map(|s| parties(training, s)).collect();
    domain::access::may_read_training(
        actor,
        OrganisationId(training.responsible_organisation_id),
        OrganisationId(training.funder_organisation_id),
        &parties,
    )
}

/// Whether the actor sees every session of the training (the domain's R-ACC-3).
pub fn holds_training_role(actor: &Actor, training: &TrainingRow) -> bool {
    domain::access::holds_training_role(
        actor,
        OrganisationId(training.responsible_organisation_id),
        OrganisationId(training.funder_organisation_id),
    )
}

/// Whether the actor may change the training, rather than only read it (the domain's R-TRN-2).
pub fn check_may_edit_training(actor: &Actor, training: &TrainingRow) -> Result<(), ApiError> {
    domain::access::check_may_edit_training(
        actor,
        OrganisationId(training.responsible_organisation_id),
        OrganisationId(training.funder_organisation_id),
    )
    .map_err(|e| ApiError::rule(&e))
}

pub fn certification(values: &TrainingValues) -> Certification {
    Certification::from_parts(
        values.certification.clone(),
        values.certification_proposed.clone(),
        values.certification_rejected.clone(),
    )
}

/// Stores a certification's published, proposed and rejected values.
pub fn set_certification(values: &mut TrainingValues, certification: &Certification) {
    values.certification = certification.published().to_owned();
    values.certification_proposed = certification.proposed().map(str::to_owned);
    values.certification_rejected = certification.rejected().map(str::to_owned);
}

/// The facts R-TRN-4's tabs and alerts are derived from.
pub fn facts(training: &TrainingRow, sessions: &[SessionRow]) -> Result<TrainingFacts, ApiError> {
    let sessions = sessions
        .iter()
        .map(|row| {
            let model = SessionModel::of(row)?;
            Ok(SessionFacts {
                reference: domain::ids::SessionRef::parse(&row.reference)
                    .map_err(|e| corrupt("session", &row.reference, e))?,
                calendar: model.calendar,
                cancelled: row.cancelled,
                occupancy: model.occupancy,
                pending: store::count(
                    row.places_held - row.retained,
                    &format!("pending applications of session {}", row.reference),
                )?,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    Ok(TrainingFacts { publication: training.publication, certification: certification(training).status(), sessions })
}

/// A training and its sessions, loaded only if the actor may read it; else 404 (never reveal it exists).
pub fn load_training(
    conn: &mut Conn,
    actor: &Actor,
    reference: &TrainingRef,
) -> Result<(TrainingRow, Vec<SessionRow>), ApiError> {
    let not_found = || ApiError::not_found("Formation");
    let training = store::trainings::find(conn, reference.as_str())?.ok_or_else(not_found)?;
    let sessions = store::sessions::of_trainings(conn, &[training.id])?;
    if !may_read_training(actor, &training, &sessions) {
        return Err(not_found());
    }
    Ok((training, sessions))
}

/// A session and its training, loaded only if the actor may read it; else 404.
pub fn load_session(
    conn: &mut Conn,
    actor: &Actor,
    reference: &SessionRef,
) -> Result<(TrainingRow, SessionRow), ApiError> {
    let not_found = || ApiError::not_found("Session");
    let session = store::sessions::find(conn, reference.as_str())?.ok_or_else(not_found)?;
    let training = store::trainings::find_by_id(conn, session.training_id)?.ok_or_else(not_found)?;
    if !may_read(actor, &training, &session) {
        return Err(not_found());
    }
    Ok((training, session))
}

/// Organisation names by id, for the views.
pub fn organisation_names(
    conn: &mut Conn,
    ids: impl IntoIterator<Item = i64>,
) -> Result<HashMap<i64, String>, ApiError> {
    Ok(store::organisations::names(conn, &ids.into_iter().collect::<Vec<_>>())?)
}

/// The author of an audited change: the user, for the organisation it acts as.
pub fn author(user_id: i64, actor: &Actor) -> Author {
    Author { user_id, organisation_id: actor.organisation_id().map(|o| o.0) }
}

/// The form view of a loaded training (also the answer of a change).
pub fn training_view(
    conn: &mut Conn,
    training: &TrainingRow,
    sessions: &[SessionRow],
    actor: &Actor,
    today: chrono::NaiveDate,
) -> Result<contract::Training, ApiError> {
    let ids = [training.funder_organisation_id, training.responsible_organisation_id]
        .into_iter()
        .chain(sessions.iter().map(|s| s.trainer_organisation_id));
    let names = organisation_names(conn, ids)?;
    views::training(training, sessions, actor, &names, today)
}

/// The form view of a loaded session (also the answer of a change).
pub fn session_view(
    conn: &mut Conn,
    training: &TrainingRow,
    row: &SessionRow,
    actor: &Actor,
    today: chrono::NaiveDate,
) -> Result<contract::Session, ApiError> {
    let ids = [row.trainer_organisation_id].into_iter().chain(row.positioner_organisation_id);
    let names = organisation_names(conn, ids)?;
    views::session(training, row, actor, &names, today)
}
