//! The e-mail a change sends (issue 12), written into the outbox in the change's own transaction: who receives
//! it is decided by the domain (R-MAIL-1..3) from the memberships and preferences read here.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::application::ApplicationState;
use domain::notifications::{NotificationKind, digest_week, prescribers_to_tell};
use domain::time_rules::{DECISION_GRACE_DAYS, SWITCH_WARNING_DAYS, switch_date, switches_within_15_days};

use crate::db::Conn;
use crate::error::ApiError;
use crate::mail::messages::{self, DigestLine, NewDates, SessionFacts};
use crate::mail::{About, Mail, enqueue_about};
use crate::store;
use crate::store::applications::ApplicationRow;
use crate::store::notifications::Recipient;
use crate::store::sessions::SessionRow;
use crate::store::trainings::TrainingRow;

fn facts<'a>(session: &'a SessionRow, training: &'a TrainingRow) -> SessionFacts<'a> {
    SessionFacts {
        reference: &session.reference,
        training_title: &training.title,
        start: session.start_date,
        end: session.end_date,
    }
}

fn send(conn: &mut Conn, kind: NotificationKind, application_id: Option<i64>, mail: &Mail) -> Result<(), ApiError> {
    let event_type = format!("mail.{}", kind.code());
    enqueue_about(conn, mail, About { kind: Some(&event_type), application_id })?;
    Ok(())
}

/// The organisation that decides on the session's applications (R-ACC-3).
fn decider(session: &SessionRow, training: &TrainingRow) -> i64 {
    crate::service::offer::parties(training, session).decider().0
}

/// Who hears of a new application on the session: the deciding organisation's members who want it. Read before
/// the session is locked, so the lock covers fewer statements.
pub fn new_application_recipients(
    conn: &mut Conn,
    session: &SessionRow,
    training: &TrainingRow,
) -> Result<Vec<Recipient>, ApiError> {
    Ok(store::notifications::members_wanting(conn, decider(session, training), NotificationKind::NewApplication)?)
}

/// A pending application arrived: `recipients` ([`new_application_recipients`]) hear of it.
pub fn application_received(
    conn: &mut Conn,
    public_url: &str,
    recipients: Vec<Recipient>,
    application: &ApplicationRow,
    session: &SessionRow,
    training: &TrainingRow,
) -> Result<(), ApiError> {
    if application.state != ApplicationState::Pending {
        return Ok(());
    }
    let kind = NotificationKind::NewApplication;
    for Recipient { email, .. } in recipients {
        let mail = messages::new_application(
            public_url,
            &email,
            &application.reference,
            &facts(session, training),
            application.late_entry,
        );
        send(conn, kind, Some(application.id), &mail)?;
    }
    Ok(())
}

/// A decision was validated: the prescriber who sent the application hears of it, if still a member.
pub fn decision_validated(
    conn: &mut Conn,
    public_url: &str,
    application: &ApplicationRow,
    session: &SessionRow,
    training: &TrainingRow,
    state: ApplicationState,
) -> Result<(), ApiError> {
    let kind = NotificationKind::DecisionValidated;
    let (organisation, user) = (application.prescriber_organisation_id, application.prescriber_user_id);
    if let Some(Recipient { email, .. }) = store::notifications::member_wanting(conn, organisation, user, kind)? {
        let mail =
            messages::decision_validated(public_url, &email, &application.reference, &facts(session, training), state);
        send(conn, kind, Some(application.id), &mail)?;
    }
    Ok(())
}

/// The live applications of the session by prescriber organisation, for those the domain says hear of a
/// change of the session (R-MAIL-2).
fn live_by_prescriber(conn: &mut Conn, session: &SessionRow) -> Result<BTreeMap<i64, Vec<String>>, ApiError> {
    let rows = store::applications::live_of_session(conn, session.id)?;
    let states: Vec<(i64, ApplicationState)> = rows.iter().map(|r| (r.prescriber_organisation_id, r.state)).collect();
    let told = prescribers_to_tell(&states);
    let mut by_prescriber: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for row in rows {
        if told.contains(&row.prescriber_organisation_id) {
            by_prescriber.entry(row.prescriber_organisation_id).or_default().push(row.reference);
        }
    }
    for references in by_prescriber.values_mut() {
        references.sort();
    }
    Ok(by_prescriber)
}

/// The session's dates changed (R-SES-3): every prescriber organisation with a live application on it hears.
pub fn session_rescheduled(
    conn: &mut Conn,
    public_url: &str,
    session: &SessionRow,
    training: &TrainingRow,
) -> Result<(), ApiError> {
    let kind = NotificationKind::SessionRescheduled;
    let dates = NewDates {
        registration_deadline: session.registration_deadline,
        late_entry_deadline: session.late_entry_deadline,
    };
    for (organisation, references) in live_by_prescriber(conn, session)? {
        for Recipient { email, .. } in store::notifications::members_wanting(conn, organisation, kind)? {
            let mail = messages::session_rescheduled(public_url, &email, &facts(session, training), dates, &references);
            send(conn, kind, None, &mail)?;
        }
    }
    Ok(())
}

/// The session is being cancelled (called before its applications are refused, to know whose they were).
pub fn session_cancelled(
    conn: &mut Conn,
    public_url: &str,
    session: &SessionRow,
    training: &TrainingRow,
) -> Result<(), ApiError> {
    let kind = NotificationKind::SessionCancelled;
    for (organisation, references) in live_by_prescriber(conn, session)? {
        for Recipient { email, .. } in store::notifications::members_wanting(conn, organisation, kind)? {
            let mail = messages::session_cancelled(public_url, &email, &facts(session, training), &references);
            send(conn, kind, None, &mail)?;
        }
    }
    Ok(())
}

/// The applications each deciding organisation should hear of this week (R-TIME-2, R-MAIL-3).
pub fn digests_due(conn: &mut Conn, today: NaiveDate) -> Result<BTreeMap<i64, Vec<DigestLine>>, ApiError> {
    // Switch dates from today to today + 15 days are the ends from today − 21 to today − 6 days.
    let back = |days: u64| today.checked_sub_days(chrono::Days::new(days)).unwrap_or(NaiveDate::MIN);
    let (from, to) = (back(DECISION_GRACE_DAYS), back(DECISION_GRACE_DAYS - SWITCH_WARNING_DAYS));
    let mut due: BTreeMap<i64, Vec<DigestLine>> = BTreeMap::new();
    for row in store::notifications::pending_of_sessions_ended(conn, from, to)? {
        if !switches_within_15_days(row.state, row.session_end, today) {
            continue;
        }
        let decider = row.parties().decider().0;
        due.entry(decider).or_default().push(DigestLine {
            application_reference: row.application_reference,
            session_reference: row.session_reference,
            training_title: row.training_title,
            switch_date: switch_date(row.session_end),
        });
    }
    Ok(due)
}

/// Writes the week's digest of one organisation, unless one was already written this week (by any instance);
/// returns how many messages it wrote.
pub fn weekly_digest(
    conn: &mut Conn,
    public_url: &str,
    organisation_id: i64,
    today: NaiveDate,
    lines: &[DigestLine],
) -> Result<usize, ApiError> {
    let week = digest_week(today);
    if lines.is_empty() || !store::notifications::record_digest(conn, organisation_id, week)? {
        return Ok(0);
    }
    let kind = NotificationKind::WeeklyDigest;
    let recipients = store::notifications::members_wanting(conn, organisation_id, kind)?;
    for Recipient { email, .. } in &recipients {
        send(conn, kind, None, &messages::weekly_digest(public_url, email, week, lines))?;
    }
    Ok(recipients.len())
}
