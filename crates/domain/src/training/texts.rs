//! The texts of a training: its POEC title (R-TRN-1) and the bounded free texts of its form (R-TRN-2).
//! Lengths count Unicode characters, as the user sees them.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::fields::TrainingField;
use crate::error::{ErrorKind, RuleError};

/// The title of a POEC training (R-TRN-1): "[POEC]" then the training's name, trimmed, at most 300 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PoecTitle(String);

/// A title that is not a POEC title.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("L'intitulé d'une action POEC commence par « [POEC] », suivi du nom de la formation (300 caractères au plus).")]
pub struct InvalidPoecTitle;

impl RuleError for InvalidPoecTitle {
    fn code(&self) -> &'static str {
        "invalid_title"
    }
    fn field(&self) -> Option<&'static str> {
        Some("title")
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

impl PoecTitle {
    /// What every POEC title starts with.
    pub const PREFIX: &'static str = "[POEC]";
    /// The limit, in Unicode characters, prefix included.
    pub const MAX_CHARS: usize = 300;

    /// Parses a title, trimmed.
    pub fn parse(text: &str) -> Result<Self, InvalidPoecTitle> {
        let title = text.trim();
        let name = title.strip_prefix(Self::PREFIX).ok_or(InvalidPoecTitle)?;
        if name.trim().is_empty() || title.chars().count() > Self::MAX_CHARS {
            return Err(InvalidPoecTitle);
        }
        Ok(Self(title.to_owned()))
    }

    /// The title itself.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for PoecTitle {
    type Error = InvalidPoecTitle;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<PoecTitle> for String {
    fn from(title: PoecTitle) -> Self {
        title.0
    }
}

/// A free text of the training form, trimmed and bounded: the title is a [`PoecTitle`], the title and the
/// type are required, every text holds at most [`TrainingText::MAX_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingText {
    field: TrainingField,
    text: String,
}

/// A refused training text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum TrainingTextError {
    /// Longer than [`TrainingText::MAX_CHARS`].
    #[error("« {} » dépasse {} caractères.", .0.label(), TrainingText::MAX_CHARS)]
    TooLong(TrainingField),
    /// Empty, for a field that needs a value.
    #[error("« {} » est requis.", .0.label())]
    Required(TrainingField),
    /// A title without its "[POEC]" prefix or name, or too long.
    #[error(transparent)]
    Title(#[from] InvalidPoecTitle),
}

impl RuleError for TrainingTextError {
    fn code(&self) -> &'static str {
        match self {
            Self::TooLong(_) => "text_too_long",
            Self::Required(_) => "required",
            Self::Title(e) => e.code(),
        }
    }
    fn field(&self) -> Option<&'static str> {
        match self {
            Self::TooLong(field) | Self::Required(field) => Some(field.code()),
            Self::Title(e) => e.field(),
        }
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

impl TrainingText {
    /// The limit of every training text, in Unicode characters.
    pub const MAX_CHARS: usize = 10_000;

    /// The form's fields that are free texts (the others name organisations, or, for the certification,
    /// go through its validation, R-TRN-3).
    pub const FIELDS: [TrainingField; 13] = [
        TrainingField::ContactName,
        TrainingField::ContactPhone,
        TrainingField::ContactEmail,
        TrainingField::Highlights,
        TrainingField::Objective,
        TrainingField::Programme,
        TrainingField::AccessConditions,
        TrainingField::Prerequisites,
        TrainingField::Title,
        TrainingField::TrainingType,
        TrainingField::ContractNumber,
        TrainingField::Scheme,
        TrainingField::Measure,
    ];

    /// Parses the text of `field`, trimmed.
    pub fn parse(field: TrainingField, text: &str) -> Result<Self, TrainingTextError> {
        let text = text.trim();
        if text.chars().count() > Self::MAX_CHARS {
            return Err(TrainingTextError::TooLong(field));
        }
        let required = matches!(field, TrainingField::Title | TrainingField::TrainingType);
        if required && text.is_empty() {
            return Err(TrainingTextError::Required(field));
        }
        if field == TrainingField::Title {
            PoecTitle::parse(text)?;
        }
        Ok(Self { field, text: text.to_owned() })
    }

    /// The field the text belongs to.
    #[must_use]
    pub fn field(&self) -> TrainingField {
        self.field
    }

    /// The text itself.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The UI counter, e.g. `12 / 10000`.
    #[must_use]
    pub fn counter(&self) -> String {
        format!("{} / {}", self.text.chars().count(), Self::MAX_CHARS)
    }
}

impl From<TrainingText> for String {
    fn from(text: TrainingText) -> Self {
        text.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_trn_1_title_must_start_with_poec() {
        assert_eq!(PoecTitle::parse("Conducteur de ligne").unwrap_err().code(), "invalid_title");
        assert!(PoecTitle::parse("POEC Conducteur").is_err());
        assert_eq!(PoecTitle::parse("[POEC] Conducteur de ligne").unwrap().as_str(), "[POEC] Conducteur de ligne");
    }

    #[test]
    fn r_trn_1_title_needs_a_name_after_the_prefix() {
        assert!(PoecTitle::parse("[POEC]").is_err());
        assert!(PoecTitle::parse("[POEC]    ").is_err());
        assert!(PoecTitle::parse("[POEC]Cariste").is_ok());
    }

    #[test]
    fn r_trn_1_title_is_trimmed_and_counts_characters_up_to_300() {
        assert_eq!(PoecTitle::parse("  [POEC] Cariste  ").unwrap().as_str(), "[POEC] Cariste");
        let longest = format!("[POEC] {}", "é".repeat(293));
        assert_eq!(longest.chars().count(), 300);
        assert!(PoecTitle::parse(&longest).is_ok());
        assert!(PoecTitle::parse(&format!("{longest}é")).is_err());
    }

    #[test]
    fn r_trn_1_title_cannot_be_deserialized_invalid() {
        assert!(serde_json::from_str::<PoecTitle>("\"Cariste\"").is_err());
        assert!(serde_json::from_str::<PoecTitle>("\"[POEC] Cariste\"").is_ok());
    }

    #[test]
    fn r_trn_2_training_texts_hold_10000_characters() {
        let longest = "é".repeat(TrainingText::MAX_CHARS);
        assert!(TrainingText::parse(TrainingField::Programme, &longest).is_ok());
        let err = TrainingText::parse(TrainingField::Programme, &format!("{longest}é")).unwrap_err();
        assert_eq!((err.code(), err.field()), ("text_too_long", Some("programme")));
        assert_eq!(err.message(), "« Programme / contenu » dépasse 10000 caractères.");
    }

    #[test]
    fn r_trn_2_title_and_type_are_required_other_texts_may_be_empty() {
        let err = TrainingText::parse(TrainingField::TrainingType, "  ").unwrap_err();
        assert_eq!((err.code(), err.field()), ("required", Some("training_type")));
        assert_eq!(TrainingText::parse(TrainingField::Title, "").unwrap_err().code(), "required");
        assert_eq!(TrainingText::parse(TrainingField::Highlights, " ").unwrap().as_str(), "");
    }

    #[test]
    fn r_trn_1_an_edited_title_is_a_poec_title() {
        let err = TrainingText::parse(TrainingField::Title, "Cariste").unwrap_err();
        assert_eq!((err.code(), err.field()), ("invalid_title", Some("title")));
        assert!(TrainingText::parse(TrainingField::Title, "[POEC] Cariste").is_ok());
    }
}
