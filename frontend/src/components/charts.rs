//! Small pictures drawn by the app itself as SVG (no chart library): occupancy meters, the dashboard's
//! stacked bars, a session's timeline. Sizes are SVG attributes, not inline styles (the CSP allows the
//! stylesheet only); colours come from style.css. Every picture repeats numbers or dates written next to it,
//! so it is hidden from screen readers, or carries its own French description.

mod places;
mod timeline;

use leptos::prelude::*;

pub use places::{Occupancy, Places};
pub use timeline::{SessionTimeline, SessionsTimeline, Span};

/// Width in SVG units of `value` out of `max` on a bar `width` long.
fn share(value: u64, max: u64, width: f64) -> f64 {
    if max == 0 {
        return 0.0;
    }
    // Counts of applications and days are far below 2^52: the conversion is exact.
    let ratio = value.min(max) as f64 / max as f64;
    ratio * width
}

/// A thin bar `value / max`; full bars take the "full" colour.
#[component]
pub fn Meter(value: u32, max: u32) -> impl IntoView {
    let filled = share(u64::from(value), u64::from(max), 56.0);
    let full = max > 0 && value >= max;
    view! {
        <svg class="meter" class:meter-full=full width="56" height="8" viewBox="0 0 56 8" aria-hidden="true" focusable="false">
            <rect class="meter-track" width="56" height="8" rx="4" />
            <rect class="meter-fill" width=format!("{filled:.1}") height="8" rx="4" />
        </svg>
    }
}

/// One segment of a stacked bar: its count and its CSS class (the colour of its state).
pub type Segment = (u64, &'static str);

/// A horizontal bar made of `segments`, as long as `total` of the largest bar (`scale`).
#[component]
pub fn StackedBar(segments: Vec<Segment>, scale: u64) -> impl IntoView {
    const WIDTH: f64 = 400.0;
    let mut x = 0.0;
    let rects = segments
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, class)| {
            let width = share(n, scale, WIDTH);
            let at = x;
            x += width;
            view! { <rect class=class x=format!("{at:.1}") width=format!("{width:.1}") height="18" /> }
        })
        .collect_view();
    view! {
        <svg class="stacked-bar" viewBox="0 0 400 18" preserveAspectRatio="none" width="100%" height="18"
            aria-hidden="true" focusable="false">
            <rect class="stacked-track" width="400" height="18" />
            {rects}
        </svg>
    }
}
