//! The banner of every logged-in page: product name, main navigation, structure switcher, log-out.

use contract::Me;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use crate::api::LOGIN_PATH;
use crate::components::org_switcher::OrgSwitcher;
use crate::session::Session;

/// Main navigation entries `(path, label)`; later screens add theirs here.
const NAV: &[(&str, &str)] = &[("/", "Accueil"), ("/formations", "Gestion des formations")];

/// Site header for a logged-in user.
#[component]
pub fn Header(me: Me) -> impl IntoView {
    let session = Session::use_context();
    let navigate = use_navigate();
    let log_out = move |_| {
        session.log_out();
        navigate(LOGIN_PATH, NavigateOptions::default());
    };
    view! {
        <header class="app-header">
            <div class="app-header-inner">
                <a class="brand" href="/">
                    "Tremplin"
                </a>
                <nav class="main-nav" aria-label="Navigation principale">
                    <ul>
                        {NAV
                            .iter()
                            .map(|(path, label)| {
                                view! {
                                    <li>
                                        <A href=*path exact=*path == "/">
                                            {*label}
                                        </A>
                                    </li>
                                }
                            })
                            .collect_view()}
                        {me.platform_admin.then(|| view! {
                            <li>
                                <A href="/nouvelle-formation">"Saisir une formation"</A>
                            </li>
                        })}
                    </ul>
                </nav>
                <div class="header-tools">
                    <OrgSwitcher memberships=me.memberships.clone() platform_admin=me.platform_admin />
                    <span class="user-name">{me.full_name.clone()}</span>
                    <button type="button" class="button button-secondary" on:click=log_out>
                        "Se déconnecter"
                    </button>
                </div>
            </div>
        </header>
    }
}
