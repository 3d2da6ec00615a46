//! The `memberships` table: which user may act for which organisation (R-ACC-1, R-ACC-2).

use contract::{Member, MemberCounts, Membership, MembershipStatus, OrganisationKind};
use diesel::prelude::*;
use domain::members::{MemberOutcome, MemberState};

use super::{Coded, Error};
use crate::db::Conn;
use crate::db::schema::{memberships, organisations, users};

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

/// The status and admin flag of `user_id`'s membership of `organisation_id`, if any.
pub fn state(conn: &mut Conn, organisation_id: i64, user_id: i64) -> Result<Option<MemberState>, Error> {
    let row: Option<(Coded<MembershipStatus>, bool)> = memberships::table
        .find((user_id, organisation_id))
        .select((memberships::status, memberships::is_admin))
        .first(conn)
        .optional()?;
    Ok(row.map(|(Coded(status), is_admin)| MemberState { status, is_admin }))
}

/// Serialises the changes to one organisation's members until the transaction ends, so two admins unmaking
/// each other at once cannot leave it without one (R-ACC-7). A no-op update takes PostgreSQL's row lock;
/// SQLite's write transaction already holds the database's.
pub fn lock_organisation(conn: &mut Conn, organisation_id: i64) -> Result<bool, Error> {
    let locked = diesel::update(organisations::table.find(organisation_id))
        .set(organisations::name.eq(organisations::name))
        .execute(conn)?;
    Ok(locked == 1)
}

/// How many approved admins the organisation has.
pub fn approved_admins(conn: &mut Conn, organisation_id: i64) -> Result<usize, Error> {
    let count: i64 = memberships::table
        .filter(memberships::organisation_id.eq(organisation_id))
        .filter(memberships::status.eq(Coded(MembershipStatus::Approved)))
        .filter(memberships::is_admin.eq(true))
        .count()
        .get_result(conn)?;
    super::count(count, "approved admins")
}

/// Who changes a membership, and why when it is a refusal.
pub struct ChangeBy<'a> {
    pub user_id: i64,
    pub refusal_reason: Option<&'a str>,
}

/// Stores the result of a change (R-ACC-5..7): the dates follow the status.
pub fn set_state(
    conn: &mut Conn,
    organisation_id: i64,
    user_id: i64,
    before: MemberState,
    after: MemberOutcome,
    by: &ChangeBy<'_>,
) -> Result<(), Error> {
    let target = memberships::table.find((user_id, organisation_id));
    let now = super::now();
    diesel::update(target).set(memberships::is_admin.eq(after.is_admin)).execute(conn)?;
    if before.status == after.status {
        return Ok(());
    }
    diesel::update(target).set(memberships::status.eq(Coded(after.status))).execute(conn)?;
    match after.status {
        MembershipStatus::Approved => diesel::update(target)
            .set((
                memberships::approved_at.eq(Some(now)),
                memberships::approved_by.eq(Some(by.user_id)),
                memberships::ended_at.eq(None::<chrono::NaiveDateTime>),
                memberships::ended_by.eq(None::<i64>),
                memberships::refusal_reason.eq(None::<String>),
            ))
            .execute(conn)?,
        MembershipStatus::Refused | MembershipStatus::Removed => diesel::update(target)
            .set((
                memberships::ended_at.eq(Some(now)),
                memberships::ended_by.eq(Some(by.user_id)),
                memberships::refusal_reason.eq(by.refusal_reason),
            ))
            .execute(conn)?,
        MembershipStatus::Pending => 0,
    };
    Ok(())
}

/// Makes `user_id` an approved member of `organisation_id` (an accepted invitation), whatever it was before.
pub fn join_approved(
    conn: &mut Conn,
    organisation_id: i64,
    user_id: i64,
    is_admin: bool,
    approved_by: i64,
) -> Result<(), Error> {
    if let Some(before) = state(conn, organisation_id, user_id)? {
        let after = MemberOutcome { status: MembershipStatus::Approved, is_admin: is_admin || before.is_admin };
        return set_state(
            conn,
            organisation_id,
            user_id,
            before,
            after,
            &ChangeBy { user_id: approved_by, refusal_reason: None },
        );
    }
    insert(conn, user_id, organisation_id, MembershipStatus::Approved, is_admin)?;
    diesel::update(memberships::table.find((user_id, organisation_id)))
        .set(memberships::approved_by.eq(Some(approved_by)))
        .execute(conn)?;
    Ok(())
}

/// (organisation, organisation name, user, e-mail, full name, status, admin, requested, approved, ended, reason).
type MemberRow = (
    i64,
    String,
    i64,
    String,
    String,
    Coded<MembershipStatus>,
    bool,
    chrono::NaiveDateTime,
    Option<chrono::NaiveDateTime>,
    Option<chrono::NaiveDateTime>,
    Option<String>,
);

fn to_member(row: MemberRow) -> Member {
    let (
        organisation_id,
        organisation_name,
        user_id,
        email,
        full_name,
        Coded(status),
        is_admin,
        requested,
        approved,
        ended,
        refusal_reason,
    ) = row;
    let stamp = |at: chrono::NaiveDateTime| at.and_utc().to_rfc3339();
    Member {
        organisation_id,
        organisation_name,
        user_id,
        email,
        full_name,
        status,
        is_admin,
        requested_at: stamp(requested),
        approved_at: approved.map(stamp),
        ended_at: ended.map(stamp),
        refusal_reason,
    }
}

macro_rules! member_rows {
    () => {
        memberships::table
            .inner_join(organisations::table)
            .inner_join(users::table.on(users::id.eq(memberships::user_id)))
            .select((
                organisations::id,
                organisations::name,
                users::id,
                users::email,
                users::full_name,
                memberships::status,
                memberships::is_admin,
                memberships::created_at,
                memberships::approved_at,
                memberships::ended_at,
                memberships::refusal_reason,
            ))
    };
}

/// One page of an organisation's members in `status`: pending ones oldest request first, others by name.
pub fn list(
    conn: &mut Conn,
    organisation_id: i64,
    status: MembershipStatus,
    offset: i64,
    limit: i64,
) -> Result<Vec<Member>, Error> {
    let query = member_rows!()
        .filter(memberships::organisation_id.eq(organisation_id))
        .filter(memberships::status.eq(Coded(status)))
        .offset(offset)
        .limit(limit);
    let rows: Vec<MemberRow> = if status == MembershipStatus::Pending {
        query.order((memberships::created_at.asc(), users::id.asc())).load(conn)?
    } else {
        query.order((users::full_name.asc(), users::id.asc())).load(conn)?
    };
    Ok(rows.into_iter().map(to_member).collect())
}

/// One membership, as its admins see it.
pub fn member(conn: &mut Conn, organisation_id: i64, user_id: i64) -> Result<Option<Member>, Error> {
    let row: Option<MemberRow> = member_rows!()
        .filter(memberships::organisation_id.eq(organisation_id))
        .filter(memberships::user_id.eq(user_id))
        .first(conn)
        .optional()?;
    Ok(row.map(to_member))
}

/// Pending requests across every organisation, oldest first: the platform's queue (R-ACC-6 needs it for a new
/// organisation's first member).
pub fn pending_everywhere(conn: &mut Conn, limit: i64) -> Result<Vec<Member>, Error> {
    let rows: Vec<MemberRow> = member_rows!()
        .filter(memberships::status.eq(Coded(MembershipStatus::Pending)))
        .order((memberships::created_at.asc(), users::id.asc()))
        .limit(limit)
        .load(conn)?;
    Ok(rows.into_iter().map(to_member).collect())
}

/// How many members the organisation has in each status.
pub fn counts(conn: &mut Conn, organisation_id: i64) -> Result<MemberCounts, Error> {
    let rows: Vec<(Coded<MembershipStatus>, i64)> = memberships::table
        .filter(memberships::organisation_id.eq(organisation_id))
        .group_by(memberships::status)
        .select((memberships::status, diesel::dsl::count_star()))
        .load(conn)?;
    let mut counts = MemberCounts::default();
    for (Coded(status), count) in rows {
        *match status {
            MembershipStatus::Pending => &mut counts.pending,
            MembershipStatus::Approved => &mut counts.approved,
            MembershipStatus::Refused => &mut counts.refused,
            MembershipStatus::Removed => &mut counts.removed,
        } = count;
    }
    Ok(counts)
}

/// The e-mail addresses of the organisation's approved admins, to tell them of a new request.
pub fn admin_emails(conn: &mut Conn, organisation_id: i64) -> Result<Vec<String>, Error> {
    Ok(memberships::table
        .inner_join(users::table.on(users::id.eq(memberships::user_id)))
        .filter(memberships::organisation_id.eq(organisation_id))
        .filter(memberships::status.eq(Coded(MembershipStatus::Approved)))
        .filter(memberships::is_admin.eq(true))
        .select(users::email)
        .load(conn)?)
}
