//! Tremplin server: the REST API of `shared/API.md`, background jobs, and the web app's files.
//!
//! Business rules live in the `domain` crate; this crate parses HTTP input, calls the domain, stores
//! the result and maps refusals to problem+json.

pub mod app;
pub mod auth;
pub mod candidacy;
pub mod clock;
pub mod config;
pub mod crypto;
pub mod csp;
pub mod db;
pub mod demo;
pub mod error;
pub mod forwarder;
pub mod jobs;
pub mod metrics;
pub mod net_guard;
pub mod nul_guard;
pub mod offer;
pub mod openapi;
pub mod routes;
pub mod service;
pub mod spa;
pub mod state;
pub mod store;
