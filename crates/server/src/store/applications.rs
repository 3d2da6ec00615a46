//! The `applications` and `candidates` tables. The session's counters (R-QUOTA-2) are written by the database's
//! triggers from the applications themselves, never by this code.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::application::ApplicationState;
use domain::decision::AutomaticNotRetained;

use super::{Coded, Error, MaybeCoded};
use crate::db::Conn;
use crate::db::schema::{applications, candidates, sessions};
use crate::store::sessions::SessionRow;

/// A stored application.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = applications)]
pub struct ApplicationRow {
    pub id: i64,
    pub reference: String,
    pub session_id: i64,
    pub candidate_id: i64,
    pub identity_key: String,
    pub prescriber_organisation_id: i64,
    pub prescriber_user_id: i64,
    pub from_france_travail: bool,
    pub presentation: String,
    pub received_at: NaiveDateTime,
    pub late_entry: bool,
    #[diesel(deserialize_as = Coded<ApplicationState>)]
    pub state: ApplicationState,
    pub decision_draft: String,
    pub invites_count: i32,
    pub last_invite_result: Option<String>,
    pub planned_entry_date: Option<NaiveDate>,
    pub decided_at: Option<NaiveDateTime>,
    #[diesel(deserialize_as = MaybeCoded<AutomaticNotRetained>)]
    pub decision_automatic: Option<AutomaticNotRetained>,
}

/// A stored candidate.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = candidates)]
pub struct CandidateRow {
    #[diesel(skip_insertion)]
    pub id: i64,
    pub identity_key: String,
    pub last_name: String,
    pub first_name: String,
    pub birth_date: NaiveDate,
    pub email: String,
    pub phone: String,
    pub postcode: String,
    pub city: String,
    pub france_travail_id: Option<String>,
    pub education_level: String,
    pub last_diploma: String,
    pub employment_situation: String,
    pub job_seeker_since: Option<NaiveDate>,
    #[diesel(skip_insertion)]
    pub anonymised_at: Option<NaiveDateTime>,
}

impl CandidateRow {
    /// The candidate's data as the domain and the API read it.
    pub fn input(self) -> domain::application::CandidateInput {
        domain::application::CandidateInput {
            last_name: self.last_name,
            first_name: self.first_name,
            birth_date: Some(self.birth_date),
            email: self.email,
            phone: self.phone,
            postcode: self.postcode,
            city: self.city,
            france_travail_id: self.france_travail_id,
            education_level: self.education_level,
            last_diploma: self.last_diploma,
            employment_situation: self.employment_situation,
            job_seeker_since: self.job_seeker_since,
        }
    }

    /// Where the candidate sorts in a list by name (R-LIST-2).
    pub fn sort_key(&self) -> String {
        domain::application::candidate::sort_key(&self.last_name, &self.first_name)
    }

    /// The row of a candidate the domain has checked (R-APP-1), to insert.
    pub fn of(candidate: &domain::application::Candidate) -> Self {
        let data = candidate.data();
        Self {
            id: 0,
            identity_key: candidate.identity_key(),
            last_name: data.last_name.clone(),
            first_name: data.first_name.clone(),
            birth_date: candidate.birth_date(),
            email: data.email.clone(),
            phone: data.phone.clone(),
            postcode: data.postcode.clone(),
            city: data.city.clone(),
            france_travail_id: data.france_travail_id.clone(),
            education_level: data.education_level.clone(),
            last_diploma: data.last_diploma.clone(),
            employment_situation: data.employment_situation.clone(),
            job_seeker_since: data.job_seeker_since,
            anonymised_at: None,
        }
    }
}

/// Columns of a new application.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = applications)]
pub struct NewApplicationRow {
    pub reference: String,
    pub session_id: i64,
    pub candidate_id: i64,
    pub identity_key: String,
    /// The candidate's place in a list by name ([`domain::application::CandidateInput::sort_key`]).
    pub candidate_sort: String,
    pub prescriber_organisation_id: i64,
    pub prescriber_user_id: i64,
    pub from_france_travail: bool,
    pub presentation: String,
    pub received_at: NaiveDateTime,
    pub late_entry: bool,
    #[diesel(serialize_as = Coded<ApplicationState>)]
    pub state: ApplicationState,
    pub updated_at: NaiveDateTime,
    #[diesel(embed)]
    pub session_copy: SessionCopy,
}

/// What an application copies from its session so its lists page through one index (migration
/// `application_lists`); the database's triggers keep the copy right when the session or training changes.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = applications)]
pub struct SessionCopy {
    pub responsible_organisation_id: i64,
    pub trainer_organisation_id: i64,
    pub positioner_organisation_id: Option<i64>,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
}

impl SessionCopy {
    /// The copy for an application to `session` of a training held by `responsible_organisation_id`.
    #[must_use]
    pub fn of(session: &super::sessions::NewSessionRow, responsible_organisation_id: i64) -> Self {
        Self {
            responsible_organisation_id,
            trainer_organisation_id: session.trainer_organisation_id,
            positioner_organisation_id: session.positioner_organisation_id,
            session_start: session.start_date,
            session_end: session.end_date,
        }
    }
}

/// The stored form of a decision draft and the list columns derived from it.
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = applications, treat_none_as_null = true)]
pub struct DraftColumns {
    pub decision_draft: String,
    pub invites_count: i32,
    pub last_invite_result: Option<String>,
    pub planned_entry_date: Option<NaiveDate>,
}

/// Inserts the candidate and returns its id, as the database gave it to this very row: the same person may be
/// written by concurrent intakes.
pub fn insert_candidate(conn: &mut Conn, candidate: &CandidateRow) -> Result<i64, Error> {
    Ok(diesel::insert_into(candidates::table).values(candidate).returning(candidates::id).get_result(conn)?)
}

/// The columns of a row type, for a `RETURNING` clause (the multi-backend connection takes no `as_returning`).
fn columns<T: Selectable<<crate::db::AnyConnection as Connection>::Backend>>() -> T::SelectExpression {
    T::construct_selection()
}

/// Writes the application and reads it back in the same statement.
pub fn insert(conn: &mut Conn, row: NewApplicationRow) -> Result<ApplicationRow, Error> {
    Ok(diesel::insert_into(applications::table).values(row).returning(columns::<ApplicationRow>()).get_result(conn)?)
}

pub fn find(conn: &mut Conn, reference: &str) -> Result<Option<ApplicationRow>, Error> {
    Ok(applications::table
        .filter(applications::reference.eq(reference))
        .select(ApplicationRow::as_select())
        .first(conn)
        .optional()?)
}

pub fn candidate(conn: &mut Conn, id: i64) -> Result<CandidateRow, Error> {
    Ok(candidates::table.find(id).select(CandidateRow::as_select()).first(conn)?)
}

/// Whether this person holds a live application on the session (R-APP-1).
pub fn has_live(conn: &mut Conn, session_id: i64, identity_key: &str) -> Result<bool, Error> {
    let live = [ApplicationState::Pending.code(), ApplicationState::Retained.code()];
    let count: i64 = applications::table
        .filter(applications::session_id.eq(session_id))
        .filter(applications::identity_key.eq(identity_key))
        .filter(applications::state.eq_any(live))
        .count()
        .get_result(conn)?;
    Ok(count > 0)
}

/// All applications of one person, newest first.
pub fn of_identity(conn: &mut Conn, identity_key: &str) -> Result<Vec<ApplicationRow>, Error> {
    Ok(applications::table
        .filter(applications::identity_key.eq(identity_key))
        .order(applications::received_at.desc())
        .select(ApplicationRow::as_select())
        .load(conn)?)
}

/// Answered from the reference's unique index alone (an intake asks it in SQLite's one writer).
pub fn reference_taken(conn: &mut Conn, reference: &str) -> Result<bool, Error> {
    let taken = applications::table.filter(applications::reference.eq(reference)).select(applications::id);
    Ok(diesel::select(diesel::dsl::exists(taken)).get_result(conn)?)
}

/// Saves a draft only while the application is pending; returns whether it did.
pub fn save_draft(conn: &mut Conn, id: i64, columns: &DraftColumns) -> Result<bool, Error> {
    let written = diesel::update(
        applications::table
            .filter(applications::id.eq(id))
            .filter(applications::state.eq(Coded(ApplicationState::Pending))),
    )
    .set((columns, applications::updated_at.eq(super::now())))
    .execute(conn)?;
    Ok(written == 1)
}

/// Moves a pending application to a final state; returns whether it was still pending.
pub fn finalise(
    conn: &mut Conn,
    id: i64,
    state: ApplicationState,
    automatic: Option<AutomaticNotRetained>,
    draft: Option<&DraftColumns>,
) -> Result<bool, Error> {
    let target = applications::table
        .filter(applications::id.eq(id))
        .filter(applications::state.eq(Coded(ApplicationState::Pending)));
    let now = super::now();
    if let Some(columns) = draft {
        diesel::update(target).set(columns).execute(conn)?;
    }
    let written = diesel::update(target)
        .set((
            applications::state.eq(Coded(state)),
            applications::decided_at.eq(Some(now)),
            applications::decision_automatic.eq(automatic.map(Coded)),
            applications::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(written == 1)
}

/// Every pending application of these sessions moves to `state` in one statement (R-TIME-1's job); returns
/// their references for the audit.
pub fn finalise_pending_of_sessions(
    conn: &mut Conn,
    session_ids: &[i64],
    state: ApplicationState,
) -> Result<Vec<String>, Error> {
    let now = super::now();
    Ok(diesel::update(
        applications::table
            .filter(applications::session_id.eq_any(session_ids))
            .filter(applications::state.eq(Coded(ApplicationState::Pending))),
    )
    .set((
        applications::state.eq(Coded(state)),
        applications::decided_at.eq(Some(now)),
        applications::decision_automatic.eq(None::<Coded<AutomaticNotRetained>>),
        applications::updated_at.eq(now),
    ))
    .returning(applications::reference)
    .get_results(conn)?)
}

/// [`lock_session`] for a session `found` earlier in the same write transaction, with nothing written to it
/// since: on SQLite, where that transaction has held the write lock from its start, `found` is already what
/// [`lock_session`] would read again (an intake's reads run in SQLite's one writer: 61 µs saved of each).
pub fn lock_found_session(conn: &mut Conn, found: SessionRow) -> Result<Option<SessionRow>, Error> {
    if matches!(**conn, crate::db::AnyConnection::Sqlite(_)) {
        return Ok(Some(found));
    }
    lock_session(conn, found.id)
}

/// Takes the session's write lock for the rest of the transaction: a row lock on PostgreSQL. Intakes and
/// decisions of one session then run one after the other, so counts read afterwards are exact (R-QUOTA-3,
/// R-QUOTA-4). Answers the session as it is under the lock, in the same round trip (`None` if it is gone).
///
/// On SQLite the write transaction ([`crate::db::write_transaction`]) began with `BEGIN IMMEDIATE` and holds
/// the database's one write lock already, so the session is only read: the update that took the lock rewrote
/// the row and ran its trigger at every intake (0.28 ms of 2.2 at a million applications). Read in a
/// transaction that had not taken the lock, its counts could be stale, but SQLite then refuses that
/// transaction's first write (`SQLITE_BUSY_SNAPSHOT`): never a decision on stale counts.
pub fn lock_session(conn: &mut Conn, session_id: i64) -> Result<Option<SessionRow>, Error> {
    if matches!(**conn, crate::db::AnyConnection::Sqlite(_)) {
        return Ok(sessions::table.find(session_id).select(SessionRow::as_select()).first(conn).optional()?);
    }
    Ok(diesel::update(sessions::table.find(session_id))
        .set(sessions::places_held.eq(sessions::places_held))
        .returning(columns::<SessionRow>())
        .get_result(conn)
        .optional()?)
}

/// Every application of a session in a live state, for cancellation.
pub fn live_of_session(conn: &mut Conn, session_id: i64) -> Result<Vec<ApplicationRow>, Error> {
    let live = [ApplicationState::Pending.code(), ApplicationState::Retained.code()];
    Ok(applications::table
        .filter(applications::session_id.eq(session_id))
        .filter(applications::state.eq_any(live))
        .select(ApplicationRow::as_select())
        .load(conn)?)
}

/// Applications of a session by reference (others are ignored).
pub fn of_session_by_references(
    conn: &mut Conn,
    session_id: i64,
    references: &[String],
) -> Result<Vec<ApplicationRow>, Error> {
    Ok(applications::table
        .filter(applications::session_id.eq(session_id))
        .filter(applications::reference.eq_any(references))
        .select(ApplicationRow::as_select())
        .load(conn)?)
}

/// Candidates not yet anonymised whose session ended on or before `ended_by`: (candidate id, application
/// reference, session end).
pub fn candidates_ended_by(conn: &mut Conn, ended_by: NaiveDate) -> Result<Vec<(i64, String, NaiveDate)>, Error> {
    Ok(applications::table
        .inner_join(candidates::table)
        .inner_join(sessions::table)
        .filter(candidates::anonymised_at.is_null())
        .filter(sessions::end_date.le(ended_by))
        .select((candidates::id, applications::reference, sessions::end_date))
        .load(conn)?)
}

/// Replaces a candidate's personal data by what anonymisation keeps (R-GDPR-2); returns the sort key of what is
/// kept when it did, `None` when the candidate already was.
pub fn anonymise_candidate(conn: &mut Conn, id: i64) -> Result<Option<String>, Error> {
    let row = candidate(conn, id)?;
    let birth = row.birth_date;
    let kept = row.input().anonymised();
    let sort_key = kept.sort_key();
    let changed = diesel::update(candidates::table.find(id).filter(candidates::anonymised_at.is_null()))
        .set((
            candidates::identity_key.eq(format!("anonymised:{id}")),
            candidates::last_name.eq(kept.last_name),
            candidates::first_name.eq(kept.first_name),
            candidates::birth_date.eq(kept.birth_date.unwrap_or(birth)),
            candidates::email.eq(kept.email),
            candidates::phone.eq(kept.phone),
            candidates::postcode.eq(kept.postcode),
            candidates::city.eq(kept.city),
            candidates::france_travail_id.eq(kept.france_travail_id),
            candidates::job_seeker_since.eq(kept.job_seeker_since),
            candidates::anonymised_at.eq(Some(super::now())),
        ))
        .execute(conn)?;
    Ok((changed == 1).then_some(sort_key))
}

/// Cuts an application from its person (the identity key links it to their other applications) and erases what
/// was written about them: the presentation, and the decision draft replaced by its anonymised form
/// (R-GDPR-2), and its place in the lists by name moves to where the anonymised name sorts. One update, the only
/// change R-AVIS-6's backstop lets through on a final decision.
pub fn anonymise_application(
    conn: &mut Conn,
    id: i64,
    candidate_id: i64,
    candidate_sort: &str,
    anonymised_draft: &str,
) -> Result<(), Error> {
    diesel::update(applications::table.find(id))
        .set((
            applications::identity_key.eq(format!("anonymised:{candidate_id}")),
            applications::candidate_sort.eq(candidate_sort),
            applications::presentation.eq(""),
            applications::decision_draft.eq(anonymised_draft),
        ))
        .execute(conn)?;
    Ok(())
}
