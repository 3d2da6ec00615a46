//! `GET /api/availability`: sessions with free places, for prescribers.

use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use contract::{AvailableSession, OrganisationRef};
use serde::Deserialize;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::service::offer::{SessionModel, organisation_names, views::commune_label};
use crate::state::AppState;
use crate::store::sessions::{self, AvailabilityFilter};

/// Where, when, what.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AvailabilityQuery {
    /// Department code, e.g. `24`.
    pub department: Option<String>,
    /// Part of the commune's name.
    pub commune: Option<String>,
    /// Sessions starting on or after.
    pub from: Option<NaiveDate>,
    /// Sessions starting on or before.
    pub to: Option<NaiveDate>,
    /// Words of the training's title or objective.
    pub q: Option<String>,
}

/// Open sessions with free places (R-LIST-4): no candidate data, only places left.
#[utoipa::path(
    operation_id = "listAvailableSessions",
    tag = "candidatures",
    security(("bearer" = [])),
    params(AvailabilityQuery),
    responses(
        (status = 200, description = "Sessions ouvertes avec des places, 200 au plus", body = [AvailableSession]),
        (status = 400, description = "Paramètre invalide", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/availability")]
pub async fn availability(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<AvailabilityQuery>,
) -> Result<HttpResponse, ApiError> {
    caller.actor()?;
    let q = query.into_inner();
    let filter = AvailabilityFilter {
        department: q.department,
        commune: q.commune,
        start_from: q.from,
        start_to: q.to,
        text: q.q,
    };
    let today = state.today();
    let found = state
        .db
        .run(move |conn| {
            let rows = sessions::available(conn, &filter, today, 200)?;
            let names = organisation_names(conn, rows.iter().map(|(s, _)| s.trainer_organisation_id))?;
            let mut found = Vec::with_capacity(rows.len());
            for (session, training) in rows {
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
        .await?;
    Ok(HttpResponse::Ok().json(found))
}
