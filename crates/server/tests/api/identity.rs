//! Health, sign-up with a pending membership (R-ACC-1), approval, log-in, the acting organisation (R-ACC-2),
//! platform-only organisation creation, and the problem+json answers to bad input.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, Backend, TRAINER, TestApp, problem};
use crate::on_both_backends;

on_both_backends!(
    health_answers_ok_once_the_database_answers,
    r_acc_1_signup_creates_a_pending_membership_that_an_organisation_admin_approves,
    r_acc_1_only_an_admin_of_the_organisation_or_the_platform_approves,
    a_pending_member_cannot_approve_and_a_malformed_organisation_header_is_refused,
    login_refuses_a_wrong_password_and_requests_need_a_valid_token,
    bad_input_is_answered_with_problem_json_never_500,
    organisations_are_created_by_the_platform_only_with_a_valid_unique_siret,
    the_public_organisation_list_filters_by_name_or_commune,
);

async fn health_answers_ok_once_the_database_answers(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let response = app.get("/api/health", None).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().await.unwrap(), json!({"status": "ok"}));
}

async fn signup(app: &TestApp, email: &str, organisation_id: i64) -> reqwest::Response {
    let body = json!({"email": email, "password": "un mot de passe solide", "full_name": "Lucie Étcheverry", "organisation_id": organisation_id});
    app.post_json("/api/auth/signup", None, body).await
}

async fn r_acc_1_signup_creates_a_pending_membership_that_an_organisation_admin_approves(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let org = app.organisation_id("Forma'Bois Périgord").await;
    let response = signup(&app, "Lucie@Example.org", org).await;
    assert_eq!(response.status(), 201);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["email"], "lucie@example.org", "e-mails are stored lower-cased");
    assert_eq!(me["memberships"][0]["status"], "pending");
    assert_eq!(me["memberships"][0]["organisation_name"], "Forma'Bois Périgord");

    let token = app.login(("lucie@example.org", "un mot de passe solide")).await;
    let me: Value = app.get("/api/me", Some(&token)).await.json().await.unwrap();
    assert_eq!(me["memberships"][0]["status"], "pending");
    let user_id = me["id"].as_i64().unwrap();

    let trainer = app.login(TRAINER).await;
    let path = format!("/api/organisations/{org}/memberships/{user_id}/approve");
    assert_eq!(app.post_json(&path, Some(&trainer), json!({})).await.status(), 204);
    let me: Value = app.get("/api/me", Some(&token)).await.json().await.unwrap();
    assert_eq!(me["memberships"][0]["status"], "approved");

    let (status, body) = problem(app.post_json(&path, Some(&trainer), json!({})).await).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("membership_already_approved")));
}

async fn r_acc_1_only_an_admin_of_the_organisation_or_the_platform_approves(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let org = app.organisation_id("Atelier Formation Agenais").await;
    let me: Value = signup(&app, "nouveau@example.org", org).await.json().await.unwrap();
    let path = format!("/api/organisations/{org}/memberships/{}/approve", me["id"]);

    // The demo trainer administers another organisation: it cannot approve members of this one.
    let trainer = app.login(TRAINER).await;
    let (status, body) = problem(app.post_json(&path, Some(&trainer), json!({})).await).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("membership_approval_forbidden")));

    let admin = app.login(ADMIN).await;
    assert_eq!(app.post_json(&path, Some(&admin), json!({})).await.status(), 204);
    let unknown = format!("/api/organisations/{org}/memberships/999999/approve");
    let (status, _) = problem(app.post_json(&unknown, Some(&admin), json!({})).await).await;
    assert_eq!(status, 404);
}

async fn a_pending_member_cannot_approve_and_a_malformed_organisation_header_is_refused(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let org = app.organisation_id("Forma'Bois Périgord").await;
    signup(&app, "attente@example.org", org).await;
    let token = app.login(("attente@example.org", "un mot de passe solide")).await;
    // Approving needs an admin membership; a pending one is not even a membership for that purpose.
    let path = format!("/api/organisations/{org}/memberships/1/approve");
    let response = app
        .client
        .post(app.url(&path))
        .bearer_auth(&token)
        .header("X-Organisation-Id", org.to_string())
        .send()
        .await
        .unwrap();
    let (status, _) = problem(response).await;
    assert_eq!(status, 403);
    let response =
        app.client.get(app.url("/api/me")).bearer_auth(&token).header("X-Organisation-Id", "abc").send().await.unwrap();
    let (status, body) = problem(response).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("invalid_organisation_header")));
}

async fn login_refuses_a_wrong_password_and_requests_need_a_valid_token(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let wrong = app
        .post_json("/api/auth/login", None, json!({"email": TRAINER.0, "password": "pas le bon mot de passe"}))
        .await;
    let (status, body) = problem(wrong).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("invalid_credentials")));
    let unknown = app
        .post_json("/api/auth/login", None, json!({"email": "personne@example.org", "password": "peu importe ici"}))
        .await;
    let (_, unknown_body) = problem(unknown).await;
    assert_eq!(unknown_body["detail"], body["detail"], "unknown e-mail and wrong password look the same");

    let (status, body) = problem(app.get("/api/me", None).await).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("missing_token")));
    let token = app.login(TRAINER).await;
    let tampered = format!("{token}x");
    let (status, body) = problem(app.get("/api/me", Some(&tampered)).await).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("invalid_token")));
    let me: Value = app.get("/api/me", Some(&token)).await.json().await.unwrap();
    assert_eq!(me["full_name"], "Camille Laborde");
    assert_eq!(me["memberships"][0]["status"], "approved");
}

async fn bad_input_is_answered_with_problem_json_never_500(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let malformed = app
        .client
        .post(app.url("/api/auth/login"))
        .header("content-type", "application/json")
        .body("{\"email\":")
        .send()
        .await
        .unwrap();
    let (status, body) = problem(malformed).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("malformed_json")));
    let wrong_shape = app.post_json("/api/auth/signup", None, json!({"email": 3})).await;
    assert_eq!(problem(wrong_shape).await.0, 400);
    let not_json = app
        .client
        .post(app.url("/api/auth/login"))
        .header("content-type", "text/plain")
        .body("x")
        .send()
        .await
        .unwrap();
    assert_eq!(problem(not_json).await.0, 415);

    let (status, body) = problem(signup(&app, "x@example.org", 424242).await).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let org = app.organisation_id("Forma'Bois Périgord").await;
    let (status, body) = problem(signup(&app, "pas-un-email", org).await).await;
    assert_eq!((status, body["errors"][0]["field"].as_str()), (422, Some("email")));
    let short = json!({"email": "court@example.org", "password": "court", "full_name": "A B", "organisation_id": org});
    let (status, body) = problem(app.post_json("/api/auth/signup", None, short).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("password_too_short")));
    let (status, body) = problem(signup(&app, TRAINER.0, org).await).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("email_taken")));
    // A known path asked with another method: 405, whatever its parameters hold.
    let (status, body) = problem(app.get("/api/organisations/abc/memberships/1/approve", None).await).await;
    assert_eq!((status, body["code"].as_str()), (405, Some("method_not_allowed")));
    let (status, body) = problem(app.get("/api/organisations/1/memberships", None).await).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("route_not_found")));
}

async fn organisations_are_created_by_the_platform_only_with_a_valid_unique_siret(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let body = json!({"name": "Cap Emploi Dordogne", "siret": "732 829 320 00074", "kind": "prescriber_other", "commune": "Périgueux"});
    let trainer = app.login(TRAINER).await;
    let (status, _) = problem(app.post_json("/api/organisations", Some(&trainer), body.clone()).await).await;
    assert_eq!(status, 403);
    let (status, _) = problem(app.post_json("/api/organisations", None, body.clone()).await).await;
    assert_eq!(status, 401);

    let admin = app.login(ADMIN).await;
    let response = app.post_json("/api/organisations", Some(&admin), body.clone()).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["siret"], "73282932000074", "spaces are dropped");
    let (status, body_dup) = problem(app.post_json("/api/organisations", Some(&admin), body).await).await;
    assert_eq!((status, body_dup["code"].as_str()), (409, Some("siret_taken")));

    let bad = json!({"name": "X", "siret": "73282932000075", "kind": "funder", "commune": "Pau"});
    let (status, bad_body) = problem(app.post_json("/api/organisations", Some(&admin), bad).await).await;
    assert_eq!((status, bad_body["errors"][0]["field"].as_str()), (422, Some("siret")));
    let bad_kind = json!({"name": "X", "siret": "73282932000074", "kind": "school", "commune": "Pau"});
    assert_eq!(problem(app.post_json("/api/organisations", Some(&admin), bad_kind).await).await.0, 400);
}

async fn the_public_organisation_list_filters_by_name_or_commune(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let names = |list: Value| -> Vec<String> {
        list.as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap().to_owned()).collect()
    };
    let all: Value = app.get("/api/organisations", None).await.json().await.unwrap();
    assert_eq!(all.as_array().unwrap().len(), 5);
    let agen: Value = app.get("/api/organisations?q=AGEN", None).await.json().await.unwrap();
    assert_eq!(names(agen), vec!["Atelier Formation Agenais"]);
    let by_commune: Value = app.get("/api/organisations?q=bordeaux", None).await.json().await.unwrap();
    assert_eq!(names(by_commune), vec!["France Travail Nouvelle-Aquitaine"]);
    let wildcard: Value = app.get("/api/organisations?q=%25", None).await.json().await.unwrap();
    assert!(names(wildcard).is_empty(), "a % typed by the user matches only itself");
}
