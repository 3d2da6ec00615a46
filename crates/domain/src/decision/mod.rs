//! The decision (avis) on a pending application: draft, invites, validation.

pub mod draft;
pub mod error;
pub mod invite;
pub mod refusal;
pub mod validate;

pub use draft::{AutomaticNotRetained, DecisionDraft, DecisionDraftInput, DecisionStep, DraftErrors};
pub use error::DecisionError;
pub use invite::{Invite, InviteKind, InviteResult, MAX_INVITES};
pub use refusal::RefusalReason;
pub use validate::{DecisionContext, ValidatedDecision, save_draft, validate_decision};
