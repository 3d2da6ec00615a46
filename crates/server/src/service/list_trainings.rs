//! "Gestion des formations": the trainings the caller's organisation holds a role on, one tab at a time, with
//! the count of every tab (R-TRN-4).

use std::collections::HashMap;

use contract::{TabCounts, TrainingList, TrainingListQuery, TrainingSort};
use domain::access::Actor;
use domain::paging::Paging;
use domain::training::{TrainingTab, tabs};

use super::offer::{facts, organisation_names, views};
use super::paging::paging;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use crate::store::sessions::SessionRow;
use crate::store::trainings::TrainingRow;

const MAX_PER_PAGE: u32 = 100;

/// One page of the asked tab (published by default), with the count of every tab.
pub async fn list_trainings(
    state: &AppState,
    caller: &Caller,
    query: TrainingListQuery,
) -> Result<TrainingList, ApiError> {
    let paging = paging(query.page, query.per_page, MAX_PER_PAGE)?;
    let actor = caller.actor()?;
    let TrainingListQuery { tab, q, sort, .. } = query;
    let tab = tab.unwrap_or(TrainingTab::Published);
    let today = state.today();
    let organisation = match actor {
        Actor::PlatformAdmin => None,
        Actor::Organisation { id, .. } => Some(id.0),
    };
    state
        .db
        .run(move |conn| {
            let trainings = store::trainings::visible(conn, organisation, q.as_deref())?;
            let ids: Vec<i64> = trainings.iter().map(|t| t.id).collect();
            let mut by_training: HashMap<i64, Vec<SessionRow>> = HashMap::new();
            for session in store::sessions::of_trainings(conn, &ids)? {
                by_training.entry(session.training_id).or_default().push(session);
            }
            let mut counts = TabCounts::default();
            let mut in_tab = Vec::new();
            for training in trainings {
                let own = by_training.remove(&training.id).unwrap_or_default();
                let training_tabs = tabs(&facts(&training, &own)?, today);
                training_tabs.iter().for_each(|t| counts.add(*t));
                if training_tabs.contains(&tab) {
                    in_tab.push((training, own));
                }
            }
            if let Some(TrainingSort::Title) = sort {
                in_tab.sort_by_key(|(t, _)| t.title.to_lowercase());
            }
            let total = in_tab.len() as u64;
            let shown = page_of(in_tab, paging);
            let names = organisation_names(conn, shown.iter().map(|(t, _)| t.funder_organisation_id))?;
            let items = shown
                .iter()
                .map(|(training, own)| views::summary(training, own, &names, today))
                .collect::<Result<_, _>>()?;
            Ok(TrainingList { items, total, page: paging.page(), per_page: paging.per_page(), counts })
        })
        .await
}

fn page_of(rows: Vec<(TrainingRow, Vec<SessionRow>)>, paging: Paging) -> Vec<(TrainingRow, Vec<SessionRow>)> {
    let start = usize::try_from(paging.offset()).unwrap_or(usize::MAX);
    rows.into_iter().skip(start).take(paging.per_page() as usize).collect()
}
