//! Any address the route tree does not know.

use leptos::prelude::*;

use crate::app::set_title;

/// "Page introuvable".
#[component]
pub fn NotFound() -> impl IntoView {
    set_title("Page introuvable");
    view! {
        <main id="contenu" tabindex="-1" class="public-main">
            <section class="card">
                <h1>"Page introuvable"</h1>
                <p>"L’adresse demandée ne correspond à aucune page de Tremplin."</p>
                <p>
                    <a href="/">"Revenir à l’accueil"</a>
                </p>
            </section>
        </main>
    }
}
