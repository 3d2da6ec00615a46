//! Who is calling: passwords (argon2id), access tokens (JWT) and the per-request caller with the
//! organisation it acts for (R-ACC-2).

pub mod caller;
pub mod password;
pub mod tokens;

pub use caller::Caller;
pub use tokens::Tokens;
