//! New training and session references (R-TRN-5): random, so they reveal no volume, checked for uniqueness.

use domain::ids::{SessionRef, TrainingRef};
use rand::Rng;

use crate::db::Conn;
use crate::error::ApiError;
use crate::store;

const ATTEMPTS: usize = 20;

/// A free 12-digit training reference, dated like the guide's (`20230515` + 4 digits).
pub fn new_training_reference(conn: &mut Conn, today: chrono::NaiveDate) -> Result<TrainingRef, ApiError> {
    let prefix: u64 = today.format("%Y%m%d").to_string().parse().map_err(ApiError::internal)?;
    for _ in 0..ATTEMPTS {
        let number = prefix * 10_000 + rand::rng().random_range(0..10_000);
        let reference = TrainingRef::from_number(number).map_err(ApiError::internal)?;
        if !store::trainings::reference_taken(conn, reference.as_str())? {
            return Ok(reference);
        }
    }
    Err(ApiError::internal("no free training reference"))
}

/// A free 8-digit session reference.
pub fn new_session_reference(conn: &mut Conn) -> Result<SessionRef, ApiError> {
    for _ in 0..ATTEMPTS {
        let reference =
            SessionRef::from_number(rand::rng().random_range(1..100_000_000)).map_err(ApiError::internal)?;
        if !store::sessions::reference_taken(conn, reference.as_str())? {
            return Ok(reference);
        }
    }
    Err(ApiError::internal("no free session reference"))
}
