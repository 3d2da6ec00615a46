//! Choosing the structure to join at sign-up: a search field and a radio list of
//! `GET /api/organisations?q=`.

use contract::OrganisationSummary;
use leptos::prelude::*;

use crate::api::{self, ApiFailure};
use crate::components::field::{field_error, forget_field_error};
use crate::components::problem_alert::{Loading, ProblemAlert};

/// The structure to join: a search field filtering `GET /api/organisations?q=` and a radio list.
#[component]
pub fn OrganisationPicker(
    selected: RwSignal<Option<OrganisationSummary>>,
    failure: RwSignal<Option<ApiFailure>>,
) -> impl IntoView {
    let error = field_error(failure, "organisation_id");
    let search = RwSignal::new(String::new());
    let list = LocalResource::new(move || api::organisations(search.get()));
    let choose = move |org: OrganisationSummary| {
        selected.set(Some(org));
        forget_field_error(failure, "organisation_id");
    };
    view! {
        <fieldset class="field org-picker" class:field-invalid=move || error.with(Option::is_some)>
            <legend>"Structure"</legend>
            <p class="hint">"Choisissez la structure qui doit valider votre rattachement."</p>
            {move || error.get().map(|e| view! { <p class="field-error">{e}</p> })}
            <label for="recherche-structure">"Rechercher une structure"</label>
            <input
                id="recherche-structure"
                type="search"
                autocomplete="off"
                bind:value=search
            />
            <Transition fallback=|| view! { <Loading label="Chargement des structures…" /> }>
                {move || {
                    list.get()
                        .map(|result| match result {
                            Err(f) => {
                                view! { <ProblemAlert failure=Signal::stored(Some(f)) /> }
                                    .into_any()
                            }
                            Ok(orgs) if orgs.is_empty() => {
                                view! {
                                    <p class="muted" role="status">
                                        "Aucune structure ne correspond à cette recherche."
                                    </p>
                                }
                                    .into_any()
                            }
                            Ok(orgs) => {
                                view! {
                                    <ul class="org-list">
                                        {orgs
                                            .into_iter()
                                            .map(|org| {
                                                let id = org.id;
                                                let detail = format!(
                                                    "{} · {}",
                                                    org.commune,
                                                    org.kind.label(),
                                                );
                                                let name = org.name.clone();
                                                view! {
                                                    <li>
                                                        <label class="org-option">
                                                            <input
                                                                type="radio"
                                                                name="structure"
                                                                value=id.to_string()
                                                                prop:checked=move || {
                                                                    selected.with(|s| s.as_ref().is_some_and(|s| s.id == id))
                                                                }
                                                                on:change=move |_| choose(org.clone())
                                                            />
                                                            <span class="org-name">{name}</span>
                                                            <span class="org-detail">{detail}</span>
                                                        </label>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            }
                        })
                }}
            </Transition>
            {move || {
                selected
                    .get()
                    .map(|org| {
                        view! {
                            <p class="selected-org" role="status">
                                "Structure choisie : " <strong>{org.name}</strong>
                            </p>
                        }
                    })
            }}
        </fieldset>
    }
}
