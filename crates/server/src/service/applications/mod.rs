//! What the application use cases share: loading with access checks, stored decisions, the views sent to
//! clients, the messages a change sends, and anonymisation.

pub mod anonymisation;
pub mod decisions;
pub mod events;
pub mod start;
pub mod views;

use domain::access::{Actor, may_read_application};
use domain::ids::{ApplicationRef, OrganisationId, SessionRef};

use crate::db::Conn;
use crate::error::ApiError;
use crate::service::offer::{load_session, parties};
use crate::store;
use crate::store::applications::ApplicationRow;
use crate::store::sessions::SessionRow;
use crate::store::trainings::TrainingRow;

/// An application with its session and training.
pub struct Loaded {
    pub application: ApplicationRow,
    pub session: SessionRow,
    pub training: TrainingRow,
}

impl Loaded {
    /// Whether the actor's organisation gives the decision (R-ACC-3: the positioner, else the trainer).
    pub fn may_decide(&self, actor: &Actor) -> bool {
        parties(&self.training, &self.session).may_decide(actor)
    }
}

/// Loads an application the actor may read (R-ACC-3, R-ACC-4); anything else is 404.
pub fn load(conn: &mut Conn, actor: &Actor, reference: &ApplicationRef) -> Result<Loaded, ApiError> {
    let not_found = || ApiError::not_found("Candidature");
    let application = store::applications::find(conn, reference.as_str())?.ok_or_else(not_found)?;
    let session = store::sessions::find_by_id(conn, application.session_id)?.ok_or_else(not_found)?;
    let training = store::trainings::find_by_id(conn, session.training_id)?.ok_or_else(not_found)?;
    let readable = may_read_application(
        actor,
        &parties(&training, &session),
        OrganisationId(application.prescriber_organisation_id),
    );
    if !readable {
        return Err(not_found());
    }
    Ok(Loaded { application, session, training })
}

/// Loads an application whose decision the actor gives; readers who do not decide get 403.
pub fn load_for_decision(conn: &mut Conn, actor: &Actor, reference: &ApplicationRef) -> Result<Loaded, ApiError> {
    let loaded = load(conn, actor, reference)?;
    parties(&loaded.training, &loaded.session).check_may_decide(actor).map_err(|e| ApiError::rule(&e))?;
    Ok(loaded)
}

/// The session's id if the actor may read its applications (R-ACC-3); 404 otherwise.
pub fn readable_session(conn: &mut Conn, actor: &Actor, reference: &SessionRef) -> Result<i64, ApiError> {
    let (training, session) = load_session(conn, actor, reference)?;
    if !parties(&training, &session).may_read_applications(actor) {
        return Err(ApiError::not_found("Session"));
    }
    Ok(session.id)
}
