//! Creating a POEC training with its sessions, pre-filled as collected by France Travail (R-TRN-1).

use contract::{CreateTraining, NewSession, Training};
use domain::quota::{Capacity, Coefficient};
use domain::session::{Commune, SessionCalendar};
use domain::text::SessionComment;
use domain::training::{PoecTitle, Publication, TrainingField};

use super::offer::organisations::{check_session_organisations, check_training_organisations};
use super::offer::references::{new_session_reference, new_training_reference};
use super::offer::texts::training_text;
use super::offer::{author, training_view};
use crate::auth::Caller;
use crate::db::Conn;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, Entity};
use crate::store::sessions::NewSessionRow;
use crate::store::trainings::TrainingValues;

/// Creates the training and its sessions in one transaction, audited as "created".
pub async fn create_training(state: &AppState, caller: &Caller, body: CreateTraining) -> Result<Training, ApiError> {
    let actor = caller.actor()?;
    actor.check_may_create_training().map_err(|e| ApiError::rule(&e))?;
    let author = author(caller.user_id, &actor);
    let title = PoecTitle::parse(&body.title).map_err(|e| ApiError::rule(&e))?;
    let body = with_checked_texts(body)?;
    let today = state.today();
    state
        .db
        .write(move |conn| {
            let values = training_values(conn, &body, title, today)?;
            check_training_organisations(conn, &values)?;
            let row = store::trainings::insert(conn, &values)?;
            for (index, session) in body.sessions.iter().enumerate() {
                let new =
                    session_row(conn, row.id, session).map_err(|e| prefixed(e, &format!("sessions[{index}].")))?;
                store::sessions::insert(conn, &new)?;
            }
            audit::record(conn, Entity::Training(&row.reference), "created", author, &[])?;
            let sessions = store::sessions::of_trainings(conn, &[row.id])?;
            training_view(conn, &row, &sessions, &actor, today)
        })
        .await
}

fn training_values(
    conn: &mut Conn,
    body: &CreateTraining,
    title: PoecTitle,
    today: chrono::NaiveDate,
) -> Result<TrainingValues, ApiError> {
    let texts = body.texts.clone();
    Ok(TrainingValues {
        reference: new_training_reference(conn, today)?.as_str().to_owned(),
        training_type: body.training_type.trim().to_owned(),
        title: title.into(),
        funder_organisation_id: body.funder_organisation_id,
        contract_number: body.contract_number.trim().to_owned(),
        scheme: body.scheme.trim().to_owned(),
        measure: body.measure.trim().to_owned(),
        responsible_organisation_id: body.responsible_organisation_id,
        contact_name: texts.contact_name,
        contact_phone: texts.contact_phone,
        contact_email: texts.contact_email,
        highlights: texts.highlights,
        objective: texts.objective,
        programme: texts.programme,
        access_conditions: texts.access_conditions,
        prerequisites: texts.prerequisites,
        certification: body.certification.trim().to_owned(),
        certification_proposed: None,
        certification_rejected: None,
        publication: if body.publish { Publication::Published } else { Publication::AwaitingPublication },
        other_contacts: "[]".to_owned(),
    })
}

/// The body with its texts as the domain accepts them (trimmed, bounded, the type required), as a change of the
/// training would check them.
fn with_checked_texts(mut body: CreateTraining) -> Result<CreateTraining, ApiError> {
    let texts = &mut body.texts;
    let nested = [
        (TrainingField::ContactName, &mut texts.contact_name),
        (TrainingField::ContactPhone, &mut texts.contact_phone),
        (TrainingField::ContactEmail, &mut texts.contact_email),
        (TrainingField::Highlights, &mut texts.highlights),
        (TrainingField::Objective, &mut texts.objective),
        (TrainingField::Programme, &mut texts.programme),
        (TrainingField::AccessConditions, &mut texts.access_conditions),
        (TrainingField::Prerequisites, &mut texts.prerequisites),
    ];
    for (field, text) in nested {
        *text = training_text(field, text).map_err(|e| prefixed(e, "texts."))?;
    }
    let top = [
        (TrainingField::TrainingType, &mut body.training_type),
        (TrainingField::ContractNumber, &mut body.contract_number),
        (TrainingField::Scheme, &mut body.scheme),
        (TrainingField::Measure, &mut body.measure),
    ];
    for (field, text) in top {
        *text = training_text(field, text)?;
    }
    Ok(body)
}

/// A session to insert, checked by the domain (R-SES-1, R-SES-2, R-SES-5).
fn session_row(conn: &mut Conn, training_id: i64, s: &NewSession) -> Result<NewSessionRow, ApiError> {
    let rule = |e: &dyn domain::RuleError| ApiError::rule(e);
    SessionCalendar::new(s.start_date, s.end_date, s.registration_deadline, s.late_entry_deadline)
        .map_err(|e| rule(&e))?;
    let capacity = Capacity::parse(s.capacity).map_err(|e| rule(&e))?;
    let coefficient = Coefficient::parse(s.coefficient).map_err(|e| rule(&e))?;
    let comment = SessionComment::parse(s.comment.trim()).map_err(|e| rule(&e))?;
    let commune = Commune::parse(&s.department, &s.commune).map_err(|e| rule(&e))?;
    check_session_organisations(conn, s.trainer_organisation_id, s.positioner_organisation_id)?;
    Ok(NewSessionRow {
        reference: new_session_reference(conn)?.as_str().to_owned(),
        training_id,
        start_date: s.start_date,
        end_date: s.end_date,
        registration_deadline: s.registration_deadline,
        late_entry_deadline: s.late_entry_deadline,
        department: commune.department().to_owned(),
        commune: commune.name().to_owned(),
        trainer_organisation_id: s.trainer_organisation_id,
        positioner_organisation_id: s.positioner_organisation_id,
        comment: comment.as_str().to_owned(),
        capacity: i32::try_from(capacity.get()).map_err(ApiError::internal)?,
        coefficient: i32::try_from(coefficient.get()).map_err(ApiError::internal)?,
    })
}

/// Names where in the body a field error belongs: `sessions[1].capacity`, `texts.programme`.
fn prefixed(mut error: ApiError, path: &str) -> ApiError {
    for field in &mut error.errors {
        field.field = format!("{path}{}", field.field);
    }
    error
}
