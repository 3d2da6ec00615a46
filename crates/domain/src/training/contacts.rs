//! "Coordonnées des personnes contact" of a training (R-TRN-CONTACT-1..3), editable by its organisation like
//! the other enrichment fields (R-TRN-2).
//!
//! - R-TRN-CONTACT-1 **[decision]**: a training lists up to five contact persons, in the order given.
//! - R-TRN-CONTACT-2: each has a name (1 to 100 characters), a phone (10 to 20 characters of digits, spaces,
//!   dots, dashes and a leading `+`, at least 10 digits) and an e-mail address that can receive mail.
//! - R-TRN-CONTACT-3: the first contact is the training's historical `contact_name`, `contact_phone`,
//!   `contact_email` (kept for older clients); an empty list clears them.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::account::Email;
use crate::error::{ErrorKind, RuleError};

/// At most this many contact persons per training (R-TRN-CONTACT-1).
pub const MAX_CONTACTS: usize = 5;
/// The longest name (R-TRN-CONTACT-2).
pub const MAX_NAME_CHARS: usize = 100;

/// One contact person, as sent and as shown.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contact {
    /// Nom et prénom.
    pub name: String,
    /// Téléphone, e.g. `05 53 00 00 00`.
    pub phone: String,
    /// Courriel.
    pub email: String,
}

/// Which value of a contact is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactPart {
    Name,
    Phone,
    Email,
}

/// A refused list of contacts.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ContactsError {
    /// More than five.
    #[error("Une formation compte au plus {MAX_CONTACTS} personnes contact.")]
    TooMany,
    /// One value of the contact at `index` (from 0).
    #[error("Personne contact n° {} : {}", .index + 1, part_message(*.part))]
    Invalid {
        /// Position in the list, from 0.
        index: usize,
        /// The refused value.
        part: ContactPart,
    },
}

fn part_message(part: ContactPart) -> &'static str {
    match part {
        ContactPart::Name => "le nom est obligatoire, 100 caractères au plus.",
        ContactPart::Phone => "le téléphone doit compter au moins 10 chiffres (par exemple 05 53 00 00 00).",
        ContactPart::Email => "l'adresse e-mail est invalide.",
    }
}

impl ContactsError {
    /// The request field refused, e.g. `contacts[1].email`.
    #[must_use]
    pub fn path(&self) -> String {
        match self {
            Self::TooMany => "contacts".to_owned(),
            Self::Invalid { index, part } => {
                let part = match part {
                    ContactPart::Name => "name",
                    ContactPart::Phone => "phone",
                    ContactPart::Email => "email",
                };
                format!("contacts[{index}].{part}")
            }
        }
    }
}

impl RuleError for ContactsError {
    fn code(&self) -> &'static str {
        match self {
            Self::TooMany => "too_many_contacts",
            Self::Invalid { part: ContactPart::Name, .. } => "invalid_contact_name",
            Self::Invalid { part: ContactPart::Phone, .. } => "invalid_contact_phone",
            Self::Invalid { part: ContactPart::Email, .. } => "invalid_contact_email",
        }
    }
    fn field(&self) -> Option<&'static str> {
        Some("contacts")
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

fn valid_phone(phone: &str) -> bool {
    let allowed =
        phone.char_indices().all(|(i, c)| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-') || (c == '+' && i == 0));
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    allowed && (10..=20).contains(&phone.chars().count()) && digits >= 10
}

/// The contacts, trimmed and checked (R-TRN-CONTACT-1, R-TRN-CONTACT-2); the e-mail addresses lower-cased.
///
/// # Errors
/// The first refusal, naming the contact and the value.
pub fn parse_contacts(contacts: &[Contact]) -> Result<Vec<Contact>, ContactsError> {
    if contacts.len() > MAX_CONTACTS {
        return Err(ContactsError::TooMany);
    }
    contacts
        .iter()
        .enumerate()
        .map(|(index, contact)| {
            let refused = |part| ContactsError::Invalid { index, part };
            let name = contact.name.trim();
            if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
                return Err(refused(ContactPart::Name));
            }
            let phone = contact.phone.trim();
            if !valid_phone(phone) {
                return Err(refused(ContactPart::Phone));
            }
            let email = Email::parse(&contact.email).map_err(|_| refused(ContactPart::Email))?;
            Ok(Contact { name: name.to_owned(), phone: phone.to_owned(), email: email.as_str().to_owned() })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn camille() -> Contact {
        Contact {
            name: " Camille Laborde ".into(),
            phone: "05 53 00 00 00".into(),
            email: "Camille@Forma.example".into(),
        }
    }

    #[test]
    fn r_trn_contact_1_up_to_five_contacts_in_order() {
        let five: Vec<Contact> = (0..5).map(|i| Contact { name: format!("Contact {i}"), ..camille() }).collect();
        let parsed = parse_contacts(&five).unwrap();
        assert_eq!(parsed.iter().map(|c| c.name.as_str()).collect::<Vec<_>>()[..2], ["Contact 0", "Contact 1"]);
        let six: Vec<Contact> = (0..6).map(|_| camille()).collect();
        let err = parse_contacts(&six).unwrap_err();
        assert_eq!(
            (err.code(), err.path(), err.kind()),
            ("too_many_contacts", "contacts".to_owned(), ErrorKind::Invalid)
        );
        assert!(parse_contacts(&[]).unwrap().is_empty());
    }

    #[test]
    fn r_trn_contact_2_each_contact_has_a_name_a_phone_and_an_address() {
        let parsed = parse_contacts(&[camille()]).unwrap();
        assert_eq!(
            parsed[0],
            Contact {
                name: "Camille Laborde".into(),
                phone: "05 53 00 00 00".into(),
                email: "camille@forma.example".into()
            }
        );
        assert!(parse_contacts(&[Contact { phone: "+33 5 53 00 00 00".into(), ..camille() }]).is_ok());
        for (contact, code, path) in [
            (Contact { name: "  ".into(), ..camille() }, "invalid_contact_name", "contacts[1].name"),
            (Contact { name: "é".repeat(101), ..camille() }, "invalid_contact_name", "contacts[1].name"),
            (Contact { phone: "05 53".into(), ..camille() }, "invalid_contact_phone", "contacts[1].phone"),
            (Contact { phone: "05 53 00 00 0a".into(), ..camille() }, "invalid_contact_phone", "contacts[1].phone"),
            (Contact { email: "camille@".into(), ..camille() }, "invalid_contact_email", "contacts[1].email"),
        ] {
            let err = parse_contacts(&[camille(), contact]).unwrap_err();
            assert_eq!((err.code(), err.path().as_str()), (code, path));
            assert!(err.message().starts_with("Personne contact n° 2 : "), "{}", err.message());
        }
    }
}
