//! An organisation's members, invitations and password resets (R-ACC-1, R-ACC-5..9).

use serde::{Deserialize, Serialize};

use crate::MembershipStatus;

/// One person's membership of one organisation, as its admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub user_id: i64,
    pub email: String,
    pub full_name: String,
    pub status: MembershipStatus,
    pub is_admin: bool,
    /// When the person asked to join (RFC 3339).
    pub requested_at: String,
    /// When the membership was approved, if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved_at: Option<String>,
    /// When it was refused or removed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<String>,
    /// Why it was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal_reason: Option<String>,
}

/// How many members an organisation has in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberCounts {
    pub pending: i64,
    pub approved: i64,
    pub refused: i64,
    pub removed: i64,
}

/// Answer of `GET /api/organisations/{id}/members`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MemberList {
    pub items: Vec<Member>,
    /// Members in the requested status.
    pub total: i64,
    pub counts: MemberCounts,
}

/// `GET /api/organisations/{id}/members`: one status, one page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
pub struct MemberListQuery {
    /// `approved` by default.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<MembershipStatus>,
    /// From 1.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 1_000_000))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    /// 20 by default, 100 at most.
    #[cfg_attr(feature = "openapi", param(minimum = 1, maximum = 100))]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_page: Option<u32>,
}

/// Body of `POST /api/organisations/{id}/memberships/{user_id}/refuse`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MembershipRefusal {
    /// E-mailed to the person; 500 characters at most.
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: String,
}

/// Body of `PUT /api/organisations/{id}/memberships/{user_id}/admin`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminRole {
    pub is_admin: bool,
}

/// Body of `POST /api/organisations/{id}/invitations`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateInvitation {
    #[cfg_attr(feature = "openapi", schema(format = Email))]
    pub email: String,
}

/// An invitation sent by an organisation (its token travels only in the e-mail).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: i64,
    pub email: String,
    pub created_at: String,
    pub expires_at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_at: Option<String>,
}

/// Answer of `GET /api/invitations/{token}`: what the person is invited to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationPreview {
    pub organisation_name: String,
    pub email: String,
    /// Whether the address already has an account (then accepting needs no password).
    pub has_account: bool,
}

/// Body of `POST /api/invitations/accept`. Without an account, `full_name` and `password` create one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AcceptInvitation {
    pub token: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_name: Option<String>,
    /// At least 12 characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// Answer of `POST /api/invitations/accept`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationAccepted {
    pub organisation_id: i64,
    pub organisation_name: String,
    pub email: String,
    /// Whether accepting created the account.
    pub account_created: bool,
}

/// Body of `POST /api/password/reset-requests`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    pub email: String,
}

/// Body of `POST /api/password/resets`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordReset {
    /// The token of the e-mailed link.
    pub token: String,
    /// At least 12 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 12))]
    pub password: String,
}
