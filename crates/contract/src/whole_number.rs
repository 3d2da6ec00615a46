//! Integers of request bodies, also accepted when spelt with a zero fraction (`3.0`): JSON Schema's
//! `integer` is any number without a fractional part, so clients generated from the OpenAPI document (a
//! Python `float`, a JavaScript number that went through arithmetic) may send either spelling.

use serde::de::Error;
use serde::{Deserialize, Deserializer};

/// For `#[serde(deserialize_with = "crate::whole_number::required")]`.
pub fn required<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    whole(serde_json::Number::deserialize(deserializer)?)
}

/// For `Option<i64>` fields: `null` or absent stays `None`.
pub fn optional<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    Option::<serde_json::Number>::deserialize(deserializer)?.map(whole).transpose()
}

/// For `Option<Option<i64>>` fields that may be removed: absent is `None` (with `#[serde(default)]`), `null` is
/// `Some(None)`.
pub fn nullable<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<i64>>, D::Error> {
    optional(deserializer).map(Some)
}

// Floats are taken up to 2^53 only: every whole number up to there is exact in f64, so the value is the one the
// client wrote. Past it, an integer literal outside i64 (which serde_json reads as f64) would round to a value
// inside i64, -9223372036854775809 to i64::MIN, and be accepted as another number.
const BOUND: f64 = 9_007_199_254_740_992.0;

fn whole<E: Error>(number: serde_json::Number) -> Result<i64, E> {
    if let Some(value) = number.as_i64() {
        return Ok(value);
    }
    match number.as_f64() {
        #[expect(clippy::cast_possible_truncation, reason = "whole and within ±2^53, checked above")]
        Some(value) if value.fract() == 0.0 && (-BOUND..=BOUND).contains(&value) => Ok(value as i64),
        _ => Err(E::custom(format!("invalid value: {number}, expected an integer of 64 bits"))),
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    struct Body {
        #[serde(deserialize_with = "super::required")]
        id: i64,
        #[serde(default, deserialize_with = "super::optional")]
        other: Option<i64>,
    }

    fn parse(json: &str) -> Result<Body, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn a_zero_fraction_is_an_integer_and_a_real_fraction_is_not() {
        let body = parse(r#"{"id": 409060.0, "other": -3.0}"#).map(|b| (b.id, b.other)).ok();
        assert_eq!(body, Some((409_060, Some(-3))));
        assert_eq!(parse(r#"{"id": 7}"#).map(|b| (b.id, b.other)).ok(), Some((7, None)));
        assert_eq!(parse(r#"{"id": 1, "other": null}"#).map(|b| b.other).ok(), Some(None));
        assert!(parse(r#"{"id": 1.5}"#).is_err());
        assert!(parse(r#"{"id": 9223372036854775808}"#).is_err(), "beyond i64");
        assert!(parse(r#"{"id": -9223372036854775809}"#).is_err(), "beyond i64, rounds to i64::MIN in f64");
        assert!(parse(r#"{"id": 9007199254740993.0}"#).is_err(), "a float past 2^53 is not exact");
        assert_eq!(parse(r#"{"id": -9223372036854775808}"#).map(|b| b.id).ok(), Some(i64::MIN), "an i64 literal");
        assert!(parse(r#"{"id": 1e300}"#).is_err());
        assert!(parse(r#"{"id": "1"}"#).is_err());
    }
}
