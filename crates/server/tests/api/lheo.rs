//! LHEO 2.3 (issue 13): the public export is valid against the shipped schema (checked by `xmllint`, which
//! must be installed: the test fails without it), and the platform's import creates, updates and refuses as
//! its report says, writes nothing twice, and keeps what organisations enriched.

use std::path::{Path, PathBuf};

use diesel::prelude::*;
use serde_json::{Value, json};
use tremplin::db::schema::{audit_events, sessions, trainings};

use crate::helpers::{ADMIN, Backend, Options, TRAINER, TestApp, problem};

const IMPORT: &str = "/api/admin/imports/lheo";

fn fixture() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/lheo/demo-region.xml")).unwrap()
}

fn schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("lheo/lheo-2.3.xsd")
}

/// Validates a document with `xmllint --schema`; a missing `xmllint` fails the test (`make test` installs
/// Debian's `libxml2-utils`).
fn assert_valid_lheo(xml: &str) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("offres.xml");
    std::fs::write(&file, xml).unwrap();
    let output = std::process::Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema())
        .arg(&file)
        .output()
        .unwrap_or_else(|e| panic!("xmllint is required (Debian package libxml2-utils): {e}"));
    assert!(
        output.status.success(),
        "export invalid against LHEO 2.3: {}",
        String::from_utf8_lossy(&output.stderr).chars().take(3000).collect::<String>()
    );
}

async fn export(app: &TestApp) -> String {
    let response = app.get("/api/lheo/offres.xml", None).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"].to_str().unwrap().starts_with("application/xml"));
    response.text().await.unwrap()
}

async fn upload(app: &TestApp, token: Option<&str>, xml: String) -> reqwest::Response {
    let mut request = app.client.post(app.url(IMPORT)).header("Content-Type", "application/xml").body(xml);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

async fn import_ok(app: &TestApp, token: &str, xml: String) -> Value {
    let response = upload(app, Some(token), xml).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

fn counts(report: &Value, kind: &str) -> (u64, u64, u64) {
    let c = &report[kind];
    (c["created"].as_u64().unwrap(), c["updated"].as_u64().unwrap(), c["unchanged"].as_u64().unwrap())
}

/// Every stored value an import may touch, and the audit trail's length: equal snapshots mean nothing moved.
fn snapshot(app: &TestApp) -> String {
    let mut conn = app.db.get().unwrap();
    let t: Vec<(String, chrono::NaiveDateTime, String, String, Option<String>)> = trainings::table
        .order(trainings::id)
        .select((
            trainings::reference,
            trainings::updated_at,
            trainings::objective,
            trainings::programme,
            trainings::lheo_imported,
        ))
        .load(&mut conn)
        .unwrap();
    let s: Vec<(String, chrono::NaiveDateTime, i64, chrono::NaiveDate, i32, Option<String>)> = sessions::table
        .order(sessions::id)
        .select((
            sessions::reference,
            sessions::updated_at,
            sessions::version,
            sessions::end_date,
            sessions::capacity,
            sessions::lheo_imported,
        ))
        .load(&mut conn)
        .unwrap();
    let audit: i64 = audit_events::table.count().get_result(&mut conn).unwrap();
    format!("{t:?}\n{s:?}\n{audit}")
}

/// The reference of the imported training with this LHEO id.
fn reference_of(app: &TestApp, lheo_id: &str) -> String {
    let mut conn = app.db.get().unwrap();
    trainings::table
        .filter(trainings::lheo_formation_id.eq(lheo_id))
        .select(trainings::reference)
        .first(&mut conn)
        .unwrap()
}

/// The demo data (`tremplin serve --demo`) exports as valid LHEO, without a candidate's or a member's data.
async fn demo_export_is_valid_and_public(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let xml = export(&app).await;
    assert!(xml.contains("<formation numero=\"202305156095\">"), "the guide's training");
    assert!(xml.contains("<session numero=\"00512345\">"), "its upcoming session");
    assert!(!xml.contains("00511111"), "a cancelled session is not offered");
    assert_valid_lheo(&xml);
    let mut conn = app.db.get().unwrap();
    use tremplin::db::schema::{candidates, users};
    let people: Vec<(String, String, String, String)> = candidates::table
        .select((candidates::last_name, candidates::first_name, candidates::email, candidates::phone))
        .load(&mut conn)
        .unwrap();
    assert!(!people.is_empty());
    for (last, first, email, phone) in people {
        for personal in [format!("{last} {first}"), format!("{first} {last}"), email, phone] {
            assert!(personal.len() < 6 || !xml.contains(&personal), "candidate data in the export: {personal}");
        }
    }
    let members: Vec<(String, String)> = users::table.select((users::email, users::full_name)).load(&mut conn).unwrap();
    for (email, name) in members {
        assert!(!xml.contains(&email) && !xml.contains(&name), "member data in the export: {email}");
    }
}

/// An offer of 1,000 trainings (imported, then exported) is valid, page boundaries included.
async fn thousand_trainings_export_is_valid(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let report = import_ok(&app, &admin, generated_offer(1_000)).await;
    assert_eq!(counts(&report, "trainings"), (1_000, 0, 0), "{report}");
    let xml = export(&app).await;
    assert_eq!(xml.matches("<formation ").count(), 1_000 + 2, "the thousand and the demo's two with open sessions");
    assert_valid_lheo(&xml);
}

/// A generated file of `n` trainings with one session each (Forma'Bois, funded by France Travail).
pub fn generated_offer(n: usize) -> String {
    let fixture = fixture();
    let start = fixture.find("<formation numero=\"NA-F-1003\">").unwrap();
    let end = fixture[start..].find("</formation>").unwrap() + start + "</formation>".len();
    let template = &fixture[start..end];
    let one_session = {
        let s = template.find("<session numero=\"NA-S-3005\">").unwrap();
        let e = template[s..].find("</session>").unwrap() + s + "</session>".len();
        template[..s].to_owned() + &template[e..]
    };
    let mut xml =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lheo xmlns=\"http://lheo.gouv.fr/2.3\"><offres>\n");
    for i in 0..n {
        xml.push_str(
            &one_session
                .replace("NA-F-1003", &format!("GEN-F-{i}"))
                .replace("NA-A-2003", &format!("GEN-A-{i}"))
                .replace("NA-S-3004", &format!("GEN-S-{i}"))
                .replace("Vendeur conseil en matériaux", &format!("Vendeur conseil n° {i}")),
        );
    }
    xml.push_str("</offres></lheo>\n");
    xml
}

/// The demo region's file imports, a second import changes nothing (rows and audit untouched), and the offer
/// exports back valid.
async fn import_then_reimport_changes_nothing(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let first = import_ok(&app, &admin, fixture()).await;
    assert_eq!(counts(&first, "trainings"), (3, 0, 0), "{first}");
    assert_eq!(counts(&first, "sessions"), (5, 0, 0), "{first}");
    let after_first = snapshot(&app);
    let second = import_ok(&app, &admin, fixture()).await;
    assert_eq!(counts(&second, "trainings"), (0, 0, 3), "{second}");
    assert_eq!(counts(&second, "sessions"), (0, 0, 5), "{second}");
    assert_eq!(second["refused"], json!([]));
    assert_eq!(snapshot(&app), after_first, "a re-import writes nothing");
    let reference = reference_of(&app, "NA-F-1001");
    let training: Value = app.get(&format!("/api/trainings/{reference}"), Some(&admin)).await.json().await.unwrap();
    assert_eq!(training["title"], "[POEC] Préparateur de commandes en entrepôt");
    assert_eq!(training["certification"]["published"], "RNCP35312");
    assert_eq!(training["texts"]["contact_email"], "contact@formabois.example");
    assert_eq!(training["sessions"].as_array().unwrap().len(), 2);
    let xml = export(&app).await;
    assert!(xml.contains("<formation numero=\"NA-F-1001\">") && xml.contains("<session numero=\"NA-S-3002\">"));
    assert_valid_lheo(&xml);
}

/// A dry run reports what would happen and writes nothing; the real import then creates everything.
async fn dry_run_writes_nothing(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let before = snapshot(&app);
    let response = app
        .client
        .post(app.url(&format!("{IMPORT}?dry_run=true")))
        .bearer_auth(&admin)
        .body(fixture())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let report: Value = response.json().await.unwrap();
    assert_eq!(report["dry_run"], true);
    assert_eq!(counts(&report, "trainings"), (3, 0, 0));
    assert_eq!(counts(&report, "sessions"), (5, 0, 0));
    assert_eq!(snapshot(&app), before);
    let report = import_ok(&app, &admin, fixture()).await;
    assert_eq!(counts(&report, "trainings"), (3, 0, 0));
    assert_eq!(counts(&report, "sessions"), (5, 0, 0));
}

/// A field the organisation enriched survives a re-import; an untouched field takes the base's new value
/// (R-LHEO-3), and so does an untouched session date.
async fn enriched_field_survives_reimport(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    import_ok(&app, &admin, fixture()).await;
    let reference = reference_of(&app, "NA-F-1001");
    let trainer = app.login(TRAINER).await;
    let enriched = "Objectif précisé par Forma'Bois : CACES en 6 semaines.";
    let response = app
        .client
        .patch(app.url(&format!("/api/trainings/{reference}")))
        .bearer_auth(&trainer)
        .json(&json!({ "objective": enriched }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
    let changed = fixture()
        .replace(
            "Préparer des commandes en sécurité et conduire un chariot élévateur.",
            "Nouvel objectif de la base régionale.",
        )
        .replace("Logistique d'entrepôt, gestes et postures", "Nouveau programme de la base régionale")
        .replace("<fin>20280320</fin>", "<fin>20280327</fin>");
    let report = import_ok(&app, &admin, changed).await;
    assert_eq!(counts(&report, "trainings"), (0, 1, 2), "{report}");
    assert_eq!(counts(&report, "sessions"), (0, 1, 4), "{report}");
    let training: Value = app.get(&format!("/api/trainings/{reference}"), Some(&admin)).await.json().await.unwrap();
    assert_eq!(training["texts"]["objective"], enriched, "the organisation's enrichment stays");
    assert!(training["texts"]["programme"].as_str().unwrap().starts_with("Nouveau programme"), "{training}");
    let session =
        training["sessions"].as_array().unwrap().iter().find(|s| s["start_date"] == "2028-01-10").unwrap().clone();
    assert_eq!(session["end_date"], "2028-03-27", "{session}");
}

/// Malformed XML and a file over the limit are refused whole, with a problem+json, and nothing is written.
async fn malformed_or_oversize_writes_nothing(backend: Backend) {
    let limit = 20_000;
    let app =
        TestApp::spawn_with(backend, Options { demo: true, lheo_import_max_bytes: limit, ..Options::default() }).await;
    let admin = app.login(ADMIN).await;
    let before = snapshot(&app);
    let broken = fixture().replace("</action>", "</actoin>");
    let (status, body) = problem(upload(&app, Some(&admin), broken).await).await;
    assert_eq!((status, body["code"].as_str().unwrap()), (422, "malformed_lheo"), "{body}");
    assert!(body["detail"].as_str().unwrap().contains("ligne"), "says where: {body}");
    let (status, body) = problem(upload(&app, Some(&admin), "<autre/>".to_owned()).await).await;
    assert_eq!((status, body["code"].as_str().unwrap()), (422, "malformed_lheo"), "{body}");
    let oversize = fixture() + &" ".repeat(limit);
    let (status, body) = problem(upload(&app, Some(&admin), oversize).await).await;
    assert_eq!((status, body["code"].as_str().unwrap()), (413, "payload_too_large"), "{body}");
    assert_eq!(snapshot(&app), before);
}

/// A session ending before it starts is refused with its path and the domain's reason (R-SES-2); its
/// training is left out, the others are imported.
async fn invalid_session_is_refused_with_its_path(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let xml =
        fixture().replace("<debut>20280301</debut><fin>20280510</fin>", "<debut>20280301</debut><fin>20280210</fin>");
    let report = import_ok(&app, &admin, xml).await;
    assert_eq!(counts(&report, "trainings"), (2, 0, 0), "{report}");
    assert_eq!(counts(&report, "sessions"), (3, 0, 0), "{report}");
    let refused = report["refused"].as_array().unwrap();
    assert_eq!(refused.len(), 1, "{report}");
    assert_eq!(refused[0]["path"], "/lheo/offres/formation[3]/action[1]/session[1]/periode");
    assert!(refused[0]["reason"].as_str().unwrap().contains("fin"), "{report}");
    let unknown = fixture().replace("<SIRET>78945612300015</SIRET>", "<SIRET>73282932000074</SIRET>");
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let report = import_ok(&app, &admin, unknown).await;
    assert_eq!(counts(&report, "trainings"), (2, 0, 0), "{report}");
    assert_eq!(report["refused"][0]["path"], "/lheo/offres/formation[2]");
    assert!(report["refused"][0]["reason"].as_str().unwrap().contains("73282932000074"), "{report}");
}

/// Only the platform imports: an organisation's member gets 403, an anonymous caller 401.
async fn only_the_platform_imports(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let (status, _) = problem(upload(&app, Some(&trainer), fixture()).await).await;
    assert_eq!(status, 403);
    let (status, _) = problem(upload(&app, None, fixture()).await).await;
    assert_eq!(status, 401);
    let mut conn = app.db.get().unwrap();
    let imported: i64 =
        trainings::table.filter(trainings::lheo_formation_id.is_not_null()).count().get_result(&mut conn).unwrap();
    assert_eq!(imported, 0);
}

crate::on_both_backends!(
    demo_export_is_valid_and_public,
    thousand_trainings_export_is_valid,
    import_then_reimport_changes_nothing,
    dry_run_writes_nothing,
    enriched_field_survives_reimport,
    malformed_or_oversize_writes_nothing,
    invalid_session_is_refused_with_its_path,
    only_the_platform_imports,
);
