//! "Gestion par candidatures" for organisations (R-LIST-2), the own list for prescribers (R-ACC-4), with the count
//! of each period tab (R-TIME-4).

use chrono::NaiveDate;
use contract::{ApplicationList, ApplicationListQuery, PeriodCounts, PeriodTab};
use domain::access::Refusal;
use domain::access::{Actor, ActorKind};
use domain::time_rules::SessionPeriod;

use super::applications::start::start;
use super::applications::views;
use super::paging::paging;
use crate::auth::Caller;
use crate::db::Db;
use crate::error::ApiError;
use crate::store::application_lists::{self, Filter, Page, Scope, Search, tally};
use crate::store::candidate_reads::{Purpose, Reading};

/// The largest page.
const MAX_PER_PAGE: u32 = 100;

/// One page of the caller's applications, newest first unless sorted otherwise.
pub async fn list_applications(
    db: &Db,
    caller: &Caller,
    q: ApplicationListQuery,
    today: NaiveDate,
) -> Result<ApplicationList, ApiError> {
    let actor = caller.actor()?;
    let scope = match (actor.kind(), actor) {
        (ActorKind::TrainingOrganisation, Actor::Organisation { id, .. }) => {
            Scope::Organisation { id: id.0, role: q.role }
        }
        (ActorKind::Prescriber, Actor::Organisation { id, .. }) => Scope::Prescriber(id.0),
        _ => {
            return Err(ApiError::rule(&Refusal::ApplicationsNotAvailable));
        }
    };
    let reading = Reading::new(caller.user_id, &actor, Purpose::ApplicationList);
    let ends = move |period: SessionPeriod| period.session_ends(today);
    let mut filter = Filter {
        state: q.state,
        period: q.period.map(|tab| ends(period_of(tab))),
        start_from: q.session_start_from,
        start_to: q.session_start_to,
        end_from: q.session_end_from,
        end_to: q.session_end_to,
        session_type: q.session_type,
        sort: q.sort.unwrap_or_default(),
        ..Filter::default()
    };
    let paging = paging(q.page, q.per_page, MAX_PER_PAGE)?;
    let start = start(q.cursor.as_deref(), paging.page(), filter.sort)?;
    let (page, per_page) = (paging.page(), paging.per_page());
    let tab = q.period;
    let text = q.q;
    db.run(move |conn| {
        filter.search = text.map(|text| Search::resolve(conn, scope, &text)).transpose()?.flatten();
        let (rows, next) = application_lists::rows(conn, scope, &filter, &start, per_page)?;
        let (current, finished) = tally::split(conn, scope, &filter, ends(SessionPeriod::Current))?;
        let counts = match tab {
            Some(PeriodTab::Current) => current,
            Some(PeriodTab::Finished) => finished,
            None => current.plus(&finished),
        };
        let found = Page { rows, total: counts.total(filter.state), counts: counts.per_state(), next };
        let mut list = views::list(conn, reading, found, page, per_page)?;
        list.period_counts =
            Some(PeriodCounts { current: current.total(filter.state), finished: finished.total(filter.state) });
        Ok(list)
    })
    .await
}

fn period_of(tab: PeriodTab) -> SessionPeriod {
    match tab {
        PeriodTab::Current => SessionPeriod::Current,
        PeriodTab::Finished => SessionPeriod::Finished,
    }
}
