//! The outbox through a real local HTTP receiver on both backends (R-AVIS-7, R-SES-3): every event arrives,
//! once by id, signed; failures are retried with growing backoff; exhausted ones are dead and can be retried.

use std::collections::HashMap;
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use chrono::Days;
use serde_json::{Value, json};
use tremplin::forwarder::{Forwarder, RetryPolicy, WebhookDelivery};
use tremplin::net_guard::Policy;

use crate::helpers::{ADMIN, Backend, COUNSELLOR, Options, TRAINER, TestApp};
use crate::on_both_backends;

on_both_backends!(
    r_avis_7_every_event_arrives_once_signed_after_retries,
    r_avis_7_exhausted_messages_are_dead_and_retried_by_hand
);

/// What the receiver saw: every attempt, and the bodies it acknowledged by event id.
#[derive(Default)]
pub struct Seen {
    pub attempts: usize,
    pub failures_left: usize,
    pub acknowledged: HashMap<String, Vec<Value>>,
    pub bad_signatures: usize,
    /// How long the receiver takes to answer.
    pub delay: Duration,
}

pub struct Receiver {
    pub url: String,
    pub seen: Arc<Mutex<Seen>>,
    _server: actix_web::dev::ServerHandle,
}

async fn receive(request: HttpRequest, body: String, state: web::Data<(Arc<Mutex<Seen>>, String)>) -> HttpResponse {
    let (seen, secret) = (&state.0, &state.1);
    let header = |name: &str| request.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let timestamp: i64 = header("X-Tremplin-Timestamp").parse().unwrap_or_default();
    let expected = format!("sha256={}", tremplin::crypto::sign(secret.as_bytes(), timestamp, &body));
    let delay = seen.lock().unwrap().delay;
    if !delay.is_zero() {
        actix_web::rt::time::sleep(delay).await;
    }
    let mut seen = seen.lock().unwrap();
    seen.attempts += 1;
    if header("X-Tremplin-Signature") != expected {
        seen.bad_signatures += 1;
    }
    if seen.failures_left > 0 {
        seen.failures_left -= 1;
        return HttpResponse::ServiceUnavailable().finish();
    }
    let event: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(event["event_id"].as_str().unwrap(), header("Idempotency-Key"), "the key is the event id");
    seen.acknowledged.entry(header("Idempotency-Key")).or_default().push(event);
    HttpResponse::Ok().finish()
}

/// A receiver on port 0 that fails the first `failures` deliveries; `secret` checks signatures.
pub fn receiver(failures: usize, secret: String) -> Receiver {
    let seen = Arc::new(Mutex::new(Seen { failures_left: failures, ..Seen::default() }));
    let data = web::Data::new((seen.clone(), secret));
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = HttpServer::new(move || App::new().app_data(data.clone()).default_service(web::to(receive)))
        .workers(2)
        .listen(listener)
        .unwrap()
        .run();
    let handle = server.handle();
    actix_web::rt::spawn(server);
    Receiver { url, seen, _server: handle }
}

pub fn forwarder(app: &TestApp, kairos_url: Option<String>, secret: &str, max_attempts: u32) -> Forwarder {
    Forwarder {
        db: app.db.clone(),
        client: reqwest::Client::new(),
        webhooks: WebhookDelivery::new(Policy { allow_http_loopback: true }).unwrap(),
        kairos_url,
        kairos_secret: Some(secret.to_owned()),
        mail: None,
        policy: RetryPolicy { max_attempts, base: Duration::from_millis(5), cap: Duration::from_millis(40) },
        lease: Duration::from_secs(30),
        batch: 50,
    }
}

fn plus(days: u64) -> String {
    (chrono::Local::now().date_naive() + Days::new(days)).to_string()
}

fn candidate(n: usize) -> Value {
    json!({"last_name": format!("Envoi{n}"), "first_name": "Sam", "birth_date": "1990-05-06", "email": "sam@example.org",
        "phone": "0612345678", "postcode": "24000", "city": "Périgueux", "employment_situation": "Demandeur d'emploi"})
}

/// Five France Travail applications decided (five KAIROS documents, five webhook events) and one date change
/// announced to the prescriber (one more webhook event).
async fn produce_events(app: &TestApp, webhook_url: &str) -> (String, Vec<String>) {
    let counsellor = app.login(COUNSELLOR).await;
    let hook: Value = app
        .post_json("/api/webhooks", Some(&counsellor), json!({"url": format!("{webhook_url}/hooks")}))
        .await
        .json()
        .await
        .unwrap();
    let secret = hook["secret"].as_str().unwrap().to_owned();
    let trainer = app.login(TRAINER).await;
    let mut references = Vec::new();
    for n in 0..5 {
        let body = json!({"candidate": candidate(n), "presentation": "Présentation"});
        let received: Value =
            app.post_json("/api/sessions/00512345/applications", Some(&counsellor), body).await.json().await.unwrap();
        let reference = received["reference"].as_str().unwrap().to_owned();
        let draft = json!({"invites": [{"date": plus(0), "result": "unexcused_absence"}]});
        app.client
            .put(app.url(&format!("/api/applications/{reference}/decision")))
            .bearer_auth(&trainer)
            .json(&draft)
            .send()
            .await
            .unwrap();
        let validated =
            app.post_json(&format!("/api/applications/{reference}/decision/validate"), Some(&trainer), json!({})).await;
        assert_eq!(validated.status(), 200);
        references.push(reference);
    }
    // 00509908 has pending applications from the demo's France Travail counsellor.
    let response = app.get("/api/sessions/00509908", Some(&trainer)).await;
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    let moved = app
        .client
        .patch(app.url("/api/sessions/00509908"))
        .bearer_auth(&trainer)
        .header("If-Match", etag)
        .json(&json!({"late_entry_deadline": plus(6)}))
        .send()
        .await
        .unwrap();
    assert_eq!(moved.status(), 200);
    (secret, references)
}

async fn drain(forwarder: &Forwarder, passes: usize) {
    for _ in 0..passes {
        forwarder.pass().await.unwrap();
        actix_web::rt::time::sleep(Duration::from_millis(15)).await;
    }
}

async fn r_avis_7_every_event_arrives_once_signed_after_retries(backend: Backend) {
    let app = TestApp::spawn_with(backend, Options::demo_with_local_receivers()).await;
    let probe = receiver(0, String::new());
    let (secret, references) = produce_events(&app, &probe.url).await;
    // One receiver for both destinations, sharing the subscription's secret as the KAIROS secret.
    let failing = receiver(4, secret.clone());
    let counsellor = app.login(COUNSELLOR).await;
    let hooks: Value = app.get("/api/webhooks", Some(&counsellor)).await.json().await.unwrap();
    assert_eq!(hooks.as_array().unwrap().len(), 1);
    let delete = app
        .client
        .delete(app.url(&format!("/api/webhooks/{}", hooks[0]["id"])))
        .bearer_auth(&counsellor)
        .send()
        .await
        .unwrap();
    assert_eq!(delete.status(), 204);
    // Queued messages keep their subscription: point the probe's subscription at the failing receiver instead.
    let db = app.db.clone();
    let failing_url = format!("{}/hooks", failing.url);
    actix_web::web::block(move || {
        use diesel::RunQueryDsl;
        diesel::sql_query(format!("UPDATE webhook_subscriptions SET url = '{failing_url}'"))
            .execute(&mut db.get().unwrap())
    })
    .await
    .unwrap()
    .unwrap();

    let forwarder = forwarder(&app, Some(format!("{}/kairos", failing.url)), &secret, 10);
    drain(&forwarder, 40).await;
    let detail: Value =
        app.get(&format!("/api/applications/{}", references[0]), Some(&counsellor)).await.json().await.unwrap();
    assert_eq!(detail["forwarding"]["state"], "sent");
    let seen = failing.seen.lock().unwrap();
    assert_eq!(seen.acknowledged.len(), 11, "5 KAIROS documents + 5 decisions + 1 date change");
    assert!(seen.acknowledged.values().all(|bodies| bodies.len() == 1), "each event acknowledged once by id");
    assert_eq!(seen.attempts, 11 + 4, "the 4 failures were retried");
    assert_eq!(seen.bad_signatures, 0);
    let kairos: Vec<&Value> = seen
        .acknowledged
        .values()
        .flatten()
        .filter(|e| e.get("application_reference").is_some() && e.get("candidate").is_some())
        .collect();
    assert_eq!(kairos.len(), 5);
    assert!(
        kairos
            .iter()
            .all(|d| d["decision"] == "not_retained"
                && d["candidate"]["last_name"].as_str().unwrap().starts_with("Envoi")),
        "{kairos:?}"
    );
    let dates: Vec<&Value> =
        seen.acknowledged.values().flatten().filter(|e| e["event_type"] == "session.dates_changed").collect();
    assert_eq!(dates[0]["data"]["late_entry_deadline"], plus(6));
}

async fn r_avis_7_exhausted_messages_are_dead_and_retried_by_hand(backend: Backend) {
    let app = TestApp::spawn_with(backend, Options::demo_with_local_receivers()).await;
    let probe = receiver(0, String::new());
    produce_events(&app, &probe.url).await;
    // KAIROS never answers (a closed port): after 3 attempts each of its documents is dead.
    let closed = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap();
    let forwarder = forwarder(&app, Some(format!("http://{closed}/kairos")), "s", 3);
    drain(&forwarder, 30).await;
    let admin = app.login(ADMIN).await;
    let dead: Value = app.get("/api/admin/outbox?state=dead", Some(&admin)).await.json().await.unwrap();
    let dead = dead.as_array().unwrap();
    assert_eq!(dead.len(), 5);
    assert!(dead.iter().all(|m| m["destination"] == "kairos" && m["attempts"] == 3));
    assert!(
        dead.iter().all(|m| m["application_reference"].as_str().is_some_and(|r| r.len() == 10)),
        "each names its application"
    );
    let trainer = app.login(TRAINER).await;
    assert_eq!(app.get("/api/admin/outbox?state=dead", Some(&trainer)).await.status(), 403);
    let retry = app.post_json(&format!("/api/admin/outbox/{}/retry", dead[0]["id"]), Some(&admin), json!({})).await;
    assert_eq!(retry.status(), 204);
    let pending: Value = app.get("/api/admin/outbox?state=pending", Some(&admin)).await.json().await.unwrap();
    let (emails, others): (Vec<&Value>, Vec<&Value>) =
        pending.as_array().unwrap().iter().partition(|m| m["destination"] == "email");
    assert_eq!(others.len(), 1);
    // With no SMTP server configured, e-mail waits: 5 new applications, 5 decisions, 1 date change.
    assert_eq!(emails.len(), 11);
    assert!(emails.iter().all(|m| m["attempts"] == 0));
    assert_eq!(probe.seen.lock().unwrap().acknowledged.len(), 6, "the webhooks, whose receiver answers, all arrived");
}
