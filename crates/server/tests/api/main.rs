//! API integration tests: the real server over HTTP, each test on a fresh SQLite and PostgreSQL database.
#![expect(clippy::unwrap_used, reason = "tests fail loudly on any unexpected error")]

mod applications;
mod helpers;
mod identity;
mod jobs;
mod offer;
mod openapi_drift;
mod outbox;
mod processes;
mod spec_conformance;
