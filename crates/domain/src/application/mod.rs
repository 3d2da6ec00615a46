//! Applications (candidatures): states and intake.

pub mod candidate;
pub mod intake;
pub mod state;

pub use candidate::{Candidate, CandidateInput, name_search_range};
pub use intake::{IntakeError, IntakeOutcome, IntakeRequest, receive_application};
pub use state::ApplicationState;
