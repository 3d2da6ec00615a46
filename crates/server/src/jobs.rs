//! Background jobs: each due job runs once per call, from `tremplin jobs run` or the scheduler of
//! `tremplin serve`. Jobs are added here as the features that need them land.

use crate::db::Db;
use crate::error::ApiError;

/// What one pass did, per job.
#[derive(Debug, Default)]
pub struct RunReport {
    pub lines: Vec<String>,
}

/// Runs every due job once.
pub fn run_due(_db: &Db) -> Result<RunReport, ApiError> {
    // No scheduled work exists yet: "avis non transmis" switching and the outbox arrive with their issues.
    Ok(RunReport::default())
}
