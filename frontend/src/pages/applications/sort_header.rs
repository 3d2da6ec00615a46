//! How a user orders an application list: a column header holding a real button (keyboard-usable), which
//! carries `aria-sort` while the list is ordered by this column; and, in the card view of small screens where
//! the headers are hidden, one labelled select offering the same orders.

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
    /// Whether the user hid this column (components::columns).
    #[prop(optional)]
    hidden: Option<Signal<bool>>,
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
        <th scope="col" aria-sort=aria_sort hidden=move || hidden.is_some_and(|h| h.get())>
            <button type="button" class="sort-button" on:click=click>
                {label}
                <span class="visually-hidden">{hint}</span>
                <span class="sort-arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
}

/// One order of a list, as the phone's select words it.
pub type SortChoice = (Sort, &'static str);

/// "Trier par": the orders of the column headers, for the card view (style.css shows it below 40rem only,
/// where the headers are hidden). Its value follows the headers', and a change goes back to page 1.
#[component]
pub fn SortSelect(
    id: &'static str,
    sort: RwSignal<Sort>,
    choices: &'static [SortChoice],
    on_change: Callback<()>,
) -> impl IntoView {
    let change = move |ev| {
        let chosen = event_target_value(&ev).parse::<usize>().ok().and_then(|i| choices.get(i));
        if let Some((order, _)) = chosen {
            sort.set(*order);
            on_change.run(());
        }
    };
    view! {
        <div class="field sort-select">
            <label for=id>"Trier par"</label>
            <select id=id on:change=change>
                {choices.iter().enumerate().map(|(i, (order, label))| {
                    let order = *order;
                    view! { <option value=i.to_string() prop:selected=move || sort.get() == order>{*label}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}
