//! What the lists and exports of the guide promise (R-LIST-1..3); the pagination itself is [`crate::paging`],
//! the period tabs [`crate::time_rules::SessionPeriod`] (R-TIME-4), availability [`crate::session`] (R-LIST-4).

use chrono::NaiveDate;

/// R-LIST-1: the dashboard counts applications received since this day unless the user picks another.
#[must_use]
pub fn dashboard_default_since() -> NaiveDate {
    NaiveDate::from_ymd_opt(2013, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// R-LIST-3: French Excel splits cells on `;` (`,` is the decimal separator).
pub const CSV_SEPARATOR: u8 = b';';

/// R-LIST-3: without a UTF-8 byte order mark, French Excel reads the file as Windows-1252 and garbles accents.
pub const CSV_BYTE_ORDER_MARK: [u8; 3] = [0xEF, 0xBB, 0xBF];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_list_1_the_dashboard_counts_since_1_january_2013_by_default() {
        assert_eq!(dashboard_default_since(), NaiveDate::from_ymd_opt(2013, 1, 1).unwrap());
    }

    #[test]
    fn r_list_3_the_csv_opens_in_french_excel() {
        assert_eq!(CSV_SEPARATOR, b';');
        assert_eq!(std::str::from_utf8(&CSV_BYTE_ORDER_MARK).unwrap(), "\u{feff}");
    }
}
