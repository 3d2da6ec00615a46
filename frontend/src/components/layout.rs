//! Page frames: `PublicLayout` for log-in and sign-up, `AuthenticatedLayout` for everything that needs
//! a logged-in user (it loads `GET /api/me` once and shares it through `CurrentUser`).

use contract::Me;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect};

use crate::api::{self, LOGIN_PATH};
use crate::components::header::Header;
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::session::{Session, choose_org};

/// The logged-in user as `GET /api/me` last described them; `None` until loaded.
#[derive(Clone, Copy, Default)]
pub struct CurrentUser(pub RwSignal<Option<Me>>);

impl CurrentUser {
    /// The value provided by `App`.
    pub fn use_context() -> Self {
        use_context::<Self>().unwrap_or_default()
    }
}

/// Frame of the pages anyone may see.
#[component]
pub fn PublicLayout() -> impl IntoView {
    view! {
        <header class="public-header">
            <p class="brand">"Tremplin"</p>
            <p class="tagline">"Les offres de formation POEC, de la prescription à l’entrée en formation"</p>
        </header>
        <main id="contenu" tabindex="-1" class="public-main">
            <Outlet />
        </main>
    }
}

/// Frame of the pages that need a logged-in user; sends anyone else to the log-in page.
#[component]
pub fn AuthenticatedLayout() -> impl IntoView {
    let session = Session::use_context();
    let current = CurrentUser::use_context();
    // Forget whoever was shown before (log-out then log-in as someone else without a reload).
    current.0.set(None);
    let me = LocalResource::new(move || {
        // Refetch when the token changes (log-in as someone else).
        let _ = session.token();
        api::me()
    });
    Effect::new(move |_| {
        if let Some(Ok(me)) = me.get() {
            session.set_org(choose_org(untrack(|| session.org()), &me.memberships));
            current.0.set(Some(me));
        }
    });
    move || {
        if !session.is_logged_in() {
            return view! { <Redirect path=LOGIN_PATH /> }.into_any();
        }
        view! {
            <Transition fallback=|| {
                view! {
                    <main id="contenu" tabindex="-1" class="app-main">
                        <Loading label="Chargement de votre compte…" />
                    </main>
                }
            }>
                {move || {
                    me.get()
                        .map(|result| match result {
                            Ok(me) => {
                                view! {
                                    <Header me=me />
                                    <main id="contenu" tabindex="-1" class="app-main">
                                        <Outlet />
                                    </main>
                                }
                                    .into_any()
                            }
                            Err(failure) => {
                                view! {
                                    <main id="contenu" tabindex="-1" class="app-main">
                                        <h1>"Compte indisponible"</h1>
                                        <ProblemAlert failure=Signal::stored(Some(failure)) />
                                        <button
                                            type="button"
                                            class="button"
                                            on:click=move |_| me.refetch()
                                        >
                                            "Réessayer"
                                        </button>
                                    </main>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
        }
        .into_any()
    }
}
