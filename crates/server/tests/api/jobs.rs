//! Background jobs on both backends (R-TIME-1): idempotent, each application switched once even when two
//! passes run at the same time, recorded in the audit trail.

use chrono::Days;
use serde_json::Value;

use crate::helpers::{Backend, TRAINER, TestApp};
use crate::on_both_backends;

on_both_backends!(r_time_1_pending_applications_switch_to_no_decision_sent_once);

async fn r_time_1_pending_applications_switch_to_no_decision_sent_once(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    // "Today" is a parameter: four months from now, the demo's running and small sessions ended over 21 days ago.
    let later = chrono::Local::now().date_naive() + Days::new(120);
    let passes = (0..2).map(|_| {
        let db = app.db.clone();
        actix_web::web::block(move || tremplin::jobs::switch_no_decision_sent(&mut db.get()?, later))
    });
    let counts: Vec<usize> =
        futures_util::future::join_all(passes).await.into_iter().map(|r| r.unwrap().unwrap()).collect();
    assert_eq!(counts.iter().sum::<usize>(), 3, "two pending on 00509908, one on 00534567, each once: {counts:?}");
    let db = app.db.clone();
    let again = actix_web::web::block(move || tremplin::jobs::switch_no_decision_sent(&mut db.get()?, later))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again, 0, "idempotent");

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
        tremplin::store::audit::history(&mut db.get()?, tremplin::store::audit::Entity::Application(&switched))
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
