//! Who receives e-mail: the users' opted-out kinds (R-MAIL-1), the members of an organisation who want a kind,
//! and the weekly digests already written (R-MAIL-3).

use chrono::NaiveDate;
use contract::MembershipStatus;
use diesel::prelude::*;
use domain::application::ApplicationState;
use domain::notifications::NotificationKind;

use super::{Coded, Error};
use crate::db::Conn;
use crate::db::schema::{applications, mail_digests, memberships, notification_opt_outs, sessions, trainings, users};

/// A user to write to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub user_id: i64,
    pub email: String,
}

/// The kinds `user_id` turned off (unknown stored codes are ignored: every kind is on unless refused).
pub fn opt_outs(conn: &mut Conn, user_id: i64) -> Result<Vec<NotificationKind>, Error> {
    let codes: Vec<String> = notification_opt_outs::table
        .filter(notification_opt_outs::user_id.eq(user_id))
        .select(notification_opt_outs::kind)
        .load(conn)?;
    Ok(codes.iter().filter_map(|code| NotificationKind::parse(code).ok()).collect())
}

/// Replaces the kinds `user_id` turned off.
pub fn set_opt_outs(conn: &mut Conn, user_id: i64, kinds: &[NotificationKind]) -> Result<(), Error> {
    diesel::delete(notification_opt_outs::table.filter(notification_opt_outs::user_id.eq(user_id))).execute(conn)?;
    for kind in kinds {
        diesel::insert_into(notification_opt_outs::table)
            .values((notification_opt_outs::user_id.eq(user_id), notification_opt_outs::kind.eq(kind.code())))
            .execute(conn)?;
    }
    Ok(())
}

/// The approved members of `organisation_id` who did not turn `kind` off, by user id.
pub fn members_wanting(conn: &mut Conn, organisation_id: i64, kind: NotificationKind) -> Result<Vec<Recipient>, Error> {
    let refused = notification_opt_outs::table
        .filter(notification_opt_outs::kind.eq(kind.code()))
        .select(notification_opt_outs::user_id);
    let rows: Vec<(i64, String)> = memberships::table
        .inner_join(users::table.on(users::id.eq(memberships::user_id)))
        .filter(memberships::organisation_id.eq(organisation_id))
        .filter(memberships::status.eq(Coded(MembershipStatus::Approved)))
        .filter(users::id.ne_all(refused))
        .order(users::id.asc())
        .select((users::id, users::email))
        .load(conn)?;
    Ok(rows.into_iter().map(|(user_id, email)| Recipient { user_id, email }).collect())
}

/// `user_id` if still an approved member of `organisation_id` who did not turn `kind` off.
pub fn member_wanting(
    conn: &mut Conn,
    organisation_id: i64,
    user_id: i64,
    kind: NotificationKind,
) -> Result<Option<Recipient>, Error> {
    Ok(members_wanting(conn, organisation_id, kind)?.into_iter().find(|r| r.user_id == user_id))
}

/// A pending application that may switch to *avis non transmis* soon (R-TIME-2), with what a digest shows.
#[derive(Debug, Clone, Queryable)]
pub struct SwitchingSoon {
    pub application_reference: String,
    #[diesel(deserialize_as = Coded<ApplicationState>)]
    pub state: ApplicationState,
    pub session_reference: String,
    pub session_end: NaiveDate,
    pub trainer_organisation_id: i64,
    pub positioner_organisation_id: Option<i64>,
    pub responsible_organisation_id: i64,
    pub training_title: String,
}

impl SwitchingSoon {
    /// The session's role holders (R-ACC-3).
    pub fn parties(&self) -> domain::access::SessionParties {
        use domain::ids::OrganisationId;
        domain::access::SessionParties {
            responsible: OrganisationId(self.responsible_organisation_id),
            positioner: self.positioner_organisation_id.map(OrganisationId),
            trainer: OrganisationId(self.trainer_organisation_id),
        }
    }
}

/// Pending applications of sessions not cancelled that ended between `ended_from` and `ended_to` (both
/// included), by session then reference; the caller keeps those the rule selects.
pub fn pending_of_sessions_ended(
    conn: &mut Conn,
    ended_from: NaiveDate,
    ended_to: NaiveDate,
) -> Result<Vec<SwitchingSoon>, Error> {
    Ok(applications::table
        .inner_join(sessions::table.inner_join(trainings::table))
        .filter(applications::state.eq(Coded(ApplicationState::Pending)))
        .filter(sessions::cancelled.eq(false))
        .filter(sessions::end_date.ge(ended_from))
        .filter(sessions::end_date.le(ended_to))
        .order((sessions::end_date.asc(), sessions::reference.asc(), applications::reference.asc()))
        .select((
            applications::reference,
            applications::state,
            sessions::reference,
            sessions::end_date,
            sessions::trainer_organisation_id,
            sessions::positioner_organisation_id,
            trainings::responsible_organisation_id,
            trainings::title,
        ))
        .load(conn)?)
}

/// Records the digest of `organisation_id` for the week starting `week_start`; false when one was already
/// recorded (by this instance or another: the primary key decides, even between concurrent transactions).
pub fn record_digest(conn: &mut Conn, organisation_id: i64, week_start: NaiveDate) -> Result<bool, Error> {
    let insert = diesel::insert_into(mail_digests::table)
        .values((
            mail_digests::organisation_id.eq(organisation_id),
            mail_digests::week_start.eq(week_start),
            mail_digests::created_at.eq(super::now()),
        ))
        .on_conflict_do_nothing();
    super::insert_unless_present(conn, insert)
}
