//! The common shape of every rule refusal, so the API maps errors without inventing wording.

use serde::Serialize;

/// Which HTTP class a refusal belongs to; the API turns it into a status code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorKind {
    /// The input breaks a business rule (HTTP 422).
    Invalid,
    /// The request conflicts with the current state of the object (HTTP 409).
    Conflict,
    /// The actor is not allowed to do this (HTTP 403).
    Forbidden,
}

/// One failing field, as listed in the `errors` array of a problem+json body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// The field path, e.g. `entry_date` or `invites[1].result`.
    pub field: String,
    /// Stable snake_case machine code.
    pub code: &'static str,
    /// French sentence shown to the user.
    pub message: String,
}

impl FieldError {
    /// Builds a field error from a rule error that names its field (or `field_name` otherwise).
    pub fn from_rule(field_name: &str, error: &dyn RuleError) -> Self {
        Self { field: error.field().unwrap_or(field_name).to_owned(), code: error.code(), message: error.message() }
    }
}

/// Implemented by every error enum of the domain.
///
/// The API builds its problem+json body from these methods only: `code()` is the stable machine code,
/// `message()` the French `detail`, `kind()` the HTTP class and `field_errors()` the `errors` array.
pub trait RuleError: std::error::Error {
    /// Stable snake_case machine code (the codes of API.md where they exist).
    fn code(&self) -> &'static str;
    /// French sentence a person understands.
    fn message(&self) -> String {
        self.to_string()
    }
    /// The input field at fault, when there is exactly one.
    fn field(&self) -> Option<&'static str> {
        None
    }
    /// The HTTP class of the refusal.
    fn kind(&self) -> ErrorKind;
    /// Details a client needs to offer a fix (the latest date allowed, who may decide…), sent as the
    /// problem's `extra`; none by default.
    fn extra(&self) -> Option<serde_json::Value> {
        None
    }
    /// Every failing field; by default the single `field()`, if any.
    fn field_errors(&self) -> Vec<FieldError> {
        self.field()
            .map(|field| FieldError { field: field.to_owned(), code: self.code(), message: self.message() })
            .into_iter()
            .collect()
    }
}
