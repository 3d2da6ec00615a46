//! "Gestion des formations": the trainings the caller's organisation holds a role on, one tab at a time, with
//! the count of every tab (R-TRN-4). The database pages the tab by the domain's criteria; a page loads the
//! sessions of its own trainings only, for their alerts.

use std::collections::HashMap;

use contract::{TabCounts, TrainingList, TrainingListQuery, TrainingSort};
use domain::access::Actor;
use domain::training::{AlertCriteria, TabCriteria, TrainingTab};
use serde::{Deserialize, Serialize};

use super::cursor;
use super::offer::{organisation_names, views};
use super::paging::paging;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use crate::store::sessions::SessionRow;
use crate::store::training_list::{After, Order, TrainingFilter, Window};

const MAX_PER_PAGE: u32 = 100;

/// The sort keys of the last row shown, one type per order, tagged by it: a cursor of another order (or
/// list) does not decode, so it is refused rather than skipping or repeating rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "sort", rename_all = "snake_case")]
enum ByReference {
    Reference { reference: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "sort", rename_all = "snake_case")]
enum ByTitle {
    Title { title: String, reference: String },
}

/// One page of the asked tab (published by default), with the count of every tab.
pub async fn list_trainings(
    state: &AppState,
    caller: &Caller,
    query: TrainingListQuery,
) -> Result<TrainingList, ApiError> {
    let paging = paging(query.page, query.per_page, MAX_PER_PAGE)?;
    let actor = caller.actor()?;
    let TrainingListQuery { tab, q, sort, cursor: given, .. } = query;
    let order = match sort.unwrap_or_default() {
        TrainingSort::Reference => Order::Reference,
        TrainingSort::Title => Order::Title,
    };
    let after = cursor::given(given.as_deref()).map(|text| after(text, order)).transpose()?;
    let tab = tab.unwrap_or(TrainingTab::Published);
    let today = state.today();
    let filter = TrainingFilter {
        organisation: match actor {
            Actor::PlatformAdmin => None,
            Actor::Organisation { id, .. } => Some(id.0),
        },
        text: q,
    };
    state
        .db
        .run(move |conn| {
            let criteria = TabCriteria::of(tab, today);
            let resolved = store::training_list::resolve(conn, &filter, &AlertCriteria::on(today))?;
            let offset = if after.is_some() { 0 } else { i64::try_from(paging.offset()).unwrap_or(i64::MAX) };
            let limit = i64::from(paging.per_page()) + 1;
            let mut shown = store::training_list::page(
                conn,
                &filter,
                &resolved,
                &criteria,
                order,
                Window { after: after.as_ref(), offset, limit },
            )?;
            let next = (shown.len() as i64 == limit).then(|| {
                shown.pop();
                shown.last().map(|(row, title)| next_cursor(order, &row.reference, title))
            });
            // An organisation's tabs in one query over its training ids; the platform's each read one index.
            let census = match filter.organisation {
                Some(organisation) => Some(store::training_list::census(conn, &filter, organisation)?),
                None => None,
            };
            let mut counts = TabCounts::default();
            let mut total = 0;
            for each in TrainingTab::ALL {
                let criteria = TabCriteria::of(each, today);
                let n = match &census {
                    Some(census) if criteria.alerts.is_none() => {
                        census.iter().filter(|(p, c, _)| criteria.admits(*p, *c)).map(|(.., n)| n).sum()
                    }
                    _ => store::training_list::count(conn, &filter, &resolved, &criteria)?,
                };
                *count_of(&mut counts, each) = n;
                if each == tab {
                    total = n;
                }
            }
            let ids: Vec<i64> = shown.iter().map(|(t, _)| t.id).collect();
            let mut by_training: HashMap<i64, Vec<SessionRow>> = HashMap::new();
            // The summaries show the alerts: the sessions that ended before any alert's range cannot change
            // them (five in six of them at a million applications).
            let alerting_from = AlertCriteria::on(today).earliest_end();
            for session in store::sessions::of_trainings_ending_from(conn, &ids, alerting_from)? {
                by_training.entry(session.training_id).or_default().push(session);
            }
            let names = organisation_names(conn, shown.iter().map(|(t, _)| t.funder_organisation_id))?;
            let items = shown
                .iter()
                .map(|(training, _)| {
                    let own = by_training.get(&training.id).map(Vec::as_slice).unwrap_or_default();
                    views::summary(training, own, &names, today)
                })
                .collect::<Result<_, _>>()?;
            Ok(TrainingList {
                items,
                total,
                page: paging.page(),
                per_page: paging.per_page(),
                counts,
                next: next.flatten(),
            })
        })
        .await
}

/// The cursor after a row.
fn next_cursor(order: Order, reference: &str, title: &str) -> String {
    let reference = reference.to_owned();
    match order {
        Order::Reference => cursor::encode(&ByReference::Reference { reference }),
        Order::Title => cursor::encode(&ByTitle::Title { title: title.to_owned(), reference }),
    }
}

/// Where the page starts, if the cursor was written for this order.
fn after(text: &str, order: Order) -> Result<After, ApiError> {
    Ok(match order {
        Order::Reference => {
            let ByReference::Reference { reference } = cursor::decode(text)?;
            After::Reference(reference)
        }
        Order::Title => {
            let ByTitle::Title { title, reference } = cursor::decode(text)?;
            After::Title { title, reference }
        }
    })
}

fn count_of(counts: &mut TabCounts, tab: TrainingTab) -> &mut u64 {
    match tab {
        TrainingTab::Alerts => &mut counts.alerts,
        TrainingTab::Published => &mut counts.published,
        TrainingTab::AwaitingValidation => &mut counts.awaiting_validation,
        TrainingTab::AwaitingPublication => &mut counts.awaiting_publication,
        TrainingTab::Archived => &mut counts.archived,
        TrainingTab::Deleted => &mut counts.deleted,
    }
}
