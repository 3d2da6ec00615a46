//! A modal dialog on the native `<dialog>`: `showModal()` makes the rest of the page inert (focus stays
//! inside), Escape closes it, and the browser gives focus back to the button that opened it.

use leptos::html;
use leptos::prelude::*;

/// A modal dialog shown while `open` is true; closing it (Escape, a button) sets `open` to false.
#[component]
pub fn Modal(
    open: RwSignal<bool>,
    /// HTML id prefix, for `aria-labelledby` and `aria-describedby`.
    id: &'static str,
    #[prop(into)] title: Signal<String>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    Effect::new(move |_| {
        let wanted = open.get();
        if let Some(element) = dialog.get() {
            if wanted && !element.open() {
                // Fails only if the dialog is detached; the page then simply shows no dialog.
                let _ = element.show_modal();
            } else if !wanted && element.open() {
                element.close();
            }
        }
    });
    let title_id = format!("{id}-titre");
    let body_id = format!("{id}-texte");
    view! {
        <dialog
            node_ref=dialog
            class="modal"
            aria-labelledby=format!("{id}-titre")
            aria-describedby=format!("{id}-texte")
            on:close=move |_| open.set(false)
        >
            <h2 id=title_id>{title}</h2>
            <div id=body_id class="modal-body">
                {children()}
            </div>
        </dialog>
    }
}

/// The two buttons closing a dialog: the action, then "Annuler".
#[component]
pub fn ModalActions(
    open: RwSignal<bool>,
    #[prop(into)] confirm_label: Signal<String>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="modal-actions">
            <button
                type="button"
                class="button"
                on:click=move |_| {
                    open.set(false);
                    on_confirm.run(());
                }
            >
                {confirm_label}
            </button>
            <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>
                "Annuler"
            </button>
        </div>
    }
}
