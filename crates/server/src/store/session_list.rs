//! "Gestion par sessions" in SQL (R-LIST-2): the filters, the order and the page limit run in the database,
//! so a page reads the rows it shows and not the caller's whole set.
//!
//! An organisation's sessions are the union of one branch per role (R-ACC-3), each on its own indexed column
//! of `sessions` (the training's responsible and funder are copied there): an OR over roles, some of them on a
//! joined table, would defeat every index. For the counts, a branch leaves out the sessions of the branches
//! before it, so they add up, reading the `*_by_end` indexes alone. A page reads each party's sessions whole
//! (filtering out an earlier party's sessions read every row the index found) and merges them once each.

use chrono::NaiveDate;
use diesel::prelude::*;
use domain::session::{DayRange, StateCriteria};
use domain::time_rules::SessionEnds;

use super::Error;
use super::organisations::{containing, lower};
use super::sessions::SessionRow;
use crate::db::schema::{sessions, trainings};
use crate::db::{Conn, MultiBackend};

/// A role column of `sessions` (R-ACC-3, and the funder), in the order of the `*_by_end` indexes: each
/// index carries the columns of the parties before it, so the counts read the index alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Party {
    Trainer,
    Positioner,
    Responsible,
    Funder,
}

impl Party {
    /// Every party, in branch order.
    pub const ALL: [Self; 4] = [Self::Trainer, Self::Positioner, Self::Responsible, Self::Funder];
}

/// Whose sessions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The platform's: every session.
    All,
    /// An organisation's, through some parties.
    Organisation { id: i64, parties: Vec<Party> },
}

/// What the database filters on; the state comes as the domain's criteria.
#[derive(Debug, Clone)]
pub struct SessionFilter {
    pub scope: Scope,
    pub state: Option<StateCriteria>,
    pub start: DayRange,
    pub end: DayRange,
    pub text: Option<String>,
    /// "Type session" (R-LIST-TYPE-1), compared with the session's copy of its training's type.
    pub session_type: Option<domain::session::SessionType>,
}

/// Where a page starts: after the session with this start date and reference.
pub type After = (NaiveDate, String);

/// One branch of the union: the scope's party and the parties of the branches before it.
#[derive(Debug, Clone, Copy)]
struct Branch<'a> {
    organisation: i64,
    party: Party,
    before: &'a [Party],
}

fn branches(scope: &Scope) -> Vec<Option<Branch<'_>>> {
    match scope {
        Scope::All => vec![None],
        Scope::Organisation { id, parties } => (0..parties.len())
            .map(|i| Some(Branch { organisation: *id, party: parties[i], before: &parties[..i] }))
            .collect(),
    }
}

type Query = sessions::BoxedQuery<'static, MultiBackend>;

/// The sessions of one branch matching the filter (in any period).
fn filtered(filter: &SessionFilter, branch: Option<Branch<'_>>) -> Query {
    let mut query = sessions::table.into_boxed();
    if let Some(Branch { organisation: id, party, before }) = branch {
        query = match party {
            Party::Trainer => query.filter(sessions::trainer_organisation_id.eq(id)),
            Party::Positioner => query.filter(sessions::positioner_organisation_id.eq(id)),
            Party::Responsible => query.filter(sessions::responsible_organisation_id.eq(id)),
            Party::Funder => query.filter(sessions::funder_organisation_id.eq(id)),
        };
        for earlier in before {
            query = match earlier {
                Party::Trainer => query.filter(sessions::trainer_organisation_id.ne(id)),
                Party::Positioner => query.filter(
                    sessions::positioner_organisation_id
                        .is_null()
                        .or(sessions::positioner_organisation_id.ne(id).assume_not_null()),
                ),
                Party::Responsible => query.filter(sessions::responsible_organisation_id.ne(id)),
                Party::Funder => query.filter(sessions::funder_organisation_id.ne(id)),
            };
        }
    }
    query = within(query, Column::Start, filter.start);
    query = within(query, Column::End, filter.end);
    if let Some(state) = &filter.state {
        query = in_state(query, state);
    }
    if let Some(kind) = &filter.session_type {
        query = query.filter(sessions::session_type.eq(kind.as_str().to_owned()));
    }
    if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        let pattern = containing(text);
        let titled = trainings::table
            .filter(
                lower(trainings::title)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(trainings::contract_number).like(pattern.clone()).escape('\\')),
            )
            .select(trainings::id);
        query = query.filter(
            sessions::training_id.eq_any(titled).or(sessions::reference.like(pattern.clone()).escape('\\')).or(lower(
                sessions::commune,
            )
            .like(pattern)
            .escape('\\')),
        );
    }
    query
}

fn in_period(mut query: Query, period: SessionEnds) -> Query {
    if let Some(from) = period.from {
        query = query.filter(sessions::end_date.ge(from));
    }
    if let Some(before) = period.before {
        query = query.filter(sessions::end_date.lt(before));
    }
    query
}

/// [`in_period`] as a condition checked on each row the start-date index gives, not as a range of an index.
/// Offered the end date as a range, SQLite (planning without statistics) read the whole period of the party's
/// end-date index and sorted it, every finished session of the organisation for one page.
fn walked_in_period(mut query: Query, period: SessionEnds) -> Query {
    use diesel::dsl::sql;
    use diesel::sql_types::{Bool, Date};
    // The same column behind a CASE, which no index serves, on both databases.
    const END: &str = "CASE WHEN 1 = 1 THEN sessions.end_date END";
    if let Some(from) = period.from {
        query = query.filter(sql::<Bool>(&format!("{END} >= ")).bind::<Date, _>(from));
    }
    if let Some(before) = period.before {
        query = query.filter(sql::<Bool>(&format!("{END} < ")).bind::<Date, _>(before));
    }
    query
}

#[derive(Debug, Clone, Copy)]
enum Column {
    Start,
    End,
    Registration,
    LateEntry,
}

/// `column` within `range`, both bounds included.
fn within(mut query: Query, column: Column, range: DayRange) -> Query {
    for (bound, lower_bound) in [(range.from, true), (range.to, false)] {
        let Some(day) = bound else { continue };
        query = match (column, lower_bound) {
            (Column::Start, true) => query.filter(sessions::start_date.ge(day)),
            (Column::Start, false) => query.filter(sessions::start_date.le(day)),
            (Column::End, true) => query.filter(sessions::end_date.ge(day)),
            (Column::End, false) => query.filter(sessions::end_date.le(day)),
            (Column::Registration, true) => query.filter(sessions::registration_deadline.ge(day)),
            (Column::Registration, false) => query.filter(sessions::registration_deadline.le(day)),
            (Column::LateEntry, true) => query.filter(sessions::late_entry_deadline.ge(day)),
            (Column::LateEntry, false) => query.filter(sessions::late_entry_deadline.le(day)),
        };
    }
    query
}

/// The sessions matching the domain's criteria of a state.
pub(crate) fn in_state(mut query: Query, state: &StateCriteria) -> Query {
    query = query.filter(sessions::cancelled.eq(state.cancelled));
    query = within(query, Column::Start, state.start);
    query = within(query, Column::End, state.end);
    query = within(query, Column::Registration, state.registration_deadline);
    query = within(query, Column::LateEntry, state.late_entry_deadline);
    let quota = sessions::capacity * sessions::coefficient;
    match state.full {
        Some(true) => query.filter(sessions::places_held.ge(quota)),
        Some(false) => query.filter(sessions::places_held.lt(quota)),
        None => query,
    }
}

/// How many sessions of a period match the filter, and where each branch's first one starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tally {
    pub total: u64,
    /// Per branch, the earliest start of its sessions in the period (none when it has none).
    earliest_starts: Vec<Option<NaiveDate>>,
}

/// Up to `limit` sessions of the period after `after` (or after `offset` rows), by start date then reference.
/// `tally`, the same filter's and period's, lets each branch start at its first session of the period: walking
/// the sessions in start order from the first one ever, the current period skipped years of finished sessions
/// (10,000 of the largest organisation's 12,000 at a million applications), each read from the table.
pub fn page(
    conn: &mut Conn,
    filter: &SessionFilter,
    period: SessionEnds,
    tally: Option<&Tally>,
    after: Option<&After>,
    offset: i64,
    limit: i64,
) -> Result<Vec<SessionRow>, Error> {
    let mut rows = Vec::new();
    for (index, branch) in branches(&filter.scope).into_iter().enumerate() {
        let starts_from = match tally.and_then(|t| t.earliest_starts.get(index)) {
            Some(None) => continue,
            Some(Some(start)) => Some(*start),
            None => None,
        };
        // The party's sessions without leaving out those of the branches before it: the index alone finds them.
        let party = branch.map(|b| Branch { before: &[], ..b });
        let query = page_query(filter, party, period, after, starts_from, offset.saturating_add(limit));
        rows.extend(query.load(conn)?);
    }
    // A page of the union is the first rows of the parties' pages merged, once each: a session among the union's
    // first n is among the first n of each party holding it. The bound of a branch may hide from its party the
    // sessions of earlier branches that start before it, but those branches list them.
    rows.sort_by(|a, b| (a.start_date, &a.reference).cmp(&(b.start_date, &b.reference)));
    rows.dedup_by_key(|row| row.id);
    Ok(rows.into_iter().skip(usize::try_from(offset).unwrap_or(usize::MAX)).take(limit as usize).collect())
}

fn page_query(
    filter: &SessionFilter,
    branch: Option<Branch<'_>>,
    period: SessionEnds,
    after: Option<&After>,
    starts_from: Option<NaiveDate>,
    limit: i64,
) -> diesel::dsl::Limit<diesel::dsl::Select<Query, diesel::dsl::AsSelect<SessionRow, MultiBackend>>> {
    let mut query = walked_in_period(filtered(filter, branch), period);
    // One lower bound on the start, the later of the two, so the database seeks straight to it.
    let after_start = after.map(|(start, _)| *start);
    if let Some(from) = starts_from.max(after_start) {
        query = query.filter(sessions::start_date.ge(from));
    }
    if let Some((start, reference)) = after {
        query = query.filter(sessions::start_date.gt(*start).or(sessions::reference.gt(reference.clone())));
    }
    query.order((sessions::start_date.asc(), sessions::reference.asc())).select(SessionRow::as_select()).limit(limit)
}

/// How many sessions of the period match the filter, with each branch's earliest start (one index range each).
pub fn count(conn: &mut Conn, filter: &SessionFilter, period: SessionEnds) -> Result<Tally, Error> {
    let mut tally = Tally { total: 0, earliest_starts: Vec::new() };
    for branch in branches(&filter.scope) {
        let (n, earliest): (i64, Option<NaiveDate>) = in_period(filtered(filter, branch), period)
            .select((diesel::dsl::count_star(), diesel::dsl::min(sessions::start_date)))
            .get_result(conn)?;
        tally.total += super::count::<u64, _>(n, "a session count")?;
        tally.earliest_starts.push(earliest);
    }
    Ok(tally)
}
