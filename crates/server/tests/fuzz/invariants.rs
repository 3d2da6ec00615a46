//! What must hold after every step, read from the database itself (never from the API's own counters), and
//! from the answers the step got.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use tremplin::db::Conn;
use tremplin::db::schema::{applications, candidates, outbox_events, sessions, trainings};

use crate::world::Answer;

/// A final application as it must stay.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Final {
    state: String,
    decided_at: Option<NaiveDateTime>,
    planned_entry_date: Option<NaiveDate>,
    draft: Option<String>,
}

/// What the checks remember from one step to the next.
#[derive(Default)]
pub struct Memory {
    finals: HashMap<i64, Final>,
    held: HashMap<i64, i64>,
    /// Applications at the start of the run (the demo's): their decisions were loaded without events.
    first_new_id: i64,
}

/// id, session, identity, state, from France Travail, decided at, planned entry, draft, anonymised.
type ApplicationFacts = (i64, i64, String, String, bool, Option<NaiveDateTime>, Option<NaiveDate>, String, bool);

type SessionCounts = (i64, String, i32, i32, i32, i32);

fn sessions_of(conn: &mut Conn) -> QueryResult<Vec<SessionCounts>> {
    sessions::table
        .select((
            sessions::id,
            sessions::reference,
            sessions::capacity,
            sessions::coefficient,
            sessions::places_held,
            sessions::retained,
        ))
        .load(conn)
}

impl Memory {
    pub fn new(conn: &mut Conn) -> Memory {
        let last: Option<i64> =
            applications::table.select(diesel::dsl::max(applications::id)).first(conn).ok().flatten();
        let mut memory = Memory { first_new_id: last.unwrap_or(0) + 1, ..Memory::default() };
        drop(memory.check(conn));
        memory
    }

    /// Every violation found now, in plain words.
    pub fn check(&mut self, conn: &mut Conn) -> Vec<String> {
        let mut found = Vec::new();
        let rows: Vec<ApplicationFacts> = match applications::table
            .inner_join(candidates::table)
            .select((
                applications::id,
                applications::session_id,
                applications::identity_key,
                applications::state,
                applications::from_france_travail,
                applications::decided_at,
                applications::planned_entry_date,
                applications::decision_draft,
                candidates::anonymised_at.is_not_null(),
            ))
            .load(conn)
        {
            Ok(rows) => rows,
            Err(error) => return vec![format!("reading applications: {error}")],
        };
        let kairos: Vec<Option<i64>> = outbox_events::table
            .filter(outbox_events::destination.eq("kairos"))
            .select(outbox_events::application_id)
            .load(conn)
            .unwrap_or_default();
        let mut kairos_per_application: HashMap<i64, usize> = HashMap::new();
        for id in kairos.into_iter().flatten() {
            *kairos_per_application.entry(id).or_default() += 1;
        }

        let mut finals_per_session: HashMap<(i64, &str), i32> = HashMap::new();
        for (_, session, _, state, ..) in &rows {
            *finals_per_session.entry((*session, state.as_str())).or_default() += 1;
        }
        found.extend(list_columns(conn, &finals_per_session));
        found.extend(crate::organisation_counts::drift(conn));
        let mut held: HashMap<i64, i64> = HashMap::new();
        let mut retained: HashMap<i64, i64> = HashMap::new();
        let mut live = HashSet::new();
        for (id, session, identity, state, from_ft, decided_at, entry, draft, anonymised) in &rows {
            let holds = state == "pending" || state == "retained";
            if holds {
                *held.entry(*session).or_default() += 1;
                if !live.insert((*session, identity.clone())) {
                    found.push(format!("R-APP-1: two live applications of {identity} on session {session}"));
                }
            }
            if state == "retained" {
                *retained.entry(*session).or_default() += 1;
            }
            if state != "pending" {
                let now = Final {
                    state: state.clone(),
                    decided_at: *decided_at,
                    planned_entry_date: *entry,
                    // Anonymisation may clear the free texts of a decision; the rest never changes.
                    draft: (!anonymised).then(|| draft.clone()),
                };
                match self.finals.get(id) {
                    Some(before) if before.draft.is_some() && now.draft.is_none() => {
                        let kept = Final { draft: None, ..before.clone() };
                        if kept != now {
                            found.push(format!("R-AVIS-6: final application {id} changed: {before:?} → {now:?}"));
                        }
                    }
                    Some(before) if *before != now => {
                        found.push(format!("R-AVIS-6: final application {id} changed: {before:?} → {now:?}"));
                    }
                    _ => {}
                }
                self.finals.insert(*id, now);
            } else if let Some(before) = self.finals.get(id) {
                found.push(format!("R-AVIS-6: application {id} went back to pending from {}", before.state));
            }
            if *id >= self.first_new_id && *from_ft {
                let expected = usize::from(state == "retained" || state == "not_retained");
                let got = kairos_per_application.get(id).copied().unwrap_or(0);
                if got != expected {
                    found.push(format!(
                        "R-AVIS-7: application {id} ({state}) has {got} KAIROS messages, not {expected}"
                    ));
                }
            }
        }

        match sessions_of(conn) {
            Ok(sessions) => {
                for (id, reference, capacity, coefficient, places_held, kept) in sessions {
                    let (counted_held, counted_retained) =
                        (held.get(&id).copied().unwrap_or(0), retained.get(&id).copied().unwrap_or(0));
                    if (i64::from(places_held), i64::from(kept)) != (counted_held, counted_retained) {
                        found.push(format!(
                            "R-QUOTA-2: session {reference} counters ({places_held}, {kept}) ≠ rows ({counted_held}, {counted_retained})"
                        ));
                    }
                    let quota = i64::from(capacity) * i64::from(coefficient);
                    let before = self.held.get(&id).copied().unwrap_or(0);
                    // A quota lowered below the places held is allowed; taking one more place then is not.
                    if counted_held > quota && counted_held > before {
                        found.push(format!(
                            "R-QUOTA-3: session {reference} holds {counted_held} places on a quota of {quota} (was {before})"
                        ));
                    }
                    if counted_retained > i64::from(capacity) {
                        found.push(format!(
                            "R-QUOTA-4: session {reference} retains {counted_retained} on a capacity of {capacity}"
                        ));
                    }
                    self.held.insert(id, counted_held);
                }
            }
            Err(error) => found.push(format!("reading sessions: {error}")),
        }
        found
    }
}

/// Session and organisations as copied on an application, then as its session and training hold them.
type Copies = ((i64, i64, Option<i64>, NaiveDate, NaiveDate), (i64, i64, Option<i64>, NaiveDate, NaiveDate));

/// The columns the lists read instead of joining (issue 11) agree with what they copy and count: each
/// application's copy of its session, and each session's counters of final states.
fn list_columns(conn: &mut Conn, counted: &HashMap<(i64, &str), i32>) -> Vec<String> {
    let mut found = Vec::new();
    let copies: QueryResult<Vec<(i64, Copies)>> = applications::table
        .inner_join(sessions::table.inner_join(trainings::table))
        .select((
            applications::id,
            (
                (
                    applications::responsible_organisation_id,
                    applications::trainer_organisation_id,
                    applications::positioner_organisation_id,
                    applications::session_start,
                    applications::session_end,
                ),
                (
                    trainings::responsible_organisation_id,
                    sessions::trainer_organisation_id,
                    sessions::positioner_organisation_id,
                    sessions::start_date,
                    sessions::end_date,
                ),
            ),
        ))
        .load(conn);
    match copies {
        Ok(copies) => {
            found.extend(copies.into_iter().filter(|(_, (copy, source))| copy != source).map(|(id, (copy, source))| {
                format!("lists: application {id} copies {copy:?}, its session is {source:?}")
            }))
        }
        Err(error) => found.push(format!("reading copies: {error}")),
    }
    let names: QueryResult<Vec<(i64, String, String, String)>> = applications::table
        .inner_join(candidates::table)
        .select((applications::id, applications::candidate_sort, candidates::last_name, candidates::first_name))
        .load(conn);
    match names {
        Ok(names) => found.extend(names.into_iter().filter_map(|(id, copy, last, first)| {
            let key = domain::application::candidate::sort_key(&last, &first);
            (copy != key).then(|| format!("lists: application {id} sorts as {copy:?}, its candidate as {key:?}"))
        })),
        Err(error) => found.push(format!("reading candidates' sort keys: {error}")),
    }
    let counters: QueryResult<Vec<(i64, String, [i32; 4])>> = sessions::table
        .select((
            sessions::id,
            sessions::reference,
            (
                sessions::not_retained,
                sessions::no_decision_sent,
                sessions::refused_session_full,
                sessions::refused_session_cancelled,
            ),
        ))
        .load::<(i64, String, (i32, i32, i32, i32))>(conn)
        .map(|rows| rows.into_iter().map(|(id, r, (a, b, c, d))| (id, r, [a, b, c, d])).collect());
    let states = ["not_retained", "no_decision_sent", "refused_session_full", "refused_session_cancelled"];
    match counters {
        Ok(sessions) => {
            for (id, reference, kept) in sessions {
                let rows = states.map(|state| counted.get(&(id, state)).copied().unwrap_or(0));
                if rows != kept {
                    found.push(format!("lists: session {reference} counts {kept:?} final applications, rows {rows:?}"));
                }
            }
        }
        Err(error) => found.push(format!("reading counters: {error}")),
    }
    found
}

/// The answers' own rules: no 5xx, every 4xx a problem+json with a known code, tenancy as the model expects.
pub fn check_answers(answers: &[Answer], known_codes: &HashSet<String>) -> Vec<String> {
    let mut found = Vec::new();
    for answer in answers {
        if answer.status >= 500 {
            found.push(format!("{}: server error {}", answer.step, answer.status));
        }
        if (400..500).contains(&answer.status) {
            match &answer.problem_code {
                _ if !answer.problem_json => {
                    found.push(format!("{}: {} without problem+json", answer.step, answer.status));
                }
                Some(code) if !known_codes.is_empty() && !known_codes.contains(code) => {
                    found.push(format!("{}: code {code} is not listed in the OpenAPI document", answer.step));
                }
                None => found.push(format!("{}: {} without a code", answer.step, answer.status)),
                Some(_) => {}
            }
        }
        if let Some(expected) = answer.expected_status
            && answer.status != expected
        {
            found.push(format!("{}: answered {} where {expected} was due", answer.step, answer.status));
        }
    }
    found
}
