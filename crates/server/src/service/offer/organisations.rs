//! The organisations a training or session names must have the right kind: a funder funds, a training
//! organisation is responsible, trains or positions.

use domain::access::OrganisationKind;

use crate::db::Conn;
use crate::error::ApiError;
use crate::store;
use crate::store::trainings::TrainingValues;

/// The funder must be a funder and the responsible organisation a training organisation.
pub fn check_training_organisations(conn: &mut Conn, values: &TrainingValues) -> Result<(), ApiError> {
    let expect = [
        (values.funder_organisation_id, OrganisationKind::Funder, "funder_organisation_id", "un financeur"),
        (
            values.responsible_organisation_id,
            OrganisationKind::TrainingOrganisation,
            "responsible_organisation_id",
            "un organisme de formation",
        ),
    ];
    for (id, kind, field, label) in expect {
        match store::organisations::find(conn, id)? {
            Some(org) if org.kind == kind => {}
            _ => {
                return Err(ApiError::invalid_field(
                    field,
                    "invalid_organisation",
                    format!("La structure choisie doit être {label}."),
                ));
            }
        }
    }
    Ok(())
}

/// The trainer and the positioner of a session must be training organisations.
pub fn check_session_organisations(conn: &mut Conn, trainer: i64, positioner: Option<i64>) -> Result<(), ApiError> {
    for (id, field) in [(Some(trainer), "trainer_organisation_id"), (positioner, "positioner_organisation_id")] {
        let Some(id) = id else { continue };
        let kind = store::organisations::find(conn, id)?.map(|o| o.kind);
        if kind != Some(OrganisationKind::TrainingOrganisation) {
            return Err(ApiError::invalid_field(
                field,
                "invalid_organisation",
                "La structure choisie doit être un organisme de formation.",
            ));
        }
    }
    Ok(())
}
