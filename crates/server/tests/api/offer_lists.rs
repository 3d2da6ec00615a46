//! The offer's lists in SQL with keyset cursors (issue 11): a cursor walk returns every row once and in order,
//! even while rows are added; a forged or foreign cursor is refused; another organisation's rows never appear;
//! the copy of a training's responsible organisation on its sessions follows the training.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Backend, TRAINER, TestApp, member_of, problem};
use crate::on_both_backends;

on_both_backends!(
    r_list_2_a_session_cursor_walk_returns_every_row_once_in_order_while_rows_are_added,
    r_trn_4_a_training_cursor_walk_returns_every_row_once_in_each_order,
    a_forged_or_foreign_cursor_is_refused_with_400_invalid_cursor,
    r_acc_3_another_organisations_sessions_never_appear_in_a_walk,
    r_acc_3_the_responsible_copy_on_sessions_follows_a_training_change,
    r_trn_4_every_tab_counts_the_trainings_it_lists,
    r_trn_4_the_alerts_tab_holds_only_the_organisations_own_trainings,
);

fn day(offset: i64) -> String {
    let today = chrono::Local::now().date_naive();
    let date = if offset >= 0 { today + Days::new(offset as u64) } else { today - Days::new((-offset) as u64) };
    date.to_string()
}

/// A published training of `responsible` whose sessions, trained by `trainer`, start on the given days from
/// today (several on one day test the reference tie-break); returns the session references.
async fn training_with_sessions(
    app: &TestApp,
    admin: &str,
    responsible: i64,
    trainer: i64,
    starts: &[i64],
) -> Vec<String> {
    let funder = app.organisation_id("France Travail Nouvelle-Aquitaine").await;
    let sessions: Vec<Value> = starts
        .iter()
        .map(|start| {
            json!({"start_date": day(*start), "end_date": day(start + 60), "registration_deadline": day(start - 5),
                "late_entry_deadline": day(start + 10), "department": "47", "commune": "Agen",
                "trainer_organisation_id": trainer, "positioner_organisation_id": null, "capacity": 10,
                "coefficient": 2})
        })
        .collect();
    let body = json!({"title": "[POEC] Soudeur", "funder_organisation_id": funder, "contract_number": "POEC-47-9",
        "scheme": "POEC", "measure": "POEC", "responsible_organisation_id": responsible, "publish": true,
        "sessions": sessions});
    let response = app.post_json("/api/trainings", Some(admin), body).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    created["sessions"].as_array().unwrap().iter().map(|s| s["reference"].as_str().unwrap().to_owned()).collect()
}

/// Every page of a list from its first, following `next`; the pages' rows in order.
async fn walk(app: &TestApp, token: &str, first: &str, mut between: impl AsyncFnMut(usize)) -> Vec<Value> {
    let mut rows = Vec::new();
    let mut path = first.to_owned();
    for page in 0.. {
        let response = app.get(&path, Some(token)).await;
        assert_eq!(response.status(), 200, "{path}");
        let body: Value = response.json().await.unwrap();
        rows.extend(body["items"].as_array().unwrap().iter().cloned());
        let Some(next) = body["next"].as_str() else { break };
        let separator = if first.contains('?') { '&' } else { '?' };
        path = format!("{first}{separator}cursor={next}");
        between(page).await;
    }
    rows
}

fn session_key(row: &Value) -> (NaiveDate, String) {
    (row["start_date"].as_str().unwrap().parse().unwrap(), row["reference"].as_str().unwrap().to_owned())
}

async fn r_list_2_a_session_cursor_walk_returns_every_row_once_in_order_while_rows_are_added(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let trainer = app.login(TRAINER).await;
    let own = app.organisation_id("Forma'Bois Périgord").await;
    let starts: Vec<i64> = (0..23).map(|i| 10 + (i / 3) * 7).collect();
    training_with_sessions(&app, &admin, own, own, &starts).await;
    let first: Value = app.get("/api/sessions?per_page=4", Some(&trainer)).await.json().await.unwrap();
    let before: Vec<(NaiveDate, String)> = {
        let all: Value = app.get("/api/sessions?per_page=100", Some(&trainer)).await.json().await.unwrap();
        all["items"].as_array().unwrap().iter().map(session_key).collect()
    };
    assert_eq!(first["total"].as_u64().unwrap() as usize, before.len());
    assert!(before.len() > 20);

    // While walking, sessions are added before and after the reading position.
    let mut added = Vec::new();
    let rows = walk(&app, &trainer, "/api/sessions?per_page=4", async |page| {
        if page % 2 == 0 {
            added.extend(training_with_sessions(&app, &admin, own, own, &[1, 500 + page as i64]).await);
        }
    })
    .await;
    let keys: Vec<(NaiveDate, String)> = rows.iter().map(session_key).collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "strictly in (start, reference) order, no repeat: {keys:?}");
    let seen: HashSet<&(NaiveDate, String)> = keys.iter().collect();
    assert!(before.iter().all(|k| seen.contains(k)), "every row present at the start is returned");
    let late_added: Vec<&String> = added.iter().filter(|r| keys.iter().any(|(_, k)| k == *r)).collect();
    assert!(!late_added.is_empty(), "rows added after the reading position are reached");
}

async fn r_trn_4_a_training_cursor_walk_returns_every_row_once_in_each_order(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let own = app.organisation_id("Forma'Bois Périgord").await;
    for _ in 0..5 {
        training_with_sessions(&app, &admin, own, own, &[30]).await;
    }
    for sort in ["reference", "title"] {
        let all: Value =
            app.get(&format!("/api/trainings?sort={sort}&per_page=100"), Some(&admin)).await.json().await.unwrap();
        let expected: Vec<&str> =
            all["items"].as_array().unwrap().iter().map(|t| t["reference"].as_str().unwrap()).collect();
        assert!(expected.len() >= 6, "{all}");
        let rows = walk(&app, &admin, &format!("/api/trainings?sort={sort}&per_page=2"), async |_| {}).await;
        let walked: Vec<&str> = rows.iter().map(|t| t["reference"].as_str().unwrap()).collect();
        assert_eq!(walked, expected, "{sort}: the walk is the whole list, in its order");
        assert_eq!(all["total"].as_u64().unwrap() as usize, expected.len());
        assert_eq!(all["counts"]["published"], all["total"]);
    }
}

async fn a_forged_or_foreign_cursor_is_refused_with_400_invalid_cursor(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let own = app.organisation_id("Forma'Bois Périgord").await;
    training_with_sessions(&app, &admin, own, own, &[30, 31, 32]).await;
    let sessions: Value = app.get("/api/sessions?per_page=1", Some(&admin)).await.json().await.unwrap();
    let session_cursor = sessions["next"].as_str().unwrap().to_owned();
    let titles: Value = app.get("/api/trainings?per_page=1&sort=title", Some(&admin)).await.json().await.unwrap();
    let title_cursor = titles["next"].as_str().unwrap().to_owned();
    for path in [
        "/api/sessions?cursor=not-a-cursor".to_owned(),
        "/api/trainings?cursor=eyJzb3J0Ijoibm9wZSJ9".to_owned(),
        format!("/api/trainings?cursor={session_cursor}"),
        format!("/api/trainings?sort=reference&cursor={title_cursor}"),
        format!("/api/sessions?cursor={title_cursor}"),
    ] {
        let (status, body) = problem(app.get(&path, Some(&admin)).await).await;
        assert_eq!((status, body["code"].as_str()), (400, Some("invalid_cursor")), "{path}: {body}");
    }
    let next = app.get(&format!("/api/sessions?per_page=1&cursor={session_cursor}"), Some(&admin)).await;
    assert_eq!(next.status(), 200, "a cursor of its own list is taken");
}

async fn r_acc_3_another_organisations_sessions_never_appear_in_a_walk(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let trainer = app.login(TRAINER).await;
    let own = app.organisation_id("Forma'Bois Périgord").await;
    let other = app.organisation_id("Atelier Formation Agenais").await;
    let theirs = training_with_sessions(&app, &admin, other, other, &[20, 21, 22, 23, 24, 25]).await;
    let mine = training_with_sessions(&app, &admin, own, own, &[20, 21, 22]).await;
    let agen = member_of(&app, "Atelier Formation Agenais", "agen@example.org").await;
    let references =
        |rows: &[Value]| -> Vec<String> { rows.iter().map(|s| s["reference"].as_str().unwrap().to_owned()).collect() };
    for period in ["current", "finished"] {
        let seen =
            references(&walk(&app, &trainer, &format!("/api/sessions?per_page=2&period={period}"), async |_| {}).await);
        assert!(seen.iter().all(|r| !theirs.contains(r)), "{period}: {seen:?}");
        let seen =
            references(&walk(&app, &agen, &format!("/api/sessions?per_page=2&period={period}"), async |_| {}).await);
        assert!(seen.iter().all(|r| !mine.contains(r)), "{period}: {seen:?}");
        if period == "current" {
            assert!(theirs.iter().all(|r| seen.contains(r)), "its own are all there: {seen:?}");
        }
    }
    let seen = walk(&app, &trainer, "/api/sessions?per_page=2&role=trainer", async |_| {}).await;
    let references: HashSet<String> = seen.iter().map(|s| s["reference"].as_str().unwrap().to_owned()).collect();
    assert!(mine.iter().all(|r| references.contains(r)));
}

async fn r_acc_3_the_responsible_copy_on_sessions_follows_a_training_change(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let trainer = app.login(TRAINER).await;
    let own = app.organisation_id("Forma'Bois Périgord").await;
    let other = app.organisation_id("Atelier Formation Agenais").await;
    // Forma'Bois trains, Agenais is responsible; then the platform hands the training to Forma'Bois.
    let sessions = training_with_sessions(&app, &admin, other, own, &[40, 41]).await;
    let responsible = |list: &Value| -> Vec<String> {
        list["items"].as_array().unwrap().iter().map(|s| s["reference"].as_str().unwrap().to_owned()).collect()
    };
    let agen = member_of(&app, "Atelier Formation Agenais", "agen@example.org").await;
    let theirs: Value = app.get("/api/sessions?role=responsible", Some(&agen)).await.json().await.unwrap();
    assert!(sessions.iter().all(|s| responsible(&theirs).contains(s)), "{theirs}");
    let training: Value =
        app.get(&format!("/api/sessions/{}", sessions[0]), Some(&trainer)).await.json().await.unwrap();
    let reference = training["training_reference"].as_str().unwrap();
    let response = app
        .client
        .patch(app.url(&format!("/api/trainings/{reference}")))
        .bearer_auth(&admin)
        .json(&json!({"responsible_organisation_id": own}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let theirs: Value = app.get("/api/sessions?role=responsible", Some(&agen)).await.json().await.unwrap();
    assert!(sessions.iter().all(|s| !responsible(&theirs).contains(s)), "{theirs}");
    let mine: Value =
        app.get("/api/sessions?role=responsible&per_page=100", Some(&trainer)).await.json().await.unwrap();
    assert!(sessions.iter().all(|s| responsible(&mine).contains(s)));
}

/// R-TRN-4, R-ACC-3: a training of another organisation raising an alert (its registration closed, the session
/// not full) is in the platform's alerts tab and never in another organisation's, listed or counted.
async fn r_trn_4_the_alerts_tab_holds_only_the_organisations_own_trainings(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let trainer = app.login(TRAINER).await;
    let own = app.organisation_id("Forma'Bois Périgord").await;
    let other = app.organisation_id("Atelier Formation Agenais").await;
    let theirs = training_with_sessions(&app, &admin, other, other, &[-2]).await;
    let mine = training_with_sessions(&app, &admin, own, own, &[-2]).await;
    let alerts = async |token: &str| -> (Vec<String>, u64) {
        let page: Value = app.get("/api/trainings?tab=alerts&per_page=100", Some(token)).await.json().await.unwrap();
        let mut sessions = Vec::new();
        for training in page["items"].as_array().unwrap() {
            let reference = training["reference"].as_str().unwrap();
            let shown: Value = app.get(&format!("/api/trainings/{reference}"), Some(token)).await.json().await.unwrap();
            sessions.extend(
                shown["sessions"].as_array().unwrap().iter().map(|s| s["reference"].as_str().unwrap().to_owned()),
            );
        }
        (sessions, page["counts"]["alerts"].as_u64().unwrap())
    };
    let (platform, platform_count) = alerts(&admin).await;
    assert!(theirs.iter().chain(&mine).all(|s| platform.contains(s)), "{platform:?}");
    let (seen, count) = alerts(&trainer).await;
    assert!(mine.iter().all(|s| seen.contains(s)), "its own alert: {seen:?}");
    assert!(theirs.iter().all(|s| !seen.contains(s)), "another's alert: {seen:?}");
    assert!(count < platform_count, "counted: {count} of the platform's {platform_count}");
}

/// An organisation's tab counts come from one query grouped by publication and certification (the alerts
/// aside): each must equal what its tab lists, for the organisation as for the platform.
async fn r_trn_4_every_tab_counts_the_trainings_it_lists(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let own = app.organisation_id("Forma'Bois Périgord").await;
    for _ in 0..3 {
        training_with_sessions(&app, &admin, own, own, &[30]).await;
    }
    let member = app.login(TRAINER).await;
    for token in [&admin, &member] {
        let first: Value = app.get("/api/trainings?per_page=100", Some(token)).await.json().await.unwrap();
        let counts = first["counts"].as_object().unwrap().clone();
        assert!(counts.values().any(|n| n.as_u64().unwrap() > 0), "{counts:?}");
        for (tab, count) in counts {
            let page: Value =
                app.get(&format!("/api/trainings?tab={tab}&per_page=100"), Some(token)).await.json().await.unwrap();
            let listed = page["items"].as_array().unwrap().len() as u64;
            assert_eq!(count.as_u64(), Some(listed), "tab {tab}: counted as listed");
            assert_eq!(page["total"].as_u64(), Some(listed), "tab {tab}: total");
        }
    }
}
