//! The quota is exact whatever the requests (R-QUOTA-2..4): the places a session holds are counted from its
//! applications by the database, batches move nothing twice, and a failing item never stops the jobs.

use diesel::prelude::*;
use serde_json::{Value, json};
use tremplin::db::Conn;
use tremplin::db::schema::{applications, outbox_events, sessions};

use crate::applications::{UPCOMING, apply, apply_ok, candidate, new_session};
use crate::helpers::{Backend, COUNSELLOR, TRAINER, TestApp, problem};
use crate::on_both_backends;

on_both_backends!(
    r_quota_2_a_batch_repeating_a_reference_changes_it_once,
    r_quota_3_the_database_refuses_a_place_beyond_the_quota_whatever_the_counter,
    r_quota_4_the_database_refuses_retaining_beyond_the_capacity,
    r_time_1_a_failing_session_does_not_stop_the_job_run,
    r_quota_2_one_statement_freeing_places_in_two_sessions_moves_every_counter_once,
    r_quota_3_an_intake_refused_by_the_database_runs_again_and_its_key_keeps_that_answer,
    r_app_2_the_database_refuses_a_pending_application_in_a_cancelled_session,
);

/// Places held and retained, counted from the rows (never from the session's counters).
pub(crate) fn counted(conn: &mut Conn, session_reference: &str) -> (i64, i64) {
    let session: i64 =
        sessions::table.filter(sessions::reference.eq(session_reference)).select(sessions::id).first(conn).unwrap();
    let of_session = || applications::table.filter(applications::session_id.eq(session));
    let held = of_session().filter(applications::state.eq_any(["pending", "retained"])).count().get_result(conn);
    let retained = of_session().filter(applications::state.eq("retained")).count().get_result(conn);
    (held.unwrap(), retained.unwrap())
}

fn counters(conn: &mut Conn, session_reference: &str) -> (i64, i64) {
    let (held, retained): (i32, i32) = sessions::table
        .filter(sessions::reference.eq(session_reference))
        .select((sessions::places_held, sessions::retained))
        .first(conn)
        .unwrap();
    (i64::from(held), i64::from(retained))
}

async fn in_db<T: Send + 'static>(app: &TestApp, f: impl FnOnce(&mut Conn) -> T + Send + 'static) -> T {
    let db = app.db.clone();
    actix_web::web::block(move || f(&mut db.get().unwrap())).await.unwrap()
}

async fn r_quota_2_a_batch_repeating_a_reference_changes_it_once(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let session = new_session(&app, 3, 2).await;
    let counsellor = app.login(COUNSELLOR).await;
    let mut references = Vec::new();
    for n in 0..6 {
        references.push(apply_ok(&app, &counsellor, &session, n).await);
    }
    let elsewhere = apply_ok(&app, &counsellor, UPCOMING, 50).await;
    let a = references[0].clone();
    let trainer = app.login(TRAINER).await;
    let batch = json!({"references": [a, a, a, elsewhere, a, a],
        "action": {"type": "not_retained", "reason": "prerequisites_not_met", "detail": "Permis C requis"}});
    let response = app.post_json(&format!("/api/sessions/{session}/applications/batch"), Some(&trainer), batch).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    let outcomes: Vec<(bool, Option<&str>)> = body["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["ok"].as_bool().unwrap(), r["error"]["code"].as_str()))
        .collect();
    let repeated = (false, Some("duplicate_reference"));
    assert_eq!(
        outcomes,
        vec![(true, None), repeated, repeated, (false, Some("not_found")), repeated, repeated],
        "the first occurrence acts, the others and another session's application are refused one by one"
    );

    let (s, a2) = (session.clone(), a.clone());
    let (rows, stored, kairos) = in_db(&app, move |conn| {
        let kairos: i64 = outbox_events::table
            .inner_join(applications::table.on(outbox_events::application_id.eq(applications::id.nullable())))
            .filter(applications::reference.eq(&a2))
            .filter(outbox_events::destination.eq("kairos"))
            .count()
            .get_result(conn)
            .unwrap();
        (counted(conn, &s), counters(conn, &s), kairos)
    })
    .await;
    assert_eq!(rows, (5, 0), "one place freed, five still held");
    assert_eq!(stored, rows, "the session's counters are the rows' counts");
    assert_eq!(kairos, 1, "one KAIROS message for one validated decision");

    let freed: Value = apply(&app, &counsellor, &session, candidate(20)).await.json().await.unwrap();
    assert_eq!(freed["state"], "pending");
    let full: Value = apply(&app, &counsellor, &session, candidate(21)).await.json().await.unwrap();
    assert_eq!(full["state"], "refused_session_full", "six places held on a quota of six");
    let s = session.clone();
    assert_eq!(in_db(&app, move |conn| counted(conn, &s)).await, (6, 0));
}

/// A new session of two places, both held, whose counter says none are.
async fn full_session_counting_none(app: &TestApp, counsellor: &str) -> String {
    let session = new_session(app, 1, 2).await;
    for n in 0..2 {
        apply_ok(app, counsellor, &session, n).await;
    }
    let s = session.clone();
    in_db(app, move |conn| {
        diesel::update(sessions::table.filter(sessions::reference.eq(&s)))
            .set(sessions::places_held.eq(0))
            .execute(conn)
            .unwrap()
    })
    .await;
    session
}

async fn r_quota_3_the_database_refuses_a_place_beyond_the_quota_whatever_the_counter(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    // A counter gone wrong (a bug, a hand-made fix in production) must not open places that are held.
    let session = full_session_counting_none(&app, &counsellor).await;
    let (status, error) = problem(apply(&app, &counsellor, &session, candidate(3)).await).await;
    assert_eq!((status, error["code"].as_str()), (409, Some("session_full")));
    let s = session.clone();
    assert_eq!(in_db(&app, move |conn| counted(conn, &s)).await, (2, 0), "nothing was added");
}

/// On PostgreSQL an intake first decides on the session read without its lock; the insert's trigger refusing
/// it (here because the counter is wrong, as a concurrent intake taking the last place would make it look) must
/// leave nothing behind, not even the key's claim, so the locked attempt runs and its answer is the key's.
async fn r_quota_3_an_intake_refused_by_the_database_runs_again_and_its_key_keeps_that_answer(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let session = full_session_counting_none(&app, &counsellor).await;
    let send = || {
        let body = json!({"candidate": candidate(3), "presentation": "Motivé, permis B, expérience en magasin."});
        let path = app.url(&format!("/api/sessions/{session}/applications"));
        app.client.post(path).bearer_auth(&counsellor).header("Idempotency-Key", "course-perdue").json(&body).send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.headers().get("Idempotent-Replayed"), None);
    let (status, error) = problem(first).await;
    assert_eq!((status, error["code"].as_str()), (409, Some("session_full")));
    let again = send().await.unwrap();
    assert_eq!(again.headers().get("Idempotent-Replayed").map(|v| v.to_str().unwrap()), Some("true"));
    let (status, error) = problem(again).await;
    assert_eq!((status, error["code"].as_str()), (409, Some("session_full")), "the key answers what was answered");
    let s = session.clone();
    assert_eq!(in_db(&app, move |conn| counted(conn, &s)).await, (2, 0), "nothing was added");
}

/// A cancellation committed between an intake's read and its insert: the insert must not write a pending
/// application (one refused as the cancellation refuses them may be written).
async fn r_app_2_the_database_refuses_a_pending_application_in_a_cancelled_session(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let session = new_session(&app, 3, 2).await;
    let counsellor = app.login(COUNSELLOR).await;
    let first = apply_ok(&app, &counsellor, &session, 1).await;
    let s = session.clone();
    in_db(&app, move |conn| {
        diesel::update(sessions::table.filter(sessions::reference.eq(&s)))
            .set(sessions::cancelled.eq(true))
            .execute(conn)
            .unwrap()
    })
    .await;
    // A copy of the first application under another reference and person, in the state given.
    let copy = |reference: &'static str, state: &'static str| {
        let first = first.clone();
        move |conn: &mut Conn| {
            let original = tremplin::store::applications::find(conn, &first).unwrap().unwrap();
            let mut person = tremplin::store::applications::candidate(conn, original.candidate_id).unwrap();
            person.identity_key = format!("copie-{reference}");
            let candidate = tremplin::store::applications::insert_candidate(conn, &person).unwrap();
            diesel::sql_query(format!(
                "INSERT INTO applications (reference, session_id, candidate_id, identity_key, \
                 prescriber_organisation_id, prescriber_user_id, from_france_travail, presentation, received_at, \
                 late_entry, state, decision_draft, invites_count, updated_at, responsible_organisation_id, \
                 trainer_organisation_id, positioner_organisation_id, session_start, session_end, candidate_sort) \
                 SELECT '{reference}', session_id, {candidate}, 'copie-{reference}', prescriber_organisation_id, \
                 prescriber_user_id, from_france_travail, presentation, received_at, late_entry, '{state}', \
                 decision_draft, invites_count, updated_at, responsible_organisation_id, trainer_organisation_id, \
                 positioner_organisation_id, session_start, session_end, candidate_sort \
                 FROM applications WHERE reference = '{first}'"
            ))
            .execute(conn)
            .map_err(|e| e.to_string())
        }
    };
    let refused = in_db(&app, copy("1000000001", "pending")).await.unwrap_err();
    assert!(refused.contains("session_cancelled"), "{refused}");
    assert_eq!(in_db(&app, copy("1000000002", "refused_session_cancelled")).await, Ok(1), "no place taken: allowed");
    let s = session.clone();
    assert_eq!(in_db(&app, move |conn| counted(conn, &s)).await, (1, 0));
}

async fn r_quota_4_the_database_refuses_retaining_beyond_the_capacity(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let session = new_session(&app, 1, 3).await;
    let counsellor = app.login(COUNSELLOR).await;
    let first = apply_ok(&app, &counsellor, &session, 1).await;
    let second = apply_ok(&app, &counsellor, &session, 2).await;
    // Straight to the database, as a buggy code path would: the first retained fits, the second does not.
    let retain = |reference: String| {
        move |conn: &mut Conn| {
            diesel::update(applications::table.filter(applications::reference.eq(reference)))
                .set(applications::state.eq("retained"))
                .execute(conn)
                .map_err(|e| e.to_string())
        }
    };
    assert_eq!(in_db(&app, retain(first)).await, Ok(1));
    let refused = in_db(&app, retain(second)).await.unwrap_err();
    assert!(refused.contains("capacity_reached"), "{refused}");
    let s = session.clone();
    let (rows, stored) = in_db(&app, move |conn| (counted(conn, &s), counters(conn, &s))).await;
    assert_eq!((rows, stored), ((2, 1), (2, 1)));
}

async fn r_time_1_a_failing_session_does_not_stop_the_job_run(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    // 00534567 has one pending application, 00509908 two: make the first session's switch fail.
    let failing: String = in_db(&app, |conn| {
        let id: i64 =
            sessions::table.filter(sessions::reference.eq("00534567")).select(sessions::id).first(conn).unwrap();
        applications::table
            .filter(applications::session_id.eq(id))
            .filter(applications::state.eq("pending"))
            .select(applications::reference)
            .first(conn)
            .unwrap()
    })
    .await;
    let trigger = match backend {
        Backend::Sqlite => vec![format!(
            "CREATE TRIGGER injected_failure BEFORE UPDATE ON applications WHEN OLD.reference = '{failing}' \
             BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
        )],
        Backend::Postgres => vec![
            format!(
                "CREATE FUNCTION injected_failure() RETURNS trigger AS $$ BEGIN \
                 IF OLD.reference = '{failing}' THEN RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END; \
                 $$ LANGUAGE plpgsql"
            ),
            "CREATE TRIGGER injected_failure BEFORE UPDATE ON applications FOR EACH ROW \
             EXECUTE FUNCTION injected_failure()"
                .to_owned(),
        ],
    };
    in_db(&app, move |conn| {
        for sql in &trigger {
            diesel::sql_query(sql).execute(conn).unwrap();
        }
    })
    .await;

    let later = app.clock.today() + chrono::Days::new(120);
    let retention = domain::retention::Retention::default();
    let db = app.db.clone();
    let report = actix_web::web::block(move || tremplin::jobs::run_due(&db, later, retention, "http://tremplin.test"))
        .await
        .unwrap();
    assert_eq!(report.failures.len(), 1, "{:?}", report.failures);
    assert!(report.failures[0].contains("00534567"), "{:?}", report.failures);
    assert!(
        report.lines.iter().any(|l| l.contains("2 candidature(s)")),
        "the other session switched: {:?}",
        report.lines
    );
    assert!(report.lines.iter().any(|l| l.starts_with("anonymisation")), "the next job ran: {:?}", report.lines);

    let drop_trigger = match backend {
        Backend::Sqlite => "DROP TRIGGER injected_failure",
        Backend::Postgres => "DROP TRIGGER injected_failure ON applications",
    };
    in_db(&app, move |conn| diesel::sql_query(drop_trigger).execute(conn).unwrap()).await;
    let db = app.db.clone();
    let report = actix_web::web::block(move || tremplin::jobs::run_due(&db, later, retention, "http://tremplin.test"))
        .await
        .unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert!(report.lines.iter().any(|l| l.contains("1 candidature(s)")), "retried next pass: {:?}", report.lines);
}

/// The counters follow a statement that frees places in several sessions at once (PostgreSQL counts such a
/// statement from its transition tables, once per session and counter row, not row by row).
async fn r_quota_2_one_statement_freeing_places_in_two_sessions_moves_every_counter_once(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (first, second) = (new_session(&app, 3, 2).await, new_session(&app, 3, 2).await);
    let counsellor = app.login(COUNSELLOR).await;
    for n in 0..4 {
        apply_ok(&app, &counsellor, &first, n).await;
    }
    for n in 10..13 {
        apply_ok(&app, &counsellor, &second, n).await;
    }
    let (a, b) = (first.clone(), second.clone());
    let (rows, stored, ends, drift) = in_db(&app, move |conn| {
        let ids: Vec<i64> =
            sessions::table.filter(sessions::reference.eq_any([&a, &b])).select(sessions::id).load(conn).unwrap();
        let switched = diesel::update(
            applications::table.filter(applications::session_id.eq_any(&ids)).filter(applications::state.eq("pending")),
        )
        .set(applications::state.eq("no_decision_sent"))
        .execute(conn)
        .unwrap();
        assert_eq!(switched, 7, "one statement moves both sessions' pending applications");
        let ends: Vec<i32> = sessions::table
            .filter(sessions::reference.eq_any([&a, &b]))
            .order(sessions::reference)
            .select(sessions::no_decision_sent)
            .load(conn)
            .unwrap();
        let rows = (counted(conn, &a), counted(conn, &b));
        let stored = (counters(conn, &a), counters(conn, &b));
        (rows, stored, ends, crate::organisation_counts::drift(conn))
    })
    .await;
    assert_eq!(rows, ((0, 0), (0, 0)), "every place freed");
    assert_eq!(stored, rows, "each session's counters are its rows' counts");
    let mut expected = vec![4, 3];
    if first > second {
        expected.reverse();
    }
    assert_eq!(ends, expected, "each session counts its own applications without decision");
    assert_eq!(drift, Vec::<String>::new(), "organisation and prescriber counters equal the rows");
}
