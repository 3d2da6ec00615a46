//! The guide's missing pieces (issue 13, part 2) through real HTTP on both backends: invite kinds
//! (R-INV-KIND-1, R-INV-KIND-2), the "Type session" filter (R-LIST-TYPE-1), the funder's changes of a
//! session's trainer, positioner and commune (R-SES-7), a training's contact persons (R-TRN-CONTACT-1..3), the
//! trainees' outcomes and their ratios (R-OUT-1..3).

use serde_json::{Value, json};

use crate::applications::{UPCOMING, apply_ok, plus, put_decision};
use crate::helpers::{ADMIN, Backend, COUNSELLOR, FUNDER, TRAINER, TestApp, member_of, problem};
use crate::on_both_backends;
use crate::organisation_counts::drift;

on_both_backends!(
    r_inv_kind_1_r_inv_kind_2_each_invite_has_a_kind_interview_by_default,
    r_list_type_1_the_lists_filter_on_the_type_of_the_sessions_training,
    r_ses_7_the_funder_changes_trainer_positioner_and_commune_and_the_lists_follow,
    r_ses_7_the_organisation_asks_the_funder,
    r_trn_contact_1_to_3_the_organisation_lists_up_to_five_contacts,
    r_out_1_to_3_outcomes_of_retained_trainees_and_their_ratios,
);

const FINISHED: &str = "00498765";

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
    crate::list_copies::patch_training(&app, &admin, CHAUFFEUR, json!({"training_type": "Modulaire"})).await;
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

pub(crate) async fn patch_session(app: &TestApp, token: &str, reference: &str, body: Value) -> reqwest::Response {
    let response = app.get(&format!("/api/sessions/{reference}"), Some(token)).await;
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    app.client
        .patch(app.url(&format!("/api/sessions/{reference}")))
        .bearer_auth(token)
        .header("If-Match", etag)
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// How many of `reference`'s applications the token's organisation lists through `role`, and its list's total.
async fn in_list(app: &TestApp, token: &str, role: &str, reference: &str) -> (usize, u64) {
    let page: Value =
        app.get(&format!("/api/applications?role={role}&per_page=100"), Some(token)).await.json().await.unwrap();
    let rows = page["items"].as_array().unwrap().iter().filter(|i| i["session_reference"] == reference).count();
    (rows, page["total"].as_u64().unwrap())
}

async fn organisation_drift(app: &TestApp) -> Vec<String> {
    let db = app.db.clone();
    tokio::task::spawn_blocking(move || drift(&mut db.get().unwrap())).await.unwrap()
}

async fn r_ses_7_the_funder_changes_trainer_positioner_and_commune_and_the_lists_follow(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    for n in 0..2 {
        apply_ok(&app, &counsellor, UPCOMING, 7000 + n).await;
    }
    let trainer = app.login(TRAINER).await;
    let atelier = member_of(&app, "Atelier Formation Agenais", "membre@atelier.example").await;
    let (shown, _) = in_list(&app, &trainer, "trainer", UPCOMING).await;
    assert!(shown >= 2);
    assert_eq!(in_list(&app, &atelier, "trainer", UPCOMING).await.0, 0);

    let funder = app.login(FUNDER).await;
    let session: Value = app.get(&format!("/api/sessions/{UPCOMING}"), Some(&funder)).await.json().await.unwrap();
    assert_eq!(session["may_change_parties"], true);
    let new_trainer = app.organisation_id("Atelier Formation Agenais").await;
    let former = session["trainer_organisation"]["id"].as_i64().unwrap();
    let body = json!({"trainer_organisation_id": new_trainer, "positioner_organisation_id": former,
        "department": "47", "commune": "Agen"});
    let response = patch_session(&app, &funder, UPCOMING, body).await;
    assert_eq!(response.status(), 200);
    let updated: Value = response.json().await.unwrap();
    assert_eq!(updated["session"]["trainer_organisation"]["id"], new_trainer);
    assert_eq!(updated["session"]["positioner_organisation"]["id"], former);
    assert_eq!(updated["session"]["commune_label"], "47 - Agen");

    // The applications' copies moved: Atelier trains them now, Forma'Bois positions (and stays responsible).
    assert_eq!(in_list(&app, &atelier, "trainer", UPCOMING).await.0, shown);
    let (listed, total) = in_list(&app, &atelier, "trainer", UPCOMING).await;
    assert_eq!(total, listed as u64, "counted as listed");
    assert_eq!(in_list(&app, &trainer, "trainer", UPCOMING).await.0, 0);
    assert_eq!(in_list(&app, &trainer, "positioner", UPCOMING).await.0, shown);
    assert_eq!(organisation_drift(&app).await, Vec::<String>::new(), "the counters follow");

    // The positioner removed; the history names each change (R-SES-6).
    let response = patch_session(&app, &funder, UPCOMING, json!({"positioner_organisation_id": null})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(in_list(&app, &trainer, "positioner", UPCOMING).await.0, 0);
    assert_eq!(organisation_drift(&app).await, Vec::<String>::new());
    let history: Value =
        app.get(&format!("/api/sessions/{UPCOMING}/history"), Some(&funder)).await.json().await.unwrap();
    let changes: Vec<Value> =
        history.as_array().unwrap().iter().flat_map(|e| e["changes"].as_array().unwrap().clone()).collect();
    for expected in [
        json!({"field": "trainer_organisation_id", "before": former, "after": new_trainer}),
        json!({"field": "positioner_organisation_id", "before": former, "after": null}),
        json!({"field": "commune", "before": "Boulazac Isle Manoire", "after": "Agen"}),
        json!({"field": "department", "before": "24", "after": "47"}),
    ] {
        assert!(changes.contains(&expected), "{expected} in {changes:?}");
    }

    // Only training organisations train or position; a commune must be one.
    let funder_id = app.organisation_id("France Travail Nouvelle-Aquitaine").await;
    let (status, body) =
        problem(patch_session(&app, &funder, UPCOMING, json!({"trainer_organisation_id": funder_id})).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_organisation")), "{body}");
    let (status, body) = problem(patch_session(&app, &funder, UPCOMING, json!({"department": "99"})).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_department")), "{body}");
}

async fn r_ses_7_the_organisation_asks_the_funder(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let session: Value = app.get(&format!("/api/sessions/{UPCOMING}"), Some(&trainer)).await.json().await.unwrap();
    assert_eq!(session["may_change_parties"], false);
    let other = app.organisation_id("Atelier Formation Agenais").await;
    for (body, field) in [
        (json!({"trainer_organisation_id": other}), "trainer_organisation_id"),
        (json!({"positioner_organisation_id": other}), "positioner_organisation_id"),
        (json!({"commune": "Périgueux"}), "commune"),
    ] {
        let (status, problem_body) = problem(patch_session(&app, &trainer, UPCOMING, body).await).await;
        assert_eq!((status, problem_body["code"].as_str()), (422, Some("session_parties_funder_only")));
        assert_eq!(problem_body["errors"][0]["field"], field);
        assert!(problem_body["detail"].as_str().unwrap().contains("financeur"), "{problem_body}");
    }
    // Sending the current values back is no change (the web app sends the whole form).
    let same = json!({"trainer_organisation_id": session["trainer_organisation"]["id"], "department": "24",
        "commune": session["commune"]});
    assert_eq!(patch_session(&app, &trainer, UPCOMING, same).await.status(), 200);
}

async fn patch_training(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.client
        .patch(app.url(&format!("/api/trainings/{CHAUFFEUR}")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn r_trn_contact_1_to_3_the_organisation_lists_up_to_five_contacts(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let contacts = json!([
        {"name": " Camille Laborde ", "phone": "05 53 00 00 01", "email": "Camille@forma.example"},
        {"name": "Luc Bordes", "phone": "+33 5 53 00 00 02", "email": "luc@forma.example"},
    ]);
    let response = patch_training(&app, &trainer, json!({"contacts": contacts})).await;
    assert_eq!(response.status(), 200);
    let training: Value = app.get(&format!("/api/trainings/{CHAUFFEUR}"), Some(&trainer)).await.json().await.unwrap();
    assert_eq!(
        training["contacts"],
        json!([{"name": "Camille Laborde", "phone": "05 53 00 00 01", "email": "camille@forma.example"},
            {"name": "Luc Bordes", "phone": "+33 5 53 00 00 02", "email": "luc@forma.example"}])
    );
    assert_eq!(training["texts"]["contact_name"], "Camille Laborde", "the first is the historical contact");
    // An older client changes the first contact only.
    assert_eq!(patch_training(&app, &trainer, json!({"contact_name": "Camille L."})).await.status(), 200);
    let training: Value = app.get(&format!("/api/trainings/{CHAUFFEUR}"), Some(&trainer)).await.json().await.unwrap();
    assert_eq!(
        (training["contacts"][0]["name"].as_str(), training["contacts"][1]["name"].as_str()),
        (Some("Camille L."), Some("Luc Bordes"))
    );
    let history: Value =
        app.get(&format!("/api/trainings/{CHAUFFEUR}/history"), Some(&trainer)).await.json().await.unwrap();
    assert!(
        history.as_array().unwrap().iter().any(|e| e["changes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["field"] == "contacts"))
    );

    let one = json!({"name": "Contact", "phone": "05 53 00 00 00", "email": "c@forma.example"});
    let six = vec![one.clone(); 6];
    let (status, body) = problem(patch_training(&app, &trainer, json!({"contacts": six})).await).await;
    assert_eq!(
        (status, body["code"].as_str(), body["errors"][0]["field"].as_str()),
        (422, Some("too_many_contacts"), Some("contacts"))
    );
    let bad = json!([one, {"name": "Luc", "phone": "05 53 00 00 02", "email": "luc@"}]);
    let (status, body) = problem(patch_training(&app, &trainer, json!({"contacts": bad})).await).await;
    assert_eq!((status, body["errors"][0]["field"].as_str()), (422, Some("contacts[1].email")), "{body}");
    assert!(body["detail"].as_str().unwrap().starts_with("Personne contact n° 2"), "{body}");
    let (status, body) =
        problem(patch_training(&app, &trainer, json!({"contacts": [one], "contact_name": "X"})).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("contacts_and_first_contact")));
    assert_eq!(patch_training(&app, &trainer, json!({"contacts": []})).await.status(), 200);
    let training: Value = app.get(&format!("/api/trainings/{CHAUFFEUR}"), Some(&trainer)).await.json().await.unwrap();
    assert_eq!(
        (training["contacts"].as_array().map(Vec::len), training["texts"]["contact_name"].as_str()),
        (Some(0), Some(""))
    );
    // Another organisation never sees the training (R-ACC-3).
    let atelier = member_of(&app, "Atelier Formation Agenais", "membre@atelier.example").await;
    assert_eq!(patch_training(&app, &atelier, json!({"contacts": [one]})).await.status(), 404);
}

async fn put_outcome(app: &TestApp, token: &str, reference: &str, outcome: &str) -> reqwest::Response {
    app.client
        .put(app.url(&format!("/api/applications/{reference}/outcome")))
        .bearer_auth(token)
        .json(&json!({ "outcome": outcome }))
        .send()
        .await
        .unwrap()
}

async fn r_out_1_to_3_outcomes_of_retained_trainees_and_their_ratios(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let path = format!("/api/sessions/{FINISHED}/outcomes");
    let before: Value = app.get(&path, Some(&trainer)).await.json().await.unwrap();
    assert_eq!(before["may_record"], true);
    let trainees = before["trainees"].as_array().unwrap().clone();
    assert!(!trainees.is_empty(), "the finished session has retained trainees");
    assert_eq!(before["ratios"]["not_recorded"], trainees.len());
    let first = trainees[0]["application_reference"].as_str().unwrap().to_owned();

    assert_eq!(put_outcome(&app, &trainer, &first, "short_contract").await.status(), 200);
    let response = put_outcome(&app, &trainer, &first, "long_contract").await;
    assert_eq!(response.status(), 200, "a later call corrects it");
    let after: Value = app.get(&path, Some(&trainer)).await.json().await.unwrap();
    assert_eq!(after["trainees"][0]["outcome"], "long_contract");
    let ratios = &after["ratios"];
    assert_eq!(
        (ratios["positive"].as_u64(), ratios["not_recorded"].as_u64()),
        (Some(1), Some(trainees.len() as u64 - 1))
    );
    let long = ratios["shares"].as_array().unwrap().iter().find(|s| s["outcome"] == "long_contract").unwrap().clone();
    assert_eq!(long["count"], 1);
    let expected = (1000.0 / trainees.len() as f64).round() / 10.0;
    assert_eq!(long["percent"].as_f64(), Some(expected));

    // The funder sees it across its sessions; others may not.
    let funder = app.login(FUNDER).await;
    let view: Value = app.get("/api/outcomes", Some(&funder)).await.json().await.unwrap();
    let row = view["sessions"].as_array().unwrap().iter().find(|s| s["session_reference"] == FINISHED).unwrap().clone();
    assert_eq!(row["ratios"]["positive"], 1);
    assert!(view["total"]["trainees"].as_u64().unwrap() >= trainees.len() as u64);
    let funder_session: Value = app.get(&path, Some(&funder)).await.json().await.unwrap();
    assert_eq!(
        (funder_session["may_record"].as_bool(), funder_session["ratios"]["positive"].as_u64()),
        (Some(false), Some(1))
    );
    let (status, body) = problem(app.get("/api/outcomes", Some(&trainer)).await).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("outcomes_funder_only")));

    // R-OUT-1: only retained trainees of ended sessions, by the session's organisations.
    let counsellor = app.login(COUNSELLOR).await;
    let pending = apply_ok(&app, &counsellor, UPCOMING, 8000).await;
    let (status, body) = problem(put_outcome(&app, &trainer, &pending, "job_seeking").await).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("outcome_needs_retained")), "{body}");
    let (status, body) = problem(put_outcome(&app, &counsellor, &pending, "job_seeking").await).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("outcome_forbidden")), "{body}");
    let (status, _) = problem(put_outcome(&app, &trainer, &first, "promoted").await).await;
    assert_eq!(status, 400, "an outcome outside the guide's list");
    let atelier = member_of(&app, "Atelier Formation Agenais", "membre@atelier.example").await;
    assert_eq!(put_outcome(&app, &atelier, &first, "unknown").await.status(), 404);
    assert_eq!(app.get(&path, Some(&atelier)).await.status(), 404);
}
