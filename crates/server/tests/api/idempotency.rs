//! `Idempotency-Key` records expire: after 24 hours a key starts a new request, and a first request stuck
//! "in progress" (its process died) frees the key after a 60-second lease instead of answering 409 forever.

use chrono::TimeDelta;
use diesel::prelude::*;
use serde_json::{Value, json};
use tremplin::db::schema::idempotency_keys;

use crate::helpers::{Backend, COUNSELLOR, TestApp, problem};
use crate::on_both_backends;

on_both_backends!(
    a_key_older_than_24_hours_starts_a_new_request,
    a_request_stuck_in_progress_frees_its_key_after_the_lease,
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
