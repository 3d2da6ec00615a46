//! API integration tests: the real server over HTTP, each test on a fresh SQLite and PostgreSQL database.
#![expect(clippy::unwrap_used, reason = "tests fail loudly on any unexpected error")]

mod account_links;
mod anonymisation;
mod applications;
mod bench_data;
mod cursors;
mod deadlocks;
mod edge;
mod guide;
mod helpers;
mod idempotency;
mod identity;
mod jobs;
mod lheo;
mod list_copies;
mod list_plans;
mod login_guard;
mod mail;
mod members;
mod notifications;
mod offer;
mod offer_lists;
mod openapi_drift;
#[path = "../shared/organisation_counts.rs"]
mod organisation_counts;
mod outbox;
mod paging;
mod processes;
mod query_plans;
mod quota_integrity;
mod read_log;
mod searches;
mod smtp_sink;
mod spec_conformance;
mod visibility;
mod webhooks;
