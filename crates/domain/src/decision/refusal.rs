//! The fixed list of reasons for a "Non" to recruitment (R-AVIS-4).

use serde::{Deserialize, Serialize};

/// Why a candidate met at an invite is not recruited.
///
/// **[decision]** The guide mentions "le motif" without listing it; this list covers the cases
/// prescribers need to redirect the candidate, with "Autre" plus the mandatory detail for the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefusalReason {
    /// The candidate withdrew.
    CandidateWithdrew,
    /// The candidate found a job or another training.
    FoundJobOrTraining,
    /// Pedagogical prerequisites not met.
    PrerequisitesNotMet,
    /// Regulatory access conditions not met (licence, medical fitness…).
    AccessConditionsNotMet,
    /// The professional project does not match the training.
    ProjectNotSuited,
    /// Insufficient motivation.
    InsufficientMotivation,
    /// Practical constraints: mobility, childcare, schedule.
    PracticalConstraints,
    /// No employer found for the POEC.
    NoEmployerFound,
    /// Other: the detail explains.
    Other,
}

impl RefusalReason {
    /// Every reason, in the order of the drop-down list.
    pub const ALL: [Self; 9] = [
        Self::CandidateWithdrew,
        Self::FoundJobOrTraining,
        Self::PrerequisitesNotMet,
        Self::AccessConditionsNotMet,
        Self::ProjectNotSuited,
        Self::InsufficientMotivation,
        Self::PracticalConstraints,
        Self::NoEmployerFound,
        Self::Other,
    ];

    /// French label.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::CandidateWithdrew => "Désistement du candidat",
            Self::FoundJobOrTraining => "Candidat ayant trouvé un emploi ou une autre formation",
            Self::PrerequisitesNotMet => "Prérequis pédagogiques non atteints",
            Self::AccessConditionsNotMet => "Conditions d'accès réglementaires non remplies",
            Self::ProjectNotSuited => "Projet professionnel non adapté à la formation",
            Self::InsufficientMotivation => "Motivation insuffisante",
            Self::PracticalConstraints => "Contraintes de mobilité, de garde ou d'horaires",
            Self::NoEmployerFound => "Absence d'entreprise d'accueil",
            Self::Other => "Autre motif",
        }
    }
}
