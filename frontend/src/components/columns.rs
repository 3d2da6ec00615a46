//! Columns a user may hide in a dense list, remembered per list in `localStorage` (a choice of this browser,
//! not of the account), with the checkboxes that choose them.

use leptos::prelude::*;

/// An optional column: its stable key (stored) and its French header.
pub type Column = (&'static str, &'static str);

fn storage_key(list: &str) -> String {
    format!("tremplin.colonnes.{list}")
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The hidden columns of `list`, saved again whenever they change.
pub fn hidden_columns(list: &'static str) -> RwSignal<Vec<String>> {
    let stored = storage().and_then(|s| s.get_item(&storage_key(list)).ok().flatten()).unwrap_or_default();
    let hidden = RwSignal::new(stored.split(',').filter(|k| !k.is_empty()).map(str::to_owned).collect::<Vec<_>>());
    Effect::new(move |_| {
        let text = hidden.with(|h| h.join(","));
        if let Some(storage) = storage() {
            // A browser refusing storage only forgets the choice at the next visit.
            let _ = storage.set_item(&storage_key(list), &text);
        }
    });
    hidden
}

/// Whether `key` is shown.
pub fn shown(hidden: RwSignal<Vec<String>>, key: &str) -> bool {
    hidden.with(|h| !h.iter().any(|k| k == key))
}

/// The `hidden` attribute of a header or cell of `key`'s column: the cell stays in the table, so the
/// columns keep their places, and style.css keeps `[hidden]` hidden in the card view too.
pub fn hides(hidden: RwSignal<Vec<String>>, key: &'static str) -> impl Fn() -> bool + Copy + Send + Sync + 'static {
    move || !shown(hidden, key)
}

/// "Colonnes affichées": one checkbox per optional column.
#[component]
pub fn ColumnChooser(list: &'static str, columns: Vec<Column>, hidden: RwSignal<Vec<String>>) -> impl IntoView {
    view! {
        <details class="column-chooser">
            <summary>"Colonnes affichées"</summary>
            <fieldset>
                <legend class="visually-hidden">"Colonnes affichées dans le tableau"</legend>
                {columns.into_iter().map(|(key, label)| {
                    let id = format!("colonne-{list}-{key}");
                    let toggle = move |ev| {
                        let on = event_target_checked(&ev);
                        hidden.update(|h| {
                            h.retain(|k| k != key);
                            if !on {
                                h.push(key.to_owned());
                            }
                        });
                    };
                    view! {
                        <div class="checkbox">
                            <input type="checkbox" id=id.clone() prop:checked=move || shown(hidden, key) on:change=toggle />
                            <label for=id>{label}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        </details>
    }
}

/// "Afficher N éléments": the page size of a server-paged list; a change goes back to page 1.
#[component]
pub fn PerPage(
    id: &'static str,
    per_page: RwSignal<u32>,
    page: RwSignal<u32>,
    choices: &'static [u32],
) -> impl IntoView {
    let on_change = move |ev| {
        if let Ok(n) = event_target_value(&ev).parse::<u32>() {
            per_page.set(n);
            page.set(1);
        }
    };
    view! {
        <div class="per-page">
            <label for=id>"Afficher"</label>
            <select id=id on:change=on_change>
                {choices.iter().map(|n| {
                    let n = *n;
                    view! { <option value=n.to_string() selected=move || per_page.get() == n>{n}</option> }
                }).collect_view()}
            </select>
            <span aria-hidden="true">"éléments"</span>
        </div>
    }
}
