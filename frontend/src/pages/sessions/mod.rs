//! The session form: calendar, comment, deadlines, size, and the rules checked before saving.

pub mod cancel;
pub mod deadline_dialog;
pub mod draft;
pub mod fields;
pub mod form;
pub mod funder_outcomes;
pub mod outcomes;
pub mod parties;
