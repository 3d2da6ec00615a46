//! Filtered, sorted, paginated application lists (R-LIST-2, R-LIST-3) with their counts per state.
//!
//! Every filter maps to an indexed column; pages are ordered by (received_at, id) so the order is total.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::access::SessionRole;
use domain::application::ApplicationState;
use domain::time_rules::SessionEnds;

use super::{Coded, Error};
use crate::db::Conn;
use crate::db::schema::{applications, candidates, sessions, trainings};

/// Whose applications.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// One session's (its parties already checked).
    Session(i64),
    /// A training organisation's, through one role or any.
    Organisation { id: i64, role: Option<SessionRole> },
    /// A prescriber's own.
    Prescriber(i64),
}

pub use contract::Sort;

/// The filters of a list.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub state: Option<ApplicationState>,
    pub text: Option<String>,
    /// The session ends of a tab (R-TIME-4, bounds from the domain).
    pub period: Option<SessionEnds>,
    pub start_from: Option<NaiveDate>,
    pub start_to: Option<NaiveDate>,
    pub end_from: Option<NaiveDate>,
    pub end_to: Option<NaiveDate>,
    /// Received on or after this day.
    pub received_from: Option<NaiveDate>,
    /// Only sessions of published trainings (the dashboard's "publiées et non archivées").
    pub published_only: bool,
    pub sort: Sort,
}

/// One listed application with what its row shows.
#[derive(Debug, Clone, Queryable)]
pub struct Listed {
    pub id: i64,
    pub reference: String,
    pub received_at: NaiveDateTime,
    #[diesel(deserialize_as = Coded<ApplicationState>)]
    pub state: ApplicationState,
    pub late_entry: bool,
    pub invites_count: i32,
    pub last_invite_result: Option<String>,
    pub planned_entry_date: Option<NaiveDate>,
    pub prescriber_organisation_id: i64,
    pub last_name: String,
    pub first_name: String,
    pub email: String,
    pub phone: String,
    pub session_reference: String,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub trainer_organisation_id: i64,
    pub positioner_organisation_id: Option<i64>,
    pub training_title: String,
    pub responsible_organisation_id: i64,
}

/// One page of a list.
#[derive(Debug, Clone)]
pub struct Page {
    pub rows: Vec<Listed>,
    /// Rows matching every filter, across pages.
    pub total: u64,
    /// Rows per state, matching every filter but the state.
    pub counts: Vec<(ApplicationState, u64)>,
}

macro_rules! filtered {
    ($scope:expr, $filter:expr, $with_state:expr) => {{
        let mut query = applications::table
            .inner_join(candidates::table)
            .inner_join(sessions::table.inner_join(trainings::table))
            .into_boxed();
        query = match $scope {
            Scope::Session(id) => query.filter(applications::session_id.eq(id)),
            Scope::Prescriber(id) => query.filter(applications::prescriber_organisation_id.eq(id)),
            Scope::Organisation { id, role: Some(SessionRole::Responsible) } => {
                query.filter(trainings::responsible_organisation_id.eq(id))
            }
            Scope::Organisation { id, role: Some(SessionRole::Positioner) } => {
                query.filter(sessions::positioner_organisation_id.eq(id))
            }
            Scope::Organisation { id, role: Some(SessionRole::Trainer) } => {
                query.filter(sessions::trainer_organisation_id.eq(id))
            }
            Scope::Organisation { id, role: None } => query.filter(
                trainings::responsible_organisation_id
                    .eq(id)
                    .or(sessions::positioner_organisation_id.eq(id))
                    .or(sessions::trainer_organisation_id.eq(id)),
            ),
        };
        let filter: &Filter = $filter;
        if $with_state {
            if let Some(state) = filter.state {
                query = query.filter(applications::state.eq(state.code()));
            }
        }
        if let Some(SessionEnds { from, before }) = filter.period {
            if let Some(d) = from {
                query = query.filter(sessions::end_date.ge(d));
            }
            if let Some(d) = before {
                query = query.filter(sessions::end_date.lt(d));
            }
        }
        if let Some(d) = filter.start_from {
            query = query.filter(sessions::start_date.ge(d));
        }
        if let Some(d) = filter.start_to {
            query = query.filter(sessions::start_date.le(d));
        }
        if let Some(d) = filter.end_from {
            query = query.filter(sessions::end_date.ge(d));
        }
        if let Some(d) = filter.end_to {
            query = query.filter(sessions::end_date.le(d));
        }
        if let Some(day) = filter.received_from {
            query = query.filter(applications::received_at.ge(day.and_time(chrono::NaiveTime::MIN)));
        }
        if filter.published_only {
            query = query.filter(trainings::publication.eq(domain::training::Publication::Published.code()));
        }
        if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            use super::organisations::{escape_like, lower};
            let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
            query = query.filter(
                lower(candidates::last_name)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(lower(candidates::first_name).like(pattern.clone()).escape('\\'))
                    .or(lower(candidates::email).like(pattern.clone()).escape('\\'))
                    .or(applications::reference.like(pattern.clone()).escape('\\'))
                    .or(sessions::reference.like(pattern.clone()).escape('\\'))
                    .or(lower(trainings::title).like(pattern).escape('\\')),
            );
        }
        query
    }};
}

/// One page of rows, without counts (exports).
pub fn rows(conn: &mut Conn, scope: Scope, filter: &Filter, page: u32, per_page: u32) -> Result<Vec<Listed>, Error> {
    let offset = i64::from(page.saturating_sub(1)) * i64::from(per_page);
    let query = filtered!(scope, filter, true);
    let query = match filter.sort {
        Sort::ReceivedDesc => query.order((applications::received_at.desc(), applications::id.desc())),
        Sort::ReceivedAsc => query.order((applications::received_at.asc(), applications::id.asc())),
        Sort::Candidate => {
            query.order((candidates::last_name.asc(), candidates::first_name.asc(), applications::id.asc()))
        }
        Sort::SessionStart => {
            query.order((sessions::start_date.asc(), applications::received_at.desc(), applications::id.desc()))
        }
    };
    Ok(query
        .limit(i64::from(per_page))
        .offset(offset)
        .select((
            applications::id,
            applications::reference,
            applications::received_at,
            applications::state,
            applications::late_entry,
            applications::invites_count,
            applications::last_invite_result,
            applications::planned_entry_date,
            applications::prescriber_organisation_id,
            candidates::last_name,
            candidates::first_name,
            candidates::email,
            candidates::phone,
            sessions::reference,
            sessions::start_date,
            sessions::end_date,
            sessions::trainer_organisation_id,
            sessions::positioner_organisation_id,
            trainings::title,
            trainings::responsible_organisation_id,
        ))
        .load::<Listed>(conn)?)
}

/// A page of applications, the total, and the count per state (all filters but the state).
pub fn page(conn: &mut Conn, scope: Scope, filter: &Filter, page: u32, per_page: u32) -> Result<Page, Error> {
    let rows = rows(conn, scope, filter, page, per_page)?;
    let total = total(conn, scope, filter)?;
    Ok(Page { rows, total, counts: counts(conn, scope, filter)? })
}

/// The end dates of the sessions of the filtered applications (for rules computed by the domain per row).
pub fn session_ends(conn: &mut Conn, scope: Scope, filter: &Filter) -> Result<Vec<NaiveDate>, Error> {
    Ok(filtered!(scope, filter, true).select(sessions::end_date).load(conn)?)
}

/// One indexed count per state (boxed queries cannot be grouped).
pub fn counts(conn: &mut Conn, scope: Scope, filter: &Filter) -> Result<Vec<(ApplicationState, u64)>, Error> {
    let mut counts = Vec::with_capacity(ApplicationState::ALL.len());
    for state in ApplicationState::ALL {
        let count: i64 =
            filtered!(scope, filter, false).filter(applications::state.eq(state.code())).count().get_result(conn)?;
        counts.push((state, super::count(count, "application count")?));
    }
    Ok(counts)
}

/// Rows matching every filter.
pub fn total(conn: &mut Conn, scope: Scope, filter: &Filter) -> Result<u64, Error> {
    let count: i64 = filtered!(scope, filter, true).count().get_result(conn)?;
    super::count(count, "application count")
}
