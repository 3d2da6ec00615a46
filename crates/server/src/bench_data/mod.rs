//! `tremplin bench-data`: fills an empty database with a realistic, reproducible data set for the load bench
//! (issue 11): organisations of Zipf-like sizes, ten years of offer, applications in every state within the
//! quota rules, and the bench's special sessions; then writes a manifest of what the bench needs.
//!
//! Rows go straight through diesel in large transactions of multi-row INSERTs, with explicit ids so no row is
//! read back. The same seed and "today" give the same data: the generator is ChaCha8, whose stream is fixed.

mod applications;
mod counts;
mod manifest;
mod offer;
mod organisations;
mod people;
mod places;
mod write;

use std::path::Path;
use std::time::Instant;

use chrono::NaiveDate;
use diesel::prelude::*;
use indicatif::{ProgressBar, ProgressStyle};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

pub use manifest::{Account, CountedAccount, ExportSession, Manifest, Prescriber};

use crate::db::schema::{applications as applications_table, candidates, organisations as org_table};
use crate::db::schema::{sessions, trainings, users};
use crate::db::{Conn, DatabaseUrl, Db, DbSetupError, write_transaction_of};
use crate::error::ApiError;
use applications::{Prescribers, SessionStories, application_row};
use offer::{Offer, SPECIAL_SESSIONS, Special};
use organisations::{Orgs, Role};
use write::insert_rows;

/// Every generated account's password.
pub const PASSWORD: &str = "BancDeCharge-2026!";
/// The platform admin's e-mail.
pub const PLATFORM_ADMIN: &str = "admin@banc.example";
/// Applications written per transaction.
const APPLICATIONS_PER_TRANSACTION: usize = 50_000;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Options {
    pub applications: u64,
    /// Default: 6 per 100 applications, at least 200.
    pub sessions: Option<u64>,
    pub organisations: u64,
    pub seed: u64,
    pub today: NaiveDate,
    /// Pending applications left for the R-TIME-1 job; default: a tenth of the applications.
    pub due: Option<u64>,
    /// Shows a progress bar on stderr.
    pub progress: bool,
}

/// Why the data could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum BenchDataError {
    #[error(
        "la base contient déjà {0} organisation(s) : bench-data ne remplit qu'une base vide (créez une base neuve ou \
         supprimez le fichier SQLite)"
    )]
    NotEmpty(i64),
    #[error("paramètres invalides : {0}")]
    Options(String),
    #[error("donnée générée invalide : {0}")]
    Invalid(String),
    #[error(transparent)]
    Setup(#[from] DbSetupError),
    #[error("base de données : {0}")]
    Database(#[from] diesel::result::Error),
    #[error("base de données : {0}")]
    Store(#[from] crate::store::Error),
    #[error("{0}")]
    Api(#[from] ApiError),
    #[error("écriture de {path} : {source}")]
    Io { path: String, source: std::io::Error },
    #[error("manifeste : {0}")]
    Json(#[from] serde_json::Error),
}

/// The first free id of each table the generator writes.
struct FirstIds {
    organisation: i64,
    user: i64,
    training: i64,
    session: i64,
    candidate: i64,
    application: i64,
}

impl FirstIds {
    fn read(conn: &mut Conn) -> Result<Self, BenchDataError> {
        use diesel::dsl::max;
        let next = |max: Option<i64>| max.unwrap_or(0) + 1;
        Ok(Self {
            organisation: next(org_table::table.select(max(org_table::id)).first(conn)?),
            user: next(users::table.select(max(users::id)).first(conn)?),
            training: next(trainings::table.select(max(trainings::id)).first(conn)?),
            session: next(sessions::table.select(max(sessions::id)).first(conn)?),
            candidate: next(candidates::table.select(max(candidates::id)).first(conn)?),
            application: next(applications_table::table.select(max(applications_table::id)).first(conn)?),
        })
    }
}

/// Applications per organisation index, counted as they are generated.
struct Tallies {
    /// Applications on which a training organisation holds a role.
    roles: Vec<u64>,
    /// Applications a prescriber sent.
    sent: Vec<u64>,
    due: u64,
}

/// Migrates the database, refuses one that already holds organisations, generates and writes the data set.
pub fn generate(url: &DatabaseUrl, options: &Options) -> Result<Manifest, BenchDataError> {
    let total_sessions = options.sessions.unwrap_or((options.applications * 6 / 100).max(200));
    let regular_sessions = usize::try_from(total_sessions)
        .ok()
        .and_then(|s| s.checked_sub(SPECIAL_SESSIONS))
        .filter(|s| *s > 0)
        .ok_or_else(|| BenchDataError::Options(format!("il faut plus de {SPECIAL_SESSIONS} sessions")))?;
    if options.organisations < 10 {
        return Err(BenchDataError::Options("il faut au moins 10 organisations".to_owned()));
    }
    url.migrate()?;
    let db = Db::connect(url, 1)?;
    let mut conn = db.get()?;
    let existing: i64 = org_table::table.count().get_result(&mut conn)?;
    if existing > 0 {
        return Err(BenchDataError::NotEmpty(existing));
    }
    let started = Instant::now();
    let today = options.today;
    let mut rng = ChaCha8Rng::seed_from_u64(options.seed);
    let first = FirstIds::read(&mut conn)?;
    let org_count = usize::try_from(options.organisations).unwrap_or(usize::MAX);
    let orgs = organisations::plan(org_count, first.organisation, first.user, &mut rng);
    let export_total = options.applications / 10;
    let sizes = offer::Sizes {
        regular_sessions,
        export_capacity: i32::try_from((export_total / 50).max(20)).unwrap_or(i32::MAX),
    };
    let ids = offer::Ids { first_training: first.training, first_session: first.session };
    let offer = offer::plan(&orgs, sizes, today, options.seed, ids, &mut rng);
    let due = options.due.unwrap_or(options.applications / 10);
    let export_total = u32::try_from(export_total).unwrap_or(u32::MAX);
    let (counts, placed_due) =
        counts::plan(&offer, options.applications - u64::from(export_total), export_total, due, today, &mut rng);
    let password_hash = crate::auth::password::hash(PASSWORD)?;
    let admin_id = first.user + i64::try_from(orgs.all.len()).unwrap_or(0);
    let created = offer::day(today, -4000).and_hms_opt(9, 0, 0).unwrap_or_default();

    write::begin_load(&mut conn)?;
    write_transaction_of(&mut conn, |c| -> Result<(), BenchDataError> {
        write::organisations(c, &orgs, (admin_id, PLATFORM_ADMIN), &password_hash, created)?;
        write::offer(c, &offer)
    })?;
    let progress = if options.progress { ProgressBar::new(options.applications) } else { ProgressBar::hidden() };
    progress.set_style(
        ProgressStyle::with_template(
            "{elapsed_precise} [{bar:40}] {human_pos}/{human_len} candidatures ({per_sec}, {eta})",
        )
        .map_err(|e| BenchDataError::Invalid(e.to_string()))?
        .progress_chars("=> "),
    );
    let mut tallies = Tallies { roles: vec![0; orgs.all.len()], sent: vec![0; orgs.all.len()], due: placed_due };
    let load = Load { orgs: &orgs, offer: &offer, first: &first, today, seed: options.seed, persons: persons(options) };
    load.applications(&mut conn, &counts, &mut rng, &mut tallies, &progress)?;
    progress.finish_and_clear();
    write::end_load(&mut conn)?;
    let seconds = started.elapsed().as_secs_f64();
    Ok(manifest(options, total_sessions, &orgs, &offer, &counts, &tallies, seconds))
}

/// People the applications come from: most apply once, some to several sessions.
fn persons(options: &Options) -> u64 {
    (options.applications * 6 / 10).max(1_000)
}

/// What the application stream needs.
struct Load<'a> {
    orgs: &'a Orgs,
    offer: &'a Offer,
    first: &'a FirstIds,
    today: NaiveDate,
    seed: u64,
    persons: u64,
}

impl Load<'_> {
    fn applications(
        &self,
        conn: &mut Conn,
        counts: &[counts::Counts],
        rng: &mut ChaCha8Rng,
        tallies: &mut Tallies,
        progress: &ProgressBar,
    ) -> Result<(), BenchDataError> {
        let prescribers = Prescribers::new(self.orgs);
        let org_index = |id: i64| usize::try_from(id - self.first.organisation).unwrap_or(0);
        let mut candidates_rows = Vec::with_capacity(APPLICATIONS_PER_TRANSACTION);
        let mut application_rows = Vec::with_capacity(APPLICATIONS_PER_TRANSACTION);
        let mut written: u64 = 0;
        for (session, counts) in self.offer.sessions.iter().zip(counts) {
            let training = &self.offer.trainings[session.training];
            let stories =
                SessionStories { session, today: self.today, persons: self.persons, prescribers: &prescribers }
                    .generate(counts, rng);
            let mut roles = vec![
                org_index(training.values.responsible_organisation_id),
                org_index(session.row.trainer_organisation_id),
            ];
            roles.extend(session.row.positioner_organisation_id.map(org_index));
            roles.sort_unstable();
            roles.dedup();
            for role in roles {
                tallies.roles[role] += stories.len() as u64;
            }
            for story in stories {
                let offset = i64::try_from(written).unwrap_or(i64::MAX);
                let candidate = people::candidate(story.person, story.received_at.date())?;
                let (identity_key, candidate_sort) = (candidate.identity_key.clone(), candidate.sort_key());
                candidates_rows.push(people::insert_row(self.first.candidate + offset, candidate));
                tallies.sent[story.prescriber] += 1;
                let id = self.first.application + offset;
                let reference = applications::reference(u64::try_from(id).unwrap_or(0), self.seed);
                application_rows.push(application_row(
                    id,
                    reference,
                    self.first.candidate + offset,
                    (identity_key, candidate_sort),
                    session,
                    training,
                    self.orgs,
                    story,
                )?);
                written += 1;
            }
            if application_rows.len() >= APPLICATIONS_PER_TRANSACTION {
                flush(conn, &mut candidates_rows, &mut application_rows, progress)?;
            }
        }
        flush(conn, &mut candidates_rows, &mut application_rows, progress)
    }
}

/// Writes the buffered candidates and applications in one transaction.
fn flush(
    conn: &mut Conn,
    candidates_rows: &mut Vec<people::CandidateInsert>,
    application_rows: &mut Vec<applications::ApplicationInsert>,
    progress: &ProgressBar,
) -> Result<(), BenchDataError> {
    let count = application_rows.len() as u64;
    let (candidates_rows, application_rows) = (std::mem::take(candidates_rows), std::mem::take(application_rows));
    write_transaction_of(conn, |c| -> Result<(), BenchDataError> {
        insert_rows!(c, candidates::table, candidates_rows);
        insert_rows!(c, applications_table::table, application_rows);
        Ok(())
    })?;
    progress.inc(count);
    Ok(())
}

fn manifest(
    options: &Options,
    sessions: u64,
    orgs: &Orgs,
    offer: &Offer,
    counts: &[counts::Counts],
    tallies: &Tallies,
    seconds: f64,
) -> Manifest {
    let account = |i: usize| Account { email: orgs.all[i].email.clone(), organisation_id: orgs.all[i].id };
    let mut training_organisations: Vec<CountedAccount> = orgs
        .training
        .iter()
        .map(|i| CountedAccount {
            email: orgs.all[*i].email.clone(),
            organisation_id: orgs.all[*i].id,
            applications: tallies.roles[*i],
        })
        .collect();
    training_organisations.sort_by_key(|a| (std::cmp::Reverse(a.applications), a.organisation_id));
    let mut prescribers: Vec<Prescriber> = orgs
        .france_travail
        .iter()
        .chain(&orgs.other_prescribers)
        .map(|i| Prescriber {
            email: orgs.all[*i].email.clone(),
            organisation_id: orgs.all[*i].id,
            france_travail: orgs.all[*i].role == Role::FranceTravail,
            applications: tallies.sent[*i],
        })
        .collect();
    prescribers.sort_by_key(|p| (std::cmp::Reverse(p.applications), p.organisation_id));
    let special = |kind: Special| offer.sessions.iter().zip(counts).filter(move |(s, _)| s.special == kind);
    let export = special(Special::Export).next();
    Manifest {
        seed: options.seed,
        today: options.today,
        applications: options.applications,
        sessions,
        organisations: options.organisations,
        password: PASSWORD.to_owned(),
        platform_admin: PLATFORM_ADMIN.to_owned(),
        training_organisations,
        prescribers,
        funders: orgs.funders.iter().map(|i| account(*i)).collect(),
        intake_organisation: account(offer.intake_organisation),
        intake_sessions: special(Special::Intake).map(|(s, _)| s.row.reference.clone()).collect(),
        hot_session: special(Special::Hot).map(|(s, _)| s.row.reference.clone()).next().unwrap_or_default(),
        export_session: ExportSession {
            reference: export.map(|(s, _)| s.row.reference.clone()).unwrap_or_default(),
            applications: export.map_or(0, |(_, c)| u64::from(c.total())),
        },
        due_applications: tallies.due,
        seconds,
    }
}

/// Writes the manifest as pretty JSON, creating its folder.
pub fn write_manifest(path: &Path, manifest: &Manifest) -> Result<String, BenchDataError> {
    let io = |source| BenchDataError::Io { path: path.display().to_string(), source };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let json = serde_json::to_string_pretty(manifest)?;
    std::fs::write(path, format!("{json}\n")).map_err(io)?;
    Ok(json)
}
