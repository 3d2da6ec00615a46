//! The `candidate_reads` table: every response that carries a candidate's personal data leaves a trace here,
//! one row per application shown (R-GDPR-1), kept for its own retention period (R-GDPR-2).
//!
//! One row per application rather than one per request listing the ids: "who saw this person's data?" (an
//! access request, an audit) is a plain filter by application, and anonymisation needs no JSON rewriting. A
//! list costs one multi-row INSERT per page, whatever its size.
//!
//! The log is indexed by time only (its purge), not by application: every list writes fifty rows, and an
//! index by application put each of them on another page of the index (at a million applications, 0.7–2.2 ms
//! per list against 0.05–0.07 ms appended in time order, and as many pages in every commit). "Who saw this
//! person's data" is an audit's question, asked rarely: it reads the year of log.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::access::Actor;

use super::Error;
use crate::db::schema::candidate_reads;
use crate::db::{AnyConnection, Conn};

/// Why candidate data was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// `GET /api/applications/{reference}`.
    ApplicationPage,
    /// `GET /api/applications`.
    ApplicationList,
    /// `GET /api/sessions/{reference}/applications`.
    SessionApplicationList,
    /// `GET /api/sessions/{reference}/applications.csv`.
    CsvExport,
    /// The answer to a decision saved or validated.
    DecisionAnswer,
    /// `GET /api/applications/{reference}/candidate-export`.
    AccessRequestExport,
}

impl Purpose {
    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            Self::ApplicationPage => "application_page",
            Self::ApplicationList => "application_list",
            Self::SessionApplicationList => "session_application_list",
            Self::CsvExport => "csv_export",
            Self::DecisionAnswer => "decision_answer",
            Self::AccessRequestExport => "access_request_export",
        }
    }
}

/// Who reads, for what: passed to the views that put candidate data in a response.
#[derive(Debug, Clone, Copy)]
pub struct Reading {
    pub user_id: i64,
    pub organisation_id: Option<i64>,
    pub purpose: Purpose,
}

impl Reading {
    pub fn new(user_id: i64, actor: &Actor, purpose: Purpose) -> Self {
        Self { user_id, organisation_id: actor.organisation_id().map(|o| o.0), purpose }
    }
}

/// Rows per INSERT: far below the bind-parameter limits of SQLite (32 766) and PostgreSQL (65 535).
const ROWS_PER_INSERT: usize = 1_000;

/// Records that these applications' candidate data was read, in one statement per thousand rows.
pub fn record(conn: &mut Conn, reading: Reading, application_ids: &[i64]) -> Result<(), Error> {
    crate::db::one_writer(conn, |conn| insert(conn, reading, application_ids))
}

fn insert(conn: &mut Conn, reading: Reading, application_ids: &[i64]) -> Result<(), Error> {
    let at = super::now();
    for chunk in application_ids.chunks(ROWS_PER_INSERT) {
        let rows: Vec<_> = chunk
            .iter()
            .map(|id| {
                (
                    candidate_reads::application_id.eq(*id),
                    candidate_reads::user_id.eq(reading.user_id),
                    candidate_reads::organisation_id.eq(reading.organisation_id),
                    candidate_reads::read_at.eq(at),
                    candidate_reads::purpose.eq(reading.purpose.code()),
                )
            })
            .collect();
        // Multi-row VALUES is backend-specific in diesel: the multi-backend connection does not build it.
        let insert = diesel::insert_into(candidate_reads::table).values(rows);
        match &mut **conn {
            AnyConnection::Postgresql(pg) => insert.execute(pg)?,
            AnyConnection::Sqlite(lite) => insert.execute(lite)?,
        };
    }
    Ok(())
}

/// How many times an application's candidate data was read.
pub fn count(conn: &mut Conn, application_id: i64) -> Result<i64, Error> {
    Ok(candidate_reads::table.filter(candidate_reads::application_id.eq(application_id)).count().get_result(conn)?)
}

/// The purposes of the reads of an application, oldest first.
pub fn purposes(conn: &mut Conn, application_id: i64) -> Result<Vec<String>, Error> {
    Ok(candidate_reads::table
        .filter(candidate_reads::application_id.eq(application_id))
        .order(candidate_reads::id.asc())
        .select(candidate_reads::purpose)
        .load(conn)?)
}

/// Deletes the entries older than `before` (their retention is over); returns how many.
pub fn purge_before(conn: &mut Conn, before: NaiveDateTime) -> Result<usize, Error> {
    Ok(diesel::delete(candidate_reads::table.filter(candidate_reads::read_at.lt(before))).execute(conn)?)
}
