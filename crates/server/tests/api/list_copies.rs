//! Each application carries a copy of its session's organisations and dates for its lists (issue 11): a change
//! of the training's responsible organisation moves its applications from one organisation's list to the
//! other's at once. (Date changes are checked after every step of the stateful fuzzer.)

use serde_json::{Value, json};

use crate::applications::{UPCOMING, apply_ok};
use crate::helpers::{ADMIN, Backend, COUNSELLOR, TRAINER, TestApp, member_of};
use crate::on_both_backends;

on_both_backends!(a_new_responsible_organisation_lists_the_applications_at_once);

async fn session_rows(app: &TestApp, token: &str, role: &str) -> usize {
    let page: Value =
        app.get(&format!("/api/applications?role={role}&per_page=100"), Some(token)).await.json().await.unwrap();
    page["items"].as_array().unwrap().iter().filter(|i| i["session_reference"] == UPCOMING).count()
}

async fn a_new_responsible_organisation_lists_the_applications_at_once(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (trainer, admin) = (app.login(TRAINER).await, app.login(ADMIN).await);
    let counsellor = app.login(COUNSELLOR).await;
    for n in 0..2 {
        apply_ok(&app, &counsellor, UPCOMING, 6000 + n).await;
    }
    let atelier = member_of(&app, "Atelier Formation Agenais", "membre@atelier.example").await;
    let shown = session_rows(&app, &trainer, "responsible").await;
    assert!(shown >= 2, "the session has applications");
    assert_eq!(session_rows(&app, &atelier, "responsible").await, 0);

    let session: Value = app.get(&format!("/api/sessions/{UPCOMING}"), Some(&trainer)).await.json().await.unwrap();
    let training = session["training_reference"].as_str().unwrap();
    let new_responsible = app.organisation_id("Atelier Formation Agenais").await;
    let response = app
        .client
        .patch(app.url(&format!("/api/trainings/{training}")))
        .bearer_auth(&admin)
        .json(&json!({"responsible_organisation_id": new_responsible}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());

    assert_eq!(session_rows(&app, &trainer, "responsible").await, 0, "no longer responsible");
    assert_eq!(session_rows(&app, &trainer, "trainer").await, shown, "still the trainer");
    assert_eq!(session_rows(&app, &atelier, "responsible").await, shown, "the new responsible organisation");
    let page: Value =
        app.get("/api/applications?role=responsible&per_page=100", Some(&atelier)).await.json().await.unwrap();
    assert_eq!(page["total"].as_u64(), Some(page["items"].as_array().unwrap().len() as u64), "counted as listed");
}
