//! `/mes-notifications`: which e-mail notifications the user receives (R-MAIL-1), one checkbox per kind, all on
//! until turned off; reached from the header, next to the user's name.

use contract::{NotificationChoice, NotificationPreference, NotificationPreferencesUpdate};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiFailure};
use crate::app::set_title;
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::components::status::{Outcome, StatusRegion};

/// The page.
#[component]
pub fn NotificationsPage() -> impl IntoView {
    set_title("Mes notifications");
    let loaded = LocalResource::new(api::notification_preferences);
    view! {
        <h1>"Mes notifications par e-mail"</h1>
        <p class="lead">
            "Choisissez les événements pour lesquels Tremplin vous écrit. Les e-mails ne contiennent que des références ; les détails s'affichent après connexion."
        </p>
        <Transition fallback=|| view! { <Loading label="Chargement de vos préférences…" /> }>
            {move || loaded.get().map(|result| match result {
                Ok(preferences) => view! { <Form preferences=preferences.preferences /> }.into_any(),
                Err(f) => view! { <ProblemAlert failure=Signal::stored(Some(f)) /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Form(preferences: Vec<NotificationPreference>) -> impl IntoView {
    let choices: Vec<(NotificationPreference, RwSignal<bool>)> = preferences
        .into_iter()
        .map(|p| {
            let on = RwSignal::new(p.enabled);
            (p, on)
        })
        .collect();
    let outcome = RwSignal::new(None::<Outcome>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let pending = RwSignal::new(false);
    let signals: Vec<_> = choices.iter().map(|(p, on)| (p.kind, *on)).collect();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        let update = NotificationPreferencesUpdate {
            preferences: signals
                .iter()
                .map(|(kind, on)| NotificationChoice { kind: *kind, enabled: on.get_untracked() })
                .collect(),
        };
        outcome.set(None);
        failure.set(None);
        pending.set(true);
        spawn_local(async move {
            match api::save_notification_preferences(&update).await {
                Ok(saved) => {
                    let on = saved.preferences.iter().filter(|p| p.enabled).count();
                    outcome.set(Some(Outcome::success(
                        "Vos préférences sont enregistrées.",
                        vec![format!("{on} type(s) de notification sur {} activé(s).", saved.preferences.len())],
                    )));
                }
                Err(f) => failure.set(Some(f)),
            }
            pending.set(false);
        });
    };
    view! {
        <section class="card">
            <StatusRegion outcome=outcome />
            <ProblemAlert failure=failure />
            <form on:submit=on_submit>
                <fieldset>
                    <legend>"M'envoyer un e-mail pour :"</legend>
                    {choices
                        .into_iter()
                        .map(|(p, on)| {
                            let id = format!("notification-{}", p.kind.code());
                            view! {
                                <div class="field checkbox">
                                    <input
                                        id=id.clone()
                                        type="checkbox"
                                        prop:checked=move || on.get()
                                        on:change=move |ev| on.set(event_target_checked(&ev))
                                    />
                                    <label for=id>{p.label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <button type="submit" class="button" prop:disabled=move || pending.get()>
                    {move || if pending.get() { "Enregistrement…" } else { "Enregistrer" }}
                </button>
            </form>
        </section>
    }
}
