//! Capacity, coefficient and quota (R-QUOTA-1, R-QUOTA-5).

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::application::ApplicationState;
use crate::error::{ErrorKind, RuleError};

/// A capacity or coefficient out of range.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum QuotaError {
    /// Capacity below 1 or absurdly large.
    #[error("La capacité d'accueil doit être comprise entre 1 et {max} (reçu : {received}).")]
    Capacity {
        /// Largest accepted capacity.
        max: u32,
        /// The value received.
        received: i64,
    },
    /// Coefficient outside 1–10.
    #[error("Le coefficient nombre candidatures possibles doit être un entier de 1 à 10 (reçu : {received}).")]
    Coefficient {
        /// The value received.
        received: i64,
    },
}

impl RuleError for QuotaError {
    fn code(&self) -> &'static str {
        match self {
            Self::Capacity { .. } => "invalid_capacity",
            Self::Coefficient { .. } => "invalid_coefficient",
        }
    }
    fn field(&self) -> Option<&'static str> {
        match self {
            Self::Capacity { .. } => Some("capacity"),
            Self::Coefficient { .. } => Some("coefficient"),
        }
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// *Capacité d'accueil*: the number of trainees a session takes, at least 1 (R-SES-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct Capacity(u32);

impl Capacity {
    /// **[decision]** An upper bound catches typos (1200 for 12) and keeps capacity × coefficient
    /// far from integer overflow; no POEC group comes near it.
    pub const MAX: u32 = 10_000;

    /// Parses a capacity: 1 ≤ value ≤ [`Capacity::MAX`].
    pub fn parse(value: i64) -> Result<Self, QuotaError> {
        u32::try_from(value)
            .ok()
            .filter(|v| (1..=Self::MAX).contains(v))
            .map(Self)
            .ok_or(QuotaError::Capacity { max: Self::MAX, received: value })
    }

    /// The capacity as a number.
    #[must_use]
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<i64> for Capacity {
    type Error = QuotaError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl From<Capacity> for u32 {
    fn from(capacity: Capacity) -> Self {
        capacity.0
    }
}

/// *Coefficient nombre candidatures possibles*: an integer from 1 to 10 (R-SES-1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "u32")]
pub struct Coefficient(u32);

impl Coefficient {
    /// Parses a coefficient: 1 ≤ value ≤ 10.
    pub fn parse(value: i64) -> Result<Self, QuotaError> {
        u32::try_from(value)
            .ok()
            .filter(|v| (1..=10).contains(v))
            .map(Self)
            .ok_or(QuotaError::Coefficient { received: value })
    }

    /// The coefficient as a number.
    #[must_use]
    pub fn get(self) -> u32 {
        self.0
    }
}

impl TryFrom<i64> for Coefficient {
    type Error = QuotaError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Self::parse(value)
    }
}

impl From<Coefficient> for u32 {
    fn from(coefficient: Coefficient) -> Self {
        coefficient.0
    }
}

/// Maximum number of places held at once = capacity × coefficient (R-QUOTA-1).
///
/// Only built from a capacity and a coefficient, so it is always at least 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(into = "u32")]
pub struct Quota(u32);

impl Quota {
    /// capacity × coefficient; cannot overflow thanks to [`Capacity::MAX`].
    #[must_use]
    pub fn new(capacity: Capacity, coefficient: Coefficient) -> Self {
        Self(capacity.get() * coefficient.get())
    }

    /// The quota as a number.
    #[must_use]
    pub fn get(self) -> u32 {
        self.0
    }
}

impl From<Quota> for u32 {
    fn from(quota: Quota) -> Self {
        quota.0
    }
}

/// Counts the places held by a session's applications: pending and retained ones (R-QUOTA-2).
pub fn places_held<'a>(states: impl IntoIterator<Item = &'a ApplicationState>) -> u32 {
    let held = states.into_iter().filter(|s| s.holds_place()).count();
    u32::try_from(held).unwrap_or(u32::MAX)
}

/// Counts the retained applications (checked against the capacity by R-QUOTA-4).
pub fn retained_count<'a>(states: impl IntoIterator<Item = &'a ApplicationState>) -> u32 {
    let retained = states.into_iter().filter(|s| **s == ApplicationState::Retained).count();
    u32::try_from(retained).unwrap_or(u32::MAX)
}

/// How full a session is: places held against the quota (R-QUOTA-5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Occupancy {
    /// Applications holding a place (pending + retained).
    pub places_held: u32,
    /// capacity × coefficient.
    pub quota: Quota,
}

impl Occupancy {
    /// Builds the occupancy of a session.
    #[must_use]
    pub fn new(places_held: u32, quota: Quota) -> Self {
        Self { places_held, quota }
    }

    /// Free places; never negative, even if a quota was lowered below the places held.
    #[must_use]
    pub fn places_left(&self) -> u32 {
        self.quota.get().saturating_sub(self.places_held)
    }

    /// Whether no place is left.
    #[must_use]
    pub fn is_full(&self) -> bool {
        self.places_left() == 0
    }
}

/// The "Inscrits" column: `places held / quota`, e.g. `2 / 30` (R-QUOTA-5).
impl fmt::Display for Occupancy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} / {}", self.places_held, self.quota.get())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ApplicationState::*;

    fn quota(capacity: i64, coefficient: i64) -> Quota {
        Quota::new(Capacity::parse(capacity).unwrap(), Coefficient::parse(coefficient).unwrap())
    }

    #[test]
    fn r_quota_1_quota_is_capacity_times_coefficient_12_x_2_is_24() {
        assert_eq!(quota(12, 2).get(), 24);
    }

    #[test]
    fn r_quota_1_largest_quota_does_not_overflow() {
        assert_eq!(quota(i64::from(Capacity::MAX), 10).get(), 100_000);
    }

    #[test]
    fn r_ses_1_capacity_is_at_least_one() {
        assert!(Capacity::parse(0).is_err());
        assert!(Capacity::parse(-3).is_err());
        assert_eq!(Capacity::parse(1).unwrap().get(), 1);
        assert_eq!(Capacity::parse(0).unwrap_err().code(), "invalid_capacity");
    }

    #[test]
    fn r_ses_1_coefficient_is_an_integer_from_1_to_10() {
        assert!(Coefficient::parse(0).is_err());
        assert!(Coefficient::parse(11).is_err());
        assert!(Coefficient::parse(1).is_ok());
        assert!(Coefficient::parse(10).is_ok());
        // A decimal coefficient cannot even be deserialized.
        assert!(serde_json::from_str::<Coefficient>("1.5").is_err());
        assert!(serde_json::from_str::<Coefficient>("11").is_err());
        assert_eq!(serde_json::from_str::<Coefficient>("2").unwrap().get(), 2);
    }

    #[test]
    fn r_quota_2_pending_and_retained_hold_a_place_the_others_free_it() {
        let states =
            [Pending, Retained, NotRetained, NoDecisionSent, RefusedSessionFull, RefusedSessionCancelled, Pending];
        assert_eq!(places_held(&states), 3);
        assert_eq!(retained_count(&states), 1);
    }

    #[test]
    fn r_quota_5_inscrits_shows_places_held_over_quota_2_of_30() {
        let occupancy = Occupancy::new(2, quota(15, 2));
        assert_eq!(occupancy.to_string(), "2 / 30");
        assert_eq!(occupancy.places_left(), 28);
        assert!(!occupancy.is_full());
    }

    #[test]
    fn r_quota_5_places_left_never_negative_after_quota_lowered() {
        let occupancy = Occupancy::new(30, quota(12, 2));
        assert_eq!(occupancy.places_left(), 0);
        assert!(occupancy.is_full());
    }
}
