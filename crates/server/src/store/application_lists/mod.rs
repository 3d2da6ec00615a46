//! Filtered, sorted, paginated application lists (R-LIST-2, R-LIST-3) and their counts per state.
//!
//! A page reads at most `per_page + 1` places from an index, then joins the rows it shows: the filters and
//! sorts use the columns each application copies from its session (migration `application_lists`), an
//! organisation's role is one index, and a [`Key`] starts a page where the previous one ended, so the
//! thousandth page costs what the first does. Counts come from the counters each session keeps ([`tally`]).

mod keyset;
pub mod plans;
mod search;
pub mod tally;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::access::SessionRole;
use domain::application::ApplicationState;
use domain::time_rules::SessionEnds;

pub use keyset::Key;
use keyset::Keyed;
pub use search::{Hit, Search};

use super::{Coded, Error};
use crate::db::Conn;

/// Whose applications.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// One session's (its parties already checked).
    Session(i64),
    /// A training organisation's, through one role or any.
    Organisation { id: i64, role: Option<SessionRole> },
    /// A prescriber's own.
    Prescriber(i64),
}

pub use contract::Sort;

/// The filters of a list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub state: Option<ApplicationState>,
    /// The free text, resolved by [`Search::resolve`].
    pub search: Option<Search>,
    /// The session ends of a tab (R-TIME-4, bounds from the domain).
    pub period: Option<SessionEnds>,
    pub start_from: Option<NaiveDate>,
    pub start_to: Option<NaiveDate>,
    pub end_from: Option<NaiveDate>,
    pub end_to: Option<NaiveDate>,
    /// Received on or after this day.
    pub received_from: Option<NaiveDate>,
    /// Only sessions of published trainings (the dashboard's "publiées et non archivées").
    pub published_only: bool,
    /// "Type session" (R-LIST-TYPE-1): the session's copy of its training's type, read on the session row each
    /// listed application joins anyway, so the role's index still drives the page.
    pub session_type: Option<domain::session::SessionType>,
    pub sort: Sort,
}

impl Filter {
    /// Whether a filter reads the session or the training, not only the application's own copies.
    #[must_use]
    pub fn needs_joins(&self) -> bool {
        self.published_only || self.session_type.is_some() || matches!(self.search, Some(Search::Broad { .. }))
    }

    /// The applications a search found, when they alone answer the filter: it reads none of the session's or
    /// training's columns ([`Filter::needs_joins`]).
    fn hits(&self) -> Option<&[Hit]> {
        match &self.search {
            Some(Search::Found(hits)) if !self.needs_joins() => Some(hits),
            _ => None,
        }
    }

    /// Whether `hit` passes the filters on the application's own columns: [`narrowed`]'s, in Rust, for the
    /// applications a search has already read.
    fn admits(&self, hit: &Hit) -> bool {
        let within = |day: NaiveDate, from: Option<NaiveDate>, to: Option<NaiveDate>| {
            from.is_none_or(|from| day >= from) && to.is_none_or(|to| day <= to)
        };
        self.state.is_none_or(|state| hit.state == state)
            && self.period.is_none_or(|period| period.contains(hit.session_end))
            && within(hit.session_start, self.start_from, self.start_to)
            && within(hit.session_end, self.end_from, self.end_to)
            && self.received_from.is_none_or(|day| hit.received_at >= day.and_time(chrono::NaiveTime::MIN))
    }
}

/// Where a page starts.
#[derive(Debug, Clone)]
pub enum Start {
    /// The n-th page from 1 (the web app's page numbers: cost grows with n).
    Page(u32),
    /// Right after the row of this key (a cursor: same cost on every page).
    After(Key),
}

/// One listed application with what its row shows.
#[derive(Debug, Clone, Queryable)]
pub struct Listed {
    pub id: i64,
    pub reference: String,
    pub received_at: NaiveDateTime,
    #[diesel(deserialize_as = Coded<ApplicationState>)]
    pub state: ApplicationState,
    pub late_entry: bool,
    pub invites_count: i32,
    pub last_invite_result: Option<String>,
    pub planned_entry_date: Option<NaiveDate>,
    pub prescriber_organisation_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub email: String,
    pub phone: String,
    pub session_reference: String,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub trainer_organisation_id: i64,
    pub positioner_organisation_id: Option<i64>,
    pub training_title: String,
    pub responsible_organisation_id: i64,
    /// Where the row sorts by candidate (a cursor's key).
    pub candidate_sort: String,
}

/// One page of a list.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub rows: Vec<Listed>,
    /// Rows matching every filter, across pages.
    pub total: u64,
    /// Rows per state, matching every filter but the state.
    pub counts: Vec<(ApplicationState, u64)>,
    /// Where the next page starts; `None` on the last one.
    pub next: Option<Key>,
}

/// The applications of `scope` that pass `filter`, joined to what a row shows. "Any role" is one OR here; the
/// received-date sorts avoid it by asking for one role at a time.
macro_rules! filtered {
    ($scope:expr, $filter:expr) => {{
        use $crate::db::schema::{applications, candidates, sessions, trainings};
        use $crate::store::application_lists::{Filter, Search};
        let filter: &Filter = $filter;
        let query = applications::table
            .inner_join(candidates::table)
            .inner_join(sessions::table.inner_join(trainings::table))
            .into_boxed();
        let mut query = $crate::store::application_lists::narrowed!(query, $scope, filter);
        if filter.published_only {
            query = query.filter(trainings::publication.eq(domain::training::Publication::Published.code()));
        }
        if let Some(kind) = &filter.session_type {
            query = query.filter(sessions::session_type.eq(kind.as_str().to_owned()));
        }
        if let Some(Search::Broad { names, references, title }) = &filter.search {
            query = query.filter(
                applications::candidate_sort
                    .ge(names.0.clone())
                    .and(applications::candidate_sort.lt(names.1.clone()))
                    .or(applications::reference
                        .ge(references.0.clone())
                        .and(applications::reference.lt(references.1.clone())))
                    .or($crate::store::organisations::lower(trainings::title).like(title.clone()).escape('\\'))
                    .or(sessions::reference.ge(references.0.clone()).and(sessions::reference.lt(references.1.clone()))),
            );
        }
        query
    }};
}
pub(crate) use filtered;

/// The applications of `scope` that pass `filter`, read from their own table, for a filter that needs no join
/// ([`Filter::needs_joins`]). A few thousand applications found by a search are counted and sorted this way,
/// and only the page's rows joined (a join per found row made a common surname cost 0.1 s).
macro_rules! unjoined {
    ($scope:expr, $filter:expr) => {{
        let filter: &$crate::store::application_lists::Filter = $filter;
        debug_assert!(!filter.needs_joins());
        $crate::store::application_lists::narrowed!(
            $crate::db::schema::applications::table.into_boxed(),
            $scope,
            filter
        )
    }};
}
pub(crate) use unjoined;

/// `query` (over applications, joined or not) narrowed to `scope` and to the filters the application's own
/// columns answer.
macro_rules! narrowed {
    ($query:expr, $scope:expr, $filter:expr) => {{
        use domain::access::SessionRole;
        use $crate::db::schema::applications;
        use $crate::store::application_lists::{Filter, Scope, Search};
        let mut query = $query;
        let filter: &Filter = $filter;
        // Found by id, the scope is checked on each found row (`+ 0` hides the column's index): SQLite would
        // otherwise walk the scope's index, a third of a million rows for the largest organisation, to find a
        // few thousand ids (0.40 s against 0.02 s).
        let by_id = matches!(&filter.search, Some(Search::Found(_)));
        query = match $scope {
            Scope::Session(id) if by_id => query.filter((applications::session_id + 0i64).eq(id)),
            Scope::Session(id) => query.filter(applications::session_id.eq(id)),
            Scope::Prescriber(id) if by_id => query.filter((applications::prescriber_organisation_id + 0i64).eq(id)),
            Scope::Prescriber(id) => query.filter(applications::prescriber_organisation_id.eq(id)),
            Scope::Organisation { id, role: Some(SessionRole::Responsible) } if by_id => {
                query.filter((applications::responsible_organisation_id + 0i64).eq(id))
            }
            Scope::Organisation { id, role: Some(SessionRole::Responsible) } => {
                query.filter(applications::responsible_organisation_id.eq(id))
            }
            Scope::Organisation { id, role: Some(SessionRole::Positioner) } if by_id => {
                query.filter((applications::positioner_organisation_id + 0i64).eq(id))
            }
            Scope::Organisation { id, role: Some(SessionRole::Positioner) } => {
                query.filter(applications::positioner_organisation_id.eq(id))
            }
            Scope::Organisation { id, role: Some(SessionRole::Trainer) } if by_id => {
                query.filter((applications::trainer_organisation_id + 0i64).eq(id))
            }
            Scope::Organisation { id, role: Some(SessionRole::Trainer) } => {
                query.filter(applications::trainer_organisation_id.eq(id))
            }
            Scope::Organisation { id, role: None } if by_id => query.filter(
                (applications::responsible_organisation_id + 0i64)
                    .eq(id)
                    .or((applications::positioner_organisation_id + 0i64).eq(id))
                    .or((applications::trainer_organisation_id + 0i64).eq(id)),
            ),
            Scope::Organisation { id, role: None } => query.filter(
                applications::responsible_organisation_id
                    .eq(id)
                    .or(applications::positioner_organisation_id.eq(id))
                    .or(applications::trainer_organisation_id.eq(id)),
            ),
        };
        if let Some(state) = filter.state {
            query = query.filter(applications::state.eq(state.code()));
        }
        if let Some(domain::time_rules::SessionEnds { from, before }) = filter.period {
            if let Some(d) = from {
                query = query.filter(applications::session_end.ge(d));
            }
            if let Some(d) = before {
                query = query.filter(applications::session_end.lt(d));
            }
        }
        if let Some(d) = filter.start_from {
            query = query.filter(applications::session_start.ge(d));
        }
        if let Some(d) = filter.start_to {
            query = query.filter(applications::session_start.le(d));
        }
        if let Some(d) = filter.end_from {
            query = query.filter(applications::session_end.ge(d));
        }
        if let Some(d) = filter.end_to {
            query = query.filter(applications::session_end.le(d));
        }
        if let Some(day) = filter.received_from {
            query = query.filter(applications::received_at.ge(day.and_time(chrono::NaiveTime::MIN)));
        }
        if let Some(ids) = filter.search.as_ref().and_then(Search::found_ids) {
            query = query.filter(applications::id.eq_any(ids));
        }
        query
    }};
}
pub(crate) use narrowed;

/// A page of rows and where the next one starts. An organisation's applications through any role read each
/// role's index and merge them: an OR over three columns would sort the organisation's whole set for every page.
pub fn rows(
    conn: &mut Conn,
    scope: Scope,
    filter: &Filter,
    start: &Start,
    per_page: u32,
) -> Result<(Vec<Listed>, Option<Key>), Error> {
    if filter.search.as_ref().is_some_and(Search::finds_nothing) {
        return Ok((Vec::new(), None));
    }
    let skip = match start {
        Start::Page(page) => u64::from(page.saturating_sub(1)) * u64::from(per_page),
        Start::After(_) => 0,
    };
    let after = match start {
        Start::After(key) => Some(key),
        Start::Page(_) => None,
    };
    let limit = u64::from(per_page) + 1;
    let mut keys = match scope {
        _ if filter.hits().is_some() => found_keys(filter, after, skip, limit),
        // Rows found by id (with a filter on their session or training) are few and read by id: one query
        // checks the three roles on each.
        Scope::Organisation { id, role: None }
            if keyset::merges(filter.sort) && !matches!(filter.search, Some(Search::Found(_))) =>
        {
            let mut merged = Vec::new();
            for role in [SessionRole::Responsible, SessionRole::Positioner, SessionRole::Trainer] {
                let role = Scope::Organisation { id, role: Some(role) };
                merged.extend(keyset::keys(conn, role, filter, after, 0, skip + limit)?);
            }
            merged.sort_by(|a, b| keyset::order(filter.sort, a.place(), b.place()));
            merged.dedup_by_key(|keyed| keyed.id);
            merged.into_iter().skip(usize::try_from(skip).unwrap_or(usize::MAX)).collect()
        }
        _ => keyset::keys(conn, scope, filter, after, skip, limit)?,
    };
    let more = keys.len() > per_page as usize;
    keys.truncate(per_page as usize);
    let next = if more { keys.last().map(|keyed| Key::at(keyed.place(), filter.sort)) } else { None };
    let rows = keyset::load_ids(conn, keys.iter().map(|keyed| keyed.id).collect(), filter.sort)?;
    Ok((rows, next))
}

/// The places of up to `limit` of a search's applications after `skip` and after `after`: filtered and ordered
/// in memory, where the search left them.
fn found_keys(filter: &Filter, after: Option<&Key>, skip: u64, limit: u64) -> Vec<Keyed> {
    let sort = filter.sort;
    let mut kept: Vec<&Hit> = filter
        .hits()
        .unwrap_or_default()
        .iter()
        .filter(|hit| filter.admits(hit))
        .filter(|hit| after.is_none_or(|key| keyset::order(sort, key.place(), hit.place()).is_lt()))
        .collect();
    kept.sort_by(|a, b| keyset::order(sort, a.place(), b.place()));
    let skip = usize::try_from(skip).unwrap_or(usize::MAX);
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    kept.into_iter().skip(skip).take(limit).map(Hit::keyed).collect()
}

/// A page of applications with the total and the count per state (all filters but the state).
pub fn page(conn: &mut Conn, scope: Scope, filter: &Filter, start: &Start, per_page: u32) -> Result<Page, Error> {
    let (rows, next) = rows(conn, scope, filter, start, per_page)?;
    let tally = tally::of(conn, scope, filter)?;
    Ok(Page { rows, total: tally.total(filter.state), counts: tally.per_state(), next })
}
