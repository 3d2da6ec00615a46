//! The oracle of the counter tables: each organisation's counters per role, publication and month of session
//! end (summed over its shards), added up here from the sessions' own counters; each session's copy of its
//! training's publication; each prescriber's applications per month of session end and state, counted here
//! from the applications. Shared by the API tests and the stateful fuzzer.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use diesel::prelude::*;
use tremplin::db::Conn;
use tremplin::db::schema::{applications, organisation_counts, prescriber_counts, sessions, trainings};

type Key = (i64, String, bool, NaiveDate);
type SessionRow = (i64, i64, Option<i64>, i64, bool, NaiveDate, (i32, i32, i32, i32, i32, i32));

/// Every difference between the organisations' counters and the sum of their sessions', in plain words.
pub fn drift(conn: &mut Conn) -> Vec<String> {
    let mut found = Vec::new();
    let rows: Vec<SessionRow> = match sessions::table
        .select((
            sessions::id,
            sessions::responsible_organisation_id,
            sessions::positioner_organisation_id,
            sessions::trainer_organisation_id,
            sessions::published,
            sessions::end_date,
            (
                sessions::places_held,
                sessions::retained,
                sessions::not_retained,
                sessions::no_decision_sent,
                sessions::refused_session_full,
                sessions::refused_session_cancelled,
            ),
        ))
        .load(conn)
    {
        Ok(rows) => rows,
        Err(error) => return vec![format!("reading sessions: {error}")],
    };
    let mut expected: BTreeMap<Key, [i64; 6]> = BTreeMap::new();
    for (_, responsible, positioner, trainer, published, end, counters) in rows {
        let (a, b, c, d, e, f) = counters;
        let counters = [a, b, c, d, e, f].map(i64::from);
        let month = end.with_day(1).unwrap();
        let mut roles: Vec<(i64, &str)> = vec![(responsible, "responsible"), (trainer, "trainer")];
        roles.extend(positioner.map(|p| (p, "positioner")));
        let any: BTreeSet<i64> = [Some(responsible), positioner, Some(trainer)].into_iter().flatten().collect();
        roles.extend(any.into_iter().map(|o| (o, "any")));
        for (organisation, role) in roles {
            let sum = expected.entry((organisation, role.to_owned(), published, month)).or_default();
            sum.iter_mut().zip(counters).for_each(|(s, n)| *s += n);
        }
    }
    let kept: Vec<(Key, [i64; 6])> = match organisation_counts::table
        .select((
            (
                organisation_counts::organisation_id,
                organisation_counts::role,
                organisation_counts::published,
                organisation_counts::end_month,
            ),
            (
                organisation_counts::places_held,
                organisation_counts::retained,
                organisation_counts::not_retained,
                organisation_counts::no_decision_sent,
                organisation_counts::refused_session_full,
                organisation_counts::refused_session_cancelled,
            ),
        ))
        .load::<(Key, (i64, i64, i64, i64, i64, i64))>(conn)
    {
        Ok(rows) => rows.into_iter().map(|(k, (a, b, c, d, e, f))| (k, [a, b, c, d, e, f])).collect(),
        Err(error) => return vec![format!("reading organisation_counts: {error}")],
    };
    let mut summed: BTreeMap<Key, [i64; 6]> = BTreeMap::new();
    for (key, counters) in kept {
        let sum = summed.entry(key).or_default();
        sum.iter_mut().zip(counters).for_each(|(s, n)| *s += n);
    }
    let kept: BTreeMap<Key, [i64; 6]> = summed.into_iter().filter(|(_, c)| c.iter().any(|n| *n != 0)).collect();
    expected.retain(|_, c| c.iter().any(|n| *n != 0));
    for key in expected.keys().chain(kept.keys()).collect::<BTreeSet<_>>() {
        let (want, have) = (expected.get(key), kept.get(key));
        if want != have {
            found.push(format!("organisation counts {key:?}: kept {have:?}, its sessions add up to {want:?}"));
        }
    }
    let stale: QueryResult<Vec<(i64, bool, String)>> = sessions::table
        .inner_join(trainings::table)
        .select((sessions::id, sessions::published, trainings::publication))
        .load(conn);
    match stale {
        Ok(rows) => found.extend(
            rows.into_iter().filter(|(_, published, publication)| *published != (publication == "published")).map(
                |(id, published, publication)| format!("session {id} published={published}, training {publication}"),
            ),
        ),
        Err(error) => found.push(format!("reading publications: {error}")),
    }
    found.extend(prescriber_drift(conn));
    found.extend(training_links_drift(conn));
    found
}

/// What a row of `organisation_trainings` holds besides its key: links, publication, certification proposed and
/// rejected, reference, lower-cased title.
type Link = (i32, String, bool, bool, String, String);

/// Every difference between `organisation_trainings` and the organisations' trainings worked out here from the
/// trainings' and sessions' own columns (R-ACC-3).
fn training_links_drift(conn: &mut Conn) -> Vec<String> {
    use tremplin::db::schema::organisation_trainings as ot;
    use tremplin::store::organisations::lower;
    type TrainingRow = (i64, i64, i64, String, Option<String>, Option<String>, String, String);
    let read = (|| -> QueryResult<_> {
        let trainings: Vec<TrainingRow> = trainings::table
            .select((
                trainings::id,
                trainings::responsible_organisation_id,
                trainings::funder_organisation_id,
                trainings::publication,
                trainings::certification_proposed,
                trainings::certification_rejected,
                trainings::reference,
                lower(trainings::title),
            ))
            .load(conn)?;
        let sessions: Vec<(i64, i64, Option<i64>)> = sessions::table
            .select((sessions::training_id, sessions::trainer_organisation_id, sessions::positioner_organisation_id))
            .load(conn)?;
        let kept: Vec<((i64, i64), Link)> = ot::table
            .select((
                (ot::organisation_id, ot::training_id),
                (
                    ot::links,
                    ot::publication,
                    ot::certification_proposed,
                    ot::certification_rejected,
                    ot::reference,
                    ot::title_sort,
                ),
            ))
            .load(conn)?;
        Ok((trainings, sessions, kept))
    })();
    let (trainings, sessions, kept) = match read {
        Ok(read) => read,
        Err(error) => return vec![format!("reading organisation_trainings: {error}")],
    };
    let mut links: BTreeMap<(i64, i64), i32> = BTreeMap::new();
    for (id, responsible, funder, ..) in &trainings {
        *links.entry((*responsible, *id)).or_default() += 1;
        *links.entry((*funder, *id)).or_default() += 1;
    }
    for (training, trainer, positioner) in sessions {
        for organisation in [Some(trainer), positioner].into_iter().flatten() {
            *links.entry((organisation, training)).or_default() += 1;
        }
    }
    let by_id: BTreeMap<i64, &TrainingRow> = trainings.iter().map(|t| (t.0, t)).collect();
    let expected: BTreeMap<(i64, i64), Link> = links
        .into_iter()
        .map(|((organisation, training), n)| {
            let (_, _, _, publication, proposed, rejected, reference, title) = by_id[&training].clone();
            ((organisation, training), (n, publication, proposed.is_some(), rejected.is_some(), reference, title))
        })
        .collect();
    let kept: BTreeMap<(i64, i64), Link> = kept.into_iter().collect();
    expected
        .keys()
        .chain(kept.keys())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|key| expected.get(key) != kept.get(key))
        .map(|key| {
            format!("organisation_trainings {key:?}: kept {:?}, expected {:?}", kept.get(key), expected.get(key))
        })
        .collect()
}

const STATES: [&str; 6] =
    ["pending", "retained", "not_retained", "no_decision_sent", "refused_session_full", "refused_session_cancelled"];

fn prescriber_drift(conn: &mut Conn) -> Vec<String> {
    let rows: Vec<(i64, NaiveDate, String)> = match applications::table
        .select((applications::prescriber_organisation_id, applications::session_end, applications::state))
        .load(conn)
    {
        Ok(rows) => rows,
        Err(error) => return vec![format!("reading applications: {error}")],
    };
    let mut expected: BTreeMap<(i64, NaiveDate), [i64; 6]> = BTreeMap::new();
    for (prescriber, end, state) in rows {
        let slot = STATES.iter().position(|s| *s == state).unwrap();
        expected.entry((prescriber, end.with_day(1).unwrap())).or_default()[slot] += 1;
    }
    type Six = (i64, i64, i64, i64, i64, i64);
    let kept: Vec<((i64, NaiveDate), Six)> = match prescriber_counts::table
        .select((
            (prescriber_counts::prescriber_organisation_id, prescriber_counts::end_month),
            (
                prescriber_counts::pending,
                prescriber_counts::retained,
                prescriber_counts::not_retained,
                prescriber_counts::no_decision_sent,
                prescriber_counts::refused_session_full,
                prescriber_counts::refused_session_cancelled,
            ),
        ))
        .load(conn)
    {
        Ok(rows) => rows,
        Err(error) => return vec![format!("reading prescriber_counts: {error}")],
    };
    let mut summed: BTreeMap<(i64, NaiveDate), [i64; 6]> = BTreeMap::new();
    for (key, (a, b, c, d, e, f)) in kept {
        let sum = summed.entry(key).or_default();
        sum.iter_mut().zip([a, b, c, d, e, f]).for_each(|(s, n)| *s += n);
    }
    summed.retain(|_, c| c.iter().any(|n| *n != 0));
    let keys: BTreeSet<_> = expected.keys().chain(summed.keys()).copied().collect();
    keys.into_iter()
        .filter(|key| expected.get(key) != summed.get(key))
        .map(|key| {
            format!("prescriber counts {key:?}: kept {:?}, its applications {:?}", summed.get(&key), expected.get(&key))
        })
        .collect()
}
