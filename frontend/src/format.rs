//! Dates shown the French way (`dd/mm/yyyy`), "today" from the browser clock, and values of the audit trail.

use chrono::NaiveDate;
use wasm_bindgen::JsValue;

/// `dd/mm/yyyy`, as the guide shows dates.
pub fn date(day: NaiveDate) -> String {
    domain::dates::french(day)
}

/// The value of an `<input type="date">` (`yyyy-mm-dd`).
pub fn iso(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// Parses the value of an `<input type="date">`.
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()
}

/// Today in the browser's time zone (the domain takes today as a parameter, R-TIME-3).
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    let year = i32::try_from(now.get_full_year()).unwrap_or(1970);
    NaiveDate::from_ymd_opt(year, now.get_month() + 1, now.get_date()).unwrap_or(NaiveDate::MIN)
}

/// An ISO 8601 instant as French local date and time ("05/12/2026 14:03:12").
pub fn date_time(instant: &str) -> String {
    let when = js_sys::Date::new(&JsValue::from_str(instant));
    if when.get_time().is_nan() {
        return instant.to_owned();
    }
    when.to_locale_string("fr-FR", &JsValue::UNDEFINED).into()
}

/// A value of the audit trail as a person reads it: dates in French, empty as "(vide)".
pub fn audit_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Null => "(vide)".to_owned(),
        serde_json::Value::String(text) if text.is_empty() => "(vide)".to_owned(),
        serde_json::Value::String(text) => parse_iso(text).map_or_else(|| text.clone(), date),
        serde_json::Value::Bool(true) => "oui".to_owned(),
        serde_json::Value::Bool(false) => "non".to_owned(),
        serde_json::Value::Object(map) => {
            // A certification: its published value, and the change awaiting validation if any.
            let text = |key: &str| map.get(key).and_then(|v| v.as_str()).filter(|v| !v.is_empty());
            match (text("published"), text("proposed")) {
                (published, Some(proposed)) => {
                    format!("{} (en attente de validation : {proposed})", published.unwrap_or("(vide)"))
                }
                (Some(published), None) => published.to_owned(),
                (None, None) => value.to_string(),
            }
        }
        other => other.to_string(),
    }
}
