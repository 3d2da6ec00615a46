//! Applications through real HTTP on both backends: intake and quota (R-APP-*, R-QUOTA-*), the decision
//! workflow (R-AVIS-*), batches, lists, CSV, dashboard, availability, tenancy and the read log.

use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Backend, COUNSELLOR, FUNDER, TRAINER, TestApp, member_of, problem};
use crate::on_both_backends;

on_both_backends!(
    r_app_1_r_app_2_the_domain_decides_each_intake,
    r_quota_3_an_application_to_a_full_session_is_recorded_as_refused,
    idempotency_keys_replay_the_first_answer,
    r_avis_1_to_6_excused_absence_then_presence_then_recruitment_validated_and_final,
    r_avis_3_an_unexcused_absence_ends_as_not_retained,
    r_avis_8_a_batch_reports_each_outcome,
    r_list_2_r_list_3_lists_with_counts_and_tenancy_between_prescribers,
    r_list_3_the_csv_export_opens_in_french_excel_and_neutralises_formulas,
    r_list_1_r_time_2_the_dashboard_counts_by_role_and_state,
    r_list_4_availability_shows_free_places_without_candidate_data,
    r_app_3_cancelling_a_session_refuses_its_pending_applications,
    r_acc_3_r_acc_4_application_routes_answer_404_outside_ones_perimeter,
    r_gdpr_1_each_read_of_a_candidate_page_is_logged,
    r_quota_3_concurrent_applications_never_exceed_the_quota,
    r_app_1_one_person_sent_many_times_at_once_holds_one_live_application,
    r_quota_4_concurrent_validations_never_exceed_the_capacity,
    r_quota_5_every_session_view_gives_held_quota_retained_and_capacity_as_numbers,
);

pub(crate) const UPCOMING: &str = "00512345";
const RUNNING: &str = "00509908";

fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

pub(crate) fn plus(days: i64) -> String {
    let date = if days >= 0 { today() + Days::new(days as u64) } else { today() - Days::new((-days) as u64) };
    date.to_string()
}

pub(crate) fn candidate(n: usize) -> Value {
    json!({"last_name": format!("Candidat{n}"), "first_name": "Alex", "birth_date": "1992-03-04",
        "email": format!("alex{n}@example.org"), "phone": "06 12 34 56 78", "postcode": "24000", "city": "Périgueux",
        "employment_situation": "Demandeur d'emploi", "education_level": "CAP", "last_diploma": "CAP Maçon"})
}

pub(crate) async fn apply(app: &TestApp, token: &str, session: &str, candidate: Value) -> reqwest::Response {
    let body = json!({"candidate": candidate, "presentation": "Motivé, permis B, expérience en magasin."});
    app.post_json(&format!("/api/sessions/{session}/applications"), Some(token), body).await
}

pub(crate) async fn apply_ok(app: &TestApp, token: &str, session: &str, n: usize) -> String {
    let response = apply(app, token, session, candidate(n)).await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    body["reference"].as_str().unwrap().to_owned()
}

pub(crate) async fn put_decision(app: &TestApp, token: &str, reference: &str, draft: Value) -> reqwest::Response {
    app.client
        .put(app.url(&format!("/api/applications/{reference}/decision")))
        .bearer_auth(token)
        .json(&draft)
        .send()
        .await
        .unwrap()
}

pub(crate) async fn validate(app: &TestApp, token: &str, reference: &str) -> reqwest::Response {
    app.post_json(&format!("/api/applications/{reference}/decision/validate"), Some(token), json!({})).await
}

/// A session of a new training, created by the platform, with the given capacity and coefficient.
pub(crate) async fn new_session(app: &TestApp, capacity: i64, coefficient: i64) -> String {
    let trainer = app.organisation_id("Forma'Bois Périgord").await;
    let funder = app.organisation_id("France Travail Nouvelle-Aquitaine").await;
    let session = json!({"start_date": plus(30), "end_date": plus(100), "registration_deadline": plus(20),
        "late_entry_deadline": plus(40), "department": "24", "commune": "Périgueux", "trainer_organisation_id": trainer,
        "positioner_organisation_id": null, "capacity": capacity, "coefficient": coefficient});
    let body = json!({"title": "[POEC] Préparateur de commandes", "funder_organisation_id": funder, "contract_number": "T-1",
        "scheme": "POEC", "measure": "POEC", "responsible_organisation_id": trainer, "publish": true, "sessions": [session]});
    let admin = app.login(ADMIN).await;
    let created: Value = app.post_json("/api/trainings", Some(&admin), body).await.json().await.unwrap();
    created["sessions"][0]["reference"].as_str().unwrap().to_owned()
}

async fn r_app_1_r_app_2_the_domain_decides_each_intake(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let body: Value = apply(&app, &counsellor, UPCOMING, candidate(1)).await.json().await.unwrap();
    assert_eq!((body["state"].as_str(), body["late_entry"].as_bool()), (Some("pending"), Some(false)));
    assert_eq!(body["reference"].as_str().unwrap().len(), 10);

    let mut same_person = candidate(1);
    same_person["last_name"] = json!("CANDIDAT1");
    same_person["first_name"] = json!(" alex ");
    let (status, error) = problem(apply(&app, &counsellor, UPCOMING, same_person).await).await;
    assert_eq!((status, error["code"].as_str()), (409, Some("duplicate_application")));

    let late: Value = apply(&app, &counsellor, RUNNING, candidate(2)).await.json().await.unwrap();
    assert_eq!(
        (late["state"].as_str(), late["late_entry"].as_bool()),
        (Some("pending"), Some(true)),
        "R-APP-2 liste complémentaire"
    );
    let (status, error) = problem(apply(&app, &counsellor, "00498765", candidate(3)).await).await;
    assert_eq!((status, error["code"].as_str()), (422, Some("registration_closed")));
    let (status, error) = problem(apply(&app, &counsellor, "00511111", candidate(3)).await).await;
    assert_eq!((status, error["code"].as_str()), (409, Some("session_cancelled")));

    let trainer = app.login(TRAINER).await;
    assert_eq!(problem(apply(&app, &trainer, UPCOMING, candidate(4)).await).await.0, 403, "R-ACC-4: prescribers apply");
    let mut incomplete = candidate(5);
    incomplete["email"] = json!("pas-un-email");
    incomplete["birth_date"] = Value::Null;
    let (status, error) = problem(apply(&app, &counsellor, UPCOMING, incomplete).await).await;
    let fields: Vec<&str> = error["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(status, 422);
    assert!(fields.contains(&"candidate.email") && fields.contains(&"candidate.birth_date"), "{fields:?}");
}

async fn r_quota_3_an_application_to_a_full_session_is_recorded_as_refused(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let session = new_session(&app, 1, 2).await;
    let counsellor = app.login(COUNSELLOR).await;
    for n in 0..2 {
        apply_ok(&app, &counsellor, &session, n).await;
    }
    let full: Value = apply(&app, &counsellor, &session, candidate(9)).await.json().await.unwrap();
    assert_eq!(full["state"], "refused_session_full");
    assert!(full["message"].as_str().unwrap().contains("complète"));
    let trainer = app.login(TRAINER).await;
    let seen: Value = app.get(&format!("/api/sessions/{session}"), Some(&trainer)).await.json().await.unwrap();
    assert_eq!(
        (seen["places_held"].as_u64(), seen["occupancy"].as_str(), seen["state"].as_str()),
        (Some(2), Some("2 / 2"), Some("full"))
    );
}

async fn idempotency_keys_replay_the_first_answer(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let body = json!({"candidate": candidate(1), "presentation": "Présentation"});
    let send = |body: Value| {
        app.client
            .post(app.url(&format!("/api/sessions/{UPCOMING}/applications")))
            .bearer_auth(&counsellor)
            .header("Idempotency-Key", "essai-1")
            .json(&body)
            .send()
    };
    let first: Value = send(body.clone()).await.unwrap().json().await.unwrap();
    let replay = send(body.clone()).await.unwrap();
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    let replay: Value = replay.json().await.unwrap();
    assert_eq!(replay["reference"], first["reference"], "the same application, not a second one");
    let mut other = body;
    other["presentation"] = json!("Autre texte");
    let (status, error) = problem(send(other).await.unwrap()).await;
    assert_eq!((status, error["code"].as_str()), (422, Some("idempotency_key_reused")));
    let trainer = app.login(TRAINER).await;
    let list: Value =
        app.get(&format!("/api/sessions/{UPCOMING}/applications"), Some(&trainer)).await.json().await.unwrap();
    assert_eq!(list["total"], 1);
}

async fn r_avis_1_to_6_excused_absence_then_presence_then_recruitment_validated_and_final(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let reference = apply_ok(&app, &counsellor, UPCOMING, 1).await;
    let trainer = app.login(TRAINER).await;

    let future_result = json!({"invites": [{"date": plus(3), "result": "present"}]});
    let (status, error) = problem(put_decision(&app, &trainer, &reference, future_result).await).await;
    assert_eq!(
        (status, error["code"].as_str()),
        (422, Some("invalid_decision")),
        "R-AVIS-1: no result for a future date"
    );
    let second_without_excuse = json!({"invites": [{"date": plus(-3), "result": "present"}, {"date": plus(-1)}]});
    assert_eq!(problem(put_decision(&app, &trainer, &reference, second_without_excuse).await).await.0, 422, "R-AVIS-2");

    let excused = json!({"invites": [{"date": plus(-3), "result": "excused_absence"}]});
    assert_eq!(put_decision(&app, &trainer, &reference, excused).await.status(), 200);
    let recruited = json!({"invites": [{"date": plus(-3), "result": "excused_absence"}, {"date": plus(0), "result": "present"}],
        "recruited": true, "entry_date": plus(20), "exit_date": plus(90), "weekly_hours": 35, "comment": "Très bon entretien"});
    let detail: Value = put_decision(&app, &trainer, &reference, recruited).await.json().await.unwrap();
    assert_eq!(detail["decision"]["validated"], false, "R-AVIS-6: a draft");
    let counsellor_view = problem(put_decision(&app, &counsellor, &reference, json!({})).await).await;
    assert_eq!(counsellor_view.0, 403, "R-ACC-3: only the positioner or trainer decides");

    let validated = validate(&app, &trainer, &reference).await;
    assert_eq!(validated.status(), 200);
    let validated: Value = validated.json().await.unwrap();
    assert_eq!(
        (validated["state"].as_str(), validated["decision"]["validated"].as_bool()),
        (Some("retained"), Some(true))
    );
    let (status, error) = problem(put_decision(&app, &trainer, &reference, json!({})).await).await;
    assert_eq!((status, error["code"].as_str()), (409, Some("decision_final")));
    assert_eq!(problem(validate(&app, &trainer, &reference).await).await.0, 409);

    // The database itself refuses to change a final decision.
    let db = app.db.clone();
    let reference_sql = reference.clone();
    let refused = actix_web::web::block(move || {
        use diesel::RunQueryDsl;
        let mut conn = db.get().unwrap();
        diesel::sql_query(format!("UPDATE applications SET state = 'pending' WHERE reference = '{reference_sql}'"))
            .execute(&mut conn)
    })
    .await
    .unwrap();
    assert!(refused.is_err(), "the trigger refuses the update");
    let list: Value = app
        .get(&format!("/api/sessions/{UPCOMING}/applications?state=retained"), Some(&trainer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["planned_entry_date"], plus(20));
    assert_eq!(list["items"][0]["invites_count"], 2);
}

async fn r_avis_3_an_unexcused_absence_ends_as_not_retained(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let reference = apply_ok(&app, &counsellor, UPCOMING, 1).await;
    let trainer = app.login(TRAINER).await;
    put_decision(&app, &trainer, &reference, json!({"invites": [{"date": plus(-1), "result": "unexcused_absence"}]}))
        .await;
    let detail: Value = validate(&app, &trainer, &reference).await.json().await.unwrap();
    assert_eq!(
        (detail["state"].as_str(), detail["decision"]["automatic"].as_str()),
        (Some("not_retained"), Some("unexcused_absence"))
    );
    let session: Value = app.get(&format!("/api/sessions/{UPCOMING}"), Some(&trainer)).await.json().await.unwrap();
    assert_eq!(session["places_held"], 0, "R-QUOTA-2: not retained frees its place");
}

async fn r_avis_8_a_batch_reports_each_outcome(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let a = apply_ok(&app, &counsellor, UPCOMING, 1).await;
    let b = apply_ok(&app, &counsellor, UPCOMING, 2).await;
    let trainer = app.login(TRAINER).await;
    let batch = json!({"references": [a, b, "0000000001"],
        "action": {"type": "not_retained", "reason": "prerequisites_not_met", "detail": "Permis C requis"}});
    let response = app.post_json(&format!("/api/sessions/{UPCOMING}/applications/batch"), Some(&trainer), batch).await;
    assert_eq!(response.status(), 200);
    let results: Value = response.json().await.unwrap();
    let results = results["results"].as_array().unwrap();
    assert_eq!((results[0]["ok"].as_bool(), results[0]["state"].as_str()), (Some(true), Some("not_retained")));
    assert_eq!(results[1]["state"], "not_retained");
    assert_eq!((results[2]["ok"].as_bool(), results[2]["error"]["code"].as_str()), (Some(false), Some("not_found")));
    let again =
        json!({"references": [results[0]["reference"]], "action": {"type": "set_invite_date", "date": plus(1)}});
    let again: Value = app
        .post_json(&format!("/api/sessions/{UPCOMING}/applications/batch"), Some(&trainer), again)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["results"][0]["error"]["code"], "decision_final");
}

async fn r_list_2_r_list_3_lists_with_counts_and_tenancy_between_prescribers(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let trainer = app.login(TRAINER).await;
    let total = |list: &Value| list["total"].as_u64().unwrap();
    // The demo already holds applications: compare with what was there before.
    let current_before: Value =
        app.get("/api/applications?period=current&role=trainer", Some(&trainer)).await.json().await.unwrap();
    let finished_before: Value =
        app.get("/api/applications?period=finished", Some(&trainer)).await.json().await.unwrap();
    let own_before: Value = app.get("/api/applications", Some(&counsellor)).await.json().await.unwrap();
    for n in 0..3 {
        apply_ok(&app, &counsellor, UPCOMING, n).await;
    }
    let mission_locale = member_of(&app, "Mission Locale du Grand Périgueux", "ml@example.org").await;
    apply_ok(&app, &mission_locale, UPCOMING, 7).await;

    let session: Value = app
        .get(&format!("/api/sessions/{UPCOMING}/applications?per_page=2"), Some(&trainer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((session["total"].as_u64(), session["counts"]["pending"].as_u64()), (Some(4), Some(4)));
    assert_eq!(session["items"].as_array().unwrap().len(), 2, "server-side pages");
    let found: Value = app
        .get(&format!("/api/sessions/{UPCOMING}/applications?q=candidat7"), Some(&trainer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(found["items"][0]["prescriber"]["name"], "Mission Locale du Grand Périgueux");
    let sorted: Value = app
        .get(&format!("/api/sessions/{UPCOMING}/applications?sort=candidate"), Some(&trainer))
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<&str> =
        sorted["items"].as_array().unwrap().iter().map(|a| a["candidate_name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["CANDIDAT0 Alex", "CANDIDAT1 Alex", "CANDIDAT2 Alex", "CANDIDAT7 Alex"]);

    let current: Value =
        app.get("/api/applications?period=current&role=trainer", Some(&trainer)).await.json().await.unwrap();
    assert_eq!(total(&current), total(&current_before) + 4);
    let finished: Value = app.get("/api/applications?period=finished", Some(&trainer)).await.json().await.unwrap();
    assert_eq!(total(&finished), total(&finished_before), "R-TIME-4: the new ones are on an upcoming session");
    assert_eq!(current["period_counts"]["finished"], finished["total"], "the other tab's count comes with the list");
    assert!(
        finished["items"].as_array().unwrap().iter().all(|a| a["session_end"].as_str().unwrap() < plus(0).as_str())
    );

    let own: Value = app.get("/api/applications", Some(&counsellor)).await.json().await.unwrap();
    assert_eq!(total(&own), total(&own_before) + 3, "France Travail sees its own, not the Mission Locale's");
    let theirs: Value = app.get("/api/applications", Some(&mission_locale)).await.json().await.unwrap();
    assert_eq!(total(&theirs), 1, "the Mission Locale sees only its own");
    let foreign = own["items"][0]["reference"].as_str().unwrap();
    assert_eq!(problem(app.get(&format!("/api/applications/{foreign}"), Some(&mission_locale)).await).await.0, 404);
    assert_eq!(
        problem(app.get(&format!("/api/sessions/{UPCOMING}/applications"), Some(&counsellor)).await).await.0,
        404
    );
}

async fn r_list_3_the_csv_export_opens_in_french_excel_and_neutralises_formulas(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let mut injected = candidate(1);
    injected["last_name"] = json!("=cmd|' /C calc'!A0");
    let response = apply(&app, &counsellor, UPCOMING, injected).await;
    assert_eq!(response.status(), 201);
    let trainer = app.login(TRAINER).await;
    let response = app.get(&format!("/api/sessions/{UPCOMING}/applications.csv"), Some(&trainer)).await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("candidatures-session-{UPCOMING}.csv"))
    );
    let bytes = response.bytes().await.unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF", "UTF-8 BOM");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Référence;Candidat;"), "{}", lines[0]);
    let today_fr = today().format("%d/%m/%Y").to_string();
    assert!(lines[1].contains(&today_fr), "dd/mm/yyyy: {}", lines[1]);
    assert!(lines[1].contains(";'=CMD|"), "the formula is neutralised: {}", lines[1]);
    assert!(!lines[1].contains(";=CMD"), "{}", lines[1]);
}

async fn dashboard(app: &TestApp, token: &str) -> Value {
    app.get("/api/dashboard/application-counts", Some(token)).await.json().await.unwrap()
}

fn role_count(dashboard: &Value, role: &str, state: &str) -> u64 {
    let rows = dashboard["rows"].as_array().unwrap();
    rows.iter().find(|r| r["role"] == role).unwrap()["counts"][state].as_u64().unwrap()
}

async fn r_list_1_r_time_2_the_dashboard_counts_by_role_and_state(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let trainer = app.login(TRAINER).await;
    let before = dashboard(&app, &trainer).await;
    assert_eq!(before["since"], "2013-01-01");
    assert!(role_count(&before, "responsible", "no_decision_sent") >= 1, "the demo has every state");
    let a = apply_ok(&app, &counsellor, UPCOMING, 1).await;
    apply_ok(&app, &counsellor, UPCOMING, 2).await;
    put_decision(&app, &trainer, &a, json!({"invites": [{"date": plus(-1), "result": "unexcused_absence"}]})).await;
    validate(&app, &trainer, &a).await;
    let after = dashboard(&app, &trainer).await;
    for role in ["responsible", "trainer"] {
        assert_eq!(role_count(&after, role, "pending"), role_count(&before, role, "pending") + 1, "{role}");
        assert_eq!(role_count(&after, role, "not_retained"), role_count(&before, role, "not_retained") + 1, "{role}");
    }
    assert_eq!(role_count(&after, "positioner", "pending"), 0, "no demo session names Forma'Bois as positioner");
    assert_eq!(
        after["switching_within_15_days"], before["switching_within_15_days"],
        "the new ones switch months from now"
    );
    let since_today: Value = app
        .get(&format!("/api/dashboard/application-counts?since={}", plus(0)), Some(&trainer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(role_count(&since_today, "trainer", "pending"), 1, "cumulative since the given day");
    assert_eq!(problem(app.get("/api/dashboard/application-counts", Some(&counsellor)).await).await.0, 403);
}

async fn r_list_4_availability_shows_free_places_without_candidate_data(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    apply_ok(&app, &counsellor, UPCOMING, 1).await;
    let found: Value = app.get("/api/availability?department=24", Some(&counsellor)).await.json().await.unwrap();
    let references: Vec<&str> = found.as_array().unwrap().iter().map(|s| s["reference"].as_str().unwrap()).collect();
    assert!(references.contains(&UPCOMING) && references.contains(&RUNNING), "{references:?}");
    assert!(
        !references.contains(&"00511111") && !references.contains(&"00498765"),
        "cancelled and finished are not open"
    );
    let upcoming = found.as_array().unwrap().iter().find(|s| s["reference"] == UPCOMING).unwrap();
    assert_eq!(upcoming["places_left"], 23);
    assert!(!found.to_string().contains("Candidat1"), "no candidate data");
    let agen: Value = app.get("/api/availability?commune=agen", Some(&counsellor)).await.json().await.unwrap();
    assert_eq!(agen[0]["reference"], "00523456");
    let none: Value = app.get("/api/availability?q=boulangerie", Some(&counsellor)).await.json().await.unwrap();
    assert!(none.as_array().unwrap().is_empty());
    // Words of a title (any case) and of an objective only find the sessions of their training; `%` and `_`
    // are plain text.
    let worded = |q: &'static str| {
        let app = &app;
        let counsellor = &counsellor;
        async move {
            let found: Value =
                app.get(&format!("/api/availability?q={q}"), Some(counsellor)).await.json().await.unwrap();
            let mut references: Vec<String> =
                found.as_array().unwrap().iter().map(|s| s["reference"].as_str().unwrap().to_owned()).collect();
            references.sort();
            references
        }
    };
    assert_eq!(worded("M%C3%89CANICIEN").await, ["00523456"], "a title word, upper-cased");
    let chauffeur = worded("n%C3%A9goce%20de%20mat%C3%A9riaux").await;
    assert!(chauffeur.contains(&UPCOMING.to_owned()) && chauffeur.contains(&RUNNING.to_owned()), "{chauffeur:?}");
    assert!(!chauffeur.contains(&"00523456".to_owned()), "{chauffeur:?}");
    assert_eq!(worded("pr%C3%A9parer%20aux%20m%C3%A9tiers").await, chauffeur, "an objective's words");
    assert!(worded("%25").await.is_empty() && worded("_").await.is_empty(), "wildcards are text");
    assert!(worded("%25_%25").await.is_empty(), "wildcards are text, also where a trigram index answers");
    for hostile in ["%22%20OR%20%22", "objective%3A%20pr%C3%A9parer", "NEAR(m%C3%A9c%20aut)", "m%C3%A9ca*"] {
        assert!(worded(hostile).await.is_empty(), "{hostile}: the search syntax of the trigram index is text");
    }
    assert_eq!(worded("ANICIEN%20DE").await, ["00523456"], "words of a title in any case, across a space");
}

async fn r_app_3_cancelling_a_session_refuses_its_pending_applications(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let reference = apply_ok(&app, &counsellor, UPCOMING, 1).await;
    let funder = app.login(FUNDER).await;
    assert_eq!(
        app.post_json(&format!("/api/sessions/{UPCOMING}/cancel"), Some(&funder), json!({})).await.status(),
        200
    );
    let detail: Value =
        app.get(&format!("/api/applications/{reference}"), Some(&counsellor)).await.json().await.unwrap();
    assert_eq!(detail["state"], "refused_session_cancelled");
}

async fn r_acc_3_r_acc_4_application_routes_answer_404_outside_ones_perimeter(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let reference = apply_ok(&app, &counsellor, UPCOMING, 1).await;
    let outsider = member_of(&app, "Atelier Formation Agenais", "agen@example.org").await;
    let spec = serde_json::to_value(tremplin::openapi::document()).unwrap();
    let mut checked = 0;
    for (path, item) in spec["paths"].as_object().unwrap() {
        let url = if path.starts_with("/api/applications/{reference}") {
            path.replace("{reference}", &reference)
        } else if path.starts_with("/api/sessions/{reference}/applications") {
            path.replace("{reference}", UPCOMING)
        } else {
            continue;
        };
        for method in item.as_object().unwrap().keys() {
            if path == "/api/sessions/{reference}/applications" && method == "post" {
                continue; // applying is for prescribers, to any published session
            }
            let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            // One body every route of the list takes (the outcome's too), so only the perimeter can refuse it.
            let body = json!({"references": [reference], "action": {"type": "set_invite_date", "date": plus(1)},
                "outcome": "unknown"});
            let response = app
                .client
                .request(method.clone(), app.url(&url))
                .bearer_auth(&outsider)
                .json(&body)
                .send()
                .await
                .unwrap();
            let (status, body) = problem(response).await;
            assert_eq!(status, 404, "{method} {path}: {body}");
            checked += 1;
        }
    }
    assert!(checked >= 6, "{checked} application routes checked");
}

async fn r_gdpr_1_each_read_of_a_candidate_page_is_logged(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let reference = apply_ok(&app, &counsellor, UPCOMING, 1).await;
    let trainer = app.login(TRAINER).await;
    for _ in 0..2 {
        let detail: Value =
            app.get(&format!("/api/applications/{reference}"), Some(&trainer)).await.json().await.unwrap();
        assert_eq!(detail["candidate"]["last_name"], "Candidat1");
    }
    let db = app.db.clone();
    let count = actix_web::web::block(move || {
        let mut conn = db.get()?;
        let row = tremplin::store::applications::find(&mut conn, &reference)?.unwrap();
        Ok::<_, tremplin::error::ApiError>(tremplin::store::candidate_reads::count(&mut conn, row.id)?)
    })
    .await
    .unwrap()
    .unwrap();
    assert_eq!(count, 2);
}

async fn r_quota_3_concurrent_applications_never_exceed_the_quota(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    for round in 0..10 {
        let session = new_session(&app, 12, 2).await;
        let requests = (0..200).map(|n| apply(&app, &counsellor, &session, candidate(round * 1000 + n)));
        let responses = futures_util::future::join_all(requests).await;
        let mut states = Vec::with_capacity(200);
        for response in responses {
            assert_eq!(response.status(), 201, "no 5xx, no refusal other than a full session");
            let body: Value = response.json().await.unwrap();
            states.push(body["state"].as_str().unwrap().to_owned());
        }
        let pending = states.iter().filter(|s| *s == "pending").count();
        let full = states.iter().filter(|s| *s == "refused_session_full").count();
        assert_eq!((pending, full), (24, 176), "round {round}");
    }
}

/// On PostgreSQL an intake checks for the person's live application before it holds the session's lock: the
/// unique index on live applications is then the last word, and every copy but one must be refused as a
/// duplicate, not written and not answered with a server error.
async fn r_app_1_one_person_sent_many_times_at_once_holds_one_live_application(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let session = new_session(&app, 12, 2).await;
    let responses =
        futures_util::future::join_all((0..8).map(|_| apply(&app, &counsellor, &session, candidate(7)))).await;
    let mut codes = Vec::new();
    for response in responses {
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        codes.push((status, body["state"].as_str().or(body["code"].as_str()).unwrap().to_owned()));
    }
    codes.sort();
    let refused = (409, "duplicate_application".to_owned());
    assert_eq!(codes, [vec![(201, "pending".to_owned())], vec![refused; 7]].concat());
    let db = app.db.clone();
    let held: i32 = actix_web::web::block(move || {
        let mut conn = db.get().unwrap();
        tremplin::store::sessions::find(&mut conn, &session).unwrap().unwrap().places_held
    })
    .await
    .unwrap();
    assert_eq!(held, 1);
}

async fn r_quota_4_concurrent_validations_never_exceed_the_capacity(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let session = new_session(&app, 12, 3).await;
    let counsellor = app.login(COUNSELLOR).await;
    let trainer = app.login(TRAINER).await;
    let mut references = Vec::new();
    for n in 0..30 {
        let reference = apply_ok(&app, &counsellor, &session, n).await;
        let draft = json!({"invites": [{"date": plus(-1), "result": "present"}], "recruited": true,
            "entry_date": plus(30), "exit_date": plus(100), "weekly_hours": 30});
        assert_eq!(put_decision(&app, &trainer, &reference, draft).await.status(), 200);
        references.push(reference);
    }
    let responses = futures_util::future::join_all(references.iter().map(|r| validate(&app, &trainer, r))).await;
    let statuses: Vec<u16> = responses.iter().map(|r| r.status().as_u16()).collect();
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 12, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 409).count(), 18, "{statuses:?}");
    let retained: Value = app
        .get(&format!("/api/sessions/{session}/applications?state=retained"), Some(&trainer))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(retained["total"], 12);
}

/// The web app draws its occupancy bars from these numbers rather than parsing the "Inscrits" text.
async fn r_quota_5_every_session_view_gives_held_quota_retained_and_capacity_as_numbers(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let session = new_session(&app, 2, 3).await;
    let counsellor = app.login(COUNSELLOR).await;
    let trainer = app.login(TRAINER).await;
    let references: Vec<String> =
        futures_util::future::join_all((0..3).map(|n| apply_ok(&app, &counsellor, &session, n))).await;
    let draft = json!({"invites": [{"date": plus(-1), "result": "present"}], "recruited": true,
        "entry_date": plus(30), "exit_date": plus(100), "weekly_hours": 30});
    assert_eq!(put_decision(&app, &trainer, &references[0], draft).await.status(), 200);
    assert_eq!(validate(&app, &trainer, &references[0]).await.status(), 200);
    let absent = json!({"invites": [{"date": plus(-1), "result": "unexcused_absence"}]});
    assert_eq!(put_decision(&app, &trainer, &references[1], absent).await.status(), 200);
    assert_eq!(validate(&app, &trainer, &references[1]).await.status(), 200);
    // One retained and one pending hold a place (R-QUOTA-2); the one not retained freed its own.
    let numbers = |v: &Value| {
        let n = |key: &str| v[key].as_u64();
        (n("places_held"), n("quota"), n("retained"), n("capacity"), v["occupancy"].as_str().map(str::to_owned))
    };
    let expected = (Some(2), Some(6), Some(1), Some(2), Some("2 / 6".to_owned()));

    let form: Value = app.get(&format!("/api/sessions/{session}"), Some(&trainer)).await.json().await.unwrap();
    assert_eq!(numbers(&form), expected, "the session form: {form}");
    let training = form["training_reference"].as_str().unwrap();
    let training: Value = app.get(&format!("/api/trainings/{training}"), Some(&trainer)).await.json().await.unwrap();
    let summary = &training["sessions"][0];
    assert_eq!(numbers(summary), expected, "the training's sessions table: {summary}");
    assert_eq!(
        (summary["registration_deadline"].as_str(), summary["late_entry_deadline"].as_str()),
        (Some(plus(20).as_str()), Some(plus(40).as_str())),
        "the training's timeline draws both deadlines"
    );
    let list: Value = app.get(&format!("/api/sessions?q={session}"), Some(&trainer)).await.json().await.unwrap();
    assert_eq!(list["total"], 1, "{list}");
    assert_eq!(numbers(&list["items"][0]), expected, "Gestion par sessions: {list}");
}
