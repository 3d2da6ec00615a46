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
        let started = std::time::Instant::now();
        let outcome = db.get().and_then(|mut conn| job_fn(&mut conn));
        let seconds = started.elapsed().as_secs_f64();
        match outcome {
            Ok(pass) => {
                tracing::info!(job, done = pass.done, failed = pass.failed.len(), seconds, "job pass");
                crate::metrics::job_ran(job, pass.done, seconds);
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

/// How many applications one transaction of R-TIME-1 switches, about (whole sessions). One session per
/// transaction wrote every page it touched (the applications' indexes, the counters) once per session, and sent
/// four statements per session: over 100,000 applications that was most of the job's time on both databases.
/// A batch holds the write lock for about a second, and ended sessions take no intake meanwhile.
const SWITCHED_PER_TRANSACTION: i64 = 2_000;

/// R-TIME-1: pending applications of sessions ended 21 days ago become *Avis non transmis*, a batch of sessions
/// per transaction and statement. A batch that fails is run again one session at a time, so a failing session
/// is left alone for the next pass and the others still switch.
pub fn switch_no_decision_sent(conn: &mut Conn, today: NaiveDate) -> Result<JobPass, ApiError> {
    let due: Vec<(store::sessions::SessionRow, ApplicationState)> =
        store::sessions::with_pending_ended_before(conn, today)?
            .into_iter()
            .filter_map(|session| {
                switch_to_no_decision_sent(ApplicationState::Pending, session.end_date, today)
                    .map(|next| (session, next))
            })
            .collect();
    let mut pass = JobPass::default();
    for batch in batches(&due, |(session, _)| i64::from(session.places_held - session.retained)) {
        let whole = write_transaction(conn, |conn| {
            let mut done = 0;
            for next in batch.iter().map(|(_, next)| *next).collect::<std::collections::BTreeSet<_>>() {
                let ids: Vec<i64> = batch.iter().filter(|(_, n)| *n == next).map(|(s, _)| s.id).collect();
                done += switch_sessions(conn, ids, next)?;
            }
            Ok(done)
        });
        if let Ok(done) = whole {
            pass.done += done;
            continue;
        }
        for (session, next) in batch {
            let outcome = write_transaction(conn, |conn| switch_sessions(conn, vec![session.id], *next));
            pass.record("no_decision_sent", &format!("session {}", session.reference), outcome);
        }
    }
    if pass.done > 0 {
        tracing::info!(switched = pass.done, "applications switched to no_decision_sent");
    }
    Ok(pass)
}

/// The pending applications of these sessions switched to `next` in one statement, audited. The sessions are
/// locked in id order, as every writer locks them.
fn switch_sessions(conn: &mut Conn, mut session_ids: Vec<i64>, next: ApplicationState) -> Result<usize, ApiError> {
    session_ids.sort_unstable();
    for id in &session_ids {
        store::applications::lock_session(conn, *id)?;
    }
    let switched = store::applications::finalise_pending_of_sessions(conn, &session_ids, next)?;
    let entities: Vec<Entity<'_>> = switched.iter().map(|reference| Entity::Application(reference)).collect();
    let change = [audit::change("state", ApplicationState::Pending.code(), next.code())];
    audit::record_many_by_system(conn, &entities, "no_decision_sent", &change)?;
    Ok(switched.len())
}

/// `items` cut into runs of about [`SWITCHED_PER_TRANSACTION`] by `weight` (an item heavier than that alone).
fn batches<T>(items: &[T], weight: impl Fn(&T) -> i64) -> Vec<&[T]> {
    let mut runs = Vec::new();
    let (mut start, mut load) = (0, 0);
    for (index, item) in items.iter().enumerate() {
        if index > start && load + weight(item) > SWITCHED_PER_TRANSACTION {
            runs.push(&items[start..index]);
            (start, load) = (index, 0);
        }
        load += weight(item);
    }
    if start < items.len() {
        runs.push(&items[start..]);
    }
    runs
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

#[cfg(test)]
mod tests {
    use super::batches;

    #[test]
    fn r_time_1_sessions_are_switched_in_batches_of_whole_sessions() {
        let weights = [1_500, 600, 100, 3_000, 10];
        let runs: Vec<Vec<i64>> = batches(&weights, |w| *w).into_iter().map(<[i64]>::to_vec).collect();
        assert_eq!(runs, vec![vec![1_500], vec![600, 100], vec![3_000], vec![10]]);
        assert!(batches(&[] as &[i64], |w| *w).is_empty());
    }
}
