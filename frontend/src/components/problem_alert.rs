//! Shows a failed call's French explanation in a live region, so screen readers announce it.

use leptos::prelude::*;

use crate::api::ApiFailure;

/// An always-present `role="alert"` region that fills with the problem's `detail` and field errors.
#[component]
pub fn ProblemAlert(#[prop(into)] failure: Signal<Option<ApiFailure>>) -> impl IntoView {
    view! {
        <div role="alert" class="alert-region">
            {move || {
                failure
                    .get()
                    .map(|f| {
                        let errors = f.problem.errors.clone();
                        view! {
                            <div class="alert alert-error">
                                <p class="alert-title">{f.problem.detail.clone()}</p>
                                <Show when={
                                    let has_errors = !errors.is_empty();
                                    move || has_errors
                                }>
                                    <ul>
                                        {errors
                                            .iter()
                                            .map(|e| view! { <li>{e.message.clone()}</li> })
                                            .collect_view()}
                                    </ul>
                                </Show>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// A polite "loading" line for screen readers and sighted users alike.
#[component]
pub fn Loading(#[prop(into)] label: String) -> impl IntoView {
    view! {
        <p class="loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            {label}
        </p>
    }
}
