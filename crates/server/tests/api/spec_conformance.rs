//! What schemathesis found the server doing against its own OpenAPI document, fixed and kept fixed on both
//! backends: methods a path does not serve, a malformed `If-Match`, integers spelt `3.0`, long webhook URLs.

use serde_json::json;

use crate::helpers::{Backend, TRAINER, TestApp, problem};
use crate::on_both_backends;

on_both_backends!(
    a_known_path_with_another_method_answers_405_with_allow,
    a_malformed_if_match_is_400_and_a_stale_one_412,
    an_integer_spelt_with_a_zero_fraction_is_an_integer,
    a_webhook_url_is_limited_in_characters_not_bytes,
    a_nul_character_is_refused_at_the_door_on_both_backends,
    r_trn_5_a_malformed_training_reference_in_a_path_is_400,
    r_trn_5_a_malformed_session_reference_in_a_path_is_400,
    r_trn_5_a_malformed_application_reference_in_a_path_is_400,
);

async fn a_known_path_with_another_method_answers_405_with_allow(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for (method, path, allow) in [
        (reqwest::Method::DELETE, "/api/trainings", "GET, POST"),
        (reqwest::Method::PUT, "/api/sessions/00512345", "GET, PATCH"),
        (reqwest::Method::GET, "/api/auth/login", "POST"),
        (reqwest::Method::OPTIONS, "/api/webhooks/12", "DELETE"),
    ] {
        let response = app.client.request(method.clone(), app.url(path)).send().await.unwrap();
        let allowed = response.headers().get("allow").map(|v| v.to_str().unwrap().to_owned());
        let (status, body) = problem(response).await;
        assert_eq!((status, body["code"].as_str()), (405, Some("method_not_allowed")), "{method} {path}");
        assert_eq!(allowed.as_deref(), Some(allow), "{method} {path}");
    }
    let (status, body) = problem(app.get("/api/nowhere", None).await).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("route_not_found")));
}

async fn a_malformed_if_match_is_400_and_a_stale_one_412(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let patch = |if_match: &'static str| {
        app.client
            .patch(app.url("/api/sessions/00512345"))
            .bearer_auth(&trainer)
            .header("If-Match", if_match)
            .json(&json!({"comment": "Entretiens le mardi"}))
            .send()
    };
    for malformed in ["", "*", "abc", "\"\"", "\"12", "\"99999999999999999999\""] {
        let (status, body) = problem(patch(malformed).await.unwrap()).await;
        assert_eq!((status, body["code"].as_str()), (400, Some("invalid_if_match")), "If-Match: {malformed}");
    }
    let (status, body) = problem(patch("\"987654\"").await.unwrap()).await;
    assert_eq!((status, body["code"].as_str()), (412, Some("stale_version")));
}

async fn an_integer_spelt_with_a_zero_fraction_is_an_integer(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let organisation = app.organisation_id("Forma'Bois Périgord").await;
    let body = json!({"email": "lea@example.org", "password": "un mot de passe solide", "full_name": "Léa Garat",
        "organisation_id": organisation as f64});
    assert!(body.to_string().contains(".0"), "the body spells the id as a float: {body}");
    assert_eq!(app.post_json("/api/auth/signup", None, body).await.status(), 201);
    let fraction = json!({"email": "luc@example.org", "password": "un mot de passe solide", "full_name": "Luc Garat",
        "organisation_id": organisation as f64 + 0.5});
    let (status, body) = problem(app.post_json("/api/auth/signup", None, fraction).await).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("invalid_body")));
    // Beyond i64: serde_json reads it as a float that rounds to i64::MIN; it must not become that number.
    let raw = r#"{"email": "max@example.org", "password": "un mot de passe solide", "full_name": "Max Garat",
        "organisation_id": -9223372036854775809}"#;
    let response = app
        .client
        .post(app.url("/api/auth/signup"))
        .header("content-type", "application/json")
        .body(raw)
        .send()
        .await
        .unwrap();
    let (status, body) = problem(response).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("invalid_body")), "found by make fuzz-spec");
}

async fn a_webhook_url_is_limited_in_characters_not_bytes(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    // A public address literal: the check resolves host names, and tests have no DNS.
    let url = format!("https://93.184.215.14/{}", "é".repeat(478));
    assert!(url.chars().count() == 500 && url.len() > 500, "500 characters, more bytes");
    let trainer = app.login(TRAINER).await;
    let created = app.post_json("/api/webhooks", Some(&trainer), json!({"url": url})).await;
    assert_eq!(created.status(), 201);
    let too_long = format!("{url}é");
    let (status, body) = problem(app.post_json("/api/webhooks", Some(&trainer), json!({"url": too_long})).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_webhook_url")));
}

async fn a_nul_character_is_refused_at_the_door_on_both_backends(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let organisation = app.organisation_id("Forma'Bois Périgord").await;
    let body = json!({"email": "nul@example.org", "password": "un mot de passe solide", "full_name": "Léa\u{0}Garat",
        "organisation_id": organisation});
    let (status, body) = problem(app.post_json("/api/auth/signup", None, body).await).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("nul_character")), "PostgreSQL cannot store it");
    let trainer = app.login(TRAINER).await;
    for path in ["/api/availability?q=a%00b", "/api/sessions/0051%002345"] {
        let (status, body) = problem(app.get(path, Some(&trainer)).await).await;
        assert_eq!((status, body["code"].as_str()), (400, Some("nul_character")), "{path}");
    }
    let escaped_backslash = json!({"email": "antislash@example.org", "password": "un mot de passe solide",
        "full_name": "Léa \\u0000 Garat", "organisation_id": organisation});
    assert!(escaped_backslash.to_string().contains(r"\\u0000"));
    assert_eq!(app.post_json("/api/auth/signup", None, escaped_backslash).await.status(), 201, "text, not a NUL");
    let unknown_field = json!({"email": "extra@example.org", "password": "un mot de passe solide",
        "full_name": "Léa Garat", "organisation_id": organisation, "note": "\u{0}"});
    assert_eq!(
        app.post_json("/api/auth/signup", None, unknown_field).await.status(),
        201,
        "unknown fields are ignored"
    );
}

/// A reference of the wrong shape is refused with its own code before any lookup; one of the right shape that
/// names nothing stays 404.
async fn refuses_malformed_references(backend: Backend, paths: [&str; 3], unknown: &str, code: &str) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    for path in paths {
        let (status, body) = problem(app.get(path, Some(&trainer)).await).await;
        assert_eq!((status, body["code"].as_str()), (400, Some(code)), "GET {path}: {body}");
        assert!(body["detail"].as_str().is_some_and(|d| d.contains("chiffres")), "a French detail: {body}");
    }
    let (status, body) = problem(app.get(unknown, Some(&trainer)).await).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")), "GET {unknown}");
}

async fn r_trn_5_a_malformed_training_reference_in_a_path_is_400(backend: Backend) {
    let paths = ["/api/trainings/20230515609", "/api/trainings/20230515609a", "/api/trainings/2023051560951/history"];
    refuses_malformed_references(backend, paths, "/api/trainings/999999999999", "invalid_training_reference").await;
}

async fn r_trn_5_a_malformed_session_reference_in_a_path_is_400(backend: Backend) {
    let paths = ["/api/sessions/509908", "/api/sessions/0050990a/history", "/api/sessions/abc/applications"];
    refuses_malformed_references(backend, paths, "/api/sessions/99999999", "invalid_session_reference").await;
}

async fn r_trn_5_a_malformed_application_reference_in_a_path_is_400(backend: Backend) {
    let paths =
        ["/api/applications/42", "/api/applications/%EF%BC%90000000001", "/api/applications/x/candidate-export"];
    refuses_malformed_references(backend, paths, "/api/applications/9999999999", "invalid_application_reference").await;
}
