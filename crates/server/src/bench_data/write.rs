//! Multi-row INSERTs on either backend, and the settings that make a bulk load fast.
//!
//! Diesel builds multi-row `VALUES` per backend only, so each insert names the concrete connection. Rows per
//! PostgreSQL statement stay under its 65 535 bind parameters for rows of up to 32 columns; SQLite, in-process,
//! gains nothing from multi-row statements and takes one row per statement.

use chrono::{NaiveDate, NaiveDateTime};
use contract::MembershipStatus;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;

use super::BenchDataError;
use super::offer::Offer;
use super::organisations::Orgs;
use crate::db::schema::{memberships, organisations, sessions, trainings, users};
use crate::db::{AnyConnection, Conn};
use crate::store::Coded;

pub(crate) const SQLITE_ROWS: usize = 1_000;
pub(crate) const POSTGRES_ROWS: usize = 2_000;

/// Inserts `rows` (a `Vec`) into `table`, as many per statement as the backend's bind limit allows.
macro_rules! insert_rows {
    ($conn:expr, $table:expr, $rows:expr) => {{
        use $crate::db::AnyConnection;
        let conn: &mut $crate::db::Conn = $conn;
        let mut rows = $rows;
        let per_statement = match &**conn {
            AnyConnection::Sqlite(_) => $crate::bench_data::write::SQLITE_ROWS,
            AnyConnection::Postgresql(_) => $crate::bench_data::write::POSTGRES_ROWS,
        };
        while !rows.is_empty() {
            let rest = rows.split_off(rows.len().min(per_statement));
            let chunk = std::mem::replace(&mut rows, rest);
            match &mut **conn {
                AnyConnection::Postgresql(pg) => {
                    ::diesel::RunQueryDsl::execute(::diesel::insert_into($table).values(chunk), pg)?;
                }
                // One prepared statement per row: diesel runs a SQLite batch with any nullable value as one
                // INSERT per row inside a savepoint, whose journal then grows with the transaction and makes
                // each row cost more than the last. Plain rows in the open transaction stay cheap.
                AnyConnection::Sqlite(lite) => {
                    for row in chunk {
                        ::diesel::RunQueryDsl::execute(::diesel::insert_into($table).values(row), lite)?;
                    }
                }
            }
        }
    }};
}
pub(crate) use insert_rows;

/// The organisations, their users (admins of their organisation) and the platform admin.
pub fn organisations(
    conn: &mut Conn,
    orgs: &Orgs,
    admin: (i64, &str),
    password_hash: &str,
    created: NaiveDateTime,
) -> Result<(), BenchDataError> {
    let rows: Vec<_> = orgs
        .all
        .iter()
        .map(|o| {
            (
                organisations::id.eq(o.id),
                organisations::name.eq(o.name.clone()),
                organisations::siret.eq(o.siret.clone()),
                organisations::kind.eq(Coded(o.role.kind())),
                organisations::commune.eq(o.commune),
                organisations::created_at.eq(created),
            )
        })
        .collect();
    insert_rows!(conn, organisations::table, rows);
    let people = orgs.all.iter().map(|o| (o.user_id, o.email.as_str(), format!("Référent {}", o.name), false));
    let rows: Vec<_> = people
        .chain(std::iter::once((admin.0, admin.1, "Administration plateforme".to_owned(), true)))
        .map(|(id, email, name, platform_admin)| {
            (
                users::id.eq(id),
                users::email.eq(email.to_owned()),
                users::password_hash.eq(password_hash.to_owned()),
                users::full_name.eq(name),
                users::platform_admin.eq(platform_admin),
                users::created_at.eq(created),
            )
        })
        .collect();
    insert_rows!(conn, users::table, rows);
    let rows: Vec<_> = orgs
        .all
        .iter()
        .map(|o| {
            (
                memberships::user_id.eq(o.user_id),
                memberships::organisation_id.eq(o.id),
                memberships::status.eq(Coded(MembershipStatus::Approved)),
                memberships::is_admin.eq(true),
                memberships::created_at.eq(created),
                memberships::approved_at.eq(Some(created)),
            )
        })
        .collect();
    insert_rows!(conn, memberships::table, rows);
    Ok(())
}

fn morning(date: NaiveDate) -> NaiveDateTime {
    date.and_hms_opt(9, 0, 0).unwrap_or_default()
}

/// The trainings and sessions.
pub fn offer(conn: &mut Conn, offer: &Offer) -> Result<(), BenchDataError> {
    let rows: Vec<_> = offer
        .trainings
        .iter()
        .map(|t| {
            (
                trainings::id.eq(t.id),
                t.values.clone(),
                trainings::created_at.eq(morning(t.created)),
                trainings::updated_at.eq(morning(t.created)),
            )
        })
        .collect();
    insert_rows!(conn, trainings::table, rows);
    let rows: Vec<_> = offer
        .sessions
        .iter()
        .map(|s| {
            let created = morning(offer.trainings[s.training].created);
            (
                sessions::id.eq(s.id),
                s.row.clone(),
                sessions::cancelled.eq(s.cancelled),
                sessions::published_start_date.eq(s.row.start_date),
                sessions::created_at.eq(created),
                sessions::updated_at.eq(created),
            )
        })
        .collect();
    insert_rows!(conn, sessions::table, rows);
    Ok(())
}

/// Connection settings for the load. SQLite: no fsync, foreign keys unchecked (the
/// generator writes consistent rows), a large page cache; the journal stays WAL, as a server
/// may hold the file open. PostgreSQL: triggers off (`replica`), since the
/// per-row counting trigger of `applications` locks and counts the session at each insert; the counters are
/// recomputed set-wise after the load ([`crate::store::bulk::after_load`]).
pub fn begin_load(conn: &mut Conn) -> Result<(), BenchDataError> {
    match &mut **conn {
        AnyConnection::Sqlite(c) => c.batch_execute(
            "PRAGMA foreign_keys = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000; \
             PRAGMA temp_store = MEMORY; PRAGMA secure_delete = OFF;",
        )?,
        AnyConnection::Postgresql(c) => c.batch_execute("SET session_replication_role = replica;")?,
    }
    Ok(())
}

/// Back to the settings the server runs with, then fresh planner statistics. PostgreSQL here runs without
/// autovacuum: `VACUUM` sets the visibility map that index-only scans need.
pub fn end_load(conn: &mut Conn) -> Result<(), BenchDataError> {
    match &mut **conn {
        AnyConnection::Sqlite(c) => c.batch_execute(
            "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON; ANALYZE; \
             PRAGMA wal_checkpoint(TRUNCATE);",
        )?,
        AnyConnection::Postgresql(c) => c.batch_execute("SET session_replication_role = origin;")?,
    }
    if matches!(&**conn, AnyConnection::Postgresql(_)) {
        crate::store::bulk::after_load(conn)?;
        if let AnyConnection::Postgresql(c) = &mut **conn {
            c.batch_execute("VACUUM ANALYZE;")?;
        }
    }
    Ok(())
}
