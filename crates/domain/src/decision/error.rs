//! Refusals of the decision workflow.

use chrono::NaiveDate;
use thiserror::Error;

use crate::application::ApplicationState;
use crate::dates::french;
use crate::error::{ErrorKind, FieldError, RuleError};

/// A refused draft save or validation.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DecisionError {
    /// The application is in a final state: nothing can change (R-AVIS-6, R-APP-3).
    #[error("La décision sur cette candidature est définitive ({label}) : elle ne peut plus être modifiée.", label = .state.label())]
    Final {
        /// The final state.
        state: ApplicationState,
    },
    /// Three weeks after the session's end: too late (R-TIME-1).
    #[error(
        "Le délai pour donner un avis est dépassé : les candidatures non traitées passent en « Avis non \
         transmis » le {date}, trois semaines après la fin de la session.", date = french(*.switch_date)
    )]
    DeadlinePassed {
        /// The switch date (end + 21 days).
        switch_date: NaiveDate,
    },
    /// Retaining one more would exceed the capacity (R-QUOTA-4).
    #[error(
        "La capacité d'accueil de la session ({capacity}) est atteinte : impossible de retenir un candidat de plus."
    )]
    CapacityReached {
        /// The session's capacity.
        capacity: u32,
    },
    /// One or more fields break the rules; `errors` lists each of them.
    #[error("L'avis comporte des erreurs : {}", summary(.errors))]
    Invalid {
        /// Every failing field.
        errors: Vec<FieldError>,
    },
}

fn summary(errors: &[FieldError]) -> String {
    errors.iter().map(|e| e.message.as_str()).collect::<Vec<_>>().join(" ")
}

impl RuleError for DecisionError {
    fn code(&self) -> &'static str {
        match self {
            Self::Final { .. } => "decision_final",
            Self::DeadlinePassed { .. } => "decision_deadline_passed",
            Self::CapacityReached { .. } => "capacity_reached",
            Self::Invalid { .. } => "invalid_decision",
        }
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Final { .. } | Self::DeadlinePassed { .. } | Self::CapacityReached { .. } => ErrorKind::Conflict,
            Self::Invalid { .. } => ErrorKind::Invalid,
        }
    }
    fn field_errors(&self) -> Vec<FieldError> {
        match self {
            Self::Invalid { errors } => errors.clone(),
            _ => Vec::new(),
        }
    }
}

/// Shorthand to build a field error.
pub(crate) fn field_error(field: impl Into<String>, code: &'static str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), code, message: message.into() }
}
