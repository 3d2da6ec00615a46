//! The JSON views of trainings and sessions, computed with the domain for a given actor and day.

use std::collections::HashMap;

use chrono::NaiveDate;
use contract::{
    CertificationView, Funding, Notice, OrganisationRef, Session, SessionSummary, Training, TrainingSummary,
    TrainingTexts,
};
use domain::access::{Actor, ActorKind};
use domain::session::Commune;
use domain::training::{TrainingField, alerts};

use super::{SessionModel, certification, check_may_edit_training, facts, holds_training_role, may_read};
use crate::error::ApiError;
use crate::store::sessions::SessionRow;
use crate::store::trainings::TrainingRow;

/// Organisation names by id.
pub type Names = HashMap<i64, String>;

fn org(names: &Names, id: i64) -> OrganisationRef {
    OrganisationRef { id, name: names.get(&id).cloned().unwrap_or_default() }
}

fn funding(row: &TrainingRow, names: &Names) -> Funding {
    Funding {
        funder: org(names, row.funder_organisation_id),
        contract_number: row.contract_number.clone(),
        scheme: row.scheme.clone(),
        measure: row.measure.clone(),
    }
}

/// "24 - Boulazac Isle Manoire" (R-SES-1).
pub fn commune_label(row: &SessionRow) -> String {
    Commune::parse(&row.department, &row.commune)
        .map_or_else(|_| format!("{} - {}", row.department, row.commune), |c| c.to_string())
}

/// A row of the training list.
pub fn summary(
    row: &TrainingRow,
    sessions: &[SessionRow],
    names: &Names,
    today: NaiveDate,
) -> Result<TrainingSummary, ApiError> {
    let facts = facts(row, sessions)?;
    Ok(TrainingSummary {
        reference: row.reference.clone(),
        training_type: row.training_type.clone(),
        title: row.title.clone(),
        funding: funding(row, names),
        publication: facts.publication,
        certification_status: facts.certification,
        alerts: alerts(&facts, today).iter().map(|a| a.message()).collect(),
    })
}

/// A row of a training's sessions table.
pub fn session_summary(row: &SessionRow, names: &Names, today: NaiveDate) -> Result<SessionSummary, ApiError> {
    let model = SessionModel::of(row)?;
    let state = model.state(row, today);
    Ok(SessionSummary {
        reference: row.reference.clone(),
        start_date: row.start_date,
        end_date: row.end_date,
        registration_deadline: row.registration_deadline,
        late_entry_deadline: row.late_entry_deadline,
        commune: commune_label(row),
        trainer_organisation: org(names, row.trainer_organisation_id),
        state,
        state_label: state.label().to_owned(),
        occupancy: model.occupancy.to_string(),
        places_held: model.occupancy.places_held,
        quota: model.occupancy.quota.get(),
        retained: model.retained,
        capacity: model.size.capacity.get(),
    })
}

/// The training form for this actor: its visible sessions and the fields it may edit.
pub fn training(
    row: &TrainingRow,
    sessions: &[SessionRow],
    actor: &Actor,
    names: &Names,
    today: NaiveDate,
) -> Result<Training, ApiError> {
    let facts = facts(row, sessions)?;
    let certification = certification(row);
    let visible = sessions.iter().filter(|s| may_read(actor, row, s) || holds_training_role(actor, row));
    Ok(Training {
        reference: row.reference.clone(),
        training_type: row.training_type.clone(),
        title: row.title.clone(),
        funding: funding(row, names),
        responsible_organisation: org(names, row.responsible_organisation_id),
        contacts: row.contacts()?,
        texts: TrainingTexts {
            contact_name: row.contact_name.clone(),
            contact_phone: row.contact_phone.clone(),
            contact_email: row.contact_email.clone(),
            highlights: row.highlights.clone(),
            objective: row.objective.clone(),
            programme: row.programme.clone(),
            access_conditions: row.access_conditions.clone(),
            prerequisites: row.prerequisites.clone(),
        },
        certification: CertificationView {
            published: certification.published().to_owned(),
            proposed: certification.proposed().map(str::to_owned),
            rejected: certification.rejected().map(str::to_owned),
            status: certification.status(),
        },
        publication: row.publication,
        alerts: alerts(&facts, today)
            .iter()
            .map(|a| Notice { code: a.code().to_owned(), message: a.message() })
            .collect(),
        editable_fields: if check_may_edit_training(actor, row).is_ok() {
            TrainingField::ALL.into_iter().filter(|f| f.is_editable_by(actor)).collect()
        } else {
            Vec::new()
        },
        sessions: visible.map(|s| session_summary(s, names, today)).collect::<Result<_, _>>()?,
    })
}

/// The session form.
pub fn session(
    training: &TrainingRow,
    row: &SessionRow,
    actor: &Actor,
    names: &Names,
    today: NaiveDate,
) -> Result<Session, ApiError> {
    let model = SessionModel::of(row)?;
    let state = model.state(row, today);
    Ok(Session {
        reference: row.reference.clone(),
        training_reference: training.reference.clone(),
        training_title: training.title.clone(),
        start_date: row.start_date,
        end_date: row.end_date,
        registration_deadline: row.registration_deadline,
        late_entry_deadline: row.late_entry_deadline,
        department: row.department.clone(),
        commune: row.commune.clone(),
        commune_label: commune_label(row),
        trainer_organisation: org(names, row.trainer_organisation_id),
        positioner_organisation: row.positioner_organisation_id.map(|id| org(names, id)),
        comment: row.comment.clone(),
        capacity: model.size.capacity.get(),
        coefficient: model.size.coefficient.get(),
        quota: model.occupancy.quota.get(),
        places_held: model.occupancy.places_held,
        places_left: model.occupancy.places_left(),
        occupancy: model.occupancy.to_string(),
        retained: model.retained,
        cancelled: row.cancelled,
        state,
        state_label: state.label().to_owned(),
        may_change_all_dates: TrainingField::SessionDates.is_editable_by(actor),
        published_start_date: row.published_start_date,
        may_change_parties: matches!(actor.kind(), ActorKind::Funder | ActorKind::PlatformAdmin),
        latest_organisation_start: domain::session::latest_organisation_start(row.published_start_date),
        version: row.version,
    })
}
