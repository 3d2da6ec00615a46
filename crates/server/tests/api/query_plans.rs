//! The plans of the offer lists' hot queries use their indexes (issue 11), on both databases.
//!
//! The SQL explained is the SQL the server runs: the store functions run on an instrumented connection that
//! records each statement, which is then explained. The tables hold generated rows (500 organisations, 20,000
//! trainings, 60,000 sessions over ten years, the scale of issue 11): PostgreSQL plans with the statistics of `VACUUM ANALYZE`, the
//! way a loaded database is planned, not with `enable_seqscan = off`. SQLite plans without statistics, as the
//! server runs it (no `ANALYZE`).

use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use diesel::connection::{Instrumentation, InstrumentationEvent, SimpleConnection};
use diesel::prelude::*;
use diesel::sql_types::Text;
use domain::session::{DayRange, SessionState, SessionType, StateCriteria};
use domain::time_rules::SessionPeriod;
use domain::training::{AlertCriteria, TabCriteria, TrainingTab};
use tremplin::store::session_list::{self, Party, Scope, SessionFilter};
use tremplin::store::sessions::{self, AvailabilityFilter};
use tremplin::store::training_list::{self, After, Order, TrainingFilter, Window};

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(
    hot_offer_list_queries_use_their_indexes,
    the_outbox_claim_reads_one_range_per_destination,
    a_sessions_page_of_the_current_period_lists_its_earliest_sessions_first,
);

const SEED_SQLITE: &str = "
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500)
INSERT INTO organisations (name, siret, kind, commune, created_at)
SELECT 'Organisme ' || i, printf('9%013d', i), CASE WHEN i % 50 = 0 THEN 'funder' ELSE 'training_organisation' END,
       'Agen', '2026-01-01 00:00:00' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO trainings (reference, training_type, title, funder_organisation_id, contract_number, scheme, measure,
                       responsible_organisation_id, publication, certification_proposed, certification_rejected,
                       created_at, updated_at)
SELECT printf('9%011d', i), 'POEC', '[POEC] Formation ' || i, (SELECT min(id) FROM organisations) + 50 * (i % 6),
       'M-' || i, 'POEC', 'POEC', (SELECT min(id) FROM organisations) + (i % 500),
       CASE i % 10 WHEN 0 THEN 'awaiting_publication' WHEN 1 THEN 'deleted' WHEN 2 THEN 'published'
                   WHEN 3 THEN 'published' ELSE 'archived' END,
       CASE WHEN i % 97 = 0 THEN 'Titre proposé' END, CASE WHEN i % 89 = 0 THEN 'Titre refusé' END,
       '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 60000)
INSERT INTO sessions (reference, training_id, start_date, end_date, registration_deadline, late_entry_deadline,
                      department, commune, trainer_organisation_id, positioner_organisation_id, capacity, coefficient,
                      created_at, updated_at)
SELECT printf('9%07d', i), (SELECT min(id) FROM trainings) + ((i * 7) % 20000),
       date('2017-01-01', printf('%+d days', i * 3650 / 60000)), date('2017-01-01', printf('%+d days', i * 3650 / 60000 + 90)),
       date('2017-01-01', printf('%+d days', i * 3650 / 60000 - 10)), date('2017-01-01', printf('%+d days', i * 3650 / 60000 + 20)),
       '47', 'Agen', (SELECT min(id) FROM organisations) + (i % 500),
       CASE WHEN i % 3 = 0 THEN (SELECT min(id) FROM organisations) + ((i * 11) % 500) END, 12, 2,
       '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM n;
";

const SEED_POSTGRES: &str = "
INSERT INTO organisations (name, siret, kind, commune, created_at)
SELECT 'Organisme ' || i, '9' || lpad(i::text, 13, '0'), CASE WHEN i % 50 = 0 THEN 'funder' ELSE 'training_organisation' END,
       'Agen', '2026-01-01 00:00:00' FROM generate_series(1, 500) i;
INSERT INTO trainings (reference, training_type, title, funder_organisation_id, contract_number, scheme, measure,
                       responsible_organisation_id, publication, certification_proposed, certification_rejected,
                       created_at, updated_at)
SELECT '9' || lpad(i::text, 11, '0'), 'POEC', '[POEC] Formation ' || i, (SELECT min(id) FROM organisations) + 50 * (i % 6),
       'M-' || i, 'POEC', 'POEC', (SELECT min(id) FROM organisations) + (i % 500),
       CASE i % 10 WHEN 0 THEN 'awaiting_publication' WHEN 1 THEN 'deleted' WHEN 2 THEN 'published'
                   WHEN 3 THEN 'published' ELSE 'archived' END,
       CASE WHEN i % 97 = 0 THEN 'Titre proposé' END, CASE WHEN i % 89 = 0 THEN 'Titre refusé' END,
       '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM generate_series(1, 20000) i;
INSERT INTO sessions (reference, training_id, start_date, end_date, registration_deadline, late_entry_deadline,
                      department, commune, trainer_organisation_id, positioner_organisation_id, capacity, coefficient,
                      created_at, updated_at)
SELECT '9' || lpad(i::text, 7, '0'), (SELECT min(id) FROM trainings) + ((i * 7) % 20000),
       DATE '2017-01-01' + i * 3650 / 60000, DATE '2017-01-01' + i * 3650 / 60000 + 90,
       DATE '2017-01-01' + i * 3650 / 60000 - 10, DATE '2017-01-01' + i * 3650 / 60000 + 20,
       '47', 'Agen', (SELECT min(id) FROM organisations) + (i % 500),
       CASE WHEN i % 3 = 0 THEN (SELECT min(id) FROM organisations) + ((i * 11) % 500) END, 12, 2,
       '2026-01-01 00:00:00', '2026-01-01 00:00:00' FROM generate_series(1, 60000) i;
";

#[derive(QueryableByName)]
struct SqliteLine {
    #[diesel(sql_type = Text)]
    detail: String,
}

#[derive(QueryableByName)]
struct PgLine {
    #[diesel(sql_type = Text, column_name = "QUERY PLAN")]
    line: String,
}

/// Records the SQL text and binds of every statement run on the connection.
fn recorder(into: Arc<Mutex<Vec<String>>>) -> impl Instrumentation {
    move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { query, .. } = event {
            into.lock().unwrap().push(query.to_string());
        }
    }
}

/// The binds of a recorded statement as SQL literals, from their Rust `Debug` text: numbers, dates, strings
/// (without commas or quotes) and lists of them (PostgreSQL binds `IN` lists as one array).
fn literals(binds: &str) -> Vec<String> {
    let inner = binds.trim().strip_prefix('[').and_then(|b| b.strip_suffix(']')).unwrap_or(binds);
    let mut parts = Vec::new();
    let (mut depth, mut current) = (0, String::new());
    for c in inner.chars() {
        match c {
            '[' => depth += 1,
            ']' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    parts.push(current);
    parts.into_iter().map(|p| p.trim().to_owned()).filter(|p| !p.is_empty()).map(|p| literal(&p)).collect()
}

fn literal(bind: &str) -> String {
    if bind.starts_with('[') {
        format!("ARRAY[{}]", literals(bind).join(", "))
    } else if let Some(text) = bind.strip_prefix('"').and_then(|b| b.strip_suffix('"')) {
        format!("'{}'", text.replace("\\\\", "\\").replace('\'', "''"))
    } else if bind.parse::<NaiveDate>().is_ok() {
        format!("DATE '{bind}'")
    } else if bind.parse::<chrono::NaiveDateTime>().is_ok() {
        format!("TIMESTAMP '{bind}'")
    } else {
        bind.to_owned()
    }
}

/// The plan of one recorded statement, one line per node.
fn plan(conn: &mut tremplin::db::Conn, backend: Backend, recorded: &str) -> Vec<String> {
    let (sql, binds) = recorded.split_once(" -- binds: ").unwrap_or((recorded, "[]"));
    match backend {
        Backend::Sqlite => {
            // Unbound parameters plan like bound ones: without statistics SQLite does not look at values.
            let lines: Vec<SqliteLine> = diesel::sql_query(format!("EXPLAIN QUERY PLAN {sql}")).load(conn).unwrap();
            lines.into_iter().map(|l| l.detail).collect()
        }
        Backend::Postgres => {
            let values = literals(binds);
            conn.batch_execute(&format!("PREPARE hot AS {sql}")).unwrap();
            let explain = if values.is_empty() {
                "EXPLAIN EXECUTE hot".to_owned()
            } else {
                format!("EXPLAIN EXECUTE hot({})", values.join(", "))
            };
            let lines: Vec<PgLine> = diesel::sql_query(explain).load(conn).unwrap();
            conn.batch_execute("DEALLOCATE hot").unwrap();
            lines.into_iter().map(|l| l.line).collect()
        }
    }
}

/// A search by words on SQLite reads the trainings it matches from the trigram index of their words.
fn assert_matches_trigrams(conn: &mut tremplin::db::Conn, run: &dyn Fn(&mut tremplin::db::Conn)) {
    let recorded = Arc::new(Mutex::new(Vec::new()));
    conn.set_instrumentation(recorder(recorded.clone()));
    run(conn);
    conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
    let statements = recorded.lock().unwrap().clone();
    let statement = statements
        .iter()
        .find(|s| s.contains("training_trigrams MATCH"))
        .unwrap_or_else(|| panic!("no search of training_trigrams in {statements:?}"));
    let lines = plan(conn, Backend::Sqlite, statement);
    assert!(
        lines.iter().any(|l| l.contains("SCAN training_trigrams VIRTUAL TABLE INDEX 0:M")),
        "{statement}: reads every training's words:\n{}",
        lines.join("\n")
    );
}

/// Whether a plan reads a table without an index (a virtual table's `MATCH` reads its own index).
fn scans_a_table(backend: Backend, plan: &[String]) -> bool {
    plan.iter().any(|line| match backend {
        Backend::Sqlite => {
            let line = line.trim();
            line.starts_with("SCAN ")
                && !line.contains(" USING ")
                && !line.contains("CONSTANT ROW")
                && !line.contains("(subquery")
                && !line.contains("(union")
                && !line.starts_with("SCAN n")
                && !line.contains("VIRTUAL TABLE INDEX 0:M")
        }
        Backend::Postgres => line.contains("Seq Scan"),
    })
}

/// The generated offer, loaded into the test database.
fn seed(conn: &mut tremplin::db::Conn, backend: Backend) {
    conn.batch_execute(match backend {
        Backend::Sqlite => SEED_SQLITE,
        Backend::Postgres => SEED_POSTGRES,
    })
    .unwrap();
}

async fn hot_offer_list_queries_use_their_indexes(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut conn = app.db.get().unwrap();
    seed(&mut conn, backend);
    if backend == Backend::Postgres {
        // Statistics and the visibility map, as after a load; one statement each (VACUUM refuses a transaction).
        for table in ["organisations", "trainings", "sessions", "organisation_trainings"] {
            conn.batch_execute(&format!("VACUUM ANALYZE {table}")).unwrap();
        }
    }
    let org: i64 = {
        #[derive(QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            id: i64,
        }
        diesel::sql_query("SELECT min(id) + 7 AS id FROM organisations").get_result::<Id>(&mut conn).unwrap().id
    };
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let after = (NaiveDate::from_ymd_opt(2019, 3, 1).unwrap(), "90006000".to_owned());
    let all = SessionFilter {
        scope: Scope::All,
        state: None,
        start: DayRange::ANY,
        end: DayRange::ANY,
        text: None,
        session_type: None,
    };
    let every_role =
        SessionFilter { scope: Scope::Organisation { id: org, parties: Party::ALL.to_vec() }, ..all.clone() };
    let trainer =
        SessionFilter { scope: Scope::Organisation { id: org, parties: vec![Party::Trainer] }, ..all.clone() };
    let open = SessionFilter { state: Some(StateCriteria::of(SessionState::Open, today)), ..every_role.clone() };
    // R-LIST-TYPE-1: "Type session" is a condition on the session row the role's index finds.
    let typed = SessionFilter { session_type: Some(SessionType::parse("poec").unwrap()), ..every_role.clone() };
    let typed_trainer = SessionFilter { session_type: typed.session_type.clone(), ..trainer.clone() };

    // (what, the run, index names one of which the plan must name)
    type Run<'a> = Box<dyn Fn(&mut tremplin::db::Conn) + 'a>;
    let mut hot: Vec<(&str, Run, &[&str])> = Vec::new();
    for (name, filter, indexes) in [
        // The current period's few sessions may also come from the alerts' index, which leads with the end date.
        ("platform", &all, &["sessions_by_start", "sessions_end", "sessions_alerts"][..]),
        ("every role", &every_role, &["_by_start", "_by_end"][..]),
        ("trainer", &trainer, &["sessions_trainer_by_start", "sessions_trainer_by_end"][..]),
        ("open, every role", &open, &["_by_start", "_by_end"][..]),
        ("typed, every role", &typed, &["_by_start", "_by_end"][..]),
        ("typed, trainer", &typed_trainer, &["sessions_trainer_by_start", "sessions_trainer_by_end"][..]),
    ] {
        for period in [SessionPeriod::Current, SessionPeriod::Finished] {
            let ends = period.session_ends(today);
            hot.push((
                name,
                Box::new(move |c| {
                    let tally = session_list::count(c, filter, ends).unwrap();
                    drop(session_list::page(c, filter, ends, Some(&tally), None, 0, 11).unwrap())
                }),
                indexes,
            ));
            let after = after.clone();
            hot.push((
                name,
                Box::new(move |c| drop(session_list::page(c, filter, ends, None, Some(&after), 0, 11).unwrap())),
                indexes,
            ));
            hot.push((name, Box::new(move |c| assert!(session_list::count(c, filter, ends).is_ok())), indexes));
        }
    }
    let platform = TrainingFilter::default();
    let organisation = TrainingFilter { organisation: Some(org), text: None };
    for tab in TrainingTab::ALL {
        let criteria = TabCriteria::of(tab, today);
        for filter in [platform.clone(), organisation.clone()] {
            let (f, c) = (filter.clone(), criteria);
            hot.push((
                "training tab",
                Box::new(move |conn| {
                    let resolved = training_list::resolve(conn, &f, &AlertCriteria::on(today)).unwrap();
                    training_list::page(
                        conn,
                        &f,
                        &resolved,
                        &c,
                        Order::Reference,
                        Window { after: None, offset: 0, limit: 11 },
                    )
                    .unwrap();
                    training_list::count(conn, &f, &resolved, &c).unwrap();
                }),
                &["trainings_", "sessions_", "PRIMARY KEY", "trainings_pkey"],
            ));
        }
    }
    let f = organisation.clone();
    hot.push((
        "an organisation's trainings per tab",
        Box::new(move |conn| {
            training_list::resolve(conn, &f, &AlertCriteria::on(today)).unwrap();
            training_list::census(conn, &f, org).unwrap();
        }),
        &["trainings_", "sessions_", "PRIMARY KEY", "trainings_pkey"],
    ));
    let published = TabCriteria::of(TrainingTab::Published, today);
    let title = After::Title { title: "[poec] formation 2".to_owned(), reference: "900000000002".to_owned() };
    hot.push((
        "trainings by title",
        Box::new(move |conn| {
            let resolved = training_list::resolve(conn, &platform, &AlertCriteria::on(today)).unwrap();
            training_list::page(
                conn,
                &platform,
                &resolved,
                &published,
                Order::Title,
                Window { after: Some(&title), offset: 0, limit: 11 },
            )
            .unwrap();
        }),
        &[
            "trainings_tab_by_title",
            "trainings_tab_by_reference",
            "trainings_certification_rejected",
            "sessions_end",
            "sessions_alerts",
        ],
    ));
    hot.push((
        "availability",
        Box::new(move |conn| drop(sessions::available(conn, &AvailabilityFilter::default(), today, 200).unwrap())),
        // The accepting sessions from their own index (never every session in start order), then the page by id.
        &["sessions_accepting", "PRIMARY KEY", "sessions_pkey"],
    ));
    // Words anywhere in a title or an objective: SQLite takes the matching trainings from its trigram index of
    // their words; PostgreSQL probes the training of each session taking applications by its key, or takes the
    // matching trainings from its trigram indexes. Never every training.
    let worded = AvailabilityFilter { text: Some("Formation 1234".to_owned()), ..AvailabilityFilter::default() };
    hot.push((
        "availability by words",
        Box::new(move |conn| drop(sessions::available(conn, &worded, today, 200).unwrap())),
        match backend {
            Backend::Sqlite => &["sessions_accepting", "PRIMARY KEY", "training_trigrams"][..],
            Backend::Postgres => {
                &["sessions_accepting", "trainings_pkey", "trainings_title_trigrams", "sessions_pkey"][..]
            }
        },
    ));
    // The trainings list's search box: title, reference or contract number, anywhere in them.
    let searched = TrainingFilter { organisation: None, text: Some("ation 1234".to_owned()) };
    hot.push((
        "trainings by words",
        Box::new(move |conn| {
            let resolved = training_list::resolve(conn, &searched, &AlertCriteria::on(today)).unwrap();
            let tab = TabCriteria::of(TrainingTab::Published, today);
            training_list::count(conn, &searched, &resolved, &tab).unwrap();
        }),
        match backend {
            Backend::Sqlite => &["trainings_", "sessions_", "training_trigrams"][..],
            // The alerts read before the count come from their own indexes, as on every page.
            Backend::Postgres => {
                &["trainings_title_trigrams", "trainings_certification_rejected", "sessions_alerts"][..]
            }
        },
    ));

    let mut failures = Vec::new();
    for (name, run, indexes) in &hot {
        let recorded = Arc::new(Mutex::new(Vec::new()));
        conn.set_instrumentation(recorder(recorded.clone()));
        run(&mut conn);
        conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
        for statement in recorded.lock().unwrap().iter().filter(|s| s.contains("sessions") || s.contains("trainings")) {
            let lines = plan(&mut conn, backend, statement);
            let named = lines.iter().any(|l| indexes.iter().any(|i| l.contains(i)));
            if scans_a_table(backend, &lines) || !named {
                failures.push(format!("{name}: {statement}\n  {}", lines.join("\n  ")));
            }
        }
    }
    assert!(failures.is_empty(), "{} plans without their index:\n{}", failures.len(), failures.join("\n\n"));
    if backend == Backend::Sqlite {
        for name in ["availability by words", "trainings by words"] {
            assert_matches_trigrams(&mut conn, &*hot.iter().find(|(n, ..)| *n == name).unwrap().1);
        }
    }

    // Every page of "Gestion des formations" reads the sessions raising an alert and counts the organisation's
    // trainings per tab: both from indexes that carry what they read (migration training_tabs).
    let recorded = Arc::new(Mutex::new(Vec::new()));
    conn.set_instrumentation(recorder(recorded.clone()));
    training_list::resolve(&mut conn, &organisation, &AlertCriteria::on(today)).unwrap();
    training_list::census(&mut conn, &organisation, org).unwrap();
    conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
    let statements = recorded.lock().unwrap().clone();
    // PostgreSQL may rather probe its primary key for a few ids: it must not read the table in full either way.
    let census: &[&str] = match backend {
        Backend::Sqlite => &["trainings_census"],
        Backend::Postgres => &["trainings_census", "trainings_pkey"],
    };
    let alerts: &[&str] = &["sessions_alerts"];
    for (sign, indexes) in
        [("registration_deadline", alerts), ("> \"sessions\".\"retained\"", alerts), ("GROUP BY", census)]
    {
        let sign = if backend == Backend::Sqlite { sign.replace('"', "`") } else { sign.to_owned() };
        let statement =
            statements.iter().find(|s| s.contains(&sign)).unwrap_or_else(|| panic!("no {sign} in {statements:?}"));
        let lines = plan(&mut conn, backend, statement);
        let named = lines.iter().any(|l| indexes.iter().any(|i| l.contains(i)));
        assert!(named && !scans_a_table(backend, &lines), "{statement}: expected {indexes:?} in\n{}", lines.join("\n"));
        if backend == Backend::Sqlite {
            assert!(
                lines.iter().any(|l| l.contains("COVERING INDEX")),
                "{statement}: leaves its index:\n{}",
                lines.join("\n")
            );
        }
    }

    // The availability search reads the sessions taking applications from their index alone, whatever it filters
    // on (migration availability_covering).
    let searched = AvailabilityFilter {
        department: Some("47".to_owned()),
        commune: Some("agen".to_owned()),
        ..AvailabilityFilter::default()
    };
    for filter in [AvailabilityFilter::default(), searched] {
        let recorded = Arc::new(Mutex::new(Vec::new()));
        conn.set_instrumentation(recorder(recorded.clone()));
        sessions::available(&mut conn, &filter, today, 200).unwrap();
        conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
        let statements = recorded.lock().unwrap().clone();
        let statement = statements.iter().find(|s| s.contains("late_entry_deadline")).unwrap();
        let lines = plan(&mut conn, backend, statement);
        let index_only = match backend {
            Backend::Sqlite => "COVERING INDEX sessions_accepting",
            Backend::Postgres => "Index Only Scan using sessions_accepting",
        };
        assert!(lines.iter().any(|l| l.contains(index_only)), "{statement}: leaves its index:\n{}", lines.join("\n"));
    }

    // An organisation's page of one tab is one range of its rows in the page's order, whatever its history: no
    // sort of all its trainings (migration organisation_trainings).
    for (order, index) in
        [(Order::Reference, "organisation_trainings_by_reference"), (Order::Title, "organisation_trainings_by_title")]
    {
        let recorded = Arc::new(Mutex::new(Vec::new()));
        conn.set_instrumentation(recorder(recorded.clone()));
        let resolved = training_list::resolve(&mut conn, &organisation, &AlertCriteria::on(today)).unwrap();
        let window = Window { after: None, offset: 0, limit: 11 };
        let archived = TabCriteria::of(TrainingTab::Archived, today);
        let page = training_list::page(&mut conn, &organisation, &resolved, &archived, order, window).unwrap();
        conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
        assert!(!page.is_empty(), "the organisation has archived trainings");
        let statements = recorded.lock().unwrap().clone();
        let statement = statements
            .iter()
            .find(|s| s.contains("organisation_trainings") && s.contains("LIMIT"))
            .unwrap_or_else(|| panic!("no page of organisation_trainings in {statements:?}"));
        let lines = plan(&mut conn, backend, statement);
        let sorts = lines.iter().any(|l| l.contains("TEMP B-TREE") || l.contains("Sort  ("));
        assert!(
            lines.iter().any(|l| l.contains(index)) && !sorts && !scans_a_table(backend, &lines),
            "{statement}: expected a range of {index} in order:\n{}",
            lines.join("\n")
        );
    }
}

#[derive(QueryableByName)]
struct Prepared {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

/// How many statements the connection keeps prepared whose SQL contains `text`.
fn prepared_with(conn: &mut tremplin::db::Conn, text: &str) -> i64 {
    diesel::sql_query("SELECT count(*) AS n FROM pg_prepared_statements WHERE statement LIKE '%' || $1 || '%'")
        .bind::<Text, _>(text)
        .get_result::<Prepared>(conn)
        .unwrap()
        .n
}

/// An organisation's alerts are read in one statement per kind, each alert probing the organisation's key. They
/// are planned at each run for the organisation that runs them (a generic plan of the former probe, 3,000 bound
/// ids, compared each of the largest organisation's 7,124 rows with them: 80 ms instead of 3), and even a plan
/// made for any organisation and any day reads a range of the sessions and probes the organisation's key, never a
/// table in full.
#[actix_web::test]
async fn postgres_plans_the_alerts_for_any_organisation() {
    let app = TestApp::spawn(Backend::Postgres).await;
    let mut conn = app.db.get().unwrap();
    conn.batch_execute(SEED_POSTGRES).unwrap();
    let org: i64 =
        diesel::sql_query("SELECT min(id) + 7 AS n FROM organisations").get_result::<Prepared>(&mut conn).unwrap().n;
    let filter = TrainingFilter { organisation: Some(org), text: None };
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let recorded = Arc::new(Mutex::new(Vec::new()));
    conn.set_instrumentation(recorder(recorded.clone()));
    training_list::resolve(&mut conn, &filter, &AlertCriteria::on(today)).unwrap();
    conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
    let statements = recorded.lock().unwrap().clone();
    let alerts: Vec<&String> = statements.iter().filter(|s| s.contains("organisation_trainings")).collect();
    assert_eq!(alerts.len(), 3, "the rejected certifications and the two kinds of alerting sessions: {statements:?}");
    conn.batch_execute("SET plan_cache_mode = force_generic_plan").unwrap();
    for statement in alerts {
        let lines = plan(&mut conn, Backend::Postgres, statement);
        let probed = lines.iter().any(|l| l.contains("organisation_trainings_pkey"));
        assert!(
            probed && !scans_a_table(Backend::Postgres, &lines),
            "{statement}: its plan for any organisation reads a table or not the organisation's key:\n{}",
            lines.join("\n")
        );
    }
    conn.batch_execute("RESET plan_cache_mode").unwrap();
    assert_eq!(prepared_with(&mut conn, "organisation_trainings"), 0, "planned at each run");
}

/// 5,000 e-mails due (waiting for an SMTP server), then 20 KAIROS messages due later.
const OUTBOX_BACKLOG_SQLITE: &str = "
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO outbox_events (event_id, event_type, destination, payload, state, next_attempt_at, created_at)
SELECT 'mail-' || i, 'mail', 'email', '{}', 'pending', datetime('2026-11-01', '+' || i || ' seconds'),
       '2026-11-01 00:00:00' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20)
INSERT INTO outbox_events (event_id, event_type, destination, payload, state, next_attempt_at, created_at)
SELECT 'kairos-' || i, 'application.decided', 'kairos', '{}', 'pending',
       datetime('2026-11-02', '+' || (20 - i) || ' seconds'), '2026-11-02 00:00:00' FROM n;";

const OUTBOX_BACKLOG_POSTGRES: &str = "
INSERT INTO outbox_events (event_id, event_type, destination, payload, state, next_attempt_at, created_at)
SELECT 'mail-' || i, 'mail', 'email', '{}', 'pending', TIMESTAMP '2026-11-01' + i * INTERVAL '1 second',
       TIMESTAMP '2026-11-01' FROM generate_series(1, 5000) i;
INSERT INTO outbox_events (event_id, event_type, destination, payload, state, next_attempt_at, created_at)
SELECT 'kairos-' || i, 'application.decided', 'kairos', '{}', 'pending',
       TIMESTAMP '2026-11-02' + (20 - i) * INTERVAL '1 second', TIMESTAMP '2026-11-02' FROM generate_series(1, 20) i;
ANALYZE outbox_events;";

/// A forwarder that cannot send e-mail claims the earliest KAIROS messages without reading the e-mails waiting
/// before them: each destination is one range of `outbox_events_due` in the claim's order, with no sort.
async fn the_outbox_claim_reads_one_range_per_destination(backend: Backend) {
    use tremplin::store::outbox;
    let app = TestApp::spawn(backend).await;
    let mut conn = app.db.get().unwrap();
    conn.batch_execute(match backend {
        Backend::Sqlite => OUTBOX_BACKLOG_SQLITE,
        Backend::Postgres => OUTBOX_BACKLOG_POSTGRES,
    })
    .unwrap();
    let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 3).unwrap().and_hms_opt(0, 0, 0).unwrap();
    let recorded = Arc::new(Mutex::new(Vec::new()));
    conn.set_instrumentation(recorder(recorded.clone()));
    let claimed = outbox::claim_due(&mut conn, now, chrono::Duration::minutes(5), 10, &["webhook", "kairos"]).unwrap();
    conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});

    let events: Vec<&str> = claimed.iter().map(|m| m.event_id.as_str()).collect();
    let earliest: Vec<String> = (11..=20).rev().map(|i| format!("kairos-{i}")).collect();
    assert_eq!(events, earliest, "the ten KAIROS messages due first, earliest first");
    let statements = recorded.lock().unwrap().clone();
    let due: Vec<&String> = statements.iter().filter(|s| s.contains("destination =")).collect();
    assert_eq!(due.len(), 2, "one range per destination: {statements:?}");
    for statement in due {
        let lines = plan(&mut conn, backend, statement);
        let sorts = lines.iter().any(|l| l.contains("TEMP B-TREE") || l.contains("Sort  ("));
        assert!(
            lines.iter().any(|l| l.contains("outbox_events_due")) && !sorts && !scans_a_table(backend, &lines),
            "{statement}: expected a range of outbox_events_due in order:\n{}",
            lines.join("\n")
        );
    }
    let touched: i64 = diesel::sql_query(
        "SELECT count(*) AS n FROM outbox_events WHERE destination = 'email' AND claimed_until IS NOT NULL",
    )
    .get_result::<Prepared>(&mut conn)
    .unwrap()
    .n;
    assert_eq!(touched, 0, "the e-mails wait unclaimed");
}

/// The current period's page seeks to the earliest start of the period (its tally's) in each role's branch:
/// a session started long before the others and still running comes first, once though the organisation holds
/// two roles in it, pages follow one another, and a branch without current sessions adds nothing.
async fn a_sessions_page_of_the_current_period_lists_its_earliest_sessions_first(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let mut conn = app.db.get().unwrap();
    seed(&mut conn, backend);
    // Organisation 8 trains and positions a session started in 2017 and running until 2031, nine years before
    // its others, and one starting next month: both parties' pages find the second, the list shows it once.
    conn.batch_execute(
        "INSERT INTO sessions (reference, training_id, start_date, end_date, registration_deadline,
                               late_entry_deadline, department, commune, trainer_organisation_id,
                               positioner_organisation_id, capacity, coefficient, created_at, updated_at)
         SELECT '80000001', min(t.id), '2017-01-05', '2031-01-01', '2017-01-01', '2017-01-20', '47', 'Agen',
                (SELECT min(id) + 7 FROM organisations), (SELECT min(id) + 7 FROM organisations), 12, 2,
                '2026-01-01 00:00:00', '2026-01-01 00:00:00'
         FROM trainings t;
         INSERT INTO sessions (reference, training_id, start_date, end_date, registration_deadline,
                               late_entry_deadline, department, commune, trainer_organisation_id,
                               positioner_organisation_id, capacity, coefficient, created_at, updated_at)
         SELECT '80000002', min(t.id), '2026-12-15', '2027-03-01', '2026-12-01', '2027-01-05', '47', 'Agen',
                (SELECT min(id) + 7 FROM organisations), (SELECT min(id) + 7 FROM organisations), 12, 2,
                '2026-01-01 00:00:00', '2026-01-01 00:00:00'
         FROM trainings t",
    )
    .unwrap();
    let org: i64 = sessions_of(&mut conn, "80000001")[0].trainer_organisation_id;
    let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    let all = SessionFilter {
        scope: Scope::Organisation { id: org, parties: Party::ALL.to_vec() },
        state: None,
        start: DayRange::ANY,
        end: DayRange::ANY,
        text: None,
        session_type: None,
    };
    let positioner =
        SessionFilter { scope: Scope::Organisation { id: org, parties: vec![Party::Positioner] }, ..all.clone() };
    for filter in [&all, &positioner] {
        for period in [SessionPeriod::Current, SessionPeriod::Finished] {
            let ends = period.session_ends(today);
            let mut expected: Vec<(NaiveDate, String)> = sessions_of(&mut conn, "%")
                .into_iter()
                .filter(|s| {
                    let parties = match &filter.scope {
                        Scope::Organisation { parties, .. } => parties.clone(),
                        Scope::All => unreachable!(),
                    };
                    parties.iter().any(|party| match party {
                        Party::Trainer => s.trainer_organisation_id == org,
                        Party::Positioner => s.positioner_organisation_id == Some(org),
                        Party::Responsible => s.responsible_organisation_id == org,
                        Party::Funder => s.funder_organisation_id == org,
                    })
                })
                .filter(|s| ends.from.is_none_or(|from| s.end_date >= from))
                .filter(|s| ends.before.is_none_or(|before| s.end_date < before))
                .map(|s| (s.start_date, s.reference))
                .collect();
            expected.sort();
            let tally = session_list::count(&mut conn, filter, ends).unwrap();
            assert_eq!(tally.total, expected.len() as u64, "{period:?}");
            let first = session_list::page(&mut conn, filter, ends, Some(&tally), None, 0, 10).unwrap();
            let after = first.last().map(|s| (s.start_date, s.reference.clone()));
            let second = session_list::page(&mut conn, filter, ends, Some(&tally), after.as_ref(), 0, 10).unwrap();
            let shown: Vec<(NaiveDate, String)> =
                first.iter().chain(&second).map(|s| (s.start_date, s.reference.clone())).collect();
            assert_eq!(shown, expected.into_iter().take(20).collect::<Vec<_>>(), "{period:?}");
        }
    }
    let current = SessionPeriod::Current.session_ends(today);
    let tally = session_list::count(&mut conn, &all, current).unwrap();
    let first = session_list::page(&mut conn, &all, current, Some(&tally), None, 0, 20).unwrap();
    assert_eq!(first.len() as u64, tally.total.min(20));
    assert_eq!(first[0].reference, "80000001", "the long session is the first of the current period");
    assert_eq!(first.iter().filter(|s| s.reference == "80000002").count(), 1);
}

/// The roles and dates of the sessions whose reference is like `pattern`.
fn sessions_of(conn: &mut tremplin::db::Conn, pattern: &str) -> Vec<SessionRoles> {
    diesel::sql_query(
        "SELECT reference, start_date, end_date, trainer_organisation_id, positioner_organisation_id,
                responsible_organisation_id, funder_organisation_id
         FROM sessions WHERE reference LIKE $1",
    )
    .bind::<Text, _>(pattern)
    .load(conn)
    .unwrap()
}

#[derive(QueryableByName)]
struct SessionRoles {
    #[diesel(sql_type = Text)]
    reference: String,
    #[diesel(sql_type = diesel::sql_types::Date)]
    start_date: NaiveDate,
    #[diesel(sql_type = diesel::sql_types::Date)]
    end_date: NaiveDate,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    trainer_organisation_id: i64,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::BigInt>)]
    positioner_organisation_id: Option<i64>,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    responsible_organisation_id: i64,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    funder_organisation_id: i64,
}
