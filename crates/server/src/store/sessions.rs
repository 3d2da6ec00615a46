//! The `sessions` table.

use chrono::NaiveDate;
use diesel::prelude::*;

use super::Error;
use super::training_words::{Words, held_in};
use crate::db::schema::sessions;
use crate::db::{Conn, MultiBackend};

/// A stored session: its id, the columns set at creation (`row.start_date` reads through to them), and
/// what changes with its life.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct SessionRow {
    pub id: i64,
    #[diesel(embed)]
    pub values: NewSessionRow,
    pub cancelled: bool,
    pub places_held: i32,
    pub retained: i32,
    pub version: i64,
    /// The start as the funder or the platform last set it (R-SES-3).
    pub published_start_date: NaiveDate,
}

impl std::ops::Deref for SessionRow {
    type Target = NewSessionRow;

    fn deref(&self) -> &NewSessionRow {
        &self.values
    }
}

/// Columns set at creation.
#[derive(Debug, Clone, Insertable, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct NewSessionRow {
    pub reference: String,
    pub training_id: i64,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub registration_deadline: NaiveDate,
    pub late_entry_deadline: NaiveDate,
    pub department: String,
    pub commune: String,
    pub trainer_organisation_id: i64,
    pub positioner_organisation_id: Option<i64>,
    pub comment: String,
    pub capacity: i32,
    pub coefficient: i32,
}

/// Columns a session change may set (`None` positioner writes NULL: the funder may remove it).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = sessions, treat_none_as_null = true)]
pub struct SessionChanges {
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub registration_deadline: NaiveDate,
    pub late_entry_deadline: NaiveDate,
    pub comment: String,
    pub capacity: i32,
    pub coefficient: i32,
    pub cancelled: bool,
    pub published_start_date: NaiveDate,
    pub trainer_organisation_id: i64,
    pub positioner_organisation_id: Option<i64>,
    pub department: String,
    pub commune: String,
}

impl SessionRow {
    pub fn changes(&self) -> SessionChanges {
        SessionChanges {
            start_date: self.start_date,
            end_date: self.end_date,
            registration_deadline: self.registration_deadline,
            late_entry_deadline: self.late_entry_deadline,
            comment: self.comment.clone(),
            capacity: self.capacity,
            coefficient: self.coefficient,
            cancelled: self.cancelled,
            published_start_date: self.published_start_date,
            trainer_organisation_id: self.trainer_organisation_id,
            positioner_organisation_id: self.positioner_organisation_id,
            department: self.department.clone(),
            commune: self.commune.clone(),
        }
    }
}

pub fn insert(conn: &mut Conn, row: &NewSessionRow) -> Result<(), Error> {
    let now = super::now();
    diesel::insert_into(sessions::table)
        .values((
            row,
            sessions::published_start_date.eq(row.start_date),
            sessions::created_at.eq(now),
            sessions::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn find(conn: &mut Conn, reference: &str) -> Result<Option<SessionRow>, Error> {
    Ok(sessions::table
        .filter(sessions::reference.eq(reference))
        .select(SessionRow::as_select())
        .first(conn)
        .optional()?)
}

/// The sessions of some trainings, by start date.
pub fn of_trainings(conn: &mut Conn, training_ids: &[i64]) -> Result<Vec<SessionRow>, Error> {
    of_trainings_ending_from(conn, training_ids, None)
}

/// The sessions of these trainings that end on `from` or later (all of them with `None`), by start.
pub fn of_trainings_ending_from(
    conn: &mut Conn,
    training_ids: &[i64],
    from: Option<NaiveDate>,
) -> Result<Vec<SessionRow>, Error> {
    let mut rows = Vec::new();
    // Bounded IN lists: SQLite limits bound parameters per statement.
    for chunk in training_ids.chunks(500) {
        let mut query = sessions::table.filter(sessions::training_id.eq_any(chunk)).into_boxed();
        if let Some(from) = from {
            query = query.filter(sessions::end_date.ge(from));
        }
        rows.extend(
            query
                .order((sessions::start_date.asc(), sessions::reference.asc()))
                .select(SessionRow::as_select())
                .load::<SessionRow>(conn)?,
        );
    }
    Ok(rows)
}

/// Writes a change only if nobody changed the session since `expected_version` was read; returns
/// whether it did (optimistic locking: two editors cannot overwrite each other).
pub fn update_if_version(
    conn: &mut Conn,
    id: i64,
    expected_version: i64,
    changes: &SessionChanges,
) -> Result<bool, Error> {
    let written =
        diesel::update(sessions::table.filter(sessions::id.eq(id)).filter(sessions::version.eq(expected_version)))
            .set((changes, sessions::version.eq(expected_version + 1), sessions::updated_at.eq(super::now())))
            .execute(conn)?;
    Ok(written == 1)
}

pub fn reference_taken(conn: &mut Conn, reference: &str) -> Result<bool, Error> {
    Ok(find(conn, reference)?.is_some())
}

pub fn find_by_id(conn: &mut Conn, id: i64) -> Result<Option<SessionRow>, Error> {
    Ok(sessions::table.find(id).select(SessionRow::as_select()).first(conn).optional()?)
}

/// Filters of the public availability search (R-LIST-4).
#[derive(Debug, Clone, Default)]
pub struct AvailabilityFilter {
    pub department: Option<String>,
    pub commune: Option<String>,
    pub start_from: Option<NaiveDate>,
    pub start_to: Option<NaiveDate>,
    pub text: Option<String>,
}

/// Sessions of published trainings still taking applications on `today` with a free place (the domain's
/// criteria), soonest first; the domain makes the final call on each.
pub fn available(
    conn: &mut Conn,
    filter: &AvailabilityFilter,
    today: NaiveDate,
    limit: i64,
) -> Result<Vec<SessionRow>, Error> {
    use crate::store::organisations::{containing, lower};
    let criteria = domain::session::StateCriteria::accepting_applications(today);
    let mut query = super::session_list::in_state(sessions::table.into_boxed(), &criteria);
    // The session's own copy of its training's publication: the accepting sessions' index then drives the
    // query (a subquery on trainings made SQLite walk every published training first).
    query = query.filter(sessions::published.eq(true));
    if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        query = match held_in(conn, "sessions.training_id", Words::TitleObjective, text) {
            Some(held) => query.filter(held),
            None => query.filter(training_worded(containing(text))),
        };
    }
    if let Some(department) = filter.department.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        query = query.filter(sessions::department.eq(department.to_uppercase()));
    }
    if let Some(commune) = filter.commune.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
        query = query.filter(lower(sessions::commune).like(containing(commune)).escape('\\'));
    }
    if let Some(from) = filter.start_from {
        query = query.filter(sessions::start_date.ge(from));
    }
    if let Some(to) = filter.start_to {
        query = query.filter(sessions::start_date.le(to));
    }
    // The sessions still taking applications are the live offer (a few thousand, whatever the years of history
    // behind them): read from the late-entry deadline's index and sorted here. Asked for in start order, both
    // databases walked every session from the oldest start instead (0.5 s at 60,000 sessions).
    let mut open: Vec<(NaiveDate, String, i64)> =
        query.select((sessions::start_date, sessions::reference, sessions::id)).load(conn)?;
    open.sort_unstable();
    open.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let ids: Vec<i64> = open.into_iter().map(|(.., id)| id).collect();
    let mut rows: Vec<SessionRow> = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        rows.extend(sessions::table.filter(sessions::id.eq_any(chunk)).select(SessionRow::as_select()).load(conn)?);
    }
    rows.sort_by(|a, b| (a.start_date, &a.reference).cmp(&(b.start_date, &b.reference)));
    Ok(rows)
}

/// The session's training has `pattern` in its title or objective, where no trigram index answers it: probed
/// by the training's key for each session taking applications (6,300 at a million applications), rather than
/// matched in every published training first (12,700, each objective read from its row; twice the time on
/// SQLite). SQL text, as diesel's subqueries cannot name the outer table; `published` on the session already
/// says its training is published.
fn training_worded(
    pattern: String,
) -> diesel::expression::SqlLiteral<diesel::sql_types::Bool, impl diesel::query_builder::QueryFragment<MultiBackend>> {
    use diesel::sql_types::Text;
    diesel::dsl::sql::<diesel::sql_types::Bool>(
        "EXISTS (SELECT 1 FROM trainings worded WHERE worded.id = sessions.training_id AND (lower(worded.title) LIKE ",
    )
    .bind::<Text, _>(pattern.clone())
    .sql(" ESCAPE '\\' OR lower(worded.objective) LIKE ")
    .bind::<Text, _>(pattern)
    .sql(" ESCAPE '\\'))")
}

/// Sessions that ended before `today` and still have pending applications (places held beyond the retained).
pub fn with_pending_ended_before(conn: &mut Conn, today: NaiveDate) -> Result<Vec<SessionRow>, Error> {
    Ok(sessions::table
        .filter(sessions::end_date.lt(today))
        .filter(sessions::places_held.gt(sessions::retained))
        .order(sessions::end_date.asc())
        .select(SessionRow::as_select())
        .load(conn)?)
}

/// The session imported from this LHEO `session` id, with the values last imported (JSON).
pub fn find_by_lheo_id(conn: &mut Conn, lheo_id: &str) -> Result<Option<(SessionRow, Option<String>)>, Error> {
    Ok(sessions::table
        .filter(sessions::lheo_session_id.eq(lheo_id))
        .select((SessionRow::as_select(), sessions::lheo_imported))
        .first(conn)
        .optional()?)
}

/// Links a session to its LHEO ids and keeps the values just imported, leaving `updated_at` and the version.
pub fn set_lheo(conn: &mut Conn, id: i64, action_id: &str, session_id: &str, imported: &str) -> Result<(), Error> {
    diesel::update(sessions::table.find(id))
        .set((
            sessions::lheo_action_id.eq(action_id),
            sessions::lheo_session_id.eq(session_id),
            sessions::lheo_imported.eq(imported),
        ))
        .execute(conn)?;
    Ok(())
}

/// A session the LHEO export publishes, with its LHEO ids.
pub type ExportedSession = (SessionRow, Option<String>, Option<String>);

/// The sessions of these trainings not cancelled and not ended before `today`, by start: what the export
/// publishes.
pub fn open_of_trainings(
    conn: &mut Conn,
    training_ids: &[i64],
    today: NaiveDate,
) -> Result<Vec<ExportedSession>, Error> {
    let mut rows = Vec::new();
    for chunk in training_ids.chunks(500) {
        rows.extend(
            sessions::table
                .filter(sessions::training_id.eq_any(chunk))
                .filter(sessions::cancelled.eq(false))
                .filter(sessions::end_date.ge(today))
                .order((sessions::start_date.asc(), sessions::reference.asc()))
                .select((SessionRow::as_select(), sessions::lheo_action_id, sessions::lheo_session_id))
                .load::<ExportedSession>(conn)?,
        );
    }
    Ok(rows)
}
