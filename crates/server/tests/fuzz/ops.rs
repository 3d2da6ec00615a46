//! The operations a sequence is made of, and how random sequences are drawn.

use rand::Rng;
use rand::rngs::StdRng;
use serde::{Deserialize, Serialize};

/// Who acts. Two training organisations, two prescribers (France Travail and a Mission Locale), the funder
/// and the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Who {
    TrainerA,
    TrainerB,
    FranceTravail,
    MissionLocale,
    Funder,
    Platform,
}

pub const EVERYONE: [Who; 6] =
    [Who::TrainerA, Who::TrainerB, Who::FranceTravail, Who::MissionLocale, Who::Funder, Who::Platform];

impl Who {
    pub fn is_prescriber(self) -> bool {
        matches!(self, Who::FranceTravail | Who::MissionLocale)
    }
}

/// A decision draft, in the shapes a real user saves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Draft {
    /// One invite, no result yet.
    Planned { days: i8 },
    /// Present, recruited from the session's start to its end.
    Recruited { days: i8 },
    /// Present, not recruited, with a reason.
    Refused { days: i8 },
    /// Unexcused absence (becomes *Non retenue* on validation).
    Unexcused { days: i8 },
    /// Excused absence, then a second invite with presence.
    ExcusedThenPresent { days: i8 },
}

/// A batch action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum BatchKind {
    InviteDate { days: i8 },
    Present,
    NotRetained,
}

/// A session change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Capacity(u8),
    Coefficient(u8),
    PostponeStart(u8),
    Comment,
    /// A comment no earlier step wrote.
    DistinctComment(u32),
}

/// One step. Sessions and applications are named by index (modulo what exists when the step runs), so a
/// sequence still means something after steps before it are removed by the shrinker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    Apply {
        by: Who,
        session: u8,
        person: u8,
        key: Option<u8>,
    },
    Burst {
        by: Who,
        session: u8,
        first_person: u8,
        count: u8,
    },
    /// `by: None` is the deciding organisation of the application's session.
    SaveDraft {
        by: Option<Who>,
        application: u8,
        draft: Draft,
    },
    Validate {
        by: Option<Who>,
        application: u8,
    },
    /// Saves a draft then validates it, as the application page does.
    Decide {
        by: Option<Who>,
        application: u8,
        draft: Draft,
    },
    /// Saves a draft, then validates it from several requests at once.
    ValidateRace {
        application: u8,
        count: u8,
        draft: Draft,
    },
    /// `applications` index the session's own applications, and a few others' (foreign references).
    Batch {
        by: Option<Who>,
        session: u8,
        applications: Vec<u8>,
        kind: BatchKind,
    },
    EditSession {
        by: Who,
        session: u8,
        change: Change,
        fresh: bool,
    },
    /// Concurrent edits by the funder with one ETag, each a real change (a distinct comment).
    EditRace {
        session: u8,
        count: u8,
    },
    Cancel {
        by: Who,
        session: u8,
    },
    Read {
        by: Who,
        application: u8,
    },
    /// "Gestion des candidatures": the list must hold only what the caller may see.
    List {
        by: Who,
    },
    RunJobs,
    Advance {
        days: u16,
    },
}

fn who(rng: &mut StdRng) -> Who {
    EVERYONE[rng.random_range(0..EVERYONE.len())]
}

fn prescriber(rng: &mut StdRng) -> Who {
    if rng.random_bool(0.7) { Who::FranceTravail } else { Who::MissionLocale }
}

fn days(rng: &mut StdRng) -> i8 {
    rng.random_range(-4..=3)
}

fn draft(rng: &mut StdRng) -> Draft {
    let days = days(rng);
    match rng.random_range(0..5) {
        0 => Draft::Planned { days },
        1 => Draft::Recruited { days },
        2 => Draft::Refused { days },
        3 => Draft::Unexcused { days },
        _ => Draft::ExcusedThenPresent { days },
    }
}

fn change(rng: &mut StdRng) -> Change {
    match rng.random_range(0..4) {
        0 => Change::Capacity(rng.random_range(1..=5)),
        1 => Change::Coefficient(rng.random_range(1..=3)),
        2 => Change::PostponeStart(rng.random_range(1..=10)),
        _ => Change::Comment,
    }
}

/// The acting user: the deciding organisation most of the time, anyone else now and then.
fn decider_or_anyone(rng: &mut StdRng) -> Option<Who> {
    if rng.random_bool(0.75) { None } else { Some(who(rng)) }
}

/// A random step.
pub fn random_op(rng: &mut StdRng, sessions: u8) -> Op {
    let session = rng.random_range(0..sessions);
    let application = rng.random::<u8>();
    match rng.random_range(0..100) {
        0..=21 => Op::Apply {
            by: prescriber(rng),
            session,
            person: rng.random_range(0..16),
            key: rng.random_bool(0.3).then(|| rng.random_range(0..4)),
        },
        22..=27 => Op::Burst {
            by: prescriber(rng),
            session,
            first_person: rng.random_range(0..16),
            count: rng.random_range(2..=8),
        },
        28..=36 => Op::SaveDraft { by: decider_or_anyone(rng), application, draft: draft(rng) },
        37..=47 => Op::Decide { by: decider_or_anyone(rng), application, draft: draft(rng) },
        48..=57 => Op::Validate { by: decider_or_anyone(rng), application },
        58..=61 => Op::ValidateRace { application, count: rng.random_range(2..=5), draft: draft(rng) },
        62..=69 => {
            let count = rng.random_range(1..=6);
            let kind = match rng.random_range(0..3) {
                0 => BatchKind::InviteDate { days: days(rng) },
                1 => BatchKind::Present,
                _ => BatchKind::NotRetained,
            };
            let applications = (0..count).map(|_| rng.random::<u8>() % 8).collect();
            Op::Batch { by: decider_or_anyone(rng), session, applications, kind }
        }
        70..=77 => Op::EditSession { by: who(rng), session, change: change(rng), fresh: rng.random_bool(0.7) },
        78..=79 => Op::EditRace { session, count: rng.random_range(2..=4) },
        80..=81 => Op::Cancel { by: who(rng), session },
        82..=86 => Op::Read { by: who(rng), application },
        87..=89 => Op::List { by: who(rng) },
        90..=94 => Op::RunJobs,
        _ => Op::Advance { days: [1, 3, 7, 15, 30, 400][rng.random_range(0..6)] },
    }
}
