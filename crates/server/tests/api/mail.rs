//! E-mail through the outbox against a real SMTP server started by the test (issue 12), on both backends:
//! the message arrives with its recipient, subject, Message-ID and link; it waits while no SMTP server is
//! configured; a receiver refusing the first attempts gets it later; nothing is sent twice for one event.

use std::time::Duration;

use contract::DeliveryState;
use tremplin::forwarder::{Forwarder, RetryPolicy, WebhookDelivery};
use tremplin::mail::{Mail, MailDelivery};
use tremplin::net_guard::Policy;
use tremplin::store::outbox::{self, OutboxRow};

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;
use crate::smtp_sink::{self, SmtpSink};

on_both_backends!(
    a_mail_arrives_with_its_recipient_subject_message_id_and_link,
    mail_waits_in_the_outbox_while_no_smtp_server_is_configured,
    a_receiver_refusing_the_first_attempts_gets_the_mail_later,
    two_forwarders_and_a_replayed_claim_send_each_mail_once,
);

pub const PUBLIC_URL: &str = "https://tremplin.example.fr";

pub fn mail_forwarder(app: &TestApp, smtp_url: Option<&str>) -> Forwarder {
    Forwarder {
        db: app.db.clone(),
        client: reqwest::Client::new(),
        webhooks: WebhookDelivery::new(Policy::default()).unwrap(),
        kairos_url: None,
        kairos_secret: None,
        mail: smtp_url
            .map(|url| MailDelivery::new(url, "Tremplin <ne-pas-repondre@tremplin.example.fr>", PUBLIC_URL).unwrap()),
        policy: RetryPolicy { max_attempts: 10, base: Duration::from_millis(5), cap: Duration::from_millis(20) },
        lease: Duration::from_secs(30),
        batch: 50,
    }
}

/// Runs `work` on a connection of the test database.
pub async fn on_db<T: Send + 'static>(
    app: &TestApp,
    work: impl FnOnce(&mut tremplin::db::Conn) -> T + Send + 'static,
) -> T {
    let db = app.db.clone();
    actix_web::web::block(move || work(&mut db.get().unwrap())).await.unwrap()
}

async fn enqueue(app: &TestApp, mail: Mail) -> String {
    on_db(app, move |conn| tremplin::mail::enqueue(conn, &mail).unwrap()).await
}

fn mail_to(to: &str, n: usize) -> Mail {
    let link = tremplin::mail::link(PUBLIC_URL, &format!("/candidatures/{n}"));
    let session = "Cuisine <b>& service</b>";
    Mail {
        to: to.to_owned(),
        subject: format!("Nouvelle candidature n° {n} — session « Cuisine »"),
        text: format!("Bonjour,\n\nUne candidature est arrivée pour la session {session}.\nVoir : {link}\n"),
        html: format!(
            "<p>Bonjour,</p><p>Une candidature est arrivée pour la session {}.</p><p><a href=\"{link}\">Voir</a></p>",
            tremplin::mail::escape(session)
        ),
    }
}

async fn drain(forwarder: &Forwarder, passes: usize) {
    for _ in 0..passes {
        forwarder.pass().await.unwrap();
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
}

async fn emails(app: &TestApp, state: DeliveryState) -> Vec<contract::OutboxMessage> {
    let all = on_db(app, move |conn| outbox::list(conn, state, 500).unwrap()).await;
    all.into_iter().filter(|m| m.destination == "email").collect()
}

async fn a_mail_arrives_with_its_recipient_subject_message_id_and_link(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let sink = smtp_sink::start(0).await;
    let event_id = enqueue(&app, mail_to("chloe.martin@example.org", 12)).await;
    drain(&mail_forwarder(&app, Some(&sink.url)), 2).await;

    let delivered = sink.delivered();
    assert_eq!(delivered.len(), 1);
    assert_eq!(delivered[0].to, vec!["chloe.martin@example.org".to_owned()]);
    let message = delivered[0].parsed();
    assert_eq!(message.subject(), Some("Nouvelle candidature n° 12 — session « Cuisine »"));
    assert_eq!(message.message_id(), Some(format!("{event_id}@tremplin.example.fr").as_str()));
    let from = message.from().and_then(|f| f.first()).and_then(|a| a.address()).unwrap_or_default().to_owned();
    assert_eq!(from, "ne-pas-repondre@tremplin.example.fr");
    let text = message.body_text(0).unwrap().into_owned();
    let html = message.body_html(0).unwrap().into_owned();
    assert!(text.contains("https://tremplin.example.fr/candidatures/12"), "{text}");
    assert!(html.contains("href=\"https://tremplin.example.fr/candidatures/12\""), "{html}");
    assert!(html.contains("Cuisine &lt;b&gt;&amp; service&lt;/b&gt;"), "values are escaped in HTML: {html}");
    assert!(text.contains("Cuisine <b>& service</b>"), "and kept as they are in text: {text}");
    let sent = emails(&app, DeliveryState::Sent).await;
    assert_eq!((sent.len(), sent[0].event_id.as_str(), sent[0].attempts), (1, event_id.as_str(), 1));
}

async fn mail_waits_in_the_outbox_while_no_smtp_server_is_configured(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let event_id = enqueue(&app, mail_to("chloe.martin@example.org", 1)).await;
    drain(&mail_forwarder(&app, None), 2).await;
    let pending = emails(&app, DeliveryState::Pending).await;
    assert_eq!((pending.len(), pending[0].attempts), (1, 0), "no attempt counted while nowhere to send");
    assert_eq!(pending[0].next_attempt_at, pending[0].created_at, "not even claimed: still due since its creation");

    // Configured later, it leaves at the first pass.
    let sink = smtp_sink::start(0).await;
    drain(&mail_forwarder(&app, Some(&sink.url)), 2).await;
    assert_eq!(sink.delivered().len(), 1);
    assert_eq!(sink.delivered()[0].message_id(), format!("{event_id}@tremplin.example.fr"));
}

async fn a_receiver_refusing_the_first_attempts_gets_the_mail_later(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let sink = smtp_sink::start(3).await;
    let event_id = enqueue(&app, mail_to("chloe.martin@example.org", 2)).await;
    drain(&mail_forwarder(&app, Some(&sink.url)), 30).await;
    assert_eq!(sink.inbox.lock().unwrap().refused, 3);
    let delivered = sink.delivered();
    assert_eq!(delivered.len(), 1, "delivered once, after the refusals");
    assert_eq!(delivered[0].message_id(), format!("{event_id}@tremplin.example.fr"));
    let sent = emails(&app, DeliveryState::Sent).await;
    assert_eq!((sent.len(), sent[0].attempts), (1, 4), "three refusals, then accepted");
}

async fn two_forwarders_and_a_replayed_claim_send_each_mail_once(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let sink: SmtpSink = smtp_sink::start(0).await;
    let mut ids = Vec::new();
    for n in 0..12 {
        ids.push(enqueue(&app, mail_to(&format!("personne{n}@example.org"), n)).await);
    }
    // A forwarder claims a few messages, then stalls past its lease.
    let stale: Vec<OutboxRow> = on_db(&app, |conn| {
        outbox::claim_due(conn, tremplin::store::precise_now(), chrono::Duration::milliseconds(1), 3, &["email"])
            .unwrap()
    })
    .await;
    assert_eq!(stale.len(), 3);
    actix_web::rt::time::sleep(Duration::from_millis(20)).await;

    // Two instances deliver at the same time.
    let (first, second) = (mail_forwarder(&app, Some(&sink.url)), mail_forwarder(&app, Some(&sink.url)));
    for _ in 0..5 {
        let (a, b) = futures_util::future::join(first.pass(), second.pass()).await;
        a.unwrap();
        b.unwrap();
    }
    // The stalled forwarder wakes up and replays its claim: nothing leaves again.
    let replay = first.deliver_claimed(stale).await.unwrap();
    assert_eq!(replay.sent, 0);

    let delivered = sink.delivered();
    let mut seen: Vec<String> = delivered.iter().map(|d| d.message_id()).collect();
    seen.sort();
    let mut expected: Vec<String> = ids.iter().map(|id| format!("{id}@tremplin.example.fr")).collect();
    expected.sort();
    assert_eq!(seen, expected, "every mail once, none twice");
    assert_eq!(emails(&app, DeliveryState::Sent).await.len(), 12);
}
