//! "Gestion des formations" in SQL (R-TRN-4): a tab's filter, the order and the page limit run in the
//! database, the tabs coming as the domain's criteria.
//!
//! An organisation's trainings are those it is responsible for or funds, and those of the sessions it trains
//! or positions (R-ACC-3): the rows of `organisation_trainings`, which the database keeps in step and which
//! carry the tabs' columns and the orders, so a page is one range of an index whatever the organisation's
//! history. The trainings with alerts are found from their sessions' end dates.

use std::collections::HashMap;

use diesel::prelude::*;
use domain::training::{AlertCriteria, Certification, CertificationStatus, Publication, TabCriteria};

use super::Error;
use super::organisations::{containing, lower};
use super::training_words::{Words, held_in};
use super::trainings::TrainingRow;
use crate::db::schema::organisation_trainings::{self, dsl as ot};
use crate::db::schema::{sessions, trainings};
use crate::db::{AnyConnection, Conn, MultiBackend};

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

/// Whose trainings a list shows and which of them raise an alert on the day.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// The organisation, whose trainings are the rows of `organisation_trainings`; `None` for the platform.
    organisation: Option<i64>,
    /// The trainings with a rejected certification or a session raising an alert, among the organisation's:
    /// read first from their own indexes, so the alerts tab probes the primary key with a known number of ids.
    alerting: Vec<i64>,
}

/// Reads the trainings raising an alert on the day of `alerts`, for the filter's organisation.
pub fn resolve(conn: &mut Conn, filter: &TrainingFilter, alerts: &AlertCriteria) -> Result<Resolved, Error> {
    // An organisation's among them only, each alert probing the organisation's key in `organisation_trainings`
    // in the same statement: the day's alerts are the live offer's (3,250 sessions at a million applications),
    // and loading them to probe the organisation's rows with 3,250 bound ids took 9 of a page's 20 ms.
    // A correlated EXISTS, not `training_id IN (its trainings)`: with the IN, SQLite read every session of the
    // organisation's trainings by `sessions_training` instead of the day's range.
    let mut rejected = trainings::table
        .filter(trainings::certification_proposed.is_null())
        .filter(trainings::certification_rejected.is_not_null())
        .select(trainings::id)
        .into_boxed::<MultiBackend>();
    let (switching_from, switching_to) = bounds(alerts.switching_ends);
    let (_, registration_to) = bounds(alerts.closed_registration);
    let (not_ended_from, _) = bounds(alerts.not_ended);
    // Two queries, not one OR: each is a range of `sessions_alerts`, which carries every column they read
    // (PostgreSQL merged an OR through bitmaps of `sessions_end`, reading each session's row).
    let mut switching = sessions::table
        .filter(sessions::end_date.ge(switching_from))
        .filter(sessions::end_date.le(switching_to))
        .filter(sessions::cancelled.eq(false))
        .filter(sessions::places_held.gt(sessions::retained))
        .select(sessions::training_id)
        .into_boxed::<MultiBackend>();
    let mut unfilled = sessions::table
        .filter(sessions::end_date.ge(not_ended_from))
        .filter(sessions::cancelled.eq(false))
        .filter(sessions::registration_deadline.le(registration_to))
        .filter(sessions::places_held.lt(sessions::capacity * sessions::coefficient))
        .select(sessions::training_id)
        .into_boxed::<MultiBackend>();
    if let Some(organisation) = filter.organisation {
        rejected = rejected.filter(linked_to(organisation, "trainings.id"));
        switching = switching.filter(linked_to(organisation, "sessions.training_id"));
        unfilled = unfilled.filter(linked_to(organisation, "sessions.training_id"));
    }
    let mut alerting: Vec<i64> = rejected.load(conn)?;
    alerting.extend(switching.load::<i64>(conn)?);
    alerting.extend(unfilled.load::<i64>(conn)?);
    Ok(Resolved { organisation: filter.organisation, alerting: sorted(alerting) })
}

/// Whether `organisation` has the training of the outer row's `training` column in `organisation_trainings`:
/// one probe of its key. As SQL text (diesel's subqueries cannot name the outer table), which also keeps the
/// statement out of diesel's cache: PostgreSQL plans it for the organisation that runs it.
fn linked_to(
    organisation: i64,
    training: &'static str,
) -> diesel::expression::SqlLiteral<diesel::sql_types::Bool, impl diesel::query_builder::QueryFragment<MultiBackend>> {
    diesel::dsl::sql::<diesel::sql_types::Bool>(
        "EXISTS (SELECT 1 FROM organisation_trainings linked WHERE linked.organisation_id = ",
    )
    .bind::<diesel::sql_types::BigInt, _>(organisation)
    .sql(&format!(" AND linked.training_id = {training})"))
}

fn sorted(mut ids: Vec<i64>) -> Vec<i64> {
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// The filter's words, if any.
fn words(filter: &TrainingFilter) -> Option<&str> {
    filter.text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// Whether a training's title, reference or contract number holds `$text`, read from each training (a macro:
/// the expression's type differs with the query it goes in).
macro_rules! worded {
    ($text:expr) => {{
        let pattern = containing($text);
        lower(trainings::title)
            .like(pattern.clone())
            .escape('\\')
            .or(trainings::reference.like(pattern.clone()).escape('\\'))
            .or(lower(trainings::contract_number).like(pattern).escape('\\'))
    }};
}

/// The trainings of a tab matching the filter, read from the trainings themselves: the platform's lists, and
/// an organisation's alerts (a few known ids).
fn filtered(conn: &AnyConnection, filter: &TrainingFilter, resolved: &Resolved, tab: &TabCriteria) -> Query {
    let mut query = trainings::table.into_boxed();
    // The alerts are already the organisation's: two lists of thousands of ids in one query made PostgreSQL
    // compare every id of one with every id of the other (0.3 to 0.8 s a count under load).
    if tab.alerts.is_some() {
        query = query.filter(trainings::id.eq_any(resolved.alerting.clone()));
    }
    let codes: Vec<&'static str> = tab.publications.iter().map(|p| p.code()).collect();
    query = query.filter(trainings::publication.eq_any(codes));
    query = match tab.certification {
        None => query,
        Some(CertificationStatus::AwaitingValidation) => query.filter(trainings::certification_proposed.is_not_null()),
        Some(CertificationStatus::Rejected) => query
            .filter(trainings::certification_proposed.is_null())
            .filter(trainings::certification_rejected.is_not_null()),
        Some(CertificationStatus::UpToDate) => query
            .filter(trainings::certification_proposed.is_null())
            .filter(trainings::certification_rejected.is_null()),
    };
    if let Some(text) = words(filter) {
        query = match held_in(conn, "trainings.id", Words::TitleReferenceContract, text) {
            Some(held) => query.filter(held),
            None => query.filter(worded!(text)),
        };
    }
    query
}

/// The organisation whose own rows a tab reads: every tab of an organisation but the alerts.
fn linked_organisation(resolved: &Resolved, tab: &TabCriteria) -> Option<i64> {
    resolved.organisation.filter(|_| tab.alerts.is_none())
}

type Linked = organisation_trainings::BoxedQuery<'static, MultiBackend>;

/// The organisation's trainings of a tab matching the filter, from its rows of `organisation_trainings`.
fn linked(conn: &AnyConnection, organisation: i64, filter: &TrainingFilter, tab: &TabCriteria) -> Linked {
    let mut query = organisation_trainings::table.filter(ot::organisation_id.eq(organisation)).into_boxed();
    let codes: Vec<&'static str> = tab.publications.iter().map(|p| p.code()).collect();
    // One publication as an equality: the index then hands its rows over in order (PostgreSQL sorts the rows an
    // `= ANY` finds).
    query = match codes.as_slice() {
        [one] => query.filter(ot::publication.eq(*one)),
        _ => query.filter(ot::publication.eq_any(codes)),
    };
    query = match tab.certification {
        None => query,
        Some(CertificationStatus::AwaitingValidation) => query.filter(ot::certification_proposed.eq(true)),
        Some(CertificationStatus::Rejected) => {
            query.filter(ot::certification_proposed.eq(false)).filter(ot::certification_rejected.eq(true))
        }
        Some(CertificationStatus::UpToDate) => {
            query.filter(ot::certification_proposed.eq(false)).filter(ot::certification_rejected.eq(false))
        }
    };
    if let Some(text) = words(filter) {
        query = query.filter(linked_holding(conn, text));
    }
    query
}

/// The rows of `organisation_trainings` whose training holds `text`.
fn linked_holding(
    conn: &AnyConnection,
    text: &str,
) -> Box<dyn BoxableExpression<organisation_trainings::table, MultiBackend, SqlType = diesel::sql_types::Bool>> {
    match held_in(conn, "organisation_trainings.training_id", Words::TitleReferenceContract, text) {
        Some(held) => Box::new(held),
        None => Box::new(ot::training_id.eq_any(trainings::table.filter(worded!(text)).select(trainings::id))),
    }
}

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
    let Some(organisation) = linked_organisation(resolved, tab) else {
        let mut query = filtered(conn, filter, resolved, tab);
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
        return Ok(query
            .select((TrainingRow::as_select(), lower(trainings::title)))
            .offset(offset)
            .limit(limit)
            .load(conn)?);
    };
    // The page's keys from one range of the organisation's rows, then those trainings by id.
    let mut query = linked(conn, organisation, filter, tab);
    query = match after {
        None => query,
        Some(After::Reference(reference)) => query.filter(ot::reference.gt(reference.clone())),
        Some(After::Title { title, reference }) => query
            .filter(ot::title_sort.ge(title.clone()))
            .filter(ot::title_sort.gt(title.clone()).or(ot::reference.gt(reference.clone()))),
    };
    query = match order {
        Order::Reference => query.order(ot::reference.asc()),
        Order::Title => query.order((ot::title_sort.asc(), ot::reference.asc())),
    };
    let keys: Vec<(i64, String)> =
        query.select((ot::training_id, ot::title_sort)).offset(offset).limit(limit).load(conn)?;
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i64> = keys.iter().map(|(id, _)| *id).collect();
    let mut rows: HashMap<i64, TrainingRow> = trainings::table
        .filter(trainings::id.eq_any(ids))
        .select(TrainingRow::as_select())
        .load::<TrainingRow>(conn)?
        .into_iter()
        .map(|row| (row.id, row))
        .collect();
    Ok(keys.into_iter().filter_map(|(id, title)| rows.remove(&id).map(|row| (row, title))).collect())
}

/// An organisation's trainings matching the filter, whatever their tab, per publication and certification
/// status: every tab but the alerts counted in one query over the organisation's rows.
pub fn census(
    conn: &mut Conn,
    filter: &TrainingFilter,
    organisation: i64,
) -> Result<Vec<(Publication, CertificationStatus, u64)>, Error> {
    let mut query = organisation_trainings::table
        .group_by((ot::publication, ot::certification_proposed, ot::certification_rejected))
        .select((ot::publication, ot::certification_proposed, ot::certification_rejected, diesel::dsl::count_star()))
        .filter(ot::organisation_id.eq(organisation))
        .into_boxed::<MultiBackend>();
    if let Some(text) = words(filter) {
        query = query.filter(linked_holding(conn, text));
    }
    let groups: Vec<(String, bool, bool, i64)> = query.load(conn)?;
    let mut census = Vec::with_capacity(groups.len());
    for (publication, proposed, rejected, n) in groups {
        let publication = Publication::from_code(&publication)
            .ok_or_else(|| Error::Other(format!("unknown publication {publication}")))?;
        // Only whether each is set decides the status.
        let status =
            Certification::from_parts(String::new(), proposed.then(String::new), rejected.then(String::new)).status();
        census.push((publication, status, super::count(n, "a training count")?));
    }
    Ok(census)
}

/// How many trainings of the tab match the filter.
pub fn count(conn: &mut Conn, filter: &TrainingFilter, resolved: &Resolved, tab: &TabCriteria) -> Result<u64, Error> {
    let n: i64 = match linked_organisation(resolved, tab) {
        Some(organisation) => linked(conn, organisation, filter, tab).count().get_result(conn)?,
        None => filtered(conn, filter, resolved, tab).count().get_result(conn)?,
    };
    super::count(n, "a training count")
}

/// The two bounds of a range, open sides as far as dates are stored. The domain's alert ranges are closed on
/// the sides used here ([`domain::training::AlertCriteria::on`]); the outer bounds only keep the SQL simple.
fn bounds(range: domain::session::DayRange) -> (chrono::NaiveDate, chrono::NaiveDate) {
    let first = chrono::NaiveDate::from_ymd_opt(1, 1, 1).unwrap_or_default();
    let last = chrono::NaiveDate::from_ymd_opt(9999, 12, 31).unwrap_or_default();
    (range.from.unwrap_or(first), range.to.unwrap_or(last))
}
