//! `/connexion`: e-mail and password.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::api::{self, ApiFailure, RETURN_PARAM};
use crate::app::set_title;
use crate::components::field::TextField;
use crate::components::problem_alert::ProblemAlert;
use crate::session::{self, Session, choose_org};

/// The log-in form.
#[component]
pub fn LoginPage() -> impl IntoView {
    set_title("Connexion");
    let session = Session::use_context();
    let navigate = use_navigate();
    let query = use_query_map();
    let expired = move || query.with(|q| q.get("session").as_deref() == Some("expiree"));
    // Back to the page the expired session left, once logged in again.
    let back =
        move || query.with_untracked(|q| q.get(RETURN_PARAM)).and_then(|p| session::return_path(&p).map(str::to_owned));

    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiFailure>);
    let pending = RwSignal::new(false);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        let navigate = navigate.clone();
        let (email, password) = (email.get_untracked(), password.get_untracked());
        spawn_local(async move {
            match api::login(email.trim().to_owned(), password).await {
                Ok(answer) => {
                    session.log_in(&answer.access_token);
                    session.set_org(choose_org(session_org(session), &answer.memberships));
                    navigate(&back().unwrap_or_else(|| "/".to_owned()), NavigateOptions::default());
                }
                Err(f) => failure.set(Some(f)),
            }
            pending.set(false);
        });
    };

    view! {
        <section class="card card-narrow" aria-labelledby="titre-connexion">
            <h1 id="titre-connexion">"Connexion"</h1>
            <Show when=expired>
                <p class="alert alert-info" role="status">
                    "Votre session a expiré. Reconnectez-vous : vous reviendrez à la page où vous étiez."
                </p>
            </Show>
            <ProblemAlert failure=failure />
            <form on:submit=on_submit novalidate=true>
                <TextField
                    id="connexion-email"
                    field="email"
                    label="Adresse e-mail"
                    kind="email"
                    autocomplete="username"
                    value=email
                    failure=failure
                />
                <TextField
                    id="connexion-mot-de-passe"
                    field="password"
                    label="Mot de passe"
                    kind="password"
                    autocomplete="current-password"
                    value=password
                    failure=failure
                />
                <button type="submit" class="button" aria-disabled=move || pending.get().to_string()>
                    "Se connecter"
                </button>
                <Show when=move || pending.get()>
                    <p class="muted" role="status">"Connexion en cours…"</p>
                </Show>
            </form>
            <p class="form-footer">
                <A href="/mot-de-passe-oublie">"Mot de passe oublié ?"</A>
            </p>
            <p class="form-footer">
                "Pas encore de compte ? " <A href="/inscription">"Créer un compte"</A>
            </p>
        </section>
    }
}

fn session_org(session: Session) -> Option<i64> {
    untrack(|| session.org())
}
