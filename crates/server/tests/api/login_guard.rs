//! Log-in that nobody can use to slow everyone down: rate limits per address and per account, the lockout
//! after repeated failures, the same answer for unknown e-mails, revocable tokens. The flood of wrong log-ins
//! is in `tests/flood`, alone on the machine.

use std::time::Duration;

use diesel::prelude::*;
use domain::lockout::LockoutPolicy;
use serde_json::{Value, json};
use tremplin::auth::LoginSettings;
use tremplin::auth::limits::PerMinute;
use tremplin::db::schema::{login_failures, memberships};

use crate::helpers::{Backend, TRAINER, TestApp, client_from, log_in, member_of, problem};
use crate::on_both_backends;

on_both_backends!(
    wrong_log_ins_from_one_address_get_429_with_retry_after,
    wrong_log_ins_for_one_account_get_429_from_any_address,
    a_locked_account_refuses_the_right_password_until_the_delay_is_over,
    unknown_e_mail_and_wrong_password_get_the_same_answers_up_to_the_lock,
    sign_up_is_rate_limited_per_address,
    an_e_mail_longer_than_any_account_gets_401_not_500,
    a_token_issued_before_a_password_change_is_refused_and_the_new_password_works,
    a_removed_or_refused_membership_stops_acting_for_its_organisation,
);

/// Locks nobody: the test exercises another protection.
fn never_lock() -> LockoutPolicy {
    LockoutPolicy { failures_before_lock: 1000, ..LockoutPolicy::default() }
}

/// The `Retry-After` of a 429 too_many_attempts answer, checked.
async fn too_many(response: reqwest::Response) -> u64 {
    let retry_after = response.headers().get("retry-after").map(|v| v.to_str().unwrap().parse::<u64>().unwrap());
    let (status, body) = problem(response).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("too_many_attempts")), "{body}");
    assert!(retry_after.is_some_and(|seconds| seconds >= 1), "Retry-After: {retry_after:?}");
    retry_after.unwrap()
}

async fn wrong_log_ins_from_one_address_get_429_with_retry_after(backend: Backend) {
    let settings =
        LoginSettings { per_ip: PerMinute::at_least_one(5), lockout: never_lock(), ..LoginSettings::default() };
    let app = TestApp::spawn_with_demo_and_login(backend, settings).await;
    let attacker = client_from(20);
    for n in 0..5 {
        let response = log_in(&app, &attacker, &format!("essai{n}@example.org"), "mauvais mot de passe").await;
        assert_eq!(response.status(), 401, "attempt {n} is within the limit");
    }
    let retry_after = too_many(log_in(&app, &attacker, "essai9@example.org", "mauvais mot de passe").await).await;
    assert!(retry_after <= 12, "5 a minute refill one every 12 s, got {retry_after}");
    // Even the right password waits: the limit is on attempts from the address.
    too_many(log_in(&app, &attacker, TRAINER.0, TRAINER.1).await).await;
    // Other addresses are not affected.
    assert_eq!(log_in(&app, &client_from(21), TRAINER.0, TRAINER.1).await.status(), 200);
}

async fn wrong_log_ins_for_one_account_get_429_from_any_address(backend: Backend) {
    let settings =
        LoginSettings { per_account: PerMinute::at_least_one(3), lockout: never_lock(), ..LoginSettings::default() };
    let app = TestApp::spawn_with_demo_and_login(backend, settings).await;
    for n in 30..33 {
        assert_eq!(log_in(&app, &client_from(n), TRAINER.0, "mauvais mot de passe").await.status(), 401);
    }
    // A fourth address, and an e-mail spelled differently: still the same account.
    too_many(log_in(&app, &client_from(33), " Formation@Demo.Tremplin.fr", "mauvais mot de passe").await).await;
    assert_eq!(log_in(&app, &client_from(33), "autre@example.org", "mauvais mot de passe").await.status(), 401);
}

async fn a_locked_account_refuses_the_right_password_until_the_delay_is_over(backend: Backend) {
    let lockout =
        LockoutPolicy { failures_before_lock: 3, first_lock_seconds: 2, max_lock_seconds: 2, ..Default::default() };
    let app = TestApp::spawn_with_demo_and_login(backend, LoginSettings { lockout, ..LoginSettings::default() }).await;
    let client = &app.client;
    for _ in 0..3 {
        assert_eq!(log_in(&app, client, TRAINER.0, "mauvais mot de passe").await.status(), 401);
    }
    let retry_after = too_many(log_in(&app, client, TRAINER.0, TRAINER.1).await).await;
    assert!(retry_after <= 2, "{retry_after}");
    // The lock lives in the database, where every instance reads it.
    let db = app.db.clone();
    let stored: (i32, Option<chrono::NaiveDateTime>) = actix_web::web::block(move || {
        login_failures::table
            .find(TRAINER.0)
            .select((login_failures::failures, login_failures::locked_until))
            .first(&mut db.get().unwrap())
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(stored.0, 3);
    assert!(stored.1.is_some());

    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(log_in(&app, client, TRAINER.0, TRAINER.1).await.status(), 200, "free again after the delay");
    // The success started the count again: two more failures do not lock.
    for _ in 0..2 {
        assert_eq!(log_in(&app, client, TRAINER.0, "mauvais mot de passe").await.status(), 401);
    }
    assert_eq!(log_in(&app, client, TRAINER.0, TRAINER.1).await.status(), 200);
}

async fn unknown_e_mail_and_wrong_password_get_the_same_answers_up_to_the_lock(backend: Backend) {
    let lockout = LockoutPolicy { failures_before_lock: 2, ..LockoutPolicy::default() };
    let app = TestApp::spawn_with_demo_and_login(backend, LoginSettings { lockout, ..LoginSettings::default() }).await;
    let mut answers = Vec::new();
    for email in [TRAINER.0, "personne@example.org"] {
        let mut seen = Vec::new();
        for _ in 0..2 {
            let (status, body) = problem(log_in(&app, &app.client, email, "mauvais mot de passe").await).await;
            seen.push((status, body["code"].clone(), body["detail"].clone()));
        }
        // Locked alike: an attacker cannot tell an account from an unknown address by locking it.
        let third = log_in(&app, &app.client, email, "mauvais mot de passe").await;
        let locked_for = too_many(third).await;
        seen.push((429, json!("too_many_attempts"), json!(locked_for > 50)));
        answers.push(seen);
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0][0].0, 401);
}

async fn an_e_mail_longer_than_any_account_gets_401_not_500(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    // Longer than a PostgreSQL index entry may be, even compressed: recording it as a failure would fail.
    let noise: String =
        rand::Rng::sample_iter(rand::rng(), rand::distr::Alphanumeric).take(20_000).map(char::from).collect();
    let email = format!("{noise}@example.org");
    for _ in 0..2 {
        let (status, body) = problem(log_in(&app, &app.client, &email, "mauvais mot de passe").await).await;
        assert_eq!((status, body["code"].as_str()), (401, Some("invalid_credentials")));
    }
}

async fn sign_up_is_rate_limited_per_address(backend: Backend) {
    let app = TestApp::spawn_with_demo_and_login(
        backend,
        LoginSettings { per_ip: PerMinute::at_least_one(2), ..LoginSettings::default() },
    )
    .await;
    let org = app.organisation_id("Forma'Bois Périgord").await;
    let client = client_from(40);
    let signup = |n: u32| {
        let body = json!({"email": format!("inscrit{n}@example.org"), "password": "un mot de passe solide",
            "full_name": "Nouvel Inscrit", "organisation_id": org});
        client.post(app.url("/api/auth/signup")).json(&body).send()
    };
    assert_eq!(signup(1).await.unwrap().status(), 201);
    assert_eq!(signup(2).await.unwrap().status(), 201);
    too_many(signup(3).await.unwrap()).await;
}

async fn change_password(app: &TestApp, token: &str, current: &str, new: &str) -> reqwest::Response {
    app.post_json("/api/me/password", Some(token), json!({"current_password": current, "new_password": new})).await
}

async fn a_token_issued_before_a_password_change_is_refused_and_the_new_password_works(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let email = "change@example.org";
    let old_token = member_of(&app, "Forma'Bois Périgord", email).await;
    let (old, new) = ("mot de passe de test", "une nouvelle phrase secrète");

    let (status, body) = problem(change_password(&app, &old_token, "pas le bon", new).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_current_password")));
    let (status, body) = problem(change_password(&app, &old_token, old, "court").await).await;
    assert_eq!(
        (status, body["code"].as_str(), body["errors"][0]["field"].as_str()),
        (422, Some("password_too_short"), Some("new_password"))
    );
    assert_eq!(app.get("/api/me", Some(&old_token)).await.status(), 200, "refusals change nothing");

    assert_eq!(change_password(&app, &old_token, old, new).await.status(), 204);
    let (status, body) = problem(app.get("/api/me", Some(&old_token)).await).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("revoked_token")));
    assert_eq!(log_in(&app, &app.client, email, old).await.status(), 401);
    let new_token = app.login((email, new)).await;
    let me: Value = app.get("/api/me", Some(&new_token)).await.json().await.unwrap();
    assert_eq!(me["email"], email);
    assert_eq!(problem(change_password(&app, &old_token, new, old).await).await.0, 401, "the old token is dead");
}

async fn a_removed_or_refused_membership_stops_acting_for_its_organisation(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let org = app.organisation_id("Forma'Bois Périgord").await;
    let token = member_of(&app, "Forma'Bois Périgord", "retire@example.org").await;
    let me: Value = app.get("/api/me", Some(&token)).await.json().await.unwrap();
    let user_id = me["id"].as_i64().unwrap();
    let list = || {
        app.client
            .get(app.url("/api/applications"))
            .bearer_auth(&token)
            .header("X-Organisation-Id", org.to_string())
            .send()
    };
    assert_eq!(list().await.unwrap().status(), 200);

    let change_membership = |pending: bool| {
        let db = app.db.clone();
        actix_web::web::block(move || {
            let mut conn = db.get().unwrap();
            let row = memberships::table.find((user_id, org));
            if pending {
                diesel::update(row).set(memberships::status.eq("pending")).execute(&mut conn)
            } else {
                diesel::delete(row).execute(&mut conn)
            }
        })
    };
    change_membership(true).await.unwrap().unwrap();
    let (status, body) = problem(list().await.unwrap()).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("membership_pending")), "refused: back to pending");
    change_membership(false).await.unwrap().unwrap();
    let (status, body) = problem(list().await.unwrap()).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("not_a_member")), "removed");
}
