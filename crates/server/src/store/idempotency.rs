//! The `idempotency_keys` table: a retried application with the same `Idempotency-Key` gets the first answer.

use diesel::prelude::*;

use crate::db::Conn;
use crate::db::schema::idempotency_keys;
use crate::error::ApiError;

/// What a key says about a request.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// First use: process the request, then [`complete`] it.
    New,
    /// Already answered: send this again.
    Replay { status: u16, body: String },
    /// The first request with this key is still running.
    InProgress,
    /// The key was used for another request.
    Mismatch,
}

/// Claims a key for a request fingerprint (scoped to the caller's organisation).
pub fn claim(conn: &mut Conn, organisation_id: i64, key: &str, fingerprint: &str) -> Result<Claim, ApiError> {
    let inserted = diesel::insert_into(idempotency_keys::table)
        .values((
            idempotency_keys::organisation_id.eq(organisation_id),
            idempotency_keys::idempotency_key.eq(key),
            idempotency_keys::request_hash.eq(fingerprint),
            idempotency_keys::created_at.eq(super::now()),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(Claim::New),
        Err(diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)) => {
            let (hash, status, body): (String, Option<i32>, Option<String>) = idempotency_keys::table
                .find((organisation_id, key))
                .select((
                    idempotency_keys::request_hash,
                    idempotency_keys::response_status,
                    idempotency_keys::response_body,
                ))
                .first(conn)?;
            Ok(match (hash == fingerprint, status, body) {
                (false, _, _) => Claim::Mismatch,
                (true, Some(status), Some(body)) => {
                    Claim::Replay { status: u16::try_from(status).unwrap_or(200), body }
                }
                (true, _, _) => Claim::InProgress,
            })
        }
        Err(other) => Err(other.into()),
    }
}

/// Stores the answer given to the key's request.
pub fn complete(conn: &mut Conn, organisation_id: i64, key: &str, status: u16, body: &str) -> Result<(), ApiError> {
    diesel::update(idempotency_keys::table.find((organisation_id, key)))
        .set((
            idempotency_keys::response_status.eq(Some(i32::from(status))),
            idempotency_keys::response_body.eq(Some(body)),
        ))
        .execute(conn)?;
    Ok(())
}

/// Frees a key whose request failed on our side, so the client may retry it.
pub fn release(conn: &mut Conn, organisation_id: i64, key: &str) -> Result<(), ApiError> {
    diesel::delete(idempotency_keys::table.find((organisation_id, key))).execute(conn)?;
    Ok(())
}
