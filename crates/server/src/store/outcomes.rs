//! The `application_outcomes` table (R-OUT-1..3).

use chrono::NaiveDate;
use diesel::prelude::*;

use super::Error;
use crate::db::Conn;
use crate::db::schema::{application_outcomes, applications, sessions};

/// Records (or corrects) the outcome of an application.
pub fn record(conn: &mut Conn, application_id: i64, session_id: i64, outcome: &str, user_id: i64) -> Result<(), Error> {
    // Delete then insert: one statement for both backends, in the caller's transaction.
    diesel::delete(application_outcomes::table.find(application_id)).execute(conn)?;
    diesel::insert_into(application_outcomes::table)
        .values((
            application_outcomes::application_id.eq(application_id),
            application_outcomes::session_id.eq(session_id),
            application_outcomes::outcome.eq(outcome),
            application_outcomes::recorded_by.eq(user_id),
            application_outcomes::recorded_at.eq(super::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// The recorded outcome of an application.
pub fn of_application(conn: &mut Conn, application_id: i64) -> Result<Option<String>, Error> {
    Ok(application_outcomes::table.find(application_id).select(application_outcomes::outcome).first(conn).optional()?)
}

/// The retained applications of a session with their outcome, by reference.
pub fn trainees(conn: &mut Conn, session_id: i64) -> Result<Vec<(String, Option<String>)>, Error> {
    Ok(applications::table
        .left_join(application_outcomes::table.on(application_outcomes::application_id.eq(applications::id)))
        .filter(applications::session_id.eq(session_id))
        .filter(applications::state.eq(domain::application::ApplicationState::Retained.code()))
        .order(applications::reference.asc())
        .select((applications::reference, application_outcomes::outcome.nullable()))
        .load(conn)?)
}

/// An ended session with trainees: id, reference, end, retained count.
pub type EndedSession = (i64, String, NaiveDate, i32);

/// The ended sessions (end before `today`) with trainees of `funder` (every funder's when `None`), newest end
/// first, at most `limit`.
pub fn ended_sessions(
    conn: &mut Conn,
    funder: Option<i64>,
    today: NaiveDate,
    limit: i64,
) -> Result<Vec<EndedSession>, Error> {
    let mut query = sessions::table.filter(sessions::end_date.lt(today)).filter(sessions::retained.gt(0)).into_boxed();
    if let Some(funder) = funder {
        query = query.filter(sessions::funder_organisation_id.eq(funder));
    }
    Ok(query
        .order((sessions::end_date.desc(), sessions::reference.asc()))
        .limit(limit)
        .select((sessions::id, sessions::reference, sessions::end_date, sessions::retained))
        .load(conn)?)
}

/// The recorded outcomes of some sessions: (session id, outcome).
pub fn of_sessions(conn: &mut Conn, session_ids: &[i64]) -> Result<Vec<(i64, String)>, Error> {
    let mut rows = Vec::new();
    // Bounded IN lists: SQLite limits bound parameters per statement.
    for chunk in session_ids.chunks(500) {
        rows.extend(
            application_outcomes::table
                .filter(application_outcomes::session_id.eq_any(chunk))
                .select((application_outcomes::session_id, application_outcomes::outcome))
                .load::<(i64, String)>(conn)?,
        );
    }
    Ok(rows)
}
