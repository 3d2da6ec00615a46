//! Small pictures drawn by the app itself as SVG (no chart library): occupancy meters, the dashboard's
//! stacked bars, a session's timeline. Sizes are SVG attributes, not inline styles (the CSP allows the
//! stylesheet only); colours come from style.css. Every picture repeats numbers or dates written next to it,
//! so it is hidden from screen readers, or carries its own French description.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::format::date;

/// `"2 / 24"` as the API writes an occupancy (R-QUOTA-5) into its two numbers.
pub fn occupancy_numbers(text: &str) -> Option<(u32, u32)> {
    let (held, of) = text.split_once('/')?;
    Some((held.trim().parse().ok()?, of.trim().parse().ok()?))
}

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

/// The occupancy text with its meter, when the text reads as two numbers.
pub fn occupancy(text: String) -> impl IntoView {
    let meter = occupancy_numbers(&text).map(|(held, quota)| view! { <Meter value=held max=quota /> });
    view! { <span class="occupancy">{meter}<span>{text}</span></span> }
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

/// A session's calendar on one line: registration deadline, start, late-entry deadline, end, and today.
#[component]
pub fn SessionTimeline(
    start: NaiveDate,
    registration: NaiveDate,
    late_entry: NaiveDate,
    end: NaiveDate,
    today: NaiveDate,
) -> impl IntoView {
    const LEFT: f64 = 10.0;
    const WIDTH: f64 = 580.0;
    let first = [start, registration, late_entry, end, today].into_iter().min().unwrap_or(start);
    let last = [start, registration, late_entry, end, today].into_iter().max().unwrap_or(end);
    let span = u64::try_from((last - first).num_days()).unwrap_or(0).max(1);
    let at = move |day: NaiveDate| LEFT + share(u64::try_from((day - first).num_days()).unwrap_or(0), span, WIDTH);
    let description = format!(
        "Calendrier de la session : inscriptions jusqu’au {}, début le {}, entrée tardive jusqu’au {}, fin le {} ; \
         aujourd’hui, {}.",
        date(registration),
        date(start),
        date(late_entry),
        date(end),
        date(today)
    );
    // Start and end above the line; each deadline on its own row below, so close dates never write over each
    // other (the registration deadline often falls a few days before the start, the late entry just after).
    let marks = [
        (start, "Début", "timeline-start", ("14", "28", "38", "50")),
        (end, "Fin", "timeline-end", ("14", "28", "38", "50")),
        (registration, "Limite d’inscription", "timeline-deadline", ("84", "98", "62", "72")),
        (late_entry, "Entrée tardive", "timeline-deadline", ("118", "132", "62", "106")),
    ];
    let (course_from, course_to) = (at(start), at(end));
    let today_x = at(today);
    view! {
        // Focusable: on a small screen the figure scrolls sideways, and the keyboard must reach it.
        <figure class="timeline" tabindex="0">
            <svg viewBox="0 0 600 140" width="100%" role="img" aria-label=description.clone()>
                <line class="timeline-axis" x1=LEFT.to_string() x2=(LEFT + WIDTH).to_string() y1="56" y2="56" />
                <rect class="timeline-course" x=format!("{course_from:.1}") y="50"
                    width=format!("{:.1}", (course_to - course_from).max(2.0)) height="12" rx="3" />
                {marks.into_iter().map(|(day, label, class, (y_label, y_date, y1, y2))| {
                    let x = at(day);
                    let anchor = if x < 90.0 { "start" } else if x > 510.0 { "end" } else { "middle" };
                    view! {
                        <g class=class>
                            <line x1=format!("{x:.1}") x2=format!("{x:.1}") y1=y1 y2=y2 />
                            <text x=format!("{x:.1}") y=y_label text-anchor=anchor class="timeline-label">{label}</text>
                            <text x=format!("{x:.1}") y=y_date text-anchor=anchor class="timeline-date">{date(day)}</text>
                        </g>
                    }
                }).collect_view()}
                <g class="timeline-today">
                    <line x1=format!("{today_x:.1}") x2=format!("{today_x:.1}") y1="44" y2="68" />
                    <circle cx=format!("{today_x:.1}") cy="56" r="4" />
                </g>
            </svg>
            <figcaption class="hint">
                {format!("La barre pleine est la période de formation ; le point sur l’axe, aujourd’hui ({}).", date(today))}
            </figcaption>
        </figure>
    }
}

/// One session on the training's timeline.
#[derive(Clone)]
pub struct Span {
    pub reference: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// CSS class of its state's colour.
    pub class: &'static str,
}

/// A training's sessions side by side in time, with today, so gaps and overlaps show at a glance. The table
/// next to it holds the same dates; the picture says them in its own description too.
#[component]
pub fn SessionsTimeline(spans: Vec<Span>, today: NaiveDate) -> impl IntoView {
    const LEFT: f64 = 90.0;
    const WIDTH: f64 = 500.0;
    const ROW: usize = 22;
    if spans.is_empty() {
        return ().into_any();
    }
    let first = spans.iter().map(|s| s.start).chain([today]).min().unwrap_or(today);
    let last = spans.iter().map(|s| s.end).chain([today]).max().unwrap_or(today);
    let days = u64::try_from((last - first).num_days()).unwrap_or(0).max(1);
    let at = move |day: NaiveDate| LEFT + share(u64::try_from((day - first).num_days()).unwrap_or(0), days, WIDTH);
    let description = format!(
        "Frise des sessions, aujourd’hui le {} : {}.",
        date(today),
        spans
            .iter()
            .map(|s| format!("session {} du {} au {}", s.reference, date(s.start), date(s.end)))
            .collect::<Vec<_>>()
            .join(" ; ")
    );
    let height = ROW * spans.len() + 34;
    let today_x = at(today);
    let rows = spans
        .into_iter()
        .enumerate()
        .map(|(i, span)| {
            let y = ROW * i + 6;
            let (from, to) = (at(span.start), at(span.end));
            view! {
                <text x="0" y=(y + 13).to_string() class="timeline-date">{span.reference}</text>
                <rect class=format!("span-bar span-{}", span.class) x=format!("{from:.1}") y=y.to_string()
                    width=format!("{:.1}", (to - from).max(2.0)) height="16" rx="3" />
            }
        })
        .collect_view();
    let axis_y = ROW * (height / ROW).saturating_sub(1) + 4;
    view! {
        <figure class="timeline" tabindex="0">
            <svg viewBox=format!("0 0 600 {height}") width="100%" role="img" aria-label=description>
                {rows}
                <line class="timeline-axis" x1=LEFT.to_string() x2=(LEFT + WIDTH).to_string()
                    y1=axis_y.to_string() y2=axis_y.to_string() />
                <text x=LEFT.to_string() y=(height - 2).to_string() class="timeline-date">{date(first)}</text>
                <text x=(LEFT + WIDTH).to_string() y=(height - 2).to_string() text-anchor="end" class="timeline-date">{date(last)}</text>
                <g class="timeline-today">
                    <line x1=format!("{today_x:.1}") x2=format!("{today_x:.1}") y1="0" y2=axis_y.to_string() />
                </g>
            </svg>
            <figcaption class="hint">{format!("Les sessions dans le temps ; le trait orange vertical, aujourd’hui ({}).", date(today))}</figcaption>
        </figure>
    }
    .into_any()
}
