//! Pieces shared by several pages.

pub mod field;
pub mod header;
pub mod layout;
pub mod org_switcher;
pub mod organisation_picker;
pub mod problem_alert;
