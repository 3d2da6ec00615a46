//! `Idempotency-Key`: the key's claim, the request's work and its answer are committed together, so
//! simultaneous retries get the one answer, a refusal is replayed without leaving writes behind, and a failure
//! on our side leaves the key free. Records expire: after 24 hours a key starts a new request, and a key left
//! unanswered (by an earlier version of the server that died mid-request) is free again after a 60-second lease.

use chrono::TimeDelta;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde_json::{Value, json};
use tremplin::db::schema::{candidates, idempotency_keys};
use tremplin::db::{AnyConnection, Db};

use crate::helpers::{ADMIN, Backend, COUNSELLOR, TestApp, member_of, problem};
use crate::on_both_backends;

on_both_backends!(
    a_key_older_than_24_hours_starts_a_new_request,
    a_request_stuck_in_progress_frees_its_key_after_the_lease,
    simultaneous_retries_with_one_key_create_one_application_and_all_get_its_answer,
    a_refusal_is_replayed_and_leaves_no_write_behind,
    a_failure_on_our_side_leaves_the_key_free_and_nothing_written,
    another_organisation_sending_the_same_key_gets_its_own_answer,
    a_replay_after_the_training_is_archived_gets_its_first_answer,
);

const UPCOMING: &str = "00512345";

fn application(n: u32) -> Value {
    json!({"candidate": {"last_name": format!("Rejeu{n}"), "first_name": "Sam", "birth_date": "1990-05-06",
        "email": format!("sam{n}@example.org"), "phone": "06 12 34 56 78", "postcode": "24000", "city": "Périgueux",
        "employment_situation": "Demandeur d'emploi", "education_level": "CAP", "last_diploma": "CAP"},
        "presentation": "Motivé."})
}

async fn apply(app: &TestApp, token: &str, key: &str, body: &Value) -> reqwest::Response {
    let path = format!("/api/sessions/{UPCOMING}/applications");
    app.client.post(app.url(&path)).bearer_auth(token).header("Idempotency-Key", key).json(body).send().await.unwrap()
}

/// Moves the key's record back in time, optionally erasing its answer (a request that never finished).
async fn age_key(app: &TestApp, key: &'static str, age: TimeDelta, unanswered: bool) {
    let db = app.db.clone();
    actix_web::web::block(move || {
        let mut conn = db.get().unwrap();
        let created_at = chrono::Utc::now().naive_utc() - age;
        let row = idempotency_keys::table.filter(idempotency_keys::idempotency_key.eq(key));
        diesel::update(row).set(idempotency_keys::created_at.eq(created_at)).execute(&mut conn)?;
        if unanswered {
            diesel::update(row)
                .set((
                    idempotency_keys::response_status.eq(None::<i32>),
                    idempotency_keys::response_body.eq(None::<String>),
                ))
                .execute(&mut conn)?;
        }
        Ok::<_, diesel::result::Error>(())
    })
    .await
    .unwrap()
    .unwrap();
}

async fn a_key_older_than_24_hours_starts_a_new_request(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let first: Value = apply(&app, &counsellor, "cle-du-jour", &application(1)).await.json().await.unwrap();

    // Within the day, the same key with another body is a client error.
    age_key(&app, "cle-du-jour", TimeDelta::hours(23), false).await;
    let (status, body) = problem(apply(&app, &counsellor, "cle-du-jour", &application(2)).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("idempotency_key_reused")));

    // A day later the key is forgotten: the request is new and processed.
    age_key(&app, "cle-du-jour", TimeDelta::hours(24) + TimeDelta::minutes(1), false).await;
    let response = apply(&app, &counsellor, "cle-du-jour", &application(2)).await;
    assert_eq!(response.status(), 201);
    assert!(response.headers().get("idempotent-replayed").is_none());
    let second: Value = response.json().await.unwrap();
    assert_ne!(second["reference"], first["reference"]);
    // And the new answer is what the key now replays.
    let replay = apply(&app, &counsellor, "cle-du-jour", &application(2)).await;
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.json::<Value>().await.unwrap()["reference"], second["reference"]);
}

async fn a_request_stuck_in_progress_frees_its_key_after_the_lease(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let body = application(3);
    assert_eq!(apply(&app, &counsellor, "cle-perdue", &body).await.status(), 201);

    // The process answering the first request died 30 s ago, before recording its answer.
    age_key(&app, "cle-perdue", TimeDelta::seconds(30), true).await;
    let (status, error) = problem(apply(&app, &counsellor, "cle-perdue", &body).await).await;
    assert_eq!((status, error["code"].as_str()), (409, Some("idempotent_request_in_progress")));

    // Past the 60-second lease the retry runs: here the domain finds the candidate already applied.
    age_key(&app, "cle-perdue", TimeDelta::seconds(61), true).await;
    let (status, error) = problem(apply(&app, &counsellor, "cle-perdue", &body).await).await;
    assert_eq!((status, error["code"].as_str()), (409, Some("duplicate_application")));
    let replay = apply(&app, &counsellor, "cle-perdue", &body).await;
    assert_eq!(replay.headers()["idempotent-replayed"], "true", "the retry's answer is recorded");
}

/// Counts rows of the test database: (candidates, idempotency keys).
async fn rows(db: &Db) -> (i64, i64) {
    let db = db.clone();
    actix_web::web::block(move || {
        let mut conn = db.get().unwrap();
        let candidates = candidates::table.count().get_result::<i64>(&mut conn)?;
        let keys = idempotency_keys::table.count().get_result::<i64>(&mut conn)?;
        Ok::<_, diesel::result::Error>((candidates, keys))
    })
    .await
    .unwrap()
    .unwrap()
}

async fn simultaneous_retries_with_one_key_create_one_application_and_all_get_its_answer(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let body = application(4);
    let answers = futures_util::future::join_all((0..8).map(|_| apply(&app, &counsellor, "cle-partagee", &body))).await;

    let mut references = Vec::new();
    let mut replayed = 0;
    for answer in answers {
        assert_eq!(answer.status(), 201, "a retry waits for the first answer instead of failing");
        replayed += usize::from(answer.headers().contains_key("idempotent-replayed"));
        references.push(answer.json::<Value>().await.unwrap()["reference"].clone());
    }
    assert_eq!(replayed, 7, "one request ran, the seven others replayed its answer");
    references.dedup();
    assert_eq!(references.len(), 1, "{references:?}");
    assert_eq!(rows(&app.db).await.1, 1);
}

async fn a_refusal_is_replayed_and_leaves_no_write_behind(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let body = application(5);
    assert_eq!(apply(&app, &counsellor, "premiere", &body).await.status(), 201);
    let (candidates_before, _) = rows(&app.db).await;

    // The same candidate under another key: the domain refuses, and the candidate written before the
    // decision is undone with the rest of the request's work.
    let (status, error) = problem(apply(&app, &counsellor, "seconde", &body).await).await;
    assert_eq!((status, error["code"].as_str()), (409, Some("duplicate_application")));
    assert_eq!(rows(&app.db).await, (candidates_before, 2), "the refusal is recorded under its key");

    let replay = apply(&app, &counsellor, "seconde", &body).await;
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    let (status, replayed) = problem(replay).await;
    assert_eq!((status, replayed), (409, error));
}

async fn a_failure_on_our_side_leaves_the_key_free_and_nothing_written(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let body = application(6);
    let before = rows(&app.db).await;
    // A transaction given up for a concurrent one (PostgreSQL names a deadlock so), then a plain fault.
    for (message, status, code) in
        [("deadlock detected (test)", 409, "concurrent_update"), ("panne de test", 500, "internal_error")]
    {
        refuse_applications(&app.db, Some(message)).await;
        let (answered, error) = problem(apply(&app, &counsellor, "cle-fragile", &body).await).await;
        assert_eq!((answered, error["code"].as_str()), (status, Some(code)));
        assert_eq!(rows(&app.db).await, before, "neither the candidate nor the key was kept");
        refuse_applications(&app.db, None).await;
    }

    let retry = apply(&app, &counsellor, "cle-fragile", &body).await;
    assert_eq!(retry.status(), 201, "the retry runs");
    assert!(retry.headers().get("idempotent-replayed").is_none());
}

/// Makes the database refuse every new application with `message`, or (`None`) accept them again.
async fn refuse_applications(db: &Db, message: Option<&'static str>) {
    let db = db.clone();
    actix_web::web::block(move || {
        let mut conn = db.get().unwrap();
        let postgres = matches!(&mut *conn, AnyConnection::Postgresql(_));
        let sql = match (message, postgres) {
            (Some(message), true) => format!(
                "CREATE FUNCTION refuse_application() RETURNS trigger LANGUAGE plpgsql AS \
                 $$ BEGIN RAISE EXCEPTION '{message}'; END $$; \
                 CREATE TRIGGER refuse_application BEFORE INSERT ON applications \
                 FOR EACH ROW EXECUTE FUNCTION refuse_application();"
            ),
            (Some(message), false) => format!(
                "CREATE TRIGGER refuse_application BEFORE INSERT ON applications \
                 BEGIN SELECT RAISE(ABORT, '{message}'); END;"
            ),
            (None, true) => {
                "DROP TRIGGER refuse_application ON applications; DROP FUNCTION refuse_application();".into()
            }
            (None, false) => "DROP TRIGGER refuse_application;".into(),
        };
        conn.batch_execute(&sql)
    })
    .await
    .unwrap()
    .unwrap();
}

async fn another_organisation_sending_the_same_key_gets_its_own_answer(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let first: Value = apply(&app, &counsellor, "cle-commune", &application(7)).await.json().await.unwrap();

    // A Mission Locale adviser reuses the key for another candidate: a request of its own, neither refused as
    // a reused key nor answered with the France Travail application (its reference).
    let adviser = member_of(&app, "Mission Locale du Grand Périgueux", "conseil@ml-perigueux.example").await;
    let other_body = apply(&app, &adviser, "cle-commune", &application(8)).await;
    assert_eq!(other_body.status(), 201, "not idempotency_key_reused: keys are per organisation");
    assert!(other_body.headers().get("idempotent-replayed").is_none());
    let second: Value = other_body.json().await.unwrap();
    assert_ne!(second["reference"], first["reference"]);
}

/// A replay is answered from its key before anything of the request is read again: the session is no longer
/// open to applications, but the key still gives the first answer.
async fn a_replay_after_the_training_is_archived_gets_its_first_answer(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (counsellor, admin) = (app.login(COUNSELLOR).await, app.login(ADMIN).await);
    let body = application(8);
    let first = apply(&app, &counsellor, "avant-archivage", &body).await;
    assert_eq!(first.status(), 201);
    let answer: Value = first.json().await.unwrap();

    let session: Value = app.get(&format!("/api/sessions/{UPCOMING}"), Some(&admin)).await.json().await.unwrap();
    let training = session["training_reference"].as_str().unwrap();
    crate::list_copies::patch_training(&app, &admin, training, json!({"publication": "archived"})).await;

    let replay = apply(&app, &counsellor, "avant-archivage", &body).await;
    assert_eq!((replay.status().as_u16(), replay.headers()["idempotent-replayed"].to_str().unwrap()), (201, "true"));
    assert_eq!(replay.json::<Value>().await.unwrap(), answer);
    let (status, error) = problem(apply(&app, &counsellor, "apres-archivage", &application(9)).await).await;
    assert_eq!((status, error["code"].as_str()), (404, Some("not_found")), "a new request finds no open session");
}
