//! The avis as it stands, read-only: after validation (final, R-AVIS-6), or for a reader who does not
//! decide (a prescriber, the responsible organisation).

use contract::ApplicationDetail;
use domain::weekly_hours::WeeklyHours;
use leptos::prelude::*;

use super::state_badge;
use crate::format::{date, date_time};

/// Why *Non retenue* came without a "Non" (R-AVIS-3), in French.
pub fn automatic_text(code: &str) -> &'static str {
    match code {
        "unexcused_absence" => {
            "Candidature automatiquement non retenue : le candidat était absent sans justification à la convocation."
        }
        "excused_absence_at_last_invite" => {
            "Candidature automatiquement non retenue : le candidat était absent, même justifié, à la troisième convocation."
        }
        _ => "Candidature automatiquement non retenue.",
    }
}

/// The decision without any control.
#[component]
pub fn LockedAvis(detail: ApplicationDetail) -> impl IntoView {
    let decision = detail.decision;
    let draft = decision.draft;
    let heading = if decision.validated {
        view! {
            <div class="alert alert-info">
                <p class="alert-title">
                    "Avis validé" {decision.decided_at.as_deref().map(|d| format!(" le {}", date_time(d)))} " : "
                    {state_badge(detail.state)}
                </p>
                <p>"L’avis est définitif : il ne peut plus être modifié."</p>
                {decision.automatic.as_deref().map(|a| view! { <p>{automatic_text(a)}</p> })}
            </div>
        }
        .into_any()
    } else {
        view! {
            <p class="alert alert-info">
                {format!("Candidature « {} » : l’avis est en cours de traitement par l’organisme de formation.", detail.state_label)}
            </p>
        }
        .into_any()
    };
    let invites = draft
        .invites
        .iter()
        .enumerate()
        .map(|(i, invite)| {
            let result = invite.result.map_or("Résultat non indiqué", |r| r.label());
            let text = format!("{} ({}) : {result}", date(invite.date), invite.kind.label());
            view! { <div><dt>{format!("Convocation {}", i + 1)}</dt><dd>{text}</dd></div> }
        })
        .collect_view();
    let line =
        |label: &'static str, value: Option<String>| value.map(|v| view! { <div><dt>{label}</dt><dd>{v}</dd></div> });
    let recruited = draft.recruited.map(|r| if r { "Oui" } else { "Non" }.to_owned());
    let hours = draft.weekly_hours.and_then(|h| WeeklyHours::from_hours(h).ok()).map(|h| h.to_string());
    view! {
        {heading}
        <dl class="facts avis-summary">
            {invites}
            {line("Recrutement accepté ?", recruited)}
            {line("Date d'entrée en formation", draft.entry_date.map(date))}
            {line("Date de sortie de formation", draft.exit_date.map(date))}
            {line("Intensité hebdomadaire", hours)}
            {line("Motif du refus", draft.refusal_reason.map(|r| r.label().to_owned()))}
            {line("Précisions sur le refus", draft.refusal_detail.clone())}
            {line("Commentaires et précisions sur l'avis", draft.comment.clone())}
        </dl>
    }
}
