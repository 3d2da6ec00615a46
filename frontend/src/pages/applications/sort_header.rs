//! A column header that orders an application list: a real button (keyboard-usable) inside the `<th>`,
//! which carries `aria-sort` while the list is ordered by this column.

use leptos::prelude::*;

use contract::Sort;

/// `first` is the order of the first click; `second`, when given, the order of the next click (the
/// other direction of the same column).
#[component]
pub fn SortHeader(
    label: &'static str,
    sort: RwSignal<Sort>,
    first: Sort,
    #[prop(optional)] second: Option<Sort>,
    /// Called after a change (back to page 1).
    on_change: Callback<()>,
) -> impl IntoView {
    let active = move || {
        let now = sort.get();
        (now == first || Some(now) == second).then_some(now)
    };
    let aria_sort = move || active().map(|s| if s.descending() { "descending" } else { "ascending" });
    let arrow = move || match active() {
        Some(s) if s.descending() => "▼",
        Some(_) => "▲",
        None => "↕",
    };
    let hint = move || match active() {
        Some(s) if s.descending() => " (tri décroissant)",
        Some(_) => " (tri croissant)",
        None => "",
    };
    let click = move |_| {
        let next = match second {
            Some(other) if sort.get_untracked() == first => other,
            _ => first,
        };
        sort.set(next);
        on_change.run(());
    };
    view! {
        <th scope="col" aria-sort=aria_sort>
            <button type="button" class="sort-button" on:click=click>
                {label}
                <span class="visually-hidden">{hint}</span>
                <span class="sort-arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}
