//! The French messages of issue 12, as plain text and HTML. They name applications and sessions by their
//! references, never the candidate (R-MAIL-4): the link, behind a log-in, shows the rest to whoever may read it.

use chrono::NaiveDate;
use domain::application::ApplicationState;

use super::{Mail, escape, link};

/// What every message says about its session.
#[derive(Debug, Clone)]
pub struct SessionFacts<'a> {
    pub reference: &'a str,
    pub training_title: &'a str,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

/// One line of a list in a message: a text, and the page it links to.
struct Item {
    text: String,
    path: String,
}

fn day(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

fn session_line(session: &SessionFacts<'_>) -> String {
    format!(
        "la session {} de la formation « {} » (du {} au {})",
        session.reference,
        session.training_title,
        day(session.start),
        day(session.end)
    )
}

/// Assembles a message: paragraphs of text, a list of linked items, the main link, and the footer that says
/// why it came and where to stop it.
struct Draft<'a> {
    public_url: &'a str,
    to: &'a str,
    subject: String,
    paragraphs: Vec<String>,
    items: Vec<Item>,
    action: (&'a str, String),
}

impl Draft<'_> {
    fn build(self) -> Mail {
        let preferences = link(self.public_url, "/mes-notifications");
        let action = link(self.public_url, &self.action.1);
        let mut text = String::from("Bonjour,\n\n");
        let mut html = String::from("<!DOCTYPE html><html lang=\"fr\"><body><p>Bonjour,</p>");
        for paragraph in &self.paragraphs {
            text.push_str(paragraph);
            text.push_str("\n\n");
            html.push_str(&format!("<p>{}</p>", escape(paragraph)));
        }
        if !self.items.is_empty() {
            html.push_str("<ul>");
            for item in &self.items {
                let url = link(self.public_url, &item.path);
                text.push_str(&format!("- {} : {url}\n", item.text));
                html.push_str(&format!("<li><a href=\"{}\">{}</a></li>", escape(&url), escape(&item.text)));
            }
            text.push('\n');
            html.push_str("</ul>");
        }
        text.push_str(&format!("{} (connexion requise) : {action}\n\n", self.action.0));
        html.push_str(&format!(
            "<p><a href=\"{}\">{}</a> (connexion requise)</p>",
            escape(&action),
            escape(self.action.0)
        ));
        let footer = "Message automatique de Tremplin. Pour choisir les notifications que vous recevez";
        text.push_str(&format!("-- \n{footer} : {preferences}\n"));
        html.push_str(&format!(
            "<hr><p style=\"font-size:small\">{} : <a href=\"{}\">mes notifications</a></p></body></html>",
            escape(footer),
            escape(&preferences)
        ));
        Mail { to: self.to.to_owned(), subject: self.subject, text, html }
    }
}

/// To the deciding organisation's members: an application arrived (R-MAIL-2).
pub fn new_application(
    public_url: &str,
    to: &str,
    application_reference: &str,
    session: &SessionFacts<'_>,
    late_entry: bool,
) -> Mail {
    let mut paragraphs =
        vec![format!("Une nouvelle candidature ({application_reference}) a été reçue pour {}.", session_line(session))];
    if late_entry {
        paragraphs.push(
            "Elle est arrivée après la date limite d'inscription : entrée tardive (liste complémentaire).".into(),
        );
    }
    paragraphs.push("Elle attend votre avis.".into());
    Draft {
        public_url,
        to,
        subject: format!("Nouvelle candidature {application_reference} — session {}", session.reference),
        paragraphs,
        items: Vec::new(),
        action: ("Voir la candidature", format!("/candidatures/{application_reference}")),
    }
    .build()
}

/// To the prescriber who sent the application: its decision is validated (R-MAIL-2).
pub fn decision_validated(
    public_url: &str,
    to: &str,
    application_reference: &str,
    session: &SessionFacts<'_>,
    state: ApplicationState,
) -> Mail {
    Draft {
        public_url,
        to,
        subject: format!("Avis rendu sur la candidature {application_reference} : {}", state.label()),
        paragraphs: vec![format!(
            "L'avis sur la candidature {application_reference} pour {} a été validé : {}.",
            session_line(session),
            state.label()
        )],
        items: Vec::new(),
        action: ("Voir la candidature", format!("/candidatures/{application_reference}")),
    }
    .build()
}

fn application_items(references: &[String]) -> Vec<Item> {
    references.iter().map(|r| Item { text: format!("Candidature {r}"), path: format!("/candidatures/{r}") }).collect()
}

/// The dates of a session after a change.
#[derive(Debug, Clone, Copy)]
pub struct NewDates {
    pub registration_deadline: NaiveDate,
    pub late_entry_deadline: NaiveDate,
}

/// To a prescriber organisation with live applications on the session: its dates changed (R-SES-3, R-MAIL-2).
pub fn session_rescheduled(
    public_url: &str,
    to: &str,
    session: &SessionFacts<'_>,
    dates: NewDates,
    references: &[String],
) -> Mail {
    Draft {
        public_url,
        to,
        subject: format!("Changement de dates de la session {}", session.reference),
        paragraphs: vec![
            format!(
                "Les dates de la session {} de la formation « {} » ont changé : elle a lieu désormais du {} au {} \
                 (inscriptions jusqu'au {}, entrées tardives jusqu'au {}).",
                session.reference,
                session.training_title,
                day(session.start),
                day(session.end),
                day(dates.registration_deadline),
                day(dates.late_entry_deadline)
            ),
            "Le dossier des candidats de votre organisation peut en être affecté :".into(),
        ],
        items: application_items(references),
        action: ("Voir vos candidatures", "/mes-candidatures".to_owned()),
    }
    .build()
}

/// To a prescriber organisation with live applications on the session: it is cancelled (R-MAIL-2).
pub fn session_cancelled(public_url: &str, to: &str, session: &SessionFacts<'_>, references: &[String]) -> Mail {
    Draft {
        public_url,
        to,
        subject: format!("Session {} annulée", session.reference),
        paragraphs: vec![
            format!("{} a été annulée.", capitalised(&session_line(session))),
            "Les candidatures de votre organisation sur cette session (celles en attente passent en « Refus : \
             session annulée ») :"
                .into(),
        ],
        items: application_items(references),
        action: ("Voir vos candidatures", "/mes-candidatures".to_owned()),
    }
    .build()
}

/// One application of a digest.
#[derive(Debug, Clone)]
pub struct DigestLine {
    pub application_reference: String,
    pub session_reference: String,
    pub training_title: String,
    pub switch_date: NaiveDate,
}

/// To a deciding organisation's members, once a week: applications switching to *avis non transmis* within
/// 15 days (R-TIME-2, R-MAIL-3).
pub fn weekly_digest(public_url: &str, to: &str, week_start: NaiveDate, lines: &[DigestLine]) -> Mail {
    let items = lines
        .iter()
        .map(|l| Item {
            text: format!(
                "Candidature {} — session {} (« {} ») : avis non transmis le {}",
                l.application_reference,
                l.session_reference,
                l.training_title,
                day(l.switch_date)
            ),
            path: format!("/candidatures/{}", l.application_reference),
        })
        .collect();
    Draft {
        public_url,
        to,
        subject: format!(
            "Semaine du {} : {} candidature(s) bientôt en avis non transmis",
            day(week_start),
            lines.len()
        ),
        paragraphs: vec![
            "Sans avis de votre part, ces candidatures passeront en « Avis non transmis » dans les 15 jours :".into(),
        ],
        items,
        action: ("Voir les candidatures", "/candidatures".to_owned()),
    }
    .build()
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session<'a>() -> SessionFacts<'a> {
        SessionFacts {
            reference: "00512345",
            training_title: "Cuisine <script>alert(1)</script> & co",
            start: NaiveDate::from_ymd_opt(2027, 1, 4).unwrap(),
            end: NaiveDate::from_ymd_opt(2027, 3, 26).unwrap(),
        }
    }

    #[test]
    fn r_mail_4_every_value_is_escaped_in_html_and_the_link_needs_a_log_in() {
        let mail = new_application("https://t.fr", "a@b.fr", "C-1", &session(), true);
        assert!(!mail.html.contains("<script>"), "{}", mail.html);
        assert!(mail.html.contains("Cuisine &lt;script&gt;alert(1)&lt;/script&gt; &amp; co"));
        assert!(mail.text.contains("Cuisine <script>alert(1)</script> & co"));
        assert!(mail.text.contains("https://t.fr/candidatures/C-1"));
        assert!(mail.text.contains("connexion requise"));
        assert!(mail.text.contains("04/01/2027") && mail.text.contains("entrée tardive"));
        assert!(mail.text.contains("https://t.fr/mes-notifications"));
    }

    #[test]
    fn r_mail_2_a_cancellation_lists_the_applications_of_the_recipient() {
        let mail = session_cancelled("https://t.fr", "a@b.fr", &session(), &["A-1".into(), "A-2".into()]);
        assert_eq!(mail.subject, "Session 00512345 annulée");
        assert!(mail.text.starts_with("Bonjour,\n\nLa session 00512345"));
        assert!(
            mail.text.contains("https://t.fr/candidatures/A-1") && mail.text.contains("https://t.fr/candidatures/A-2")
        );
        assert!(mail.html.contains("href=\"https://t.fr/candidatures/A-2\""));
    }
}
