//! Pieces shared by several pages.

pub mod charts;
pub mod columns;
pub mod date_input;
pub mod dialog;
pub mod field;
pub mod header;
pub mod history;
pub mod input;
pub mod layout;
pub mod org_select;
pub mod org_switcher;
pub mod organisation_picker;
pub mod problem_alert;
pub mod session_type;
pub mod status;
