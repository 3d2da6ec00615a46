//! Bounded free texts (R-SES-5, R-AVIS-5). Lengths count Unicode characters, not bytes,
//! because the UI counter ("0 / 600") counts what the user sees.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::error::{ErrorKind, RuleError};

/// A text longer than its limit.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("Le texte « {label} » ne peut pas dépasser {max} caractères ({length} saisis).")]
pub struct TextTooLong {
    /// The API field name.
    pub field: &'static str,
    /// The French label of the field, used in the message.
    pub label: &'static str,
    /// The limit, in Unicode characters.
    pub max: usize,
    /// The length received, in Unicode characters.
    pub length: usize,
}

impl RuleError for TextTooLong {
    fn code(&self) -> &'static str {
        "too_long"
    }
    fn field(&self) -> Option<&'static str> {
        Some(self.field)
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

fn check_length(text: &str, max: usize, field: &'static str, label: &'static str) -> Result<(), TextTooLong> {
    let length = text.chars().count();
    if length > max {
        return Err(TextTooLong { field, label, max, length });
    }
    Ok(())
}

macro_rules! bounded_text {
    ($(#[$doc:meta])* $name:ident, $max:expr, $field:expr, $label:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(String);

        impl $name {
            /// The limit, in Unicode characters.
            pub const MAX_CHARS: usize = $max;

            /// Parses a text, refusing it when longer than the limit.
            pub fn parse(text: impl Into<String>) -> Result<Self, TextTooLong> {
                let text = text.into();
                check_length(&text, Self::MAX_CHARS, $field, $label)?;
                Ok(Self(text))
            }

            /// The text itself.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The UI counter, e.g. `12 / 600`.
            #[must_use]
            pub fn counter(&self) -> String {
                format!("{} / {}", self.0.chars().count(), Self::MAX_CHARS)
            }
        }

        impl TryFrom<String> for $name {
            type Error = TextTooLong;
            fn try_from(text: String) -> Result<Self, Self::Error> {
                Self::parse(text)
            }
        }

        impl From<$name> for String {
            fn from(text: $name) -> Self {
                text.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}

bounded_text!(
    /// A session comment, at most 600 Unicode characters (R-SES-5).
    SessionComment,
    600,
    "comment",
    "Commentaires sur la session"
);

bounded_text!(
    /// A decision comment, at most 250 Unicode characters (R-AVIS-5).
    DecisionComment,
    250,
    "comment",
    "Commentaires et précisions sur l'avis de recrutement"
);

bounded_text!(
    /// The free-text explanation of a "Non" to recruitment, at most 1000 characters
    /// (**[decision]** the guide sets no limit; 1000 keeps it a paragraph).
    RefusalDetail,
    1000,
    "refusal_detail",
    "Précisions sur le refus"
);

bounded_text!(
    /// The presentation of an application, at most 4000 characters (R-APP-1; **[decision]** the guide sets no
    /// limit; 4000 holds a page of motivation).
    ApplicationPresentation,
    4_000,
    "presentation",
    "Présentation de la candidature"
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::RuleError;

    #[test]
    fn r_ses_5_session_comment_of_600_chars_accepted_601_refused() {
        assert!(SessionComment::parse("a".repeat(600)).is_ok());
        let err = SessionComment::parse("a".repeat(601)).unwrap_err();
        assert_eq!(err.code(), "too_long");
        assert_eq!(err.field(), Some("comment"));
        assert_eq!(err.length, 601);
    }

    #[test]
    fn r_ses_5_session_comment_counts_unicode_chars_not_bytes() {
        // 600 "é" are 1200 bytes but 600 characters.
        let text = "é".repeat(600);
        assert_eq!(text.len(), 1200);
        let comment = SessionComment::parse(text).unwrap();
        assert_eq!(comment.counter(), "600 / 600");
    }

    #[test]
    fn r_ses_5_session_comment_cannot_be_deserialized_too_long() {
        let json = serde_json::to_string(&"x".repeat(601)).unwrap();
        assert!(serde_json::from_str::<SessionComment>(&json).is_err());
        let ok: SessionComment = serde_json::from_str("\"Ouverture prochaine\"").unwrap();
        assert_eq!(ok.as_str(), "Ouverture prochaine");
    }

    #[test]
    fn r_app_1_presentation_of_4000_chars_accepted_4001_refused() {
        assert!(ApplicationPresentation::parse("é".repeat(4_000)).is_ok());
        let err = ApplicationPresentation::parse("é".repeat(4_001)).unwrap_err();
        assert_eq!((err.field, err.max, err.length), ("presentation", 4_000, 4_001));
    }

    #[test]
    fn r_avis_5_decision_comment_of_250_accepted_251_refused() {
        assert!(DecisionComment::parse("ü".repeat(250)).is_ok());
        let err = DecisionComment::parse("ü".repeat(251)).unwrap_err();
        assert_eq!(err.max, 250);
        assert!(err.message().contains("250"));
    }
}
