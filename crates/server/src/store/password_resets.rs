//! The `password_resets` table (R-ACC-9): single-use links found by the hash of their token.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use domain::members::LinkState;

use super::Error;
use crate::db::Conn;
use crate::db::schema::password_resets;

/// Stores a new link for `user_id`; the user's older, unused links stop working, so only the last e-mail counts.
pub fn insert(conn: &mut Conn, user_id: i64, token_hash: &str, expires_at: NaiveDateTime) -> Result<(), Error> {
    let now = super::now();
    diesel::delete(
        password_resets::table
            .filter(password_resets::user_id.eq(user_id))
            .filter(password_resets::used_at.is_null().or(password_resets::expires_at.lt(now))),
    )
    .execute(conn)?;
    diesel::insert_into(password_resets::table)
        .values((
            password_resets::token_hash.eq(token_hash),
            password_resets::user_id.eq(user_id),
            password_resets::created_at.eq(now),
            password_resets::expires_at.eq(expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// The user and state of the link with this token hash.
pub fn find_by_hash(conn: &mut Conn, token_hash: &str) -> Result<Option<(i64, LinkState)>, Error> {
    let row: Option<(i64, NaiveDateTime, Option<NaiveDateTime>)> = password_resets::table
        .find(token_hash)
        .select((password_resets::user_id, password_resets::expires_at, password_resets::used_at))
        .first(conn)
        .optional()?;
    Ok(row.map(|(user_id, expires_at, used_at)| (user_id, LinkState { expires_at, used_at })))
}

/// Marks the link used; false when it was used meanwhile (single use even under races).
pub fn mark_used(conn: &mut Conn, token_hash: &str) -> Result<bool, Error> {
    let changed = diesel::update(password_resets::table.find(token_hash).filter(password_resets::used_at.is_null()))
        .set(password_resets::used_at.eq(Some(super::now())))
        .execute(conn)?;
    Ok(changed == 1)
}
