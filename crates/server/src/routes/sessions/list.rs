//! `GET /api/sessions`: "Gestion par sessions".

use actix_web::{HttpResponse, get, web};
use contract::{Funding, OrganisationRef, PeriodCounts, PeriodTab, SessionList, SessionListQuery, SessionListRow};
use domain::access::{Actor, ActorKind};
use domain::time_rules::SessionPeriod;

use crate::auth::Caller;
use crate::error::ApiError;
use crate::offer::{SessionModel, organisation_names, views::commune_label};
use crate::state::AppState;
use crate::store::sessions::{self, SessionFilter};

/// Sessions where the caller's organisation holds a role (R-ACC-3), soonest first, with the count of each
/// period tab (R-LIST-2, R-TIME-4) and "Inscrits" (R-QUOTA-5).
#[utoipa::path(
    operation_id = "listSessions",
    tag = "sessions",
    security(("bearer" = [])),
    params(SessionListQuery),
    responses(
        (status = 200, description = "Une page de sessions", body = SessionList),
        (status = 400, description = "Paramètre invalide", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Réservé aux organismes, financeurs et à la plateforme", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sessions")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<SessionListQuery>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor()?;
    let q = query.into_inner();
    let organisation = match (actor.kind(), actor) {
        (ActorKind::PlatformAdmin, _) => None,
        (ActorKind::TrainingOrganisation, Actor::Organisation { id, .. }) => Some((id.0, q.role)),
        (ActorKind::Funder, Actor::Organisation { id, .. }) => Some((id.0, None)),
        _ => {
            return Err(ApiError::forbidden(
                "sessions_not_available",
                "Les prescripteurs recherchent les sessions ouvertes dans « Sessions disponibles ».",
            ));
        }
    };
    let today = state.today();
    let paging = super::super::paging(q.page, q.per_page, 100)?;
    let (page, per_page) = (paging.page(), paging.per_page());
    let filter = SessionFilter {
        organisation,
        start_from: q.session_start_from,
        start_to: q.session_start_to,
        end_from: q.session_end_from,
        end_to: q.session_end_to,
        text: q.q,
    };
    let (period, wanted) = (q.period.unwrap_or(PeriodTab::Current), q.state);
    let list = state
        .db
        .run(move |conn| {
            let mut rows = Vec::new();
            let mut counts = PeriodCounts::default();
            for (session, training) in sessions::listed(conn, &filter)? {
                let model = SessionModel::of(&session)?;
                let state = model.state(&session, today);
                if wanted.is_some_and(|w| w != state) {
                    continue;
                }
                let current = SessionPeriod::of(session.end_date, today) == SessionPeriod::Current;
                if current {
                    counts.current += 1
                } else {
                    counts.finished += 1
                }
                if current == matches!(period, PeriodTab::Current) {
                    rows.push((session, training, model, state));
                }
            }
            let total = rows.len() as u64;
            let shown: Vec<_> = rows
                .into_iter()
                .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
                .take(per_page as usize)
                .collect();
            let ids = shown.iter().flat_map(|(s, t, _, _)| {
                [
                    Some(t.funder_organisation_id),
                    Some(t.responsible_organisation_id),
                    Some(s.trainer_organisation_id),
                    s.positioner_organisation_id,
                ]
            });
            let names = organisation_names(conn, ids.flatten())?;
            let org = |id: i64| OrganisationRef { id, name: names.get(&id).cloned().unwrap_or_default() };
            let items = shown
                .into_iter()
                .map(|(session, training, model, state)| SessionListRow {
                    reference: session.reference.clone(),
                    training_reference: training.reference.clone(),
                    training_title: training.title.clone(),
                    funding: Funding {
                        funder: org(training.funder_organisation_id),
                        contract_number: training.contract_number.clone(),
                        scheme: training.scheme.clone(),
                        measure: training.measure.clone(),
                    },
                    responsible: org(training.responsible_organisation_id),
                    positioner: session.positioner_organisation_id.map(org),
                    trainer: org(session.trainer_organisation_id),
                    commune: commune_label(&session),
                    start_date: session.start_date,
                    end_date: session.end_date,
                    state,
                    state_label: state.label().to_owned(),
                    occupancy: model.occupancy.to_string(),
                })
                .collect();
            Ok(SessionList { items, total, page, per_page, period_counts: counts })
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
