//! The guide's missing pieces (issue 13, part 2) through real HTTP on both backends: invite kinds
//! (R-INV-KIND-1, R-INV-KIND-2), the "Type session" filter (R-LIST-TYPE-1).

use serde_json::{Value, json};

use crate::applications::{UPCOMING, apply_ok, plus, put_decision};
use crate::helpers::{ADMIN, Backend, COUNSELLOR, TRAINER, TestApp, problem};
use crate::on_both_backends;

on_both_backends!(
    r_inv_kind_1_r_inv_kind_2_each_invite_has_a_kind_interview_by_default,
    r_list_type_1_the_lists_filter_on_the_type_of_the_sessions_training,
);

const CHAUFFEUR: &str = "202305156095";

async fn invites(app: &TestApp, token: &str, reference: &str) -> Value {
    let detail: Value = app.get(&format!("/api/applications/{reference}"), Some(token)).await.json().await.unwrap();
    detail["decision"]["draft"]["invites"].clone()
}

async fn r_inv_kind_1_r_inv_kind_2_each_invite_has_a_kind_interview_by_default(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let reference = apply_ok(&app, &counsellor, UPCOMING, 1).await;
    let trainer = app.login(TRAINER).await;
    let draft = json!({"invites": [{"date": plus(-3), "kind": "information_collective", "result": "excused_absence"},
        {"date": plus(-1), "result": "present"}]});
    assert_eq!(put_decision(&app, &trainer, &reference, draft).await.status(), 200);
    let saved = invites(&app, &trainer, &reference).await;
    assert_eq!(saved[0]["kind"], "information_collective");
    assert_eq!(saved[1]["kind"], "interview", "an invite sent without kind is an interview");
    let (status, body) = problem(
        put_decision(&app, &trainer, &reference, json!({"invites": [{"date": plus(-1), "kind": "visite"}]})).await,
    )
    .await;
    assert_eq!(status, 400, "{body}");
}

/// The total and the references of a list's first page (100 rows: the demo holds fewer).
async fn listed(app: &TestApp, token: &str, path: &str) -> (u64, Vec<String>) {
    let response = app.get(path, Some(token)).await;
    assert_eq!(response.status(), 200, "{path}");
    let list: Value = response.json().await.unwrap();
    let references = list["items"].as_array().unwrap().iter().map(|i| i["reference"].as_str().unwrap().to_owned());
    (list["total"].as_u64().unwrap(), references.collect())
}

async fn r_list_type_1_the_lists_filter_on_the_type_of_the_sessions_training(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    for list in ["/api/applications?period=current&per_page=100", "/api/sessions?period=current&per_page=100"] {
        let all = listed(&app, &trainer, list).await;
        assert!(all.0 > 0, "{list}");
        assert_eq!(listed(&app, &trainer, &format!("{list}&session_type=%20simple%20")).await, all, "{list}");
        assert_eq!(listed(&app, &trainer, &format!("{list}&session_type=MODULAIRE")).await.0, 0, "{list}");
    }
    // The platform changes the guide's training's type: its sessions and their applications follow.
    let admin = app.login(ADMIN).await;
    let response = app
        .client
        .patch(app.url(&format!("/api/trainings/{CHAUFFEUR}")))
        .bearer_auth(&admin)
        .json(&json!({"training_type": "Modulaire"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    for list in ["/api/applications?period=current&per_page=100", "/api/sessions?period=current&per_page=100"] {
        let all = listed(&app, &trainer, list).await;
        assert_eq!(listed(&app, &trainer, &format!("{list}&session_type=modulaire")).await, all, "{list}");
        assert_eq!(listed(&app, &trainer, &format!("{list}&session_type=SIMPLE")).await.0, 0, "{list}");
    }
    // The counts of the tabs follow the filter too.
    let typed: Value =
        app.get("/api/applications?session_type=SIMPLE&role=responsible", Some(&trainer)).await.json().await.unwrap();
    assert_eq!(
        (typed["period_counts"]["current"].as_u64(), typed["period_counts"]["finished"].as_u64()),
        (Some(0), Some(0))
    );
    for bad in ["SIMPLE%25", "%20", &"A".repeat(41)] {
        let (status, body) = problem(app.get(&format!("/api/sessions?session_type={bad}"), Some(&trainer)).await).await;
        assert_eq!(status, 400, "{bad}: {body}");
        let (status, _) =
            problem(app.get(&format!("/api/applications?session_type={bad}"), Some(&trainer)).await).await;
        assert_eq!(status, 400, "{bad}");
    }
}
