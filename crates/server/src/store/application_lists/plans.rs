//! The query plans of the hot list queries, as each database states them (`EXPLAIN QUERY PLAN` on SQLite,
//! `EXPLAIN` on PostgreSQL), run on the very queries the lists send: the tests assert they read their indexes,
//! so a change that falls back to scanning the table fails a test rather than a region's morning peak.

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Integer, Text};
use diesel::sqlite::Sqlite;
use domain::access::SessionRole;

use super::keyset::keys_query;
use super::search::{Branch, Terms, found_query, hit_columns, sessions_carrying};
use super::tally::{SessionsOf, counters_query, months_query, prescriber_months_query};
use super::{Filter, Key, Scope, filtered, unjoined};
use crate::db::{AnyConnection, Conn};
use crate::store::Error;

/// The plan of finding one page of `scope` (one role at a time, as the lists ask for it) after `after`: the
/// places of its rows, before the rows shown are read by id.
pub fn page(conn: &mut Conn, scope: Scope, filter: &Filter, after: Option<&Key>) -> Result<String, Error> {
    let (skip, limit) = (0u64, 51u64);
    Ok(match (&mut **conn, filter.needs_joins()) {
        (AnyConnection::Sqlite(c), false) => {
            sqlite(c, keys_query!(unjoined!(scope, filter), filter, after, skip, limit))?
        }
        (AnyConnection::Sqlite(c), true) => {
            sqlite(c, keys_query!(filtered!(scope, filter), filter, after, skip, limit))?
        }
        (AnyConnection::Postgresql(c), false) => {
            postgres(c, keys_query!(unjoined!(scope, filter), filter, after, skip, limit))?
        }
        (AnyConnection::Postgresql(c), true) => {
            postgres(c, keys_query!(filtered!(scope, filter), filter, after, skip, limit))?
        }
    })
}

/// The plans of the queries a search of `text` in `scope` (one role) reads its applications with, one per
/// kind of match the text has; the sessions carrying a title word are looked up first, as the search does.
pub fn search(conn: &mut Conn, scope: Scope, text: &str) -> Result<Vec<String>, Error> {
    let text = Terms::of(text);
    let sessions = sessions_carrying(conn, scope, &text)?.unwrap_or_default();
    let mut plans = Vec::new();
    for branch in text.branches(&sessions) {
        let names = matches!(branch, Branch::Names(_));
        plans.push(match (&mut **conn, names) {
            (AnyConnection::Sqlite(c), true) => sqlite(c, found_query!(scope, &branch, hit_columns!()))?,
            (AnyConnection::Sqlite(c), false) => sqlite(c, found_query!(scope, &branch, applications::id))?,
            (AnyConnection::Postgresql(c), true) => postgres(c, found_query!(scope, &branch, hit_columns!()))?,
            (AnyConnection::Postgresql(c), false) => postgres(c, found_query!(scope, &branch, applications::id))?,
        });
    }
    Ok(plans)
}

/// The plan of the counters read for an organisation's role (or a session, `role` = `None` and `id` its id).
pub fn counters(conn: &mut Conn, id: i64, role: Option<SessionRole>, filter: &Filter) -> Result<String, Error> {
    let of = role.map_or(SessionsOf::Session(id), |role| SessionsOf::Role(id, role));
    Ok(match &mut **conn {
        AnyConnection::Sqlite(c) => sqlite(c, counters_query!(of, filter))?,
        AnyConnection::Postgresql(c) => postgres(c, counters_query!(of, filter))?,
    })
}

/// The plan of an organisation's monthly counters for `role` (`None`: any role), published sessions only.
pub fn months(conn: &mut Conn, id: i64, role: Option<SessionRole>) -> Result<String, Error> {
    let none = None::<chrono::NaiveDate>;
    Ok(match &mut **conn {
        AnyConnection::Sqlite(c) => sqlite(c, months_query!(id, role, true, none, none))?,
        AnyConnection::Postgresql(c) => postgres(c, months_query!(id, role, true, none, none))?,
    })
}

/// The plan of counting the applications of `scope` one by one (a text search, or a month a tab boundary cuts).
pub fn count(conn: &mut Conn, scope: Scope, filter: &Filter) -> Result<String, Error> {
    use crate::db::schema::applications;
    let columns = (applications::state, applications::session_end);
    Ok(match (&mut **conn, filter.needs_joins()) {
        (AnyConnection::Sqlite(c), true) => sqlite(c, filtered!(scope, filter).select(columns))?,
        (AnyConnection::Sqlite(c), false) => sqlite(c, unjoined!(scope, filter).select(columns))?,
        (AnyConnection::Postgresql(c), true) => postgres(c, filtered!(scope, filter).select(columns))?,
        (AnyConnection::Postgresql(c), false) => postgres(c, unjoined!(scope, filter).select(columns))?,
    })
}

/// The plan of a prescriber organisation's monthly counters.
pub fn prescriber_months(conn: &mut Conn, id: i64) -> Result<String, Error> {
    let none = None::<chrono::NaiveDate>;
    Ok(match &mut **conn {
        AnyConnection::Sqlite(c) => sqlite(c, prescriber_months_query!(id, none, none))?,
        AnyConnection::Postgresql(c) => postgres(c, prescriber_months_query!(id, none, none))?,
    })
}

fn sqlite<Q: QueryFragment<Sqlite> + QueryId>(conn: &mut SqliteConnection, query: Q) -> Result<String, Error> {
    let rows: Vec<(i32, i32, i32, String)> = SqlitePlan(query).load(conn)?;
    Ok(rows.into_iter().map(|(.., detail)| detail).collect::<Vec<_>>().join("\n"))
}

fn postgres<Q: QueryFragment<Pg> + QueryId>(conn: &mut PgConnection, query: Q) -> Result<String, Error> {
    let rows: Vec<String> = PostgresPlan(query).load(conn)?;
    Ok(rows.join("\n"))
}

/// `EXPLAIN QUERY PLAN` before a query: rows of (id, parent, unused, detail).
#[derive(QueryId)]
struct SqlitePlan<Q>(Q);

impl<Q> Query for SqlitePlan<Q> {
    type SqlType = (Integer, Integer, Integer, Text);
}

impl<Q: QueryFragment<Sqlite>> QueryFragment<Sqlite> for SqlitePlan<Q> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Sqlite>) -> QueryResult<()> {
        out.push_sql("EXPLAIN QUERY PLAN ");
        self.0.walk_ast(out.reborrow())
    }
}

impl<Q> RunQueryDsl<SqliteConnection> for SqlitePlan<Q> {}

/// `EXPLAIN` before a query: one text row per plan line.
#[derive(QueryId)]
struct PostgresPlan<Q>(Q);

impl<Q> Query for PostgresPlan<Q> {
    type SqlType = Text;
}

impl<Q: QueryFragment<Pg>> QueryFragment<Pg> for PostgresPlan<Q> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql("EXPLAIN ");
        self.0.walk_ast(out.reborrow())
    }
}

impl<Q> RunQueryDsl<PgConnection> for PostgresPlan<Q> {}
