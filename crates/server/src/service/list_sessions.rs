//! "Gestion par sessions": the sessions where the caller's organisation holds a role (R-ACC-3), soonest first,
//! with the count of each period tab (R-LIST-2, R-TIME-4) and "Inscrits" (R-QUOTA-5).

use contract::{Funding, OrganisationRef, PeriodCounts, PeriodTab, SessionList, SessionListQuery, SessionListRow};
use domain::access::Refusal;
use domain::access::{Actor, ActorKind};
use domain::session::SessionState;
use domain::time_rules::SessionPeriod;

use super::offer::views::{Names, commune_label};
use super::offer::{SessionModel, organisation_names};
use super::paging::paging;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::sessions::{self, SessionFilter, SessionRow};
use crate::store::trainings::TrainingRow;

/// A listed session with what the row shows.
type Listed = (SessionRow, TrainingRow, SessionModel, SessionState);

const MAX_PER_PAGE: u32 = 100;

/// One page of the asked period (current by default), with the count of both periods.
pub async fn list_sessions(
    state: &AppState,
    caller: &Caller,
    query: SessionListQuery,
) -> Result<SessionList, ApiError> {
    let paging = paging(query.page, query.per_page, MAX_PER_PAGE)?;
    let actor = caller.actor()?;
    let organisation = match (actor.kind(), actor) {
        (ActorKind::PlatformAdmin, _) => None,
        (ActorKind::TrainingOrganisation, Actor::Organisation { id, .. }) => Some((id.0, query.role)),
        (ActorKind::Funder, Actor::Organisation { id, .. }) => Some((id.0, None)),
        _ => {
            return Err(ApiError::rule(&Refusal::SessionsNotAvailable));
        }
    };
    let today = state.today();
    let filter = SessionFilter {
        organisation,
        start_from: query.session_start_from,
        start_to: query.session_start_to,
        end_from: query.session_end_from,
        end_to: query.session_end_to,
        text: query.q,
    };
    let (period, wanted) = (query.period.unwrap_or(PeriodTab::Current), query.state);
    state
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
            let shown: Vec<Listed> = rows
                .into_iter()
                .skip(usize::try_from(paging.offset()).unwrap_or(usize::MAX))
                .take(paging.per_page() as usize)
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
            let items = shown.into_iter().map(|listed| row(listed, &names)).collect();
            Ok(SessionList { items, total, page: paging.page(), per_page: paging.per_page(), period_counts: counts })
        })
        .await
}

fn row((session, training, model, state): Listed, names: &Names) -> SessionListRow {
    let org = |id: i64| OrganisationRef { id, name: names.get(&id).cloned().unwrap_or_default() };
    SessionListRow {
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
    }
}
