//! Sign-up, log-in and the current user.

use serde::{Deserialize, Serialize};

use crate::OrganisationKind;

/// Body of `POST /api/auth/signup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupRequest {
    #[cfg_attr(feature = "openapi", schema(format = Email))]
    pub email: String,
    /// At least 12 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 12))]
    pub password: String,
    // The pattern: at least one character that is not Unicode White_Space (not blank once trimmed), no U+0000.
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 120,
            pattern = r"^[^\u0000]*[^\u0000\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\u0000]*$"
        )
    )]
    pub full_name: String,
    /// The structure the user asks to join; the membership stays pending until approved.
    #[serde(deserialize_with = "crate::whole_number::required")]
    pub organisation_id: i64,
}

/// Body of `POST /api/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

/// Body of `POST /api/me/password`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub current_password: String,
    /// At least 12 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 12))]
    pub new_password: String,
}

pub use domain::access::MembershipStatus;

/// A user's link to one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub organisation_kind: OrganisationKind,
    pub status: MembershipStatus,
    /// May approve other members of this organisation.
    pub is_admin: bool,
}

/// Answer of `POST /api/auth/login`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the token expires.
    pub expires_in: i64,
    pub memberships: Vec<Membership>,
}

/// Answer of `GET /api/me` and of a sign-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub full_name: String,
    pub platform_admin: bool,
    pub memberships: Vec<Membership>,
}

/// `GET /api/health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    /// `ok` once the database answers.
    pub status: String,
}
