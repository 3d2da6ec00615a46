//! The training screens: the list, the form with its sessions, and the platform's creation form.

pub mod certification;
pub mod contacts;
pub mod create;
pub mod create_session;
pub mod draft;
pub mod fields;
pub mod form;
pub mod list;
pub mod sessions_table;

use leptos::prelude::*;

/// The pencil of the guide's "cliquez sur le crayon", hidden from screen readers (the link has a name).
pub fn pencil() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path
                fill="currentColor"
                d="M3 17.25V21h3.75L17.81 9.94l-3.75-3.75L3 17.25zM20.71 7.04a1 1 0 0 0 0-1.41l-2.34-2.34a1 1 0 0 0-1.41 0l-1.83 1.83 3.75 3.75 1.83-1.83z"
            />
        </svg>
    }
}
