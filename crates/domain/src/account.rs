//! What an account and an organisation are made of: the password policy, the e-mail address, the full name and
//! the organisation's name. Sign-up, password change and the web app's forms all check through these, so a
//! rule cannot drift between the server and the browser.

use thiserror::Error;

use crate::error::{ErrorKind, RuleError};

/// Fewest characters of a new password: long passphrases beat composition rules (ANSSI and NIST guidance).
pub const MIN_PASSWORD_CHARS: usize = 12;

/// The hint forms show under a new password field.
pub const MIN_PASSWORD_HINT: &str = "12 caractères minimum";

/// A new password shorter than [`MIN_PASSWORD_CHARS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("Le mot de passe doit contenir au moins {MIN_PASSWORD_CHARS} caractères.")]
pub struct PasswordTooShort {
    /// The form field holding the new password (`password` at sign-up, `new_password` on a change).
    pub field: &'static str,
}

impl RuleError for PasswordTooShort {
    fn code(&self) -> &'static str {
        "password_too_short"
    }
    fn field(&self) -> Option<&'static str> {
        Some(self.field)
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// Checks a new password, typed in `field`, against the policy. Counts characters, not bytes.
pub fn check_new_password(password: &str, field: &'static str) -> Result<(), PasswordTooShort> {
    if password.chars().count() < MIN_PASSWORD_CHARS { Err(PasswordTooShort { field }) } else { Ok(()) }
}

/// An address that cannot receive mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("Adresse e-mail invalide.")]
pub struct InvalidEmail;

impl RuleError for InvalidEmail {
    fn code(&self) -> &'static str {
        "invalid_email"
    }
    fn field(&self) -> Option<&'static str> {
        Some("email")
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// An account's e-mail address: valid, trimmed and lower-cased, since addresses are compared case-insensitively.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Email(String);

impl Email {
    /// The longest address an account can have (RFC 5321: 64 before the `@`, 255 after).
    pub const MAX_CHARS: usize = 320;

    /// Parses an address as the HTML form's e-mail field does (WHATWG's "valid e-mail address", internationalised
    /// domain names and `[ip]` literals allowed), then normalises it.
    pub fn parse(raw: &str) -> Result<Self, InvalidEmail> {
        if is_valid_address(raw.trim()) { Ok(Self(Self::normalise(raw))) } else { Err(InvalidEmail) }
    }

    /// The form addresses are stored and compared in, whether valid or not (log-in looks any input up).
    #[must_use]
    pub fn normalise(raw: &str) -> String {
        raw.trim().to_lowercase()
    }

    /// Whether some account could have this address: longer input is not worth a lookup.
    #[must_use]
    pub fn could_be_account(raw: &str) -> bool {
        raw.chars().count() <= Self::MAX_CHARS
    }

    /// The normalised address.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<Email> for String {
    fn from(email: Email) -> Self {
        email.0
    }
}

fn is_valid_address(address: &str) -> bool {
    let Some((user, domain)) = address.rsplit_once('@') else { return false };
    if user.chars().count() > 64 || domain.chars().count() > 255 {
        return false;
    }
    let user_char = |c: char| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c);
    !user.is_empty() && user.chars().all(user_char) && (is_host_name(domain) || is_address_literal(domain))
}

/// Dot-separated labels of letters, digits and inner hyphens, 63 characters at most each. Letters may be
/// non-ASCII: an internationalised name is valid when its ASCII (punycode) form is.
fn is_host_name(domain: &str) -> bool {
    domain.split('.').all(|label| {
        let inner_ok = label.chars().all(|c| c.is_alphanumeric() || c == '-');
        let ends_ok = !label.starts_with('-') && !label.ends_with('-');
        (1..=63).contains(&label.chars().count()) && inner_ok && ends_ok
    })
}

fn is_address_literal(domain: &str) -> bool {
    domain
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
        .is_some_and(|ip| ip.parse::<std::net::IpAddr>().is_ok())
}

/// A required text that is empty once trimmed, or longer than its limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("{label} est requis ({max} caractères au plus).")]
pub struct RequiredTextRefused {
    /// The API field.
    pub field: &'static str,
    /// The stable code of the refusal.
    pub code: &'static str,
    /// The French name of the field, starting the message.
    pub label: &'static str,
    /// The limit, in Unicode characters.
    pub max: usize,
}

impl RuleError for RequiredTextRefused {
    fn code(&self) -> &'static str {
        self.code
    }
    fn field(&self) -> Option<&'static str> {
        Some(self.field)
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

macro_rules! required_text {
    ($(#[$doc:meta])* $name:ident, $max:expr, $field:expr, $code:expr, $label:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub struct $name(String);

        impl $name {
            /// The limit, in Unicode characters.
            pub const MAX_CHARS: usize = $max;

            /// Trims the text and refuses it when empty or longer than the limit.
            pub fn parse(raw: &str) -> Result<Self, RequiredTextRefused> {
                let text = raw.trim();
                if text.is_empty() || text.chars().count() > Self::MAX_CHARS {
                    return Err(RequiredTextRefused { field: $field, code: $code, label: $label, max: Self::MAX_CHARS });
                }
                Ok(Self(text.to_owned()))
            }

            /// The trimmed text.
            #[must_use]
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<$name> for String {
            fn from(text: $name) -> Self {
                text.0
            }
        }
    };
}

required_text!(
    /// A user's full name, as colleagues see it: at most 120 characters.
    FullName,
    120,
    "full_name",
    "invalid_full_name",
    "Le nom complet"
);

required_text!(
    /// An organisation's name: at most 200 characters.
    OrganisationName,
    200,
    "name",
    "required",
    "Le nom de la structure"
);

required_text!(
    /// The commune an organisation is registered in: at most 200 characters.
    OrganisationCommune,
    200,
    "commune",
    "required",
    "La commune"
);

required_text!(
    /// Why an admin refuses a membership request, e-mailed to the person (R-ACC-5): at most 500 characters.
    MembershipRefusalReason,
    500,
    "reason",
    "invalid_refusal_reason",
    "Le motif du refus"
);

#[cfg(test)]
#[path = "account_tests.rs"]
mod tests;
