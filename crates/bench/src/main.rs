//! `tremplin-bench`: the load driver of `make bench` (bench/run.sh). It logs in as the users of the manifest
//! `tremplin bench-data` wrote, finds what to read through the API, then measures each scenario at each
//! concurrency against one or more running `tremplin serve` instances.

mod api;
mod export;
mod load;
mod manifest;
mod reads;
mod report;
mod writes;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};
use serde::Serialize;
use serde_json::Value;

use crate::api::{Api, Auth};
use crate::manifest::Manifest;
use crate::reads::{Discovery, Reader, Readers};
use crate::report::Row;
use crate::writes::{Decide, Intake, IntakeShared, QuotaCheck};

#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("manifest: {0}")]
    Manifest(String),
    #[error("{0}")]
    Http(String),
    #[error("{0}")]
    Io(String),
}

#[derive(Parser)]
#[command(name = "tremplin-bench", about = "Mesure l'API de serveurs tremplin en marche (make bench)")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the scenarios and writes their results as JSON.
    Run(RunArgs),
    /// Prints the tables of a results file (a run's, or bench/results/<date>-<db>.json).
    Table { file: PathBuf },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Only {
    /// Every scenario: reads, CSV export, intake, decisions.
    All,
    /// The ceiling and the read scenarios (the two-instance comparison).
    Reads,
}

#[derive(clap::Args)]
struct RunArgs {
    /// The manifest `tremplin bench-data` wrote.
    #[arg(long)]
    manifest: PathBuf,
    /// A server to load; given several times, clients are spread over them in turn.
    #[arg(long = "base-url", default_value = "http://127.0.0.1:8080")]
    base_urls: Vec<String>,
    /// Concurrent clients, one measurement each.
    #[arg(long, value_delimiter = ',', default_value = "16,64")]
    clients: Vec<usize>,
    /// Seconds per scenario and concurrency.
    #[arg(long, default_value_t = 5.0)]
    seconds: f64,
    /// The server's process, to sample its memory during the CSV export.
    #[arg(long)]
    server_pid: Option<u32>,
    #[arg(long, value_enum, default_value = "all")]
    only: Only,
    /// Runs only the scenarios whose name contains this text (while working on one screen); repeatable.
    #[arg(long = "scenario")]
    scenarios: Vec<String>,
    #[arg(long, default_value_t = 3)]
    export_runs: usize,
    /// Where to write the results.
    #[arg(long)]
    out: Option<PathBuf>,
}

/// A run's results.
#[derive(Serialize)]
struct RunResults {
    started_at: String,
    base_urls: Vec<String>,
    clients: Vec<usize>,
    seconds: f64,
    applications: u64,
    discovery: Discovery,
    rows: Vec<Row>,
    #[serde(skip_serializing_if = "Option::is_none")]
    export: Option<export::Export>,
    quota: Vec<QuotaCheck>,
    notes: Vec<String>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Run(args) => tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .map_err(|e| BenchError::Io(e.to_string()))
            .and_then(|runtime| runtime.block_on(run(args))),
        Command::Table { file } => print_tables(&file),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tremplin-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: RunArgs) -> Result<(), BenchError> {
    let manifest = Manifest::read(&args.manifest)?;
    let api = Api::new(args.base_urls.clone())?;
    let duration = Duration::from_secs_f64(args.seconds.max(0.1));
    let wanted = |name: &str| args.scenarios.is_empty() || args.scenarios.iter().any(|s| name.contains(s.as_str()));
    let mut results = RunResults {
        started_at: chrono::Utc::now().to_rfc3339(),
        base_urls: args.base_urls.clone(),
        clients: args.clients.clone(),
        seconds: args.seconds,
        applications: manifest.applications,
        discovery: Discovery::default(),
        rows: Vec::new(),
        export: None,
        quota: Vec::new(),
        notes: Vec::new(),
    };

    eprintln!("Logging in and finding what to read ({} instance(s))", api.instances());
    let readers = Readers::log_in(&api, &manifest).await?;
    let export_auth = reads::export_reader(&api, &manifest, &readers, &mut results.discovery).await;
    let mut scenarios = vec![reads::ceiling(&api, &mut results.discovery).await?];
    scenarios.extend(reads::scenarios(&api, &manifest, &readers, export_auth.as_ref(), &mut results.discovery).await?);
    if let Some(note) = &results.discovery.ceiling_note {
        results.notes.push(note.clone());
    }

    for scenario in scenarios.iter().filter(|s| s.name == reads::CEILING || wanted(&s.name)) {
        for &clients in &args.clients {
            let targets = scenario.targets.clone();
            let row =
                load::run(&scenario.name, clients, duration, |i| Reader::new(api.clone(), i, targets.clone())).await?;
            results.rows.extend(row);
        }
    }

    if args.only == Only::All {
        if wanted("csv export") {
            match &export_auth {
                Some(auth) => {
                    let session = &manifest.export_session;
                    let export = export::run(
                        &api,
                        auth,
                        &session.reference,
                        session.applications,
                        args.export_runs,
                        args.server_pid,
                    )
                    .await?;
                    results.export = Some(export);
                }
                None => results.notes.push("CSV export skipped: no listed user may read the export session".to_owned()),
            }
        }
        writes_scenarios(&api, &manifest, &args, duration, &mut results, &wanted).await?;
    }

    report::apply_ceiling(&mut results.rows, reads::CEILING);
    output(&report::table(&results.rows));
    if let Some(out) = &args.out {
        let text = serde_json::to_string_pretty(&results).map_err(|e| BenchError::Io(e.to_string()))?;
        std::fs::write(out, text).map_err(|e| BenchError::Io(format!("{}: {e}", out.display())))?;
        eprintln!("Results written to {}", out.display());
    }
    let errors: u64 = results.rows.iter().map(|r| r.errors).sum();
    if errors > 0 {
        eprintln!("{errors} requests failed: see `error_samples` in the results");
    }
    Ok(())
}

/// Intake spread over the intake sessions then on the hot one, each followed by the quota check, then the
/// decisions on what was accepted.
async fn writes_scenarios(
    api: &Api,
    manifest: &Manifest,
    args: &RunArgs,
    duration: Duration,
    results: &mut RunResults,
    wanted: &dyn Fn(&str) -> bool,
) -> Result<(), BenchError> {
    let organisation = api.log_in(manifest, &manifest.intake_organisation).await?;
    let mut prescribers: Vec<Auth> = Vec::new();
    for user in manifest.busy_prescribers(8) {
        prescribers.push(api.log_in(manifest, user).await?);
    }
    if prescribers.is_empty() {
        return Err(BenchError::Manifest("no prescriber to apply as".to_owned()));
    }
    let nonce = u64::try_from(chrono::Utc::now().timestamp()).unwrap_or(0);
    let shared = IntakeShared::new(nonce);
    let intakes = [
        (format!("intake spread ({} sessions)", manifest.intake_sessions.len()), manifest.intake_sessions.clone()),
        ("intake hot session".to_owned(), vec![manifest.hot_session.clone()]),
    ];
    for (name, sessions) in intakes {
        if !wanted(&name) {
            continue;
        }
        let sessions = Arc::new(sessions);
        let before = writes::places_held(api, &organisation, &sessions).await;
        let already = shared.accepted().len();
        for &clients in &args.clients {
            let make = |i: usize| Intake {
                api: api.clone(),
                client: i,
                prescriber: prescribers[i % prescribers.len()].clone(),
                sessions: sessions.clone(),
                shared: shared.clone(),
            };
            results.rows.extend(load::run(&name, clients, duration, make).await?);
        }
        let after = writes::places_held(api, &organisation, &sessions).await;
        match (before, after) {
            (Ok(before), Ok(after)) => {
                let check = writes::check_quota(&name, &before, &after, &shared.accepted()[already..]);
                eprintln!(
                    "  quota {}: {} accepted, {} places taken, {} over quota",
                    if check.exact { "exact" } else { "NOT EXACT" },
                    check.accepted,
                    check.places_taken,
                    check.over_quota
                );
                results.quota.push(check);
            }
            (Err(e), _) | (_, Err(e)) => results.notes.push(format!("{name}: quota not checked: {e}")),
        }
    }

    let name = "decision + validation";
    if wanted(name) {
        let mut references: Vec<String> = shared.accepted().into_iter().map(|a| a.reference).collect();
        // Oldest last, so `pop` decides the most recent first: no order is favoured by the store.
        references.reverse();
        let queue = Arc::new(Mutex::new(references));
        let today = chrono::Local::now().date_naive();
        for &clients in &args.clients {
            let make = |i: usize| Decide {
                api: api.clone(),
                client: i,
                auth: organisation.clone(),
                queue: queue.clone(),
                today,
            };
            results.rows.extend(load::run(name, clients, duration, make).await?);
        }
        if queue.lock().map(|q| q.is_empty()).unwrap_or(false) {
            results
                .notes
                .push("decision + validation ran out of accepted applications before the time was up".to_owned());
        }
    }
    Ok(())
}

/// Prints the tables of a results file: a run's (`rows`) or bench/run.sh's (`sizes`, each with its run).
fn print_tables(file: &Path) -> Result<(), BenchError> {
    let text = std::fs::read_to_string(file).map_err(|e| BenchError::Io(format!("{}: {e}", file.display())))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| BenchError::Io(format!("{}: {e}", file.display())))?;
    let mut out = String::new();
    match value.get("sizes").and_then(Value::as_array) {
        Some(sizes) => {
            let db = value.get("db").and_then(Value::as_str).unwrap_or("?");
            for size in sizes {
                out.push_str(&size_report(db, size));
            }
        }
        None => out.push_str(&run_report(&value)),
    }
    output(&out);
    Ok(())
}

/// The tables are the command's output, on stdout; progress goes to stderr.
#[allow(clippy::print_stdout)]
fn output(text: &str) {
    println!("{text}");
}

fn rows_of(run: &Value) -> Vec<Row> {
    run.get("rows").cloned().and_then(|rows| serde_json::from_value(rows).ok()).unwrap_or_default()
}

fn size_report(db: &str, size: &Value) -> String {
    let number = |v: Option<&Value>| v.and_then(Value::as_f64).map_or_else(|| "?".to_owned(), |n| format!("{n:.0}"));
    let seconds = |v: Option<&Value>| v.and_then(Value::as_f64).map_or_else(|| "?".to_owned(), |n| format!("{n:.2} s"));
    let mut out = format!(
        "\n== {db}, {} applications: generated in {}, startup {} ms, R-TIME-1 job {} ({} due)\n",
        number(size.get("applications")),
        seconds(size.pointer("/manifest/seconds")),
        number(size.get("startup_ms")),
        seconds(size.pointer("/job/seconds")),
        number(size.pointer("/manifest/due_applications")),
    );
    if let Some(run) = size.get("run") {
        out.push_str(&run_report(run));
    }
    if let Some(two) = size.get("two_instances").filter(|two| !two.is_null()) {
        let one = size.get("run").map(rows_of).unwrap_or_default();
        out.push_str("\nOne instance against two on the same database (reads):\n");
        out.push_str(&report::comparison(&one, &rows_of(two)));
    }
    out
}

fn run_report(run: &Value) -> String {
    let mut out = report::table(&rows_of(run));
    if let Some(runs) = run.pointer("/export/runs").and_then(Value::as_array) {
        for export in runs {
            let f = |k: &str| export.get(k).and_then(Value::as_f64).unwrap_or(0.0);
            let rss = |k: &str| export.pointer(&format!("/rss/{k}")).and_then(Value::as_f64);
            out.push_str(&format!(
                "CSV export: {:.0} rows in {:.2} s ({:.0} rows/s, {:.1} MiB), server RSS {} → {} MiB (+{} MiB)\n",
                f("rows"),
                f("seconds"),
                f("rows_per_second"),
                f("bytes") / 1024.0 / 1024.0,
                rss("baseline_mib").map_or_else(|| "?".to_owned(), |v| format!("{v:.1}")),
                rss("peak_mib").map_or_else(|| "?".to_owned(), |v| format!("{v:.1}")),
                rss("growth_mib").map_or_else(|| "?".to_owned(), |v| format!("{v:.1}")),
            ));
        }
    }
    for check in run.get("quota").and_then(Value::as_array).into_iter().flatten() {
        out.push_str(&format!(
            "Quota after {}: {} ({} accepted, {} places taken, {} over quota)\n",
            check.get("scenario").and_then(Value::as_str).unwrap_or("?"),
            if check.get("exact").and_then(Value::as_bool).unwrap_or(false) { "exact" } else { "NOT EXACT" },
            check.get("accepted").unwrap_or(&Value::Null),
            check.get("places_taken").unwrap_or(&Value::Null),
            check.get("over_quota").unwrap_or(&Value::Null),
        ));
    }
    for note in run.get("notes").and_then(Value::as_array).into_iter().flatten() {
        out.push_str(&format!("Note: {}\n", note.as_str().unwrap_or_default()));
    }
    out
}
