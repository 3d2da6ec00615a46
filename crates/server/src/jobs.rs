//! Background jobs: each due job runs once per pass, from `tremplin jobs run` or the scheduler of
//! `tremplin serve`. Every job is idempotent and safe when several instances run it at once: each change is
//! a conditional update that only one of them can make.

use chrono::NaiveDate;
use domain::application::ApplicationState;
use domain::retention::{Retention, read_log_kept_from};
use domain::time_rules::switch_to_no_decision_sent;

use crate::candidacy::anonymisation;
use crate::db::{Conn, Db, write_transaction};
use crate::error::ApiError;
use crate::store;
use crate::store::audit::{self, Entity};

/// What one pass did, per job.
#[derive(Debug, Default)]
pub struct RunReport {
    pub lines: Vec<String>,
}

/// Runs every due job once.
pub fn run_due(db: &Db, today: NaiveDate, retention: Retention) -> Result<RunReport, ApiError> {
    let mut conn = db.get()?;
    let switched = switch_no_decision_sent(&mut conn, today)?;
    let anonymised = anonymise_expired(&mut conn, today, retention)?;
    crate::metrics::job_ran("no_decision_sent", switched);
    crate::metrics::job_ran("anonymisation", anonymised);
    Ok(RunReport {
        lines: vec![
            format!("avis non transmis : {switched} candidature(s) basculée(s)"),
            format!("anonymisation : {anonymised} candidat(s) anonymisé(s)"),
        ],
    })
}

/// R-GDPR-2: candidates whose session ended longer ago than the retention period lose their personal data
/// (every copy: [`crate::candidacy::anonymisation`]); applications, states and counts stay for statistics.
/// Read-log entries past their own retention go too. Returns how many candidates were anonymised.
pub fn anonymise_expired(conn: &mut Conn, today: NaiveDate, retention: Retention) -> Result<usize, ApiError> {
    let ended_by = today.checked_sub_months(chrono::Months::new(retention.get())).unwrap_or(NaiveDate::MIN);
    let mut anonymised = 0;
    for (candidate_id, reference, session_end) in store::applications::candidates_ended_by(conn, ended_by)? {
        if !retention.is_due_for_anonymisation(session_end, today) {
            continue;
        }
        let done = write_transaction(conn, |conn| anonymisation::anonymise(conn, candidate_id, &reference))?;
        anonymised += usize::from(done);
    }
    let kept_from = read_log_kept_from(today).and_time(chrono::NaiveTime::MIN);
    let purged = store::candidate_reads::purge_before(conn, kept_from)?;
    if anonymised > 0 || purged > 0 {
        crate::db::flush_erased_pages(conn)?;
        tracing::info!(anonymised, purged, "personal data past retention erased");
    }
    Ok(anonymised)
}

/// R-TIME-1: pending applications of sessions ended 21 days ago become *Avis non transmis*.
pub fn switch_no_decision_sent(conn: &mut Conn, today: NaiveDate) -> Result<usize, ApiError> {
    let mut switched = 0;
    for session in store::sessions::with_pending_ended_before(conn, today)? {
        switched += write_transaction(conn, |conn| {
            store::applications::lock_session(conn, session.id)?;
            let mut count = 0;
            for row in store::applications::live_of_session(conn, session.id)? {
                let Some(next) = switch_to_no_decision_sent(row.state()?, session.end_date, today) else { continue };
                if store::applications::finalise(conn, row.id, next, None, None)? {
                    store::applications::move_counters(conn, session.id, Some(ApplicationState::Pending), next)?;
                    let change = [audit::change("state", ApplicationState::Pending.code(), next.code())];
                    audit::record_by_system(conn, Entity::Application(&row.reference), "no_decision_sent", &change)?;
                    count += 1;
                }
            }
            Ok(count)
        })?;
    }
    if switched > 0 {
        tracing::info!(switched, "applications switched to no_decision_sent");
    }
    Ok(switched)
}

/// Runs the due jobs every `interval` while the server runs; a failed pass is logged and retried next time.
pub async fn schedule(db: Db, interval: std::time::Duration, retention: Retention) {
    let mut ticks = tokio::time::interval(interval);
    loop {
        ticks.tick().await;
        let pass = db.clone();
        let outcome = actix_web::web::block(move || run_due(&pass, chrono::Local::now().date_naive(), retention)).await;
        match outcome {
            Ok(Ok(report)) => tracing::debug!(?report.lines, "jobs pass"),
            Ok(Err(error)) => tracing::warn!(%error, "jobs pass failed"),
            Err(error) => tracing::warn!(%error, "jobs pass could not run"),
        }
    }
}
