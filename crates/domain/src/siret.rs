//! SIRET numbers of organisations.

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::error::{ErrorKind, RuleError};

/// SIREN of La Poste, whose establishments' SIRETs do not follow the Luhn key: INSEE numbers them so
/// that the *sum of the digits* is a multiple of 5. We accept that rule for this SIREN only, so real
/// post offices can be registered.
const LA_POSTE_SIREN: &str = "356000000";

/// A SIRET that cannot be right.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SiretError {
    /// Not 14 digits (spaces are allowed and ignored).
    #[error("Le SIRET doit comporter 14 chiffres.")]
    Format,
    /// 14 digits whose check key is wrong: most likely a typo.
    #[error("Le SIRET est invalide (clé de contrôle incorrecte) : vérifiez la saisie.")]
    Checksum,
}

impl RuleError for SiretError {
    fn code(&self) -> &'static str {
        match self {
            Self::Format => "invalid_siret_format",
            Self::Checksum => "invalid_siret_checksum",
        }
    }
    fn field(&self) -> Option<&'static str> {
        Some("siret")
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// A SIRET: 14 digits with a valid Luhn key (or La Poste's digit-sum rule).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Siret(String);

impl Siret {
    /// Parses a SIRET, ignoring spaces (`123 456 789 00012`).
    pub fn parse(text: &str) -> Result<Self, SiretError> {
        let digits: String = text.chars().filter(|c| *c != ' ').collect();
        if digits.len() != 14 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SiretError::Format);
        }
        let valid = if digits.starts_with(LA_POSTE_SIREN) {
            digit_values(&digits).sum::<u32>().is_multiple_of(5)
        } else {
            luhn_valid(&digits)
        };
        if valid { Ok(Self(digits)) } else { Err(SiretError::Checksum) }
    }

    /// The 14 digits.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The SIREN: the organisation's first 9 digits.
    #[must_use]
    pub fn siren(&self) -> &str {
        &self.0[..9]
    }
}

fn digit_values(digits: &str) -> impl DoubleEndedIterator<Item = u32> + '_ {
    digits.bytes().map(|b| u32::from(b - b'0'))
}

fn luhn_valid(digits: &str) -> bool {
    let sum: u32 = digit_values(digits)
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 1 {
                let doubled = d * 2;
                if doubled > 9 { doubled - 9 } else { doubled }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

impl fmt::Display for Siret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Siret {
    type Error = SiretError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

impl From<Siret> for String {
    fn from(siret: Siret) -> Self {
        siret.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siret_with_valid_luhn_key_is_accepted() {
        // Spaces as printed on a Kbis are ignored.
        let siret = Siret::parse("130 025 265 00013").unwrap();
        assert_eq!(siret.as_str(), "13002526500013");
        assert_eq!(siret.siren(), "130025265");
        assert!(Siret::parse("73282932000074").is_ok());
    }

    #[test]
    fn siret_with_wrong_key_or_format_is_refused() {
        assert_eq!(Siret::parse("73282932000075"), Err(SiretError::Checksum));
        assert_eq!(Siret::parse("7328293200007"), Err(SiretError::Format));
        assert_eq!(Siret::parse("7328293200007a"), Err(SiretError::Format));
        assert_eq!(SiretError::Checksum.code(), "invalid_siret_checksum");
    }

    #[test]
    fn siret_of_la_poste_uses_the_digit_sum_rule() {
        // 3+5+6 + 0… + 0+0+0+0+1 = 15: a multiple of 5, although the Luhn key fails.
        assert!(!luhn_valid("35600000000001"));
        assert!(Siret::parse("35600000000001").is_ok());
        assert_eq!(Siret::parse("35600000000002"), Err(SiretError::Checksum));
    }

    #[test]
    fn siret_cannot_be_deserialized_invalid() {
        assert!(serde_json::from_str::<Siret>("\"73282932000075\"").is_err());
    }
}
