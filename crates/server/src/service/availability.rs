//! Open sessions with free places, for prescribers (R-LIST-4): no candidate data, only places left.

use chrono::NaiveDate;
use contract::{AvailabilityQuery, AvailableSession, OrganisationRef};

use crate::auth::Caller;
use crate::db::Db;
use crate::error::ApiError;
use crate::service::offer::{SessionModel, organisation_names, views::commune_label};
use crate::store;
use crate::store::sessions::{self, AvailabilityFilter};

/// The most sessions answered.
const LIMIT: i64 = 200;

/// The sessions matching `q` that still accept applications and have a place left.
pub async fn availability(
    db: &Db,
    caller: &Caller,
    q: AvailabilityQuery,
    today: NaiveDate,
) -> Result<Vec<AvailableSession>, ApiError> {
    caller.actor()?;
    let filter = AvailabilityFilter {
        department: q.department,
        commune: q.commune,
        start_from: q.from,
        start_to: q.to,
        text: q.q,
    };
    db.run(move |conn| {
        let rows = sessions::available(conn, &filter, today, LIMIT)?;
        let trainings = store::trainings::by_ids(conn, rows.iter().map(|s| s.training_id))?;
        let names = organisation_names(conn, rows.iter().map(|s| s.trainer_organisation_id))?;
        let mut found = Vec::with_capacity(rows.len());
        for session in rows {
            let Some(training) = trainings.get(&session.training_id) else { continue };
            let model = SessionModel::of(&session)?;
            let state = model.state(&session, today);
            if !state.accepts_applications() || model.occupancy.places_left() == 0 {
                continue;
            }
            found.push(AvailableSession {
                reference: session.reference.clone(),
                training_reference: training.reference.clone(),
                training_title: training.title.clone(),
                objective: training.objective.clone(),
                start_date: session.start_date,
                end_date: session.end_date,
                registration_deadline: session.registration_deadline,
                late_entry_deadline: session.late_entry_deadline,
                department: session.department.clone(),
                commune: session.commune.clone(),
                commune_label: commune_label(&session),
                trainer: OrganisationRef {
                    id: session.trainer_organisation_id,
                    name: names.get(&session.trainer_organisation_id).cloned().unwrap_or_default(),
                },
                places_left: model.occupancy.places_left(),
                quota: model.occupancy.quota.get(),
                state,
                state_label: state.label().to_owned(),
            });
        }
        Ok(found)
    })
    .await
}
