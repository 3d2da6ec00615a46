//! Background jobs on both backends (R-TIME-1): idempotent, each application switched once even when two
//! passes run at the same time, recorded in the audit trail.

use chrono::Days;
use serde_json::Value;

use crate::helpers::{Backend, COUNSELLOR, METRICS_TOKEN, TRAINER, TestApp, member_of, problem};
use crate::on_both_backends;

on_both_backends!(
    r_time_1_pending_applications_switch_to_no_decision_sent_once,
    r_gdpr_2_personal_data_is_anonymised_after_retention_and_counts_survive,
    r_gdpr_2_a_candidate_export_is_recorded,
    metrics_count_requests_outbox_depth_and_job_runs,
);

async fn r_time_1_pending_applications_switch_to_no_decision_sent_once(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    // "Today" is a parameter: four months from now, the demo's running and small sessions ended over 21 days ago.
    let later = chrono::Local::now().date_naive() + Days::new(120);
    let passes = (0..2).map(|_| {
        let db = app.db.clone();
        actix_web::web::block(move || tremplin::jobs::switch_no_decision_sent(&mut db.get()?, later).map(|p| p.done))
    });
    let counts: Vec<usize> =
        futures_util::future::join_all(passes).await.into_iter().map(|r| r.unwrap().unwrap()).collect();
    assert_eq!(counts.iter().sum::<usize>(), 3, "two pending on 00509908, one on 00534567, each once: {counts:?}");
    let db = app.db.clone();
    let again = actix_web::web::block(move || tremplin::jobs::switch_no_decision_sent(&mut db.get()?, later))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.done, 0, "idempotent");

    let trainer = app.login(TRAINER).await;
    let list: Value = app
        .get("/api/sessions/00509908/applications?state=no_decision_sent", Some(&trainer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 2);
    let switched = list["items"][0]["reference"].as_str().unwrap().to_owned();
    let db = app.db.clone();
    let history = actix_web::web::block(move || {
        tremplin::store::audit::history(&mut db.get().unwrap(), tremplin::store::audit::Entity::Application(&switched))
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        (history.len(), history[0].action.as_str(), history[0].actor_name.as_str()),
        (1, "no_decision_sent", "Système")
    );
    let session: Value = app.get("/api/sessions/00509908", Some(&trainer)).await.json().await.unwrap();
    assert_eq!(session["places_held"], 1, "only the retained application still holds a place");
}

async fn r_gdpr_2_personal_data_is_anonymised_after_retention_and_counts_survive(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let before: Value = app.get("/api/dashboard/application-counts", Some(&trainer)).await.json().await.unwrap();
    let retention = domain::retention::Retention::default();
    let today = chrono::Local::now().date_naive();
    let db = app.db.clone();
    let now = actix_web::web::block(move || {
        tremplin::jobs::anonymise_expired(&mut db.get()?, today, retention).map(|p| p.done)
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(now, 0, "nothing is two years past its session yet");
    let later = today + Days::new(30 * 31);
    let db = app.db.clone();
    let count = actix_web::web::block(move || {
        tremplin::jobs::anonymise_expired(&mut db.get()?, later, retention).map(|p| p.done)
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(count, 10, "every demo candidate");
    let db = app.db.clone();
    let again = actix_web::web::block(move || {
        tremplin::jobs::anonymise_expired(&mut db.get()?, later, retention).map(|p| p.done)
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(again, 0, "idempotent");

    let list: Value =
        app.get("/api/sessions/00509908/applications?state=retained", Some(&trainer)).await.json().await.unwrap();
    let reference = list["items"][0]["reference"].as_str().unwrap();
    let detail: Value = app.get(&format!("/api/applications/{reference}"), Some(&trainer)).await.json().await.unwrap();
    assert_eq!(detail["state"], "retained", "the application and its decision stay");
    assert_eq!(detail["candidate"]["anonymised"], true);
    assert_eq!(
        (detail["candidate"]["last_name"].as_str(), detail["candidate"]["email"].as_str()),
        (Some("ANONYMISÉ"), Some(""))
    );
    assert!(detail["history"].as_array().unwrap().is_empty(), "no link to the person's other applications");
    let after: Value = app.get("/api/dashboard/application-counts", Some(&trainer)).await.json().await.unwrap();
    assert_eq!(after["rows"], before["rows"], "counts and statistics survive");
}

async fn r_gdpr_2_a_candidate_export_is_recorded(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let mine: Value = app.get("/api/applications?per_page=1", Some(&counsellor)).await.json().await.unwrap();
    let reference = mine["items"][0]["reference"].as_str().unwrap().to_owned();
    let response = app.get(&format!("/api/applications/{reference}/candidate-export"), Some(&counsellor)).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-disposition"].to_str().unwrap().contains("donnees-candidat-"));
    let export: Value = response.json().await.unwrap();
    assert_eq!(export["reference"], reference.as_str());
    assert!(!export["candidate"]["last_name"].as_str().unwrap().is_empty());
    let outsider = member_of(&app, "Atelier Formation Agenais", "agen@example.org").await;
    assert_eq!(
        problem(app.get(&format!("/api/applications/{reference}/candidate-export"), Some(&outsider)).await).await.0,
        404
    );
    let db = app.db.clone();
    let history = actix_web::web::block(move || {
        tremplin::store::audit::history(&mut db.get().unwrap(), tremplin::store::audit::Entity::Application(&reference))
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!((history[0].action.as_str(), history[0].actor_name.as_str()), ("candidate_exported", "Julien Mercier"));
}

async fn metrics_count_requests_outbox_depth_and_job_runs(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    assert_eq!(app.get("/api/health", None).await.status(), 200);
    let db = app.db.clone();
    let today = chrono::Local::now().date_naive();
    let report = actix_web::web::block(move || {
        tremplin::jobs::run_due(&db, today, domain::retention::Retention::default(), "http://tremplin.test")
    })
    .await
    .unwrap();
    assert_eq!(report.failures, Vec::<String>::new());
    let response = app.get("/metrics", Some(METRICS_TOKEN)).await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    assert!(text.contains(r#"tremplin_http_requests_total{method="GET",route="/api/health",status="200"}"#), "{text}");
    assert!(text.contains("tremplin_http_request_duration_seconds_bucket"), "{text}");
    assert!(text.contains(r#"tremplin_outbox_messages{state="dead"} 0"#), "{text}");
    assert!(text.contains(r#"tremplin_job_runs_total{job="no_decision_sent"}"#), "{text}");
    assert!(text.contains(r#"tremplin_job_seconds_total{job="no_decision_sent"}"#), "{text}");
}
