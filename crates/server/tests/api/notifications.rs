//! The messages of issue 12 through the API, delivered to a real SMTP sink, on both backends (R-MAIL-1..4):
//! each reaches the right people with the right subject and link; a kind turned off is not sent; a prescriber
//! of another session hears nothing; no message says anything of the candidate beyond references.

use chrono::{Datelike, Days};
use serde_json::{Value, json};

use crate::helpers::{Backend, COUNSELLOR, FUNDER, TRAINER, TestApp, member_of, problem};
use crate::mail::{mail_forwarder, on_db};
use crate::on_both_backends;
use crate::smtp_sink::{self, Delivered, SmtpSink};

on_both_backends!(
    r_mail_2_a_new_application_and_its_decision_reach_their_recipients_with_subject_and_link,
    r_mail_2_a_postponement_and_a_cancellation_reach_the_prescribers_of_the_session_only,
    r_mail_1_preferences_are_the_callers_own_and_all_on_by_default,
    r_mail_3_one_weekly_digest_per_organisation_and_week_even_with_two_instances,
);

fn plus(days: u64) -> String {
    (chrono::Local::now().date_naive() + Days::new(days)).to_string()
}

const CANDIDATE_LAST_NAME: &str = "Zéphyrine-Confidentiel";

fn candidate() -> Value {
    json!({"last_name": CANDIDATE_LAST_NAME, "first_name": "Aurore", "birth_date": "1990-05-06",
        "email": "aurore.secret@example.org", "phone": "0698765432", "postcode": "24000", "city": "Périgueux",
        "employment_situation": "Demandeur d'emploi"})
}

async fn apply(app: &TestApp, token: &str, session: &str) -> String {
    let body = json!({"candidate": candidate(), "presentation": "Motivée et disponible."});
    let response = app.post_json(&format!("/api/sessions/{session}/applications"), Some(token), body).await;
    assert_eq!(response.status(), 201);
    let received: Value = response.json().await.unwrap();
    received["reference"].as_str().unwrap().to_owned()
}

/// Delivers everything due to the sink and returns what it holds, but the e-mails of member administration
/// (a request to the admins, an approval) that the tests' sign-ups cause: they are not notifications.
async fn deliver(app: &TestApp, sink: &SmtpSink) -> Vec<Delivered> {
    let forwarder = mail_forwarder(app, Some(&sink.url));
    for _ in 0..3 {
        forwarder.pass().await.unwrap();
    }
    sink.delivered()
        .into_iter()
        .filter(|d| !d.parsed().subject().unwrap_or_default().contains("rattachement"))
        .collect()
}

fn to(delivered: &[Delivered], email: &str) -> Vec<(String, String)> {
    delivered
        .iter()
        .filter(|d| d.to == [email.to_owned()])
        .map(|d| {
            let message = d.parsed();
            (message.subject().unwrap_or_default().to_owned(), message.body_text(0).unwrap_or_default().into_owned())
        })
        .collect()
}

/// R-MAIL-4: nothing of the candidate but the application's reference leaves in e-mail.
fn says_nothing_of_the_candidate(delivered: &[Delivered]) {
    for d in delivered {
        let message = d.parsed();
        let read = format!(
            "{}\n{}\n{}",
            message.subject().unwrap_or_default(),
            message.body_text(0).unwrap_or_default(),
            message.body_html(0).unwrap_or_default()
        );
        let secrets =
            [CANDIDATE_LAST_NAME, "Aurore", "aurore.secret", "0698765432", "1990-05-06", "06/05/1990", "Motivée"];
        // The demo's candidates too (00509908's pending applications).
        for secret in secrets.into_iter().chain(["MARTIN", "BERNARD", "DUBOIS", "Léa", "exemple.fr"]) {
            assert!(!read.contains(secret), "{secret} leaked in {read}");
        }
    }
}

async fn patch_session(app: &TestApp, token: &str, reference: &str, body: Value) -> reqwest::Response {
    let response = app.get(&format!("/api/sessions/{reference}"), Some(token)).await;
    let etag = response.headers()["etag"].to_str().unwrap().to_owned();
    app.client
        .patch(app.url(&format!("/api/sessions/{reference}")))
        .bearer_auth(token)
        .header("If-Match", etag)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn set_preferences(app: &TestApp, token: &str, choices: Value) -> reqwest::Response {
    app.client
        .put(app.url("/api/me/notifications"))
        .bearer_auth(token)
        .json(&json!({"preferences": choices}))
        .send()
        .await
        .unwrap()
}

async fn r_mail_2_a_new_application_and_its_decision_reach_their_recipients_with_subject_and_link(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let sink = smtp_sink::start(0).await;
    // A colleague of the trainer who does not want to hear of new applications.
    let colleague = member_of(&app, "Forma'Bois Périgord", "collegue@formabois.example.org").await;
    let off = set_preferences(&app, &colleague, json!([{"kind": "new_application", "enabled": false}])).await;
    assert_eq!(off.status(), 200);

    let counsellor = app.login(COUNSELLOR).await;
    let reference = apply(&app, &counsellor, "00512345").await;
    let delivered = deliver(&app, &sink).await;
    let trainer_mail = to(&delivered, TRAINER.0);
    assert_eq!(trainer_mail.len(), 1, "{delivered:?}");
    assert_eq!(trainer_mail[0].0, format!("Nouvelle candidature {reference} — session 00512345"));
    assert!(trainer_mail[0].1.contains(&format!("{}/candidatures/{reference}", app.base)), "{}", trainer_mail[0].1);
    assert!(to(&delivered, "collegue@formabois.example.org").is_empty(), "turned off");
    assert!(to(&delivered, COUNSELLOR.0).is_empty(), "the sender is not told of its own application");
    assert_eq!(delivered.len(), 1);

    let trainer = app.login(TRAINER).await;
    let today = plus(0);
    let draft = json!({"invites": [{"date": today, "result": "unexcused_absence"}]});
    let saved = app
        .client
        .put(app.url(&format!("/api/applications/{reference}/decision")))
        .bearer_auth(&trainer)
        .json(&draft)
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let validated =
        app.post_json(&format!("/api/applications/{reference}/decision/validate"), Some(&trainer), json!({})).await;
    assert_eq!(validated.status(), 200);
    let delivered = deliver(&app, &sink).await;
    let decision = to(&delivered, COUNSELLOR.0);
    assert_eq!(decision.len(), 1, "{delivered:?}");
    assert_eq!(decision[0].0, format!("Avis rendu sur la candidature {reference} : Non retenue"));
    assert!(decision[0].1.contains(&format!("{}/candidatures/{reference}", app.base)));
    assert_eq!(to(&delivered, "collegue@formabois.example.org").len(), 0);
    says_nothing_of_the_candidate(&delivered);
}

async fn r_mail_2_a_postponement_and_a_cancellation_reach_the_prescribers_of_the_session_only(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let sink = smtp_sink::start(0).await;
    let counsellor = app.login(COUNSELLOR).await;
    let waiting = apply(&app, &counsellor, "00512345").await;
    // A prescriber of another session.
    let elsewhere = member_of(&app, "Mission Locale du Grand Périgueux", "ml@mission-locale.example.org").await;
    apply(&app, &elsewhere, "00523456").await;
    let before = deliver(&app, &sink).await.len();

    let trainer = app.login(TRAINER).await;
    let postponed = patch_session(&app, &trainer, "00512345", json!({"start_date": plus(27)})).await;
    assert_eq!(postponed.status(), 200);
    let delivered = deliver(&app, &sink).await;
    let news: Vec<&Delivered> = delivered[before..].iter().collect();
    assert_eq!(news.len(), 1, "only the prescriber whose candidate waits: {news:?}");
    assert_eq!(news[0].to, vec![COUNSELLOR.0.to_owned()]);
    let message = news[0].parsed();
    assert_eq!(message.subject(), Some("Changement de dates de la session 00512345"));
    let text = message.body_text(0).unwrap().into_owned();
    let start_fr = chrono::NaiveDate::parse_from_str(&plus(27), "%Y-%m-%d").unwrap().format("%d/%m/%Y").to_string();
    assert!(text.contains(&start_fr), "the new start: {text}");
    assert!(text.contains(&format!("{}/candidatures/{waiting}", app.base)), "{text}");

    let funder = app.login(FUNDER).await;
    let cancelled = app.post_json("/api/sessions/00512345/cancel", Some(&funder), json!({})).await;
    assert_eq!(cancelled.status(), 200);
    let delivered = deliver(&app, &sink).await;
    let news: Vec<&Delivered> = delivered[before + 1..].iter().collect();
    assert_eq!(news.len(), 1, "{news:?}");
    assert_eq!(news[0].to, vec![COUNSELLOR.0.to_owned()]);
    assert_eq!(news[0].parsed().subject(), Some("Session 00512345 annulée"));
    assert!(to(&delivered, "ml@mission-locale.example.org").is_empty(), "another session's prescriber hears nothing");
    says_nothing_of_the_candidate(&delivered);
}

async fn r_mail_1_preferences_are_the_callers_own_and_all_on_by_default(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let trainer = app.login(TRAINER).await;
    let initial: Value = app.get("/api/me/notifications", Some(&counsellor)).await.json().await.unwrap();
    let kinds: Vec<&str> =
        initial["preferences"].as_array().unwrap().iter().map(|p| p["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        ["new_application", "decision_validated", "session_rescheduled", "session_cancelled", "weekly_digest"]
    );
    assert!(initial["preferences"].as_array().unwrap().iter().all(|p| p["enabled"] == true && p["label"] != ""));

    let changed = set_preferences(&app, &counsellor, json!([{"kind": "weekly_digest", "enabled": false}])).await;
    assert_eq!(changed.status(), 200);
    let changed: Value = changed.json().await.unwrap();
    assert_eq!(changed["preferences"][4]["enabled"], false);
    assert_eq!(changed["preferences"][0]["enabled"], true, "kinds not named keep their value");
    let again: Value = app.get("/api/me/notifications", Some(&counsellor)).await.json().await.unwrap();
    assert_eq!(again, changed);
    let back_on = set_preferences(&app, &counsellor, json!([{"kind": "session_cancelled", "enabled": false}])).await;
    let back_on: Value = back_on.json().await.unwrap();
    assert_eq!(
        (back_on["preferences"][3]["enabled"].as_bool(), back_on["preferences"][4]["enabled"].as_bool()),
        (Some(false), Some(false))
    );

    let others: Value = app.get("/api/me/notifications", Some(&trainer)).await.json().await.unwrap();
    assert!(others["preferences"].as_array().unwrap().iter().all(|p| p["enabled"] == true), "another user's stay");

    let (status, body) =
        problem(set_preferences(&app, &counsellor, json!([{"kind": "spam", "enabled": true}])).await).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("invalid_body")));
    assert_eq!(app.get("/api/me/notifications", None).await.status(), 401);
    let anonymous =
        app.client.put(app.url("/api/me/notifications")).json(&json!({"preferences": []})).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
}

async fn r_mail_3_one_weekly_digest_per_organisation_and_week_even_with_two_instances(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let sink = smtp_sink::start(0).await;
    let colleague = member_of(&app, "Forma'Bois Périgord", "collegue@formabois.example.org").await;
    set_preferences(&app, &colleague, json!([{"kind": "weekly_digest", "enabled": false}])).await;
    // 00509908 ends in 50 days: its pending applications switch in 71; 60 days on, that is within 15 days.
    let later = chrono::Local::now().date_naive() + Days::new(60);
    let base = app.base.clone();
    let run = |db: tremplin::db::Db, base: String| {
        std::thread::spawn(move || tremplin::jobs::weekly_digests(&mut db.get().unwrap(), later, &base).unwrap().done)
    };
    // Two instances at once, then once more the same week.
    let (first, second) = (run(app.db.clone(), base.clone()), run(app.db.clone(), base.clone()));
    let written = first.join().unwrap() + second.join().unwrap();
    assert_eq!(written, 1, "one digest, to the one member who wants it");
    // Another day of the same (ISO) week: the next one, or the day before when `later` is a Sunday.
    let same_week = if later.weekday() == chrono::Weekday::Sun { later - Days::new(1) } else { later + Days::new(1) };
    let again = on_db(&app, move |conn| tremplin::jobs::weekly_digests(conn, same_week, &base).unwrap().done).await;
    assert_eq!(again, 0, "another day of the same week writes none");

    let delivered = deliver(&app, &sink).await;
    assert_eq!(delivered.len(), 1, "{delivered:?}");
    assert_eq!(delivered[0].to, vec![TRAINER.0.to_owned()]);
    let message = delivered[0].parsed();
    let subject = message.subject().unwrap().to_owned();
    assert!(subject.starts_with("Semaine du ") && subject.contains("bientôt en avis non transmis"), "{subject}");
    let text = message.body_text(0).unwrap().into_owned();
    assert!(text.contains("session 00509908"), "{text}");
    assert!(text.contains(&format!("{}/candidatures/", app.base)), "{text}");
    says_nothing_of_the_candidate(&delivered);

    // The next week, a new digest.
    let base = app.base.clone();
    let next_week =
        on_db(&app, move |conn| tremplin::jobs::weekly_digests(conn, later + Days::new(7), &base).unwrap().done).await;
    assert_eq!(next_week, 1);
}
