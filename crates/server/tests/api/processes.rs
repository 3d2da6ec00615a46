//! The real `tremplin serve` binary as separate processes (R-AVIS-7, R-TIME-1): a server killed with SIGKILL
//! while delivering loses nothing; two servers on one PostgreSQL deliver each event once and switch each due
//! application once.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Days;
use serde_json::{Value, json};
use tremplin::store;

use crate::helpers::{Backend, COUNSELLOR, Options, TestApp};
use crate::outbox::{Receiver, receiver};

#[actix_web::test]
async fn sqlite_a_killed_server_loses_no_message() {
    a_killed_server_loses_no_message(Backend::Sqlite).await;
}

#[actix_web::test]
async fn postgres_a_killed_server_loses_no_message() {
    a_killed_server_loses_no_message(Backend::Postgres).await;
}

#[actix_web::test]
async fn postgres_two_servers_deliver_each_event_once_and_switch_each_application_once() {
    two_servers(Backend::Postgres).await;
}

/// A `tremplin serve` process, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

async fn start(database_url: &str) -> Server {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = Command::new(env!("CARGO_BIN_EXE_tremplin"))
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("BIND", format!("127.0.0.1:{port}"))
        .env("JWT_SECRET", "processes-test-secret-processes-test")
        .env("STATIC_DIR", std::env::temp_dir())
        .env("OUTBOX_INTERVAL_MS", "20")
        .env("OUTBOX_LEASE_SECONDS", "2")
        .env("OUTBOX_BASE_DELAY_MS", "10")
        .env("WEBHOOK_ALLOW_HTTP_LOOPBACK", "true")
        .env("RUST_LOG", "error")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server(child);
    let health = format!("http://127.0.0.1:{port}/api/health");
    let started = Instant::now();
    while reqwest::get(&health).await.map(|r| r.status().as_u16()).unwrap_or(0) != 200 {
        assert!(started.elapsed() < Duration::from_secs(30), "the server did not start");
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    server
}

/// Subscribes the demo France Travail agency to the receiver and queues `count` events for it.
async fn queue_events(app: &TestApp, receiver: &Receiver, count: usize) {
    let counsellor = app.login(COUNSELLOR).await;
    let hook: Value = app
        .post_json("/api/webhooks", Some(&counsellor), json!({"url": format!("{}/hooks", receiver.url)}))
        .await
        .json()
        .await
        .unwrap();
    let subscription = hook["id"].as_i64().unwrap();
    let db = app.db.clone();
    actix_web::web::block(move || {
        let mut conn = db.get()?;
        tremplin::db::write_transaction(&mut conn, |conn| {
            for n in 0..count {
                let body = move |id: &str| {
                    Ok::<_, store::Error>(
                        json!({"event_id": id, "event_type": "test.event", "occurred_at": "", "data": {"n": n}})
                            .to_string(),
                    )
                };
                let event = store::outbox::NewEvent {
                    event_type: "test.event",
                    destination: "webhook",
                    subscription_id: Some(subscription),
                    application_id: None,
                    payload: &body,
                };
                store::outbox::enqueue(conn, &event)?;
            }
            Ok(())
        })
    })
    .await
    .unwrap()
    .unwrap();
}

async fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let started = Instant::now();
    while !done() {
        assert!(started.elapsed() < Duration::from_secs(90), "timed out waiting for {what}");
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn a_killed_server_loses_no_message(backend: Backend) {
    let app = TestApp::spawn_with(backend, Options::demo_with_local_receivers()).await;
    let slow = receiver(0, String::new());
    slow.seen.lock().unwrap().delay = Duration::from_millis(40);
    queue_events(&app, &slow, 200).await;
    let first = start(&app.database_url).await;
    wait_for("the first deliveries", || slow.seen.lock().unwrap().acknowledged.len() >= 20).await;
    drop(first); // SIGKILL, with deliveries in flight
    let delivered_before_restart = slow.seen.lock().unwrap().acknowledged.len();
    assert!(delivered_before_restart < 200, "the kill happened mid-way ({delivered_before_restart})");
    let _second = start(&app.database_url).await;
    wait_for("every event", || slow.seen.lock().unwrap().acknowledged.len() == 200).await;
    let seen = slow.seen.lock().unwrap();
    assert_eq!(seen.acknowledged.len(), 200, "nothing lost: every event id arrived");
    assert!(seen.attempts >= 200, "a message in flight at the kill may arrive twice: receivers deduplicate by id");
}

/// A finished session with `count` pending applications whose decision deadline has passed.
async fn due_applications(app: &TestApp, count: usize) {
    let db = app.db.clone();
    actix_web::web::block(move || {
        let mut conn = db.get()?;
        tremplin::db::write_transaction(&mut conn, |conn| {
            let training = store::trainings::find(conn, "202305156095")?.unwrap();
            let today = chrono::Local::now().date_naive();
            let day = |back: u64| today - Days::new(back);
            let session = store::sessions::NewSessionRow {
                reference: "07777777".to_owned(),
                training_id: training.id,
                start_date: day(120),
                end_date: day(25),
                registration_deadline: day(130),
                late_entry_deadline: day(110),
                department: "24".to_owned(),
                commune: "Périgueux".to_owned(),
                trainer_organisation_id: training.responsible_organisation_id,
                positioner_organisation_id: None,
                comment: String::new(),
                capacity: i32::try_from(count).unwrap(),
                coefficient: 1,
            };
            store::sessions::insert(conn, &session)?;
            let session = store::sessions::find(conn, "07777777")?.unwrap();
            let counsellor = store::users::find_by_email(conn, COUNSELLOR.0)?.unwrap();
            let agency = store::memberships::of_user(conn, counsellor.id)?[0].organisation_id;
            for n in 0..count {
                let key = format!("due{n}|candidat|1990-01-01");
                let candidate = store::applications::CandidateRow {
                    id: 0,
                    identity_key: key.clone(),
                    last_name: format!("Due{n}"),
                    first_name: "Candidat".to_owned(),
                    birth_date: chrono::NaiveDate::from_ymd_opt(1990, 1, 1).unwrap(),
                    email: "due@example.org".to_owned(),
                    phone: "0612345678".to_owned(),
                    postcode: "24000".to_owned(),
                    city: "Périgueux".to_owned(),
                    france_travail_id: None,
                    education_level: String::new(),
                    last_diploma: String::new(),
                    employment_situation: "Demandeur d'emploi".to_owned(),
                    job_seeker_since: None,
                    anonymised_at: None,
                };
                let candidate_id = store::applications::insert_candidate(conn, &candidate)?;
                let at = day(100).and_hms_opt(9, 0, 0).unwrap();
                store::applications::insert(
                    conn,
                    store::applications::NewApplicationRow {
                        reference: format!("{:010}", 5_000_000_000u64 + n as u64),
                        session_id: session.id,
                        candidate_id,
                        identity_key: key,
                        candidate_sort: candidate.sort_key(),
                        prescriber_organisation_id: agency,
                        prescriber_user_id: counsellor.id,
                        from_france_travail: true,
                        presentation: "Présentation".to_owned(),
                        received_at: at,
                        late_entry: false,
                        state: domain::application::ApplicationState::Pending,
                        updated_at: at,
                        session_copy: store::applications::SessionCopy::of(
                            &session,
                            training.responsible_organisation_id,
                        ),
                    },
                )?;
            }
            Ok(())
        })
    })
    .await
    .unwrap()
    .unwrap();
}

async fn switched_count(app: &TestApp) -> i64 {
    let db = app.db.clone();
    actix_web::web::block(move || {
        use diesel::prelude::*;
        use tremplin::db::schema::audit_events;
        let mut conn = db.get()?;
        Ok::<i64, tremplin::error::ApiError>(
            audit_events::table.filter(audit_events::action.eq("no_decision_sent")).count().get_result(&mut conn)?,
        )
    })
    .await
    .unwrap()
    .unwrap()
}

async fn two_servers(backend: Backend) {
    let app = TestApp::spawn_with(backend, Options::demo_with_local_receivers()).await;
    let fast = receiver(0, String::new());
    queue_events(&app, &fast, 1000).await;
    due_applications(&app, 1000).await;
    let _a = start(&app.database_url).await;
    let _b = start(&app.database_url).await;
    wait_for("1,000 deliveries", || fast.seen.lock().unwrap().acknowledged.len() == 1000).await;
    let started = Instant::now();
    while switched_count(&app).await < 1000 {
        assert!(started.elapsed() < Duration::from_secs(60), "the applications were not all switched");
        actix_web::rt::time::sleep(Duration::from_millis(100)).await;
    }
    // Let both servers run a little longer: nothing must be sent or switched twice.
    actix_web::rt::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(switched_count(&app).await, 1000, "each application switched once");
    let seen = fast.seen.lock().unwrap();
    assert!(seen.acknowledged.values().all(|bodies| bodies.len() == 1), "each event delivered once by id");
    assert_eq!(seen.attempts, 1000, "no second delivery at all");
}
