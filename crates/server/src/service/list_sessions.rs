//! "Gestion par sessions": the sessions where the caller's organisation holds a role (R-ACC-3), soonest first,
//! with the count of each period tab (R-LIST-2, R-TIME-4) and "Inscrits" (R-QUOTA-5).

use chrono::NaiveDate;
use contract::{Funding, OrganisationRef, PeriodCounts, PeriodTab, SessionList, SessionListQuery, SessionListRow};
use domain::access::{Actor, ActorKind, Refusal, SessionRole};
use domain::session::{DayRange, SessionState, StateCriteria};
use domain::time_rules::SessionPeriod;
use serde::{Deserialize, Serialize};

use super::cursor;
use super::offer::views::{Names, commune_label};
use super::offer::{SessionModel, organisation_names};
use super::paging::paging;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use crate::store::session_list::{Party, Scope, SessionFilter};
use crate::store::sessions::SessionRow;
use crate::store::trainings::TrainingRow;

/// A listed session with what the row shows.
type Listed = (SessionRow, TrainingRow, SessionModel, SessionState);

const MAX_PER_PAGE: u32 = 100;

/// The sort key of the last row shown, tagged by the order: a cursor of another list does not decode.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "sort", rename_all = "snake_case")]
enum SessionKey {
    Start { start: NaiveDate, reference: String },
}

/// One page of the asked period (current by default), with the count of both periods.
pub async fn list_sessions(
    state: &AppState,
    caller: &Caller,
    query: SessionListQuery,
) -> Result<SessionList, ApiError> {
    let paging = paging(query.page, query.per_page, MAX_PER_PAGE)?;
    let actor = caller.actor()?;
    let scope = match (actor.kind(), actor) {
        (ActorKind::PlatformAdmin, _) => Scope::All,
        (ActorKind::TrainingOrganisation, Actor::Organisation { id, .. }) => {
            let parties = match query.role {
                Some(SessionRole::Trainer) => vec![Party::Trainer],
                Some(SessionRole::Positioner) => vec![Party::Positioner],
                Some(SessionRole::Responsible) => vec![Party::Responsible],
                None => Party::ALL.to_vec(),
            };
            Scope::Organisation { id: id.0, parties }
        }
        (ActorKind::Funder, Actor::Organisation { id, .. }) => {
            Scope::Organisation { id: id.0, parties: Party::ALL.to_vec() }
        }
        _ => {
            return Err(ApiError::rule(&Refusal::SessionsNotAvailable));
        }
    };
    let after = match cursor::given(query.cursor.as_deref()) {
        Some(text) => {
            let SessionKey::Start { start, reference } = cursor::decode(text)?;
            Some((start, reference))
        }
        None => None,
    };
    let today = state.today();
    let filter = SessionFilter {
        scope,
        state: query.state.map(|wanted| StateCriteria::of(wanted, today)),
        start: DayRange { from: query.session_start_from, to: query.session_start_to },
        end: DayRange { from: query.session_end_from, to: query.session_end_to },
        text: query.q,
        session_type: query.session_type,
    };
    let period = match query.period.unwrap_or(PeriodTab::Current) {
        PeriodTab::Current => SessionPeriod::Current,
        PeriodTab::Finished => SessionPeriod::Finished,
    };
    state
        .db
        .run(move |conn| {
            let current = store::session_list::count(conn, &filter, SessionPeriod::Current.session_ends(today))?;
            let finished = store::session_list::count(conn, &filter, SessionPeriod::Finished.session_ends(today))?;
            let counts = PeriodCounts { current: current.total, finished: finished.total };
            let tally = if period == SessionPeriod::Current { current } else { finished };
            let total = tally.total;
            let offset = if after.is_some() { 0 } else { i64::try_from(paging.offset()).unwrap_or(i64::MAX) };
            let limit = i64::from(paging.per_page()) + 1;
            let ends = period.session_ends(today);
            let mut sessions =
                store::session_list::page(conn, &filter, ends, Some(&tally), after.as_ref(), offset, limit)?;
            let next = if sessions.len() as i64 == limit {
                sessions.pop();
                sessions
                    .last()
                    .map(|s| cursor::encode(&SessionKey::Start { start: s.start_date, reference: s.reference.clone() }))
            } else {
                None
            };
            let trainings = store::trainings::by_ids(conn, sessions.iter().map(|s| s.training_id))?;
            let mut shown: Vec<Listed> = Vec::with_capacity(sessions.len());
            for session in sessions {
                let training = trainings
                    .get(&session.training_id)
                    .cloned()
                    .ok_or_else(|| ApiError::internal(format!("session {} has no training", session.reference)))?;
                let model = SessionModel::of(&session)?;
                let state = model.state(&session, today);
                shown.push((session, training, model, state));
            }
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
            Ok(SessionList {
                items,
                total,
                page: paging.page(),
                per_page: paging.per_page(),
                period_counts: counts,
                next,
            })
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
        places_held: model.occupancy.places_held,
        quota: model.occupancy.quota.get(),
        retained: model.retained,
        capacity: model.size.capacity.get(),
    }
}
