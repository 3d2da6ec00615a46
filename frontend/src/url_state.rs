//! A list's filters, tab, order and page kept in the address, so a list can be bookmarked or sent, and comes
//! back as it was after a reload. Each list of a page writes its own prefixed parameters (`c.state=pending`),
//! so the two lists of "Gestion des candidatures" keep apart; the names after the prefix are the API's.

use serde::Serialize;
use serde::de::DeserializeOwned;

fn current_pairs() -> Vec<(String, String)> {
    let search = web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default();
    serde_urlencoded::from_str(search.trim_start_matches('?')).unwrap_or_default()
}

/// The query a list finds in the address; its default when absent or unreadable (an edited bookmark).
pub fn read<Q: DeserializeOwned + Default>(prefix: &str) -> Q {
    let own: Vec<(String, String)> = current_pairs()
        .into_iter()
        .filter_map(|(key, value)| key.strip_prefix(prefix).map(|k| (k.to_owned(), value)))
        .collect();
    serde_urlencoded::to_string(own).ok().and_then(|text| serde_urlencoded::from_str(&text).ok()).unwrap_or_default()
}

/// Writes the list's query in place of its previous one, keeping the other parameters; replaces the history
/// entry (a change of filter is not a page the "back" button should step through).
pub fn write<Q: Serialize>(prefix: &str, query: &Q) {
    let Some(window) = web_sys::window() else { return };
    let mut pairs: Vec<(String, String)> =
        current_pairs().into_iter().filter(|(k, _)| !k.starts_with(prefix)).collect();
    let own: Vec<(String, String)> = serde_urlencoded::to_string(query)
        .ok()
        .and_then(|text| serde_urlencoded::from_str(&text).ok())
        .unwrap_or_default();
    pairs.extend(own.into_iter().map(|(k, v)| (format!("{prefix}{k}"), v)));
    let search = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    let path = window.location().pathname().unwrap_or_default();
    let url = if search.is_empty() { path } else { format!("{path}?{search}") };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}
