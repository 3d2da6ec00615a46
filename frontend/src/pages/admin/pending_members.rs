//! `/admin/rattachements`, "Demandes de rattachement": every organisation's pending requests, for the platform,
//! which approves the first member of a new organisation (who then becomes its admin, R-ACC-6) or refuses with
//! a reason.

use contract::Member;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiFailure, members as api};
use crate::app::set_title;
use crate::components::dialog::{Modal, ModalActions};
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::components::status::{Outcome, StatusRegion};
use crate::format::date_time;

/// The page.
#[component]
pub fn PendingMembersPage() -> impl IntoView {
    set_title("Demandes de rattachement");
    let refresh = RwSignal::new(0_u32);
    let outcome = RwSignal::new(None::<Outcome>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let pending = LocalResource::new(move || {
        let _ = refresh.get();
        api::pending_everywhere()
    });
    let refusing = RwSignal::new(None::<Member>);
    let refusal_open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());

    let approve = Callback::new(move |member: Member| {
        outcome.set(None);
        failure.set(None);
        spawn_local(async move {
            match api::approve(member.organisation_id, member.user_id).await {
                Ok(()) => {
                    outcome.set(Some(Outcome::success(
                        format!("Le rattachement de {} à {} est validé.", member.full_name, member.organisation_name),
                        Vec::new(),
                    )));
                    refresh.update(|n| *n += 1);
                }
                Err(f) => failure.set(Some(f)),
            }
        });
    });
    let ask_refusal = Callback::new(move |member: Member| {
        reason.set(String::new());
        refusing.set(Some(member));
        refusal_open.set(true);
    });
    let confirm_refusal = Callback::new(move |()| {
        let Some(member) = refusing.get_untracked() else { return };
        let text = reason.get_untracked();
        outcome.set(None);
        failure.set(None);
        spawn_local(async move {
            match api::refuse(member.organisation_id, member.user_id, text).await {
                Ok(_) => {
                    outcome.set(Some(Outcome::success(
                        format!("La demande de {} est refusée.", member.full_name),
                        Vec::new(),
                    )));
                    refresh.update(|n| *n += 1);
                }
                Err(f) => failure.set(Some(f)),
            }
        });
    });
    view! {
        <h1>"Demandes de rattachement"</h1>
        <p class="lead">"Les demandes en attente de toutes les structures. La première personne validée dans une structure sans administrateur en devient l'administratrice."</p>
        <StatusRegion outcome=outcome />
        <ProblemAlert failure=failure />
        <section class="card" aria-labelledby="titre-demandes">
            <h2 id="titre-demandes">"Demandes en attente"</h2>
            <Transition fallback=|| view! { <Loading label="Chargement des demandes…" /> }>
                {move || pending.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! { <p class="empty" role="status">"Aucune demande en attente."</p> }.into_any(),
                    Ok(list) => view! {
                        <div class="table-scroll"><table class="table">
                            <caption class="visually-hidden">"Demandes de rattachement en attente"</caption>
                            <thead><tr>
                                <th scope="col">"Nom"</th>
                                <th scope="col">"Adresse e-mail"</th>
                                <th scope="col">"Structure"</th>
                                <th scope="col">"Demandé le"</th>
                                <th scope="col">"Actions"</th>
                            </tr></thead>
                            <tbody>{list.into_iter().map(|m| {
                                let (for_approve, for_refuse, name) = (m.clone(), m.clone(), m.full_name.clone());
                                view! {
                                    <tr>
                                        <th scope="row">{m.full_name.clone()}</th>
                                        <td class="wrap-anywhere">{m.email.clone()}</td>
                                        <td>{m.organisation_name.clone()}</td>
                                        <td>{date_time(&m.requested_at)}</td>
                                        <td>
                                            <button type="button" class="button" aria-label=format!("Valider la demande de {name}")
                                                on:click=move |_| approve.run(for_approve.clone())>"Valider"</button>
                                            " "
                                            <button type="button" class="button button-secondary" aria-label=format!("Refuser la demande de {name}")
                                                on:click=move |_| ask_refusal.run(for_refuse.clone())>"Refuser"</button>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}</tbody>
                        </table></div>
                    }.into_any(),
                    Err(f) => view! { <ProblemAlert failure=Signal::stored(Some(f)) /> }.into_any(),
                })}
            </Transition>
        </section>
        <Modal open=refusal_open id="refus-demande" title=Signal::derive(move || {
            refusing.get().map_or_else(String::new, |m| format!("Refuser la demande de {}", m.full_name))
        })>
            <div class="field">
                <label for="motif-refus-demande">"Motif du refus (envoyé par e-mail à la personne)"</label>
                <textarea id="motif-refus-demande" rows="3" maxlength="500" required=true bind:value=reason></textarea>
            </div>
            <ModalActions open=refusal_open confirm_label="Refuser la demande" on_confirm=confirm_refusal />
        </Modal>
    }
}
