//! The LHEO 2.3 exchange with the regional Carif-Oref base (issue 13): how a session's state reads as an
//! LHEO recruitment state (R-LHEO-1), LHEO dates (R-LHEO-2), and which value a re-import keeps when the
//! organisation enriched a field since the last import (R-LHEO-3).

use chrono::NaiveDate;
use thiserror::Error;

use crate::error::{ErrorKind, RuleError};
use crate::session::state::SessionState;

/// `etat-recrutement` of an LHEO session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecruitmentState {
    /// 1: applications accepted.
    Open,
    /// 2: no more applications.
    Closed,
    /// 3: applications suspended (every place held, one may free up).
    Suspended,
}

impl RecruitmentState {
    /// The LHEO code.
    #[must_use]
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "1",
            Self::Closed => "2",
            Self::Suspended => "3",
        }
    }
}

/// R-LHEO-1: the recruitment state published for a session. Late entries still take applications, so they
/// are open; a full session may free a place, so it is suspended rather than closed.
#[must_use]
pub fn recruitment_state(state: SessionState) -> RecruitmentState {
    match state {
        SessionState::Open | SessionState::LateEntryOnly => RecruitmentState::Open,
        SessionState::Full => RecruitmentState::Suspended,
        SessionState::Closed | SessionState::Cancelled | SessionState::Running | SessionState::Finished => {
            RecruitmentState::Closed
        }
    }
}

/// An LHEO date that is not a real day.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("La date « {0} » n'est pas une date LHEO valide (AAAAMMJJ).")]
pub struct InvalidLheoDate(pub String);

impl RuleError for InvalidLheoDate {
    fn code(&self) -> &'static str {
        "invalid_lheo_date"
    }
    fn field(&self) -> Option<&'static str> {
        None
    }
    fn kind(&self) -> ErrorKind {
        ErrorKind::Invalid
    }
}

/// R-LHEO-2: LHEO writes days as `AAAAMMJJ`. Its placeholders for "not known" (`00000000`, `99999999`) are
/// not days: a session needs both its dates.
pub fn parse_date(text: &str) -> Result<NaiveDate, InvalidLheoDate> {
    let text = text.trim();
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(InvalidLheoDate(text.chars().take(20).collect()));
    }
    NaiveDate::parse_from_str(text, "%Y%m%d").map_err(|_| InvalidLheoDate(text.to_owned()))
}

/// R-LHEO-2: a day as LHEO writes it.
#[must_use]
pub fn format_date(day: NaiveDate) -> String {
    day.format("%Y%m%d").to_string()
}

/// What a re-import does to one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldMerge<T> {
    /// The stored value is what the base says (or nobody changed it and the base did not either).
    Unchanged,
    /// Nobody changed the field since the last import: it takes the base's new value.
    Take(T),
    /// Someone changed the field since the last import: their value stays.
    KeepEnriched,
}

/// R-LHEO-3: a re-import overwrites a field only while it still holds the value last imported; a field
/// changed since (enriched by the organisation, corrected by the platform) keeps its value. A field never
/// imported (`last_imported` is `None`, e.g. an object imported before the field was) counts as untouched.
pub fn merge_field<T: PartialEq + Clone>(current: &T, last_imported: Option<&T>, incoming: &T) -> FieldMerge<T> {
    if current == incoming {
        FieldMerge::Unchanged
    } else if last_imported.is_none_or(|last| last == current) {
        FieldMerge::Take(incoming.clone())
    } else {
        FieldMerge::KeepEnriched
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_lheo_1_open_and_late_entry_are_open_full_is_suspended_others_closed() {
        assert_eq!(recruitment_state(SessionState::Open).code(), "1");
        assert_eq!(recruitment_state(SessionState::LateEntryOnly).code(), "1");
        assert_eq!(recruitment_state(SessionState::Full).code(), "3");
        for closed in [SessionState::Closed, SessionState::Cancelled, SessionState::Running, SessionState::Finished] {
            assert_eq!(recruitment_state(closed), RecruitmentState::Closed);
        }
    }

    #[test]
    fn r_lheo_2_dates_round_trip_and_placeholders_are_refused() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        assert_eq!(format_date(day), "20260309");
        assert_eq!(parse_date(" 20260309 "), Ok(day));
        for bad in ["00000000", "99999999", "2026-03-09", "20260230", "2026030", ""] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn r_lheo_3_untouched_fields_take_the_new_value_enriched_ones_stay() {
        let (old, new, mine) = ("base 1".to_owned(), "base 2".to_owned(), "enrichi".to_owned());
        assert_eq!(merge_field(&old, Some(&old), &new), FieldMerge::Take(new.clone()));
        assert_eq!(merge_field(&mine, Some(&old), &new), FieldMerge::KeepEnriched);
        assert_eq!(merge_field(&old, Some(&old), &old), FieldMerge::Unchanged);
        assert_eq!(merge_field(&mine, Some(&old), &old), FieldMerge::KeepEnriched);
        assert_eq!(merge_field(&new, Some(&old), &new), FieldMerge::Unchanged);
        assert_eq!(merge_field(&old, None, &new), FieldMerge::Take(new));
    }
}
