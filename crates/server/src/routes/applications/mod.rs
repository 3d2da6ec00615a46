//! Applications: intake by prescribers, lists and export, the application page, decisions, batches,
//! dashboard, and the availability prescribers search.

pub mod availability;
pub mod batch;
pub mod candidate_export;
pub mod create;
pub mod csv_export;
pub mod dashboard;
pub mod decision;
pub mod list;
pub mod session_list;
pub mod show;
