//! "Gestion des formations" in SQL (R-TRN-4): a tab's filter, the order and the page limit run in the
//! database, the tabs coming as the domain's criteria.
//!
//! An organisation's trainings are those it is responsible for or funds, and those of the sessions it trains
//! or positions (R-ACC-3): read first from one index per role (never an OR over a join), like the trainings
//! with alerts, whose sessions are found by their end date.

use diesel::prelude::*;
use domain::training::{AlertCriteria, Certification, CertificationStatus, Publication, TabCriteria};

use super::Error;
use super::organisations::{escape_like, lower};
use super::trainings::TrainingRow;
use crate::db::schema::{sessions, trainings};
use crate::db::{Conn, MultiBackend};

/// Whose trainings and which words.
#[derive(Debug, Clone, Default)]
pub struct TrainingFilter {
    /// `None`: the platform, which sees all.
    pub organisation: Option<i64>,
    pub text: Option<String>,
}

/// The order of the list; every order ends on the reference, which is unique.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Reference,
    /// Title, lower-cased by the database (the same value the cursor carries).
    Title,
}

/// Which rows of the list a page holds: those after `after`, or after `offset` rows; `limit` at most.
#[derive(Debug, Clone, Copy)]
pub struct Window<'a> {
    pub after: Option<&'a After>,
    pub offset: i64,
    pub limit: i64,
}

/// Where a page starts: after this (lower-cased title,) reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum After {
    Reference(String),
    Title { title: String, reference: String },
}

type Query = trainings::BoxedQuery<'static, MultiBackend>;

/// The sets of trainings a list filters on, each read first from its own indexes: the list query then
/// probes the primary key with a known number of ids, which both planners cost right (a subquery there is
/// estimated at a default size, and PostgreSQL would rather scan the table).
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The organisation's trainings; `None` for the platform.
    scope: Option<Vec<i64>>,
    /// The trainings with a rejected certification or a session raising an alert, among the scope's.
    alerting: Vec<i64>,
}

/// Reads the sets of a filter on the day of `alerts`.
pub fn resolve(conn: &mut Conn, filter: &TrainingFilter, alerts: &AlertCriteria) -> Result<Resolved, Error> {
    let scope = match filter.organisation {
        None => None,
        Some(org) => {
            // One index per column: both databases read the two and merge them (MULTI-INDEX OR, BitmapOr).
            let mut ids: Vec<i64> = trainings::table
                .filter(trainings::responsible_organisation_id.eq(org).or(trainings::funder_organisation_id.eq(org)))
                .select(trainings::id)
                .load(conn)?;
            ids.extend(
                sessions::table
                    .filter(sessions::trainer_organisation_id.eq(org).or(sessions::positioner_organisation_id.eq(org)))
                    .select(sessions::training_id)
                    .load::<i64>(conn)?,
            );
            Some(sorted(ids))
        }
    };
    let mut alerting: Vec<i64> = trainings::table
        .filter(trainings::certification_proposed.is_null())
        .filter(trainings::certification_rejected.is_not_null())
        .select(trainings::id)
        .load(conn)?;
    let (switching_from, switching_to) = bounds(alerts.switching_ends);
    let (_, registration_to) = bounds(alerts.closed_registration);
    let (not_ended_from, _) = bounds(alerts.not_ended);
    // Two queries, not one OR: each is a range of `sessions_alerts`, which carries every column they read
    // (PostgreSQL merged an OR through bitmaps of `sessions_end`, reading each session's row).
    alerting.extend(
        sessions::table
            .filter(sessions::end_date.ge(switching_from))
            .filter(sessions::end_date.le(switching_to))
            .filter(sessions::cancelled.eq(false))
            .filter(sessions::places_held.gt(sessions::retained))
            .select(sessions::training_id)
            .load::<i64>(conn)?,
    );
    alerting.extend(
        sessions::table
            .filter(sessions::end_date.ge(not_ended_from))
            .filter(sessions::cancelled.eq(false))
            .filter(sessions::registration_deadline.le(registration_to))
            .filter(sessions::places_held.lt(sessions::capacity * sessions::coefficient))
            .select(sessions::training_id)
            .load::<i64>(conn)?,
    );
    let mut alerting = sorted(alerting);
    if let Some(scope) = &scope {
        alerting.retain(|id| scope.binary_search(id).is_ok());
    }
    Ok(Resolved { scope, alerting })
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The trainings of a tab matching the filter.
fn filtered(filter: &TrainingFilter, resolved: &Resolved, tab: &TabCriteria) -> Query {
    narrowed!(trainings::table.into_boxed(), filter, resolved, tab)
}

/// `$query` (a boxed select of trainings, grouped or not) narrowed to the trainings of a tab matching the filter.
macro_rules! narrowed {
    ($query:expr, $filter:expr, $resolved:expr, $tab:expr) => {{
        let (filter, resolved, tab): (&TrainingFilter, &Resolved, &TabCriteria) = ($filter, $resolved, $tab);
        let mut query = $query;
        // The alerts are already the scope's: two lists of thousands of ids in one query made PostgreSQL compare
        // every id of one with every id of the other (0.3 to 0.8 s a count under load).
        if tab.alerts.is_some() {
            query = query.filter(trainings::id.eq_any(resolved.alerting.clone()));
        } else if let Some(ids) = &resolved.scope {
            query = query.filter(trainings::id.eq_any(ids.clone()));
        }
        let codes: Vec<&'static str> = tab.publications.iter().map(|p| p.code()).collect();
        query = query.filter(trainings::publication.eq_any(codes));
        query = match tab.certification {
            None => query,
            Some(CertificationStatus::AwaitingValidation) => {
                query.filter(trainings::certification_proposed.is_not_null())
            }
            Some(CertificationStatus::Rejected) => query
                .filter(trainings::certification_proposed.is_null())
                .filter(trainings::certification_rejected.is_not_null()),
            Some(CertificationStatus::UpToDate) => query
                .filter(trainings::certification_proposed.is_null())
                .filter(trainings::certification_rejected.is_null()),
        };
        if let Some(text) = filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
            let pattern = format!("%{}%", escape_like(&text.to_lowercase()));
            query = query.filter(
                lower(trainings::title)
                    .like(pattern.clone())
                    .escape('\\')
                    .or(trainings::reference.like(pattern.clone()).escape('\\'))
                    .or(lower(trainings::contract_number).like(pattern).escape('\\')),
            );
        }
        query
    }};
}
use narrowed;

/// Up to `limit` trainings of the tab after `after` (or after `offset` rows), each with its lower-cased
/// title (the sort key of the title order).
pub fn page(
    conn: &mut Conn,
    filter: &TrainingFilter,
    resolved: &Resolved,
    tab: &TabCriteria,
    order: Order,
    window: Window<'_>,
) -> Result<Vec<(TrainingRow, String)>, Error> {
    let Window { after, offset, limit } = window;
    let mut query = filtered(filter, resolved, tab);
    query = match after {
        None => query,
        Some(After::Reference(reference)) => query.filter(trainings::reference.gt(reference.clone())),
        Some(After::Title { title, reference }) => query
            .filter(lower(trainings::title).ge(title.clone()))
            .filter(lower(trainings::title).gt(title.clone()).or(trainings::reference.gt(reference.clone()))),
    };
    query = match order {
        Order::Reference => query.order(trainings::reference.asc()),
        Order::Title => query.order((lower(trainings::title).asc(), trainings::reference.asc())),
    };
    Ok(query.select((TrainingRow::as_select(), lower(trainings::title))).offset(offset).limit(limit).load(conn)?)
}

/// How many trainings of the tab match the filter.
/// The trainings of the filter, whatever their tab, per publication and certification status: every tab but
/// the alerts counted in one query (instead of one per tab, each repeating the organisation's training ids).
pub fn census(
    conn: &mut Conn,
    filter: &TrainingFilter,
    resolved: &Resolved,
) -> Result<Vec<(Publication, CertificationStatus, u64)>, Error> {
    let every = TabCriteria { publications: &Publication::ALL, certification: None, alerts: None };
    // Grouped by the columns themselves (proposals are few): the status follows from which are set.
    let grouped = trainings::table
        .group_by((trainings::publication, trainings::certification_proposed, trainings::certification_rejected))
        .select((
            trainings::publication,
            trainings::certification_proposed,
            trainings::certification_rejected,
            diesel::dsl::count_star(),
        ))
        .into_boxed::<MultiBackend>();
    let groups: Vec<(String, Option<String>, Option<String>, i64)> =
        narrowed!(grouped, filter, resolved, &every).load(conn)?;
    let mut census = Vec::with_capacity(groups.len());
    for (publication, proposed, rejected, n) in groups {
        let publication = Publication::from_code(&publication)
            .ok_or_else(|| Error::Other(format!("unknown publication {publication}")))?;
        let status = Certification::from_parts(String::new(), proposed, rejected).status();
        census.push((publication, status, super::count(n, "a training count")?));
    }
    Ok(census)
}

pub fn count(conn: &mut Conn, filter: &TrainingFilter, resolved: &Resolved, tab: &TabCriteria) -> Result<u64, Error> {
    let n: i64 = filtered(filter, resolved, tab).count().get_result(conn)?;
    super::count(n, "a training count")
}

/// The two bounds of a range, open sides as far as dates are stored. The domain's alert ranges are closed on
/// the sides used here ([`domain::training::AlertCriteria::on`]); the outer bounds only keep the SQL simple.
fn bounds(range: domain::session::DayRange) -> (chrono::NaiveDate, chrono::NaiveDate) {
    let first = chrono::NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default();
    let last = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    (range.from.unwrap_or(first), range.to.unwrap_or(last))
}
