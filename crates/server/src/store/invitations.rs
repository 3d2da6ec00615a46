//! The `invitations` table (R-ACC-8): found by the hash of their token, accepted once.

use chrono::NaiveDateTime;
use contract::Invitation;
use diesel::prelude::*;
use domain::members::LinkState;

use super::Error;
use crate::db::Conn;
use crate::db::schema::{invitations, organisations};

/// A new invitation, its token already hashed.
pub struct NewInvitation<'a> {
    pub organisation_id: i64,
    pub email: &'a str,
    pub token_hash: &'a str,
    pub invited_by: i64,
    pub expires_at: NaiveDateTime,
}

/// Stores the invitation and returns it.
pub fn insert(conn: &mut Conn, new: &NewInvitation<'_>) -> Result<Invitation, Error> {
    let now = super::now();
    diesel::insert_into(invitations::table)
        .values((
            invitations::organisation_id.eq(new.organisation_id),
            invitations::email.eq(new.email),
            invitations::token_hash.eq(new.token_hash),
            invitations::invited_by.eq(new.invited_by),
            invitations::created_at.eq(now),
            invitations::expires_at.eq(new.expires_at),
        ))
        .execute(conn)?;
    // RETURNING is not available through diesel's multi-backend connection: read back by the unique hash.
    let (id, email): (i64, String) = invitations::table
        .filter(invitations::token_hash.eq(new.token_hash))
        .select((invitations::id, invitations::email))
        .first(conn)?;
    Ok(Invitation {
        id,
        email,
        created_at: now.and_utc().to_rfc3339(),
        expires_at: new.expires_at.and_utc().to_rfc3339(),
        accepted_at: None,
    })
}

/// An invitation found by its token's hash.
#[derive(Debug, Clone)]
pub struct Found {
    pub id: i64,
    pub organisation_id: i64,
    pub organisation_name: String,
    pub email: String,
    pub invited_by: i64,
    pub link: LinkState,
}

type FoundRow = (i64, i64, String, String, i64, NaiveDateTime, Option<NaiveDateTime>);

pub fn find_by_hash(conn: &mut Conn, token_hash: &str) -> Result<Option<Found>, Error> {
    let row: Option<FoundRow> = invitations::table
        .inner_join(organisations::table.on(organisations::id.eq(invitations::organisation_id)))
        .filter(invitations::token_hash.eq(token_hash))
        .select((
            invitations::id,
            invitations::organisation_id,
            organisations::name,
            invitations::email,
            invitations::invited_by,
            invitations::expires_at,
            invitations::accepted_at,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(id, organisation_id, organisation_name, email, invited_by, expires_at, used_at)| Found {
        id,
        organisation_id,
        organisation_name,
        email,
        invited_by,
        link: LinkState { expires_at, used_at },
    }))
}

/// Marks the invitation accepted; false when someone accepted it meanwhile (single use even under races).
pub fn mark_accepted(conn: &mut Conn, id: i64, user_id: i64) -> Result<bool, Error> {
    let changed = diesel::update(invitations::table.find(id).filter(invitations::accepted_at.is_null()))
        .set((invitations::accepted_at.eq(Some(super::now())), invitations::accepted_by.eq(Some(user_id))))
        .execute(conn)?;
    Ok(changed == 1)
}

/// The organisation's most recent invitations, newest first.
pub fn of_organisation(conn: &mut Conn, organisation_id: i64, limit: i64) -> Result<Vec<Invitation>, Error> {
    let rows: Vec<(i64, String, NaiveDateTime, NaiveDateTime, Option<NaiveDateTime>)> = invitations::table
        .filter(invitations::organisation_id.eq(organisation_id))
        .order((invitations::created_at.desc(), invitations::id.desc()))
        .limit(limit)
        .select((
            invitations::id,
            invitations::email,
            invitations::created_at,
            invitations::expires_at,
            invitations::accepted_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, email, created_at, expires_at, accepted_at)| Invitation {
            id,
            email,
            created_at: created_at.and_utc().to_rfc3339(),
            expires_at: expires_at.and_utc().to_rfc3339(),
            accepted_at: accepted_at.map(|at| at.and_utc().to_rfc3339()),
        })
        .collect())
}
