//! A transaction PostgreSQL rolls back to end a deadlock is a concurrent update (409, "réessayez"), not a fault
//! of the server (500): nothing of it was saved, and the same request sent again may pass.

use std::sync::{Arc, Barrier};
use std::thread;

use actix_web::ResponseError;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use tremplin::db::Db;
use tremplin::error::ApiError;
use tremplin::store::Error;

use crate::helpers::{Backend, TestApp};

/// Takes the row lock of organisation `first`, waits for the other transaction to hold `second`, then asks
/// for `second`: one of the two transactions must be chosen as the deadlock's victim.
fn cross(db: Db, first: i64, second: i64, both_hold: Arc<Barrier>) -> Result<(), diesel::result::Error> {
    let mut conn = db.get().unwrap();
    conn.transaction(|conn| {
        let touch = |conn: &mut tremplin::db::Conn, id: i64| {
            conn.batch_execute(&format!("UPDATE organisations SET commune = commune WHERE id = {id}"))
        };
        touch(conn, first)?;
        both_hold.wait();
        touch(conn, second)
    })
}

#[actix_web::test]
async fn postgres_deadlock_victim_is_a_concurrent_update() {
    let app = TestApp::spawn_with_demo(Backend::Postgres).await;
    let a = app.organisation_id("Forma'Bois Périgord").await;
    let b = app.organisation_id("Atelier Formation Agenais").await;
    let both_hold = Arc::new(Barrier::new(2));
    let runs: Vec<_> = [(a, b), (b, a)]
        .into_iter()
        .map(|(first, second)| {
            let (db, both_hold) = (app.db.clone(), both_hold.clone());
            thread::spawn(move || cross(db, first, second, both_hold))
        })
        .collect();
    let results: Vec<_> = runs.into_iter().map(|run| run.join().unwrap()).collect();

    let victims: Vec<_> = results.into_iter().filter_map(Result::err).collect();
    assert_eq!(victims.len(), 1, "PostgreSQL ends a deadlock by rolling back one transaction: {victims:?}");
    let victim = victims.into_iter().next().unwrap();
    assert!(victim.to_string().starts_with("deadlock detected"), "{victim}");
    let problem = ApiError::from(Error::from(victim));
    assert_eq!(problem.status_code().as_u16(), 409);
    let body = actix_web::body::to_bytes(problem.error_response().into_body()).await.unwrap();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(body["code"], "concurrent_update", "{body}");
}
