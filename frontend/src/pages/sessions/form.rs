//! `/sessions/:reference`: the session form. Every change is checked with the domain, confirmed, sent
//! under `If-Match` (a stale version is refused, 412), and recorded in the history (R-SES-2..6).

use contract::{Session, SessionPatch, SessionUpdated};
use domain::session::CalendarRefusalDetails;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;

use crate::api::{ApiFailure, offer};
use crate::app::set_title;
use crate::components::charts::{Occupancy, Places, SessionTimeline};
use crate::components::dialog::{Modal, ModalActions};
use crate::components::history::{History, HistoryOf};
use crate::components::layout::CurrentUser;
use crate::components::problem_alert::{Loading, ProblemAlert};
use crate::components::status::{Outcome, StatusRegion};
use crate::format::{date, iso, today};
use crate::pages::sessions::cancel::CancelSession;
use crate::pages::sessions::deadline_dialog::{DeadlineDialog, DeadlineOffer};
use crate::pages::sessions::draft::{SessionDraft, is_empty};
use crate::pages::sessions::fields::{CalendarFields, SizeFields};
use crate::pages::sessions::outcomes::SessionOutcomesSection;
use crate::pages::sessions::parties::PartiesFields;
use crate::pages::trainings::sessions_table::state_class;
use crate::session::{Session as UserSession, actor};

/// Loads the session named in the address; "Recharger" after a refused stale save loads it again.
#[component]
pub fn SessionPage() -> impl IntoView {
    set_title("Session");
    let params = use_params_map();
    let user = UserSession::use_context();
    let outcome = RwSignal::new(None::<Outcome>);
    let loaded = LocalResource::new(move || {
        let _ = user.org();
        offer::session(params.with(|p| p.get("reference").unwrap_or_default()))
    });
    view! {
        <Transition fallback=|| view! { <Loading label="Chargement de la session…" /> }>
            {move || {
                loaded.get().map(|result| match result {
                    Ok(session) => view! { <SessionEditor session=session outcome=outcome /> }.into_any(),
                    Err(failure) => view! {
                        <p class="breadcrumb"><a href="/formations">"← Gestion des formations"</a></p>
                        <h1>"Session indisponible"</h1>
                        <ProblemAlert failure=Signal::stored(Some(failure)) />
                    }
                    .into_any(),
                })
            }}
        </Transition>
    }
}

/// "Date de début : 12/01/2027 → 19/01/2027" for each change, for the confirmation.
fn describe(patch: &SessionPatch, session: &Session) -> Vec<String> {
    let mut lines = Vec::new();
    let dates = [
        ("Date de début", patch.start_date, session.start_date),
        ("Date de fin", patch.end_date, session.end_date),
        ("Date limite d'inscription", patch.registration_deadline, session.registration_deadline),
        ("Date limite d'entrée tardive", patch.late_entry_deadline, session.late_entry_deadline),
    ];
    for (label, new, old) in dates {
        if let Some(new) = new {
            lines.push(format!("{label} : {} → {}", date(old), date(new)));
        }
    }
    if let Some(comment) = &patch.comment {
        lines.push(format!("Commentaires sur la session : « {comment} »"));
    }
    if let Some(capacity) = patch.capacity {
        lines.push(format!("Capacité d'accueil : {} → {capacity}", session.capacity));
    }
    if let Some(coefficient) = patch.coefficient {
        lines.push(format!("Coefficient nombre candidatures possibles : {} → {coefficient}", session.coefficient));
    }
    lines
}

fn saved(updated: &SessionUpdated) -> Outcome {
    let lines = updated.warnings.iter().map(|w| w.message.clone()).collect();
    Outcome::success("La session a été enregistrée.", lines)
}

/// The form of a loaded session.
#[component]
fn SessionEditor(session: Session, outcome: RwSignal<Option<Outcome>>) -> impl IntoView {
    set_title(&format!("Session {}", session.reference));
    let (me, user) = (CurrentUser::use_context(), UserSession::use_context());
    let reference = session.reference.clone();
    let current = RwSignal::new(session.clone());
    let draft = SessionDraft::new(&session);
    let failure = RwSignal::new(None::<ApiFailure>);
    let confirm = RwSignal::new(false);
    let deadline = RwSignal::new(None::<DeadlineOffer>);
    let deadline_open = RwSignal::new(false);
    let to_send = RwSignal::new(None::<SessionPatch>);
    let pending = RwSignal::new(false);
    let refresh = RwSignal::new(0_u32);

    let on_edit = Callback::new(move |()| {
        if failure.with_untracked(|f| f.as_ref().is_some_and(|f| f.code() != "stale_version")) {
            failure.set(None);
        }
    });
    // R-SES-4: the refusal carries the earliest valid date, which the pop-up offers.
    let refused = move |f: ApiFailure, confirmed: bool| {
        let offered = (f.code() == "late_entry_deadline_must_move")
            .then(|| f.extra::<CalendarRefusalDetails>().and_then(|d| d.earliest_valid_late_entry_deadline))
            .flatten();
        match offered {
            Some(day) => {
                deadline.set(Some(DeadlineOffer { date: day, detail: f.problem.detail.clone(), confirmed }));
                deadline_open.set(true);
            }
            None => failure.set(Some(f)),
        }
    };
    let send = {
        let reference = reference.clone();
        move |patch: SessionPatch| {
            pending.set(true);
            let (reference, version) = (reference.clone(), current.with_untracked(|s| s.version));
            spawn_local(async move {
                match offer::update_session(reference, version, patch).await {
                    Ok(updated) => {
                        draft.reset(&updated.session);
                        outcome.set(Some(saved(&updated)));
                        current.set(updated.session);
                        refresh.update(|n| *n += 1);
                    }
                    Err(f) => refused(f, true),
                }
                pending.set(false);
            });
        }
    };
    let prepare = move || -> Option<SessionPatch> {
        failure.set(None);
        outcome.set(None);
        let actor = me.0.with_untracked(|m| m.as_ref().and_then(|m| actor(m, user.org_untracked())));
        match draft.patch(&current.get_untracked(), actor.as_ref(), today()) {
            Ok(patch) if is_empty(&patch) => {
                outcome.set(Some(Outcome::info("Aucune modification à enregistrer.")));
                None
            }
            Ok(patch) => Some(patch),
            Err(f) => {
                refused(f, false);
                None
            }
        }
    };
    let ask_confirmation = move |patch: SessionPatch| {
        to_send.set(Some(patch));
        confirm.set(true);
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !pending.get_untracked()
            && let Some(patch) = prepare()
        {
            ask_confirmation(patch);
        }
    };
    let on_confirm = {
        let send = send.clone();
        Callback::new(move |()| {
            if let Some(patch) = to_send.get_untracked() {
                send(patch.clone());
            }
        })
    };
    let on_accept = Callback::new(move |offer: DeadlineOffer| {
        draft.late_entry.set(iso(offer.date));
        deadline.set(None);
        if let Some(patch) = prepare() {
            if offer.confirmed { send(patch) } else { ask_confirmation(patch) }
        }
    });
    let changes =
        move || to_send.with(|p| p.as_ref().map(|p| describe(p, &current.get_untracked())).unwrap_or_default());
    // After a refused stale save: the latest version replaces the form's values.
    let reload = {
        let reference = reference.clone();
        Callback::new(move |()| {
            let reference = reference.clone();
            spawn_local(async move {
                match offer::session(reference).await {
                    Ok(latest) => {
                        draft.reset(&latest);
                        current.set(latest);
                        failure.set(None);
                        refresh.update(|n| *n += 1);
                        outcome.set(Some(Outcome::info(
                            "La session a été rechargée avec la dernière version enregistrée : vous pouvez reprendre vos modifications.",
                        )));
                    }
                    Err(f) => failure.set(Some(f)),
                }
            });
        })
    };
    let stale = move || failure.with(|f| f.as_ref().is_some_and(|f| f.code() == "stale_version"));
    let on_cancelled = Callback::new(move |cancelled: Session| {
        draft.reset(&cancelled);
        outcome.set(Some(Outcome::success(
            format!("La session {} est annulée.", cancelled.reference),
            vec!["Ses candidatures en attente sont passées à « Refus : session annulée ».".to_owned()],
        )));
        current.set(cancelled);
        refresh.update(|n| *n += 1);
        // The button that had focus is gone: start again from the top, where the message is.
        if let Some(main) = document().get_element_by_id("contenu") {
            let _ = wasm_bindgen::JsCast::unchecked_into::<web_sys::HtmlElement>(main).focus();
        }
    });

    view! {
        {move || current.with(|s| view! { <SessionHeading session=s.clone() /> })}
        <StatusRegion outcome=outcome />
        <ProblemAlert failure=failure />
        <Show when=stale>
            <button type="button" class="button button-secondary reload" on:click=move |_| reload.run(())>
                "Recharger la session"
            </button>
        </Show>
        <form class="card" on:submit=on_submit novalidate=true aria-label="Formulaire de la session">
            {move || view! { <CalendarFields session=current.get() draft=draft failure=failure on_edit=on_edit /> }}
            <SizeFields draft=draft failure=failure on_edit=on_edit />
            {move || view! { <PartiesFields session=current.get() draft=draft failure=failure /> }}
            <div class="form-actions">
                <button type="submit" class="button" aria-disabled=move || pending.get().to_string()>
                    "Enregistrer les modifications"
                </button>
                <p class="hint">"Validez vos modifications : une confirmation vous sera demandée."</p>
            </div>
        </form>
        <Modal open=confirm id="confirmation-session" title="Validez vos modifications">
            <p>"Les modifications suivantes seront enregistrées :"</p>
            <ul>{move || changes().into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
            <p class="hint hint-warning">
                "Tout changement de date peut avoir une incidence sur le suivi des dossiers des candidats positionnés sur la session."
            </p>
            <ModalActions open=confirm confirm_label="Confirmer l’enregistrement" on_confirm=on_confirm />
        </Modal>
        <DeadlineDialog offer=deadline open=deadline_open on_accept=on_accept />
        <CancelSession current=current on_cancelled=on_cancelled />
        <SessionOutcomesSection reference=reference.clone() />
        <History of=HistoryOf::Session(reference.clone()) refresh=refresh />
    }
}

/// Title, training, place, organisation, state, "Inscrits x / y" and "Retenus r / c".
#[component]
fn SessionHeading(session: Session) -> impl IntoView {
    let trainer = session.trainer_organisation.name.clone();
    let places = Places::from(&session);
    view! {
        <p class="breadcrumb">
            <a href=format!("/formations/{}", session.training_reference)>
                {format!("← {}", session.training_title)}
            </a>
        </p>
        <h1>{format!("Session {}", session.reference)}</h1>
        <dl class="facts">
            <div><dt>"Formation"</dt><dd>{session.training_reference.clone()}</dd></div>
            <div><dt>"Commune"</dt><dd>{session.commune_label}</dd></div>
            <div><dt>"Organisme de formation"</dt><dd>{trainer}</dd></div>
            <div><dt>"État"</dt><dd><span class=format!("badge state-{}", state_class(session.state))>{session.state_label}</span></dd></div>
            <div><dt>"Inscrits et retenus"</dt><dd><Occupancy places=places /></dd></div>
            <div><dt>"Places restantes"</dt><dd>{session.places_left}</dd></div>
        </dl>
        <SessionTimeline
            start=session.start_date
            registration=session.registration_deadline
            late_entry=session.late_entry_deadline
            end=session.end_date
            today=crate::format::today()
        />
        <p>
            <a class="button button-secondary" href=format!("/sessions/{}/candidatures", session.reference)>
                "Candidatures sur cette session"
            </a>
        </p>
    }
}
