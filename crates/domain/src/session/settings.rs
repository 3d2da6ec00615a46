//! Changing a session's capacity and coefficient (R-SES-1, R-QUOTA-4).

use thiserror::Error;

use crate::error::{ErrorKind, RuleError};
use crate::quota::{Capacity, Coefficient, Quota, QuotaError};

/// A refused capacity change.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CapacityChangeError {
    /// Not a valid capacity or coefficient.
    #[error(transparent)]
    Invalid(#[from] QuotaError),
    /// Lowering the capacity below the retained applications would break R-QUOTA-4.
    #[error("La capacité d'accueil ne peut pas être inférieure au nombre de candidats déjà retenus ({retained}).")]
    BelowRetained {
        /// Applications already retained.
        retained: u32,
    },
}

impl RuleError for CapacityChangeError {
    fn code(&self) -> &'static str {
        match self {
            Self::Invalid(e) => e.code(),
            Self::BelowRetained { .. } => "capacity_below_retained",
        }
    }
    fn field(&self) -> Option<&'static str> {
        match self {
            Self::Invalid(e) => e.field(),
            Self::BelowRetained { .. } => Some("capacity"),
        }
    }
    fn kind(&self) -> ErrorKind {
        match self {
            Self::Invalid(_) => ErrorKind::Invalid,
            Self::BelowRetained { .. } => ErrorKind::Conflict,
        }
    }
}

/// The capacity and coefficient of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SessionSize {
    /// *Capacité d'accueil*.
    pub capacity: Capacity,
    /// *Coefficient nombre candidatures possibles*.
    pub coefficient: Coefficient,
}

impl SessionSize {
    /// capacity × coefficient (R-QUOTA-1).
    #[must_use]
    pub fn quota(&self) -> Quota {
        Quota::new(self.capacity, self.coefficient)
    }

    /// Applies a requested change (raw numbers from the request; `None` keeps the value).
    ///
    /// A quota lowered below the places held is allowed: pending applications keep their place
    /// and new ones are refused as `refused_session_full` until places free up **[decision]**.
    /// A capacity below the retained count is refused, or R-QUOTA-4 would be broken.
    pub fn change(
        &self,
        capacity: Option<i64>,
        coefficient: Option<i64>,
        retained: u32,
    ) -> Result<Self, CapacityChangeError> {
        let capacity = capacity.map_or(Ok(self.capacity), Capacity::parse)?;
        let coefficient = coefficient.map_or(Ok(self.coefficient), Coefficient::parse)?;
        if capacity.get() < retained {
            return Err(CapacityChangeError::BelowRetained { retained });
        }
        Ok(Self { capacity, coefficient })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size() -> SessionSize {
        SessionSize { capacity: Capacity::parse(12).unwrap(), coefficient: Coefficient::parse(2).unwrap() }
    }

    #[test]
    fn r_ses_1_capacity_and_coefficient_changes_are_parsed() {
        let changed = size().change(Some(15), Some(3), 0).unwrap();
        assert_eq!(changed.quota().get(), 45);
        assert_eq!(size().change(Some(0), None, 0).unwrap_err().code(), "invalid_capacity");
        assert_eq!(size().change(None, Some(11), 0).unwrap_err().code(), "invalid_coefficient");
    }

    #[test]
    fn r_quota_4_capacity_cannot_drop_below_retained_count() {
        let err = size().change(Some(4), None, 5).unwrap_err();
        assert_eq!(err.code(), "capacity_below_retained");
        assert_eq!(err.kind(), ErrorKind::Conflict);
        assert!(size().change(Some(5), None, 5).is_ok());
    }
}
