//! Where a session takes place, shown "24 - Boulazac Isle Manoire" (R-SES-1).

use std::fmt;

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::error::{ErrorKind, RuleError};

/// A commune that cannot be right.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CommuneError {
    /// Not a French department code (01–95, 2A, 2B, 971–976).
    #[error("Le code de département « {0} » est invalide.")]
    Department(String),
    /// Empty name.
    #[error("Le nom de la commune est obligatoire.")]
    EmptyName,
}

impl RuleError for CommuneError {
    fn code(&self) -> &'static str {
        match self {
            Self::Department(_) => "invalid_department",
            Self::EmptyName => "commune_required",
        }
    }
    fn field(&self) -> Option<&'static str> {
        Some("commune")
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// A commune with its department code.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "CommuneInput", into = "CommuneInput")]
pub struct Commune {
    department: String,
    name: String,
}

/// The raw shape of a commune in JSON.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommuneInput {
    /// Department code, e.g. `24`, `2A`, `974`.
    pub department: String,
    /// Name, e.g. `Boulazac Isle Manoire`.
    pub name: String,
}

fn valid_department(code: &str) -> bool {
    match code.len() {
        2 if code == "2A" || code == "2B" => true,
        2 => code.parse::<u8>().is_ok_and(|n| (1..=95).contains(&n) && n != 20),
        3 => code.parse::<u16>().is_ok_and(|n| (971..=976).contains(&n)),
        _ => false,
    }
}

impl Commune {
    /// Parses a commune; the department code is upper-cased (`2a` → `2A`).
    pub fn parse(department: &str, name: &str) -> Result<Self, CommuneError> {
        let department = department.trim().to_uppercase();
        if !valid_department(&department) {
            return Err(CommuneError::Department(department));
        }
        let name = name.trim();
        if name.is_empty() {
            return Err(CommuneError::EmptyName);
        }
        Ok(Self { department, name: name.to_owned() })
    }

    /// Department code.
    #[must_use]
    pub fn department(&self) -> &str {
        &self.department
    }

    /// Name of the commune.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// `24 - Boulazac Isle Manoire`.
impl fmt::Display for Commune {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} - {}", self.department, self.name)
    }
}

impl TryFrom<CommuneInput> for Commune {
    type Error = CommuneError;
    fn try_from(input: CommuneInput) -> Result<Self, Self::Error> {
        Self::parse(&input.department, &input.name)
    }
}

impl From<Commune> for CommuneInput {
    fn from(commune: Commune) -> Self {
        Self { department: commune.department, name: commune.name }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_ses_1_commune_shown_with_department_code_as_in_the_guide() {
        let commune = Commune::parse("24", "Boulazac Isle Manoire").unwrap();
        assert_eq!(commune.to_string(), "24 - Boulazac Isle Manoire");
    }

    #[test]
    fn r_ses_1_department_codes_include_corsica_and_overseas() {
        assert_eq!(Commune::parse("2a", "Ajaccio").unwrap().department(), "2A");
        assert!(Commune::parse("974", "Saint-Denis").is_ok());
        assert!(Commune::parse("20", "Ajaccio").is_err());
        assert!(Commune::parse("00", "Nulle part").is_err());
        assert!(Commune::parse("977", "Saint-Barthélemy").is_err());
        assert_eq!(Commune::parse("47", " ").unwrap_err().code(), "commune_required");
    }
}
