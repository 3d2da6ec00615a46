//! Anonymisation leaves nothing behind (R-GDPR-2): after it, no row of any table — and on SQLite no byte of
//! the database file or its write-ahead log — holds the candidate's personal data, while the application, its
//! state and the structure of its decision stay for statistics.

use chrono::Days;
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl, SqliteConnection};
use serde_json::{Value, json};
use tremplin::store;

use crate::helpers::{Backend, COUNSELLOR, TRAINER, TestApp};
use crate::on_both_backends;

on_both_backends!(r_gdpr_2_anonymisation_leaves_no_personal_data_in_any_table_or_file);

const UPCOMING: &str = "00512345";

/// Pieces of the candidate's data that appear nowhere else, in every form they may be stored.
const DISTINCTIVE: [&str; 12] = [
    "Vzqokrant",
    "vzqokrant",
    "VZQOKRANT",
    "Ulvhild",
    "ulvhild",
    "1991-07-23",
    "47 19 83 25",
    "47198325",
    "Hqxwz",
    "Jkvpq",
    "Wzrtx",
    "Pmqzv",
];

fn day(offset: i64) -> String {
    let today = chrono::Local::now().date_naive();
    let date = if offset >= 0 { today + Days::new(offset as u64) } else { today - Days::new((-offset) as u64) };
    date.to_string()
}

#[derive(QueryableByName)]
struct Text {
    #[diesel(sql_type = diesel::sql_types::Text)]
    text: String,
}

/// A row as bytes: SQLite's full-text index keeps binary pages (training titles), read as text where they
/// hold any.
#[derive(QueryableByName)]
struct Bytes {
    #[diesel(sql_type = diesel::sql_types::Binary)]
    bytes: Vec<u8>,
}

/// Every row of every table, as text, with its table's name.
fn every_row(app: &TestApp, backend: Backend) -> Vec<(String, String)> {
    let mut rows = Vec::new();
    match backend {
        Backend::Postgres => {
            let mut conn = PgConnection::establish(&app.database_url).unwrap();
            let tables: Vec<Text> = diesel::sql_query(
                "SELECT table_name::text AS text FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            )
            .load(&mut conn)
            .unwrap();
            for table in tables {
                let sql = format!("SELECT row_to_json(t)::text AS text FROM \"{}\" t", table.text);
                let found: Vec<Text> = diesel::sql_query(sql).load(&mut conn).unwrap();
                rows.extend(found.into_iter().map(|row| (table.text.clone(), row.text)));
            }
        }
        Backend::Sqlite => {
            let path = app.database_url.strip_prefix("sqlite://").unwrap();
            let mut conn = SqliteConnection::establish(path).unwrap();
            let tables: Vec<Text> = diesel::sql_query("SELECT name AS text FROM sqlite_master WHERE type = 'table'")
                .load(&mut conn)
                .unwrap();
            for table in tables {
                let columns: Vec<Text> =
                    diesel::sql_query(format!("SELECT name AS text FROM pragma_table_info('{}')", table.text))
                        .load(&mut conn)
                        .unwrap();
                let cells: Vec<String> =
                    columns.iter().map(|c| format!("COALESCE(CAST(\"{}\" AS TEXT), '')", c.text)).collect();
                let sql =
                    format!("SELECT CAST({} AS BLOB) AS bytes FROM \"{}\"", cells.join(" || '|' || "), table.text);
                let found: Vec<Bytes> = diesel::sql_query(sql).load(&mut conn).unwrap();
                rows.extend(
                    found.into_iter().map(|row| (table.text.clone(), String::from_utf8_lossy(&row.bytes).into_owned())),
                );
            }
        }
    }
    rows
}

/// Where each distinctive string still appears among `rows`.
fn leaks(rows: &[(String, String)]) -> Vec<String> {
    let mut found = Vec::new();
    for needle in DISTINCTIVE {
        for (table, row) in rows.iter().filter(|(_, row)| row.contains(needle)) {
            found.push(format!("{needle} in {table}: {row}"));
        }
    }
    found
}

/// Where each distinctive string appears in the raw bytes of the SQLite file, its read log's file and their
/// write-ahead logs.
fn leaks_in_files(app: &TestApp) -> Vec<String> {
    let path = app.database_url.strip_prefix("sqlite://").unwrap().to_owned();
    let mut found = Vec::new();
    let read_log = tremplin::db::read_log_file::path_of(&path);
    for file in [path.clone(), format!("{path}-wal"), read_log.clone(), format!("{read_log}-wal")] {
        let Ok(bytes) = std::fs::read(&file) else { continue };
        for needle in DISTINCTIVE {
            if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                found.push(format!("{needle} in {file}"));
            }
        }
    }
    found
}

async fn r_gdpr_2_anonymisation_leaves_no_personal_data_in_any_table_or_file(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let trainer = app.login(TRAINER).await;
    let candidate = json!({"last_name": "Vzqokrant", "first_name": "Ulvhild", "birth_date": "1991-07-23",
        "email": "ulvhild.vzqokrant@example.org", "phone": "06 47 19 83 25", "postcode": "24000", "city": "Périgueux",
        "employment_situation": "Demandeur d'emploi", "education_level": "CAP", "last_diploma": "CAP Vente"});
    let body = json!({"candidate": candidate, "presentation": "Présentation Hqxwz : grande motivation."});
    let response = app.post_json(&format!("/api/sessions/{UPCOMING}/applications"), Some(&counsellor), body).await;
    assert_eq!(response.status(), 201);
    let reference = response.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned();

    // Read, decided "Non" with a reason and free texts, validated: a KAIROS message is queued.
    assert_eq!(app.get(&format!("/api/applications/{reference}"), Some(&trainer)).await.status(), 200);
    let draft = json!({"invites": [{"date": day(-1), "result": "present"}], "recruited": false,
        "refusal_reason": "prerequisites_not_met", "refusal_detail": "Détail Jkvpq du refus",
        "comment": "Commentaire Wzrtx"});
    let saved = crate::applications::put_decision(&app, &trainer, &reference, draft).await;
    assert_eq!(saved.status(), 200);
    let validated =
        app.post_json(&format!("/api/applications/{reference}/decision/validate"), Some(&trainer), json!({})).await;
    assert_eq!(validated.status(), 200);

    let (db, at) = (app.db.clone(), reference.clone());
    actix_web::web::block(move || -> Result<(), tremplin::error::ApiError> {
        let mut conn = db.get()?;
        // Every message is delivered…
        let now = chrono::Utc::now().naive_utc() + chrono::Duration::minutes(1);
        let claimed = store::outbox::claim_due(
            &mut conn,
            now,
            chrono::Duration::minutes(5),
            100,
            &["kairos", "webhook", "email"],
        )?;
        assert!(claimed.iter().any(|m| m.destination == "kairos" && m.payload.contains("Vzqokrant")));
        for message in claimed {
            store::outbox::mark_sent(&mut conn, message.id)?;
        }
        // …but one more, still waiting, and an audit entry whose values name the person (as a future audited
        // decision would): anonymisation must reach those too.
        let id = store::applications::find(&mut conn, &at)?.unwrap().id;
        let payload =
            |_: &str| Ok::<_, store::Error>(r#"{"candidate":{"last_name":"Vzqokrant","note":"Pmqzv"}}"#.to_owned());
        let event = store::outbox::NewEvent {
            event_type: "application.decided",
            destination: "kairos",
            subscription_id: None,
            application_id: Some(id),
            payload: &payload,
        };
        store::outbox::enqueue(&mut conn, &event)?;
        let changes = [store::audit::change("comment", "", "Commentaire Wzrtx pour Ulvhild Vzqokrant")];
        store::audit::record_by_system(&mut conn, store::audit::Entity::Application(&at), "decision_saved", &changes)?;
        Ok(())
    })
    .await
    .unwrap()
    .unwrap();
    assert!(!leaks(&every_row(&app, backend)).is_empty(), "the data is there before anonymisation");
    if backend == Backend::Sqlite {
        assert!(!leaks_in_files(&app).is_empty(), "and in the files");
    }

    let far = chrono::Local::now().date_naive() + Days::new(2000);
    let db = app.db.clone();
    let retention = domain::retention::Retention::default();
    let anonymised = actix_web::web::block(move || tremplin::jobs::anonymise_expired(&mut db.get()?, far, retention))
        .await
        .unwrap()
        .unwrap();
    assert!(anonymised.done >= 1 && anonymised.failed.is_empty(), "{anonymised:?}");

    if backend == Backend::Sqlite {
        assert_eq!(leaks_in_files(&app), Vec::<String>::new(), "no byte of the file or its log holds them");
    }
    assert_eq!(leaks(&every_row(&app, backend)), Vec::<String>::new(), "no row of any table holds them");

    // What statistics need stays; the undelivered message is abandoned, never sent late.
    let db = app.db.clone();
    actix_web::web::block(move || -> Result<(), tremplin::error::ApiError> {
        let mut conn = db.get()?;
        let row = store::applications::find(&mut conn, &reference)?.unwrap();
        assert_eq!((row.state.code(), row.presentation.as_str()), ("not_retained", ""));
        let draft: Value = serde_json::from_str(&row.decision_draft).unwrap();
        assert_eq!(
            (draft["refusal_reason"].as_str(), draft["recruited"].as_bool()),
            (Some("prerequisites_not_met"), Some(false))
        );
        assert_eq!(draft["invites"][0]["result"], "present");
        assert_eq!(store::candidate_reads::count(&mut conn, row.id)?, 0, "the read log past its retention is gone");
        let dead = store::outbox::list(&mut conn, contract::DeliveryState::Dead, 100)?;
        let abandoned: Vec<_> =
            dead.iter().filter(|m| m.application_reference.as_deref() == Some(&reference)).collect();
        assert_eq!(abandoned.len(), 1, "{dead:?}");
        assert!(!store::outbox::retry(&mut conn, abandoned[0].id)?, "an erased message is never sent");
        let sent = store::outbox::list(&mut conn, contract::DeliveryState::Sent, 100)?;
        assert!(
            sent.iter().any(|m| m.application_reference.as_deref() == Some(&reference)),
            "delivered: kept as a trace"
        );
        let history = store::audit::history(&mut conn, store::audit::Entity::Application(&reference))?;
        let saved = history.iter().find(|h| h.action == "decision_saved").unwrap();
        assert_eq!((saved.changes[0].field.as_str(), &saved.changes[0].after), ("comment", &Value::Null));
        assert_eq!(history[0].action, "anonymised");
        Ok(())
    })
    .await
    .unwrap()
    .unwrap();
}
