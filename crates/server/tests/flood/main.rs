//! A flood of wrong log-ins leaves the other routes fast: 500 parallel wrong passwords from 100 addresses for 3 s
//! while a colleague reads lists; the reads see no 5xx and their p99 stays under 200 ms.
//!
//! Its own test binary, and one test running SQLite then PostgreSQL: cargo runs test binaries one after the
//! other, so nothing else competes for the two cores while latency is measured.
#![expect(clippy::unwrap_used, reason = "tests fail loudly on any unexpected error")]

#[allow(dead_code, reason = "shared with the API tests; the flood uses a part")]
#[path = "../api/helpers.rs"]
mod helpers;

use std::time::{Duration, Instant};

use crate::helpers::{Backend, TRAINER, TestApp, client_from, log_in};

/// p99 of `samples`, in milliseconds.
fn p99(mut samples: Vec<Duration>) -> f64 {
    samples.sort();
    let index = (samples.len() * 99).div_ceil(100).saturating_sub(1);
    samples[index].as_secs_f64() * 1000.0
}

/// Reads `GET /api/applications` back to back until `deadline` from its own thread and runtime, so its
/// latencies do not include the scheduling of the flooding client; returns each read's time.
fn read_lists_until(url: String, token: String, deadline: Instant) -> std::thread::JoinHandle<Vec<Duration>> {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        runtime.block_on(async move {
            let client = reqwest::Client::new();
            let mut samples = Vec::new();
            while Instant::now() < deadline {
                let started = Instant::now();
                let response = client.get(&url).bearer_auth(&token).send().await.unwrap();
                let status = response.status();
                response.bytes().await.unwrap();
                assert!(status.is_success(), "a read answered {status} during the flood");
                samples.push(started.elapsed());
            }
            samples
        })
    })
}

async fn a_flood_of_wrong_log_ins_leaves_list_reads_fast(backend: Backend) {
    // Production settings: the flood comes from many addresses, so only the hashing gate holds it back.
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let clients: Vec<reqwest::Client> = (0..100).map(|n| client_from(100 + n)).collect();
    for _ in 0..3 {
        assert_eq!(app.get("/api/applications", Some(&trainer)).await.status(), 200, "warm-up");
    }

    // The same reads without the flood, for the report: what the flood adds, on this machine, in this build.
    let quiet =
        read_lists_until(app.url("/api/applications"), trainer.clone(), Instant::now() + Duration::from_secs(2));
    let quiet = actix_web::web::block(move || quiet.join().unwrap()).await.unwrap();

    let deadline = Instant::now() + Duration::from_secs(3);
    let reader = read_lists_until(app.url("/api/applications"), trainer, deadline);
    let mut statuses = Vec::new();
    while Instant::now() < deadline {
        let wave = (0..500).map(|n| {
            let (app, client) = (&app, &clients[n % clients.len()]);
            async move { log_in(app, client, &format!("inconnu{n}@example.org"), "mauvais mot de passe").await.status() }
        });
        statuses.extend(futures_util::future::join_all(wave).await);
    }
    let samples = actix_web::web::block(move || reader.join().unwrap()).await.unwrap();

    let count = |code: u16| statuses.iter().filter(|s| s.as_u16() == code).count();
    let (wrong, busy) = (count(401), count(503));
    assert_eq!(wrong + busy + count(429), statuses.len(), "only 401, 429 or 503 for the flood");
    assert!(busy > 0, "the gate turned requests away at once");
    let p99 = p99(samples.clone());
    eprintln!(
        "flood: {} log-ins ({wrong} checked, {busy} turned away); {} reads, p99 {p99:.1} ms (without flood: {} reads, p99 {:.1} ms)",
        statuses.len(),
        samples.len(),
        quiet.len(),
        self::p99(quiet.clone()),
    );
    assert!(samples.len() >= 20, "reads kept going: {}", samples.len());
    assert!(p99 < 200.0, "p99 of list reads during the flood: {p99:.1} ms");
}

#[actix_web::test]
async fn a_flood_of_wrong_log_ins_leaves_list_reads_fast_on_both_backends() {
    a_flood_of_wrong_log_ins_leaves_list_reads_fast(Backend::Sqlite).await;
    a_flood_of_wrong_log_ins_leaves_list_reads_fast(Backend::Postgres).await;
}
