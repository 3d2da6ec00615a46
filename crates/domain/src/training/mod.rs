//! Trainings (actions de formation): editable fields, certification changes, tabs and alerts.

pub mod certification;
pub mod fields;
pub mod tabs;

pub use certification::{Certification, CertificationError, CertificationStatus};
pub use fields::{FieldLocked, TrainingField, check_editable};
pub use tabs::{Publication, SessionFacts, TrainingAlert, TrainingFacts, TrainingTab, alerts, tab_counts, tabs};
