//! What the server shows at its edge, on both backends: `/metrics` only for the holder of its token, with labels
//! a client cannot multiply, and a Content-Security-Policy on the web app and the API docs.

use tremplin::metrics::MetricsAccess;
use tremplin::net_guard::Policy;
use tremplin::state::AppState;

use crate::helpers::{Backend, METRICS_TOKEN, Options, TestApp, problem};
use crate::on_both_backends;

on_both_backends!(
    metrics_answer_only_to_their_token,
    invented_methods_and_paths_add_no_label_values,
    the_web_app_and_the_docs_carry_a_content_security_policy,
    metrics_on_their_own_listener,
    a_body_over_the_limit_is_refused_before_it_is_read,
);

/// A client cannot make the server hold a huge body: past 256 KiB the answer is 413 problem+json.
async fn a_body_over_the_limit_is_refused_before_it_is_read(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let huge = serde_json::json!({"email": "a@example.org", "password": "x".repeat(300 * 1024)});
    let (status, body) = problem(app.post_json("/api/auth/login", None, huge).await).await;
    assert_eq!((status, body["code"].as_str()), (413, Some("payload_too_large")));
}

async fn metrics_answer_only_to_their_token(backend: Backend) {
    let closed = TestApp::spawn_with(backend, Options { metrics_token: None, ..Options::default() }).await;
    assert_eq!(problem(closed.get("/metrics", Some(METRICS_TOKEN)).await).await.0, 404, "no token set: no metrics");
    drop(closed);
    let app = TestApp::spawn(backend).await;
    let (status, body) = problem(app.get("/metrics", None).await).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("invalid_metrics_token")));
    let wrong = app.get("/metrics", Some("metrics-test-tokem")).await;
    assert_eq!(wrong.headers()["www-authenticate"], "Bearer");
    assert_eq!(problem(wrong).await.0, 401);
    let basic = app.client.get(app.url("/metrics")).header("Authorization", format!("Basic {METRICS_TOKEN}"));
    assert_eq!(basic.send().await.unwrap().status(), 401);
    let right = app.get("/metrics", Some(METRICS_TOKEN)).await;
    assert_eq!(right.status(), 200);
    assert!(right.text().await.unwrap().contains("tremplin_outbox_messages"));
}

async fn invented_methods_and_paths_add_no_label_values(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let invented = reqwest::Method::from_bytes(b"CARDINALITYBOMB").unwrap();
    for path in ["/api/health", "/api/sessions", "/api/nothing-here-cardinalitypath"] {
        app.client.request(invented.clone(), app.url(path)).send().await.unwrap();
    }
    app.get("/cardinalitypath/deep/link", None).await;
    app.get("/api/cardinalitypath-unknown", None).await;
    let text = app.get("/metrics", Some(METRICS_TOKEN)).await.text().await.unwrap();
    assert!(!text.to_lowercase().contains("cardinality"), "{text}");
    assert!(text.contains(r#"method="other",route="/api/health""#), "{text}");
}

async fn the_web_app_and_the_docs_carry_a_content_security_policy(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    for path in ["/", "/formations"] {
        let response = app.get(path, None).await;
        let policy = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
        for directive in [
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ] {
            assert!(policy.contains(directive), "{path}: {policy}");
        }
        assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"), "{path}: {policy}");
    }
    let docs = app.get("/api/docs/", None).await;
    assert_eq!(docs.status(), 200);
    let policy = docs.headers()["content-security-policy"].to_str().unwrap().to_owned();
    assert!(
        policy.contains("style-src 'self' 'unsafe-inline'") && policy.contains("frame-ancestors 'none'"),
        "{policy}"
    );
    assert!(!policy.contains("script-src 'self' 'unsafe-inline'"), "{policy}");
}

/// `METRICS_BIND`: the metrics leave the main listener for their own, open there unless a token is set.
async fn metrics_on_their_own_listener(backend: Backend) {
    let app = TestApp::spawn_with(backend, Options { metrics_token: None, ..Options::default() }).await;
    let tokens = tremplin::auth::Tokens::new(b"test-secret-test-secret-test-secret!", 3600).unwrap();
    let state = |metrics| AppState {
        db: app.db.clone(),
        tokens: tokens.clone(),
        clock: app.clock.clone(),
        login: tremplin::auth::LoginGuard::new(&tremplin::auth::LoginSettings::default()),
        webhook_policy: Policy::default(),
        metrics,
        public_url: app.base.clone(),
        lheo_import_max_bytes: tremplin::state::LHEO_IMPORT_MAX_BYTES,
    };
    let start = |state| {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}/metrics", listener.local_addr().unwrap());
        let server = tremplin::app::serve_metrics(state, listener).unwrap();
        let handle = server.handle();
        actix_web::rt::spawn(server);
        (url, handle)
    };
    let (open, _open) = start(state(MetricsAccess::own_listener(None)));
    assert_eq!(app.client.get(&open).send().await.unwrap().status(), 200);
    let (guarded, _guarded) = start(state(MetricsAccess::own_listener(Some(METRICS_TOKEN))));
    assert_eq!(app.client.get(&guarded).send().await.unwrap().status(), 401);
    assert_eq!(app.client.get(&guarded).bearer_auth(METRICS_TOKEN).send().await.unwrap().status(), 200);
    assert_eq!(app.get("/metrics", None).await.status(), 404, "not on the main listener");
}
