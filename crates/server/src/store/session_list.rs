//! "Gestion par sessions" in SQL (R-LIST-2): the filters, the order and the page limit run in the database,
//! so a page reads the rows it shows and not the caller's whole set.
//!
//! An organisation's sessions are the union of one branch per role (R-ACC-3), each on its own indexed column
//! of `sessions` (the training's responsible and funder are copied there): an OR over roles, some of them on a
//! joined table, would defeat every index. A branch leaves out the sessions of the branches before it, so
//! the branches never share a row: pages merge them without duplicates and counts add up.

use chrono::NaiveDate;
use diesel::prelude::*;
use domain::session::{DayRange, StateCriteria};
use domain::time_rules::SessionEnds;

use super::Error;
use super::organisations::{escape_like, lower};
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

/// The sessions of one branch matching the filter, in the period.
fn filtered(filter: &SessionFilter, branch: Option<Branch<'_>>, period: SessionEnds) -> Query {
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
    if let Some(from) = period.from {
        query = query.filter(sessions::end_date.ge(from));
    }
    if let Some(before) = period.before {
        query = query.filter(sessions::end_date.lt(before));
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
        let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
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

/// Up to `limit` sessions of the period after `after` (or after `offset` rows), by start date then reference.
pub fn page(
    conn: &mut Conn,
    filter: &SessionFilter,
    period: SessionEnds,
    after: Option<&After>,
    offset: i64,
    limit: i64,
) -> Result<Vec<SessionRow>, Error> {
    let mut rows = Vec::new();
    for branch in branches(&filter.scope) {
        rows.extend(page_query(filter, branch, period, after, offset.saturating_add(limit)).load(conn)?);
    }
    // Branches never share a row: merging them in the index order is the page of the union.
    rows.sort_by(|a, b| (a.start_date, &a.reference).cmp(&(b.start_date, &b.reference)));
    Ok(rows.into_iter().skip(usize::try_from(offset).unwrap_or(usize::MAX)).take(limit as usize).collect())
}

fn page_query(
    filter: &SessionFilter,
    branch: Option<Branch<'_>>,
    period: SessionEnds,
    after: Option<&After>,
    limit: i64,
) -> diesel::dsl::Limit<diesel::dsl::Select<Query, diesel::dsl::AsSelect<SessionRow, MultiBackend>>> {
    let mut query = filtered(filter, branch, period);
    if let Some((start, reference)) = after {
        // The first condition lets the database start inside the (…, start_date, reference) index.
        query = query
            .filter(sessions::start_date.ge(*start))
            .filter(sessions::start_date.gt(*start).or(sessions::reference.gt(reference.clone())));
    }
    query.order((sessions::start_date.asc(), sessions::reference.asc())).select(SessionRow::as_select()).limit(limit)
}

/// How many sessions of the period match the filter.
pub fn count(conn: &mut Conn, filter: &SessionFilter, period: SessionEnds) -> Result<u64, Error> {
    let mut total = 0;
    for branch in branches(&filter.scope) {
        let n: i64 = filtered(filter, branch, period).count().get_result(conn)?;
        total += super::count::<u64, _>(n, "a session count")?;
    }
    Ok(total)
}
