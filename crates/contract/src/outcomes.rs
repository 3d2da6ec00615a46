//! "Ratio suite de parcours" (R-OUT-1..3): a trainee's outcome, a session's ratios, the funder's view.

use chrono::NaiveDate;
use domain::application::{Outcome, OutcomeTally};
use serde::{Deserialize, Serialize};

/// `PUT /api/applications/{reference}/outcome`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeBody {
    pub outcome: Outcome,
}

/// One outcome's share of the trainees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeShare {
    pub outcome: Outcome,
    pub label: String,
    pub count: u64,
    /// Of the trainees, in percent (one decimal); absent without trainees.
    pub percent: Option<f64>,
}

/// The ratios of some trainees (R-OUT-3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeRatios {
    /// Retained applications.
    pub trainees: u64,
    /// Trainees without a recorded outcome (*non renseignée*).
    pub not_recorded: u64,
    /// *Sorties positives*: long and short contracts, work-study, further training.
    pub positive: u64,
    pub positive_percent: Option<f64>,
    /// Every outcome, in the form's order.
    pub shares: Vec<OutcomeShare>,
}

impl From<&OutcomeTally> for OutcomeRatios {
    fn from(tally: &OutcomeTally) -> Self {
        let shares = Outcome::ALL
            .into_iter()
            .map(|outcome| OutcomeShare {
                outcome,
                label: outcome.label().to_owned(),
                count: tally.count(outcome),
                percent: tally.percent(tally.count(outcome)),
            })
            .collect();
        Self {
            trainees: tally.trainees,
            not_recorded: tally.not_recorded(),
            positive: tally.positive(),
            positive_percent: tally.percent(tally.positive()),
            shares,
        }
    }
}

/// A retained application and its outcome, if recorded (no candidate data: the reference leads to it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TraineeOutcome {
    pub application_reference: String,
    pub outcome: Option<Outcome>,
}

/// `GET /api/sessions/{reference}/outcomes`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionOutcomes {
    pub session_reference: String,
    pub session_end: NaiveDate,
    /// Whether the caller records outcomes here (one of the session's organisations, once it ended).
    pub may_record: bool,
    pub trainees: Vec<TraineeOutcome>,
    pub ratios: OutcomeRatios,
}

/// One ended session of the funder's view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunderSessionOutcomes {
    pub session_reference: String,
    pub session_end: NaiveDate,
    pub ratios: OutcomeRatios,
}

/// `GET /api/outcomes`: the funder's ended sessions with trainees, newest end first, and their total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FunderOutcomes {
    pub sessions: Vec<FunderSessionOutcomes>,
    pub total: OutcomeRatios,
}
