//! A stateful fuzzer over the real server, on SQLite and PostgreSQL: random sequences of operations by many
//! actors through the HTTP API, with "today" moving forward, and after every step the invariants read from
//! the database itself. A failing sequence is shrunk to a minimal one and printed, ready to be committed in
//! `regressions.rs`.
//!
//! `cargo test --test fuzz` runs a bounded run (`FUZZ_SECONDS` per backend, 40 by default); `make fuzz` runs
//! it for as long as asked. `FUZZ_SEED` replays a run.
#![expect(clippy::unwrap_used, reason = "the fuzzer fails loudly on any unexpected error")]

#[allow(dead_code, reason = "shared with the API tests; the fuzzer uses a part")]
#[path = "../api/helpers.rs"]
mod helpers;
mod invariants;
mod ops;
#[path = "../shared/organisation_counts.rs"]
mod organisation_counts;
mod regressions;
mod world;

use std::collections::{BTreeMap, HashSet};
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::helpers::Backend;
use crate::invariants::{Memory, check_answers};
use crate::ops::{Op, random_op};
use crate::world::World;

on_both_backends!(random_sequences_keep_every_invariant, sequences_that_once_broke_an_invariant_stay_fixed);

/// How a sequence ended.
struct Outcome {
    steps: usize,
    /// Answers per kind of step and status, to see what a run really exercised.
    statuses: BTreeMap<String, usize>,
    /// The step that broke an invariant, and what broke.
    violation: Option<(usize, Vec<String>)>,
}

/// The problem codes the OpenAPI document lists (`Problem.code`'s enum), if it lists them.
fn known_codes() -> HashSet<String> {
    let document: serde_json::Value = serde_json::from_str(&tremplin::openapi::document_json().unwrap()).unwrap();
    document["components"]["schemas"]["Problem"]["properties"]["code"]["enum"]
        .as_array()
        .map(|codes| codes.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

async fn run_sequence(backend: Backend, ops: &[Op], codes: &HashSet<String>) -> Outcome {
    let mut world = World::start(backend).await;
    let db = world.app.db.clone();
    let mut memory = actix_web::web::block(move || Memory::new(&mut db.get().unwrap())).await.unwrap();
    let mut statuses = BTreeMap::new();
    for (step, op) in ops.iter().enumerate() {
        let answers = world.run(op).await;
        let kind = format!("{op:?}");
        let kind = kind.split([' ', '{', '(']).next().unwrap_or_default().to_owned();
        for answer in &answers {
            let code = answer.problem_code.as_deref().unwrap_or_default();
            *statuses.entry(format!("{kind} {} {code}", answer.status)).or_default() += 1;
        }
        let mut found = check_answers(&answers, codes);
        found.extend(world.jobs_failures.drain(..).map(|f| format!("job failed: {f}")));
        let db = world.app.db.clone();
        let (kept, in_database) = actix_web::web::block(move || {
            let found = memory.check(&mut db.get().unwrap());
            (memory, found)
        })
        .await
        .unwrap();
        memory = kept;
        found.extend(in_database);
        if !found.is_empty() {
            return Outcome { steps: step + 1, statuses, violation: Some((step, found)) };
        }
    }
    Outcome { steps: ops.len(), statuses, violation: None }
}

fn random_sequence(seed: u64, sessions: u8) -> Vec<Op> {
    let mut rng = StdRng::seed_from_u64(seed);
    let length = rng.random_range(20..=70);
    (0..length).map(|_| random_op(&mut rng, sessions)).collect()
}

/// Removes chunks of steps while the sequence still fails (delta debugging), within a time budget.
async fn shrink(backend: Backend, mut ops: Vec<Op>, codes: &HashSet<String>, budget: Duration) -> Vec<Op> {
    let started = Instant::now();
    let mut chunk = ops.len().div_ceil(2);
    while chunk >= 1 && started.elapsed() < budget {
        let mut removed = false;
        let mut at = 0;
        while at < ops.len() && started.elapsed() < budget {
            let mut candidate = ops.clone();
            candidate.drain(at..(at + chunk).min(ops.len()));
            let outcome = run_sequence(backend, &candidate, codes).await;
            if outcome.violation.is_some() {
                candidate.truncate(outcome.steps);
                ops = candidate;
                removed = true;
            } else {
                at += chunk;
            }
        }
        if !removed {
            if chunk == 1 {
                break;
            }
            chunk = chunk.div_ceil(2);
        }
    }
    ops
}

/// Sessions the fuzzer creates (see `World::create_offer`).
const SESSIONS: u8 = 4;

async fn random_sequences_keep_every_invariant(backend: Backend) {
    let seconds = std::env::var("FUZZ_SECONDS").ok().and_then(|s| s.parse().ok()).unwrap_or(40);
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let first_seed: u64 = std::env::var("FUZZ_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or_else(rand::random);
    let codes = known_codes();
    let (mut sequences, mut steps) = (0u64, 0usize);
    let mut statuses: BTreeMap<String, usize> = BTreeMap::new();
    let mut violations = Vec::new();
    while Instant::now() < deadline || sequences == 0 {
        let seed = first_seed.wrapping_add(sequences);
        let ops = random_sequence(seed, SESSIONS);
        let outcome = run_sequence(backend, &ops, &codes).await;
        sequences += 1;
        steps += outcome.steps;
        for (key, count) in outcome.statuses {
            *statuses.entry(key).or_default() += count;
        }
        if let Some((step, found)) = outcome.violation {
            let failing = ops[..=step].to_vec();
            let minimal = shrink(backend, failing, &codes, Duration::from_secs(300)).await;
            let json = serde_json::to_string(&minimal).unwrap();
            eprintln!("fuzz {backend:?}: seed {seed} broke at step {step}: {found:#?}\nminimal sequence:\n{json}");
            violations.push((seed, found, json));
        }
    }
    eprintln!(
        "fuzz {backend:?}: first seed {first_seed}, {sequences} sequences, {steps} steps, {} violation(s)",
        violations.len()
    );
    eprintln!("fuzz {backend:?}: answers by step and status: {statuses:?}");
    assert!(violations.is_empty(), "{violations:#?}");
}

async fn sequences_that_once_broke_an_invariant_stay_fixed(backend: Backend) {
    let codes = known_codes();
    for (name, json) in regressions::SEQUENCES {
        let ops: Vec<Op> = serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: {e}"));
        let outcome = run_sequence(backend, &ops, &codes).await;
        assert!(outcome.violation.is_none(), "{name}: {:?}", outcome.violation);
        assert_eq!(outcome.steps, ops.len(), "{name}");
    }
}
