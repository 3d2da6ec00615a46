//! The free texts of a training form, checked the same way at creation and at each change: bounded by the
//! domain (R-TRN-2), the title a POEC title (R-TRN-1), the contact's address one that can receive mail.

use domain::account::Email;
use domain::training::{TrainingField, TrainingText};

use crate::error::ApiError;

/// The text of `field`, trimmed, or the domain's refusal.
pub fn training_text(field: TrainingField, text: &str) -> Result<String, ApiError> {
    let text = TrainingText::parse(field, text).map_err(|e| ApiError::rule(&e))?;
    if field == TrainingField::ContactEmail && !text.as_str().is_empty() && Email::parse(text.as_str()).is_err() {
        return Err(ApiError::invalid_field("contact_email", "invalid_email", "Adresse e-mail du contact invalide."));
    }
    Ok(text.into())
}
