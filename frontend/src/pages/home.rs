//! Home of a logged-in user: a greeting and their memberships.

use contract::{Membership, MembershipStatus};
use leptos::prelude::*;

use crate::app::set_title;
use crate::components::layout::CurrentUser;
use crate::components::problem_alert::Loading;

/// French label of a membership status.
pub fn status_label(status: MembershipStatus) -> &'static str {
    status.label()
}

/// `/`.
#[component]
pub fn HomePage() -> impl IntoView {
    set_title("Accueil");
    let current = CurrentUser::use_context();
    move || match current.0.get() {
        None => view! { <Loading label="Chargement…" /> }.into_any(),
        Some(me) => view! {
            <h1>{format!("Bonjour {}", me.full_name)}</h1>
            <p class="lead">
                {if me.platform_admin {
                    "Vous administrez la plateforme Tremplin."
                } else {
                    "Retrouvez ici les structures auxquelles votre compte est rattaché."
                }}
            </p>
            <Memberships memberships=me.memberships />
        }
        .into_any(),
    }
}

/// The table of the user's memberships.
#[component]
fn Memberships(memberships: Vec<Membership>) -> impl IntoView {
    if memberships.is_empty() {
        return view! {
            <section class="card" aria-labelledby="rattachements">
                <h2 id="rattachements">"Mes structures"</h2>
                <p>"Votre compte n’est rattaché à aucune structure."</p>
            </section>
        }
        .into_any();
    }
    let rows = memberships
        .into_iter()
        .map(|m| {
            let badge = match m.status {
                MembershipStatus::Approved => "badge badge-ok",
                MembershipStatus::Pending => "badge badge-pending",
                MembershipStatus::Refused | MembershipStatus::Removed => "badge",
            };
            view! {
                <tr>
                    <th scope="row">{m.organisation_name}</th>
                    <td>{m.organisation_kind.label()}</td>
                    <td>
                        <span class=badge>{status_label(m.status)}</span>
                        {m.is_admin.then_some(view! { <span class="badge">"Administrateur"</span> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="rattachements">
            <h2 id="rattachements">"Mes structures"</h2>
            <table class="table">
                <caption class="visually-hidden">"Structures auxquelles votre compte est rattaché"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Structure"</th>
                        <th scope="col">"Type"</th>
                        <th scope="col">"Statut"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
    .into_any()
}
