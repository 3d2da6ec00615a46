//! Webhook subscriptions on both backends: URLs that reach this machine or internal networks are refused at
//! registration and again at delivery, redirects are not followed, only an organisation's admins manage its
//! subscriptions, and it keeps at most five.

use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::{App, HttpResponse, HttpServer, web};
use serde_json::{Value, json};
use tremplin::forwarder::WebhookDelivery;
use tremplin::net_guard::Policy;
use tremplin::store;

use crate::helpers::{ADMIN, Backend, COUNSELLOR, Options, TRAINER, TestApp, member_of, problem};
use crate::on_both_backends;
use crate::outbox::{forwarder, receiver};

on_both_backends!(
    urls_to_this_machine_or_internal_networks_are_refused_at_registration,
    local_receivers_only_behind_the_loopback_setting,
    a_stored_url_to_a_forbidden_address_is_never_delivered_to,
    a_redirect_is_not_followed_and_counts_as_a_failure,
    only_the_organisations_admins_manage_its_webhooks,
    the_sixth_active_subscription_is_refused,
    another_organisations_subscription_is_unknown,
);

const AGENCY: &str = "France Travail Périgueux";

async fn subscribe(app: &TestApp, token: &str, url: &str) -> reqwest::Response {
    app.post_json("/api/webhooks", Some(token), json!({ "url": url })).await
}

async fn assert_refused_url(app: &TestApp, token: &str, url: &str) -> String {
    let (status, body) = problem(subscribe(app, token, url).await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_webhook_url")), "{url}: {body}");
    assert_eq!(body["errors"][0]["field"], "url");
    body["detail"].as_str().unwrap().to_owned()
}

async fn urls_to_this_machine_or_internal_networks_are_refused_at_registration(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let reported = [
        "http://localhost@10.0.0.5:9200/x",
        "http://127.0.0.1:5432/",
        "http://[::1]:6379/",
        "https://10.0.0.1/",
        "https://192.168.1.1/",
        "https://[fd00::1]/",
        "https://169.254.169.254/",
    ];
    for url in reported {
        assert_refused_url(&app, &counsellor, url).await;
    }
    // A name is judged by what it resolves to; alternative spellings of an address by the address.
    let detail = assert_refused_url(&app, &counsellor, "https://localhost/hooks").await;
    assert!(detail.contains("bouclage"), "{detail}");
    for url in ["https://[::ffff:127.0.0.1]/", "https://2130706433/", "https://100.64.0.1/", "https://[fe80::1]/"] {
        assert_refused_url(&app, &counsellor, url).await;
    }
    let detail = assert_refused_url(&app, &counsellor, "https://169.254.169.254/latest/meta-data/").await;
    assert!(detail.contains("métadonnées"), "{detail}");
    let detail = assert_refused_url(&app, &counsellor, "http://93.184.215.14/hooks").await;
    assert!(detail.contains("https://"), "{detail}");
    let long = format!("https://93.184.215.14/{}", "a".repeat(500));
    assert_refused_url(&app, &counsellor, &long).await;
    let hooks: Value = app.get("/api/webhooks", Some(&counsellor)).await.json().await.unwrap();
    assert_eq!(hooks, json!([]), "nothing was stored");
    // A public address over https is what the API is for.
    assert_eq!(subscribe(&app, &counsellor, "https://93.184.215.14/hooks").await.status(), 201);
}

async fn local_receivers_only_behind_the_loopback_setting(backend: Backend) {
    let strict = TestApp::spawn_with_demo(backend).await;
    let counsellor = strict.login(COUNSELLOR).await;
    assert_refused_url(&strict, &counsellor, "http://localhost:8080/hooks").await;
    drop(strict);
    let local = TestApp::spawn_with(backend, Options::demo_with_local_receivers()).await;
    let counsellor = local.login(COUNSELLOR).await;
    for url in ["http://localhost:8080/hooks", "http://127.0.0.1:8080/hooks", "http://[::1]:8080/hooks"] {
        assert_eq!(subscribe(&local, &counsellor, url).await.status(), 201, "{url}");
    }
    // The setting opens this machine only.
    assert_refused_url(&local, &counsellor, "http://10.0.0.5/hooks").await;
    assert_refused_url(&local, &counsellor, "https://169.254.169.254/").await;
    assert_refused_url(&local, &counsellor, "http://localhost@10.0.0.5:9200/x").await;
}

/// Queues one webhook event for `subscription`.
async fn queue_event(app: &TestApp, subscription: i64) {
    let db = app.db.clone();
    actix_web::web::block(move || {
        let body = |id: &str| {
            Ok::<_, tremplin::error::ApiError>(
                json!({"event_id": id, "event_type": "test.event", "data": {}}).to_string(),
            )
        };
        let event = store::outbox::NewEvent {
            event_type: "test.event",
            destination: "webhook",
            subscription_id: Some(subscription),
            application_id: None,
            payload: &body,
        };
        store::outbox::enqueue(&mut db.get()?, &event)
    })
    .await
    .unwrap()
    .unwrap();
}

/// A subscription row written directly, as an old row or a name since rebound would be.
async fn insert_subscription(app: &TestApp, url: &str) -> i64 {
    let (db, url, organisation) = (app.db.clone(), url.to_owned(), app.organisation_id(AGENCY).await);
    actix_web::web::block(move || {
        Ok::<_, tremplin::error::ApiError>(store::outbox::subscribe(&mut db.get()?, organisation, &url, "secret")?)
    })
    .await
    .unwrap()
    .unwrap()
    .0
}

/// The pending webhook messages, as the platform admin sees them.
async fn pending_errors(app: &TestApp) -> Vec<Value> {
    let admin = app.login(ADMIN).await;
    let pending: Value = app.get("/api/admin/outbox?state=pending", Some(&admin)).await.json().await.unwrap();
    pending.as_array().unwrap().iter().filter(|m| m["destination"] == "webhook").cloned().collect()
}

async fn a_stored_url_to_a_forbidden_address_is_never_delivered_to(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let probe = receiver(0, String::new());
    let port = probe.url.rsplit(':').next().unwrap().to_owned();
    for url in [format!("{}/hooks", probe.url), format!("http://localhost:{port}/hooks")] {
        let subscription = insert_subscription(&app, &url).await;
        queue_event(&app, subscription).await;
    }
    let mut strict = forwarder(&app, None, "s", 10);
    strict.webhooks = WebhookDelivery::new(Policy { allow_http_loopback: false }).unwrap();
    let report = strict.pass().await.unwrap();
    assert_eq!((report.sent, report.failed), (0, 2));
    assert_eq!(probe.seen.lock().unwrap().attempts, 0, "no request reached the receiver");
    let pending = pending_errors(&app).await;
    assert_eq!(pending.len(), 2);
    for message in pending {
        assert_eq!(message["attempts"], 1, "a failed attempt is recorded");
        let error = message["last_error"].as_str().unwrap();
        assert!(error.contains("adresse refusée") && error.contains("bouclage"), "{error}");
    }
}

/// A receiver answering every request with a redirect to `location`; counts the requests.
fn redirecting_receiver(location: String) -> (String, Arc<AtomicUsize>, actix_web::dev::ServerHandle) {
    let hits = Arc::new(AtomicUsize::new(0));
    let counted = hits.clone();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = HttpServer::new(move || {
        let (counted, location) = (counted.clone(), location.clone());
        App::new().default_service(web::to(move || {
            counted.fetch_add(1, Ordering::SeqCst);
            let location = location.clone();
            async move { HttpResponse::Found().insert_header(("Location", location)).finish() }
        }))
    })
    .workers(1)
    .listen(listener)
    .unwrap()
    .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    (url, hits, handle)
}

async fn a_redirect_is_not_followed_and_counts_as_a_failure(backend: Backend) {
    let app = TestApp::spawn_with(backend, Options::demo_with_local_receivers()).await;
    let target = receiver(0, String::new());
    let (redirecting, hits, _server) = redirecting_receiver(format!("{}/hooks", target.url));
    let counsellor = app.login(COUNSELLOR).await;
    let hook: Value = subscribe(&app, &counsellor, &format!("{redirecting}/hooks")).await.json().await.unwrap();
    queue_event(&app, hook["id"].as_i64().unwrap()).await;
    let report = forwarder(&app, None, "s", 10).pass().await.unwrap();
    assert_eq!((report.sent, report.failed), (0, 1));
    assert_eq!(hits.load(Ordering::SeqCst), 1, "the redirecting receiver was asked once");
    assert_eq!(target.seen.lock().unwrap().attempts, 0, "the redirect was not followed");
    let pending = pending_errors(&app).await;
    assert_eq!(pending[0]["last_error"], "HTTP 302");
}

async fn only_the_organisations_admins_manage_its_webhooks(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin_of_agency = app.login(COUNSELLOR).await;
    let created = subscribe(&app, &admin_of_agency, "https://93.184.215.14/hooks").await;
    assert_eq!(created.status(), 201);
    let id = created.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let member = member_of(&app, AGENCY, "collegue@ft.example").await;
    let (status, body) = problem(subscribe(&app, &member, "https://93.184.215.14/other").await).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("organisation_admin_required")), "{body}");
    let (status, _) = problem(app.get("/api/webhooks", Some(&member)).await).await;
    assert_eq!(status, 403);
    let delete = app.client.delete(app.url(&format!("/api/webhooks/{id}"))).bearer_auth(&member).send().await.unwrap();
    assert_eq!(problem(delete).await.0, 403);
    let hooks: Value = app.get("/api/webhooks", Some(&admin_of_agency)).await.json().await.unwrap();
    assert_eq!(hooks.as_array().unwrap().len(), 1, "the member changed nothing");
}

async fn the_sixth_active_subscription_is_refused(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let created = subscribe(&app, &counsellor, &format!("https://93.184.215.14/hooks/{n}")).await;
        assert_eq!(created.status(), 201);
        ids.push(created.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    let (status, body) = problem(subscribe(&app, &counsellor, "https://93.184.215.14/hooks/5").await).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("webhook_limit_reached")), "{body}");
    let delete =
        app.client.delete(app.url(&format!("/api/webhooks/{}", ids[0]))).bearer_auth(&counsellor).send().await.unwrap();
    assert_eq!(delete.status(), 204);
    assert_eq!(
        subscribe(&app, &counsellor, "https://93.184.215.14/hooks/5").await.status(),
        201,
        "deleted ones free a place"
    );
}

/// An admin of another organisation cannot see or stop a subscription by guessing its id.
async fn another_organisations_subscription_is_unknown(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let created = subscribe(&app, &counsellor, "https://93.184.215.14/hooks").await;
    let id = created.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let trainer = app.login(TRAINER).await;
    let listed: Value = app.get("/api/webhooks", Some(&trainer)).await.json().await.unwrap();
    assert_eq!(listed, json!([]), "another organisation's subscriptions are not listed");
    let delete = app.client.delete(app.url(&format!("/api/webhooks/{id}"))).bearer_auth(&trainer).send().await.unwrap();
    assert_eq!(problem(delete).await.0, 404);
    let still: Value = app.get("/api/webhooks", Some(&counsellor)).await.json().await.unwrap();
    assert_eq!(still.as_array().map(Vec::len), Some(1), "the subscription is untouched");
}
