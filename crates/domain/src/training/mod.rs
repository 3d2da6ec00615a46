//! Trainings (actions de formation): title and texts (R-TRN-1, R-TRN-2), editable fields, certification
//! changes, tabs and alerts.

pub mod certification;
pub mod contacts;
pub mod fields;
pub mod tab_criteria;
pub mod tabs;
pub mod texts;

pub use certification::{Certification, CertificationError, CertificationStatus};
pub use contacts::{Contact, ContactsError, MAX_CONTACTS, parse_contacts};
pub use fields::{FieldLocked, TrainingField, check_editable};
pub use tab_criteria::{AlertCriteria, TabCriteria};
pub use tabs::{Publication, SessionFacts, TrainingAlert, TrainingFacts, TrainingTab, alerts, tab_counts, tabs};
pub use texts::{InvalidPoecTitle, PoecTitle, TrainingText, TrainingTextError};
