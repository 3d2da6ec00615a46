//! A session's places as two bars: places held against the quota (R-QUOTA-5), retained candidates against
//! the capacity (R-QUOTA-4). The numbers come from the API as numbers; the bars and their short text are
//! hidden from screen readers, which read one French sentence per bar instead.

use leptos::prelude::*;

use super::Meter;

/// The four counts of a session, as every session view of the API gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Places {
    /// Pending and retained applications (R-QUOTA-2).
    pub held: u32,
    /// capacity × coefficient (R-QUOTA-1).
    pub quota: u32,
    pub retained: u32,
    pub capacity: u32,
}

impl From<&contract::SessionSummary> for Places {
    fn from(s: &contract::SessionSummary) -> Self {
        Self { held: s.places_held, quota: s.quota, retained: s.retained, capacity: s.capacity }
    }
}

impl From<&contract::SessionListRow> for Places {
    fn from(s: &contract::SessionListRow) -> Self {
        Self { held: s.places_held, quota: s.quota, retained: s.retained, capacity: s.capacity }
    }
}

impl From<&contract::Session> for Places {
    fn from(s: &contract::Session) -> Self {
        Self { held: s.places_held, quota: s.quota, retained: s.retained, capacity: s.capacity }
    }
}

/// What a screen reader says for the two bars.
fn spoken(places: Places) -> [String; 2] {
    [
        format!("Inscrits : {} sur un quota de {}.", places.held, places.quota),
        format!("Retenus : {} sur une capacité d’accueil de {}.", places.retained, places.capacity),
    ]
}

/// "Inscrits 2 / 24" and "Retenus 1 / 12", each with its bar.
#[component]
pub fn Occupancy(places: Places) -> impl IntoView {
    let [held_text, retained_text] = spoken(places);
    let line = move |label: &'static str, value: u32, max: u32, text: String| {
        view! {
            <span class="occupancy-line">
                <Meter value=value max=max />
                <span aria-hidden="true">{format!("{label} {value} / {max}")}</span>
                <span class="visually-hidden">{text}</span>
            </span>
        }
    };
    view! {
        <span class="occupancy">
            {line("Inscrits", places.held, places.quota, held_text)}
            {line("Retenus", places.retained, places.capacity, retained_text)}
        </span>
    }
}
