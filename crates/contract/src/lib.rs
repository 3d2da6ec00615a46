//! The JSON bodies of the REST API (`shared/API.md`), compiled by the server and by the web app so the two
//! cannot disagree on a field name.

pub mod applications;
pub mod audit;
pub mod auth;
pub mod lheo;
pub mod members;
pub mod notifications;
pub mod organisations;
pub mod outbox;
pub mod outcomes;
pub mod problem;
pub mod queries;
pub mod sessions;
pub mod trainings;
pub mod whole_number;

pub use applications::*;
pub use audit::*;
pub use auth::*;
pub use lheo::*;
pub use members::*;
pub use notifications::*;
pub use organisations::*;
pub use outbox::*;
pub use outcomes::*;
pub use problem::*;
pub use queries::*;
pub use sessions::*;
pub use trainings::*;
