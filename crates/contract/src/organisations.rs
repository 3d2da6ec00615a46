//! Organisations: the public list used at sign-up and the platform admin's creation form.

use serde::{Deserialize, Serialize};

/// What an organisation is, which decides what its members may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrganisationKind {
    /// Organisme de formation.
    TrainingOrganisation,
    /// Agence France Travail (its applications are forwarded to KAIROS).
    PrescriberFranceTravail,
    /// Mission Locale, Cap Emploi…
    PrescriberOther,
    /// France Travail regional direction or an OPCO.
    Funder,
}

impl OrganisationKind {
    /// Every kind, in the order the web app lists them.
    pub const ALL: [OrganisationKind; 4] =
        [Self::TrainingOrganisation, Self::PrescriberFranceTravail, Self::PrescriberOther, Self::Funder];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::TrainingOrganisation => "training_organisation",
            Self::PrescriberFranceTravail => "prescriber_france_travail",
            Self::PrescriberOther => "prescriber_other",
            Self::Funder => "funder",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// French label shown to users.
    pub fn label(self) -> &'static str {
        match self {
            Self::TrainingOrganisation => "Organisme de formation",
            Self::PrescriberFranceTravail => "Prescripteur France Travail",
            Self::PrescriberOther => "Prescripteur (Mission Locale, Cap Emploi…)",
            Self::Funder => "Financeur",
        }
    }
}

/// An organisation as anyone may see it (sign-up list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganisationSummary {
    pub id: i64,
    pub name: String,
    pub commune: String,
    pub kind: OrganisationKind,
}

/// Body of `POST /api/organisations` (platform admin).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateOrganisation {
    pub name: String,
    /// 14 digits, Luhn-valid.
    pub siret: String,
    pub kind: OrganisationKind,
    pub commune: String,
}

/// A created organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub siret: String,
    pub kind: OrganisationKind,
    pub commune: String,
}
