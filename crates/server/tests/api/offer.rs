//! Offer management through real HTTP on both backends: trainings (R-TRN-*), sessions and their calendar
//! (R-SES-*), the audit trail, optimistic locking, and strict tenancy (R-ACC-2, R-ACC-3).

use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Backend, FUNDER, TRAINER, TestApp, member_of, problem};
use crate::on_both_backends;

on_both_backends!(
    r_trn_1_the_platform_creates_a_poec_training_with_its_sessions,
    r_trn_1_an_edited_title_stays_a_poec_title,
    r_trn_2_a_new_training_has_the_bounded_texts_of_an_edited_one,
    r_trn_2_an_organisation_enriches_its_training_but_locked_fields_are_refused,
    r_trn_3_a_certification_change_waits_for_the_platform,
    r_trn_4_tabs_have_counts_search_and_pages,
    r_ses_3_an_organisation_postpones_the_start_by_at_most_14_days,
    r_ses_3_repeated_postponements_stop_14_days_after_the_published_start,
    r_ses_4_a_registration_deadline_past_the_late_entry_deadline_needs_both_moved,
    r_ses_5_the_session_comment_holds_600_characters,
    r_ses_6_every_change_is_in_the_history_with_who_before_and_after,
    session_changes_need_the_current_etag,
    concurrent_changes_with_one_etag_let_exactly_one_through,
    sessions_are_cancelled_by_the_funder_only,
    r_acc_3_another_organisation_gets_404_on_every_offer_route_of_the_spec,
    r_acc_2_a_request_acts_only_for_an_approved_membership,
    r_list_2_sessions_by_period_role_and_state,
);

const CHAUFFEUR: &str = "202305156095";
const UPCOMING: &str = "00512345";

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

fn plus(days: i64) -> String {
    let date = if days >= 0 { today() + Days::new(days as u64) } else { today() - Days::new((-days) as u64) };
    date.to_string()
}

async fn patch_session(app: &TestApp, token: &str, reference: &str, etag: &str, body: Value) -> reqwest::Response {
    app.client
        .patch(app.url(&format!("/api/sessions/{reference}")))
        .bearer_auth(token)
        .header("If-Match", etag)
        .json(&body)
        .send()
        .await
        .unwrap()
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

/// The session and its ETag.
async fn session(app: &TestApp, token: &str, reference: &str) -> (Value, String) {
    let response = app.get(&format!("/api/sessions/{reference}"), Some(token)).await;
    assert_eq!(response.status(), 200);
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    (response.json().await.unwrap(), etag)
}

async fn r_trn_1_the_platform_creates_a_poec_training_with_its_sessions(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer_org = app.organisation_id("Forma'Bois Périgord").await;
    let funder_org = app.organisation_id("France Travail Nouvelle-Aquitaine").await;
    let new_session = json!({"start_date": plus(30), "end_date": plus(100), "registration_deadline": plus(20),
        "late_entry_deadline": plus(40), "department": "24", "commune": "Périgueux",
        "trainer_organisation_id": trainer_org, "positioner_organisation_id": null, "capacity": 10, "coefficient": 3});
    let body = json!({"title": "[POEC] Conducteur de ligne", "funder_organisation_id": funder_org,
        "contract_number": "POEC-24-001", "scheme": "POEC", "measure": "POEC", "responsible_organisation_id": trainer_org,
        "publish": true, "sessions": [new_session]});

    let trainer = app.login(TRAINER).await;
    assert_eq!(problem(app.post_json("/api/trainings", Some(&trainer), body.clone()).await).await.0, 403);
    let admin = app.login(ADMIN).await;
    let mut no_poec = body.clone();
    no_poec["title"] = json!("Conducteur de ligne");
    let (status, error) = problem(app.post_json("/api/trainings", Some(&admin), no_poec).await).await;
    assert_eq!((status, error["errors"][0]["field"].as_str()), (422, Some("title")));
    let mut bad_dates = body.clone();
    bad_dates["sessions"][0]["end_date"] = json!(plus(10));
    let (status, error) = problem(app.post_json("/api/trainings", Some(&admin), bad_dates).await).await;
    assert_eq!(status, 422);
    assert!(error["errors"][0]["field"].as_str().unwrap().starts_with("sessions[0]."), "{error}");

    let response = app.post_json("/api/trainings", Some(&admin), body).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    let reference = created["reference"].as_str().unwrap();
    assert!(reference.len() == 12 && reference.bytes().all(|b| b.is_ascii_digit()), "R-TRN-5: {reference}");
    let session_ref = created["sessions"][0]["reference"].as_str().unwrap();
    assert!(session_ref.len() == 8 && session_ref.bytes().all(|b| b.is_ascii_digit()), "R-TRN-5: {session_ref}");
    assert_eq!(created["sessions"][0]["occupancy"], "0 / 30", "R-QUOTA-1: 10 × 3");
    let (seen, _) = session(&app, &trainer, session_ref).await;
    assert_eq!(seen["commune_label"], "24 - Périgueux");
    let list: Value = app.get("/api/trainings?q=conducteur", Some(&trainer)).await.json().await.unwrap();
    assert_eq!(list["total"], 1);
}

async fn r_trn_2_a_new_training_has_the_bounded_texts_of_an_edited_one(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer_org = app.organisation_id("Forma'Bois Périgord").await;
    let funder_org = app.organisation_id("France Travail Nouvelle-Aquitaine").await;
    let body = |texts: Value| {
        json!({"title": "[POEC] Conducteur de ligne", "funder_organisation_id": funder_org,
            "contract_number": "POEC-24-002", "scheme": "POEC", "measure": "POEC",
            "responsible_organisation_id": trainer_org, "texts": texts, "sessions": []})
    };
    let admin = app.login(ADMIN).await;
    let long = json!({"programme": "a".repeat(11_000)});
    let (status, error) = problem(app.post_json("/api/trainings", Some(&admin), body(long)).await).await;
    assert_eq!((status, error["code"].as_str()), (422, Some("text_too_long")), "{error}");
    assert_eq!(error["errors"][0]["field"], "texts.programme");
    let no_mail = json!({"contact_email": "pas-une-adresse"});
    let (status, error) = problem(app.post_json("/api/trainings", Some(&admin), body(no_mail)).await).await;
    assert_eq!((status, error["code"].as_str()), (422, Some("invalid_email")), "{error}");

    let fits = json!({"programme": format!("  {}  ", "a".repeat(10_000)), "contact_email": "contact@formabois.fr"});
    let response = app.post_json("/api/trainings", Some(&admin), body(fits)).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["texts"]["programme"].as_str().map(str::len), Some(10_000), "trimmed like an edit");
}

async fn r_trn_1_an_edited_title_stays_a_poec_title(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    for refused in ["Chauffeur livreur", "[POEC]   ", &format!("[POEC] {}", "a".repeat(300))] {
        let (status, body) = problem(patch_training(&app, &admin, json!({ "title": refused })).await).await;
        assert_eq!((status, body["code"].as_str()), (422, Some("invalid_title")), "{refused}");
        assert_eq!(body["errors"][0]["field"], "title");
    }
    let response = patch_training(&app, &admin, json!({"title": "  [POEC] Chauffeur livreur  "})).await;
    assert_eq!(response.status(), 200);
    let training: Value = response.json().await.unwrap();
    assert_eq!(training["title"], "[POEC] Chauffeur livreur");
}

async fn r_trn_2_an_organisation_enriches_its_training_but_locked_fields_are_refused(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let response = patch_training(
        &app,
        &trainer,
        json!({"highlights": "Plateau technique de 800 m²", "contact_name": "Camille Laborde"}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let training: Value = response.json().await.unwrap();
    assert_eq!(training["texts"]["highlights"], "Plateau technique de 800 m²");
    assert!(!training["editable_fields"].as_array().unwrap().contains(&json!("title")));

    let (status, body) = problem(
        patch_training(&app, &trainer, json!({"title": "[POEC] Autre", "contract_number": "X", "objective": "ok"}))
            .await,
    )
    .await;
    assert_eq!((status, body["code"].as_str()), (422, Some("field_locked")));
    let fields: Vec<&str> = body["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["title", "contract_number"]);
    let unchanged: Value = app.get(&format!("/api/trainings/{CHAUFFEUR}"), Some(&trainer)).await.json().await.unwrap();
    assert_eq!(unchanged["texts"]["objective"], training["texts"]["objective"], "a refused request changes nothing");

    let funder = app.login(FUNDER).await;
    let response = patch_training(&app, &funder, json!({"contract_number": "POECCONSTRUCT18-0724"})).await;
    assert_eq!(response.status(), 200, "R-ACC-4: the funder changes locked fields");
}

async fn r_trn_3_a_certification_change_waits_for_the_platform(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let training: Value =
        patch_training(&app, &trainer, json!({"certification": "Titre professionnel Agent magasinier"}))
            .await
            .json()
            .await
            .unwrap();
    assert_eq!(training["certification"]["status"], "awaiting_validation");
    assert_eq!(training["certification"]["published"], "CACES R489 catégories 1A, 3 et 5");
    let tab: Value = app.get("/api/trainings?tab=awaiting_validation", Some(&trainer)).await.json().await.unwrap();
    assert_eq!((tab["total"].as_u64(), tab["counts"]["awaiting_validation"].as_u64()), (Some(1), Some(1)));

    let path = format!("/api/trainings/{CHAUFFEUR}/certification/approve");
    assert_eq!(problem(app.post_json(&path, Some(&trainer), json!({})).await).await.0, 403);
    let admin = app.login(ADMIN).await;
    let approved: Value = app.post_json(&path, Some(&admin), json!({})).await.json().await.unwrap();
    assert_eq!(approved["certification"]["published"], "Titre professionnel Agent magasinier");
    assert_eq!(approved["certification"]["status"], "up_to_date");
    let (status, body) = problem(app.post_json(&path, Some(&admin), json!({})).await).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("no_certification_change_pending")));

    patch_training(&app, &trainer, json!({"certification": "Autre"})).await;
    let reject = format!("/api/trainings/{CHAUFFEUR}/certification/reject");
    let rejected: Value = app.post_json(&reject, Some(&admin), json!({})).await.json().await.unwrap();
    assert_eq!(rejected["certification"]["status"], "rejected");
    assert!(
        rejected["alerts"].as_array().unwrap().iter().any(|a| a["code"] == "certification_rejected"),
        "R-TRN-4 alert"
    );
}

async fn r_trn_4_tabs_have_counts_search_and_pages(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let all: Value = app.get("/api/trainings", Some(&admin)).await.json().await.unwrap();
    assert_eq!((all["total"].as_u64(), all["counts"]["published"].as_u64()), (Some(2), Some(2)));
    let page: Value = app.get("/api/trainings?per_page=1&page=2", Some(&admin)).await.json().await.unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["reference"], "202411040012", "sorted by reference");
    let by_title: Value = app.get("/api/trainings?sort=title", Some(&admin)).await.json().await.unwrap();
    assert_eq!(by_title["items"][0]["reference"], CHAUFFEUR, "« Chauffeur » before « Mécanicien »");
    let search: Value = app.get("/api/trainings?q=M%C3%89CANICIEN", Some(&admin)).await.json().await.unwrap();
    assert_eq!(search["total"], 1);
    // A part of the reference or of the contract number, in any case; the search syntax of SQLite's trigram
    // index (quotes, operators, column names) and LIKE's wildcards are plain text.
    for (q, found) in [
        ("11040", 1),
        ("mo830", 1),
        ("ec%5D", 2),
        ("%22%20OR%20%22", 0),
        ("title%3A%20m%C3%A9canicien", 0),
        ("%25%25%25", 0),
        ("_", 0),
        ("%22", 0),
    ] {
        let search: Value = app.get(&format!("/api/trainings?q={q}"), Some(&admin)).await.json().await.unwrap();
        assert_eq!(search["total"], found, "q={q}: {search}");
        assert_eq!(search["items"].as_array().map(Vec::len), Some(found), "q={q}: {search}");
    }
    let archived = json!({"publication": "archived"});
    let response = app
        .client
        .patch(app.url("/api/trainings/202411040012"))
        .bearer_auth(&admin)
        .json(&archived)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let counts: Value = app.get("/api/trainings?tab=archived", Some(&admin)).await.json().await.unwrap();
    assert_eq!((counts["total"].as_u64(), counts["counts"]["published"].as_u64()), (Some(1), Some(1)));
    let trainer = app.login(TRAINER).await;
    let (status, _) = problem(patch_training(&app, &trainer, json!({"publication": "deleted"})).await).await;
    assert_eq!(status, 403);
    let (status, _) = problem(app.get("/api/trainings?tab=nope", Some(&trainer)).await).await;
    assert_eq!(status, 400);
}

async fn r_ses_3_an_organisation_postpones_the_start_by_at_most_14_days(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let (before, etag) = session(&app, &trainer, UPCOMING).await;
    assert_eq!(before["start_date"], plus(20));
    let response = patch_session(&app, &trainer, UPCOMING, &etag, json!({"start_date": plus(27)})).await;
    assert_eq!(response.status(), 200);
    let updated: Value = response.json().await.unwrap();
    assert_eq!(updated["session"]["start_date"], plus(27));
    let codes: Vec<&str> =
        updated["warnings"].as_array().unwrap().iter().map(|w| w["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"applicant_files_may_be_affected"), "{codes:?}");

    let (_, etag) = session(&app, &trainer, UPCOMING).await;
    let (status, body) =
        problem(patch_session(&app, &trainer, UPCOMING, &etag, json!({"start_date": plus(47)})).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("start_change_not_allowed")));
    assert!(body["detail"].as_str().unwrap().contains("France Travail ou l'OPCO"), "{body}");
    let (status, _) =
        problem(patch_session(&app, &trainer, UPCOMING, &etag, json!({"start_date": plus(25)})).await).await;
    assert_eq!(status, 422, "bringing the start forward is the funder's");

    let funder = app.login(FUNDER).await;
    let (_, etag) = session(&app, &funder, UPCOMING).await;
    let response = patch_session(&app, &funder, UPCOMING, &etag, json!({"start_date": plus(47)})).await;
    assert_eq!(response.status(), 200, "the funder moves dates freely within R-SES-2");
}

/// The start of `reference` moved to `plus(days)` by `token`: the answer's status and body.
async fn move_start(app: &TestApp, token: &str, reference: &str, days: i64) -> (u16, Value) {
    let (_, etag) = session(app, token, reference).await;
    let response = patch_session(app, token, reference, &etag, json!({"start_date": plus(days)})).await;
    (response.status().as_u16(), response.json().await.unwrap())
}

async fn r_ses_3_repeated_postponements_stop_14_days_after_the_published_start(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let (before, _) = session(&app, &trainer, UPCOMING).await;
    assert_eq!(
        (before["published_start_date"].as_str(), before["start_date"].as_str()),
        (Some(&*plus(20)), Some(&*plus(20)))
    );
    assert_eq!(before["latest_organisation_start"], plus(34));
    assert_eq!(move_start(&app, &trainer, UPCOMING, 30).await.0, 200);
    // 5 more days from the current start, but 15 from the published one.
    let (status, body) = move_start(&app, &trainer, UPCOMING, 35).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("start_change_not_allowed")), "{body}");
    assert_eq!(body["extra"]["latest_allowed_start"], plus(34));
    for day in [32, 34] {
        assert_eq!(move_start(&app, &trainer, UPCOMING, day).await.0, 200);
    }
    assert_eq!(move_start(&app, &trainer, UPCOMING, 35).await.0, 422, "14 days in all, however many edits");
    let (after, _) = session(&app, &trainer, UPCOMING).await;
    assert_eq!(
        (after["start_date"].as_str(), after["published_start_date"].as_str()),
        (Some(&*plus(34)), Some(&*plus(20)))
    );

    let funder = app.login(FUNDER).await;
    let (status, body) = move_start(&app, &funder, UPCOMING, 50).await;
    assert_eq!(status, 200);
    assert_eq!(body["session"]["published_start_date"], plus(50), "the funder's start is published anew");
    assert_eq!(move_start(&app, &trainer, UPCOMING, 64).await.0, 200);
    assert_eq!(move_start(&app, &trainer, UPCOMING, 65).await.0, 422);
    let history: Value =
        app.get(&format!("/api/sessions/{UPCOMING}/history"), Some(&trainer)).await.json().await.unwrap();
    assert!(history.as_array().unwrap().iter().any(|entry| {
        entry["changes"]
            .as_array()
            .unwrap()
            .contains(&json!({"field": "published_start_date", "before": plus(20), "after": plus(50)}))
    }));
}

async fn r_ses_4_a_registration_deadline_past_the_late_entry_deadline_needs_both_moved(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let (_, etag) = session(&app, &trainer, UPCOMING).await;
    let (status, body) =
        problem(patch_session(&app, &trainer, UPCOMING, &etag, json!({"registration_deadline": plus(30)})).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("late_entry_deadline_must_move")));
    let earliest = body["extra"]["earliest_valid_late_entry_deadline"].as_str().unwrap().to_owned();
    assert_eq!(earliest, plus(30));
    let (unchanged, same_etag) = session(&app, &trainer, UPCOMING).await;
    assert_eq!(
        (unchanged["registration_deadline"].as_str(), same_etag.as_str()),
        (Some(plus(10).as_str()), etag.as_str())
    );

    let both = json!({"registration_deadline": plus(30), "late_entry_deadline": earliest});
    let updated: Value = patch_session(&app, &trainer, UPCOMING, &etag, both).await.json().await.unwrap();
    assert_eq!(updated["session"]["late_entry_deadline"], plus(30));
    // Closing the session to applications: the registration deadline moved to yesterday.
    let (_, etag) = session(&app, &trainer, UPCOMING).await;
    let closed: Value = patch_session(&app, &trainer, UPCOMING, &etag, json!({"registration_deadline": plus(-1)}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(closed["session"]["state"], "late_entry_only");
}

async fn r_ses_5_the_session_comment_holds_600_characters(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let (_, etag) = session(&app, &trainer, UPCOMING).await;
    let (status, body) =
        problem(patch_session(&app, &trainer, UPCOMING, &etag, json!({"comment": "é".repeat(601)})).await).await;
    assert_eq!((status, body["errors"][0]["field"].as_str()), (422, Some("comment")));
    let response = patch_session(&app, &trainer, UPCOMING, &etag, json!({"comment": "é".repeat(600)})).await;
    assert_eq!(response.status(), 200, "600 accented characters are 1,200 bytes and fit");
}

async fn r_ses_6_every_change_is_in_the_history_with_who_before_and_after(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let (_, etag) = session(&app, &trainer, UPCOMING).await;
    patch_session(&app, &trainer, UPCOMING, &etag, json!({"comment": "Recrutement ouvert", "capacity": 14})).await;
    let history: Value =
        app.get(&format!("/api/sessions/{UPCOMING}/history"), Some(&trainer)).await.json().await.unwrap();
    let entry = &history[0];
    assert_eq!(
        (entry["actor_name"].as_str(), entry["organisation_name"].as_str()),
        (Some("Camille Laborde"), Some("Forma'Bois Périgord"))
    );
    let changes = entry["changes"].as_array().unwrap();
    assert!(
        changes.contains(&json!({"field": "comment", "before": "Ouverture prochaine", "after": "Recrutement ouvert"}))
    );
    assert!(changes.contains(&json!({"field": "capacity", "before": 12, "after": 14})));

    patch_training(&app, &trainer, json!({"objective": "Nouvel objectif"})).await;
    let history: Value =
        app.get(&format!("/api/trainings/{CHAUFFEUR}/history"), Some(&trainer)).await.json().await.unwrap();
    assert_eq!(history[0]["changes"][0]["field"], "objective");
    assert_eq!(history[0]["changes"][0]["after"], "Nouvel objectif");
}

async fn session_changes_need_the_current_etag(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let no_etag = app
        .client
        .patch(app.url(&format!("/api/sessions/{UPCOMING}")))
        .bearer_auth(&trainer)
        .json(&json!({"comment": "x"}))
        .send()
        .await
        .unwrap();
    let (status, body) = problem(no_etag).await;
    assert_eq!((status, body["code"].as_str()), (428, Some("if_match_required")));
    let (_, etag) = session(&app, &trainer, UPCOMING).await;
    let first = patch_session(&app, &trainer, UPCOMING, &etag, json!({"comment": "premier"})).await;
    assert_eq!(first.status(), 200);
    assert_ne!(first.headers()["etag"].to_str().unwrap(), etag);
    let (status, body) =
        problem(patch_session(&app, &trainer, UPCOMING, &etag, json!({"comment": "second"})).await).await;
    assert_eq!((status, body["code"].as_str()), (412, Some("stale_version")));
    let (now, _) = session(&app, &trainer, UPCOMING).await;
    assert_eq!(now["comment"], "premier", "the stale save changed nothing");
}

async fn concurrent_changes_with_one_etag_let_exactly_one_through(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let (_, etag) = session(&app, &trainer, UPCOMING).await;
    let requests =
        (0..8).map(|i| patch_session(&app, &trainer, UPCOMING, &etag, json!({"comment": format!("éditeur {i}")})));
    let statuses: Vec<u16> =
        futures_util::future::join_all(requests).await.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 412).count(), 7, "{statuses:?}");
}

async fn sessions_are_cancelled_by_the_funder_only(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let path = format!("/api/sessions/{UPCOMING}/cancel");
    let trainer = app.login(TRAINER).await;
    let (status, body) = problem(app.post_json(&path, Some(&trainer), json!({})).await).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("cancel_forbidden")));
    let funder = app.login(FUNDER).await;
    let cancelled: Value = app.post_json(&path, Some(&funder), json!({})).await.json().await.unwrap();
    assert_eq!(cancelled["state"], "cancelled");
    assert_eq!(problem(app.post_json(&path, Some(&funder), json!({})).await).await.0, 409);
}

/// A user approved in "Atelier Formation Agenais", which holds no role on the demo trainer's offer.
async fn outsider(app: &TestApp) -> String {
    member_of(app, "Atelier Formation Agenais", "agen@example.org").await
}

async fn r_acc_3_another_organisation_gets_404_on_every_offer_route_of_the_spec(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let token = outsider(&app).await;
    let spec = tremplin::openapi::document();
    let spec = serde_json::to_value(spec).unwrap();
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        // Application routes have their own tenancy test (applications.rs).
        let reference = if path.contains("/applications") {
            continue;
        } else if path.starts_with("/api/trainings/{reference}") {
            CHAUFFEUR
        } else if path.starts_with("/api/sessions/{reference}") {
            UPCOMING
        } else {
            continue;
        };
        for method in item.as_object().unwrap().keys() {
            let url = app.url(&path.replace("{reference}", reference));
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let response = app
                .client
                .request(method.clone(), url)
                .bearer_auth(&token)
                .header("If-Match", "\"1\"")
                .json(&json!({}))
                .send()
                .await
                .unwrap();
            let (status, body) = problem(response).await;
            assert_eq!(status, 404, "{method} {path} must not reveal another organisation's object: {body}");
            checked += 1;
        }
    }
    assert!(checked >= 9, "the spec lists the offer routes ({checked} checked)");
    let list: Value = app.get("/api/trainings", Some(&token)).await.json().await.unwrap();
    let references: Vec<&str> =
        list["items"].as_array().unwrap().iter().map(|t| t["reference"].as_str().unwrap()).collect();
    assert_eq!(references, vec!["202411040012"], "only its own training is listed");
}

async fn r_acc_2_a_request_acts_only_for_an_approved_membership(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let org = app.organisation_id("Forma'Bois Périgord").await;
    let body = json!({"email": "attente@example.org", "password": "un mot de passe solide", "full_name": "En Attente", "organisation_id": org});
    app.post_json("/api/auth/signup", None, body).await;
    let token = app.login(("attente@example.org", "un mot de passe solide")).await;
    let (status, body) = problem(app.get("/api/trainings", Some(&token)).await).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("membership_pending")));
    let with_header = app
        .client
        .get(app.url("/api/trainings"))
        .bearer_auth(&token)
        .header("X-Organisation-Id", org.to_string())
        .send()
        .await
        .unwrap();
    let (status, body) = problem(with_header).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("membership_pending")));
    let trainer = app.login(TRAINER).await;
    let other = app.organisation_id("Atelier Formation Agenais").await;
    let foreign = app
        .client
        .get(app.url("/api/trainings"))
        .bearer_auth(&trainer)
        .header("X-Organisation-Id", other.to_string())
        .send()
        .await
        .unwrap();
    let (status, body) = problem(foreign).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("not_a_member")));
}

async fn r_list_2_sessions_by_period_role_and_state(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let references = |list: &Value| -> Vec<String> {
        list["items"].as_array().unwrap().iter().map(|s| s["reference"].as_str().unwrap().to_owned()).collect()
    };
    let current: Value = app.get("/api/sessions?period=current", Some(&trainer)).await.json().await.unwrap();
    assert_eq!(
        references(&current),
        vec!["00509908", "00512345", "00534567", "00511111"],
        "soonest first, its own only"
    );
    assert_eq!(current["period_counts"], json!({"current": 4, "finished": 1}));
    assert_eq!(current["items"][0]["commune"], "24 - Boulazac Isle Manoire");
    let finished: Value = app.get("/api/sessions?period=finished", Some(&trainer)).await.json().await.unwrap();
    assert_eq!(references(&finished), vec!["00498765"]);
    let cancelled: Value = app.get("/api/sessions?state=cancelled", Some(&trainer)).await.json().await.unwrap();
    assert_eq!(references(&cancelled), vec!["00511111"]);
    let positioner: Value = app.get("/api/sessions?role=positioner", Some(&trainer)).await.json().await.unwrap();
    assert_eq!(positioner["total"], 0, "Forma'Bois positions no session");
    let counsellor = app.login(crate::helpers::COUNSELLOR).await;
    assert_eq!(problem(app.get("/api/sessions", Some(&counsellor)).await).await.0, 403);
}
