//! The free-text filter of the applications lists (R-LIST-2), now read from indexes (issue 11): a name finds
//! the candidates whose last name (then first name) starts with it, whatever the case and accents; a number
//! the applications whose reference starts with it; a word the sessions whose training title carries it or
//! whose reference starts with it. The counts agree with the rows and nobody finds another's applications.

use domain::application::ApplicationState;
use domain::time_rules::SessionPeriod;
use serde_json::{Value, json};
use tremplin::store::application_lists::{self, Filter, Scope, Search, Sort, Start};

use crate::applications::{apply, candidate, new_session};
use crate::helpers::{ADMIN, Backend, COUNSELLOR, TRAINER, TestApp, member_of};
use crate::list_copies::patch_training;
use crate::on_both_backends;

on_both_backends!(
    r_list_2_a_search_finds_names_references_and_titles_and_nothing_else,
    r_list_2_a_renamed_training_is_found_by_its_new_title_only
);

async fn apply_named(app: &TestApp, token: &str, session: &str, n: usize, last: &str, first: &str) -> String {
    let mut body = candidate(n);
    body["last_name"] = json!(last);
    body["first_name"] = json!(first);
    let response = apply(app, token, session, body).await;
    assert_eq!(response.status(), 201);
    response.json::<Value>().await.unwrap()["reference"].as_str().unwrap().to_owned()
}

async fn found(app: &TestApp, token: &str, list: &str) -> (Vec<String>, u64) {
    let response = app.get(list, Some(token)).await;
    assert_eq!(response.status(), 200, "{list}");
    let page: Value = response.json().await.unwrap();
    let references =
        page["items"].as_array().unwrap().iter().map(|i| i["reference"].as_str().unwrap().to_owned()).collect();
    (references, page["counts"]["pending"].as_u64().unwrap())
}

async fn r_list_2_a_search_finds_names_references_and_titles_and_nothing_else(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    let trainer = app.login(TRAINER).await;
    let session = new_session(&app, 12, 2).await;
    let jean = apply_named(&app, &counsellor, &session, 1, "Dupont", "Jean").await;
    let anne = apply_named(&app, &counsellor, &session, 2, "DUPONTEL", "Anne").await;
    let eric = apply_named(&app, &counsellor, &session, 3, "Dùpont", "Éric").await;
    let zoe = apply_named(&app, &counsellor, &session, 4, "Martinvalet", "Zoé").await;
    let all = |q: &str| format!("/api/applications?per_page=100&sort=candidate&q={q}");

    let (rows, pending) = found(&app, &trainer, &all("dupont")).await;
    assert_eq!(rows, [eric.clone(), jean.clone(), anne.clone()], "Dupont Éric, Dupont Jean, Dupontel Anne");
    assert_eq!(pending, 3, "the counts are the rows'");
    assert_eq!(found(&app, &trainer, &all("DUPONT%20%C3%A9")).await.0, vec![eric.clone()], "last then first name");
    assert_eq!(found(&app, &trainer, &all("MARTINV")).await.0, vec![zoe.clone()]);
    assert!(found(&app, &trainer, &all("upon")).await.0.is_empty(), "a name is found from its start");
    assert_eq!(found(&app, &trainer, &all(&jean[..7])).await.0, vec![jean.clone()], "a reference from its start");
    let (rows, pending) = found(&app, &trainer, &all("pr%C3%A9parateur")).await;
    assert_eq!(rows.len(), 4, "a word of the training title: {rows:?}");
    assert_eq!(pending, 4);
    assert_eq!(found(&app, &trainer, &all(&session)).await.0.len(), 4, "the session's reference");
    assert!(found(&app, &trainer, &all("%25")).await.0.is_empty(), "wildcards are plain text");

    // Page by page through the cursor, the found rows keep the list's order.
    let mut walked = Vec::new();
    let mut list = Some("/api/applications?per_page=1&sort=candidate&q=dupont".to_owned());
    while let Some(url) = list {
        let page: Value = app.get(&url, Some(&trainer)).await.json().await.unwrap();
        walked.extend(page["items"].as_array().unwrap().iter().map(|i| i["reference"].as_str().unwrap().to_owned()));
        assert_eq!(page["total"], 3, "every page counts the whole search");
        list = page["next"]
            .as_str()
            .map(|next| format!("/api/applications?per_page=1&sort=candidate&q=dupont&cursor={next}"));
    }
    assert_eq!(walked, [eric.clone(), jean.clone(), anne.clone()], "one row a page, in order");

    let one_session = format!("/api/sessions/{session}/applications?sort=candidate&q=dupont");
    assert_eq!(found(&app, &trainer, &one_session).await.0, [eric, jean.clone(), anne]);
    let csv = app.get(&format!("/api/sessions/{session}/applications.csv?q=martinv"), Some(&trainer)).await;
    assert_eq!(csv.status(), 200);
    let csv = csv.text().await.unwrap();
    assert_eq!(csv.lines().count(), 2, "the header and Zoé Martinvalet:\n{csv}");

    // Another prescriber, and a training organisation with no role on the session, find none of it.
    let other = member_of(&app, "Mission Locale du Grand Périgueux", "ml.recherche@example.org").await;
    assert!(found(&app, &other, &all("dupont")).await.0.is_empty());
    assert!(found(&app, &other, &all("pr%C3%A9parateur")).await.0.is_empty());
    assert_eq!(found(&app, &counsellor, &all("dupont")).await.0.len(), 3, "the sender finds its own");

    // A text matching too many rows to list by id is checked row by row: the same rows either way.
    let mut conn = app.db.get().unwrap();
    let trainer_id = app.organisation_id("Forma'Bois Périgord").await;
    let scopes = [
        Scope::Organisation { id: trainer_id, role: None },
        Scope::Organisation { id: trainer_id, role: Some(domain::access::SessionRole::Trainer) },
    ];
    for (scope, text) in scopes.into_iter().flat_map(|scope| {
        // A digit: the first of a reference found (another one might start no reference of this scope).
        ["dupont", "pr\u{e9}parateur", &session, &zoe[..6], "magasinier", &jean[..1]].map(|text| (scope, text))
    }) {
        let few = Search::resolve(&mut conn, scope, text).unwrap();
        assert!(matches!(few, Some(Search::Found(_))), "{scope:?} {text}");
        let (names, digits) = (
            domain::application::name_search_range(text).unwrap_or_default(),
            text.chars().all(|c| c.is_ascii_digit()),
        );
        let broad = Search::Broad {
            names,
            references: if digits { (text.to_owned(), format!("{text}~")) } else { Default::default() },
            title: format!("%{}%", text.to_lowercase()),
        };
        let few = few.unwrap();
        assert!(!walk(&mut conn, scope, &few, &Filter::default()).rows.is_empty(), "{scope:?} {text}");
        same_either_way(&mut conn, scope, text, &few, &broad);
    }
}

/// The rows, totals and counts of a search found by id (filtered, sorted and cut in memory) and of the same
/// search checked row by row in SQL agree, for every sort and each filter, page by page through the cursor and
/// from a page number.
fn same_either_way(conn: &mut tremplin::db::Conn, scope: Scope, text: &str, few: &Search, broad: &Search) {
    let today = chrono::Local::now().date_naive();
    let day = |days: i64| today + chrono::Duration::days(days);
    let filters = [
        Filter::default(),
        Filter { state: Some(ApplicationState::Pending), ..Filter::default() },
        Filter { state: Some(ApplicationState::Retained), ..Filter::default() },
        Filter { period: Some(SessionPeriod::Current.session_ends(today)), ..Filter::default() },
        Filter { period: Some(SessionPeriod::Finished.session_ends(today)), ..Filter::default() },
        Filter { start_from: Some(day(-30)), end_to: Some(day(400)), ..Filter::default() },
        Filter { start_to: Some(day(10)), end_from: Some(day(-10)), ..Filter::default() },
        Filter { received_from: Some(day(0)), ..Filter::default() },
    ];
    for filter in filters {
        for sort in [Sort::ReceivedDesc, Sort::ReceivedAsc, Sort::Candidate, Sort::SessionStart] {
            let filter = Filter { sort, ..filter.clone() };
            let by_id = walk(conn, scope, few, &filter);
            let row_by_row = walk(conn, scope, broad, &filter);
            assert_eq!(by_id, row_by_row, "{scope:?} {text}, {filter:?}");
        }
    }
}

/// What a walk through a list saw.
#[derive(Debug, PartialEq)]
struct Walked {
    /// Every row, two a page through the cursor.
    rows: Vec<String>,
    total: u64,
    counts: Vec<(ApplicationState, u64)>,
    /// The second page, asked for by its number.
    second_page: Vec<String>,
}

/// Every row of a list, two a page through the cursor; its total and counts; and the second page by number.
fn walk(conn: &mut tremplin::db::Conn, scope: Scope, search: &Search, filter: &Filter) -> Walked {
    let filter = &Filter { search: Some(search.clone()), ..filter.clone() };
    let first = application_lists::page(conn, scope, filter, &Start::Page(1), 2).unwrap();
    let (total, counts) = (first.total, first.counts.clone());
    let mut rows: Vec<String> = first.rows.into_iter().map(|r| r.reference).collect();
    let mut next = first.next;
    while let Some(key) = next {
        let page = application_lists::page(conn, scope, filter, &Start::After(key), 2).unwrap();
        rows.extend(page.rows.into_iter().map(|r| r.reference));
        next = page.next;
    }
    let second = application_lists::page(conn, scope, filter, &Start::Page(2), 2).unwrap();
    Walked { rows, total, counts, second_page: second.rows.into_iter().map(|r| r.reference).collect() }
}

/// The index of titles (SQLite's trigram index, PostgreSQL's pg_trgm) follows a title's change at once: the
/// search finds the applications by the new word, and no longer by the old one.
async fn r_list_2_a_renamed_training_is_found_by_its_new_title_only(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (counsellor, trainer, admin) = (app.login(COUNSELLOR).await, app.login(TRAINER).await, app.login(ADMIN).await);
    let session = new_session(&app, 12, 2).await;
    let jean = apply_named(&app, &counsellor, &session, 1, "Dupont", "Jean").await;
    let all = |q: &str| format!("/api/applications?per_page=100&q={q}");
    assert_eq!(found(&app, &trainer, &all("pr%C3%A9parateur")).await.0, vec![jean.clone()], "before the change");

    let detail: Value = app.get(&format!("/api/sessions/{session}"), Some(&trainer)).await.json().await.unwrap();
    let training = detail["training_reference"].as_str().unwrap();
    patch_training(&app, &admin, training, json!({"title": "[POEC] Tonnelier de chai"})).await;
    assert_eq!(found(&app, &trainer, &all("tonnelier")).await.0, vec![jean.clone()], "the new word");
    assert_eq!(found(&app, &trainer, &all("de%20chai")).await.0, vec![jean], "two words of it");
    assert!(found(&app, &trainer, &all("pr%C3%A9parateur")).await.0.is_empty(), "the old word");
}
