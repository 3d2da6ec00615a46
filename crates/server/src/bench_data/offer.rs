//! The generated offer: trainings (about one per three sessions) of training organisations of Zipf-like sizes,
//! their sessions spread over ten years up to six months ahead, and the load bench's special sessions.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};
use domain::training::Publication;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::organisations::Orgs;
use super::places::{COMMUNES, TRADES};
use crate::store::sessions::NewSessionRow;
use crate::store::trainings::TrainingValues;

/// Sessions the load bench uses, besides the realistic ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Special {
    None,
    /// Open for applications today, empty, with room for thousands.
    Intake,
    /// Like an intake session, hammered by every client at once.
    Hot,
    /// Holds a tenth of all applications, for the CSV export.
    Export,
}

/// The intake and hot sessions' size: room for any load.
pub const BENCH_CAPACITY: i32 = 10_000;
pub const BENCH_COEFFICIENT: i32 = 10;
pub const INTAKE_SESSIONS: usize = 100;
/// Intake sessions, the hot one and the export one.
pub const SPECIAL_SESSIONS: usize = INTAKE_SESSIONS + 2;

#[derive(Debug, Clone)]
pub struct Training {
    pub id: i64,
    pub values: TrainingValues,
    pub created: NaiveDate,
}

#[derive(Debug, Clone)]
pub struct Session {
    pub id: i64,
    /// Index in [`Offer::trainings`].
    pub training: usize,
    pub row: NewSessionRow,
    pub cancelled: bool,
    pub special: Special,
}

#[derive(Debug, Default)]
pub struct Offer {
    pub trainings: Vec<Training>,
    pub sessions: Vec<Session>,
    /// Index in [`Orgs::all`] of the organisation holding the special sessions.
    pub intake_organisation: usize,
}

/// Picks indexes with Zipf-like weights: rank r weighs 1 / (r + 1)^s.
pub struct Zipf(Vec<f64>);

impl Zipf {
    pub fn new(len: usize, exponent: f64) -> Self {
        let mut total = 0.0;
        let cumulative = (0..len)
            .map(|rank| {
                total += 1.0 / ((rank + 1) as f64).powf(exponent);
                total
            })
            .collect();
        Self(cumulative)
    }

    pub fn pick(&self, rng: &mut ChaCha8Rng) -> usize {
        let total = self.0.last().copied().unwrap_or(0.0);
        let at = rng.random::<f64>() * total;
        self.0.partition_point(|c| *c < at).min(self.0.len().saturating_sub(1))
    }
}

pub fn day(date: NaiveDate, offset: i64) -> NaiveDate {
    let days = Days::new(offset.unsigned_abs());
    if offset >= 0 { date.checked_add_days(days) } else { date.checked_sub_days(days) }.unwrap_or(date)
}

/// An 8-digit session reference per index: an affine permutation of 0..10^8, so all differ.
fn session_reference(index: usize, seed: u64) -> String {
    let index = u64::try_from(index).unwrap_or(0);
    format!("{:08}", (index * 40_503_917 + seed % 100_000_000) % 100_000_000)
}

/// Training references are dated like the server's (`YYYYMMDD` + 4 digits); this tells the next free one.
#[derive(Default)]
struct TrainingReferences(HashMap<NaiveDate, u64>);

impl TrainingReferences {
    fn next(&mut self, created: NaiveDate) -> String {
        let count = self.0.entry(created).or_insert(0);
        let suffix = (*count * 7_919 + 1_234) % 10_000;
        *count += 1;
        format!("{}{suffix:04}", created.format("%Y%m%d"))
    }
}

fn training_values(reference: String, trade: &str, responsible: i64, funder: i64, serial: usize) -> TrainingValues {
    TrainingValues {
        reference,
        training_type: "SIMPLE".to_owned(),
        title: format!("[POEC] {trade}"),
        funder_organisation_id: funder,
        contract_number: format!("POEC-BANC-{serial:06}"),
        scheme: "Préparation opérationnelle à l'emploi collective (POEC)".to_owned(),
        measure: "Préparation opérationnelle à l'emploi collective (POEC)".to_owned(),
        responsible_organisation_id: responsible,
        contact_name: "Accueil formation".to_owned(),
        contact_phone: "05 53 00 00 00".to_owned(),
        contact_email: "contact@banc.example".to_owned(),
        highlights: "Formation suivie d'une embauche dans l'entreprise partenaire.".to_owned(),
        objective: format!("Préparer au métier de {}.", trade.to_lowercase()),
        programme: "Modules techniques, sécurité, savoir-être professionnel, stage en entreprise.".to_owned(),
        access_conditions: "Être inscrit·e à France Travail.".to_owned(),
        prerequisites: "Savoir lire, écrire et compter.".to_owned(),
        certification: "Attestation de compétences".to_owned(),
        certification_proposed: None,
        certification_rejected: None,
        publication: Publication::Published,
        other_contacts: "[]".to_owned(),
    }
}

/// How big the offer is.
#[derive(Debug, Clone, Copy)]
pub struct Sizes {
    pub regular_sessions: usize,
    pub export_capacity: i32,
}

/// The first ids to give.
pub struct Ids {
    pub first_training: i64,
    pub first_session: i64,
}

struct Builder<'a> {
    orgs: &'a Orgs,
    today: NaiveDate,
    seed: u64,
    ids: Ids,
    references: TrainingReferences,
    offer: Offer,
}

impl Builder<'_> {
    fn add_training(&mut self, created: NaiveDate, trade: &str, responsible: usize, funder: usize) -> usize {
        let index = self.offer.trainings.len();
        let reference = self.references.next(created);
        let values =
            training_values(reference, trade, self.orgs.all[responsible].id, self.orgs.all[funder].id, index + 1);
        let id = self.ids.first_training + i64::try_from(index).unwrap_or(0);
        self.offer.trainings.push(Training { id, values, created });
        index
    }

    #[expect(clippy::too_many_arguments, reason = "a session's columns, named at the call")]
    fn add_session(
        &mut self,
        training: usize,
        (start, end, registration, late): (NaiveDate, NaiveDate, NaiveDate, NaiveDate),
        place: (&'static str, &'static str, &'static str),
        trainer: usize,
        positioner: Option<usize>,
        (capacity, coefficient): (i32, i32),
        special: Special,
    ) -> usize {
        let index = self.offer.sessions.len();
        let (department, commune, _) = place;
        let row = NewSessionRow {
            reference: session_reference(index, self.seed),
            training_id: self.offer.trainings[training].id,
            start_date: start,
            end_date: end,
            registration_deadline: registration,
            late_entry_deadline: late,
            department: department.to_owned(),
            commune: commune.to_owned(),
            trainer_organisation_id: self.orgs.all[trainer].id,
            positioner_organisation_id: positioner.map(|p| self.orgs.all[p].id),
            comment: String::new(),
            capacity,
            coefficient,
        };
        let id = self.ids.first_session + i64::try_from(index).unwrap_or(0);
        self.offer.sessions.push(Session { id, training, row, cancelled: false, special });
        index
    }
}

/// Picks a funder: France Travail's regional directions (the first ones) for most trainings, OPCOs for the rest.
fn funder(orgs: &Orgs, rng: &mut ChaCha8Rng) -> usize {
    let regions = orgs.funders.len().min(super::places::REGIONS.len());
    let pick = if rng.random_bool(0.7) || regions == orgs.funders.len() {
        rng.random_range(0..regions)
    } else {
        rng.random_range(regions..orgs.funders.len())
    };
    orgs.funders[pick]
}

/// The offer: `regular` realistic sessions, then the special ones of the largest training organisation.
pub fn plan(orgs: &Orgs, sizes: Sizes, today: NaiveDate, seed: u64, ids: Ids, rng: &mut ChaCha8Rng) -> Offer {
    let regular = sizes.regular_sessions;
    let mut b = Builder { orgs, today, seed, ids, references: TrainingReferences::default(), offer: Offer::default() };
    let zipf = Zipf::new(orgs.training.len(), 1.1);
    let horizon = day(today, 180);
    let mut made = 0;
    while made < regular {
        let responsible = orgs.training[zipf.pick(rng)];
        let first = day(today, rng.random_range(-3650..=150));
        let trade = TRADES[rng.random_range(0..TRADES.len())];
        let training = b.add_training(day(first, -60), trade, responsible, funder(orgs, rng));
        let home = COMMUNES[rng.random_range(0..COMMUNES.len())];
        let count = rng.random_range(1..=5).min(regular - made);
        let span = (horizon - first).num_days().clamp(1, 730);
        let mut starts: Vec<NaiveDate> = (0..count).map(|_| day(first, rng.random_range(0..span))).collect();
        starts.sort_unstable();
        let mut last_end = first;
        for start in starts {
            let end = day(start, rng.random_range(30..=150));
            let registration = day(start, -rng.random_range(0..=14));
            let late = day(start, rng.random_range(0..=21)).min(end);
            let place = if rng.random_bool(0.8) { home } else { COMMUNES[rng.random_range(0..COMMUNES.len())] };
            let trainer = if rng.random_bool(0.8) { responsible } else { orgs.training[zipf.pick(rng)] };
            let positioner = rng.random_bool(0.15).then(|| orgs.training[zipf.pick(rng)]).filter(|p| *p != trainer);
            let capacity = rng.random_range(8..=20);
            let coefficient = match rng.random_range(0..10) {
                0..=2 => 1,
                3..=7 => 2,
                _ => 3,
            };
            let session = b.add_session(
                training,
                (start, end, registration, late),
                place,
                trainer,
                positioner,
                (capacity, coefficient),
                Special::None,
            );
            b.offer.sessions[session].cancelled = rng.random_bool(0.02);
            last_end = last_end.max(end);
            made += 1;
        }
        let values = &mut b.offer.trainings[training].values;
        if last_end < day(today, -365) && rng.random_bool(0.5) {
            values.publication = Publication::Archived;
        } else if first > today && rng.random_bool(0.3) {
            values.publication = Publication::AwaitingPublication;
        } else if rng.random_bool(0.03) {
            values.certification_proposed = Some("Titre professionnel de niveau 3".to_owned());
        }
    }
    // Every state shows, even in a small data set: one past session at least is cancelled.
    let past = day(today, -60);
    if !b.offer.sessions.iter().any(|s| s.cancelled && s.row.start_date < past)
        && let Some(session) = b.offer.sessions.iter_mut().find(|s| s.row.start_date < past)
    {
        session.cancelled = true;
    }
    add_specials(&mut b, sizes.export_capacity, rng);
    b.offer
}

/// The load bench's sessions, all of the largest training organisation (Zipf rank 1): intake sessions open
/// today in ten trainings, a hot one, and a running export session.
fn add_specials(b: &mut Builder<'_>, export_capacity: i32, rng: &mut ChaCha8Rng) {
    let owner = b.orgs.training[0];
    b.offer.intake_organisation = owner;
    let today = b.today;
    let open = (day(today, 30), day(today, 120), day(today, 20), day(today, 40));
    let place = COMMUNES[0];
    let size = (BENCH_CAPACITY, BENCH_COEFFICIENT);
    for group in 0..INTAKE_SESSIONS / 10 {
        let training = b.add_training(day(today, -30), TRADES[group % TRADES.len()], owner, funder(b.orgs, rng));
        for _ in 0..10 {
            b.add_session(training, open, place, owner, None, size, Special::Intake);
        }
    }
    let hot = b.add_training(day(today, -30), "Agent Logistique", owner, funder(b.orgs, rng));
    b.add_session(hot, open, place, owner, None, size, Special::Hot);
    let export = b.add_training(day(today, -200), "Préparateur de Commandes", owner, funder(b.orgs, rng));
    let running = (day(today, -30), day(today, 60), day(today, -37), day(today, -16));
    b.add_session(export, running, place, owner, None, (export_capacity, BENCH_COEFFICIENT), Special::Export);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_references_differ() {
        let references: std::collections::HashSet<String> = (0..100_000).map(|i| session_reference(i, 7)).collect();
        assert_eq!(references.len(), 100_000);
    }

    #[test]
    fn training_references_of_one_day_differ() {
        let mut references = TrainingReferences::default();
        let day = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        let all: std::collections::HashSet<String> = (0..10_000).map(|_| references.next(day)).collect();
        assert_eq!(all.len(), 10_000);
        assert!(all.iter().all(|r| r.len() == 12));
    }
}
