//! Who is calling: passwords (argon2id), access tokens (JWT) and the per-request caller with the
//! organisation it acts for (R-ACC-2); and the guard in front of every password check (rate limits,
//! bounded hashing, lockout).

pub(crate) mod caller;
pub(crate) mod client_ip;
mod guard;
pub(crate) mod hashing;
pub mod limits;
pub mod password;
mod tokens;

pub(crate) use caller::Caller;
pub use guard::{LoginGuard, LoginSettings};
pub use tokens::Tokens;
