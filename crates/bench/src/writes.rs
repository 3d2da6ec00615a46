//! The write scenarios: prescribers applying new candidates (spread over many sessions, then all on one),
//! the quota checked afterwards, and the intake organisation deciding and validating what came in.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use chrono::{Days, NaiveDate};
use contract::{ApplicationReceived, NewApplication};
use domain::application::{ApplicationState, CandidateInput};
use domain::decision::{DecisionDraftInput, Invite, InviteResult, RefusalReason};
use reqwest::{Method, StatusCode};
use serde::{Deserialize, Serialize};

use crate::BenchError;
use crate::api::{Api, Auth, outcome_name};
use crate::load::{Sample, Walker};

/// An application the intake accepted (pending): where, and its reference for the decision scenario.
#[derive(Debug, Clone)]
pub struct Accepted {
    pub session: String,
    pub reference: String,
}

/// Shared by the intake clients of one run of the bench: a counter makes every candidate new, the run's
/// nonce keeps candidates of two runs on the same database apart.
pub struct IntakeShared {
    pub nonce: u64,
    pub counter: AtomicU64,
    pub accepted: Mutex<Vec<Accepted>>,
}

impl IntakeShared {
    pub fn new(nonce: u64) -> Arc<Self> {
        Arc::new(Self { nonce, counter: AtomicU64::new(0), accepted: Mutex::new(Vec::new()) })
    }

    pub fn accepted(&self) -> Vec<Accepted> {
        self.accepted.lock().map(|a| a.clone()).unwrap_or_default()
    }
}

pub struct Intake {
    pub api: Api,
    pub client: usize,
    pub prescriber: Auth,
    pub sessions: Arc<Vec<String>>,
    pub shared: Arc<IntakeShared>,
}

/// Letters for a number, so names stay names (`0` → `a`, `27` → `bb`).
fn letters(mut n: u64) -> String {
    let mut out = Vec::new();
    loop {
        out.push(char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            break;
        }
    }
    out.into_iter().rev().collect()
}

/// A candidate nobody applied yet: the name and birth date (the identity, R-APP-2) differ for each `n`.
pub fn candidate(nonce: u64, n: u64) -> NewApplication {
    let mut last_name = format!("banc{}{}", letters(nonce), letters(n));
    last_name[..1].make_ascii_uppercase();
    let born = NaiveDate::from_ymd_opt(1975, 1, 1).and_then(|d| d.checked_add_days(Days::new(n % 9000)));
    NewApplication {
        candidate: CandidateInput {
            last_name,
            first_name: "Camille".to_owned(),
            birth_date: born,
            email: format!("banc.{nonce}.{n}@exemple.fr"),
            phone: "06 12 34 56 78".to_owned(),
            postcode: "24000".to_owned(),
            city: "Périgueux".to_owned(),
            france_travail_id: None,
            education_level: "Bac".to_owned(),
            last_diploma: "Bac professionnel".to_owned(),
            employment_situation: "Demandeur d'emploi".to_owned(),
            job_seeker_since: None,
        },
        presentation: "Projet professionnel cohérent avec la formation (banc d'essai).".to_owned(),
    }
}

impl Walker for Intake {
    async fn step(&mut self) -> Option<Sample> {
        let n = self.shared.counter.fetch_add(1, Ordering::Relaxed);
        let session = self.sessions.get(n as usize % self.sessions.len().max(1))?.clone();
        let body = candidate(self.shared.nonce, n);
        let key = format!("bench-{}-{n}", self.shared.nonce);
        let started = Instant::now();
        let response = match self.api.apply(self.client, &session, &self.prescriber, &body, &key).send().await {
            Ok(response) => response,
            Err(e) => return Some(Sample::failed(started, &e)),
        };
        let status = response.status();
        let bytes = match response.bytes().await {
            Ok(bytes) => bytes,
            Err(e) => return Some(Sample::failed(started, &e)),
        };
        if status == StatusCode::CREATED {
            let Ok(received) = serde_json::from_slice::<ApplicationReceived>(&bytes) else {
                return Some(Sample::timed(started, "201".to_owned(), Some("201 with an unreadable body".to_owned())));
            };
            if received.state == ApplicationState::Pending
                && let Ok(mut accepted) = self.shared.accepted.lock()
            {
                accepted.push(Accepted { session, reference: received.reference });
            }
            let state = serde_json::to_value(received.state).ok().and_then(|v| v.as_str().map(str::to_owned));
            return Some(Sample::timed(started, format!("201 {}", state.unwrap_or_default()), None));
        }
        let outcome = outcome_name(status, &bytes);
        // A full or closed session is an answer the rules give, not a failure of the server.
        let expected = matches!(status, StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY);
        let error = (!expected).then(|| format!("POST /api/sessions/{session}/applications: {outcome}"));
        Some(Sample::timed(started, outcome, error))
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
struct Places {
    quota: u32,
    places_held: u32,
}

/// Places held per session, read as `auth`.
pub async fn places_held(
    api: &Api,
    auth: &Auth,
    sessions: &[String],
) -> Result<BTreeMap<String, (u32, u32)>, BenchError> {
    let mut out = BTreeMap::new();
    for session in sessions {
        if out.contains_key(session) {
            continue;
        }
        let places: Places = api.get_json(&format!("/api/sessions/{session}"), auth).await?;
        out.insert(session.clone(), (places.places_held, places.quota));
    }
    Ok(out)
}

/// Whether each session holds exactly the places the intake accepted, and never more than its quota.
#[derive(Debug, Clone, Serialize)]
pub struct QuotaCheck {
    pub scenario: String,
    pub sessions: usize,
    pub accepted: u64,
    pub places_taken: i64,
    pub over_quota: usize,
    pub exact: bool,
    pub mismatches: Vec<String>,
}

pub fn check_quota(
    scenario: &str,
    before: &BTreeMap<String, (u32, u32)>,
    after: &BTreeMap<String, (u32, u32)>,
    accepted: &[Accepted],
) -> QuotaCheck {
    let mut per_session: BTreeMap<&str, i64> = BTreeMap::new();
    for a in accepted {
        *per_session.entry(a.session.as_str()).or_default() += 1;
    }
    let mut check = QuotaCheck {
        scenario: scenario.to_owned(),
        sessions: after.len(),
        accepted: accepted.len() as u64,
        places_taken: 0,
        over_quota: 0,
        exact: true,
        mismatches: Vec::new(),
    };
    for (session, (held, quota)) in after {
        let held_before = before.get(session).map_or(0, |(h, _)| i64::from(*h));
        let taken = i64::from(*held) - held_before;
        let want = per_session.get(session.as_str()).copied().unwrap_or(0);
        check.places_taken += taken;
        if held > quota {
            check.over_quota += 1;
            check.exact = false;
            check.mismatches.push(format!("{session}: {held} places held for a quota of {quota}"));
        }
        if taken != want {
            check.exact = false;
            check.mismatches.push(format!("{session}: {taken} places taken for {want} accepted"));
        }
    }
    check.mismatches.truncate(10);
    check
}

/// The intake organisation deciding ("Non", prerequisites not met, after an interview today) then validating.
pub struct Decide {
    pub api: Api,
    pub client: usize,
    pub auth: Auth,
    pub queue: Arc<Mutex<Vec<String>>>,
    pub today: NaiveDate,
}

impl Decide {
    fn draft(&self) -> DecisionDraftInput {
        DecisionDraftInput {
            invites: vec![Invite::with_result(self.today, InviteResult::Present)],
            recruited: Some(false),
            refusal_reason: Some(RefusalReason::PrerequisitesNotMet),
            refusal_detail: Some("Bases de calcul à revoir avant l'entrée en formation.".to_owned()),
            comment: Some("Prérequis à consolider (banc d'essai).".to_owned()),
            ..DecisionDraftInput::default()
        }
    }
}

impl Walker for Decide {
    async fn step(&mut self) -> Option<Sample> {
        let reference = self.queue.lock().ok()?.pop()?;
        let started = Instant::now();
        let path = format!("/api/applications/{reference}/decision");
        let saved =
            self.api.request(self.client, Method::PUT, &path, Some(&self.auth)).json(&self.draft()).send().await;
        let saved = match saved {
            Ok(response) => response,
            Err(e) => return Some(Sample::failed(started, &e)),
        };
        let status = saved.status();
        let body = saved.bytes().await.unwrap_or_default();
        if status != StatusCode::OK {
            let outcome = format!("save {}", outcome_name(status, &body));
            return Some(Sample::timed(started, outcome.clone(), Some(format!("PUT {path}: {outcome}"))));
        }
        let validate = format!("{path}/validate");
        let validated = match self.api.request(self.client, Method::POST, &validate, Some(&self.auth)).send().await {
            Ok(response) => response,
            Err(e) => return Some(Sample::failed(started, &e)),
        };
        let status = validated.status();
        let body = validated.bytes().await.unwrap_or_default();
        if status == StatusCode::OK {
            Some(Sample::timed(started, "200".to_owned(), None))
        } else {
            let outcome = format!("validate {}", outcome_name(status, &body));
            Some(Sample::timed(started, outcome.clone(), Some(format!("POST {validate}: {outcome}"))))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_candidate_is_a_new_person() {
        assert_eq!(
            (letters(0), letters(25), letters(26), letters(27)),
            ("a".into(), "z".into(), "ba".into(), "bb".into())
        );
        let a = candidate(7, 1);
        let b = candidate(7, 2);
        let c = candidate(8, 1);
        assert_ne!(a.candidate.last_name, b.candidate.last_name);
        assert_ne!(a.candidate.last_name, c.candidate.last_name);
        assert!(a.candidate.last_name.starts_with("Banc"));
        assert!(
            domain::application::Candidate::parse(a.candidate, NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()).is_ok()
        );
    }

    #[test]
    fn the_quota_check_compares_places_taken_with_applications_accepted() {
        let map = |v: &[(&str, u32, u32)]| v.iter().map(|(s, h, q)| ((*s).to_owned(), (*h, *q))).collect();
        let before = map(&[("1", 3, 10), ("2", 0, 2)]);
        let accepted = |s: &str| Accepted { session: s.to_owned(), reference: String::new() };
        let exact = check_quota(
            "x",
            &before,
            &map(&[("1", 5, 10), ("2", 1, 2)]),
            &[accepted("1"), accepted("1"), accepted("2")],
        );
        assert!(exact.exact, "{exact:?}");
        assert_eq!((exact.accepted, exact.places_taken), (3, 3));
        let wrong = check_quota("x", &before, &map(&[("1", 6, 10), ("2", 3, 2)]), &[accepted("1"), accepted("1")]);
        assert!(!wrong.exact);
        assert_eq!(wrong.over_quota, 1);
        assert_eq!(wrong.mismatches.len(), 3, "{wrong:?}");
    }
}
