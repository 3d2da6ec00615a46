//! The `memberships` table: which user may act for which organisation (R-ACC-1, R-ACC-2).

use contract::{Membership, MembershipStatus, OrganisationKind};
use diesel::prelude::*;

use super::Error;
use crate::db::Conn;
use crate::db::schema::{memberships, organisations};

fn status_str(status: MembershipStatus) -> &'static str {
    match status {
        MembershipStatus::Pending => "pending",
        MembershipStatus::Approved => "approved",
    }
}

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
            memberships::status.eq(status_str(status)),
            memberships::is_admin.eq(is_admin),
            memberships::created_at.eq(now),
            memberships::approved_at.eq(approved.then_some(now)),
        ))
        .execute(conn)?;
    Ok(())
}

/// A user's memberships with their organisations, by organisation name.
pub fn of_user(conn: &mut Conn, user_id: i64) -> Result<Vec<Membership>, Error> {
    let rows: Vec<(i64, String, String, String, bool)> = memberships::table
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
    rows.into_iter()
        .map(|(organisation_id, organisation_name, kind, status, is_admin)| {
            let organisation_kind = OrganisationKind::from_code(&kind)
                .ok_or_else(|| Error::Corrupt(format!("unknown organisation kind {kind}")))?;
            let status = if status == "approved" { MembershipStatus::Approved } else { MembershipStatus::Pending };
            Ok(Membership { organisation_id, organisation_name, organisation_kind, status, is_admin })
        })
        .collect()
}

/// Approves a pending membership; returns whether one was pending.
pub fn approve(conn: &mut Conn, organisation_id: i64, user_id: i64, approved_by: i64) -> Result<bool, Error> {
    let changed = diesel::update(
        memberships::table
            .filter(memberships::organisation_id.eq(organisation_id))
            .filter(memberships::user_id.eq(user_id))
            .filter(memberships::status.eq("pending")),
    )
    .set((
        memberships::status.eq("approved"),
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
