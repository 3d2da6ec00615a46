//! Where a page of an applications list starts: the cursor a client sent back, else its page number.

use contract::Sort;

use crate::error::ApiError;
use crate::service::cursor;
use crate::store::application_lists::{Key, Start};

/// The start of the page: after the row of `cursor` (which must belong to `sort`), else page `page`.
pub(crate) fn start(cursor: Option<&str>, page: u32, sort: Sort) -> Result<Start, ApiError> {
    let Some(text) = cursor::given(cursor) else { return Ok(Start::Page(page)) };
    let key: Key = cursor::decode(text)?;
    if key.sort() != sort {
        return Err(cursor::invalid());
    }
    Ok(Start::After(key))
}
