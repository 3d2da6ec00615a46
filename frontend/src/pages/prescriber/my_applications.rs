//! `/mes-candidatures`: the prescriber organisation's applications and their state (R-ACC-4).

use leptos::prelude::*;

use crate::app::set_title;
use crate::pages::applications::list::ApplicationsSection;

/// The page.
#[component]
pub fn MyApplicationsPage() -> impl IntoView {
    set_title("Mes candidatures");
    view! {
        <div class="page-heading">
            <h1>"Mes candidatures"</h1>
            <a class="button" href="/disponibilites">"Positionner un candidat"</a>
        </div>
        <section class="card" aria-label="Candidatures de ma structure">
            <ApplicationsSection prescriber=true />
        </section>
    }
}
