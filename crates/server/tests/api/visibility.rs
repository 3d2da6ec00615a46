//! No organisation sees more than it must: the same person's applications through other organisations
//! (R-APP-4 within R-ACC-3, R-ACC-4, R-GDPR-1), and trainings that a session role only reads (R-TRN-2).

use chrono::Days;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Backend, COUNSELLOR, FUNDER, TRAINER, TestApp, member_of, problem};
use crate::on_both_backends;

on_both_backends!(
    r_app_4_other_organisations_applications_are_shown_to_the_decider_only_as_existence_and_state,
    r_trn_2_a_session_trainer_reads_the_training_but_only_its_responsible_organisation_edits_it,
);

/// Forma'Bois' session open to applications, and Atelier Formation Agenais' one.
const FORMA_BOIS_SESSION: &str = "00512345";
const ATELIER_SESSION: &str = "00523456";

fn plus(days: u64) -> String {
    (chrono::Local::now().date_naive() + Days::new(days)).to_string()
}

/// A training of `responsible` with one session given by `trainer`, positioned by `positioner`; returns
/// (training reference, session reference).
async fn training_with_session(
    app: &TestApp,
    title: &str,
    responsible: &str,
    trainer: &str,
    positioner: Option<&str>,
) -> (String, String) {
    let responsible = app.organisation_id(responsible).await;
    let trainer = app.organisation_id(trainer).await;
    let positioner = match positioner {
        Some(name) => Some(app.organisation_id(name).await),
        None => None,
    };
    let funder = app.organisation_id("France Travail Nouvelle-Aquitaine").await;
    let session = json!({"start_date": plus(30), "end_date": plus(100), "registration_deadline": plus(20),
        "late_entry_deadline": plus(40), "department": "24", "commune": "Périgueux", "trainer_organisation_id": trainer,
        "positioner_organisation_id": positioner, "capacity": 12, "coefficient": 2});
    let body = json!({"title": title, "funder_organisation_id": funder, "contract_number": "T-9", "scheme": "POEC",
        "measure": "POEC", "responsible_organisation_id": responsible, "publish": true, "sessions": [session]});
    let admin = app.login(ADMIN).await;
    let response = app.post_json("/api/trainings", Some(&admin), body).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    (
        created["reference"].as_str().unwrap().to_owned(),
        created["sessions"][0]["reference"].as_str().unwrap().to_owned(),
    )
}

/// The same person (same names and birth date: the identity key) each time; a distinctive presentation.
async fn apply_person(app: &TestApp, token: &str, session: &str, presentation: &str) -> String {
    let candidate = json!({"last_name": "Quéméner", "first_name": "Maëlys", "birth_date": "1994-06-18",
        "email": "maelys.quemener@example.org", "phone": "06 98 76 54 32", "postcode": "24000", "city": "Périgueux",
        "employment_situation": "Demandeur d'emploi", "education_level": "CAP", "last_diploma": "CAP Vente"});
    let body = json!({"candidate": candidate, "presentation": presentation});
    let response = app.post_json(&format!("/api/sessions/{session}/applications"), Some(token), body).await;
    assert_eq!(response.status(), 201, "{session}");
    let body: Value = response.json().await.unwrap();
    body["reference"].as_str().unwrap().to_owned()
}

async fn page(app: &TestApp, token: &str, reference: &str) -> (Value, String) {
    let response = app.get(&format!("/api/applications/{reference}"), Some(token)).await;
    assert_eq!(response.status(), 200, "{reference}");
    let text = response.text().await.unwrap();
    (serde_json::from_str(&text).unwrap(), text)
}

fn history(detail: &Value) -> Vec<(String, String, String)> {
    detail["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| {
            let field = |name: &str| b[name].as_str().unwrap().to_owned();
            (field("reference"), field("training_title"), field("state"))
        })
        .collect()
}

const ELSEWHERE: &str = "Candidature auprès d'un autre organisme";

async fn r_app_4_other_organisations_applications_are_shown_to_the_decider_only_as_existence_and_state(
    backend: Backend,
) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let mission_locale = member_of(&app, "Mission Locale du Grand Périgueux", "ml@example.org").await;
    let atelier = member_of(&app, "Atelier Formation Agenais", "agen@example.org").await;
    let forma_bois = app.login(TRAINER).await;
    // Forma'Bois is responsible and trainer of this session, but Atelier positions its candidates and decides.
    let (_, positioned) = training_with_session(
        &app,
        "[POEC] Cariste d'entrepôt",
        "Forma'Bois Périgord",
        "Forma'Bois Périgord",
        Some("Atelier Formation Agenais"),
    )
    .await;
    let at_forma_bois =
        apply_person(&app, &counsellor, FORMA_BOIS_SESSION, "Présentation-X-7f3a chez Forma'Bois").await;
    let at_atelier = apply_person(&app, &mission_locale, ATELIER_SESSION, "Présentation-Y-9c1e chez Atelier").await;
    let positioned_by_atelier = apply_person(&app, &counsellor, &positioned, "Présentation-Z-2b8d positionnée").await;

    // The decider of an application learns of another organisation's application: that it exists, its state.
    let (detail, text) = page(&app, &atelier, &positioned_by_atelier).await;
    let mut seen = history(&detail);
    seen.sort();
    assert_eq!(
        seen,
        vec![
            (String::new(), ELSEWHERE.to_owned(), "pending".to_owned()),
            (at_atelier.clone(), "[POEC] Mécanicien de Maintenance Automobile".to_owned(), "pending".to_owned()),
        ]
    );
    for secret in [at_forma_bois.as_str(), FORMA_BOIS_SESSION, "Chauffeur-Livreur", "Présentation-X", "Forma'Bois"] {
        assert!(!text.contains(secret), "the decider must not learn {secret}: {text}");
    }
    assert_eq!(detail["other_live"].as_array().unwrap().len(), 2);

    // A role holder that does not decide this application learns nothing of other organisations' applications.
    let (detail, text) = page(&app, &forma_bois, &positioned_by_atelier).await;
    let references: Vec<String> = history(&detail).into_iter().map(|(r, _, _)| r).collect();
    assert_eq!(references, vec![at_forma_bois.clone()], "its own session's application only: {text}");
    for secret in [ELSEWHERE, at_atelier.as_str(), ATELIER_SESSION, "Présentation-Y", "Mission Locale"] {
        assert!(!text.contains(secret), "a non-deciding organisation must not learn {secret}: {text}");
    }

    // Prescribers see their own applications of the person, never another prescriber's or organisation's.
    let (detail, text) = page(&app, &counsellor, &at_forma_bois).await;
    let references: Vec<String> = history(&detail).into_iter().map(|(r, _, _)| r).collect();
    assert_eq!(references, vec![positioned_by_atelier.clone()]);
    assert!(!text.contains(ELSEWHERE) && !text.contains(&at_atelier) && !text.contains("Présentation-Y"), "{text}");
    let (detail, text) = page(&app, &mission_locale, &at_atelier).await;
    assert!(history(&detail).is_empty(), "{text}");
    assert!(detail["other_live"].as_array().unwrap().is_empty());

    // Forma'Bois decides its own session: Atelier's application shows as existing, in its state, and nothing more.
    let (detail, text) = page(&app, &forma_bois, &at_forma_bois).await;
    assert!(history(&detail).contains(&(String::new(), ELSEWHERE.to_owned(), "pending".to_owned())), "{text}");
    for secret in [at_atelier.as_str(), ATELIER_SESSION, "Mécanicien", "Présentation-Y", "Mission Locale"] {
        assert!(!text.contains(secret), "the decider must not learn {secret}: {text}");
    }
}

async fn patch_training(app: &TestApp, token: &str, reference: &str, body: Value) -> reqwest::Response {
    app.client
        .patch(app.url(&format!("/api/trainings/{reference}")))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn r_trn_2_a_session_trainer_reads_the_training_but_only_its_responsible_organisation_edits_it(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    // Atelier is responsible for the training; Forma'Bois only gives its session.
    let (training, _) = training_with_session(
        &app,
        "[POEC] Magasinier cariste",
        "Atelier Formation Agenais",
        "Forma'Bois Périgord",
        None,
    )
    .await;
    let forma_bois = app.login(TRAINER).await;
    let read = app.get(&format!("/api/trainings/{training}"), Some(&forma_bois)).await;
    assert_eq!(read.status(), 200, "a session role reads the training");
    let read: Value = read.json().await.unwrap();
    assert_eq!(read["editable_fields"], json!([]), "and the form shows every field locked");

    for body in
        [json!({"objective": "Objectif réécrit par le formateur"}), json!({"certification": "Titre pro Cariste"})]
    {
        let (status, problem) = problem(patch_training(&app, &forma_bois, &training, body.clone()).await).await;
        assert_eq!((status, problem["code"].as_str()), (403, Some("training_read_only")), "{body}");
    }
    let (status, problem_body) = problem(
        app.post_json(&format!("/api/trainings/{training}/certification/approve"), Some(&forma_bois), json!({})).await,
    )
    .await;
    assert_eq!((status, problem_body["code"].as_str()), (403, Some("certification_review_forbidden")));
    let unchanged: Value =
        app.get(&format!("/api/trainings/{training}"), Some(&forma_bois)).await.json().await.unwrap();
    assert_eq!(
        (unchanged["texts"]["objective"].as_str(), unchanged["certification"]["proposed"].as_null()),
        (Some(""), Some(()))
    );

    // The responsible organisation and the funder edit it; an outsider still gets 404.
    let atelier = member_of(&app, "Atelier Formation Agenais", "agen@example.org").await;
    let response =
        patch_training(&app, &atelier, &training, json!({"objective": "Objectif de l'organisme responsable"})).await;
    assert_eq!(response.status(), 200);
    let edited: Value = response.json().await.unwrap();
    assert_eq!(edited["texts"]["objective"], "Objectif de l'organisme responsable");
    assert!(edited["editable_fields"].as_array().unwrap().contains(&json!("objective")));
    let funder = app.login(FUNDER).await;
    assert_eq!(patch_training(&app, &funder, &training, json!({"contract_number": "T-10"})).await.status(), 200);
    let mission_locale = member_of(&app, "Mission Locale du Grand Périgueux", "ml@example.org").await;
    let (status, _) = problem(patch_training(&app, &mission_locale, &training, json!({"objective": "x"})).await).await;
    assert_eq!(status, 404);
}
