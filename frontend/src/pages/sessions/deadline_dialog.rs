//! The pop-up of R-SES-4: the new registration deadline passes the late-entry deadline, so the page offers
//! to move the late-entry deadline to the earliest valid date.

use chrono::NaiveDate;
use leptos::prelude::*;

use crate::components::dialog::{Modal, ModalActions};
use crate::format::date;

/// What the API (or the page's own check) proposed.
#[derive(Clone, PartialEq, Eq)]
pub struct DeadlineOffer {
    /// The earliest valid late-entry deadline.
    pub date: NaiveDate,
    /// The French explanation of the refusal.
    pub detail: String,
    /// Whether the user already confirmed the save (then accepting sends it at once).
    pub confirmed: bool,
}

/// The dialog; `on_accept` receives the offer the user accepted.
#[component]
pub fn DeadlineDialog(
    offer: RwSignal<Option<DeadlineOffer>>,
    open: RwSignal<bool>,
    on_accept: Callback<DeadlineOffer>,
) -> impl IntoView {
    let day = move || offer.with(|o| o.as_ref().map(|o| date(o.date)).unwrap_or_default());
    let accept = Callback::new(move |()| {
        if let Some(o) = offer.get_untracked() {
            on_accept.run(o);
        }
    });
    view! {
        <Modal open=open id="entree-tardive" title="Date limite d'entrée tardive à reporter">
            <p>{move || offer.with(|o| o.as_ref().map(|o| o.detail.clone()).unwrap_or_default())}</p>
            <p class="modal-question">
                {move || format!("Voulez-vous reporter la date limite d'entrée tardive au {} ?", day())}
            </p>
            <ModalActions open=open confirm_label=Signal::derive(move || format!("Reporter au {}", day())) on_confirm=accept />
        </Modal>
    }
}
