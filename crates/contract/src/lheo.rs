//! The report of an LHEO import (issue 13): what it created, updated, left alone and refused.

use serde::{Deserialize, Serialize};

/// How many objects of one kind an import created, updated and found unchanged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LheoCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// An element of the file that was not imported, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LheoRefusal {
    /// Where in the file, e.g. `/lheo/offres/formation[12]/action[1]/session[3]` (positions from 1).
    pub path: String,
    /// Why, in French.
    pub reason: String,
}

/// What an import did (or, with `dry_run`, would do). A training with a refused element is not imported at
/// all; the others are, each in its own transaction.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LheoImportReport {
    pub dry_run: bool,
    pub trainings: LheoCounts,
    pub sessions: LheoCounts,
    pub refused: Vec<LheoRefusal>,
}
