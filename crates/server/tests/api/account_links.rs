//! Single-use links sent by e-mail: invitations (R-ACC-8) and password resets (R-ACC-9). The tests read each
//! link from the e-mail written to the outbox, as a person reads it from their mailbox.

use diesel::prelude::*;
use serde_json::{Value, json};
use tremplin::db::schema::{invitations, outbox_events, password_resets};

use crate::helpers::{ADMIN, Backend, COUNSELLOR, TRAINER, TestApp, problem};
use crate::on_both_backends;

on_both_backends!(
    r_acc_9_a_reset_request_answers_the_same_whether_or_not_the_address_has_an_account,
    r_acc_9_a_forgotten_password_is_reset_once_through_the_emailed_link_and_old_tokens_die,
    r_acc_9_expired_and_forged_reset_links_are_refused,
    r_acc_8_an_invitation_creates_an_approved_membership_and_the_account_once,
    r_acc_8_an_existing_account_accepts_an_invitation_without_a_password,
);

/// The e-mails written to the outbox for `to`, oldest first (the whole stored message).
fn mails_to(app: &TestApp, to: &str) -> Vec<String> {
    let mut conn = app.db.get().unwrap();
    let payloads: Vec<String> =
        outbox_events::table.order(outbox_events::id.asc()).select(outbox_events::payload).load(&mut conn).unwrap();
    payloads.into_iter().filter(|p| p.contains(to)).collect()
}

/// The token of the last link to `page` e-mailed to `to`.
fn emailed_token(app: &TestApp, to: &str, page: &str) -> String {
    let mails = mails_to(app, to);
    let mail = mails.iter().rev().find(|m| m.contains(page)).unwrap_or_else(|| panic!("no mail to {to}: {mails:?}"));
    let start = mail.find("jeton=").unwrap() + "jeton=".len();
    mail[start..].chars().take_while(char::is_ascii_hexdigit).collect()
}

async fn request_reset(app: &TestApp, email: &str) -> reqwest::Response {
    app.post_json("/api/password/reset-requests", None, json!({"email": email})).await
}

async fn reset(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    app.post_json("/api/password/resets", None, json!({"token": token, "password": password})).await
}

async fn r_acc_9_a_reset_request_answers_the_same_whether_or_not_the_address_has_an_account(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let known = request_reset(&app, TRAINER.0).await;
    let unknown = request_reset(&app, "personne@example.org").await;
    assert_eq!((known.status().as_u16(), unknown.status().as_u16()), (202, 202));
    assert_eq!(known.text().await.unwrap(), unknown.text().await.unwrap());
    assert_eq!(mails_to(&app, TRAINER.0).len(), 1, "the account's owner gets the link");
    assert!(mails_to(&app, "personne@example.org").is_empty());
    let (status, body) = problem(request_reset(&app, "pas-une-adresse").await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_email")));
}

async fn r_acc_9_a_forgotten_password_is_reset_once_through_the_emailed_link_and_old_tokens_die(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let old_token = app.login(TRAINER).await;
    assert_eq!(request_reset(&app, "  Formation@Demo.Tremplin.fr ").await.status(), 202);
    let token = emailed_token(&app, TRAINER.0, "/mot-de-passe/nouveau");
    assert_eq!(token.len(), 64);
    // Only the token's hash is stored.
    let mut conn = app.db.get().unwrap();
    let stored: Vec<String> = password_resets::table.select(password_resets::token_hash).load(&mut conn).unwrap();
    assert!(!stored.contains(&token));

    let (status, body) = problem(reset(&app, &token, "court").await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("password_too_short")));
    let new_password = "un tout nouveau mot de passe";
    assert_eq!(reset(&app, &token, new_password).await.status(), 204);
    let (status, body) = problem(app.get("/api/me", Some(&old_token)).await).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("revoked_token")));
    app.login((TRAINER.0, new_password)).await;
    let (status, _) =
        problem(app.post_json("/api/auth/login", None, json!({"email": TRAINER.0, "password": TRAINER.1})).await).await;
    assert_eq!(status, 401, "the old password is gone");

    let (status, body) = problem(reset(&app, &token, "encore un autre mot de passe").await).await;
    assert_eq!(
        (status, body["code"].as_str(), body["errors"][0]["field"].as_str()),
        (422, Some("reset_link_used"), Some("token"))
    );
}

async fn r_acc_9_expired_and_forged_reset_links_are_refused(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (status, body) = problem(reset(&app, &"ab".repeat(32), "un mot de passe solide").await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("reset_link_invalid")));
    let (status, _) = problem(reset(&app, "", "un mot de passe solide").await).await;
    assert_eq!(status, 422);

    request_reset(&app, COUNSELLOR.0).await;
    let first = emailed_token(&app, COUNSELLOR.0, "/mot-de-passe/nouveau");
    // A second request replaces the first link: only the last e-mail counts.
    request_reset(&app, COUNSELLOR.0).await;
    let second = emailed_token(&app, COUNSELLOR.0, "/mot-de-passe/nouveau");
    assert_ne!(first, second);
    let (_, body) = problem(reset(&app, &first, "un mot de passe solide").await).await;
    assert_eq!(body["code"], "reset_link_invalid");

    let mut conn = app.db.get().unwrap();
    let a_minute_ago = tremplin::store::now() - chrono::TimeDelta::minutes(1);
    diesel::update(password_resets::table)
        .set(password_resets::expires_at.eq(a_minute_ago))
        .execute(&mut conn)
        .unwrap();
    let (status, body) = problem(reset(&app, &second, "un mot de passe solide").await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("reset_link_expired")));
    assert!(body["detail"].as_str().unwrap().contains("une heure"));
    app.login(COUNSELLOR).await;
}

async fn invite(app: &TestApp, token: &str, org: i64, email: &str) -> reqwest::Response {
    app.post_json(&format!("/api/organisations/{org}/invitations"), Some(token), json!({"email": email})).await
}

async fn r_acc_8_an_invitation_creates_an_approved_membership_and_the_account_once(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let org = app.organisation_id("Forma'Bois Périgord").await;
    let response = invite(&app, &trainer, org, "Nouvelle.Recrue@Example.org").await;
    assert_eq!(response.status(), 201);
    let invitation: Value = response.json().await.unwrap();
    assert_eq!(invitation["email"], "nouvelle.recrue@example.org");
    let listed: Value =
        app.get(&format!("/api/organisations/{org}/invitations"), Some(&trainer)).await.json().await.unwrap();
    assert_eq!(listed[0]["id"], invitation["id"]);

    let token = emailed_token(&app, "nouvelle.recrue@example.org", "/invitation");
    let preview: Value = app.get(&format!("/api/invitations/lookup?token={token}"), None).await.json().await.unwrap();
    assert_eq!(
        preview,
        json!({"organisation_name": "Forma'Bois Périgord", "email": "nouvelle.recrue@example.org", "has_account": false})
    );

    let accept = |body: Value| app.post_json("/api/invitations/accept", None, body);
    let (status, body) =
        problem(accept(json!({"token": token, "full_name": "Nouvelle Recrue", "password": "court"})).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("password_too_short")));
    let response =
        accept(json!({"token": token, "full_name": "Nouvelle Recrue", "password": "un mot de passe solide"})).await;
    assert_eq!(response.status(), 200);
    let accepted: Value = response.json().await.unwrap();
    assert_eq!((accepted["organisation_id"].as_i64(), accepted["account_created"].as_bool()), (Some(org), Some(true)));

    let recruit = app.login(("nouvelle.recrue@example.org", "un mot de passe solide")).await;
    let me: Value = app.get("/api/me", Some(&recruit)).await.json().await.unwrap();
    assert_eq!(
        (me["memberships"][0]["status"].as_str(), me["memberships"][0]["is_admin"].as_bool()),
        (Some("approved"), Some(false))
    );
    assert_eq!(app.get("/api/trainings", Some(&recruit)).await.status(), 200);

    let (status, body) = problem(accept(json!({"token": token})).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invitation_used")));
    let (status, body) = problem(app.get(&format!("/api/invitations/lookup?token={token}"), None).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invitation_used")));
    let (status, body) = problem(invite(&app, &trainer, org, "nouvelle.recrue@example.org").await).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("already_member")));

    // Expired and forged links.
    invite(&app, &trainer, org, "tardive@example.org").await;
    let late = emailed_token(&app, "tardive@example.org", "/invitation");
    let mut conn = app.db.get().unwrap();
    diesel::update(invitations::table.filter(invitations::email.eq("tardive@example.org")))
        .set(invitations::expires_at.eq(tremplin::store::now() - chrono::TimeDelta::seconds(1)))
        .execute(&mut conn)
        .unwrap();
    let (_, body) =
        problem(accept(json!({"token": late, "full_name": "Tardive", "password": "un mot de passe solide"})).await)
            .await;
    assert_eq!(body["code"], "invitation_expired");
    let (_, body) = problem(accept(json!({"token": "0".repeat(64)})).await).await;
    assert_eq!(body["code"], "invitation_invalid");

    // The invitation is audited, and other organisations cannot invite to this one.
    let history = tremplin::store::audit::history(
        &mut conn,
        tremplin::store::audit::Entity::Invitation(&invitation["id"].to_string()),
    )
    .unwrap();
    assert_eq!(history[0].action, "invitation_sent");
    let counsellor = app.login(COUNSELLOR).await;
    let (status, _) = problem(invite(&app, &counsellor, org, "x@example.org").await).await;
    assert_eq!(status, 403);
}

async fn r_acc_8_an_existing_account_accepts_an_invitation_without_a_password(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let platform = app.login(ADMIN).await;
    let org = app.organisation_id("Atelier Formation Agenais").await;
    // An organisation without admin: the person joining becomes its admin (R-ACC-6).
    assert_eq!(invite(&app, &platform, org, COUNSELLOR.0).await.status(), 201);
    let token = emailed_token(&app, COUNSELLOR.0, "/invitation");
    let preview: Value = app.get(&format!("/api/invitations/lookup?token={token}"), None).await.json().await.unwrap();
    assert_eq!(preview["has_account"], true);
    let response = app.post_json("/api/invitations/accept", None, json!({"token": token})).await;
    assert_eq!(response.json::<Value>().await.unwrap()["account_created"], false);
    let counsellor = app.login(COUNSELLOR).await;
    let me: Value = app.get("/api/me", Some(&counsellor)).await.json().await.unwrap();
    let joined = me["memberships"].as_array().unwrap().iter().find(|m| m["organisation_id"] == org).unwrap().clone();
    assert_eq!((joined["status"].as_str(), joined["is_admin"].as_bool()), (Some("approved"), Some(true)));
    app.login(COUNSELLOR).await; // the password did not change
}
