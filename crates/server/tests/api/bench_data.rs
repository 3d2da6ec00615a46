//! `tremplin bench-data` (issue 11): a small generated data set keeps the quota rules (R-QUOTA-1..4), one live
//! application per person and session (R-APP-1), holds every state, matches its manifest, renders through the
//! API, leaves its `due` applications to the R-TIME-1 job, and is the same for the same seed.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use diesel::prelude::*;
use sha2::{Digest, Sha256};
use tremplin::bench_data::{self, Manifest, Options};
use tremplin::db::schema::{applications, candidates, sessions, trainings};
use tremplin::db::{DatabaseUrl, Db};

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(generated_data_keeps_the_rules_and_renders);

const APPLICATIONS: u64 = 2_000;

fn options(seed: u64, today: NaiveDate) -> Options {
    Options { applications: APPLICATIONS, sessions: None, organisations: 60, seed, today, due: None, progress: false }
}

async fn generate(url: &str, options: Options) -> Result<Manifest, bench_data::BenchDataError> {
    let url = DatabaseUrl::parse(url).unwrap();
    actix_web::web::block(move || bench_data::generate(&url, &options)).await.unwrap()
}

/// (session id, capacity, coefficient, places held, retained, end date).
type SessionFacts = (i64, i32, i32, i32, i32, NaiveDate);

async fn generated_data_keeps_the_rules_and_renders(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let today = app.clock.today();
    let manifest = generate(&app.database_url, options(7, today)).await.unwrap();
    let mut conn = app.db.get().unwrap();

    let rows: Vec<(String, i64, String, String, i64)> = applications::table
        .select((
            applications::reference,
            applications::session_id,
            applications::state,
            applications::identity_key,
            applications::prescriber_organisation_id,
        ))
        .load(&mut conn)
        .unwrap();
    assert_eq!(rows.len() as u64, APPLICATIONS);
    let candidate_count: i64 = candidates::table.count().get_result(&mut conn).unwrap();
    assert_eq!(candidate_count as u64, APPLICATIONS, "one candidate row per application");

    let facts: Vec<SessionFacts> = sessions::table
        .select((
            sessions::id,
            sessions::capacity,
            sessions::coefficient,
            sessions::places_held,
            sessions::retained,
            sessions::end_date,
        ))
        .load(&mut conn)
        .unwrap();
    let mut held: HashMap<i64, i32> = HashMap::new();
    let mut kept: HashMap<i64, i32> = HashMap::new();
    let mut live = HashSet::new();
    let mut states: BTreeMap<String, usize> = BTreeMap::new();
    for (_, session, state, identity, _) in &rows {
        *states.entry(state.clone()).or_default() += 1;
        if state == "pending" || state == "retained" {
            *held.entry(*session).or_default() += 1;
            assert!(live.insert((*session, identity.clone())), "R-APP-1: two live applications of {identity}");
        }
        if state == "retained" {
            *kept.entry(*session).or_default() += 1;
        }
    }
    for (id, capacity, coefficient, places_held, retained, _) in &facts {
        let (real_held, real_kept) = (held.get(id).copied().unwrap_or(0), kept.get(id).copied().unwrap_or(0));
        assert_eq!((*places_held, *retained), (real_held, real_kept), "counters of session {id}");
        assert!(real_held <= capacity * coefficient, "R-QUOTA-1: session {id} over its quota");
        assert!(real_kept <= *capacity, "R-QUOTA-4: session {id} retains more than its capacity");
    }
    // What the lists read instead of joining or counting: each application's copy of its session and
    // training, each session's copy of its training's responsible organisation and its counts of final states.
    let stale_copies: i64 = applications::table
        .inner_join(sessions::table.inner_join(trainings::table))
        .filter(
            applications::session_end
                .ne(sessions::end_date)
                .or(applications::session_start.ne(sessions::start_date))
                .or(applications::trainer_organisation_id.ne(sessions::trainer_organisation_id))
                .or(applications::responsible_organisation_id.ne(trainings::responsible_organisation_id))
                .or(sessions::responsible_organisation_id.ne(trainings::responsible_organisation_id)),
        )
        .count()
        .get_result(&mut conn)
        .unwrap();
    assert_eq!(stale_copies, 0, "applications or sessions whose copies differ from their source");
    let finals: Vec<(i64, i32, i32, i32, i32)> = sessions::table
        .select((
            sessions::id,
            sessions::not_retained,
            sessions::no_decision_sent,
            sessions::refused_session_full,
            sessions::refused_session_cancelled,
        ))
        .load(&mut conn)
        .unwrap();
    let mut per_session: HashMap<(i64, &str), i32> = HashMap::new();
    for (_, session, state, ..) in &rows {
        *per_session.entry((*session, state.as_str())).or_default() += 1;
    }
    for (id, not_retained, no_decision, full, cancelled) in finals {
        let real = ["not_retained", "no_decision_sent", "refused_session_full", "refused_session_cancelled"]
            .map(|state| per_session.get(&(id, state)).copied().unwrap_or(0));
        assert_eq!([not_retained, no_decision, full, cancelled], real, "final-state counters of session {id}");
    }
    assert_eq!(crate::organisation_counts::drift(&mut conn), Vec::<String>::new(), "organisation counters");
    for state in
        ["pending", "retained", "not_retained", "no_decision_sent", "refused_session_full", "refused_session_cancelled"]
    {
        assert!(states.get(state).copied().unwrap_or(0) > 0, "no application in state {state}: {states:?}");
    }

    // The manifest names what exists.
    let by_reference: HashMap<String, (i64, i32, i32, i32)> = sessions::table
        .select((sessions::reference, sessions::id, sessions::capacity, sessions::coefficient, sessions::places_held))
        .load::<(String, i64, i32, i32, i32)>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|(r, id, c, k, h)| (r, (id, c, k, h)))
        .collect();
    assert_eq!(manifest.intake_sessions.len(), 100);
    for reference in manifest.intake_sessions.iter().chain([&manifest.hot_session]) {
        let (_, capacity, coefficient, places_held) = by_reference[reference];
        assert_eq!((capacity, coefficient, places_held), (10_000, 10, 0), "intake session {reference}");
    }
    let (export_id, ..) = by_reference[&manifest.export_session.reference];
    let in_export = rows.iter().filter(|r| r.1 == export_id).count() as u64;
    assert_eq!(in_export, manifest.export_session.applications);
    assert_eq!(in_export, APPLICATIONS / 10);
    let cutoff = today - chrono::Days::new(21);
    let ended: HashSet<i64> = facts.iter().filter(|f| f.5 <= cutoff).map(|f| f.0).collect();
    let due = rows.iter().filter(|r| r.2 == "pending" && ended.contains(&r.1)).count() as u64;
    assert_eq!(due, manifest.due_applications);
    assert_eq!(due, APPLICATIONS / 10);
    let sent: u64 = manifest.prescribers.iter().map(|p| p.applications).sum();
    assert_eq!(sent, APPLICATIONS);
    let from_france_travail: u64 =
        manifest.prescribers.iter().filter(|p| p.france_travail).map(|p| p.applications).sum();
    assert!((1_200..=1_600).contains(&from_france_travail), "about 70 % from France Travail: {from_france_travail}");
    let largest = &manifest.training_organisations[0];
    assert!(largest.applications >= manifest.training_organisations[1].applications);

    // One application of each state renders for its prescriber.
    let emails: HashMap<i64, &str> =
        manifest.prescribers.iter().map(|p| (p.organisation_id, p.email.as_str())).collect();
    let mut tokens: HashMap<i64, String> = HashMap::new();
    let mut shown = HashSet::new();
    for (reference, _, state, _, prescriber) in &rows {
        if !shown.insert(state.clone()) {
            continue;
        }
        if !tokens.contains_key(prescriber) {
            let token = app.login((emails[prescriber], &manifest.password)).await;
            tokens.insert(*prescriber, token);
        }
        let response = app.get(&format!("/api/applications/{reference}"), Some(&tokens[prescriber])).await;
        assert_eq!(response.status(), 200, "application {reference} ({state})");
        let page: serde_json::Value = response.json().await.unwrap();
        assert_eq!(page["state"], state.as_str());
    }

    // The R-TIME-1 job finds exactly the due applications.
    let pass = tremplin::jobs::switch_no_decision_sent(&mut conn, today).unwrap();
    assert_eq!(pass.done as u64, manifest.due_applications);

    // A database that holds organisations is refused.
    let again = generate(&app.database_url, options(7, today)).await;
    assert!(matches!(again, Err(bench_data::BenchDataError::NotEmpty(_))), "{again:?}");
}

/// Everything that tells one data set from another, as a digest.
fn digest(url: &str) -> String {
    let db = Db::connect(&DatabaseUrl::parse(url).unwrap(), 1).unwrap();
    let mut conn = db.get().unwrap();
    let rows: Vec<(String, i64, String, String, String, bool)> = applications::table
        .inner_join(sessions::table)
        .order(applications::reference.asc())
        .select((
            applications::reference,
            applications::prescriber_organisation_id,
            sessions::reference,
            applications::state,
            applications::decision_draft,
            applications::late_entry,
        ))
        .load(&mut conn)
        .unwrap();
    let mut hash = Sha256::new();
    for row in rows {
        hash.update(format!("{row:?}\n"));
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

#[actix_web::test]
async fn the_same_seed_gives_the_same_data() {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let url = |name: &str| format!("sqlite://{}", dir.path().join(name).display());
    let first = generate(&url("a.db"), options(3, today)).await.unwrap();
    let second = generate(&url("b.db"), options(3, today)).await.unwrap();
    let other = generate(&url("c.db"), options(4, today)).await.unwrap();
    assert_eq!(digest(&url("a.db")), digest(&url("b.db")));
    assert_ne!(digest(&url("a.db")), digest(&url("c.db")));
    assert_eq!(Manifest { seconds: 0.0, ..first }, Manifest { seconds: 0.0, ..second });
    assert_ne!(other.export_session.reference, "");
}
