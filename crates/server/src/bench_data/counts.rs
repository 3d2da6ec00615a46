//! How many applications each session gets, and in which states: sessions closed long ago hold final states,
//! current and future ones mostly pending; no session ever holds more than its quota (R-QUOTA-1..2) nor
//! retains more than its capacity (R-QUOTA-4). The `due` applications (R-TIME-1) are pending ones left on
//! sessions whose decisions closed, for the job to switch.

use chrono::NaiveDate;
use domain::time_rules::decisions_closed;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::offer::{Offer, Session, Special, day};
use domain::training::Publication;

/// Applications of one session, by state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub pending: u32,
    pub retained: u32,
    pub not_retained: u32,
    pub no_decision_sent: u32,
    pub refused_full: u32,
    pub refused_cancelled: u32,
}

impl Counts {
    pub fn total(&self) -> u32 {
        self.pending
            + self.retained
            + self.not_retained
            + self.no_decision_sent
            + self.refused_full
            + self.refused_cancelled
    }
}

/// Where a session stands on `today`, for its applications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Not started.
    Waiting,
    /// Started, decisions still open (until end + 20 days).
    Open,
    /// Decisions closed (R-TIME-1): every application is final, but for the `due` ones.
    Closed,
}

pub fn phase(session: &Session, today: NaiveDate) -> Phase {
    if decisions_closed(session.row.end_date, today) {
        Phase::Closed
    } else if session.row.start_date > today {
        Phase::Waiting
    } else {
        Phase::Open
    }
}

/// The days applications of a session arrive: from two months before its registration deadline to its
/// late-entry deadline, never after today. `None` when that is empty.
pub fn window(session: &Session, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let open = day(session.row.registration_deadline, -60);
    let close = session.row.late_entry_deadline.min(today);
    (open <= close).then_some((open, close))
}

fn share(n: u32, low: f64, high: f64, rng: &mut ChaCha8Rng) -> u32 {
    (f64::from(n) * rng.random_range(low..high)).round() as u32
}

/// The states of `n` applications on a realistic session.
fn regular(session: &Session, n: u32, today: NaiveDate, rng: &mut ChaCha8Rng) -> Counts {
    if n == 0 {
        return Counts::default();
    }
    if session.cancelled {
        let not_retained = n / 5;
        return Counts { not_retained, refused_cancelled: n - not_retained, ..Counts::default() };
    }
    let capacity = u32::try_from(session.row.capacity).unwrap_or(1);
    let quota = capacity * u32::try_from(session.row.coefficient).unwrap_or(1);
    // Beyond the quota every application was refused; below it, a few still met a full session (places free
    // up with each "non retenue", and fill again).
    let held_at_most = n.min(quota);
    let refused_full = (n - held_at_most) + share(held_at_most, 0.0, 0.06, rng);
    let held = n - refused_full.min(n);
    let refused_full = n - held;
    let mut counts = Counts { refused_full, ..Counts::default() };
    match phase(session, today) {
        Phase::Closed => {
            counts.retained = share(held, 0.3, 0.6, rng).min(capacity);
            let rest = held - counts.retained;
            counts.no_decision_sent = share(rest, 0.15, 0.35, rng);
            counts.not_retained = rest - counts.no_decision_sent;
        }
        Phase::Open => {
            counts.retained = share(held, 0.2, 0.5, rng).min(capacity);
            let rest = held - counts.retained;
            counts.not_retained = share(rest, 0.2, 0.4, rng);
            counts.pending = rest - counts.not_retained;
        }
        Phase::Waiting => {
            counts.retained = share(held, 0.0, 0.15, rng).min(capacity);
            let rest = held - counts.retained;
            counts.not_retained = share(rest, 0.0, 0.15, rng);
            counts.pending = rest - counts.not_retained;
        }
    }
    counts
}

/// The export session: a tenth of everything, mostly final so its quota holds.
fn export(session: &Session, n: u32) -> Counts {
    let capacity = u32::try_from(session.row.capacity).unwrap_or(1);
    let retained = (n / 50).min(capacity);
    let pending = n / 10;
    let refused_full = n / 4;
    Counts { pending, retained, refused_full, not_retained: n - pending - retained - refused_full, ..Counts::default() }
}

/// Whether a session takes realistic applications.
fn takes_applications(offer: &Offer, session: &Session, today: NaiveDate) -> bool {
    session.special == Special::None
        && offer.trainings[session.training].values.publication != Publication::AwaitingPublication
        && window(session, today).is_some()
}

/// The counts of every session of `offer` (same order), and how many `due` applications they hold.
pub fn plan(
    offer: &Offer,
    regular_total: u64,
    export_total: u32,
    due: u64,
    today: NaiveDate,
    rng: &mut ChaCha8Rng,
) -> (Vec<Counts>, u64) {
    // Realistic sessions share the applications by quota times a popularity skewed towards a few.
    let weights: Vec<f64> = offer
        .sessions
        .iter()
        .map(|s| {
            let popularity = 0.3 + 2.4 * rng.random::<f64>().powi(2);
            if takes_applications(offer, s, today) {
                f64::from(s.row.capacity * s.row.coefficient) * popularity
            } else {
                0.0
            }
        })
        .collect();
    let total: f64 = weights.iter().sum();
    let mut sizes: Vec<u64> = weights
        .iter()
        .map(|w| if total > 0.0 { (regular_total as f64 * w / total).floor() as u64 } else { 0 })
        .collect();
    let eligible: Vec<usize> = (0..weights.len()).filter(|i| weights[*i] > 0.0).collect();
    let mut missing = regular_total.saturating_sub(sizes.iter().sum());
    while missing > 0 && !eligible.is_empty() {
        sizes[eligible[rng.random_range(0..eligible.len())]] += 1;
        missing -= 1;
    }
    let mut counts: Vec<Counts> = offer
        .sessions
        .iter()
        .zip(&sizes)
        .map(|(s, n)| match s.special {
            Special::Export => export(s, export_total),
            Special::None => regular(s, u32::try_from(*n).unwrap_or(u32::MAX), today, rng),
            Special::Intake | Special::Hot => Counts::default(),
        })
        .collect();
    let placed = place_due(offer, &mut counts, due, today);
    (counts, placed)
}

/// Leaves `due` applications pending on the sessions whose decisions closed most recently, in place of their
/// "avis non transmis" first (the job has not passed there yet), then of their "non retenue".
fn place_due(offer: &Offer, counts: &mut [Counts], due: u64, today: NaiveDate) -> u64 {
    let mut closed: Vec<usize> = (0..offer.sessions.len())
        .filter(|i| {
            let s = &offer.sessions[*i];
            s.special == Special::None && !s.cancelled && phase(s, today) == Phase::Closed
        })
        .collect();
    closed.sort_by_key(|i| (std::cmp::Reverse(offer.sessions[*i].row.end_date), *i));
    let mut left = due;
    for i in closed {
        if left == 0 {
            break;
        }
        let c = &mut counts[i];
        let from_no_decision = u64::from(c.no_decision_sent).min(left);
        c.no_decision_sent -= from_no_decision as u32;
        left -= from_no_decision;
        let from_not_retained = u64::from(c.not_retained).min(left);
        c.not_retained -= from_not_retained as u32;
        left -= from_not_retained;
        c.pending += (from_no_decision + from_not_retained) as u32;
    }
    due - left
}
