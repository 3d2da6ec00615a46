//! Tremplin web app: a Leptos client-side app mounted into `index.html`.

mod api;
mod app;
mod components;
mod download;
mod format;
mod pages;
mod session;
mod url_state;

fn main() {
    // index.html shows a "loading" line until the app takes over.
    if let Some(boot) = leptos::prelude::document().get_element_by_id("demarrage") {
        boot.remove();
    }
    leptos::mount::mount_to_body(app::App);
}
