//! A polite live region for the outcome of a save ("enregistré", warnings to read), so screen readers
//! announce it without moving focus. Shown as a toast at the bottom of the window, where it is seen whatever
//! the scroll of a long form; it stays until closed or replaced (no timer: a slow reader keeps it).

use leptos::prelude::*;

/// The tone of a message.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Success,
    Info,
}

/// A message with optional lines under it (warnings returned by the API).
#[derive(Clone, PartialEq, Eq)]
pub struct Outcome {
    pub tone: Tone,
    pub title: String,
    pub lines: Vec<String>,
}

impl Outcome {
    /// A success message.
    pub fn success(title: impl Into<String>, lines: Vec<String>) -> Self {
        Self { tone: Tone::Success, title: title.into(), lines }
    }

    /// A neutral message.
    pub fn info(title: impl Into<String>) -> Self {
        Self { tone: Tone::Info, title: title.into(), lines: Vec::new() }
    }
}

/// Always present, filled when `outcome` is set.
#[component]
pub fn StatusRegion(outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    view! {
        <div role="status" aria-live="polite" class="alert-region toast-region">
            {move || {
                outcome.get().map(|o| {
                    let class = match o.tone {
                        Tone::Success => "alert alert-success",
                        Tone::Info => "alert alert-info",
                    };
                    view! {
                        <div class=format!("{class} toast")>
                            <button type="button" class="toast-close" aria-label="Fermer le message"
                                title="Fermer le message" on:click=move |_| outcome.set(None)>
                                <span aria-hidden="true">"×"</span>
                            </button>
                            <p class="alert-title">{o.title}</p>
                            {(!o.lines.is_empty()).then(|| view! {
                                <ul>{o.lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                            })}
                        </div>
                    }
                })
            }}
        </div>
    }
}
