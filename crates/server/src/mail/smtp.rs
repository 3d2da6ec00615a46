//! Sending one outbox message over SMTP with lettre (`SMTP_URL`: `smtp://`, `smtps://`, `?tls=required`,
//! credentials in the URL).

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::Mail;

/// How long one SMTP exchange may take; the forwarder only starts one with at least this much lease left.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(20);

/// A setting of the mail delivery that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum MailSetupError {
    #[error("SMTP_URL cannot be used: {0}")]
    SmtpUrl(String),
    #[error("MAIL_FROM is not an e-mail address (\"Nom <adresse@domaine>\" or \"adresse@domaine\"): {0}")]
    From(String),
    #[error("PUBLIC_URL must be an absolute http(s) URL with a host: {0:?}")]
    PublicUrl(String),
}

/// Where e-mail goes and whom it comes from.
#[derive(Clone)]
pub struct MailDelivery {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The right-hand side of every `Message-ID`: the host of PUBLIC_URL.
    id_host: String,
}

impl std::fmt::Debug for MailDelivery {
    // The transport holds the SMTP credentials: never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MailDelivery").field("from", &self.from.to_string()).field("id_host", &self.id_host).finish()
    }
}

impl MailDelivery {
    pub fn new(smtp_url: &str, mail_from: &str, public_url: &str) -> Result<Self, MailSetupError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|e| MailSetupError::SmtpUrl(e.to_string()))?
            .timeout(Some(SEND_TIMEOUT))
            .build();
        let from = mail_from.parse::<Mailbox>().map_err(|e| MailSetupError::From(e.to_string()))?;
        Ok(Self { transport, from, id_host: public_host(public_url)? })
    }

    /// Sends the stored message `payload` under `event_id`; the error says why, for the outbox's trace.
    pub async fn send(&self, event_id: &str, payload: &str) -> Result<(), String> {
        let mail: Mail = serde_json::from_str(payload).map_err(|e| format!("message illisible : {e}"))?;
        let to = mail.to.parse::<Mailbox>().map_err(|e| format!("destinataire invalide : {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(mail.subject)
            .message_id(Some(format!("<{event_id}@{}>", self.id_host)))
            .multipart(MultiPart::alternative_plain_html(mail.text, mail.html))
            .map_err(|e| format!("message invalide : {e}"))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(error) => Err(format!("SMTP : {}", super::super::forwarder::with_causes(&error))),
        }
    }
}

/// The host of PUBLIC_URL, checked at start so links and `Message-ID`s are never built from a bad value.
pub fn public_host(public_url: &str) -> Result<String, MailSetupError> {
    let bad = || MailSetupError::PublicUrl(public_url.to_owned());
    let url = url::Url::parse(public_url).map_err(|_| bad())?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad());
    }
    url.host_str().filter(|h| !h.is_empty()).map(|h| h.trim_matches(['[', ']']).to_owned()).ok_or_else(bad)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_id_host_comes_from_public_url() {
        assert_eq!(public_host("https://tremplin.example.fr/app").unwrap(), "tremplin.example.fr");
        assert!(public_host("tremplin.example.fr").is_err());
        assert!(public_host("ftp://x.fr").is_err());
    }

    #[test]
    fn unusable_settings_are_refused_at_start() {
        assert!(matches!(MailDelivery::new("http://x", "a@b.fr", "https://x.fr"), Err(MailSetupError::SmtpUrl(_))));
        assert!(matches!(
            MailDelivery::new("smtp://127.0.0.1:2525", "pas une adresse", "https://x.fr"),
            Err(MailSetupError::From(_))
        ));
        assert!(
            MailDelivery::new("smtp://u:p@127.0.0.1:2525?tls=required", "Tremplin <a@b.fr>", "https://x.fr").is_ok()
        );
    }
}
