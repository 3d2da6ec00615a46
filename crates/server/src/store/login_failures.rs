//! The `login_failures` table: recent wrong passwords per e-mail address and the lock they caused.
//!
//! Rows exist for any address tried, account or not, so a lock never reveals which addresses have accounts.
//! Kept in the database so every instance on one PostgreSQL enforces the same lock.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;
use domain::lockout::{LockState, LockoutPolicy};

use super::Error;
use crate::db::schema::login_failures;
use crate::db::{Conn, write_transaction_of};

type Row = (i32, NaiveDateTime, Option<NaiveDateTime>);

fn to_state((failures, last_failure_at, locked_until): Row) -> Result<LockState, Error> {
    let failures = super::count(failures, "login failures")?;
    Ok(LockState { failures, last_failure_at: Some(last_failure_at), locked_until })
}

fn read(conn: &mut Conn, email: &str) -> Result<Option<Row>, Error> {
    Ok(login_failures::table
        .find(email)
        .select((login_failures::failures, login_failures::last_failure_at, login_failures::locked_until))
        .first(conn)
        .optional()?)
}

/// The lock state of an address (already normalised); a fresh state when it never failed.
pub fn state(conn: &mut Conn, email: &str) -> Result<LockState, Error> {
    if !domain::account::Email::could_be_account(email) {
        return Ok(LockState::default());
    }
    Ok(read(conn, email)?.map(to_state).transpose()?.unwrap_or_default())
}

/// Counts one more wrong password for `email` at `now` and returns the new state. Concurrent failures of
/// one address are serialised on its row, so none is lost.
pub fn record_failure(
    conn: &mut Conn,
    email: &str,
    policy: &LockoutPolicy,
    now: NaiveDateTime,
) -> Result<LockState, Error> {
    // No account has such an address, and an index cannot hold one of any length: nothing to lock.
    if !domain::account::Email::could_be_account(email) {
        return Ok(LockState::default());
    }
    write_transaction_of(conn, |conn| {
        if create_row(conn, email, now)? {
            purge_forgotten(conn, policy, now)?;
        }
        // A no-op update takes the row lock (PostgreSQL) before the read; SQLite already holds the write lock.
        diesel::update(login_failures::table.find(email))
            .set(login_failures::failures.eq(login_failures::failures))
            .execute(conn)?;
        let current = read(conn, email)?.map(to_state).transpose()?.unwrap_or_default();
        let next = current.after_failure(policy, now);
        diesel::update(login_failures::table.find(email))
            .set((
                login_failures::failures.eq(i32::try_from(next.failures).unwrap_or(i32::MAX)),
                login_failures::last_failure_at.eq(now),
                login_failures::locked_until.eq(next.locked_until),
            ))
            .execute(conn)?;
        Ok(next)
    })
}

/// Inserts a zero-failure row unless one exists; true when it was created.
fn create_row(conn: &mut Conn, email: &str, now: NaiveDateTime) -> Result<bool, Error> {
    let values = (
        login_failures::email.eq(email),
        login_failures::failures.eq(0),
        login_failures::last_failure_at.eq(now),
        login_failures::locked_until.eq(None::<NaiveDateTime>),
    );
    super::insert_unless_present(
        conn,
        diesel::insert_into(login_failures::table).values(values).on_conflict_do_nothing(),
    )
}

/// Forgets addresses whose last failure is older than the policy remembers and that are not locked; run
/// when a new address appears, so the table stays as small as the recent failures.
fn purge_forgotten(conn: &mut Conn, policy: &LockoutPolicy, now: NaiveDateTime) -> Result<(), Error> {
    let forgotten_before = now - TimeDelta::seconds(i64::from(policy.forget_after_seconds));
    diesel::delete(
        login_failures::table
            .filter(login_failures::last_failure_at.lt(forgotten_before))
            .filter(login_failures::locked_until.is_null().or(login_failures::locked_until.lt(now))),
    )
    .execute(conn)?;
    Ok(())
}

/// A successful log-in starts the count again.
pub fn clear(conn: &mut Conn, email: &str) -> Result<(), Error> {
    diesel::delete(login_failures::table.find(email)).execute(conn)?;
    Ok(())
}
