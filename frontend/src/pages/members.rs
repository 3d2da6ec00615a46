//! `/membres`, "Membres" of the active organisation, for its admins (R-ACC-1, R-ACC-5..8): the people by status
//! (active, pending, refused, removed), approve or refuse with a reason, name or unname an admin, remove, and
//! invite by e-mail. The rules (last admin, pending only) are the server's; the page shows its refusals.

use contract::{Member, MemberList, MemberListQuery, MembershipStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiFailure, members as api};
use crate::app::set_title;
use crate::components::dialog::{Modal, ModalActions};
use crate::components::field::TextField;
use crate::components::layout::CurrentUser;
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::components::status::{Outcome, StatusRegion};
use crate::format::date_time;
use crate::session::Session;

/// The lists, in the order of the selector: label, and what an empty list says.
const STATUSES: [(MembershipStatus, &str, &str); 4] = [
    (MembershipStatus::Approved, "Actifs", "Aucun membre actif."),
    (MembershipStatus::Pending, "Demandes en attente", "Aucune demande en attente."),
    (MembershipStatus::Refused, "Refusés", "Aucune demande refusée."),
    (MembershipStatus::Removed, "Retirés", "Aucun membre retiré."),
];

const PER_PAGE: u32 = 20;

fn count(list: &MemberList, status: MembershipStatus) -> i64 {
    match status {
        MembershipStatus::Approved => list.counts.approved,
        MembershipStatus::Pending => list.counts.pending,
        MembershipStatus::Refused => list.counts.refused,
        MembershipStatus::Removed => list.counts.removed,
    }
}

/// What a button of a row asks for.
#[derive(Clone)]
enum Action {
    Approve,
    Admin(bool),
    Remove,
}

/// The page.
#[component]
pub fn MembersPage() -> impl IntoView {
    set_title("Membres");
    let session = Session::use_context();
    let current = CurrentUser::use_context();
    let organisation_name = move || {
        current.0.with(|me| {
            me.as_ref()
                .and_then(|me| me.memberships.iter().find(|m| Some(m.organisation_id) == session.org()))
                .map(|m| m.organisation_name.clone())
        })
    };
    let status = RwSignal::new(MembershipStatus::Approved);
    let page = RwSignal::new(1_u32);
    let refresh = RwSignal::new(0_u32);
    let outcome = RwSignal::new(None::<Outcome>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let list = LocalResource::new(move || {
        let _ = refresh.get();
        let (org, status, page) = (session.org(), status.get(), page.get());
        async move {
            let Some(org) = org else {
                return Err(ApiFailure::invalid_form(Vec::new())
                    .with_detail("Choisissez d'abord la structure dont vous gérez les membres."));
            };
            api::list(org, MemberListQuery { status: Some(status), page: Some(page), per_page: Some(PER_PAGE) }).await
        }
    });

    // The refusal dialog: whose request, and the reason typed.
    let refusing = RwSignal::new(None::<Member>);
    let refusal_open = RwSignal::new(false);
    let reason = RwSignal::new(String::new());

    let act = Callback::new(move |(member, action): (Member, Action)| {
        outcome.set(None);
        failure.set(None);
        spawn_local(async move {
            let (org, user) = (member.organisation_id, member.user_id);
            let name = member.full_name.clone();
            let done = match action {
                Action::Approve => {
                    api::approve(org, user).await.map(|()| format!("Le rattachement de {name} est validé."))
                }
                Action::Admin(true) => {
                    api::set_admin(org, user, true).await.map(|_| format!("{name} est désormais administrateur."))
                }
                Action::Admin(false) => {
                    api::set_admin(org, user, false).await.map(|_| format!("{name} n'est plus administrateur."))
                }
                Action::Remove => api::remove(org, user).await.map(|_| format!("{name} a été retiré de la structure.")),
            };
            match done {
                Ok(message) => {
                    outcome.set(Some(Outcome::success(message, Vec::new())));
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
        outcome.set(None);
        failure.set(None);
        let text = reason.get_untracked();
        spawn_local(async move {
            match api::refuse(member.organisation_id, member.user_id, text).await {
                Ok(_) => {
                    outcome.set(Some(Outcome::success(
                        format!("La demande de {} est refusée.", member.full_name),
                        vec!["Le motif lui est envoyé par e-mail.".to_owned()],
                    )));
                    refresh.update(|n| *n += 1);
                }
                Err(f) => failure.set(Some(f)),
            }
        });
    });

    let on_status = move |ev| {
        let code = event_target_value(&ev);
        if let Some((s, _, _)) = STATUSES.iter().find(|(s, _, _)| s.code() == code) {
            status.set(*s);
            page.set(1);
        }
    };

    view! {
        <h1>{move || organisation_name().map_or_else(|| "Membres".to_owned(), |n| format!("Membres de {n}"))}</h1>
        <p class="lead">"Validez ou refusez les demandes de rattachement, nommez les administrateurs, retirez un membre ou invitez une personne par e-mail."</p>
        <StatusRegion outcome=outcome />
        <ProblemAlert failure=failure />
        <section class="card" aria-labelledby="titre-membres">
            <h2 id="titre-membres">{move || STATUSES.iter().find(|(s, _, _)| *s == status.get()).map_or("", |(_, l, _)| *l)}</h2>
            <div class="field field-inline">
                <label for="statut-membres">"Afficher"</label>
                <select id="statut-membres" on:change=on_status prop:value=move || status.get().code()>
                    {move || {
                        let counted = list.get().and_then(Result::ok);
                        STATUSES
                            .iter()
                            .map(|(s, l, _)| {
                                let label = counted.as_ref().map_or_else(|| (*l).to_owned(), |c| format!("{l} ({})", count(c, *s)));
                                view! { <option value=s.code() selected=status.get_untracked() == *s>{label}</option> }
                            })
                            .collect_view()
                    }}
                </select>
            </div>
            <Transition fallback=|| view! { <Loading label="Chargement des membres…" /> }>
                {move || list.get().map(|result| match result {
                    Ok(list) => view! { <Table list=list status=status.get_untracked() page=page act=act refuse=ask_refusal /> }.into_any(),
                    Err(f) => view! { <ProblemAlert failure=Signal::stored(Some(f)) /> }.into_any(),
                })}
            </Transition>
        </section>
        <Invitations />
        <Modal open=refusal_open id="refus-rattachement" title=Signal::derive(move || {
            refusing.get().map_or_else(String::new, |m| format!("Refuser la demande de {}", m.full_name))
        })>
            <div class="field">
                <label for="motif-refus">"Motif du refus (envoyé par e-mail à la personne)"</label>
                <textarea id="motif-refus" rows="3" maxlength="500" required=true bind:value=reason></textarea>
            </div>
            <ModalActions open=refusal_open confirm_label="Refuser la demande" on_confirm=confirm_refusal />
        </Modal>
    }
}

#[component]
fn Table(
    list: MemberList,
    status: MembershipStatus,
    page: RwSignal<u32>,
    act: Callback<(Member, Action)>,
    refuse: Callback<Member>,
) -> impl IntoView {
    if list.items.is_empty() {
        let empty = STATUSES.iter().find(|(s, _, _)| *s == status).map_or("Aucun membre.", |(_, _, e)| *e);
        return view! { <p class="empty" role="status">{empty}</p> }.into_any();
    }
    let total = list.total;
    let pages = u32::try_from((total + i64::from(PER_PAGE) - 1) / i64::from(PER_PAGE)).unwrap_or(1).max(1);
    let date_label = match status {
        MembershipStatus::Pending => "Demandé le",
        MembershipStatus::Approved => "Validé le",
        MembershipStatus::Refused => "Refusé le",
        MembershipStatus::Removed => "Retiré le",
    };
    view! {
        <p class="muted" role="status">{format!("{total} personne(s)")}</p>
        <div class="table-scroll"><table class="table">
            <caption class="visually-hidden">"Membres de la structure"</caption>
            <thead><tr>
                <th scope="col">"Nom"</th>
                <th scope="col">"Adresse e-mail"</th>
                <th scope="col">"Rôle"</th>
                <th scope="col">{date_label}</th>
                <th scope="col">{if status == MembershipStatus::Refused { "Motif" } else { "Actions" }}</th>
            </tr></thead>
            <tbody>{list.items.into_iter().map(|m| row(m, act, refuse)).collect_view()}</tbody>
        </table></div>
        {(pages > 1).then(|| view! {
            <nav class="pagination" aria-label="Pages de la liste des membres">
                <button type="button" class="button button-secondary" disabled=move || page.get() <= 1
                    on:click=move |_| page.update(|p| *p = p.saturating_sub(1).max(1))>"Page précédente"</button>
                <span>{move || format!("Page {} sur {pages}", page.get())}</span>
                <button type="button" class="button button-secondary" disabled=move || page.get() >= pages
                    on:click=move |_| page.update(|p| *p += 1)>"Page suivante"</button>
            </nav>
        })}
    }
    .into_any()
}

fn row(m: Member, act: Callback<(Member, Action)>, refuse: Callback<Member>) -> impl IntoView {
    let when = match m.status {
        MembershipStatus::Pending => Some(m.requested_at.clone()),
        MembershipStatus::Approved => m.approved_at.clone(),
        MembershipStatus::Refused | MembershipStatus::Removed => m.ended_at.clone(),
    };
    let name = m.full_name.clone();
    let actions = match m.status {
        MembershipStatus::Pending => {
            let (approve, refused) = (m.clone(), m.clone());
            view! {
                <button type="button" class="button" aria-label=format!("Valider la demande de {name}")
                    on:click=move |_| act.run((approve.clone(), Action::Approve))>"Valider"</button>
                " "
                <button type="button" class="button button-secondary" aria-label=format!("Refuser la demande de {name}")
                    on:click=move |_| refuse.run(refused.clone())>"Refuser"</button>
            }
            .into_any()
        }
        MembershipStatus::Approved => {
            let (toggle, removed, is_admin) = (m.clone(), m.clone(), m.is_admin);
            let toggle_label = if is_admin { "Retirer le rôle d'administrateur" } else { "Nommer administrateur" };
            view! {
                <button type="button" class="button button-secondary" aria-label=format!("{toggle_label} : {name}")
                    on:click=move |_| act.run((toggle.clone(), Action::Admin(!is_admin)))>{toggle_label}</button>
                " "
                <button type="button" class="button button-secondary" aria-label=format!("Retirer de la structure : {name}")
                    on:click=move |_| act.run((removed.clone(), Action::Remove))>"Retirer de la structure"</button>
            }
            .into_any()
        }
        MembershipStatus::Refused => view! { <span>{m.refusal_reason.clone().unwrap_or_default()}</span> }.into_any(),
        MembershipStatus::Removed => view! { <span class="muted">"—"</span> }.into_any(),
    };
    view! {
        <tr>
            <th scope="row">{m.full_name.clone()}</th>
            <td class="wrap-anywhere">{m.email.clone()}</td>
            <td>{if m.is_admin { "Administrateur" } else { "Membre" }}</td>
            <td>{when.map(|at| date_time(&at)).unwrap_or_default()}</td>
            <td>{actions}</td>
        </tr>
    }
}

/// "Inviter une personne", and the latest invitations.
#[component]
fn Invitations() -> impl IntoView {
    let session = Session::use_context();
    let email = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<ApiFailure>);
    let outcome = RwSignal::new(None::<Outcome>);
    let refresh = RwSignal::new(0_u32);
    let sent = LocalResource::new(move || {
        let _ = refresh.get();
        let org = session.org();
        async move {
            match org {
                Some(org) => api::invitations(org).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(org) = session.org_untracked() else { return };
        failure.set(None);
        outcome.set(None);
        let address = email.get_untracked().trim().to_owned();
        spawn_local(async move {
            match api::invite(org, address.clone()).await {
                Ok(_) => {
                    outcome.set(Some(Outcome::success(
                        format!("Invitation envoyée à {address}."),
                        vec!["Le lien reçu par e-mail est valable 7 jours.".to_owned()],
                    )));
                    email.set(String::new());
                    refresh.update(|n| *n += 1);
                }
                Err(f) => failure.set(Some(f)),
            }
        });
    };
    view! {
        <section class="card" aria-labelledby="titre-invitation">
            <h2 id="titre-invitation">"Inviter une personne"</h2>
            <StatusRegion outcome=outcome />
            <ProblemAlert failure=failure />
            <form on:submit=on_submit novalidate=true>
                <TextField id="invitation-email" field="email" label="Adresse e-mail de la personne" kind="email"
                    autocomplete="off" value=email failure=failure />
                <button type="submit" class="button">"Envoyer l'invitation"</button>
            </form>
            <Transition fallback=|| view! { <Loading label="Chargement des invitations…" /> }>
                {move || sent.get().map(|result| match result {
                    Ok(list) if list.is_empty() => view! { <p class="muted">"Aucune invitation envoyée."</p> }.into_any(),
                    Ok(list) => view! {
                        <table class="table table-compact">
                            <caption>"Invitations récentes"</caption>
                            <thead><tr>
                                <th scope="col">"Adresse e-mail"</th>
                                <th scope="col">"Envoyée le"</th>
                                <th scope="col">"État"</th>
                            </tr></thead>
                            <tbody>{list.into_iter().map(|i| view! {
                                <tr>
                                    <th scope="row" class="wrap-anywhere">{i.email}</th>
                                    <td>{date_time(&i.created_at)}</td>
                                    <td>{i.accepted_at.map_or_else(
                                        || format!("en attente, valable jusqu'au {}", date_time(&i.expires_at)),
                                        |at| format!("acceptée le {}", date_time(&at)),
                                    )}</td>
                                </tr>
                            }).collect_view()}</tbody>
                        </table>
                    }.into_any(),
                    Err(f) => view! { <ProblemAlert failure=Signal::stored(Some(f)) /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
