//! The `tremplin` command line (API.md § Server).

use std::net::TcpListener;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use tremplin::auth::{Tokens, password};
use tremplin::clock::Clock;
use tremplin::config::Config;
use tremplin::metrics::MetricsAccess;
use tremplin::state::AppState;
use tremplin::{demo, jobs, openapi, store};

#[derive(Parser)]
#[command(name = "tremplin", version, about = "Offres de formation POEC et candidatures")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrates the database, then serves the API and the web app on BIND.
    Serve {
        /// Loads demo data on first start and prints the demo logins.
        #[arg(long)]
        demo: bool,
    },
    /// Applies pending database migrations, then exits.
    Migrate,
    /// Platform administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Background jobs.
    Jobs {
        #[command(subcommand)]
        command: JobsCommand,
    },
    /// Prints the OpenAPI document (what `openapi/openapi.json` must contain).
    Openapi,
    /// The offer in LHEO 2.3, the Carif-Oref exchange format.
    Lheo {
        #[command(subcommand)]
        command: LheoCommand,
    },
    /// Fills an empty database with a realistic, reproducible data set for the load bench, and writes its manifest.
    BenchData(BenchDataArgs),
}

#[derive(clap::Args)]
struct BenchDataArgs {
    /// Applications to generate.
    #[arg(long, default_value_t = 1_000_000)]
    applications: u64,
    /// Sessions, the bench's 102 special ones included [default: 6 per 100 applications, at least 200].
    #[arg(long)]
    sessions: Option<u64>,
    /// Organisations: 60 % training organisations, 30 % prescribers, 10 % funders.
    #[arg(long, default_value_t = 500)]
    organisations: u64,
    /// Seed of the generator: the same seed and day give the same data.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The day the data is generated for (YYYY-MM-DD) [default: today].
    #[arg(long)]
    today: Option<chrono::NaiveDate>,
    /// Pending applications of sessions whose decisions closed, for the R-TIME-1 job [default: a tenth].
    #[arg(long)]
    due: Option<u64>,
    /// Where to write the manifest.
    #[arg(long, default_value = "bench/data/manifest.json")]
    manifest: std::path::PathBuf,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Creates a platform admin, or promotes an existing account and resets its password.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value = "Administration plateforme")]
        name: String,
    },
}

#[derive(Subcommand)]
enum LheoCommand {
    /// Writes the published offer as LHEO 2.3 (to standard output unless --output).
    Export {
        #[arg(long)]
        output: Option<std::path::PathBuf>,
    },
    /// Imports an LHEO 2.3 file: creates or updates trainings and sessions by their LHEO ids, then prints
    /// the report.
    Import {
        file: std::path::PathBuf,
        /// Checks and reports everything, writes nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand)]
enum JobsCommand {
    /// Runs due background jobs once, then exits.
    Run,
}

type Failure = Box<dyn std::error::Error>;

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .init();
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tremplin: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    if let Command::Openapi = cli.command {
        use std::io::Write;
        std::io::stdout().write_all(openapi::document_json()?.as_bytes())?;
        return Ok(());
    }
    let config = Config::from_env()?;
    if let Command::BenchData(args) = cli.command {
        return bench_data(&config, args);
    }
    config.database.migrate()?;
    match cli.command {
        Command::Serve { demo } => serve(config, demo),
        Command::Migrate => {
            eprintln!("Migrations appliquées.");
            Ok(())
        }
        Command::Admin { command: AdminCommand::Create { email, password: given, name } } => {
            let hash = password::hash(&given)?;
            let db = config.open_db(1)?;
            let mut conn = db.get()?;
            match store::users::find_by_email(&mut conn, &email)? {
                Some(user) => store::users::promote_admin(&mut conn, user.id, &hash)?,
                None => drop(store::users::insert(&mut conn, &email, &hash, &name, true)?),
            }
            eprintln!("Administrateur de la plateforme prêt : {email}");
            Ok(())
        }
        Command::Jobs { command: JobsCommand::Run } => {
            let db = config.open_db(2)?;
            let report = jobs::run_due(&db, Clock::default().today(), config.retention, &config.public_url);
            for line in &report.lines {
                eprintln!("{line}");
            }
            for failure in &report.failures {
                eprintln!("échec : {failure}");
            }
            let forwarder = config.forwarder(db)?;
            let sent = actix_web::rt::System::new().block_on(async move { forwarder.pass().await })?;
            eprintln!("messages : {} envoyé(s), {} échec(s), {} abandonné(s)", sent.sent, sent.failed, sent.dead);
            if report.failures.is_empty() {
                Ok(())
            } else {
                Err(format!("{} élément(s) en échec, repris au prochain passage", report.failures.len()).into())
            }
        }
        Command::Lheo { command: LheoCommand::Export { output } } => {
            let db = config.open_db(1)?;
            Ok(tremplin::lheo::cli::export(&db, Clock::default().today(), output.as_deref())?)
        }
        Command::Lheo { command: LheoCommand::Import { file, dry_run } } => {
            let db = config.open_db(1)?;
            let today = Clock::default().today();
            Ok(tremplin::lheo::cli::import(&db, today, &file, dry_run, config.lheo_import_max_bytes)?)
        }
        Command::Openapi | Command::BenchData(_) => Ok(()),
    }
}

/// `tremplin bench-data`: migrates (inside the generator), loads, prints and writes the manifest.
fn bench_data(config: &Config, args: BenchDataArgs) -> Result<(), Failure> {
    use std::io::Write;
    let options = tremplin::bench_data::Options {
        applications: args.applications,
        sessions: args.sessions,
        organisations: args.organisations,
        seed: args.seed,
        today: args.today.unwrap_or_else(|| Clock::default().today()),
        due: args.due,
        progress: true,
    };
    let manifest = tremplin::bench_data::generate(&config.database, &options)?;
    let json = tremplin::bench_data::write_manifest(&args.manifest, &manifest)?;
    std::io::stdout().write_all(format!("{json}\n").as_bytes())?;
    eprintln!(
        "{} candidatures écrites en {:.1} s ; manifeste : {}",
        manifest.applications,
        manifest.seconds,
        args.manifest.display()
    );
    Ok(())
}

fn serve(config: Config, with_demo: bool) -> Result<(), Failure> {
    let db = config.open_db(config.pool_size)?;
    let clock = Clock::default();
    if with_demo {
        let mut conn = db.get()?;
        if demo::load_once(&mut conn, clock.today())? {
            tracing::info!("demo data loaded");
        }
        eprint!("{}", demo::logins_text());
    }
    let tokens = Tokens::new(&config.jwt_secret, config.token_ttl_seconds)?;
    let listener = TcpListener::bind(&config.bind)?;
    eprintln!("Tremplin écoute sur http://{} (documentation de l'API : /api/docs/)", listener.local_addr()?);
    let forwarder = config.forwarder(db.clone())?;
    let jobs_db = db.clone();
    let metrics_listener = config.metrics_bind.as_deref().map(TcpListener::bind).transpose()?;
    let token = config.metrics_token.as_deref();
    let metrics = MetricsAccess::main_listener(token, metrics_listener.is_some());
    let login = tremplin::auth::LoginGuard::new(&config.login);
    let state = AppState {
        db,
        tokens,
        clock: clock.clone(),
        login,
        webhook_policy: config.webhook_policy,
        metrics,
        public_url: config.public_url.clone(),
        lheo_import_max_bytes: config.lheo_import_max_bytes,
    };
    if let Some(listener) = &metrics_listener {
        eprintln!("Métriques sur http://{}/metrics", listener.local_addr()?);
    }
    let metrics_state = AppState { metrics: MetricsAccess::own_listener(token), ..state.clone() };
    let (jobs_interval, outbox_interval, retention) = (config.jobs_interval, config.outbox_interval, config.retention);
    let public_url = config.public_url.clone();
    actix_web::rt::System::new().block_on(async move {
        // Background work shares the server's runtime: jobs run at start, then every interval.
        actix_web::rt::spawn(tremplin::jobs::schedule(jobs_db, clock, jobs_interval, retention, public_url));
        actix_web::rt::spawn(forwarder.run(outbox_interval));
        if let Some(listener) = metrics_listener {
            actix_web::rt::spawn(tremplin::app::serve_metrics(metrics_state, listener)?);
        }
        tremplin::app::serve(state, config.static_dir, listener)?.await
    })?;
    Ok(())
}
