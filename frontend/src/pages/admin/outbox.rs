//! `/admin/messages`, "Messages en échec": the outbox as the platform admin sees it (R-AVIS-7), by state,
//! with "Relancer" on each message that gave up.

use contract::{DeliveryState, OutboxMessage};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiFailure, admin};
use crate::app::set_title;
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::components::status::{Outcome, StatusRegion};
use crate::format::date_time;

const STATES: [(DeliveryState, &str, &str); 3] = [
    (DeliveryState::Dead, "En échec", "Aucun message en échec."),
    (DeliveryState::Pending, "En attente d'envoi", "Aucun message en attente d'envoi."),
    (DeliveryState::Sent, "Transmis", "Aucun message transmis."),
];

fn label(state: DeliveryState) -> &'static str {
    STATES.iter().find(|(s, _, _)| *s == state).map_or("", |(_, l, _)| *l)
}

fn destination(code: &str) -> &str {
    match code {
        "kairos" => "France Travail (KAIROS)",
        "webhook" => "Webhook",
        "email" => "E-mail",
        other => other,
    }
}

/// The page.
#[component]
pub fn OutboxPage() -> impl IntoView {
    set_title("Messages en échec");
    let state = RwSignal::new(DeliveryState::Dead);
    let refresh = RwSignal::new(0_u32);
    let outcome = RwSignal::new(None::<Outcome>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let messages = LocalResource::new(move || {
        let _ = refresh.get();
        admin::outbox(state.get())
    });
    let retry = Callback::new(move |id: i64| {
        outcome.set(None);
        failure.set(None);
        spawn_local(async move {
            match admin::retry(id).await {
                Ok(()) => {
                    outcome.set(Some(Outcome::success(
                        format!("Le message {id} a été remis en file d'envoi."),
                        vec!["Il figure désormais parmi les messages en attente d'envoi.".to_owned()],
                    )));
                    refresh.update(|n| *n += 1);
                }
                Err(f) => failure.set(Some(f)),
            }
        });
    });
    let on_state = move |ev| {
        let code = event_target_value(&ev);
        if let Some((s, _, _)) = STATES.iter().find(|(s, _, _)| admin::delivery_code(*s) == code) {
            state.set(*s);
        }
    };
    view! {
        <h1>"Messages en échec"</h1>
        <p class="lead">"Messages envoyés à France Travail (KAIROS), aux webhooks des organismes et par e-mail. Un message en échec a épuisé ses tentatives : relancez-le une fois la cause corrigée."</p>
        <StatusRegion outcome=outcome />
        <ProblemAlert failure=failure />
        <section class="card" aria-labelledby="titre-messages">
            <h2 id="titre-messages">{move || format!("Messages : {}", label(state.get()).to_lowercase())}</h2>
            <div class="field field-inline">
                <label for="etat-messages">"État des messages"</label>
                <select id="etat-messages" on:change=on_state prop:value=move || admin::delivery_code(state.get())>
                    {STATES.iter().map(|(s, l, _)| view! { <option value=admin::delivery_code(*s)>{*l}</option> }).collect_view()}
                </select>
            </div>
            <Transition fallback=|| view! { <Loading label="Chargement des messages…" /> }>
                {move || messages.get().map(|result| match result {
                    Ok(list) => view! { <Table list=list state=state.get_untracked() retry=retry /> }.into_any(),
                    Err(f) => view! { <ProblemAlert failure=Signal::stored(Some(f)) /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Table(list: Vec<OutboxMessage>, state: DeliveryState, retry: Callback<i64>) -> impl IntoView {
    if list.is_empty() {
        let empty = STATES.iter().find(|(s, _, _)| *s == state).map_or("Aucun message.", |(_, _, e)| *e);
        return view! { <p class="empty" role="status">{empty}</p> }.into_any();
    }
    let count = list.len();
    view! {
        <p class="muted" role="status">{format!("{count} message(s)")}</p>
        <div class="table-scroll"><table class="table table-compact">
            <caption class="visually-hidden">"Messages de la file d'envoi"</caption>
            <thead><tr>
                <th scope="col">"N°"</th>
                <th scope="col">"Événement"</th>
                <th scope="col">"Destination"</th>
                <th scope="col">"Tentatives"</th>
                <th scope="col">"Dernière erreur"</th>
                <th scope="col">"Créé le"</th>
                <th scope="col">"Envoi"</th>
                <th scope="col">"Action"</th>
            </tr></thead>
            <tbody>{list.into_iter().map(|m| row(m, retry)).collect_view()}</tbody>
        </table></div>
    }
    .into_any()
}

fn row(m: OutboxMessage, retry: Callback<i64>) -> impl IntoView {
    let id = m.id;
    let sending = match (m.state, &m.sent_at) {
        (DeliveryState::Sent, Some(at)) => format!("transmis le {}", date_time(at)),
        (DeliveryState::Pending, _) => format!("prochain essai le {}", date_time(&m.next_attempt_at)),
        _ => label(m.state).to_owned(),
    };
    view! {
        <tr>
            <th scope="row">{id}</th>
            <td class="wrap-anywhere">{m.event_type}<span class="block muted">{m.event_id}</span></td>
            <td>
                {destination(&m.destination).to_owned()}
                {m.application_reference.map(|reference| view! {
                    <a class="block" href=format!("/candidatures/{reference}")>{format!("Candidature {reference}")}</a>
                })}
            </td>
            <td class="number">{m.attempts}</td>
            <td class="wrap-anywhere">{m.last_error.unwrap_or_default()}</td>
            <td>{date_time(&m.created_at)}</td>
            <td>{sending}</td>
            <td>{(m.state == DeliveryState::Dead).then(|| view! {
                <button type="button" class="button button-secondary" aria-label=format!("Relancer le message {id}")
                    on:click=move |_| retry.run(id)>"Relancer"</button>
            })}</td>
        </tr>
    }
}
