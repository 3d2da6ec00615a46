//! The `{reference}` of a path, parsed before the handler runs: a malformed one is answered 400 with the
//! domain's own code and French message (`invalid_session_reference`…), never looked up.

use std::future::{Ready, ready};
use std::str::FromStr;

use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest};
use domain::ids::InvalidReference;

use crate::error::ApiError;

/// A typed reference (`TrainingRef`, `SessionRef`, `ApplicationRef`) taken from the path.
pub(crate) struct Reference<T>(T);

impl<T> Reference<T> {
    pub(crate) fn into_inner(self) -> T {
        self.0
    }
}

impl<T: FromStr<Err = InvalidReference>> FromRequest for Reference<T> {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let text = req.match_info().get("reference").unwrap_or_default();
        ready(T::from_str(text).map(Self).map_err(|error| {
            let mut refusal = ApiError::rule(&error);
            refusal.status = StatusCode::BAD_REQUEST;
            refusal
        }))
    }
}
