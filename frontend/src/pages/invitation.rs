//! `/invitation?jeton=`: the page an invitation e-mail opens (R-ACC-8). Someone with an account accepts in one
//! click; someone without chooses a name and a password, which creates the account.

use contract::{AcceptInvitation, InvitationPreview};
use domain::account::MIN_PASSWORD_HINT;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::api::{ApiFailure, members as api};
use crate::app::set_title;
use crate::components::field::TextField;
use crate::components::problem_alert::{Loading, ProblemAlert};

/// The page.
#[component]
pub fn InvitationPage() -> impl IntoView {
    set_title("Invitation");
    let query = use_query_map();
    let token = move || query.with(|q| q.get("jeton").unwrap_or_default());
    let preview = LocalResource::new(move || api::look_up_invitation(token()));
    view! {
        <section class="card card-narrow" aria-labelledby="titre-invitation">
            <h1 id="titre-invitation">"Invitation"</h1>
            <Transition fallback=|| view! { <Loading label="Vérification de l'invitation…" /> }>
                {move || preview.get().map(|result| match result {
                    Ok(preview) => view! { <Accept preview=preview token=token() /> }.into_any(),
                    Err(f) => view! {
                        <ProblemAlert failure=Signal::stored(Some(f)) />
                        <p><A href="/connexion">"Aller à la connexion"</A></p>
                    }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Accept(preview: InvitationPreview, token: String) -> impl IntoView {
    let full_name = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiFailure>);
    let accepted = RwSignal::new(None::<String>);
    let pending = RwSignal::new(false);
    let has_account = preview.has_account;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        let request = AcceptInvitation {
            token: token.clone(),
            full_name: (!has_account).then(|| full_name.get_untracked()),
            password: (!has_account).then(|| password.get_untracked()),
        };
        spawn_local(async move {
            match api::accept_invitation(request).await {
                Ok(done) => accepted.set(Some(done.organisation_name)),
                Err(f) => failure.set(Some(f)),
            }
            pending.set(false);
        });
    };
    view! {
        <Show
            when=move || accepted.with(Option::is_some)
            fallback=move || view! {
                <p>{format!("Vous êtes invité·e à rejoindre « {} » sur Tremplin, avec l'adresse {}.", preview.organisation_name, preview.email)}</p>
                <ProblemAlert failure=failure />
                <form on:submit=on_submit.clone() novalidate=true>
                    {(!has_account).then(|| view! {
                        <p>"Créez votre compte pour accepter :"</p>
                        <TextField id="invitation-nom" field="full_name" label="Nom complet" kind="text"
                            autocomplete="name" value=full_name failure=failure />
                        <TextField id="invitation-mot-de-passe" field="password" label="Mot de passe" kind="password"
                            autocomplete="new-password" value=password failure=failure hint=MIN_PASSWORD_HINT />
                    })}
                    <button type="submit" class="button" aria-disabled=move || pending.get().to_string()>
                        "Accepter l'invitation"
                    </button>
                </form>
            }
        >
            <p class="alert alert-success" role="status">
                {move || format!("Vous êtes membre de « {} ».", accepted.get().unwrap_or_default())}
            </p>
            <p><A href="/connexion">"Se connecter"</A></p>
        </Show>
    }
}
