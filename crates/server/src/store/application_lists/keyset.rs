//! The order of a list and the key a page resumes from. Each key's first column is bounded with `<=`/`>=` as
//! well as compared in full, so the database seeks to the key in its index rather than filtering every row
//! before it.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Filter, Listed, Scope, Sort};
use crate::db::Conn;
use crate::db::schema::{applications, candidates, sessions, trainings};
use crate::store::Error;

/// The sort key of the last row of a page, one variant per sort so a cursor of one sort never resumes another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Key {
    ReceivedDesc {
        at: NaiveDateTime,
        id: i64,
    },
    ReceivedAsc {
        at: NaiveDateTime,
        id: i64,
    },
    /// The candidate's sort key (an ASCII string: see `domain::application::candidate::sort_key`).
    Candidate {
        name: String,
        id: i64,
    },
    SessionStart {
        start: NaiveDate,
        at: NaiveDateTime,
        id: i64,
    },
}

impl Key {
    /// The key of the row at `place` in the order `sort`.
    #[must_use]
    pub(super) fn at(place: Place<'_>, sort: Sort) -> Self {
        let (at, id) = (place.received_at, place.id);
        match sort {
            Sort::ReceivedDesc => Self::ReceivedDesc { at, id },
            Sort::ReceivedAsc => Self::ReceivedAsc { at, id },
            Sort::Candidate => Self::Candidate { name: place.candidate_sort.to_owned(), id },
            Sort::SessionStart => Self::SessionStart { start: place.session_start, at, id },
        }
    }

    /// The sort this key belongs to.
    #[must_use]
    pub fn sort(&self) -> Sort {
        match self {
            Self::ReceivedDesc { .. } => Sort::ReceivedDesc,
            Self::ReceivedAsc { .. } => Sort::ReceivedAsc,
            Self::Candidate { .. } => Sort::Candidate,
            Self::SessionStart { .. } => Sort::SessionStart,
        }
    }
}

/// Whether "any role" reads one index per role and merges: every sort, since each key compares the same in Rust
/// as in both databases (the candidate's sort key is ASCII, compared byte by byte everywhere).
pub(super) fn merges(sort: Sort) -> bool {
    matches!(sort, Sort::ReceivedDesc | Sort::ReceivedAsc | Sort::SessionStart | Sort::Candidate)
}

/// Where a row stands in a list's order: what each sort compares.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place<'a> {
    pub received_at: NaiveDateTime,
    pub id: i64,
    pub session_start: NaiveDate,
    pub candidate_sort: &'a str,
}

impl Place<'_> {
    fn of(row: &Listed) -> Place<'_> {
        Place {
            received_at: row.received_at,
            id: row.id,
            session_start: row.session_start,
            candidate_sort: &row.candidate_sort,
        }
    }
}

impl Key {
    /// The place of the row this key was taken from, as far as its sort reads it (the other fields are
    /// never compared).
    pub(super) fn place(&self) -> Place<'_> {
        let (received_at, id, session_start, candidate_sort) = match self {
            Self::ReceivedDesc { at, id } | Self::ReceivedAsc { at, id } => (*at, *id, NaiveDate::MIN, ""),
            Self::Candidate { name, id } => (NaiveDateTime::MIN, *id, NaiveDate::MIN, name.as_str()),
            Self::SessionStart { start, at, id } => (*at, *id, *start, ""),
        };
        Place { received_at, id, session_start, candidate_sort }
    }
}

/// The order of `sort` in Rust, the same as the databases' (see [`ordered`]).
pub(super) fn order(sort: Sort, a: Place<'_>, b: Place<'_>) -> std::cmp::Ordering {
    let received = (a.received_at, a.id).cmp(&(b.received_at, b.id));
    match sort {
        Sort::ReceivedAsc => received,
        Sort::SessionStart => a.session_start.cmp(&b.session_start).then(received.reverse()),
        Sort::Candidate => (a.candidate_sort, a.id).cmp(&(b.candidate_sort, b.id)),
        Sort::ReceivedDesc => received.reverse(),
    }
}

/// Rows read by id, put in the order of `sort`.
fn sort_rows(rows: &mut [Listed], sort: Sort) {
    rows.sort_by(|a, b| order(sort, Place::of(a), Place::of(b)));
}

/// Where a row stands in a list's order, read from the index the page walks: a page finds its rows' places
/// first (each role's, merged for "any role"), then joins only the rows it shows. Joined as they were found,
/// "any role" read three pages of rows with their candidates, sessions and trainings to show one.
#[derive(Debug, Clone, Queryable)]
pub(super) struct Keyed {
    pub id: i64,
    pub received_at: NaiveDateTime,
    /// Read only by the sorts that compare it ([`keys_query`]).
    pub session_start: Option<NaiveDate>,
    pub candidate_sort: Option<String>,
}

impl Keyed {
    pub(super) fn place(&self) -> Place<'_> {
        Place {
            received_at: self.received_at,
            id: self.id,
            session_start: self.session_start.unwrap_or(NaiveDate::MIN),
            candidate_sort: self.candidate_sort.as_deref().unwrap_or_default(),
        }
    }
}

/// The places of up to `limit` rows after `skip` and after `after`, in the filter's order.
pub(super) fn keys(
    conn: &mut Conn,
    scope: Scope,
    filter: &Filter,
    after: Option<&Key>,
    skip: u64,
    limit: u64,
) -> Result<Vec<Keyed>, Error> {
    use super::{filtered, unjoined};
    Ok(if filter.needs_joins() {
        keys_query!(filtered!(scope, filter), filter, after, skip, limit).load(conn)?
    } else {
        keys_query!(unjoined!(scope, filter), filter, after, skip, limit).load(conn)?
    })
}

/// The rows of these ids, in the order of `sort`.
pub(super) fn load_ids(conn: &mut Conn, ids: Vec<i64>, sort: Sort) -> Result<Vec<Listed>, Error> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut rows: Vec<Listed> = applications::table
        .inner_join(candidates::table)
        .inner_join(sessions::table.inner_join(trainings::table))
        .filter(applications::id.eq_any(ids))
        .select(listed_columns!())
        .load(conn)?;
    sort_rows(&mut rows, sort);
    Ok(rows)
}

/// The query of [`keys`] over `$query` (applications, joined or not), for any backend (the query plan tests run
/// it under `EXPLAIN`). It reads what the sort compares and nothing else, so the role's index of the sort
/// answers it alone.
macro_rules! keys_query {
    ($query:expr, $filter:expr, $after:expr, $skip:expr, $limit:expr) => {{
        use diesel::dsl::sql;
        use diesel::sql_types::{Date, Nullable, Text};
        use $crate::db::schema::applications;
        use $crate::store::application_lists::Sort;
        let filter: &$crate::store::application_lists::Filter = $filter;
        let query = $crate::store::application_lists::keyset::ordered!($query, filter, $after, $skip, $limit);
        match filter.sort {
            Sort::ReceivedDesc | Sort::ReceivedAsc => query.select((
                applications::id,
                applications::received_at,
                sql::<Nullable<Date>>("NULL"),
                sql::<Nullable<Text>>("NULL"),
            )),
            Sort::SessionStart => query.select((
                applications::id,
                applications::received_at,
                applications::session_start.nullable(),
                sql::<Nullable<Text>>("NULL"),
            )),
            Sort::Candidate => query.select((
                applications::id,
                applications::received_at,
                applications::session_start.nullable(),
                applications::candidate_sort.nullable(),
            )),
        }
    }};
}
pub(super) use keys_query;

/// What a [`Listed`] row reads, from applications joined to candidates, sessions and trainings.
macro_rules! listed_columns {
    () => {{
        use $crate::db::schema::{applications, candidates, sessions, trainings};
        (
            applications::id,
            applications::reference,
            applications::received_at,
            applications::state,
            applications::late_entry,
            applications::invites_count,
            applications::last_invite_result,
            applications::planned_entry_date,
            applications::prescriber_organisation_id,
            candidates::last_name,
            candidates::first_name,
            candidates::email,
            candidates::phone,
            sessions::reference,
            applications::session_start,
            applications::session_end,
            applications::trainer_organisation_id,
            applications::positioner_organisation_id,
            trainings::title,
            applications::responsible_organisation_id,
            applications::candidate_sort,
        )
    }};
}
pub(super) use listed_columns;

/// `query` resumed after `after`, in the filter's order, `skip` rows skipped and `limit` kept.
macro_rules! ordered {
    ($query:expr, $filter:expr, $after:expr, $skip:expr, $limit:expr) => {{
        use $crate::db::schema::applications;
        use $crate::store::application_lists::{Key, Sort};
        let filter: &$crate::store::application_lists::Filter = $filter;
        let mut query = $query;
        query = match $after {
            None => query,
            Some(Key::ReceivedDesc { at, id }) => query
                .filter(applications::received_at.le(*at))
                .filter(applications::received_at.lt(*at).or(applications::id.lt(*id))),
            Some(Key::ReceivedAsc { at, id }) => query
                .filter(applications::received_at.ge(*at))
                .filter(applications::received_at.gt(*at).or(applications::id.gt(*id))),
            Some(Key::Candidate { name, id }) => query
                .filter(applications::candidate_sort.ge(name.clone()))
                .filter(applications::candidate_sort.gt(name.clone()).or(applications::id.gt(*id))),
            Some(Key::SessionStart { start, at, id }) => query.filter(applications::session_start.ge(*start)).filter(
                applications::session_start
                    .gt(*start)
                    .or(applications::received_at.lt(*at))
                    .or(applications::received_at.eq(*at).and(applications::id.lt(*id))),
            ),
        };
        let query = match filter.sort {
            Sort::ReceivedDesc => query.order((applications::received_at.desc(), applications::id.desc())),
            Sort::ReceivedAsc => query.order((applications::received_at.asc(), applications::id.asc())),
            Sort::Candidate => query.order((applications::candidate_sort.asc(), applications::id.asc())),
            Sort::SessionStart => query.order((
                applications::session_start.asc(),
                applications::received_at.desc(),
                applications::id.desc(),
            )),
        };
        query.limit(i64::try_from($limit).unwrap_or(i64::MAX)).offset(i64::try_from($skip).unwrap_or(i64::MAX))
    }};
}
pub(super) use ordered;
