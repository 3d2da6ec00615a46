//! Background jobs: each due job runs once per pass, from `tremplin jobs run` or the scheduler of
//! `tremplin serve`. Every job is idempotent and safe when several instances run it at once: each change is
//! a conditional update that only one of them can make.

use chrono::NaiveDate;
use domain::application::ApplicationState;
use domain::time_rules::switch_to_no_decision_sent;

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
pub fn run_due(db: &Db, today: NaiveDate) -> Result<RunReport, ApiError> {
    let mut conn = db.get()?;
    let switched = switch_no_decision_sent(&mut conn, today)?;
    Ok(RunReport { lines: vec![format!("avis non transmis : {switched} candidature(s) basculée(s)")] })
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
pub async fn schedule(db: Db, interval: std::time::Duration) {
    let mut ticks = tokio::time::interval(interval);
    loop {
        ticks.tick().await;
        let pass = db.clone();
        let outcome = actix_web::web::block(move || run_due(&pass, chrono::Local::now().date_naive())).await;
        match outcome {
            Ok(Ok(report)) => tracing::debug!(?report.lines, "jobs pass"),
            Ok(Err(error)) => tracing::warn!(%error, "jobs pass failed"),
            Err(error) => tracing::warn!(%error, "jobs pass could not run"),
        }
    }
}
