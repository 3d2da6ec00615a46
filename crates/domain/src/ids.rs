//! References shown to users (R-TRN-5) and typed ids.
//!
//! References are fixed-length digit strings, kept as text because leading zeros matter
//! (the guide shows session `00000000` and `00509908`).

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::error::{ErrorKind, RuleError};

/// A reference that is not made of the expected number of digits.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("La référence {label} doit comporter exactement {digits} chiffres (reçu : « {received} »).")]
pub struct InvalidReference {
    /// Stable code, e.g. `invalid_session_reference`.
    pub code: &'static str,
    /// French name of the reference kind ("de formation"…).
    pub label: &'static str,
    /// Expected number of digits.
    pub digits: usize,
    /// What was received.
    pub received: String,
}

impl RuleError for InvalidReference {
    fn code(&self) -> &'static str {
        self.code
    }
    fn field(&self) -> Option<&'static str> {
        Some("reference")
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

macro_rules! digit_reference {
    ($(#[$doc:meta])* $name:ident, $digits:expr, $code:expr, $label:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// Number of digits of this reference.
            pub const DIGITS: usize = $digits;

            /// Parses a reference: exactly the expected number of ASCII digits.
            pub fn parse(text: &str) -> Result<Self, InvalidReference> {
                if text.len() == Self::DIGITS && text.bytes().all(|b| b.is_ascii_digit()) {
                    Ok(Self(text.to_owned()))
                } else {
                    Err(InvalidReference {
                        code: $code,
                        label: $label,
                        digits: Self::DIGITS,
                        received: text.chars().take(40).collect(),
                    })
                }
            }

            /// Builds the reference from a sequence number, zero-padded
            /// (for the API's generator); fails when the number has too many digits.
            pub fn from_number(number: u64) -> Result<Self, InvalidReference> {
                Self::parse(&format!("{number:0width$}", width = Self::DIGITS))
            }

            /// The reference as shown.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl TryFrom<String> for $name {
            type Error = InvalidReference;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                Self::parse(&text)
            }
        }

        impl From<$name> for String {
            fn from(reference: $name) -> Self {
                reference.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = InvalidReference;
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                Self::parse(text)
            }
        }
    };
}

digit_reference!(
    /// Training reference: 12 digits, e.g. `202305156095` (R-TRN-5).
    TrainingRef,
    12,
    "invalid_training_reference",
    "de formation"
);

digit_reference!(
    /// Session reference: 8 digits, e.g. `00509908` (R-TRN-5).
    SessionRef,
    8,
    "invalid_session_reference",
    "de session"
);

digit_reference!(
    /// Application reference: 10 digits (**[decision]** the guide shows none; 10 digits keep it
    /// distinct at a glance from the 8-digit session and 12-digit training references, and
    /// leave room for ten billion applications).
    ApplicationRef,
    10,
    "invalid_application_reference",
    "de candidature"
);

/// Database id of an organisation (structure).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrganisationId(pub i64);

impl fmt::Display for OrganisationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_trn_5_training_reference_is_12_digits_as_in_the_guide() {
        let reference = TrainingRef::parse("202305156095").unwrap();
        assert_eq!(reference.to_string(), "202305156095");
        assert!(TrainingRef::parse("20230515609").is_err());
        assert!(TrainingRef::parse("2023051560951").is_err());
        assert!(TrainingRef::parse("20230515609a").is_err());
    }

    #[test]
    fn r_trn_5_session_reference_is_8_digits_keeping_leading_zeros() {
        assert_eq!(SessionRef::parse("00509908").unwrap().as_str(), "00509908");
        assert_eq!(SessionRef::from_number(509_908).unwrap().as_str(), "00509908");
        let err = SessionRef::parse("509908").unwrap_err();
        assert_eq!(err.code(), "invalid_session_reference");
        assert!(SessionRef::from_number(123_456_789).is_err());
    }

    #[test]
    fn r_trn_5_application_reference_is_10_digits() {
        assert!(ApplicationRef::parse("0000000042").is_ok());
        assert!(ApplicationRef::parse("42").is_err());
        // Non-ASCII digits are refused even when the char count matches.
        assert!(ApplicationRef::parse("０００００００００１").is_err());
    }

    #[test]
    fn r_trn_5_references_cannot_be_deserialized_invalid() {
        assert!(serde_json::from_str::<SessionRef>("\"1234\"").is_err());
        let ok: SessionRef = serde_json::from_str("\"00000000\"").unwrap();
        assert_eq!(serde_json::to_string(&ok).unwrap(), "\"00000000\"");
    }
}
