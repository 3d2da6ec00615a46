//! `/inscription`: create an account and ask to join a structure (the membership starts pending).

use contract::{FieldError, OrganisationSummary, SignupRequest};
use domain::RuleError;
use domain::account::{Email, FullName, MIN_PASSWORD_HINT, check_new_password};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiFailure};
use crate::app::set_title;
use crate::components::field::TextField;
use crate::components::organisation_picker::OrganisationPicker;
use crate::components::problem_alert::ProblemAlert;

/// What the user typed, checked by the server's own rules before sending, so mistakes get an immediate message.
struct Draft {
    full_name: String,
    email: String,
    password: String,
    organisation: Option<OrganisationSummary>,
}

impl Draft {
    fn check(self) -> Result<(SignupRequest, String), ApiFailure> {
        let mut errors = Vec::new();
        let mut refuse = |error: &dyn RuleError| {
            errors.extend(error.field_errors().into_iter().map(|f| FieldError {
                field: f.field,
                code: f.code.to_owned(),
                message: f.message,
            }));
        };
        let full_name = FullName::parse(&self.full_name).map_err(|e| refuse(&e)).ok();
        let email = Email::parse(&self.email).map_err(|e| refuse(&e)).ok();
        if let Err(e) = check_new_password(&self.password, "password") {
            refuse(&e);
        }
        if self.organisation.is_none() {
            errors.push(FieldError {
                field: "organisation_id".to_owned(),
                code: "invalid".to_owned(),
                message: "Choisissez la structure à laquelle vous rattacher.".to_owned(),
            });
        }
        match (full_name, email, self.organisation) {
            (Some(full_name), Some(email), Some(org)) if errors.is_empty() => Ok((
                SignupRequest {
                    email: email.into(),
                    password: self.password,
                    full_name: full_name.into(),
                    organisation_id: org.id,
                },
                org.name,
            )),
            _ => Err(ApiFailure::invalid_form(errors)),
        }
    }
}

/// The sign-up form, then the "pending" confirmation.
#[component]
pub fn SignupPage() -> impl IntoView {
    set_title("Créer un compte");
    let full_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let organisation = RwSignal::new(None::<OrganisationSummary>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let pending = RwSignal::new(false);
    // Name of the structure once the account exists.
    let done = RwSignal::new(None::<String>);

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let draft = Draft {
            full_name: full_name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            organisation: organisation.get_untracked(),
        };
        let (request, org_name) = match draft.check() {
            Ok(checked) => checked,
            Err(f) => {
                failure.set(Some(f));
                return;
            }
        };
        failure.set(None);
        pending.set(true);
        spawn_local(async move {
            match api::signup(request).await {
                Ok(_) => done.set(Some(org_name)),
                Err(f) => failure.set(Some(f)),
            }
            pending.set(false);
        });
    };

    view! {
        <section class="card" aria-labelledby="titre-inscription">
            <h1 id="titre-inscription">"Créer un compte"</h1>
            {move || match done.get() {
                Some(org_name) => view! { <Pending org_name=org_name /> }.into_any(),
                None => {
                    view! {
                        <p class="muted">"Tous les champs sont obligatoires."</p>
                        <ProblemAlert failure=failure />
                        <form on:submit=on_submit novalidate=true>
                            <TextField
                                id="inscription-full-name"
                                field="full_name"
                                label="Nom complet"
                                kind="text"
                                autocomplete="name"
                                value=full_name
                                failure=failure
                            />
                            <TextField
                                id="inscription-email"
                                field="email"
                                label="Adresse e-mail"
                                kind="email"
                                autocomplete="email"
                                value=email
                                failure=failure
                            />
                            <TextField
                                id="inscription-password"
                                field="password"
                                label="Mot de passe"
                                kind="password"
                                autocomplete="new-password"
                                hint=MIN_PASSWORD_HINT
                                value=password
                                failure=failure
                            />
                            <OrganisationPicker selected=organisation failure=failure />
                            <button
                                type="submit"
                                class="button"
                                aria-disabled=move || pending.get().to_string()
                            >
                                "Créer mon compte"
                            </button>
                            <Show when=move || pending.get()>
                                <p class="muted" role="status">"Création du compte en cours…"</p>
                            </Show>
                        </form>
                        <p class="form-footer">
                            "Déjà un compte ? " <A href="/connexion">"Se connecter"</A>
                        </p>
                    }
                        .into_any()
                }
            }}
        </section>
    }
}

/// Confirmation shown once the account exists: nothing is possible until an admin approves.
#[component]
fn Pending(org_name: String) -> impl IntoView {
    view! {
        <div class="alert alert-success" role="status">
            <p class="alert-title">"Votre compte est créé."</p>
            <p>
                {format!(
                    "Votre demande de rattachement à {org_name} est en attente de validation par un administrateur de la structure.",
                )}
            </p>
        </div>
        <p>
            <A href="/connexion">"Se connecter"</A>
        </p>
    }
}
