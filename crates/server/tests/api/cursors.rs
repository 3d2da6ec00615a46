//! Keyset pagination of the applications lists (issue 11): following `next` visits every row once, in the
//! order of one big page, whatever the sort or role; rows received during the walk never repeat a row; a
//! forged or foreign cursor is a 400; the counts per state and tab agree with the rows.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::applications::{UPCOMING, apply_ok, new_session};
use crate::helpers::{Backend, COUNSELLOR, TRAINER, TestApp, problem};
use crate::on_both_backends;

on_both_backends!(
    following_next_visits_every_application_once_in_order,
    applications_received_during_a_walk_never_repeat_a_row,
    a_forged_or_foreign_cursor_is_refused_with_400,
    the_counts_per_state_and_tab_agree_with_the_rows,
);

const SORTS: [&str; 4] = ["received_desc", "received_asc", "candidate", "session_start"];

/// Every reference of a list, following `next` from its first page.
async fn walk(app: &TestApp, token: &str, list: &str, per_page: u32) -> Vec<String> {
    let separator = if list.contains('?') { '&' } else { '?' };
    let mut url = format!("{list}{separator}per_page={per_page}");
    let mut references = Vec::new();
    for _ in 0..1000 {
        let response = app.get(&url, Some(token)).await;
        assert_eq!(response.status(), 200, "{url}");
        let page: Value = response.json().await.unwrap();
        let items = page["items"].as_array().unwrap();
        assert!(items.len() <= per_page as usize, "{url}");
        references.extend(items.iter().map(|i| i["reference"].as_str().unwrap().to_owned()));
        match page["next"].as_str() {
            Some(next) => url = format!("{list}{separator}per_page={per_page}&cursor={next}"),
            None => return references,
        }
    }
    panic!("{list}: the walk never ended");
}

async fn one_page(app: &TestApp, token: &str, list: &str) -> Value {
    let separator = if list.contains('?') { '&' } else { '?' };
    let response = app.get(&format!("{list}{separator}per_page=100"), Some(token)).await;
    assert_eq!(response.status(), 200, "{list}");
    response.json().await.unwrap()
}

fn references(page: &Value) -> Vec<String> {
    page["items"].as_array().unwrap().iter().map(|i| i["reference"].as_str().unwrap().to_owned()).collect()
}

async fn following_next_visits_every_application_once_in_order(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    for n in 0..7 {
        apply_ok(&app, &counsellor, UPCOMING, 7000 + n).await;
    }
    let trainer = app.login(TRAINER).await;
    let mut lists = Vec::new();
    for sort in SORTS {
        for role in ["", "&role=responsible", "&role=trainer", "&role=positioner"] {
            for period in ["", "&period=current", "&period=finished"] {
                lists.push(format!("/api/applications?sort={sort}{role}{period}"));
            }
        }
        lists.push(format!("/api/sessions/{UPCOMING}/applications?sort={sort}"));
    }
    let mut walked_rows = 0;
    for list in &lists {
        let whole = one_page(&app, &trainer, list).await;
        assert!(whole["next"].is_null(), "{list}: everything fits on one page of 100");
        for per_page in [1, 3] {
            let walked = walk(&app, &trainer, list, per_page).await;
            assert_eq!(walked, references(&whole), "{list} by {per_page}");
            walked_rows += walked.len();
        }
    }
    assert!(walked_rows > 100, "the demo and the new applications fill the lists");
    for token in [&counsellor] {
        let list = "/api/applications?sort=received_desc";
        let walked = walk(&app, token, list, 2).await;
        assert_eq!(walked, references(&one_page(&app, token, list).await), "prescriber's own list");
        assert_eq!(walked.iter().collect::<HashSet<_>>().len(), walked.len());
    }
}

async fn applications_received_during_a_walk_never_repeat_a_row(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (counsellor, trainer) = (app.login(COUNSELLOR).await, app.login(TRAINER).await);
    let session = new_session(&app, 100, 3).await;
    let mut candidates = 8000..;
    for sort in ["received_desc", "received_asc"] {
        let before = references(&one_page(&app, &trainer, &format!("/api/applications?sort={sort}")).await);
        let first: Value =
            app.get(&format!("/api/applications?sort={sort}&per_page=2"), Some(&trainer)).await.json().await.unwrap();
        let mut seen = references(&first);
        let mut next = first["next"].as_str().unwrap().to_owned();
        let mut added = Vec::new();
        loop {
            added.push(apply_ok(&app, &counsellor, &session, candidates.next().unwrap()).await);
            let page: Value = app
                .get(&format!("/api/applications?sort={sort}&per_page=2&cursor={next}"), Some(&trainer))
                .await
                .json()
                .await
                .unwrap();
            seen.extend(references(&page));
            match page["next"].as_str() {
                Some(cursor) => next = cursor.to_owned(),
                None => break,
            }
        }
        let unique: HashSet<&String> = seen.iter().collect();
        assert_eq!(unique.len(), seen.len(), "{sort}: a row repeated");
        // Newest first: what arrives during the walk sorts before the cursor and is not shown again.
        // Oldest first: it sorts after every earlier row and shows at the end.
        let earlier: Vec<&String> = seen.iter().filter(|r| !added.contains(r)).collect();
        assert_eq!(earlier.len(), before.len(), "{sort}: every earlier row once");
        if sort == "received_asc" {
            assert!(added.iter().all(|r| seen.contains(r)), "{sort}: the new rows come last");
        } else {
            assert!(added.iter().all(|r| !seen.contains(r)), "{sort}: the new rows are before the walk");
        }
    }
}

async fn a_forged_or_foreign_cursor_is_refused_with_400(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let trainer = app.login(TRAINER).await;
    let first: Value =
        app.get("/api/applications?sort=received_desc&per_page=1", Some(&trainer)).await.json().await.unwrap();
    let cursor = first["next"].as_str().unwrap();
    let huge = "A".repeat(5000);
    for url in [
        format!("/api/applications?sort=candidate&cursor={cursor}"),
        format!("/api/sessions/{UPCOMING}/applications?sort=received_asc&cursor={cursor}"),
        "/api/applications?cursor=not-a-cursor".to_owned(),
        "/api/applications?cursor=eyJ4Ijox".to_owned(),
        format!("/api/applications?cursor={huge}"),
    ] {
        let (status, body) = problem(app.get(&url, Some(&trainer)).await).await;
        assert_eq!((status, body["code"].as_str()), (400, Some("invalid_cursor")), "{url}");
        assert_eq!(body["errors"][0]["field"], "cursor");
    }
}

async fn the_counts_per_state_and_tab_agree_with_the_rows(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let counsellor = app.login(COUNSELLOR).await;
    for n in 0..3 {
        apply_ok(&app, &counsellor, UPCOMING, 9000 + n).await;
    }
    let trainer = app.login(TRAINER).await;
    let lists = ["", "&role=responsible", "&role=trainer", "&role=positioner"].map(|role| (&trainer, role));
    // The prescriber's own list: its counts come from its monthly counters and the month today cuts.
    for (token, role) in lists.into_iter().chain([(&counsellor, "")]) {
        let mut per_tab = HashMap::new();
        for period in ["current", "finished"] {
            let list = format!("/api/applications?period={period}{role}");
            let page = one_page(&app, token, &list).await;
            let items = page["items"].as_array().unwrap();
            let mut by_state: HashMap<&str, u64> = HashMap::new();
            items.iter().for_each(|i| *by_state.entry(i["state"].as_str().unwrap()).or_default() += 1);
            for (state, count) in page["counts"].as_object().unwrap() {
                let shown = by_state.get(state.as_str()).copied().unwrap_or_default();
                assert_eq!(count.as_u64(), Some(shown), "{list}: count of {state}");
            }
            assert_eq!(page["total"].as_u64(), Some(items.len() as u64), "{list}");
            assert_eq!(page["period_counts"][period].as_u64(), Some(items.len() as u64), "{list}");
            per_tab.insert(period, items.len() as u64);
        }
        let all = one_page(&app, token, &format!("/api/applications?state=pending{role}")).await;
        let pending = all["items"].as_array().unwrap().len() as u64;
        assert_eq!(all["total"].as_u64(), Some(pending), "{role}: pending total");
        assert_eq!(all["counts"]["pending"].as_u64(), Some(pending), "{role}: pending count");
    }
    let session = one_page(&app, &trainer, &format!("/api/sessions/{UPCOMING}/applications")).await;
    assert!(session["counts"]["pending"].as_u64().unwrap() >= 3);
    assert_eq!(session["total"].as_u64(), Some(session["items"].as_array().unwrap().len() as u64));
}
