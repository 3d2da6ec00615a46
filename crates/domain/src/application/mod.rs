//! Applications (candidatures): states and intake.

pub mod intake;
pub mod state;

pub use intake::{IntakeError, IntakeOutcome, IntakeRequest, receive_application};
pub use state::ApplicationState;
