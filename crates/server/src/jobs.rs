//! Background jobs: each due job runs once per pass, from `tremplin jobs run` or the scheduler of
//! `tremplin serve`. Every job is idempotent and safe when several instances run it at once: each change is
//! a conditional update that only one of them can make.

use chrono::NaiveDate;
use domain::application::ApplicationState;
use domain::retention::{Retention, read_log_kept_from};
use domain::time_rules::switch_to_no_decision_sent;

use crate::clock::Clock;
use crate::db::{Conn, Db, write_transaction};
use crate::error::ApiError;
use crate::service::applications::anonymisation;
use crate::service::notify;
use crate::store;
use crate::store::audit::{self, Entity};

/// What one job did in a pass: the items it changed, and the items it could not change. A failing item is
/// logged and left for the next pass; it never stops the other items or the other jobs.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct JobPass {
    pub done: usize,
    /// One line per failed item: what it was and why.
    pub failed: Vec<String>,
}

impl JobPass {
    fn record(&mut self, job: &str, item: &str, outcome: Result<usize, ApiError>) {
        match outcome {
            Ok(done) => self.done += done,
            Err(error) => {
                tracing::error!(job, item, %error, "job item failed");
                self.failed.push(format!("{item} : {error}"));
            }
        }
    }
}

/// What one pass did, per job.
#[derive(Debug, Default)]
pub struct RunReport {
    pub lines: Vec<String>,
    /// Items (or whole jobs) that failed in this pass.
    pub failures: Vec<String>,
}

/// Runs every due job once. Each job runs even when another failed; the report says what failed.
/// `public_url` builds the links of the e-mail the jobs write.
pub fn run_due(db: &Db, today: NaiveDate, retention: Retention, public_url: &str) -> RunReport {
    let mut report = RunReport::default();
    report.run(db, "no_decision_sent", "avis non transmis : {} candidature(s) basculée(s)", |conn| {
        switch_no_decision_sent(conn, today)
    });
    report.run(db, "anonymisation", "anonymisation : {} candidat(s) anonymisé(s)", |conn| {
        anonymise_expired(conn, today, retention)
    });
    report.run(db, "weekly_digest", "récapitulatif hebdomadaire : {} message(s)", |conn| {
        weekly_digests(conn, today, public_url)
    });
    report
}

/// R-MAIL-3: each deciding organisation's weekly digest of its applications switching to *avis non transmis*
/// within 15 days (R-TIME-2), one organisation per transaction; the week's record makes every later pass, on
/// any instance, skip it.
pub fn weekly_digests(conn: &mut Conn, today: NaiveDate, public_url: &str) -> Result<JobPass, ApiError> {
    let mut pass = JobPass::default();
    for (organisation_id, lines) in notify::digests_due(conn, today)? {
        let outcome =
            write_transaction(conn, |conn| notify::weekly_digest(conn, public_url, organisation_id, today, &lines));
        pass.record("weekly_digest", &format!("organisation {organisation_id}"), outcome);
    }
    Ok(pass)
}

impl RunReport {
    fn run(&mut self, db: &Db, job: &str, line: &str, job_fn: impl FnOnce(&mut Conn) -> Result<JobPass, ApiError>) {
        match db.get().and_then(|mut conn| job_fn(&mut conn)) {
            Ok(pass) => {
                crate::metrics::job_ran(job, pass.done);
                self.lines.push(line.replace("{}", &pass.done.to_string()));
                self.failures.extend(pass.failed.into_iter().map(|f| format!("{job} : {f}")));
            }
            Err(error) => {
                tracing::error!(job, %error, "job failed");
                self.failures.push(format!("{job} : {error}"));
            }
        }
    }
}

/// R-GDPR-2: candidates whose session ended longer ago than the retention period lose their personal data
/// (every copy: [`crate::service::applications::anonymisation`]); applications, states and counts stay for statistics.
/// Read-log entries past their own retention go too.
pub fn anonymise_expired(conn: &mut Conn, today: NaiveDate, retention: Retention) -> Result<JobPass, ApiError> {
    let ended_by = today.checked_sub_months(chrono::Months::new(retention.get())).unwrap_or(NaiveDate::MIN);
    let mut pass = JobPass::default();
    for (candidate_id, reference, session_end) in store::applications::candidates_ended_by(conn, ended_by)? {
        if !retention.is_due_for_anonymisation(session_end, today) {
            continue;
        }
        let outcome =
            write_transaction(conn, |conn| anonymisation::anonymise(conn, candidate_id, &reference).map(usize::from));
        pass.record("anonymisation", &reference, outcome);
    }
    let kept_from = read_log_kept_from(today).and_time(chrono::NaiveTime::MIN);
    let purged = store::candidate_reads::purge_before(conn, kept_from)?;
    if pass.done > 0 || purged > 0 {
        crate::db::flush_erased_pages(conn)?;
        tracing::info!(anonymised = pass.done, purged, "personal data past retention erased");
    }
    Ok(pass)
}

/// R-TIME-1: pending applications of sessions ended 21 days ago become *Avis non transmis*, one session per
/// transaction, each session's in one statement.
pub fn switch_no_decision_sent(conn: &mut Conn, today: NaiveDate) -> Result<JobPass, ApiError> {
    let mut pass = JobPass::default();
    for session in store::sessions::with_pending_ended_before(conn, today)? {
        let Some(next) = switch_to_no_decision_sent(ApplicationState::Pending, session.end_date, today) else {
            continue;
        };
        let outcome = write_transaction(conn, |conn| {
            store::applications::lock_session(conn, session.id)?;
            let switched = store::applications::finalise_pending_of_session(conn, session.id, next)?;
            let entities: Vec<Entity<'_>> = switched.iter().map(|reference| Entity::Application(reference)).collect();
            let change = [audit::change("state", ApplicationState::Pending.code(), next.code())];
            audit::record_many_by_system(conn, &entities, "no_decision_sent", &change)?;
            Ok(switched.len())
        });
        pass.record("no_decision_sent", &format!("session {}", session.reference), outcome);
    }
    if pass.done > 0 {
        tracing::info!(switched = pass.done, "applications switched to no_decision_sent");
    }
    Ok(pass)
}

/// Runs the due jobs every `interval` while the server runs; a failed pass is logged and retried next time.
pub async fn schedule(db: Db, clock: Clock, interval: std::time::Duration, retention: Retention, public_url: String) {
    let mut ticks = tokio::time::interval(interval);
    loop {
        ticks.tick().await;
        let pass = db.clone();
        let (today, public_url) = (clock.today(), public_url.clone());
        match actix_web::web::block(move || run_due(&pass, today, retention, &public_url)).await {
            Ok(report) if report.failures.is_empty() => tracing::debug!(?report.lines, "jobs pass"),
            Ok(report) => tracing::warn!(?report.lines, ?report.failures, "jobs pass with failures"),
            Err(error) => tracing::warn!(%error, "jobs pass could not run"),
        }
    }
}
