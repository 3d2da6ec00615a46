//! Password hashing with argon2id (the OWASP recommendation), parameters stored in each PHC string.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::ApiError;

/// Hashes a new password after checking it against the domain's policy. CPU-heavy: call from a blocking thread.
pub fn hash(password: &str) -> Result<String, ApiError> {
    domain::account::check_new_password(password, "password").map_err(|e| ApiError::rule(&e))?;
    Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(ApiError::internal)
}

/// Checks a password against a stored hash; a corrupt hash counts as a mismatch.
pub(crate) fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash to verify against when the e-mail is unknown, so both cases take the same time.
pub(crate) fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash("decoy-password-never-used").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_password_verifies_and_another_does_not() {
        let stored = hash("correct horse battery").unwrap_or_default();
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("correct horse battery!", &stored));
    }

    #[test]
    fn short_passwords_are_refused_with_a_field_error() {
        let error = hash("court").err();
        assert_eq!(error.map(|e| e.code), Some("password_too_short"));
    }
}
