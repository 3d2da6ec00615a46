//! The page numbers of a list, checked once for every list use case.

use domain::paging::Paging;

use crate::error::ApiError;

/// A list's page numbers, checked: 400 when out of range, never clamped in silence nor overflowing.
pub(crate) fn paging(page: Option<u32>, per_page: Option<u32>, max_per_page: u32) -> Result<Paging, ApiError> {
    Paging::new(page, per_page, max_per_page).map_err(|error| {
        let mut refusal = ApiError::rule(&error);
        refusal.status = actix_web::http::StatusCode::BAD_REQUEST;
        refusal
    })
}
