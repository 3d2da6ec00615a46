//! `/nouvelle-formation` (platform admin): a POEC training as collected by France Travail, with its sessions
//! (R-TRN-1). The organisation then finds it pre-filled.

use contract::{CreateTraining, FieldError, OrganisationKind, TrainingTexts};
use domain::RuleError;
use domain::training::PoecTitle;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;

use crate::api::{ApiFailure, offer};
use crate::app::set_title;
use crate::components::input::Input;
use crate::components::org_select::OrgSelect;
use crate::components::problem_alert::ProblemAlert;
use crate::pages::trainings::create_session::{NewSessionDraft, NewSessionFields};

const POEC: &str = "Préparation opérationnelle à l'emploi collective (POEC)";

/// The creation form.
#[component]
pub fn CreateTrainingPage() -> impl IntoView {
    set_title("Saisir une formation POEC");
    let navigate = use_navigate();
    let text = |v: &str| RwSignal::new(v.to_owned());
    let (title, training_type, funder, contract) = (text("[POEC] "), text("SIMPLE"), text(""), text(""));
    let (scheme, measure, responsible, certification) = (text(POEC), text(POEC), text(""), text(""));
    let publish = RwSignal::new(true);
    let next_key = RwSignal::new(1_u32);
    let sessions = RwSignal::new(vec![NewSessionDraft::new(0, String::new())]);
    let failure = RwSignal::new(None::<ApiFailure>);
    let pending = RwSignal::new(false);

    let add_session = move |_| {
        let key = next_key.get_untracked();
        next_key.set(key + 1);
        sessions.update(|s| s.push(NewSessionDraft::new(key, responsible.get_untracked())));
    };
    let remove = Callback::new(move |key: u32| sessions.update(|s| s.retain(|d| d.key != key)));

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if pending.get_untracked() {
            return;
        }
        failure.set(None);
        let mut errors: Vec<FieldError> = Vec::new();
        let id = |s: RwSignal<String>, field: &str, label: &str, errors: &mut Vec<FieldError>| {
            let parsed = s.get_untracked().parse::<i64>().ok();
            if parsed.is_none() {
                errors.push(FieldError {
                    field: field.to_owned(),
                    code: "required".to_owned(),
                    message: format!("Choisissez {label}."),
                });
            }
            parsed.unwrap_or_default()
        };
        let funder_id = id(funder, "funder_organisation_id", "le financeur", &mut errors);
        let responsible_id = id(responsible, "responsible_organisation_id", "l'organisme responsable", &mut errors);
        let title_text = match PoecTitle::parse(&title.get_untracked()) {
            Ok(title) => title.into(),
            Err(e) => {
                errors.push(FieldError { field: "title".to_owned(), code: e.code().to_owned(), message: e.message() });
                String::new()
            }
        };
        let mut built = Vec::new();
        for (index, draft) in sessions.get_untracked().iter().enumerate() {
            match draft.build(index) {
                Ok(session) => built.push(session),
                Err(mut e) => errors.append(&mut e),
            }
        }
        if built.is_empty() && errors.is_empty() {
            errors.push(FieldError {
                field: "sessions".to_owned(),
                code: "required".to_owned(),
                message: "Ajoutez au moins une session.".to_owned(),
            });
        }
        if !errors.is_empty() {
            failure.set(Some(ApiFailure::invalid_form(errors)));
            return;
        }
        let body = CreateTraining {
            title: title_text,
            training_type: training_type.get_untracked(),
            funder_organisation_id: funder_id,
            contract_number: contract.get_untracked(),
            scheme: scheme.get_untracked(),
            measure: measure.get_untracked(),
            responsible_organisation_id: responsible_id,
            texts: TrainingTexts::default(),
            certification: certification.get_untracked(),
            publish: publish.get_untracked(),
            sessions: built,
        };
        pending.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            match offer::create_training(body).await {
                Ok(training) => navigate(&format!("/formations/{}", training.reference), NavigateOptions::default()),
                Err(f) => failure.set(Some(f)),
            }
            pending.set(false);
        });
    };
    let rows = move || sessions.get().into_iter().enumerate().collect::<Vec<_>>();
    let error = move |field: &'static str| {
        Signal::derive(move || failure.with(|f| f.as_ref().and_then(|f| f.field_message(field))))
    };

    view! {
        <p class="breadcrumb"><a href="/formations">"← Gestion des formations"</a></p>
        <h1>"Saisir une formation POEC"</h1>
        <p class="lead">"L’offre collectée par France Travail, que l’organisme responsable retrouvera préremplie."</p>
        <ProblemAlert failure=failure />
        <form class="card" on:submit=on_submit novalidate=true aria-label="Nouvelle formation POEC">
            <fieldset class="form-group">
                <legend>"Action de formation"</legend>
                <Input id="creation-intitule".to_owned() label="Intitulé" value=title hint="Commence par « [POEC] ».".to_owned() error=error("title") />
                <div class="grid-2">
                    <Input id="creation-type".to_owned() label="Type" value=training_type />
                    <Input id="creation-marche".to_owned() label="N° de marché" value=contract error=error("contract_number") />
                </div>
                <OrgSelect id="creation-financeur".to_owned() label="Financeur" kind=OrganisationKind::Funder value=funder error=error("funder_organisation_id") />
                <div class="grid-2">
                    <Input id="creation-dispositif".to_owned() label="Dispositif" value=scheme />
                    <Input id="creation-mesure".to_owned() label="Mesure" value=measure />
                </div>
                <OrgSelect id="creation-responsable".to_owned() label="Organisme responsable" kind=OrganisationKind::TrainingOrganisation value=responsible error=error("responsible_organisation_id") />
                <Input id="creation-certification".to_owned() label="Certification / diplôme préparé" value=certification />
                <div class="field checkbox">
                    <input id="creation-publier" type="checkbox" prop:checked=move || publish.get() on:change=move |ev| publish.set(event_target_checked(&ev)) />
                    <label for="creation-publier">"Publier la formation dès sa création"</label>
                </div>
            </fieldset>
            <For
                each=rows
                key=|(i, d): &(usize, NewSessionDraft)| (*i, d.key)
                children=move |(index, draft)| view! { <NewSessionFields draft=draft number=index + 1 on_remove=(index > 0).then_some(remove) /> }
            />
            <div class="form-actions">
                <button type="button" class="button button-secondary" on:click=add_session>"Ajouter une session"</button>
                <button type="submit" class="button" aria-disabled=move || pending.get().to_string()>"Créer la formation"</button>
            </div>
        </form>
    }
}
