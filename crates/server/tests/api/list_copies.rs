//! Each application carries a copy of its session's organisations and dates for its lists (issue 11): a change
//! of the training's responsible organisation moves its applications from one organisation's list to the
//! other's at once; each organisation's counters (per role, publication and month of session end) follow a
//! change of publication or of responsible organisation. (Date changes are checked after every step of the
//! stateful fuzzer.)

use serde_json::{Value, json};

use crate::applications::{UPCOMING, apply_ok, plus};
use crate::guide::patch_session;
use crate::helpers::{ADMIN, Backend, COUNSELLOR, TRAINER, TestApp, member_of};
use crate::on_both_backends;
use crate::organisation_counts::drift;

on_both_backends!(
    a_new_responsible_organisation_lists_the_applications_at_once,
    an_organisation_lists_the_trainings_of_its_roles_at_once,
    swapping_two_sessions_trainers_at_once_keeps_the_trainings_lists,
    one_organisation_in_two_roles_of_a_session_keeps_its_training_until_both_go,
    organisation_counters_follow_publication_and_responsible_organisation
);

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

async fn organisation_drift(app: &TestApp) -> Vec<String> {
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || drift(&mut db.get().unwrap())).await.unwrap()
}

async fn dashboard_pending(app: &TestApp, token: &str, role: &str) -> u64 {
    let dashboard: Value = app.get("/api/dashboard/application-counts", Some(token)).await.json().await.unwrap();
    let rows = dashboard["rows"].as_array().unwrap();
    rows.iter().find(|r| r["role"] == role).unwrap()["counts"]["pending"].as_u64().unwrap()
}

/// `PATCH /api/trainings/{training}` with `body`, which must succeed.
pub(crate) async fn patch_training(app: &TestApp, token: &str, training: &str, body: Value) {
    let response =
        app.client.patch(app.url(&format!("/api/trainings/{training}"))).bearer_auth(token).json(&body).send().await;
    let response = response.unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
}

async fn organisation_counters_follow_publication_and_responsible_organisation(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (trainer, admin, counsellor) = (app.login(TRAINER).await, app.login(ADMIN).await, app.login(COUNSELLOR).await);
    assert_eq!(organisation_drift(&app).await, Vec::<String>::new(), "after the demo load");
    let before = dashboard_pending(&app, &trainer, "responsible").await;
    for n in 0..3 {
        apply_ok(&app, &counsellor, UPCOMING, 6100 + n).await;
    }
    assert_eq!(dashboard_pending(&app, &trainer, "responsible").await, before + 3, "counted at intake");
    assert_eq!(organisation_drift(&app).await, Vec::<String>::new(), "after intake");

    let session: Value = app.get(&format!("/api/sessions/{UPCOMING}"), Some(&trainer)).await.json().await.unwrap();
    let training = session["training_reference"].as_str().unwrap().to_owned();
    let held = session["places_held"].as_u64().unwrap();
    patch_training(&app, &admin, &training, json!({"publication": "archived"})).await;
    let archived = dashboard_pending(&app, &trainer, "responsible").await;
    assert!(archived + held <= before + 3, "an archived training leaves the dashboard: {before} {archived} {held}");
    assert_eq!(organisation_drift(&app).await, Vec::<String>::new(), "after archiving");
    patch_training(&app, &admin, &training, json!({"publication": "published"})).await;
    assert_eq!(dashboard_pending(&app, &trainer, "responsible").await, before + 3, "published again");

    let atelier = member_of(&app, "Atelier Formation Agenais", "membre@atelier.example").await;
    let new_responsible = app.organisation_id("Atelier Formation Agenais").await;
    patch_training(&app, &admin, &training, json!({"responsible_organisation_id": new_responsible})).await;
    assert_eq!(organisation_drift(&app).await, Vec::<String>::new(), "after a change of responsible organisation");
    let page: Value =
        app.get("/api/applications?role=responsible&per_page=100", Some(&atelier)).await.json().await.unwrap();
    let listed = page["items"].as_array().unwrap().len() as u64;
    assert!(listed >= 3, "the new responsible organisation lists them");
    assert_eq!(page["total"].as_u64(), Some(listed), "and counts what it lists");
    for tab in ["current", "finished"] {
        let page: Value = app
            .get(&format!("/api/applications?period={tab}&per_page=100"), Some(&trainer))
            .await
            .json()
            .await
            .unwrap();
        let listed = page["items"].as_array().unwrap().len() as u64;
        assert_eq!(page["total"].as_u64(), Some(listed), "the {tab} tab counts what it lists");
    }
    // SQLite writes one transaction at a time: a month's counters are one row (PostgreSQL shards them).
    if backend == Backend::Sqlite {
        assert_eq!(shards_beyond_the_first(&app).await, (0, 0), "organisation and prescriber rows of shards > 0");
    }
}

/// The counter rows of organisations and of prescribers kept in a shard other than 0.
async fn shards_beyond_the_first(app: &TestApp) -> (i64, i64) {
    use diesel::prelude::*;
    use tremplin::db::schema::{organisation_counts, prescriber_counts};
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || {
        let conn = &mut db.get().unwrap();
        let organisations =
            organisation_counts::table.filter(organisation_counts::shard.ne(0)).count().get_result(conn).unwrap();
        let prescribers =
            prescriber_counts::table.filter(prescriber_counts::shard.ne(0)).count().get_result(conn).unwrap();
        (organisations, prescribers)
    })
    .await
    .unwrap()
}

/// Whether the token's organisation lists `training` in "Gestion des formations" (tab `tab`), and whether the
/// tab's count in the headers is the list's total.
async fn lists_training(app: &TestApp, token: &str, tab: &str, training: &str) -> bool {
    let page: Value =
        app.get(&format!("/api/trainings?tab={tab}&per_page=100"), Some(token)).await.json().await.unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(page["total"].as_u64(), Some(items.len() as u64), "{tab}: counts what it lists");
    assert_eq!(page["counts"][tab], page["total"], "{tab}: the header's count is the total");
    items.iter().any(|t| t["reference"] == training)
}

/// R-ACC-3: an organisation's trainings are those it is responsible for or funds and those of the sessions it
/// trains or positions. They are kept in a table of their own (issue 11): each change of role shows at once.
async fn an_organisation_lists_the_trainings_of_its_roles_at_once(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (trainer, admin) = (app.login(TRAINER).await, app.login(ADMIN).await);
    let atelier = member_of(&app, "Atelier Formation Agenais", "membre@atelier.example").await;
    let atelier_id = app.organisation_id("Atelier Formation Agenais").await;
    let session: Value = app.get(&format!("/api/sessions/{UPCOMING}"), Some(&trainer)).await.json().await.unwrap();
    let training = session["training_reference"].as_str().unwrap().to_owned();
    let trainer_name = session["trainer_organisation"]["name"].as_str().unwrap().to_owned();
    assert!(lists_training(&app, &trainer, "published", &training).await, "the trainer's own training");
    assert!(!lists_training(&app, &atelier, "published", &training).await, "none of the Atelier's");

    let positioned = patch_session(&app, &admin, UPCOMING, json!({"positioner_organisation_id": atelier_id})).await;
    assert_eq!(positioned.status(), 200, "{}", positioned.text().await.unwrap());
    assert!(lists_training(&app, &atelier, "published", &training).await, "positioner of one of its sessions");
    assert_eq!(organisation_drift(&app).await, Vec::<String>::new(), "after a new positioner");

    patch_training(&app, &admin, &training, json!({"publication": "archived"})).await;
    assert!(!lists_training(&app, &atelier, "published", &training).await, "archived: out of the published tab");
    assert!(lists_training(&app, &atelier, "archived", &training).await, "in the archived tab");
    patch_training(&app, &admin, &training, json!({"publication": "published"})).await;

    let cleared = patch_session(&app, &admin, UPCOMING, json!({"positioner_organisation_id": null})).await;
    assert_eq!(cleared.status(), 200, "{}", cleared.text().await.unwrap());
    assert!(!lists_training(&app, &atelier, "published", &training).await, "no longer positioner");

    patch_training(&app, &admin, &training, json!({"responsible_organisation_id": atelier_id})).await;
    assert!(lists_training(&app, &atelier, "published", &training).await, "the new responsible organisation");
    assert!(
        lists_training(&app, &trainer, "published", &training).await,
        "the former responsible organisation still trains its sessions ({trainer_name})"
    );
    assert_eq!(organisation_drift(&app).await, Vec::<String>::new(), "after a new responsible organisation");
}

/// Two sessions of one training swap their trainers, both at once, again and again: each change removes one
/// organisation's link and adds the other's, in opposite orders, which on PostgreSQL would deadlock if the links
/// were not always taken in the same order. Every change succeeds and the organisations' trainings stay exact.
async fn swapping_two_sessions_trainers_at_once_keeps_the_trainings_lists(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let (bois, atelier) =
        (app.organisation_id("Forma'Bois Périgord").await, app.organisation_id("Atelier Formation Agenais").await);
    let funder = app.organisation_id("France Travail Nouvelle-Aquitaine").await;
    let session = |trainer: i64| {
        json!({"start_date": plus(30), "end_date": plus(100), "registration_deadline": plus(20),
            "late_entry_deadline": plus(40), "department": "24", "commune": "Périgueux", "trainer_organisation_id": trainer,
            "positioner_organisation_id": null, "capacity": 12, "coefficient": 1})
    };
    let body = json!({"title": "[POEC] Soudeur", "funder_organisation_id": funder, "contract_number": "T-2",
        "scheme": "POEC", "measure": "POEC", "responsible_organisation_id": bois, "publish": true,
        "sessions": [session(bois), session(atelier)]});
    let response = app.post_json("/api/trainings", Some(&admin), body).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    let first = created["sessions"][0]["reference"].as_str().unwrap().to_owned();
    let second = created["sessions"][1]["reference"].as_str().unwrap().to_owned();
    for round in 0..12 {
        let (to_first, to_second) = if round % 2 == 0 { (atelier, bois) } else { (bois, atelier) };
        let (a, b) = tokio::join!(
            patch_session(&app, &admin, &first, json!({"trainer_organisation_id": to_first})),
            patch_session(&app, &admin, &second, json!({"trainer_organisation_id": to_second})),
        );
        for response in [a, b] {
            let status = response.status();
            assert_eq!(status, 200, "round {round}: {}", response.text().await.unwrap());
        }
    }
    assert_eq!(organisation_drift(&app).await, Vec::<String>::new(), "after the swaps");
    let training = created["reference"].as_str().unwrap();
    let atelier_token = member_of(&app, "Atelier Formation Agenais", "membre@atelier.example").await;
    assert!(lists_training(&app, &atelier_token, "published", training).await, "the Atelier trains one session");
}

/// One organisation trains and positions the same session: the one change adds, then removes, the same link twice
/// (on PostgreSQL an `INSERT … ON CONFLICT` touching a row twice would fail). The training stays listed until the
/// organisation holds neither role.
async fn one_organisation_in_two_roles_of_a_session_keeps_its_training_until_both_go(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let (bois, atelier) =
        (app.organisation_id("Forma'Bois Périgord").await, app.organisation_id("Atelier Formation Agenais").await);
    let funder = app.organisation_id("France Travail Nouvelle-Aquitaine").await;
    let session = json!({"start_date": plus(30), "end_date": plus(100), "registration_deadline": plus(20),
        "late_entry_deadline": plus(40), "department": "24", "commune": "Périgueux", "trainer_organisation_id": atelier,
        "positioner_organisation_id": atelier, "capacity": 12, "coefficient": 1});
    let body = json!({"title": "[POEC] Cariste", "funder_organisation_id": funder, "contract_number": "T-3",
        "scheme": "POEC", "measure": "POEC", "responsible_organisation_id": bois, "publish": true, "sessions": [session]});
    let response = app.post_json("/api/trainings", Some(&admin), body).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    let (training, reference) =
        (created["reference"].as_str().unwrap(), created["sessions"][0]["reference"].as_str().unwrap());
    let atelier_token = member_of(&app, "Atelier Formation Agenais", "membre@atelier.example").await;
    assert!(lists_training(&app, &atelier_token, "published", training).await, "trainer and positioner");
    assert_eq!(organisation_drift(&app).await, Vec::<String>::new(), "two links of one organisation");

    let cleared = patch_session(&app, &admin, reference, json!({"positioner_organisation_id": null})).await;
    assert_eq!(cleared.status(), 200, "{}", cleared.text().await.unwrap());
    assert!(lists_training(&app, &atelier_token, "published", training).await, "still the trainer");
    let moved = patch_session(&app, &admin, reference, json!({"trainer_organisation_id": bois})).await;
    assert_eq!(moved.status(), 200, "{}", moved.text().await.unwrap());
    assert!(!lists_training(&app, &atelier_token, "published", training).await, "neither role left");
    assert_eq!(organisation_drift(&app).await, Vec::<String>::new(), "after both roles went");
}
