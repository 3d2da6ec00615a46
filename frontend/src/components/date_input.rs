//! The one date field of the app: typed the French way (`jj/mm/aaaa`), read and checked by the domain's
//! `dates::parse_french`, with a calendar whose weeks start on Monday. Chromium's native `<input type="date">`
//! writes dates in the browser's own locale (`mm/dd/yyyy` in an English browser) whatever the page's `lang`,
//! so a French user typing 05/12 would mean 5 December and get 12 May.

use chrono::NaiveDate;
use domain::dates::{self, DateInputError};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::format::{date, iso, parse_iso, today};

/// What the page's `value` holds for a typed text: `yyyy-mm-dd` for a date, empty when blank, the text itself
/// otherwise (so the page's own ISO reading refuses it instead of taking it as "no date").
fn canonical(text: &str) -> String {
    match dates::parse_french(text) {
        Ok(Some(day)) => iso(day),
        Ok(None) => String::new(),
        Err(_) => text.trim().to_owned(),
    }
}

/// The text shown for a `value` set by the page (loaded data, a computed date).
fn shown(value: &str) -> String {
    parse_iso(value).map_or_else(|| value.to_owned(), date)
}

fn focus_by_id(id: String) {
    request_animation_frame(move || {
        if let Some(element) = document().get_element_by_id(&id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}

/// A text input for `jj/mm/aaaa` and its calendar button. `value` is `yyyy-mm-dd` (as the API wants it).
#[component]
pub fn DateInput(
    /// HTML id of the text input (its `<label for>` is the caller's).
    id: String,
    value: RwSignal<String>,
    #[prop(into, default = Signal::stored(false))] disabled: Signal<bool>,
    /// Ids of the caller's hint and error paragraphs.
    #[prop(into, default = Signal::stored(None))]
    described_by: Signal<Option<String>>,
    /// The caller holds an error for this field.
    #[prop(into, default = Signal::stored(false))]
    invalid: Signal<bool>,
    #[prop(into, default = Signal::stored(None))] title: Signal<Option<&'static str>>,
    /// Called on every edit (to clear a stale error).
    #[prop(optional)]
    on_edit: Option<Callback<()>>,
) -> impl IntoView {
    let text = RwSignal::new(shown(&value.get_untracked()));
    // A refused text is only said once the user leaves the field, not at every key.
    let format_error = RwSignal::new(None::<DateInputError>);
    Effect::new(move |_| {
        let now = value.get();
        if untrack(|| canonical(&text.get())) != now {
            text.set(shown(&now));
            format_error.set(None);
        }
    });
    let set_text = move |raw: String| {
        let next = canonical(&raw);
        text.set(raw);
        if value.get_untracked() != next {
            value.set(next);
        }
        if let Some(callback) = on_edit {
            callback.run(());
        }
    };
    let format_id = format!("{id}-format");
    let calendar_id = format!("{id}-calendrier");
    let button_id = format!("{id}-bouton");
    let open = RwSignal::new(false);
    let described = {
        let format_id = format_id.clone();
        move || {
            let mut ids: Vec<String> = described_by.get().into_iter().collect();
            ids.push(format!("{format_id}-aide"));
            if format_error.with(Option::is_some) {
                ids.push(format_id.clone());
            }
            ids.join(" ")
        }
    };
    let invalid_now = move || (invalid.get() || format_error.with(Option::is_some)).then_some("true");
    let toggle = {
        let calendar_id = calendar_id.clone();
        move |_| {
            let opening = !open.get_untracked();
            open.set(opening);
            if opening {
                let day = parse_iso(&value.get_untracked()).unwrap_or_else(today);
                focus_by_id(format!("{calendar_id}-{}", iso(day)));
            }
        }
    };
    let input_id = id.clone();
    let chosen = Callback::new(move |day: Option<NaiveDate>| {
        open.set(false);
        if let Some(day) = day {
            format_error.set(None);
            set_text(date(day));
        }
        focus_by_id(input_id.clone());
    });
    view! {
        <div class="date-field">
            <p class="visually-hidden" id=format!("{format_id}-aide")>"Format jj/mm/aaaa"</p>
            {
                let format_id = format_id.clone();
                move || format_error.get().map(|e| view! { <p class="field-error" id=format_id.clone()>{e.to_string()}</p> })
            }
            <div class="date-row">
                <input
                    id=id.clone()
                    type="text"
                    inputmode="numeric"
                    autocomplete="off"
                    placeholder="jj/mm/aaaa"
                    maxlength="10"
                    class="date-text"
                    prop:value=move || text.get()
                    on:input=move |ev| {
                        format_error.set(None);
                        set_text(event_target_value(&ev));
                    }
                    on:change=move |_| format_error.set(dates::parse_french(&text.get_untracked()).err())
                    disabled=move || disabled.get()
                    title=move || title.get()
                    aria-invalid=invalid_now
                    aria-describedby=described
                />
                <button
                    type="button"
                    id=button_id.clone()
                    class="date-button"
                    aria-label="Choisir dans le calendrier"
                    title="Choisir dans le calendrier"
                    aria-expanded=move || open.get().to_string()
                    aria-controls=calendar_id.clone()
                    disabled=move || disabled.get()
                    on:click=toggle
                >
                    <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                        <path
                            fill="currentColor"
                            d="M7 2v2H5a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h14a2 2 0 0 0 2-2V6a2 2 0 0 0-2-2h-2V2h-2v2H9V2H7zm-2 8h14v10H5V10zm2 2v2h2v-2H7zm4 0v2h2v-2h-2zm4 0v2h2v-2h-2z"
                        />
                    </svg>
                </button>
            </div>
            <Show when=move || open.get()>
                <Calendar
                    id=calendar_id.clone()
                    start=parse_iso(&value.get_untracked()).unwrap_or_else(today)
                    selected=parse_iso(&value.get_untracked())
                    chosen=chosen
                />
            </Show>
        </div>
    }
}

/// A month grid, Monday first. Arrows move by day and week, Page Up / Page Down by month, Escape closes.
#[component]
fn Calendar(
    id: String,
    start: NaiveDate,
    selected: Option<NaiveDate>,
    chosen: Callback<Option<NaiveDate>>,
) -> impl IntoView {
    let focused = RwSignal::new(start);
    let today = today();
    let day_id = {
        let id = id.clone();
        move |day: NaiveDate| format!("{id}-{}", iso(day))
    };
    let move_to = {
        let day_id = day_id.clone();
        move |day: NaiveDate| {
            focused.set(day);
            focus_by_id(day_id(day));
        }
    };
    let on_key = {
        let move_to = move_to.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let now = focused.get_untracked();
            let step = |days: i64| now.checked_add_signed(chrono::Duration::days(days)).unwrap_or(now);
            let next = match ev.key().as_str() {
                "ArrowLeft" => step(-1),
                "ArrowRight" => step(1),
                "ArrowUp" => step(-7),
                "ArrowDown" => step(7),
                "PageUp" => dates::shift_months(now, -1),
                "PageDown" => dates::shift_months(now, 1),
                "Escape" => {
                    ev.prevent_default();
                    chosen.run(None);
                    return;
                }
                _ => return,
            };
            ev.prevent_default();
            move_to(next);
        }
    };
    let title = move || {
        let day = focused.get();
        format!("{} {}", dates::MONTHS[chrono::Datelike::month0(&day) as usize], chrono::Datelike::year(&day))
    };
    let month_button = {
        let move_to = move_to.clone();
        move |months: i32, label: &'static str, arrow: &'static str| {
            let move_to = move_to.clone();
            view! {
                <button type="button" class="calendar-nav" aria-label=label title=label
                    on:click=move |_| move_to(dates::shift_months(focused.get_untracked(), months))>
                    <span aria-hidden="true">{arrow}</span>
                </button>
            }
        }
    };
    let title_id = format!("{id}-titre");
    let labelled_by = title_id.clone();
    view! {
        <div class="calendar" id=id.clone() role="dialog" aria-modal="false" aria-labelledby=labelled_by on:keydown=on_key>
            <div class="calendar-head">
                {month_button(-1, "Mois précédent", "‹")}
                <p class="calendar-title" id=title_id aria-live="polite">{title}</p>
                {month_button(1, "Mois suivant", "›")}
            </div>
            {move || {
                let shown_month = chrono::Datelike::month(&focused.get());
                let focus_day = focused.get();
                let day_id = day_id.clone();
                view! {
                    <table class="calendar-grid">
                        <thead><tr>
                            {dates::WEEKDAYS.iter().map(|name| view! {
                                <th scope="col"><abbr title=*name>{name[..2].to_owned()}</abbr></th>
                            }).collect_view()}
                        </tr></thead>
                        <tbody>
                            {dates::month_weeks(focus_day).into_iter().map(|week| view! {
                                <tr>{week.into_iter().map(|day| {
                                    let outside = chrono::Datelike::month(&day) != shown_month;
                                    let is_selected = selected == Some(day);
                                    let label = format!("{}{}", dates::spoken(day), if is_selected { ", date choisie" } else { "" });
                                    view! {
                                        <td>
                                            <button type="button" id=day_id(day)
                                                class="calendar-day"
                                                class:calendar-outside=outside
                                                class:calendar-selected=is_selected
                                                class:calendar-today=day == today
                                                aria-label=label
                                                aria-current=(day == today).then_some("date")
                                                tabindex=if day == focus_day { "0" } else { "-1" }
                                                on:click=move |_| chosen.run(Some(day))>
                                                {chrono::Datelike::day(&day)}
                                            </button>
                                        </td>
                                    }
                                }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            }}
            <button type="button" class="button button-secondary calendar-close" on:click=move |_| chosen.run(None)>
                "Fermer"
            </button>
        </div>
    }
}
