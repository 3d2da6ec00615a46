//! Page numbers of every list: checked once, so no list multiplies unchecked numbers into an offset.

use thiserror::Error;

use crate::error::{ErrorKind, RuleError};

/// A page request out of range; the API answers it with 400.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum PagingError {
    #[error("Le numéro de page doit être compris entre 1 et {max}.", max = Paging::MAX_PAGE)]
    Page,
    #[error("Le nombre d'éléments par page doit être compris entre 1 et {max}.")]
    PerPage { max: u32 },
}

impl RuleError for PagingError {
    fn code(&self) -> &'static str {
        match self {
            Self::Page => "invalid_page",
            Self::PerPage { .. } => "invalid_per_page",
        }
    }
    fn field(&self) -> Option<&'static str> {
        Some(match self {
            Self::Page => "page",
            Self::PerPage { .. } => "per_page",
        })
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// A valid page: 1-based number and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    page: u32,
    per_page: u32,
}

impl Paging {
    /// The default page size of every list.
    pub const DEFAULT_PER_PAGE: u32 = 10;
    /// Far beyond any real list; keeps every offset a small number on every platform and backend.
    pub const MAX_PAGE: u32 = 1_000_000;

    /// Page `page` (default 1) of `per_page` items (default 10, at most `max_per_page`).
    pub fn new(page: Option<u32>, per_page: Option<u32>, max_per_page: u32) -> Result<Self, PagingError> {
        let page = page.unwrap_or(1);
        let per_page = per_page.unwrap_or(Self::DEFAULT_PER_PAGE.min(max_per_page));
        if !(1..=Self::MAX_PAGE).contains(&page) {
            return Err(PagingError::Page);
        }
        if !(1..=max_per_page).contains(&per_page) {
            return Err(PagingError::PerPage { max: max_per_page });
        }
        Ok(Self { page, per_page })
    }

    #[must_use]
    pub fn page(self) -> u32 {
        self.page
    }

    #[must_use]
    pub fn per_page(self) -> u32 {
        self.per_page
    }

    /// How many items come before this page (cannot overflow: both factors are bounded).
    #[must_use]
    pub fn offset(self) -> u64 {
        u64::from(self.page - 1) * u64::from(self.per_page)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_first_page_of_ten() {
        let paging = Paging::new(None, None, 100).unwrap();
        assert_eq!((paging.page(), paging.per_page(), paging.offset()), (1, 10, 0));
    }

    #[test]
    fn the_offset_skips_the_previous_pages() {
        assert_eq!(Paging::new(Some(3), Some(25), 100).unwrap().offset(), 50);
        let last = Paging::new(Some(Paging::MAX_PAGE), Some(500), 500).unwrap();
        assert_eq!(last.offset(), 499_999_500);
    }

    #[test]
    fn page_zero_and_pages_beyond_the_maximum_are_refused() {
        assert_eq!(Paging::new(Some(0), None, 100), Err(PagingError::Page));
        assert_eq!(Paging::new(Some(u32::MAX), None, 100), Err(PagingError::Page));
        assert_eq!(PagingError::Page.code(), "invalid_page");
    }

    #[test]
    fn page_sizes_out_of_range_are_refused_not_clamped() {
        assert_eq!(Paging::new(None, Some(0), 100), Err(PagingError::PerPage { max: 100 }));
        assert_eq!(Paging::new(None, Some(101), 100), Err(PagingError::PerPage { max: 100 }));
        assert_eq!(Paging::new(None, Some(u32::MAX), 500), Err(PagingError::PerPage { max: 500 }));
        assert!(PagingError::PerPage { max: 100 }.message().contains("100"));
    }
}
