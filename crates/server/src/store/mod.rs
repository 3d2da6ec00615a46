//! Data access: one module per table group, plain functions over a connection, no HTTP in sight.

pub mod application_lists;
pub mod applications;
pub mod audit;
pub mod bulk;
pub mod candidate_reads;
mod coded;
mod error;
pub mod idempotency;
pub mod invitations;
pub mod login_failures;
pub mod memberships;
pub mod notifications;
pub mod organisations;
pub mod outbox;
pub mod outcomes;
pub mod password_resets;
pub mod session_list;
pub mod sessions;
pub mod training_list;
mod training_words;
pub mod trainings;
pub mod users;

pub use coded::{Code, Coded, MaybeCoded};
pub use error::{Backstop, Constraint, Error, count};

/// Current time as stored: UTC, whole seconds, so both backends round-trip it identically.
pub fn now() -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let now = chrono::Utc::now().naive_utc();
    now.with_nanosecond(0).unwrap_or(now)
}

/// Runs an `INSERT … ON CONFLICT DO NOTHING` and says whether the row went in. The clause is spelled alike by
/// both backends but only reachable through each concrete connection; a plain insert would abort PostgreSQL's
/// transaction on the duplicate instead of skipping it.
pub(crate) fn insert_unless_present<Q>(conn: &mut crate::db::Conn, insert: Q) -> Result<bool, Error>
where
    Q: diesel::query_dsl::methods::ExecuteDsl<diesel::pg::PgConnection>
        + diesel::query_dsl::methods::ExecuteDsl<diesel::sqlite::SqliteConnection>,
{
    use diesel::query_dsl::methods::ExecuteDsl;
    let inserted = match &mut **conn {
        crate::db::AnyConnection::Postgresql(pg) => ExecuteDsl::execute(insert, pg)?,
        crate::db::AnyConnection::Sqlite(lite) => ExecuteDsl::execute(insert, lite)?,
    };
    Ok(inserted == 1)
}

/// Current time to the microsecond, for schedules where a second matters (retry backoff).
pub fn precise_now() -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let now = chrono::Utc::now().naive_utc();
    // PostgreSQL keeps microseconds: drop the rest so both backends compare the same values.
    now.with_nanosecond(now.nanosecond() / 1_000 * 1_000).unwrap_or(now)
}
