//! "Ratio suite de parcours" under the session form (R-OUT-1..3): the share of each outcome over the trainees,
//! *sorties positives* first, and, once the session ended, a choice per retained trainee for its organisations.

use contract::{OutcomeRatios, SessionOutcomes, TraineeOutcome};
use domain::application::Outcome;
use leptos::prelude::*;

use crate::api::{ApiFailure, offer};
use crate::components::problem_alert::{Loading, ProblemAlert};

/// A share in French ("62,5 %"), or a dash without trainees.
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |p| format!("{} %", format!("{p:.1}").replace('.', ",")))
}

/// The section, loaded with the page.
#[component]
pub fn SessionOutcomesSection(reference: String) -> impl IntoView {
    let refresh = RwSignal::new(0u32);
    let failure = RwSignal::new(None::<ApiFailure>);
    let loaded = LocalResource::new(move || {
        refresh.track();
        offer::session_outcomes(reference.clone())
    });
    view! {
        <section class="card" aria-labelledby="suite-de-parcours">
            <h2 id="suite-de-parcours">"Ratio suite de parcours"</h2>
            <ProblemAlert failure=failure />
            <Transition fallback=|| view! { <Loading label="Chargement des suites de parcours…" /> }>
                {move || loaded.get().map(|result| match result {
                    Ok(outcomes) => view! { <Outcomes outcomes=outcomes failure=failure refresh=refresh /> }.into_any(),
                    Err(failure) => view! { <ProblemAlert failure=Signal::stored(Some(failure)) /> }.into_any(),
                })}
            </Transition>
        </section>
    }
}

#[component]
fn Outcomes(outcomes: SessionOutcomes, failure: RwSignal<Option<ApiFailure>>, refresh: RwSignal<u32>) -> impl IntoView {
    let may_record = outcomes.may_record;
    let hint = (!may_record).then(|| {
        view! { <p class="hint">"Les organismes de la session renseignent la suite de parcours de chaque stagiaire retenu une fois la session terminée."</p> }
    });
    let rows = outcomes
        .trainees
        .into_iter()
        .map(|trainee| view! { <Trainee trainee=trainee may_record=may_record failure=failure refresh=refresh /> })
        .collect_view();
    view! {
        <Ratios ratios=outcomes.ratios />
        {hint}
        <ul class="trainee-outcomes">{rows}</ul>
    }
}

/// The shares of some trainees, *sorties positives* first.
#[component]
pub fn Ratios(ratios: OutcomeRatios) -> impl IntoView {
    let shares = ratios
        .shares
        .into_iter()
        .map(|s| view! { <div><dt>{s.label}</dt><dd>{format!("{} ({})", s.count, percent(s.percent))}</dd></div> })
        .collect_view();
    view! {
        <dl class="facts">
            <div><dt>"Stagiaires (candidatures retenues)"</dt><dd>{ratios.trainees}</dd></div>
            <div>
                <dt>"Sorties positives (emploi durable ou court, alternance, formation)"</dt>
                <dd>{format!("{} ({})", ratios.positive, percent(ratios.positive_percent))}</dd>
            </div>
            {shares}
            <div><dt>"Non renseignée"</dt><dd>{ratios.not_recorded}</dd></div>
        </dl>
    }
}

/// One retained trainee: its outcome, and the choice when the caller records.
#[component]
fn Trainee(
    trainee: TraineeOutcome,
    may_record: bool,
    failure: RwSignal<Option<ApiFailure>>,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let reference = trainee.application_reference;
    if !may_record {
        let label = trainee.outcome.map_or("Non renseignée", Outcome::label);
        return view! { <li>{format!("Candidature {reference} : {label}")}</li> }.into_any();
    }
    let id = format!("suite-{reference}");
    let on_change = {
        let reference = reference.clone();
        move |event| {
            let code = event_target_value(&event);
            let Some(outcome) = Outcome::from_code(&code) else { return };
            let reference = reference.clone();
            leptos::task::spawn_local(async move {
                match offer::record_outcome(reference, outcome).await {
                    Ok(_) => {
                        failure.set(None);
                        refresh.update(|n| *n += 1);
                    }
                    Err(error) => failure.set(Some(error)),
                }
            });
        }
    };
    let current = trainee.outcome.map(Outcome::code).unwrap_or_default();
    let options = Outcome::ALL
        .into_iter()
        .map(|o| view! { <option value=o.code() selected=o.code() == current>{o.label()}</option> })
        .collect_view();
    view! {
        <li class="field">
            <label for=id.clone()>{format!("Suite de parcours, candidature {reference}")}</label>
            <select id=id on:change=on_change>
                <option value="" selected=current.is_empty()>"Non renseignée"</option>
                {options}
            </select>
        </li>
    }
    .into_any()
}
