//! A list's counts per state, read from counters the database keeps with every application: each session's
//! (`places_held`, `retained` and one per final state) and, summed, each organisation's per role, publication
//! and month of session end (`organisation_counts`). An organisation's counts read one row per month, and the
//! sessions only of the months a tab boundary or a date filter cuts: the cost follows neither its applications
//! nor its sessions. A text search, a prescriber's scope (which spans sessions of others) or a "received since"
//! that excludes some application count the matching applications instead.

use std::collections::{BTreeSet, HashSet};

use chrono::{Datelike, Months, NaiveDate};
use diesel::prelude::*;
use domain::access::SessionRole;
use domain::application::ApplicationState;
use domain::time_rules::SessionEnds;

use super::{Filter, Scope, Search, filtered, unjoined};
use crate::db::Conn;
use crate::db::schema::applications;
use crate::store::{Coded, Error};

/// Applications per state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally([u64; ApplicationState::ALL.len()]);

impl Tally {
    fn slot(state: ApplicationState) -> usize {
        ApplicationState::ALL.iter().position(|s| *s == state).unwrap_or_default()
    }

    /// The applications in `state`.
    #[must_use]
    pub fn get(&self, state: ApplicationState) -> u64 {
        self.0[Self::slot(state)]
    }

    /// Every state with its count.
    #[must_use]
    pub fn per_state(&self) -> Vec<(ApplicationState, u64)> {
        ApplicationState::ALL.iter().map(|s| (*s, self.get(*s))).collect()
    }

    /// The applications in `state`, or in any state.
    #[must_use]
    pub fn total(&self, state: Option<ApplicationState>) -> u64 {
        state.map_or_else(|| self.0.iter().sum(), |s| self.get(s))
    }

    /// The counts of both.
    #[must_use]
    pub fn plus(&self, other: &Self) -> Self {
        let mut sum = *self;
        sum.add(other);
        sum
    }

    /// The tally of counts per state, in the order of the tables' columns: pending, retained, not retained,
    /// no decision sent, refused (full), refused (cancelled).
    fn of_states(counts: [i64; 6]) -> Self {
        let mut tally = Self::default();
        for (state, n) in COLUMN_STATES.into_iter().zip(counts) {
            tally.0[Self::slot(state)] = u64::try_from(n).unwrap_or_default();
        }
        tally
    }

    fn add(&mut self, other: &Self) {
        self.0.iter_mut().zip(other.0).for_each(|(a, b)| *a += b);
    }
}

/// The states in the order the counter tables keep them.
const COLUMN_STATES: [ApplicationState; 6] = [
    ApplicationState::Pending,
    ApplicationState::Retained,
    ApplicationState::NotRetained,
    ApplicationState::NoDecisionSent,
    ApplicationState::RefusedSessionFull,
    ApplicationState::RefusedSessionCancelled,
];

/// The counts of the applications of sessions ending on one day (one session's, or one application's), or, from
/// the monthly counters, in one month that no cut splits ([`counted`]).
#[derive(Debug, Clone, Copy)]
pub struct Counted {
    /// The day the sessions end, or the first day of their month.
    pub session_end: NaiveDate,
    pub tally: Tally,
}

/// The counts per state of `filter` (its state aside).
pub fn of(conn: &mut Conn, scope: Scope, filter: &Filter) -> Result<Tally, Error> {
    let mut tally = Tally::default();
    let period = filter.period;
    let cuts = period.map(bounds).unwrap_or_default();
    for counted in counted(conn, scope, &Filter { period: None, ..filter.clone() }, &cuts)? {
        if period.is_none_or(|p| p.contains(counted.session_end)) {
            tally.add(&counted.tally);
        }
    }
    Ok(tally)
}

/// The counts of both tabs (R-TIME-4), `current` being the session ends of the first; the filter's own period
/// is ignored.
pub fn split(conn: &mut Conn, scope: Scope, filter: &Filter, current: SessionEnds) -> Result<(Tally, Tally), Error> {
    let (mut now, mut before) = (Tally::default(), Tally::default());
    for counted in counted(conn, scope, &Filter { period: None, ..filter.clone() }, &bounds(current))? {
        if current.contains(counted.session_end) { &mut now } else { &mut before }.add(&counted.tally);
    }
    Ok((now, before))
}

fn bounds(ends: SessionEnds) -> Vec<NaiveDate> {
    ends.from.into_iter().chain(ends.before).collect()
}

/// The counts of `filter` (its state aside) grouped by session end, from the counters when they answer it
/// exactly. A group stands for one day, or for a whole month when no day of `cuts` falls inside it: the caller
/// may then put it on one side of any of these days.
pub fn counted(conn: &mut Conn, scope: Scope, filter: &Filter, cuts: &[NaiveDate]) -> Result<Vec<Counted>, Error> {
    let received_from = match filter.received_from {
        Some(day) if received_before(conn, scope, day)? => Some(day),
        _ => None,
    };
    if filter.search.as_ref().is_some_and(Search::finds_nothing) {
        return Ok(Vec::new());
    }
    let sessions_answer = filter.search.is_none() && received_from.is_none();
    // The monthly counters know neither the session's start nor its type: those filters sum the sessions.
    let by_end = filter.start_from.is_none() && filter.start_to.is_none() && filter.session_type.is_none();
    match scope {
        _ if !sessions_answer => by_application(conn, scope, filter),
        Scope::Session(id) => by_session(conn, SessionsOf::Session(id), filter),
        Scope::Organisation { id, role } if by_end => by_month(conn, Monthly::Organisation(id, role), filter, cuts),
        Scope::Organisation { id, role } => of_sessions(conn, id, role, filter),
        Scope::Prescriber(id) if by_end && !filter.published_only => {
            by_month(conn, Monthly::Prescriber(id), filter, cuts)
        }
        Scope::Prescriber(_) => by_application(conn, scope, filter),
    }
}

/// Whose monthly counters.
#[derive(Debug, Clone, Copy)]
enum Monthly {
    /// An organisation's, for one role or any.
    Organisation(i64, Option<SessionRole>),
    /// A prescriber organisation's.
    Prescriber(i64),
}

/// The monthly rows of `of`, and its sessions (or applications) in the months a cut or an end filter splits.
fn by_month(conn: &mut Conn, of: Monthly, filter: &Filter, cuts: &[NaiveDate]) -> Result<Vec<Counted>, Error> {
    let (first, last) = (filter.end_from.map(month_of), filter.end_to.map(month_of));
    let split: BTreeSet<NaiveDate> =
        cuts.iter().copied().chain(filter.end_from).chain(filter.end_to).map(month_of).collect();
    let mut all: Vec<Counted> =
        months(conn, of, filter, first, last)?.into_iter().filter(|c| !split.contains(&c.session_end)).collect();
    let within = |month: &NaiveDate| first.is_none_or(|f| *month >= f) && last.is_none_or(|l| *month <= l);
    for month in split.into_iter().filter(within) {
        let month_end = month.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(month);
        let days = Filter {
            end_from: Some(filter.end_from.map_or(month, |d| d.max(month))),
            end_to: Some(filter.end_to.map_or(month_end, |d| d.min(month_end))),
            ..filter.clone()
        };
        all.extend(match of {
            Monthly::Organisation(id, role) => of_sessions(conn, id, role, &days)?,
            Monthly::Prescriber(id) => by_application(conn, Scope::Prescriber(id), &days)?,
        });
    }
    Ok(all)
}

/// The first day of the month of `day`.
fn month_of(day: NaiveDate) -> NaiveDate {
    day.with_day(1).unwrap_or(day)
}

/// The rows of `of` for the months between `first` and `last`, each as one group dated its first day.
fn months(
    conn: &mut Conn,
    of: Monthly,
    filter: &Filter,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
) -> Result<Vec<Counted>, Error> {
    type Row = (NaiveDate, i64, i64, i64, i64, i64, i64);
    let rows: Vec<Row> = match of {
        Monthly::Organisation(id, role) => months_query!(id, role, filter.published_only, first, last).load(conn)?,
        Monthly::Prescriber(id) => prescriber_months_query!(id, first, last).load(conn)?,
    };
    Ok(rows
        .into_iter()
        .map(|(month, a, b, c, d, e, f)| {
            let tally = match of {
                Monthly::Organisation(..) => tally_of([a, b, c, d, e, f]),
                Monthly::Prescriber(_) => Tally::of_states([a, b, c, d, e, f]),
            };
            Counted { session_end: month, tally }
        })
        .collect())
}

/// The query of a prescriber's rows in [`months`], for any backend (the query plan tests run it under `EXPLAIN`).
macro_rules! prescriber_months_query {
    ($id:expr, $first:expr, $last:expr) => {{
        use $crate::db::schema::prescriber_counts as counts;
        let mut query = counts::table.filter(counts::prescriber_organisation_id.eq($id)).into_boxed();
        if let Some(month) = $first {
            query = query.filter(counts::end_month.ge(month));
        }
        if let Some(month) = $last {
            query = query.filter(counts::end_month.le(month));
        }
        query.select((
            counts::end_month,
            counts::pending,
            counts::retained,
            counts::not_retained,
            counts::no_decision_sent,
            counts::refused_session_full,
            counts::refused_session_cancelled,
        ))
    }};
}
pub(super) use prescriber_months_query;

/// The query of [`months`], for any backend (the query plan tests run it under `EXPLAIN`).
macro_rules! months_query {
    ($id:expr, $role:expr, $published_only:expr, $first:expr, $last:expr) => {{
        use $crate::db::schema::organisation_counts as counts;
        let role: Option<SessionRole> = $role;
        let mut query = counts::table
            .filter(counts::organisation_id.eq($id))
            .filter(counts::role.eq(role.map_or("any", SessionRole::code)))
            .into_boxed();
        if $published_only {
            query = query.filter(counts::published.eq(true));
        }
        if let Some(month) = $first {
            query = query.filter(counts::end_month.ge(month));
        }
        if let Some(month) = $last {
            query = query.filter(counts::end_month.le(month));
        }
        query.select((
            counts::end_month,
            counts::places_held,
            counts::retained,
            counts::not_retained,
            counts::no_decision_sent,
            counts::refused_session_full,
            counts::refused_session_cancelled,
        ))
    }};
}
pub(super) use months_query;

/// The counters of the organisation's sessions that pass `filter`, each session once.
fn of_sessions(conn: &mut Conn, id: i64, role: Option<SessionRole>, filter: &Filter) -> Result<Vec<Counted>, Error> {
    if let Some(role) = role {
        return by_session(conn, SessionsOf::Role(id, role), filter);
    }
    let mut seen = HashSet::new();
    let mut all = Vec::new();
    for role in [SessionRole::Responsible, SessionRole::Positioner, SessionRole::Trainer] {
        let rows = sessions_of(conn, SessionsOf::Role(id, role), filter)?;
        all.extend(rows.into_iter().filter(|row| seen.insert(row.0)).map(counted_session));
    }
    Ok(all)
}

/// Whether some application of `scope` was received before `day` (one index probe per role): when none was,
/// "received since `day`" is every application and the sessions' counters answer.
fn received_before(conn: &mut Conn, scope: Scope, day: NaiveDate) -> Result<bool, Error> {
    let roles: &[Option<SessionRole>] = match scope {
        Scope::Organisation { role: None, .. } => {
            &[Some(SessionRole::Responsible), Some(SessionRole::Positioner), Some(SessionRole::Trainer)]
        }
        _ => &[None],
    };
    let before = day.and_time(chrono::NaiveTime::MIN);
    for role in roles {
        let scope = match (scope, role) {
            (Scope::Organisation { id, .. }, Some(role)) => Scope::Organisation { id, role: Some(*role) },
            _ => scope,
        };
        let found: Option<i64> = unjoined!(scope, &Filter::default())
            .filter(applications::received_at.lt(before))
            .select(applications::id)
            .first(conn)
            .optional()?;
        if found.is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Counts one by one: the state and session end of every matching application.
fn by_application(conn: &mut Conn, scope: Scope, filter: &Filter) -> Result<Vec<Counted>, Error> {
    let filter = &Filter { state: None, ..filter.clone() };
    let one = |state: ApplicationState, session_end| {
        let mut tally = Tally::default();
        tally.0[Tally::slot(state)] = 1;
        Counted { session_end, tally }
    };
    if let Some(hits) = filter.hits() {
        // A search's applications are in memory already.
        return Ok(hits.iter().filter(|hit| filter.admits(hit)).map(|hit| one(hit.state, hit.session_end)).collect());
    }
    let columns = (applications::state, applications::session_end);
    let rows: Vec<(Coded<ApplicationState>, NaiveDate)> = if filter.needs_joins() {
        filtered!(scope, filter).select(columns).load(conn)?
    } else {
        unjoined!(scope, filter).select(columns).load(conn)?
    };
    Ok(rows.into_iter().map(|(state, session_end)| one(state.0, session_end)).collect())
}

/// Which sessions' counters.
#[derive(Debug, Clone, Copy)]
pub enum SessionsOf {
    Session(i64),
    Role(i64, SessionRole),
}

type Counters = (i64, NaiveDate, i32, i32, i32, i32, i32, i32);

fn by_session(conn: &mut Conn, of: SessionsOf, filter: &Filter) -> Result<Vec<Counted>, Error> {
    Ok(sessions_of(conn, of, filter)?.into_iter().map(counted_session).collect())
}

fn counted_session(row: Counters) -> Counted {
    let (_, session_end, held, retained, not_retained, no_decision, full, cancelled) = row;
    let tally = tally_of([held, retained, not_retained, no_decision, full, cancelled].map(i64::from));
    Counted { session_end, tally }
}

/// The tally of a session's counters (or their sums): held, retained, then the final states.
fn tally_of([held, retained, not_retained, no_decision, full, cancelled]: [i64; 6]) -> Tally {
    let pending = held.saturating_sub(retained).max(0);
    Tally::of_states([pending, retained, not_retained, no_decision, full, cancelled])
}

/// The counters of the sessions `of` that pass the session filters of `filter`, through the index of its role.
fn sessions_of(conn: &mut Conn, of: SessionsOf, filter: &Filter) -> Result<Vec<Counters>, Error> {
    Ok(counters_query!(of, filter).load(conn)?)
}

/// The query of [`sessions_of`], for any backend (the query plan tests run it under `EXPLAIN`).
macro_rules! counters_query {
    ($of:expr, $filter:expr) => {{
        use $crate::db::schema::sessions;
        use $crate::store::application_lists::tally::SessionsOf;
        let filter: &$crate::store::application_lists::Filter = $filter;
        // Sessions alone: a join to their trainings costs a lookup per session of an organisation that may
        // hold ten thousand; the dashboard's "published" reads the session's own copy.
        let mut query = sessions::table.into_boxed();
        query = match $of {
            SessionsOf::Session(id) => query.filter(sessions::id.eq(id)),
            SessionsOf::Role(id, SessionRole::Responsible) => {
                query.filter(sessions::responsible_organisation_id.eq(id))
            }
            SessionsOf::Role(id, SessionRole::Trainer) => query.filter(sessions::trainer_organisation_id.eq(id)),
            SessionsOf::Role(id, SessionRole::Positioner) => query.filter(sessions::positioner_organisation_id.eq(id)),
        };
        if let Some(d) = filter.start_from {
            query = query.filter(sessions::start_date.ge(d));
        }
        if let Some(d) = filter.start_to {
            query = query.filter(sessions::start_date.le(d));
        }
        if let Some(d) = filter.end_from {
            query = query.filter(sessions::end_date.ge(d));
        }
        if let Some(d) = filter.end_to {
            query = query.filter(sessions::end_date.le(d));
        }
        if let Some(kind) = &filter.session_type {
            query = query.filter(sessions::session_type.eq(kind.as_str().to_owned()));
        }
        if filter.published_only {
            // A subquery on trainings made SQLite build the list of every published training for each count.
            query = query.filter(sessions::published.eq(true));
        }
        query.select((
            sessions::id,
            sessions::end_date,
            sessions::places_held,
            sessions::retained,
            sessions::not_retained,
            sessions::no_decision_sent,
            sessions::refused_session_full,
            sessions::refused_session_cancelled,
        ))
    }};
}
pub(super) use counters_query;
