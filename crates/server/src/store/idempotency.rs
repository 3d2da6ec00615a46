//! The `idempotency_keys` table: a retried application with the same `Idempotency-Key` gets the first answer.

use chrono::{NaiveDateTime, TimeDelta};
use diesel::prelude::*;

use super::Error;
use crate::db::Conn;
use crate::db::schema::idempotency_keys;

/// What a key says about a request.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// First use: process the request, then [`complete`] it.
    New,
    /// Already answered: send this again.
    Replay { status: u16, body: String },
    /// The key has no answer yet: claimed by a server of an earlier version, which committed its claim before
    /// the request's work, and is still running it (or died: see [`IN_PROGRESS_LEASE`]).
    InProgress,
    /// The key was used for another request.
    Mismatch,
}

/// How long an answer is replayed: a retry later than this is a new request (and the row is purged).
pub const RETENTION: TimeDelta = TimeDelta::hours(24);

/// How long a first request may stay unanswered before its key is free again: its process died mid-request,
/// and the client must not get 409 forever.
pub const IN_PROGRESS_LEASE: TimeDelta = TimeDelta::seconds(60);

/// Claims a key for a request fingerprint (scoped to the caller's organisation), inside the write transaction
/// that also does the request's work and [`complete`]s it: the claim and the answer are committed together or
/// not at all. A concurrent request with the same key waits (PostgreSQL: on the key's unique entry; SQLite: for
/// the single writer) and then finds the answer to replay.
pub fn claim(conn: &mut Conn, organisation_id: i64, key: &str, fingerprint: &str) -> Result<Claim, Error> {
    let now = super::now();
    purge_expired(conn, organisation_id, now)?;
    let insert = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::organisation_id.eq(organisation_id),
            idempotency_keys::idempotency_key.eq(key),
            idempotency_keys::request_hash.eq(fingerprint),
            idempotency_keys::created_at.eq(now),
        ))
        .on_conflict_do_nothing();
    if super::insert_unless_present(conn, insert)? || take_over_stale(conn, organisation_id, key, fingerprint, now)? {
        return Ok(Claim::New);
    }
    let (hash, status, body): (String, Option<i32>, Option<String>) = idempotency_keys::table
        .find((organisation_id, key))
        .select((idempotency_keys::request_hash, idempotency_keys::response_status, idempotency_keys::response_body))
        .first(conn)?;
    Ok(match (hash == fingerprint, status, body) {
        (false, _, _) => Claim::Mismatch,
        (true, Some(status), Some(body)) => Claim::Replay { status: super::count(status, "replayed status")?, body },
        (true, _, _) => Claim::InProgress,
    })
}

/// Restarts a key whose record expired or whose request was abandoned past its lease, in one conditional
/// update so two retries racing for it cannot both win.
fn take_over_stale(
    conn: &mut Conn,
    organisation_id: i64,
    key: &str,
    fingerprint: &str,
    now: NaiveDateTime,
) -> Result<bool, Error> {
    let stale = idempotency_keys::created_at
        .lt(now - RETENTION)
        .or(idempotency_keys::response_status.is_null().and(idempotency_keys::created_at.lt(now - IN_PROGRESS_LEASE)));
    let taken = diesel::update(idempotency_keys::table.find((organisation_id, key)).filter(stale))
        .set((
            idempotency_keys::request_hash.eq(fingerprint),
            idempotency_keys::response_status.eq(None::<i32>),
            idempotency_keys::response_body.eq(None::<String>),
            idempotency_keys::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(taken == 1)
}

/// Deletes the organisation's records older than [`RETENTION`]; run lazily at each claim, so the table
/// holds about one day of keys per organisation.
fn purge_expired(conn: &mut Conn, organisation_id: i64, now: NaiveDateTime) -> Result<(), Error> {
    diesel::delete(
        idempotency_keys::table
            .filter(idempotency_keys::organisation_id.eq(organisation_id))
            .filter(idempotency_keys::created_at.lt(now - RETENTION)),
    )
    .execute(conn)?;
    Ok(())
}

/// Stores the answer given to the key's request, in the transaction of its [`claim`].
pub fn complete(conn: &mut Conn, organisation_id: i64, key: &str, status: u16, body: &str) -> Result<(), Error> {
    diesel::update(idempotency_keys::table.find((organisation_id, key)))
        .set((
            idempotency_keys::response_status.eq(Some(i32::from(status))),
            idempotency_keys::response_body.eq(Some(body)),
        ))
        .execute(conn)?;
    Ok(())
}
