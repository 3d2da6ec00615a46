//! A session's calendar, and a training's sessions side by side in time.

use chrono::NaiveDate;
use leptos::prelude::*;

use super::share;
use crate::format::date;

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
    /// Applications close on this day, then come in as late entries (R-APP-2).
    pub registration: NaiveDate,
    /// Late entries close on this day (R-APP-2).
    pub late_entry: NaiveDate,
    /// CSS class of its state's colour.
    pub class: &'static str,
}

impl Span {
    fn dates(&self) -> [NaiveDate; 4] {
        [self.start, self.end, self.registration, self.late_entry]
    }

    /// The sentence a screen reader reads for this session.
    fn spoken(&self) -> String {
        format!(
            "Session {} : du {} au {} ; inscriptions jusqu’au {} ; entrée tardive jusqu’au {}.",
            self.reference,
            date(self.start),
            date(self.end),
            date(self.registration),
            date(self.late_entry)
        )
    }
}

/// Vertical layout of the training's timeline, in SVG units.
const TOP: usize = 18;
const ROW: usize = 30;

/// A training's sessions side by side in time, each with its registration and late-entry deadlines, and
/// today, so gaps, overlaps and closing registrations show at a glance. The picture is hidden from screen
/// readers; a list next to it says the same dates, one sentence per session.
#[component]
pub fn SessionsTimeline(spans: Vec<Span>, today: NaiveDate) -> impl IntoView {
    const LEFT: f64 = 90.0;
    const WIDTH: f64 = 500.0;
    if spans.is_empty() {
        return ().into_any();
    }
    // The deadlines may fall before the start (registration) or after it (late entry): all count.
    let days = || spans.iter().flat_map(Span::dates).chain([today]);
    let first = days().min().unwrap_or(today);
    let last = days().max().unwrap_or(today);
    let span_days = u64::try_from((last - first).num_days()).unwrap_or(0).max(1);
    let at = move |day: NaiveDate| LEFT + share(u64::try_from((day - first).num_days()).unwrap_or(0), span_days, WIDTH);
    let spoken: Vec<String> = spans.iter().map(Span::spoken).collect();
    let axis_y = TOP + ROW * spans.len() + 4;
    let height = axis_y + 20;
    let today_x = at(today);
    let today_anchor = if today_x < LEFT + 40.0 {
        "start"
    } else if today_x > LEFT + WIDTH - 40.0 {
        "end"
    } else {
        "middle"
    };
    let rows = spans.into_iter().enumerate().map(|(i, span)| timeline_row(span, TOP + ROW * i, at)).collect_view();
    view! {
        // Focusable: on a small screen the figure scrolls sideways, and the keyboard must reach it.
        <figure class="timeline sessions-timeline" tabindex="0" aria-labelledby="frise-sessions-titre">
            <svg viewBox=format!("0 0 600 {height}") width="100%" aria-hidden="true" focusable="false">
                <g class="timeline-today">
                    <line x1=format!("{today_x:.1}") x2=format!("{today_x:.1}") y1="14" y2=axis_y.to_string() />
                    <text x=format!("{today_x:.1}") y="11" text-anchor=today_anchor class="timeline-label">"Aujourd’hui"</text>
                </g>
                {rows}
                <line class="timeline-axis" x1=LEFT.to_string() x2=(LEFT + WIDTH).to_string()
                    y1=axis_y.to_string() y2=axis_y.to_string() />
                <text x=LEFT.to_string() y=(height - 2).to_string() class="timeline-date">{date(first)}</text>
                <text x=(LEFT + WIDTH).to_string() y=(height - 2).to_string() text-anchor="end" class="timeline-date">{date(last)}</text>
            </svg>
            <figcaption>
                <span class="hint" id="frise-sessions-titre">{format!("Frise des sessions, aujourd’hui le {}.", date(today))}</span>
                <Legend />
            </figcaption>
            <ul class="visually-hidden" aria-label="Dates des sessions">{spoken.into_iter().map(|s| view! { <li>{s}</li> }).collect_view()}</ul>
        </figure>
    }
    .into_any()
}

/// One session: its reference, the bar of its course, a solid mark at the registration deadline and a
/// dashed one at the late-entry deadline, each with its date as a tooltip for the mouse.
fn timeline_row(span: Span, y: usize, at: impl Fn(NaiveDate) -> f64) -> impl IntoView {
    let (from, to) = (at(span.start), at(span.end));
    let mark = |day: NaiveDate, class: &'static str, what: &str| {
        let x = format!("{:.1}", at(day));
        let tooltip = format!("{what} : {}", date(day));
        view! {
            <line class=class x1=x.clone() x2=x y1=(y + 1).to_string() y2=(y + 25).to_string()>
                <title>{tooltip}</title>
            </line>
        }
    };
    view! {
        <g class="timeline-row">
            <text x="0" y=(y + 17).to_string() class="timeline-date">{span.reference.clone()}</text>
            <rect class=format!("span-bar span-{}", span.class) x=format!("{from:.1}") y=(y + 6).to_string()
                width=format!("{:.1}", (to - from).max(2.0)) height="14" rx="3">
                <title>{format!("Session {} du {} au {}", span.reference, date(span.start), date(span.end))}</title>
            </rect>
            {mark(span.registration, "mark-registration", "Limite d’inscription")}
            {mark(span.late_entry, "mark-late-entry", "Limite d’entrée tardive")}
        </g>
    }
}

/// What each mark means, with a small copy of it.
#[component]
fn Legend() -> impl IntoView {
    let swatch = |shape: AnyView| {
        view! { <svg class="legend-swatch" width="22" height="14" viewBox="0 0 22 14" aria-hidden="true" focusable="false">{shape}</svg> }
    };
    view! {
        <ul class="legend">
            <li>{swatch(view! { <rect class="span-bar span-running" x="1" y="3" width="20" height="8" rx="2" /> }.into_any())}
                "Période de formation"</li>
            <li>{swatch(view! { <line class="mark-registration" x1="11" x2="11" y1="0" y2="14" /> }.into_any())}
                "Limite d’inscription"</li>
            <li>{swatch(view! { <line class="mark-late-entry" x1="11" x2="11" y1="0" y2="14" /> }.into_any())}
                "Limite d’entrée tardive"</li>
            <li>{swatch(view! { <line class="mark-today" x1="11" x2="11" y1="0" y2="14" /> }.into_any())}
                "Aujourd’hui"</li>
        </ul>
    }
}
