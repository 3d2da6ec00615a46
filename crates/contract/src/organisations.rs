//! Organisations: the public list used at sign-up and the platform admin's creation form.

use serde::{Deserialize, Serialize};

pub use domain::access::OrganisationKind;

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
    // The pattern: at least one character that is not Unicode White_Space (not blank once trimmed), no U+0000.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 200,
            pattern = r"^[^\u0000]*[^\u0000\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\u0000]*$"
        )
    )]
    pub name: String,
    /// 14 digits (spaces allowed between them), Luhn-valid.
    #[cfg_attr(feature = "openapi", schema(pattern = r"^ *([0-9] *){14}$"))]
    pub siret: String,
    pub kind: OrganisationKind,
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 200,
            pattern = r"^[^\u0000]*[^\u0000\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\u0000]*$"
        )
    )]
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
