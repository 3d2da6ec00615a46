//! Tremplin server: the REST API of `shared/API.md`, background jobs, and the web app's files.
//!
//! Business rules live in the `domain` crate; this crate parses HTTP input, calls the domain, stores
//! the result and maps refusals to problem+json.
//!
//! Only what `main.rs` and the integration tests (`tests/{api,fuzz,flood}`) use is public; the rest is
//! `pub(crate)`, so the compiler reports what nothing uses.

pub mod app;
pub mod auth;
pub mod bench_data;
pub mod clock;
pub mod config;
pub mod crypto;
pub(crate) mod csp;
pub mod db;
pub mod demo;
pub mod error;
pub mod forwarder;
pub(crate) mod idempotency;
pub(crate) mod if_match;
pub mod jobs;
pub mod lheo;
pub mod mail;
pub mod metrics;
pub mod net_guard;
pub(crate) mod nul_guard;
pub mod openapi;
pub(crate) mod routes;
pub(crate) mod service;
pub(crate) mod spa;
pub mod state;
pub mod store;
