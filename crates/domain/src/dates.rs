//! Small date helpers that never panic, and the French way of writing and typing dates (`jj/mm/aaaa`),
//! shared by the server's messages and the web app's date fields.

use std::fmt;

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// `date + days`, saturating at the last representable date instead of panicking.
#[must_use]
pub fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(NaiveDate::MAX)
}

/// Formats a date the French way (`dd/mm/yyyy`), as the UI and messages show it.
#[must_use]
pub fn french(date: NaiveDate) -> String {
    date.format("%d/%m/%Y").to_string()
}

/// Why a typed date was refused; the message tells the user what to type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateInputError {
    /// Not `jj/mm/aaaa` (letters, a two-digit year, missing parts).
    Format,
    /// Well written but absent from the calendar (31/02, 29/02 of a common year).
    NoSuchDay,
}

impl fmt::Display for DateInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Format => "Saisissez la date au format jj/mm/aaaa, par exemple 05/12/2026.",
            Self::NoSuchDay => "Cette date n’existe pas dans le calendrier.",
        })
    }
}

impl std::error::Error for DateInputError {}

/// Reads a date typed by a French user: day first (`5/12/2026`, `05.12.2026`, `05-12-2026`, `05122026`),
/// never month first; the ISO form (`2026-12-05`) is also read, as a pasted or bookmarked value. A year has
/// four digits: `05/12/26` is refused rather than guessed. Blank is `Ok(None)` (an optional field left empty).
///
/// # Errors
/// [`DateInputError`] when the text is not such a date.
pub fn parse_french(text: &str) -> Result<Option<NaiveDate>, DateInputError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let parts: Vec<&str> = text.split(['/', '.', '-', ' ']).filter(|p| !p.is_empty()).collect();
    let numbers: Vec<&str> = match parts.as_slice() {
        [one] if one.len() == 8 => vec![&one[..2], &one[2..4], &one[4..]],
        [year, month, day] if year.len() == 4 => vec![*day, *month, *year],
        [_, _, _] => parts,
        _ => return Err(DateInputError::Format),
    };
    let digits = |part: &str, max_len: usize| {
        (!part.is_empty() && part.len() <= max_len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let (Some(day), Some(month), Some(year)) = (digits(numbers[0], 2), digits(numbers[1], 2), digits(numbers[2], 4))
    else {
        return Err(DateInputError::Format);
    };
    if numbers[2].len() != 4 || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(DateInputError::Format);
    }
    let year = i32::try_from(year).map_err(|_| DateInputError::Format)?;
    NaiveDate::from_ymd_opt(year, month, day).map(Some).ok_or(DateInputError::NoSuchDay)
}

/// French month names, January first, as a calendar's title writes them.
pub const MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// French day names, Monday first: a French calendar's weeks start on Monday.
pub const WEEKDAYS: [&str; 7] = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"];

/// "5 décembre 2026", as a calendar button or a screen reader says a day.
#[must_use]
pub fn spoken(date: NaiveDate) -> String {
    let month = MONTHS[date.month0() as usize];
    format!("{} {month} {}", date.day(), date.year())
}

/// The weeks of a calendar page showing `day`'s month: each row runs Monday to Sunday, the first holds the
/// 1st, the last holds the month's last day (days of the neighbouring months fill the edges).
#[must_use]
pub fn month_weeks(day: NaiveDate) -> Vec<[NaiveDate; 7]> {
    let first = day.with_day(1).unwrap_or(day);
    let monday = first.checked_sub_days(Days::new(u64::from(first.weekday().num_days_from_monday()))).unwrap_or(first);
    let mut weeks = Vec::new();
    let mut start = monday;
    while weeks.is_empty() || (start.month() == first.month() && start.year() == first.year()) {
        let mut week = [start; 7];
        for (offset, slot) in (0_u64..).zip(week.iter_mut()) {
            *slot = add_days(start, offset);
        }
        weeks.push(week);
        start = add_days(start, 7);
        if start == NaiveDate::MAX {
            break;
        }
    }
    weeks
}

/// The same day `months` later (or earlier), kept inside the target month (31 January + 1 → 28/29 February).
#[must_use]
pub fn shift_months(day: NaiveDate, months: i32) -> NaiveDate {
    let index = day.year() * 12 + day.month0().cast_signed() + months;
    let (year, month0) = (index.div_euclid(12), index.rem_euclid(12).cast_unsigned());
    (1..=day.day()).rev().find_map(|d| NaiveDate::from_ymd_opt(year, month0 + 1, d)).unwrap_or(day)
}

/// Whether `day` is a Monday (the first column of a calendar).
#[must_use]
pub fn is_week_start(day: NaiveDate) -> bool {
    day.weekday() == Weekday::Mon
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_list_3_dates_are_written_day_month_year_with_leading_zeros() {
        let day = NaiveDate::from_ymd_opt(2023, 9, 4).unwrap();
        assert_eq!(french(day), "04/09/2023");
    }

    #[test]
    fn adding_days_past_the_last_date_saturates() {
        assert_eq!(add_days(NaiveDate::MAX, 1), NaiveDate::MAX);
    }

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn r_list_3_a_typed_date_is_read_day_first() {
        assert_eq!(parse_french("05/12/2026"), Ok(Some(ymd(2026, 12, 5))));
        assert_eq!(parse_french(" 5/12/2026 "), Ok(Some(ymd(2026, 12, 5))));
        assert_eq!(parse_french("05.12.2026"), Ok(Some(ymd(2026, 12, 5))));
        assert_eq!(parse_french("05-12-2026"), Ok(Some(ymd(2026, 12, 5))));
        assert_eq!(parse_french("05122026"), Ok(Some(ymd(2026, 12, 5))));
    }

    #[test]
    fn r_list_3_an_iso_date_is_still_read() {
        assert_eq!(parse_french("2026-12-05"), Ok(Some(ymd(2026, 12, 5))));
    }

    #[test]
    fn r_list_3_blank_is_no_date() {
        assert_eq!(parse_french("  "), Ok(None));
    }

    #[test]
    fn r_list_3_a_date_not_written_jj_mm_aaaa_is_refused_with_the_format() {
        for text in
            ["12/2026", "05/12/26", "5 déc 2026", "05/13/2026", "32/01/2026", "00/01/2026", "1/2/3/4", "05/12/-202"]
        {
            assert_eq!(parse_french(text), Err(DateInputError::Format), "{text}");
        }
        assert!(DateInputError::Format.to_string().contains("jj/mm/aaaa"));
    }

    #[test]
    fn r_list_3_a_day_absent_from_the_calendar_is_refused() {
        assert_eq!(parse_french("31/02/2026"), Err(DateInputError::NoSuchDay));
        assert_eq!(parse_french("29/02/2026"), Err(DateInputError::NoSuchDay));
        assert_eq!(parse_french("29/02/2028"), Ok(Some(ymd(2028, 2, 29))));
    }

    #[test]
    fn a_calendar_page_starts_on_monday_and_covers_the_whole_month() {
        // December 2026 starts on a Tuesday and ends on a Thursday.
        let weeks = month_weeks(ymd(2026, 12, 17));
        assert_eq!(weeks.len(), 5);
        assert!(weeks.iter().all(|w| is_week_start(w[0])));
        assert_eq!(weeks[0][0], ymd(2026, 11, 30));
        assert_eq!(weeks[0][1], ymd(2026, 12, 1));
        assert_eq!(weeks[4][3], ymd(2026, 12, 31));
        // February 2027 starts on a Monday: no day of January shown.
        assert_eq!(month_weeks(ymd(2027, 2, 1))[0][0], ymd(2027, 2, 1));
    }

    #[test]
    fn moving_a_month_keeps_the_day_inside_the_month() {
        assert_eq!(shift_months(ymd(2026, 1, 31), 1), ymd(2026, 2, 28));
        assert_eq!(shift_months(ymd(2026, 1, 15), -1), ymd(2025, 12, 15));
        assert_eq!(shift_months(ymd(2026, 12, 5), 1), ymd(2027, 1, 5));
    }

    #[test]
    fn a_day_is_spoken_in_french() {
        assert_eq!(spoken(ymd(2026, 12, 5)), "5 décembre 2026");
        assert_eq!(WEEKDAYS[0], "lundi");
    }
}
