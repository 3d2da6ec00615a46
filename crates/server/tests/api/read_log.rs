//! Every response that carries candidate data is in the read log (R-GDPR-1): pages, lists, the CSV export,
//! decision answers and the access-request export, one entry per application shown.

use chrono::Days;
use serde_json::{Value, json};

use crate::helpers::{Backend, COUNSELLOR, TRAINER, TestApp};
use crate::on_both_backends;

on_both_backends!(r_gdpr_1_every_response_carrying_candidate_data_is_in_the_read_log);

const UPCOMING: &str = "00512345";

fn yesterday() -> String {
    (chrono::Local::now().date_naive() - Days::new(1)).to_string()
}

async fn apply(app: &TestApp, token: &str, n: usize) -> String {
    let candidate = json!({"last_name": format!("Lecteur{n}"), "first_name": "Sam", "birth_date": "1990-01-02",
        "email": format!("sam{n}@example.org"), "phone": "06 11 22 33 44", "postcode": "24000", "city": "Périgueux",
        "employment_situation": "Demandeur d'emploi", "education_level": "CAP", "last_diploma": "CAP Vente"});
    let body = json!({"candidate": candidate, "presentation": "Motivée."});
    let response = app.post_json(&format!("/api/sessions/{UPCOMING}/applications"), Some(token), body).await;
    assert_eq!(response.status(), 201);
    response.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned()
}

/// The purposes of the read-log entries of an application, oldest first.
async fn reads(app: &TestApp, reference: &str) -> Vec<String> {
    let (db, reference) = (app.db.clone(), reference.to_owned());
    actix_web::web::block(move || {
        let mut conn = db.get()?;
        let row = tremplin::store::applications::find(&mut conn, &reference)?.unwrap();
        Ok::<_, tremplin::error::ApiError>(tremplin::store::candidate_reads::purposes(&mut conn, row.id)?)
    })
    .await
    .unwrap()
    .unwrap()
}

async fn ok(response: reqwest::Response) -> Vec<u8> {
    assert_eq!(response.status(), 200, "{}", response.url());
    response.bytes().await.unwrap().to_vec()
}

async fn r_gdpr_1_every_response_carrying_candidate_data_is_in_the_read_log(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let trainer = app.login(TRAINER).await;
    let (first, second) = (apply(&app, &counsellor, 1).await, apply(&app, &counsellor, 2).await);
    assert!(reads(&app, &first).await.is_empty(), "applying is not reading");

    ok(app.get(&format!("/api/sessions/{UPCOMING}/applications"), Some(&trainer)).await).await;
    ok(app.get("/api/applications?per_page=100", Some(&trainer)).await).await;
    ok(app.get("/api/applications?per_page=100", Some(&counsellor)).await).await;
    let csv = ok(app.get(&format!("/api/sessions/{UPCOMING}/applications.csv"), Some(&trainer)).await).await;
    assert!(String::from_utf8_lossy(&csv).contains("LECTEUR1"));
    for reference in [&first, &second] {
        assert_eq!(
            reads(&app, reference).await,
            ["session_application_list", "application_list", "application_list", "csv_export"],
            "one entry per application shown, per response"
        );
    }
    // A filtered list logs what it shows, nothing else.
    let filtered = ok(app.get("/api/applications?q=Lecteur1", Some(&trainer)).await).await;
    assert!(String::from_utf8_lossy(&filtered).contains(&first));
    assert_eq!(reads(&app, &second).await.len(), 4, "an application not shown is not logged");

    let draft = json!({"invites": [{"date": yesterday(), "result": "unexcused_absence"}]});
    let saved = crate::applications::put_decision(&app, &trainer, &first, draft).await;
    ok(saved).await;
    ok(app.post_json(&format!("/api/applications/{first}/decision/validate"), Some(&trainer), json!({})).await).await;
    ok(app.get(&format!("/api/applications/{first}"), Some(&trainer)).await).await;
    ok(app.get(&format!("/api/applications/{first}/candidate-export"), Some(&counsellor)).await).await;
    assert_eq!(
        reads(&app, &first).await[4..],
        ["application_list", "decision_answer", "decision_answer", "application_page", "access_request_export"]
    );
}
