//! Applications (candidatures): states, intake and what became of the trainees (R-OUT-1..3).

pub mod candidate;
pub mod intake;
pub mod outcome;
pub mod state;

pub use candidate::{Candidate, CandidateInput, name_search_range};
pub use intake::{IntakeError, IntakeOutcome, IntakeRequest, receive_application};
pub use outcome::{Outcome, OutcomeError, OutcomeTally, check_outcome};
pub use state::ApplicationState;
