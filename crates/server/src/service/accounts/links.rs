//! The tokens of single-use links (R-ACC-8, R-ACC-9): 256 random bits sent once by e-mail; the database keeps
//! only their SHA-256, so reading it opens no account.

use rand::RngCore;

/// A fresh token, in hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    crate::crypto::hex(&bytes)
}

/// What the database stores and looks tokens up by. Input of any length is hashed alike.
pub fn token_hash(token: &str) -> String {
    crate::crypto::sha256_hex(token.trim())
}
