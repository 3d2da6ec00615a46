//! "Annuler la session" for the funder and the platform (R-APP-2, R-APP-3): a confirmation that says what
//! happens to the pending applications, then `POST /api/sessions/{reference}/cancel`.

use contract::Session;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{ApiFailure, offer};
use crate::components::dialog::Modal;
use crate::components::problem_alert::ProblemAlert;

/// The button (shown to those who may move every date, while the session is not cancelled), its dialog
/// and the refusal if any; `on_cancelled` receives the cancelled session.
#[component]
pub fn CancelSession(current: RwSignal<Session>, on_cancelled: Callback<Session>) -> impl IntoView {
    let open = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);
    let shown = move || current.with(|s| s.may_change_all_dates && !s.cancelled);
    let confirm = move |_| {
        open.set(false);
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        failure.set(None);
        let reference = current.with_untracked(|s| s.reference.clone());
        spawn_local(async move {
            match offer::cancel_session(reference).await {
                Ok(session) => on_cancelled.run(session),
                Err(f) => failure.set(Some(f)),
            }
            pending.set(false);
        });
    };
    let reference = move || current.with(|s| s.reference.clone());
    view! {
        <ProblemAlert failure=failure />
        <Show when=shown>
            <section class="card danger-zone" aria-labelledby="titre-annulation">
                <h2 id="titre-annulation">"Annulation de la session"</h2>
                <p class="hint">"Réservé au financeur (France Travail ou l'OPCO) et à la plateforme."</p>
                <button type="button" class="button button-danger" aria-disabled=move || pending.get().to_string()
                    on:click=move |_| if !pending.get_untracked() { open.set(true) }>
                    "Annuler la session"
                </button>
            </section>
        </Show>
        <Modal open=open id="annulation-session" title=Signal::derive(move || format!("Annuler la session {} ?", reference()))>
            <p>"Les candidatures en attente de traitement passeront à l'état « Refus : session annulée » et la session n'acceptera plus aucune candidature."</p>
            <p class="hint hint-warning">"Cette annulation est définitive."</p>
            <div class="modal-actions">
                <button type="button" class="button button-danger" on:click=confirm>"Confirmer l’annulation"</button>
                <button type="button" class="button button-secondary" on:click=move |_| open.set(false)>
                    "Conserver la session"
                </button>
            </div>
        </Modal>
    }
}
