//! "Type session", the filter of the guide's application and session lists (R-LIST-TYPE-1).
//!
//! R-LIST-TYPE-1 **[decision]**: the guide shows no field "type" on a session; its only type is the training's
//! ("Type": SIMPLE in the training table), so a session's type is its training's type. Types are codes: they
//! match ignoring case and surrounding spaces (the database keeps each session's copy in that form, trimmed
//! and in upper case).

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::error::{ErrorKind, RuleError};

/// The longest type accepted as a filter (the training types are short codes).
pub const MAX_SESSION_TYPE_CHARS: usize = 40;

/// A type that cannot be one.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SessionTypeError {
    /// Empty, too long, or with characters a code never has.
    #[error(
        "Le type de session doit être un code de 1 à 40 lettres, chiffres, espaces, tirets ou soulignés \
         (par exemple SIMPLE)."
    )]
    Invalid,
}

impl RuleError for SessionTypeError {
    fn code(&self) -> &'static str {
        "invalid_session_type"
    }
    fn field(&self) -> Option<&'static str> {
        Some("session_type")
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// A session type in its compared form: trimmed, in upper case (R-LIST-TYPE-1).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SessionType(String);

impl SessionType {
    /// Parses a type typed in a filter, e.g. ` simple ` → `SIMPLE`.
    ///
    /// # Errors
    /// Empty, longer than [`MAX_SESSION_TYPE_CHARS`], or with other characters than letters, digits, spaces,
    /// `-` and `_`.
    pub fn parse(text: &str) -> Result<Self, SessionTypeError> {
        let text = text.trim();
        let fits = (1..=MAX_SESSION_TYPE_CHARS).contains(&text.chars().count())
            && text.chars().all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'));
        if !fits {
            return Err(SessionTypeError::Invalid);
        }
        Ok(Self(text.to_uppercase()))
    }

    /// The compared form.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for SessionType {
    type Error = SessionTypeError;

    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<SessionType> for String {
    fn from(kind: SessionType) -> Self {
        kind.0
    }
}

impl fmt::Display for SessionType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_list_type_1_a_type_matches_ignoring_case_and_surrounding_spaces() {
        assert_eq!(SessionType::parse(" simple ").unwrap().as_str(), "SIMPLE");
        assert_eq!(SessionType::parse("Simple").unwrap(), SessionType::parse("SIMPLE").unwrap());
        assert_eq!(SessionType::parse("parcours-modulaire").unwrap().to_string(), "PARCOURS-MODULAIRE");
    }

    #[test]
    fn r_list_type_1_a_type_is_a_short_code() {
        for bad in ["", "   ", "SIMPLE%", "a'b", &"A".repeat(41)] {
            let err = SessionType::parse(bad).unwrap_err();
            assert_eq!(
                (err.code(), err.field(), err.kind()),
                ("invalid_session_type", Some("session_type"), ErrorKind::Invalid)
            );
        }
        assert!(SessionType::parse(&"A".repeat(40)).is_ok());
        assert!(serde_json::from_value::<SessionType>(serde_json::json!("x%")).is_err());
    }
}
