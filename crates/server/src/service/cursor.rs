//! Keyset cursors: where the next page of a list starts, as the sort key of the last row shown. A page read
//! from a cursor costs the same on the first page and the ten-thousandth, where an offset re-reads every row
//! before it. Clients treat the text as opaque; it is the key as JSON, base64url so it travels in a query.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// Longer than any key a list writes; refuses a huge cursor before decoding it.
const MAX_LENGTH: usize = 512;

/// The cursor of the page after the row whose sort key is `key`.
pub(crate) fn encode<K: Serialize>(key: &K) -> String {
    // A key of plain values always serialises; an empty cursor would only restart the list.
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).unwrap_or_default())
}

/// The cursor of a query, if one was given: an empty `cursor=` is none (a client clearing the field), so the
/// list starts from its page number.
pub(crate) fn given(cursor: Option<&str>) -> Option<&str> {
    cursor.filter(|text| !text.trim().is_empty())
}

/// The sort key a client sent back; 400 `invalid_cursor` when it was not written by [`encode`] for this list.
pub(crate) fn decode<K: DeserializeOwned>(text: &str) -> Result<K, ApiError> {
    if text.len() > MAX_LENGTH {
        return Err(invalid());
    }
    let bytes = URL_SAFE_NO_PAD.decode(text.trim()).map_err(|_| invalid())?;
    serde_json::from_slice(&bytes).map_err(|_| invalid())
}

/// 400 `invalid_cursor`: also for a well-formed cursor of another sort, which would resume at an unrelated row.
pub(crate) fn invalid() -> ApiError {
    let mut refusal = ApiError::invalid_field(
        "cursor",
        "invalid_cursor",
        "Le curseur de pagination n'est pas valide pour cette liste : reprenez-la depuis sa première page.",
    );
    refusal.status = actix_web::http::StatusCode::BAD_REQUEST;
    refusal
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, Serialize, serde::Deserialize)]
    enum Key {
        Received { at: String, id: i64 },
    }

    #[test]
    fn a_cursor_gives_back_the_key_it_was_made_from() {
        let key = Key::Received { at: "2026-11-30T09:00:00.123".into(), id: 42 };
        let text = encode(&key);
        assert!(text.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'), "{text}");
        assert_eq!(decode::<Key>(&text).unwrap(), key);
    }

    #[test]
    fn an_empty_cursor_is_no_cursor() {
        assert_eq!(given(Some("")), None);
        assert_eq!(given(Some("  ")), None);
        assert_eq!(given(None), None);
        assert_eq!(given(Some("eyJ4Ijox")), Some("eyJ4Ijox"));
    }

    #[test]
    fn a_forged_or_foreign_cursor_is_refused_with_its_code() {
        for text in ["not base64!", &encode(&("other", 1)), &"A".repeat(MAX_LENGTH + 1)] {
            let error = decode::<Key>(text).unwrap_err();
            assert_eq!(error.problem().code, "invalid_cursor", "{text}");
            assert_eq!(error.status, actix_web::http::StatusCode::BAD_REQUEST);
        }
    }
}
