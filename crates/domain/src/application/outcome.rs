//! "Ratio suite de parcours": what became of each trainee after the session (R-OUT-1..3).
//!
//! - R-OUT-1 **[decision]**: an outcome is recorded only for a *retained* application of a session that has
//!   ended (its end date before today), by one of the session's training organisations (responsible, trainer
//!   or positioner); it may be corrected later. The funder and the platform read them, prescribers do not.
//! - R-OUT-2: the outcomes are the guide's: hired on a long contract (CDI, or CDD of 6 months or more), a short
//!   contract, work-study (alternance), further training, job seeking, unknown.
//! - R-OUT-3 **[decision]**: each ratio is the share of the session's retained applications (its trainees) with
//!   that outcome; trainees without a recorded outcome are counted apart (*non renseignée*). *Sorties
//!   positives* = long contract + short contract + work-study + further training.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::application::ApplicationState;
use crate::error::{ErrorKind, RuleError};

/// A trainee's situation after the session (R-OUT-2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// CDI, or CDD of 6 months or more.
    LongContract,
    /// CDD under 6 months, interim.
    ShortContract,
    /// Alternance (apprenticeship, professionalisation contract).
    WorkStudy,
    /// Another training.
    FurtherTraining,
    /// Looking for a job.
    JobSeeking,
    /// Not known.
    Unknown,
}

impl Outcome {
    /// Every outcome, in the form's order.
    pub const ALL: [Self; 6] = [
        Self::LongContract,
        Self::ShortContract,
        Self::WorkStudy,
        Self::FurtherTraining,
        Self::JobSeeking,
        Self::Unknown,
    ];

    /// French label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::LongContract => "Emploi durable (CDI, CDD de 6 mois et plus)",
            Self::ShortContract => "Emploi de courte durée (CDD de moins de 6 mois, intérim)",
            Self::WorkStudy => "Alternance",
            Self::FurtherTraining => "Formation",
            Self::JobSeeking => "Recherche d'emploi",
            Self::Unknown => "Situation inconnue",
        }
    }

    /// The API's code (as serde).
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::LongContract => "long_contract",
            Self::ShortContract => "short_contract",
            Self::WorkStudy => "work_study",
            Self::FurtherTraining => "further_training",
            Self::JobSeeking => "job_seeking",
            Self::Unknown => "unknown",
        }
    }

    /// The outcome of a stored code.
    #[must_use]
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.code() == code)
    }

    /// A *sortie positive* (R-OUT-3).
    #[must_use]
    pub fn is_positive(self) -> bool {
        matches!(self, Self::LongContract | Self::ShortContract | Self::WorkStudy | Self::FurtherTraining)
    }
}

/// Why an outcome cannot be recorded (R-OUT-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum OutcomeError {
    /// Not a retained application.
    #[error("La suite de parcours se renseigne seulement pour une candidature retenue.")]
    NotRetained,
    /// The session has not ended.
    #[error("La suite de parcours se renseigne une fois la session terminée (après le {end}).", end = crate::dates::french(*.end))]
    SessionNotEnded {
        /// The session's end.
        end: NaiveDate,
    },
    /// The actor is none of the session's training organisations.
    #[error("Seuls les organismes de la session renseignent la suite de parcours de ses stagiaires.")]
    Forbidden,
}

impl RuleError for OutcomeError {
    fn code(&self) -> &'static str {
        match self {
            Self::NotRetained => "outcome_needs_retained",
            Self::SessionNotEnded { .. } => "outcome_before_session_end",
            Self::Forbidden => "outcome_forbidden",
        }
    }
    fn field(&self) -> Option<&'static str> {
        None
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::NotRetained | Self::SessionNotEnded { .. } => ErrorKind::Conflict,
            Self::Forbidden => ErrorKind::Forbidden,
        }
    }
}

/// Whether an outcome may be recorded now (R-OUT-1); `of_the_session` says whether the actor is one of the
/// session's training organisations.
///
/// # Errors
/// The first rule the request breaks.
pub fn check_outcome(
    of_the_session: bool,
    state: ApplicationState,
    session_end: NaiveDate,
    today: NaiveDate,
) -> Result<(), OutcomeError> {
    if !of_the_session {
        return Err(OutcomeError::Forbidden);
    }
    if state != ApplicationState::Retained {
        return Err(OutcomeError::NotRetained);
    }
    if session_end >= today {
        return Err(OutcomeError::SessionNotEnded { end: session_end });
    }
    Ok(())
}

/// The outcomes of a set of trainees and their ratios (R-OUT-3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeTally {
    /// The retained applications.
    pub trainees: u64,
    /// Trainees per recorded outcome, in [`Outcome::ALL`]'s order.
    pub recorded: [u64; 6],
}

impl OutcomeTally {
    /// A tally of `trainees` with these recorded outcomes.
    #[must_use]
    pub fn of(trainees: u64, outcomes: impl IntoIterator<Item = Outcome>) -> Self {
        let mut tally = Self { trainees, recorded: [0; 6] };
        for outcome in outcomes {
            tally.recorded[Outcome::ALL.iter().position(|o| *o == outcome).unwrap_or_default()] += 1;
        }
        tally
    }

    /// Trainees with `outcome`.
    #[must_use]
    pub fn count(&self, outcome: Outcome) -> u64 {
        self.recorded[Outcome::ALL.iter().position(|o| *o == outcome).unwrap_or_default()]
    }

    /// Trainees without a recorded outcome.
    #[must_use]
    pub fn not_recorded(&self) -> u64 {
        self.trainees.saturating_sub(self.recorded.iter().sum())
    }

    /// *Sorties positives*.
    #[must_use]
    pub fn positive(&self) -> u64 {
        Outcome::ALL.into_iter().filter(|o| o.is_positive()).map(|o| self.count(o)).sum()
    }

    /// `count` over the trainees, in percent rounded to one decimal; `None` without trainees.
    #[must_use]
    pub fn percent(&self, count: u64) -> Option<f64> {
        #[expect(clippy::cast_precision_loss, reason = "counts of trainees, far below 2^52")]
        (self.trainees > 0).then(|| (count as f64 * 1000.0 / self.trainees as f64).round() / 10.0)
    }

    /// The sum of two tallies (a funder's total over its sessions).
    #[must_use]
    pub fn plus(&self, other: &Self) -> Self {
        let mut sum = self.clone();
        sum.trainees += other.trainees;
        sum.recorded.iter_mut().zip(other.recorded).for_each(|(a, b)| *a += b);
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 12, day).unwrap()
    }

    #[test]
    fn r_out_1_only_retained_trainees_of_ended_sessions_by_its_organisations() {
        assert_eq!(check_outcome(true, ApplicationState::Retained, d(1), d(2)), Ok(()));
        let early = check_outcome(true, ApplicationState::Retained, d(2), d(2)).unwrap_err();
        assert_eq!((early.code(), early.kind()), ("outcome_before_session_end", ErrorKind::Conflict));
        assert!(early.message().contains("02/12/2024"));
        for state in [ApplicationState::Pending, ApplicationState::NotRetained, ApplicationState::NoDecisionSent] {
            assert_eq!(check_outcome(true, state, d(1), d(2)), Err(OutcomeError::NotRetained));
        }
        assert_eq!(
            check_outcome(false, ApplicationState::Retained, d(1), d(2)).unwrap_err().kind(),
            ErrorKind::Forbidden
        );
    }

    #[test]
    fn r_out_2_the_guides_outcomes_with_french_labels() {
        assert_eq!(
            Outcome::ALL.map(Outcome::code),
            ["long_contract", "short_contract", "work_study", "further_training", "job_seeking", "unknown"]
        );
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::from_code(outcome.code()), Some(outcome));
            assert_eq!(serde_json::to_value(outcome).unwrap(), outcome.code());
            assert!(!outcome.label().is_empty());
        }
        assert!(Outcome::LongContract.label().contains("CDI"));
    }

    #[test]
    fn r_out_3_ratios_over_the_trainees_positive_exits_and_not_recorded() {
        use Outcome::*;
        let tally = OutcomeTally::of(
            8,
            [LongContract, LongContract, ShortContract, WorkStudy, FurtherTraining, JobSeeking, Unknown],
        );
        assert_eq!((tally.count(LongContract), tally.positive(), tally.not_recorded()), (2, 5, 1));
        assert_eq!(tally.percent(tally.positive()), Some(62.5));
        assert_eq!(tally.percent(tally.count(LongContract)), Some(25.0));
        assert_eq!(OutcomeTally::of(3, [JobSeeking]).percent(1), Some(33.3));
        assert_eq!(OutcomeTally::default().percent(0), None, "no trainee, no ratio");
        let total = tally.plus(&OutcomeTally::of(2, [LongContract]));
        assert_eq!((total.trainees, total.count(LongContract), total.positive()), (10, 3, 6));
    }
}
