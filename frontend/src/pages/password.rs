//! `/mot-de-passe-oublie` (ask for a link) and `/mot-de-passe/nouveau?jeton=` (the e-mailed link), R-ACC-9.
//! The first page says the same thing whether or not the address has an account.

use domain::account::MIN_PASSWORD_HINT;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::{ApiFailure, members as api};
use crate::app::set_title;
use crate::components::field::TextField;
use crate::components::problem_alert::ProblemAlert;

/// "Mot de passe oublié".
#[component]
pub fn ForgottenPasswordPage() -> impl IntoView {
    set_title("Mot de passe oublié");
    let email = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiFailure>);
    let sent = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        let address = email.get_untracked().trim().to_owned();
        spawn_local(async move {
            match api::request_password_reset(address).await {
                Ok(()) => sent.set(true),
                Err(f) => failure.set(Some(f)),
            }
            pending.set(false);
        });
    };
    view! {
        <section class="card card-narrow" aria-labelledby="titre-oubli">
            <h1 id="titre-oubli">"Mot de passe oublié"</h1>
            <Show
                when=move || sent.get()
                fallback=move || view! {
                    <p>"Saisissez l'adresse e-mail de votre compte : vous recevrez un lien pour choisir un nouveau mot de passe, valable une heure."</p>
                    <ProblemAlert failure=failure />
                    <form on:submit=on_submit novalidate=true>
                        <TextField id="oubli-email" field="email" label="Adresse e-mail" kind="email"
                            autocomplete="username" value=email failure=failure />
                        <button type="submit" class="button" aria-disabled=move || pending.get().to_string()>
                            "Recevoir un lien"
                        </button>
                    </form>
                }
            >
                <p class="alert alert-success" role="status">
                    "Si un compte existe avec cette adresse, un e-mail vient de lui être envoyé avec un lien valable une heure. Pensez à vérifier vos courriers indésirables."
                </p>
            </Show>
            <p class="form-footer"><A href="/connexion">"Retour à la connexion"</A></p>
        </section>
    }
}

/// The page the e-mailed link opens.
#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    set_title("Nouveau mot de passe");
    let query = use_query_map();
    let token = move || query.with(|q| q.get("jeton").unwrap_or_default());
    let password = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiFailure>);
    let done = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        let (token, password) = (token(), password.get_untracked());
        spawn_local(async move {
            match api::reset_password(token, password).await {
                Ok(()) => done.set(true),
                Err(f) => failure.set(Some(f)),
            }
            pending.set(false);
        });
    };
    view! {
        <section class="card card-narrow" aria-labelledby="titre-nouveau-mot-de-passe">
            <h1 id="titre-nouveau-mot-de-passe">"Choisir un nouveau mot de passe"</h1>
            <Show
                when=move || done.get()
                fallback=move || view! {
                    <ProblemAlert failure=failure />
                    <form on:submit=on_submit novalidate=true>
                        <TextField id="nouveau-mot-de-passe" field="password" label="Nouveau mot de passe" kind="password"
                            autocomplete="new-password" value=password failure=failure hint=MIN_PASSWORD_HINT />
                        <button type="submit" class="button" aria-disabled=move || pending.get().to_string()>
                            "Enregistrer le mot de passe"
                        </button>
                    </form>
                    <p class="form-footer"><A href="/mot-de-passe-oublie">"Demander un nouveau lien"</A></p>
                }
            >
                <p class="alert alert-success" role="status">
                    "Votre mot de passe est changé. Les sessions ouvertes avec l'ancien sont fermées."
                </p>
                <p><A href="/connexion">"Se connecter"</A></p>
            </Show>
        </section>
    }
}
