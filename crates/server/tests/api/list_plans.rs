//! The hot list queries read their indexes (issue 11), checked on the plans each database gives for the very
//! queries the lists send. SQLite plans from the schema (no statistics: every index counts as selective);
//! PostgreSQL runs with `enable_seqscan = off`, since a test database is small enough that a scan would win.

use diesel::connection::SimpleConnection;
use domain::access::SessionRole;
use domain::application::ApplicationState;
use domain::session::SessionType;
use domain::time_rules::SessionPeriod;
use tremplin::store::application_lists::{Filter, Key, Scope, Search, Sort, plans};

use crate::helpers::{Backend, TestApp};
use crate::on_both_backends;

on_both_backends!(the_pages_and_counts_of_the_lists_read_their_indexes);

const ROLES: [(SessionRole, &str); 3] = [
    (SessionRole::Responsible, "applications_responsible"),
    (SessionRole::Trainer, "applications_trainer"),
    (SessionRole::Positioner, "applications_positioner"),
];

/// The plan reads `index` and never sorts nor scans the applications.
fn reads(plan: &str, index: &str, what: &str) {
    assert!(plan.contains(index), "{what}: expected {index} in\n{plan}");
    for sign in ["SCAN applications", "TEMP B-TREE", "Seq Scan on applications", "Sort Key"] {
        assert!(!plan.contains(sign), "{what}: `{sign}` in\n{plan}");
    }
}

async fn the_pages_and_counts_of_the_lists_read_their_indexes(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.organisation_id("Forma'Bois Périgord").await;
    let agency = app.organisation_id("France Travail Périgueux").await;
    let mut conn = app.db.get().unwrap();
    if backend == Backend::Postgres {
        conn.batch_execute("SET enable_seqscan = off").unwrap();
    }
    let today = chrono::Local::now().date_naive();
    let at = today.and_hms_opt(9, 0, 0).unwrap();
    let current = Filter { period: Some(SessionPeriod::Current.session_ends(today)), ..Filter::default() };
    let pending = Filter { state: Some(ApplicationState::Pending), ..Filter::default() };
    let oldest_first = Filter { sort: Sort::ReceivedAsc, ..Filter::default() };
    let soonest = Filter { sort: Sort::SessionStart, ..Filter::default() };
    let by_name = Filter { sort: Sort::Candidate, ..Filter::default() };
    // R-LIST-TYPE-1: a condition on the joined session row, the page still walks the role's index.
    let typed = Filter { session_type: Some(SessionType::parse("simple").unwrap()), ..Filter::default() };
    let start = today;
    // Without statistics (a few demo rows), PostgreSQL costs the role's state index and its received-date index
    // (both of four columns) the same and takes either: both give the page in order. With the statistics of the
    // bench's million it takes the state index (0.5 ms for the largest organisation's pending applications).
    let one_state = |index: &str| match backend {
        Backend::Sqlite => format!("{index}_state"),
        Backend::Postgres => format!("{index}_"),
    };
    for (role, index) in ROLES {
        let scope = Scope::Organisation { id: trainer, role: Some(role) };
        let cases = [
            ("first page", Filter::default(), None, format!("{index}_received")),
            ("next page", Filter::default(), Some(Key::ReceivedDesc { at, id: 10 }), format!("{index}_received")),
            ("oldest first", oldest_first.clone(), Some(Key::ReceivedAsc { at, id: 10 }), format!("{index}_received")),
            ("soonest session", soonest.clone(), None, format!("{index}_session_start")),
            (
                "soonest session, next page",
                soonest.clone(),
                Some(Key::SessionStart { start, at, id: 10 }),
                format!("{index}_session_start"),
            ),
            ("current tab", current.clone(), None, format!("{index}_received")),
            ("one state", pending.clone(), Some(Key::ReceivedDesc { at, id: 10 }), one_state(index)),
            ("by candidate", by_name.clone(), None, format!("{index}_candidate")),
            (
                "by candidate, next page",
                by_name.clone(),
                Some(Key::Candidate { name: "dupont jean".to_owned(), id: 10 }),
                format!("{index}_candidate"),
            ),
            ("session type", typed.clone(), None, format!("{index}_received")),
            (
                "session type, next page",
                typed.clone(),
                Some(Key::ReceivedDesc { at, id: 10 }),
                format!("{index}_received"),
            ),
        ];
        for (what, filter, after, index) in cases {
            let plan = plans::page(&mut conn, scope, &filter, after.as_ref()).unwrap();
            reads(&plan, &index, &format!("{role:?}, {what}"));
            // A page finds its rows in the index alone; only those it shows are read, by id. (PostgreSQL's choice
            // of an index-only scan follows its visibility map, which a test database has not built.)
            let unjoined = !filter.needs_joins();
            if backend == Backend::Sqlite && unjoined {
                assert!(plan.contains("COVERING INDEX"), "{role:?}, {what}: rows read to find a page in\n{plan}");
            }
        }
    }
    // "Terminées" skips the newest applications of sessions not ended: from their index entries, never their rows.
    let finished = Filter { period: Some(SessionPeriod::Finished.session_ends(today)), ..Filter::default() };
    for (role, index) in ROLES {
        let plan =
            plans::page(&mut conn, Scope::Organisation { id: trainer, role: Some(role) }, &finished, None).unwrap();
        reads(&plan, &format!("{index}_received"), &format!("{role:?}, finished tab"));
        // SQLite's plan does not say where it tests a column; PostgreSQL's names it in the index condition.
        if backend == Backend::Postgres {
            let in_the_index = plan.lines().any(|l| l.contains("Index Cond") && l.contains("session_end"));
            assert!(in_the_index, "{role:?}, finished tab: the session end tested on each row in\n{plan}");
        }
    }
    let session = Scope::Session(1);
    let plan = plans::page(&mut conn, session, &Filter::default(), Some(&Key::ReceivedDesc { at, id: 10 })).unwrap();
    reads(&plan, "applications_session_received", "a session's page");
    // Without statistics SQLite may read a session's tab in its received order and skip the other states:
    // bounded by the session, and without a sort either way.
    let plan = plans::page(&mut conn, session, &pending, None).unwrap();
    reads(&plan, "applications_session_", "a session's tab");
    let plan = plans::page(&mut conn, Scope::Prescriber(agency), &Filter::default(), None).unwrap();
    reads(&plan, "applications_prescriber_received", "a prescriber's page");
    let plan = plans::page(&mut conn, Scope::Prescriber(agency), &pending, None).unwrap();
    reads(&plan, &one_state("applications_prescriber"), "a prescriber's tab");
    let plan = plans::page(&mut conn, Scope::Prescriber(agency), &soonest, None).unwrap();
    reads(&plan, "applications_prescriber_session_start", "a prescriber's page, soonest session first");
    let plan = plans::page(&mut conn, Scope::Prescriber(agency), &by_name, None).unwrap();
    reads(&plan, "applications_prescriber_candidate", "a prescriber's page by candidate");
    searches_read_ranges(&mut conn, trainer, agency);

    for (role, index) in [
        (SessionRole::Trainer, "sessions_trainer"),
        (SessionRole::Positioner, "sessions_positioner"),
        (SessionRole::Responsible, "sessions_responsible"),
    ] {
        for filter in [Filter::default(), typed.clone()] {
            let plan = plans::counters(&mut conn, trainer, Some(role), &filter).unwrap();
            assert!(plan.contains(index), "counters of {role:?}: expected {index} in\n{plan}");
            for sign in ["SCAN sessions", "Seq Scan on sessions", "SCAN trainings", "Seq Scan on trainings"] {
                assert!(!plan.contains(sign), "counters of {role:?}: `{sign}` in\n{plan}");
            }
        }
    }
    for role in [None, Some(SessionRole::Trainer), Some(SessionRole::Responsible)] {
        let plan = plans::months(&mut conn, trainer, role).unwrap();
        let index = if backend == Backend::Postgres { "organisation_counts_pkey" } else { "PRIMARY KEY" };
        assert!(plan.contains(index), "monthly counters of {role:?}: expected {index} in\n{plan}");
        for sign in ["SCAN organisation_counts", "Seq Scan on organisation_counts"] {
            assert!(!plan.contains(sign), "monthly counters of {role:?}: `{sign}` in\n{plan}");
        }
    }
    let plan = plans::prescriber_months(&mut conn, agency).unwrap();
    let index = if backend == Backend::Postgres { "prescriber_counts_pkey" } else { "PRIMARY KEY" };
    assert!(plan.contains(index), "a prescriber's monthly counters: expected {index} in\n{plan}");
    // The month a tab boundary cuts: the prescriber's applications of that month, bounded by the prescriber (on
    // the demo's few rows and no statistics, PostgreSQL may prefer another index of the prescriber's).
    let today = chrono::Local::now().date_naive();
    let month = Filter { end_from: Some(today), end_to: Some(today + chrono::Days::new(20)), ..Filter::default() };
    let plan = plans::count(&mut conn, Scope::Prescriber(agency), &month).unwrap();
    reads(&plan, "applications_prescriber_", "a prescriber's applications of one month");
    if backend == Backend::Postgres {
        conn.batch_execute("RESET enable_seqscan").unwrap();
    }
}

/// A free-text search reads its matches through the ranges its text gives (a name in the role's candidate
/// index, the sessions carrying a title word): it never scans the applications, and a name never walks the
/// scope in another order to find them.
fn searches_read_ranges(conn: &mut tremplin::db::Conn, trainer: i64, agency: i64) {
    let scopes = [
        (Scope::Organisation { id: trainer, role: Some(SessionRole::Trainer) }, "applications_trainer_candidate"),
        (
            Scope::Organisation { id: trainer, role: Some(SessionRole::Responsible) },
            "applications_responsible_candidate",
        ),
        (Scope::Prescriber(agency), "applications_prescriber_candidate"),
    ];
    // With its statistics, PostgreSQL knows a name's range is fewer rows than an organisation's (without them it
    // takes any index of the organisation's for as good as another).
    if let tremplin::db::AnyConnection::Postgresql(c) = &mut **conn {
        c.batch_execute("ANALYZE").unwrap();
    }
    for (scope, by_name) in scopes {
        // A name is a few of the scope's rows; a title word or a digit may be all of the demo's.
        for (text, name) in [("Bernard", true), ("lef\u{e8}vre l", true), ("magasinier", false), ("0", false)] {
            let search = Search::resolve(conn, scope, text).unwrap();
            assert!(matches!(&search, Some(Search::Found(hits)) if !hits.is_empty()), "{scope:?} {text}: {search:?}");
            let plans = plans::search(conn, scope, text).unwrap();
            assert!(!plans.is_empty(), "{scope:?} {text}");
            for plan in &plans {
                for sign in ["SCAN applications", "Seq Scan on applications"] {
                    assert!(!plan.contains(sign), "{scope:?} {text}: `{sign}` in\n{plan}");
                }
            }
            if name {
                assert!(plans[0].contains(by_name), "{scope:?} {text}: expected {by_name} in\n{}", plans[0]);
                // What a found application shows in the list's order and counts comes from the index itself.
                let sqlite = matches!(&**conn, tremplin::db::AnyConnection::Sqlite(_));
                assert!(!sqlite || plans[0].contains("COVERING INDEX"), "{scope:?} {text}: covered in\n{}", plans[0]);
            }
        }
    }
}
