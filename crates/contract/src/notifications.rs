//! `GET|PUT /api/me/notifications`: which e-mail notifications the user receives (R-MAIL-1).

use serde::{Deserialize, Serialize};

pub use domain::notifications::NotificationKind;

/// One kind of notification and whether the user receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPreference {
    pub kind: NotificationKind,
    /// What the kind is about, in French.
    pub label: String,
    pub enabled: bool,
}

/// Every kind, in a fixed order; all on until the user turns some off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPreferences {
    pub preferences: Vec<NotificationPreference>,
}

/// A choice for one kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationChoice {
    pub kind: NotificationKind,
    pub enabled: bool,
}

/// Body of `PUT /api/me/notifications`: the kinds listed take the given value, the others keep theirs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NotificationPreferencesUpdate {
    pub preferences: Vec<NotificationChoice>,
}
