//! The e-mails of member administration and password reset (French, plain text and HTML). They name an
//! organisation and a person, never a candidate; the links need no more than the token they carry, and the
//! token travels in the query string, which the access log leaves out.

use crate::mail::{Mail, escape, link};

/// A message of paragraphs and one link, written once for both bodies.
fn message(to: &str, subject: String, paragraphs: &[String], action: (&str, String)) -> Mail {
    let (label, url) = action;
    let mut text = String::from("Bonjour,\n\n");
    let mut html = String::from("<p>Bonjour,</p>\n");
    for paragraph in paragraphs {
        text.push_str(paragraph);
        text.push_str("\n\n");
        html.push_str(&format!("<p>{}</p>\n", escape(paragraph)));
    }
    text.push_str(&format!("{label} : {url}\n\n-- \nTremplin\n"));
    html.push_str(&format!("<p><a href=\"{}\">{}</a></p>\n<p>-- <br>Tremplin</p>\n", escape(&url), escape(label)));
    Mail { to: to.to_owned(), subject, text, html }
}

/// R-ACC-5: the reason of a refusal, to the person who asked.
pub fn membership_refused(public_url: &str, to: &str, organisation: &str, reason: &str) -> Mail {
    message(
        to,
        format!("Votre demande de rattachement à {organisation} n'a pas été acceptée"),
        &[
            format!("Votre demande de rattachement à la structure « {organisation} » sur Tremplin a été refusée."),
            format!("Motif : {reason}"),
            "Si vous pensez qu'il s'agit d'une erreur, contactez directement la structure.".to_owned(),
        ],
        ("Se connecter à Tremplin", link(public_url, "/connexion")),
    )
}

/// R-ACC-5: the request was approved.
pub fn membership_approved(public_url: &str, to: &str, organisation: &str) -> Mail {
    message(
        to,
        format!("Votre rattachement à {organisation} est validé"),
        &[format!(
            "Votre rattachement à la structure « {organisation} » sur Tremplin est validé : vous pouvez agir pour elle."
        )],
        ("Se connecter à Tremplin", link(public_url, "/connexion")),
    )
}

/// R-ACC-1: a new request, to each admin of the organisation.
pub fn membership_requested(public_url: &str, to: &str, organisation: &str, who: &str) -> Mail {
    message(
        to,
        format!("Nouvelle demande de rattachement à {organisation}"),
        &[format!(
            "{who} demande à rejoindre la structure « {organisation} » sur Tremplin. Validez ou refusez sa demande depuis la page Membres."
        )],
        ("Voir les demandes", link(public_url, "/membres")),
    )
}

/// R-ACC-8: the invitation link.
pub fn invitation(public_url: &str, to: &str, organisation: &str, inviter: &str, token: &str, days: i64) -> Mail {
    message(
        to,
        format!("Invitation à rejoindre {organisation} sur Tremplin"),
        &[
            format!("{inviter} vous invite à rejoindre la structure « {organisation} » sur Tremplin."),
            format!(
                "Ce lien est valable {days} jours et ne sert qu'une fois. Si vous n'attendiez pas cette invitation, ignorez ce message."
            ),
        ],
        ("Accepter l'invitation", link(public_url, &format!("/invitation?jeton={token}"))),
    )
}

/// R-ACC-9: the reset link.
pub fn password_reset(public_url: &str, to: &str, token: &str) -> Mail {
    message(
        to,
        "Réinitialisation de votre mot de passe Tremplin".to_owned(),
        &[
            "Une réinitialisation du mot de passe de votre compte Tremplin a été demandée.".to_owned(),
            "Ce lien est valable une heure et ne sert qu'une fois. Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.".to_owned(),
        ],
        ("Choisir un nouveau mot de passe", link(public_url, &format!("/mot-de-passe/nouveau?jeton={token}"))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_bodies_escape_what_people_typed() {
        let mail = membership_refused("https://tremplin.example", "a@b.fr", "A & B", "<script>x</script>");
        assert!(mail.html.contains("A &amp; B") && mail.html.contains("&lt;script&gt;"), "{}", mail.html);
        assert!(mail.text.contains("Motif : <script>x</script>"));
        assert!(mail.text.contains("https://tremplin.example/connexion"));
    }

    #[test]
    fn the_reset_link_carries_its_token_in_the_query_string() {
        let mail = password_reset("https://tremplin.example/", "a@b.fr", "abc123");
        assert!(mail.text.contains("https://tremplin.example/mot-de-passe/nouveau?jeton=abc123"), "{}", mail.text);
    }
}
