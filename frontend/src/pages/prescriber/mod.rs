//! The prescriber's screens (R-ACC-4, R-LIST-4): sessions with free places, applying a candidate, and
//! following the organisation's applications.

pub mod apply;
pub mod availability;
pub mod candidate_fields;
pub mod my_applications;
