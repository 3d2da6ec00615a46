//! E-mail through the transactional outbox (issue 12): a message is written in the transaction of its cause
//! (destination `email`) and the forwarder sends it over SMTP later, with its claims, retries and dead
//! messages, and with the event id as `Message-ID` so a duplicate is visible to its reader.

mod html;
pub mod messages;
mod smtp;

pub use html::escape;
pub use smtp::{MailDelivery, MailSetupError, SEND_TIMEOUT, public_host};

use serde::{Deserialize, Serialize};

use crate::store::outbox::{self, NewEvent};

/// One message to one address, in French, as plain text and HTML (every value interpolated in `html`
/// escaped with [`escape`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// What the outbox row says besides the message: its kind, and the application it is about, so that the
/// erasure of that application's personal data (R-GDPR-2) erases the message too.
#[derive(Debug, Clone, Copy, Default)]
pub struct About<'a> {
    /// The event type recorded in the outbox (`mail` when unsaid).
    pub kind: Option<&'a str>,
    pub application_id: Option<i64>,
}

/// The outbox's destination for e-mail.
pub const DESTINATION: &str = "email";

/// Writes the message to the outbox in the caller's transaction; returns its event id (the Message-ID).
pub fn enqueue(conn: &mut crate::db::Conn, mail: &Mail) -> Result<String, crate::store::Error> {
    enqueue_about(conn, mail, About::default())
}

/// [`enqueue`], with the kind and the application the message is about.
pub fn enqueue_about(conn: &mut crate::db::Conn, mail: &Mail, about: About<'_>) -> Result<String, crate::store::Error> {
    let payload = |_: &str| serde_json::to_string(mail).map_err(|e| crate::store::Error::Other(e.to_string()));
    outbox::enqueue(
        conn,
        &NewEvent {
            event_type: about.kind.unwrap_or("mail"),
            destination: DESTINATION,
            subscription_id: None,
            application_id: about.application_id,
            payload: &payload,
        },
    )
}

/// An absolute link to a page of the web app, from PUBLIC_URL (path like "/candidatures/12").
pub fn link(public_url: &str, path: &str) -> String {
    let base = public_url.trim_end_matches('/');
    if path.starts_with('/') { format!("{base}{path}") } else { format!("{base}/{path}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_joins_the_public_url_and_the_path_with_one_slash() {
        assert_eq!(
            link("https://tremplin.example.fr", "/candidatures/12"),
            "https://tremplin.example.fr/candidatures/12"
        );
        assert_eq!(link("https://tremplin.example.fr/", "/sessions/3"), "https://tremplin.example.fr/sessions/3");
        assert_eq!(link("https://x.fr/app/", "sessions"), "https://x.fr/app/sessions");
    }
}
