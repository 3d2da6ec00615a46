//! API integration tests: the real server over HTTP, each test on a fresh SQLite and PostgreSQL database.
#![expect(clippy::unwrap_used, reason = "tests fail loudly on any unexpected error")]

mod anonymisation;
mod applications;
mod bench_data;
mod edge;
mod helpers;
mod idempotency;
mod identity;
mod jobs;
mod login_guard;
mod offer;
mod openapi_drift;
mod outbox;
mod paging;
mod processes;
mod quota_integrity;
mod read_log;
mod spec_conformance;
mod visibility;
mod webhooks;
