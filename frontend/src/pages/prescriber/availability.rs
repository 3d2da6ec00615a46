//! `/disponibilites`, "Sessions disponibles": open sessions with free places, by department, commune,
//! dates and keywords; no candidate data (R-LIST-4).

use contract::{AvailabilityQuery, AvailableSession};
use leptos::prelude::*;

use crate::api::{applications as api, search_text};
use crate::app::set_title;
use crate::components::input::{Control, Input};
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::format::{date, parse_iso};
use crate::session::Session;

/// The search page.
#[component]
pub fn AvailabilityPage() -> impl IntoView {
    set_title("Sessions disponibles");
    let user = Session::use_context();
    let (department, commune, from, to, text) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let filter = RwSignal::new(AvailabilityQuery::default());
    let found = LocalResource::new(move || {
        let _ = user.org();
        api::availability(filter.get())
    });
    let on_search = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        filter.set(AvailabilityQuery {
            department: search_text(&department.get_untracked()),
            commune: search_text(&commune.get_untracked()),
            from: parse_iso(&from.get_untracked()),
            to: parse_iso(&to.get_untracked()),
            q: search_text(&text.get_untracked()),
        });
    };
    view! {
        <h1>"Sessions disponibles"</h1>
        <p class="lead">"Les sessions POEC ouvertes aux candidatures et qui ont encore des places."</p>
        <form class="card" role="search" aria-label="Rechercher une session" on:submit=on_search>
            <div class="grid-3">
                <Input id="recherche-departement".to_owned() label="Département" value=department hint=Some("Par exemple 24".to_owned()) />
                <Input id="recherche-commune".to_owned() label="Commune" value=commune />
                <Input id="recherche-mots".to_owned() label="Mots-clés" value=text hint=Some("Intitulé, organisme, référence".to_owned()) />
                <Input id="recherche-du".to_owned() label="Débutant à partir du" value=from control=Control::Date />
                <Input id="recherche-au".to_owned() label="Débutant au plus tard le" value=to control=Control::Date />
            </div>
            <button type="submit" class="button">"Rechercher"</button>
        </form>
        <Transition fallback=|| view! { <Loading label="Recherche des sessions…" /> }>
            {move || found.get().map(|result| match result {
                Ok(sessions) => view! { <Results sessions=sessions /> }.into_any(),
                Err(failure) => view! { <ProblemAlert failure=Signal::stored(Some(failure)) /> }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn Results(sessions: Vec<AvailableSession>) -> impl IntoView {
    let count = sessions.len();
    view! {
        <p class="muted" role="status">{format!("{count} session(s) disponible(s)")}</p>
        {if sessions.is_empty() {
            view! { <p class="empty">"Aucune session ne correspond à votre recherche."</p> }.into_any()
        } else {
            view! {
                <table class="table">
                    <caption class="visually-hidden">"Sessions disponibles"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Session"</th>
                            <th scope="col">"Formation"</th>
                            <th scope="col">"Lieu"</th>
                            <th scope="col">"Date"</th>
                            <th scope="col">"Inscriptions jusqu'au"</th>
                            <th scope="col">"Places restantes"</th>
                            <th scope="col"><span class="visually-hidden">"Action"</span></th>
                        </tr>
                    </thead>
                    <tbody>{sessions.into_iter().map(row).collect_view()}</tbody>
                </table>
            }
            .into_any()
        }}
    }
}

fn row(s: AvailableSession) -> impl IntoView {
    let apply = format!("/disponibilites/{}/candidature", s.reference);
    let label = format!("Positionner un candidat sur la session {}", s.reference);
    view! {
        <tr>
            <th scope="row">{s.reference.clone()}</th>
            <td>
                <strong>{s.training_title}</strong>
                <span class="block muted">{s.trainer.name}</span>
                <span class="block"><span class="badge state-open">{s.state_label}</span></span>
            </td>
            <td>{s.commune_label}</td>
            <td class="nowrap">{format!("du {} au {}", date(s.start_date), date(s.end_date))}</td>
            <td>{date(s.registration_deadline)}</td>
            <td>{format!("{} / {}", s.places_left, s.quota)}</td>
            <td><a class="button" href=apply aria-label=label>"Positionner un candidat"</a></td>
        </tr>
    }
}
