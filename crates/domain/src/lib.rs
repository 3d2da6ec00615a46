//! The POEC business rules of `shared/DOMAIN.md`, as pure types and functions.
//!
//! No I/O and no clock: every rule that depends on the date takes `today` as a parameter (R-TIME-3).
//! The API parses its input into these types, calls these functions and stores the result; the
//! web app reuses them (the crate builds for `wasm32-unknown-unknown`). Every refusal implements
//! [`error::RuleError`]: a stable `code()`, a French `message()` and an HTTP class `kind()`.
//!
//! Map of the rules:
//! - [`access`]: actors, session roles, who reads and who decides (R-ACC-1..4, R-GDPR-1), and every access
//!   [`access::Refusal`].
//! - [`account`]: password, e-mail, full name and organisation name policies.
//! - [`ids`], [`siret`], [`text`], [`quota`], [`weekly_hours`]: values that can only exist valid.
//! - [`session`]: calendar (R-SES-2), date changes (R-SES-3, R-SES-4), derived state (R-SES-1), size, who
//!   changes the trainer, positioner and commune (R-SES-7), the lists' "Type session" (R-LIST-TYPE-1).
//! - [`application`]: states (R-APP-3, R-QUOTA-2), intake (R-APP-1, R-APP-2, R-QUOTA-3) and the trainees'
//!   outcomes, "Ratio suite de parcours" (R-OUT-1..3).
//! - [`decision`]: the avis workflow (R-AVIS-1..6, R-QUOTA-4, R-TIME-1), the kind of each invite
//!   (R-INV-KIND-1, R-INV-KIND-2); [`batch`] (R-AVIS-8).
//! - [`time_rules`] (R-TIME-1, R-TIME-2, R-TIME-4), [`retention`] (R-GDPR-2).
//! - [`training`]: editable fields (R-TRN-2), certification (R-TRN-3), tabs and alerts (R-TRN-4), contact persons
//!   (R-TRN-CONTACT-1..3).
//! - [`webhooks`]: who manages an organisation's event subscriptions, and how many it keeps.
//! - [`lists`]: the dashboard's default start (R-LIST-1) and the CSV export's format (R-LIST-3); the lists' filters
//!   and tabs (R-LIST-2) are the query types of the `contract` crate over [`time_rules`] and [`paging`].
//! - Every change of a training or a session is recorded with who, when, before and after (R-SES-6): the
//!   server's audit trail; the domain decides only what may change.
//! - [`members`]: approving, refusing, naming admins, removing (R-ACC-5..7), invitation and reset links
//!   (R-ACC-8, R-ACC-9).
//! - [`notifications`]: who is told what by e-mail, and what each user chose to receive (R-MAIL-1..4).
//! - [`lheo`]: the LHEO 2.3 exchange with the Carif-Oref base: recruitment state (R-LHEO-1), dates
//!   (R-LHEO-2), enriched fields surviving a re-import (R-LHEO-3).
//! - [`lockout`] (log-in lock after repeated failures), [`paging`] (page numbers of every list).

pub mod access;
pub mod account;
pub mod application;
pub mod batch;
pub mod dates;
pub mod decision;
pub mod error;
pub mod ids;
pub mod lheo;
pub mod lists;
pub mod lockout;
pub mod members;
pub mod notifications;
pub mod paging;
pub mod quota;
pub mod retention;
pub mod session;
pub mod siret;
pub mod text;
pub mod time_rules;
pub mod training;
pub mod webhooks;
pub mod weekly_hours;

pub use error::{ErrorKind, FieldError, RuleError};
