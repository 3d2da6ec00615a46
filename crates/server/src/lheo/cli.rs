//! `tremplin lheo export` and `tremplin lheo import`: the same export and import as the API, from a terminal.

use std::io::{BufWriter, Write};
use std::path::Path;

use contract::{LheoCounts, LheoImportReport};
use indicatif::{ProgressBar, ProgressStyle};

use super::{ImportOptions, export_to, import as import_prepared, prepare};
use crate::db::Db;

/// Why a command failed, in French.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct CommandError(String);

fn failed(what: &str) -> impl Fn(&dyn std::fmt::Display) -> CommandError + '_ {
    move |e| CommandError(format!("{what} : {e}"))
}

/// Writes the export to `output`, or standard output.
pub fn export(db: &Db, today: chrono::NaiveDate, output: Option<&Path>) -> Result<(), CommandError> {
    let mut conn = db.get().map_err(|e| failed("base de données")(&e))?;
    let mut out: Box<dyn Write> = match output {
        Some(path) => Box::new(std::fs::File::create(path).map_err(|e| failed(&path.display().to_string())(&e))?),
        None => Box::new(std::io::stdout().lock()),
    };
    let mut out = BufWriter::with_capacity(256 * 1024, &mut out);
    export_to(&mut conn, today, &mut out).map_err(|e| failed("export LHEO")(&e))
}

/// Imports `file`: a file over `max_bytes` or not well-formed is refused before anything is written; then
/// one transaction per training under a progress bar, and the report on standard error.
pub fn import(
    db: &Db,
    today: chrono::NaiveDate,
    file: &Path,
    dry_run: bool,
    max_bytes: usize,
) -> Result<(), CommandError> {
    let name = file.display().to_string();
    let size = std::fs::metadata(file).map_err(|e| failed(&name)(&e))?.len();
    if !usize::try_from(size).is_ok_and(|s| s <= max_bytes) {
        return Err(CommandError(format!(
            "{name} : {size} octets, au-delà de la limite d'un import LHEO ({max_bytes} octets, LHEO_IMPORT_MAX_BYTES) ; rien n'a été écrit."
        )));
    }
    let bytes = std::fs::read(file).map_err(|e| failed(&name)(&e))?;
    let prepared = prepare(&bytes).map_err(|e| CommandError(format!("{name} : {} ; rien n'a été écrit.", e.0)))?;
    let progress = ProgressBar::new(u64::try_from(prepared.len()).unwrap_or(0));
    progress.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} formations ({eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut conn = db.get().map_err(|e| failed("base de données")(&e))?;
    let options = ImportOptions { today, author: None, dry_run };
    let report = import_prepared(&mut conn, prepared, options, &mut || progress.inc(1))
        .map_err(|e| failed("import LHEO")(&e))?;
    progress.finish_and_clear();
    eprint!("{}", report_text(&report));
    Ok(())
}

/// The report as a person reads it.
pub fn report_text(report: &LheoImportReport) -> String {
    let counts =
        |c: &LheoCounts| format!("{} créée(s), {} mise(s) à jour, {} inchangée(s)", c.created, c.updated, c.unchanged);
    let mut text = String::new();
    if report.dry_run {
        text.push_str("Essai à blanc : rien n'a été écrit.\n");
    }
    text.push_str(&format!("Formations : {}\n", counts(&report.trainings)));
    text.push_str(&format!("Sessions : {}\n", counts(&report.sessions)));
    text.push_str(&format!("Refus : {}\n", report.refused.len()));
    for refusal in &report.refused {
        text.push_str(&format!("  {} : {}\n", refusal.path, refusal.reason));
    }
    text
}
