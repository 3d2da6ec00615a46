//! Member administration (R-ACC-1, R-ACC-5..7): the platform approves a new organisation's first member, who
//! becomes its admin and runs it; refusals with a reason; the last admin stays; a removed member loses access at
//! once; outsiders, plain members and prescribers are refused; every change is audited.

use serde_json::{Value, json};
use tremplin::store::audit::{self, Entity};

use crate::helpers::{ADMIN, Backend, COUNSELLOR, TRAINER, TestApp, problem};
use crate::on_both_backends;

on_both_backends!(
    r_acc_6_a_new_organisations_first_member_approved_by_the_platform_becomes_its_admin_and_approves_a_colleague,
    r_acc_5_an_admin_refuses_a_request_with_a_reason_and_lists_members_by_status,
    r_acc_7_the_last_admin_can_neither_be_unmade_nor_removed,
    r_acc_1_a_removed_member_loses_access_to_the_organisation_at_once,
    r_acc_1_outsiders_plain_members_and_prescribers_cannot_administer_members,
);

const PASSWORD: &str = "un mot de passe solide";

/// A new training organisation created by the platform; its id.
pub async fn new_organisation(app: &TestApp, admin: &str) -> i64 {
    let body = json!({"name": "Compétences Landes", "siret": "73282932000074", "kind": "training_organisation", "commune": "Mont-de-Marsan"});
    let response = app.post_json("/api/organisations", Some(admin), body).await;
    assert_eq!(response.status(), 201);
    response.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

/// Signs `email` up to `organisation_id`; the user id.
pub async fn sign_up(app: &TestApp, email: &str, full_name: &str, organisation_id: i64) -> i64 {
    let body =
        json!({"email": email, "password": PASSWORD, "full_name": full_name, "organisation_id": organisation_id});
    let response = app.post_json("/api/auth/signup", None, body).await;
    assert_eq!(response.status(), 201);
    response.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
}

fn membership(org: i64, user: i64, action: &str) -> String {
    format!("/api/organisations/{org}/memberships/{user}/{action}")
}

async fn put_json(app: &TestApp, path: &str, token: &str, body: Value) -> reqwest::Response {
    app.client.put(app.url(path)).bearer_auth(token).json(&body).send().await.unwrap()
}

async fn members(app: &TestApp, token: &str, org: i64, query: &str) -> Value {
    let response = app.get(&format!("/api/organisations/{org}/members{query}"), Some(token)).await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// A new organisation whose first member (`first@…`, its admin) approved `second@…`: (org, first's token,
/// first's id, second's token, second's id).
async fn organisation_with_two_members(app: &TestApp) -> (i64, String, i64, String, i64) {
    let admin = app.login(ADMIN).await;
    let org = new_organisation(app, &admin).await;
    let first = sign_up(app, "first@landes.example", "Première Arrivée", org).await;
    let second = sign_up(app, "second@landes.example", "Second Venu", org).await;
    assert_eq!(app.post_json(&membership(org, first, "approve"), Some(&admin), json!({})).await.status(), 204);
    let first_token = app.login(("first@landes.example", PASSWORD)).await;
    assert_eq!(app.post_json(&membership(org, second, "approve"), Some(&first_token), json!({})).await.status(), 204);
    let second_token = app.login(("second@landes.example", PASSWORD)).await;
    (org, first_token, first, second_token, second)
}

async fn r_acc_6_a_new_organisations_first_member_approved_by_the_platform_becomes_its_admin_and_approves_a_colleague(
    backend: Backend,
) {
    let app = TestApp::spawn_with_demo(backend).await;
    let admin = app.login(ADMIN).await;
    let org = new_organisation(&app, &admin).await;
    let first = sign_up(&app, "first@landes.example", "Première Arrivée", org).await;
    let second = sign_up(&app, "second@landes.example", "Second Venu", org).await;

    // The platform's queue holds both requests, oldest first.
    let pending: Value = app.get("/api/admin/pending-members", Some(&admin)).await.json().await.unwrap();
    let ours: Vec<i64> = pending
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["organisation_id"] == org)
        .map(|m| m["user_id"].as_i64().unwrap())
        .collect();
    assert_eq!(ours, [first, second]);
    assert_eq!(pending[0]["status"], "pending");

    assert_eq!(app.post_json(&membership(org, first, "approve"), Some(&admin), json!({})).await.status(), 204);
    let first_token = app.login(("first@landes.example", PASSWORD)).await;
    let me: Value = app.get("/api/me", Some(&first_token)).await.json().await.unwrap();
    assert_eq!(
        (me["memberships"][0]["status"].as_str(), me["memberships"][0]["is_admin"].as_bool()),
        (Some("approved"), Some(true))
    );

    // The new admin sees the colleague's request and approves it; the colleague is a plain member and works.
    let list = members(&app, &first_token, org, "?status=pending").await;
    assert_eq!((list["total"].as_i64(), list["items"][0]["email"].as_str()), (Some(1), Some("second@landes.example")));
    assert_eq!(app.post_json(&membership(org, second, "approve"), Some(&first_token), json!({})).await.status(), 204);
    let second_token = app.login(("second@landes.example", PASSWORD)).await;
    let me: Value = app.get("/api/me", Some(&second_token)).await.json().await.unwrap();
    assert_eq!(
        (me["memberships"][0]["status"].as_str(), me["memberships"][0]["is_admin"].as_bool()),
        (Some("approved"), Some(false))
    );
    assert_eq!(app.get("/api/trainings?tab=published", Some(&second_token)).await.status(), 200);

    let list = members(&app, &first_token, org, "").await;
    assert_eq!(list["counts"], json!({"pending": 0, "approved": 2, "refused": 0, "removed": 0}));
    let names: Vec<&str> = list["items"].as_array().unwrap().iter().map(|m| m["full_name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Première Arrivée", "Second Venu"]);

    // Every change is in the audit trail, with who made it.
    let mut conn = app.db.get().unwrap();
    let history = audit::history(&mut conn, Entity::Membership(&format!("{org}/{second}"))).unwrap();
    assert_eq!(
        (history[0].action.as_str(), history[0].actor_name.as_str()),
        ("membership_approved", "Première Arrivée")
    );
    let history = audit::history(&mut conn, Entity::Membership(&format!("{org}/{first}"))).unwrap();
    let fields: Vec<&str> = history[0].changes.iter().map(|c| c.field.as_str()).collect();
    assert_eq!(fields, ["status", "is_admin"], "R-ACC-6 made the first member admin");
}

async fn r_acc_5_an_admin_refuses_a_request_with_a_reason_and_lists_members_by_status(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (org, admin, _, _, _) = organisation_with_two_members(&app).await;
    let third = sign_up(&app, "third@landes.example", "Troisième Personne", org).await;

    let (status, body) =
        problem(app.post_json(&membership(org, third, "refuse"), Some(&admin), json!({"reason": "  "})).await).await;
    assert_eq!(
        (status, body["code"].as_str(), body["errors"][0]["field"].as_str()),
        (422, Some("invalid_refusal_reason"), Some("reason"))
    );
    let reason = "Nous ne connaissons pas cette personne.";
    let response = app.post_json(&membership(org, third, "refuse"), Some(&admin), json!({"reason": reason})).await;
    assert_eq!(response.status(), 200);
    let refused: Value = response.json().await.unwrap();
    assert_eq!((refused["status"].as_str(), refused["refusal_reason"].as_str()), (Some("refused"), Some(reason)));
    assert!(refused["ended_at"].is_string());

    let (status, body) =
        problem(app.post_json(&membership(org, third, "approve"), Some(&admin), json!({})).await).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("membership_not_pending")));
    let (status, body) =
        problem(app.post_json(&membership(org, third, "refuse"), Some(&admin), json!({"reason": reason})).await).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("membership_not_pending")));

    let list = members(&app, &admin, org, "?status=refused").await;
    assert_eq!((list["total"].as_i64(), list["items"][0]["user_id"].as_i64()), (Some(1), Some(third)));
    let page = members(&app, &admin, org, "?status=approved&per_page=1&page=2").await;
    assert_eq!((page["total"].as_i64(), page["items"][0]["email"].as_str()), (Some(2), Some("second@landes.example")));
    let (status, body) =
        problem(app.get(&format!("/api/organisations/{org}/members?per_page=101"), Some(&admin)).await).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("invalid_per_page")));

    // The refused person may still log in, but acts for nobody.
    let token = app.login(("third@landes.example", PASSWORD)).await;
    let me: Value = app.get("/api/me", Some(&token)).await.json().await.unwrap();
    assert_eq!(me["memberships"][0]["status"], "refused");
    assert_eq!(app.get("/api/trainings", Some(&token)).await.status(), 403);
}

async fn r_acc_7_the_last_admin_can_neither_be_unmade_nor_removed(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (org, admin, first, _, second) = organisation_with_two_members(&app).await;

    let (status, body) =
        problem(put_json(&app, &membership(org, first, "admin"), &admin, json!({"is_admin": false})).await).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("last_admin")));
    let (status, body) = problem(app.post_json(&membership(org, first, "remove"), Some(&admin), json!({})).await).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("last_admin")));

    let named = put_json(&app, &membership(org, second, "admin"), &admin, json!({"is_admin": true})).await;
    assert_eq!(named.status(), 200);
    assert_eq!(named.json::<Value>().await.unwrap()["is_admin"], true);
    // With a second admin, the first may step down; the second is then the last one.
    let response = put_json(&app, &membership(org, first, "admin"), &admin, json!({"is_admin": false})).await;
    assert_eq!(response.json::<Value>().await.unwrap()["is_admin"], false);
    let second_token = app.login(("second@landes.example", PASSWORD)).await;
    let (status, _) =
        problem(app.post_json(&membership(org, second, "remove"), Some(&second_token), json!({})).await).await;
    assert_eq!(status, 409);
    // The first is no admin any more: it administers nothing.
    let (status, body) = problem(app.get(&format!("/api/organisations/{org}/members"), Some(&admin)).await).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("member_administration_forbidden")));
}

async fn r_acc_1_a_removed_member_loses_access_to_the_organisation_at_once(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (org, admin, _, colleague, second) = organisation_with_two_members(&app).await;
    assert_eq!(app.get("/api/trainings", Some(&colleague)).await.status(), 200);

    let response = app.post_json(&membership(org, second, "remove"), Some(&admin), json!({})).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.json::<Value>().await.unwrap()["status"], "removed");
    // The token issued before still authenticates the person, but acts for the organisation no more.
    let (status, body) = problem(app.get("/api/trainings", Some(&colleague)).await).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("not_a_member")), "removed is not pending");
    let response = app
        .client
        .get(app.url("/api/trainings"))
        .bearer_auth(&colleague)
        .header("X-Organisation-Id", org.to_string())
        .send()
        .await
        .unwrap();
    let (status, body) = problem(response).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("not_a_member")));

    let (status, body) =
        problem(app.post_json(&membership(org, second, "remove"), Some(&admin), json!({})).await).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("membership_not_active")));
    let list = members(&app, &admin, org, "?status=removed").await;
    assert_eq!(list["items"][0]["user_id"].as_i64(), Some(second));
    let mut conn = app.db.get().unwrap();
    let history = audit::history(&mut conn, Entity::Membership(&format!("{org}/{second}"))).unwrap();
    assert_eq!(history[0].action, "membership_removed");
}

async fn r_acc_1_outsiders_plain_members_and_prescribers_cannot_administer_members(backend: Backend) {
    let app = TestApp::spawn_with_demo(backend).await;
    let (org, admin, first, colleague, second) = organisation_with_two_members(&app).await;
    let third = sign_up(&app, "third@landes.example", "Troisième Personne", org).await;
    let outsider = app.login(TRAINER).await; // admin of another training organisation
    let prescriber = app.login(COUNSELLOR).await; // admin of a prescriber
    let calls = |token: String| {
        let app = &app;
        async move {
            vec![
                app.get(&format!("/api/organisations/{org}/members"), Some(&token)).await,
                app.post_json(&membership(org, third, "refuse"), Some(&token), json!({"reason": "non"})).await,
                put_json(app, &membership(org, second, "admin"), &token, json!({"is_admin": true})).await,
                app.post_json(&membership(org, second, "remove"), Some(&token), json!({})).await,
                app.post_json(
                    &format!("/api/organisations/{org}/invitations"),
                    Some(&token),
                    json!({"email": "x@example.org"}),
                )
                .await,
                app.get(&format!("/api/organisations/{org}/invitations"), Some(&token)).await,
            ]
        }
    };
    for (who, token) in
        [("outsider", outsider.clone()), ("prescriber", prescriber), ("plain member", colleague.clone())]
    {
        for response in calls(token).await {
            let (status, body) = problem(response).await;
            assert_eq!((status, body["code"].as_str()), (403, Some("member_administration_forbidden")), "{who}");
        }
        let _ = first;
    }
    for token in [&outsider, &colleague] {
        let (status, body) =
            problem(app.post_json(&membership(org, third, "approve"), Some(token), json!({})).await).await;
        assert_eq!((status, body["code"].as_str()), (403, Some("membership_approval_forbidden")));
        let (status, _) = problem(app.get("/api/admin/pending-members", Some(token)).await).await;
        assert_eq!(status, 403);
    }
    // An admin's ids of people outside the organisation, and the platform's unknown organisation: 404.
    let trainer_org = app.organisation_id("Forma'Bois Périgord").await;
    let me: Value = app.get("/api/me", Some(&outsider)).await.json().await.unwrap();
    let foreign_user = me["id"].as_i64().unwrap();
    let (status, _) =
        problem(app.post_json(&membership(org, foreign_user, "remove"), Some(&admin), json!({})).await).await;
    assert_eq!(status, 404);
    let (status, _) =
        problem(app.post_json(&membership(trainer_org, second, "remove"), Some(&admin), json!({})).await).await;
    assert_eq!(status, 403, "another organisation's members are not this admin's");
    let platform = app.login(ADMIN).await;
    let (status, _) = problem(app.get("/api/organisations/999999/members", Some(&platform)).await).await;
    assert_eq!(status, 404);
    // Nothing changed.
    let list = members(&app, &admin, org, "").await;
    assert_eq!(list["counts"], json!({"pending": 1, "approved": 2, "refused": 0, "removed": 0}));
}
