//! The `memberships` table: which user may act for which organisation (R-ACC-1, R-ACC-2).

use contract::{Membership, MembershipStatus, OrganisationKind};
use diesel::prelude::*;

use super::{Coded, Error};
use crate::db::Conn;
use crate::db::schema::{memberships, organisations};

pub fn insert(
    conn: &mut Conn,
    user_id: i64,
    organisation_id: i64,
    status: MembershipStatus,
    is_admin: bool,
) -> Result<(), Error> {
    let now = super::now();
    let approved = status == MembershipStatus::Approved;
    diesel::insert_into(memberships::table)
        .values((
            memberships::user_id.eq(user_id),
            memberships::organisation_id.eq(organisation_id),
            memberships::status.eq(Coded(status)),
            memberships::is_admin.eq(is_admin),
            memberships::created_at.eq(now),
            memberships::approved_at.eq(approved.then_some(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// (organisation id, name, kind, status, is admin).
type MembershipRow = (i64, String, Coded<OrganisationKind>, Coded<MembershipStatus>, bool);

/// A user's memberships with their organisations, by organisation name.
pub fn of_user(conn: &mut Conn, user_id: i64) -> Result<Vec<Membership>, Error> {
    let rows: Vec<MembershipRow> = memberships::table
        .inner_join(organisations::table)
        .filter(memberships::user_id.eq(user_id))
        .order(organisations::name.asc())
        .select((
            organisations::id,
            organisations::name,
            organisations::kind,
            memberships::status,
            memberships::is_admin,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(organisation_id, organisation_name, Coded(organisation_kind), Coded(status), is_admin)| Membership {
            organisation_id,
            organisation_name,
            organisation_kind,
            status,
            is_admin,
        })
        .collect())
}

/// Approves a pending membership; returns whether one was pending.
pub fn approve(conn: &mut Conn, organisation_id: i64, user_id: i64, approved_by: i64) -> Result<bool, Error> {
    let changed = diesel::update(
        memberships::table
            .filter(memberships::organisation_id.eq(organisation_id))
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::status.eq(Coded(MembershipStatus::Pending))),
    )
    .set((
        memberships::status.eq(Coded(MembershipStatus::Approved)),
        memberships::approved_at.eq(Some(super::now())),
        memberships::approved_by.eq(Some(approved_by)),
    ))
    .execute(conn)?;
    Ok(changed == 1)
}

/// Whether `user_id` has a membership (any status) in `organisation_id`.
pub fn exists(conn: &mut Conn, organisation_id: i64, user_id: i64) -> Result<bool, Error> {
    let count: i64 = memberships::table
        .filter(memberships::organisation_id.eq(organisation_id))
        .filter(memberships::user_id.eq(user_id))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}
