//! Password hashing with argon2id (the OWASP recommendation), parameters stored in each PHC string.

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};

use crate::error::ApiError;

/// Minimum length: long passphrases beat composition rules (ANSSI and NIST guidance).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Checks a new password against the rules, before any hashing; `field` names it in the error.
pub fn check_policy(password: &str, field: &str) -> Result<(), ApiError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(ApiError::invalid_field(
            field,
            "password_too_short",
            format!("Le mot de passe doit contenir au moins {MIN_PASSWORD_CHARS} caractères."),
        ));
    }
    Ok(())
}

/// Hashes a new password after checking its length. CPU-heavy: call from a blocking thread.
pub fn hash(password: &str) -> Result<String, ApiError> {
    check_policy(password, "password")?;
    Argon2::default().hash_password(password.as_bytes()).map(|h| h.to_string()).map_err(ApiError::internal)
}

/// Checks a password against a stored hash; a corrupt hash counts as a mismatch.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .is_ok_and(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
}

/// A hash to verify against when the e-mail is unknown, so both cases take the same time.
pub fn decoy_hash() -> &'static str {
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
