//! `/admin/import-lheo`, "Import LHEO": the platform sends a file of the regional Carif-Oref base and reads
//! the report: trainings and sessions created, updated, unchanged, and each refused element with its path
//! in the file and the reason.

use contract::{LheoCounts, LheoImportReport};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::{ApiFailure, admin};
use crate::app::set_title;
use crate::components::problem_alert::ProblemAlert;

fn counts_text(counts: &LheoCounts) -> String {
    format!("{} créée(s), {} mise(s) à jour, {} inchangée(s)", counts.created, counts.updated, counts.unchanged)
}

/// The page.
#[component]
pub fn LheoImportPage() -> impl IntoView {
    set_title("Import LHEO");
    let input = NodeRef::<leptos::html::Input>::new();
    let dry_run = RwSignal::new(false);
    let sending = RwSignal::new(false);
    let report = RwSignal::new(None::<LheoImportReport>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let missing = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = input
            .get()
            .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|i| i.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            missing.set(true);
            return;
        };
        missing.set(false);
        report.set(None);
        failure.set(None);
        sending.set(true);
        let dry = dry_run.get_untracked();
        spawn_local(async move {
            match admin::import_lheo(file, dry).await {
                Ok(r) => report.set(Some(r)),
                Err(f) => failure.set(Some(f)),
            }
            sending.set(false);
        });
    };
    view! {
        <h1>"Import LHEO"</h1>
        <p class="lead">"Importez l'offre de la base régionale Carif-Oref au format LHEO 2.3. Les formations et sessions sont créées ou mises à jour d'après leurs identifiants LHEO ; un champ enrichi par l'organisme depuis le dernier import est conservé. Un fichier mal formé n'écrit rien."</p>
        <section class="card" aria-labelledby="titre-fichier">
            <h2 id="titre-fichier">"Fichier à importer"</h2>
            <form on:submit=on_submit novalidate>
                <div class="field">
                    <label for="fichier-lheo">"Fichier LHEO (XML)"</label>
                    <input id="fichier-lheo" name="fichier" type="file" accept=".xml,application/xml,text/xml" node_ref=input
                        aria-describedby="fichier-lheo-erreur" aria-invalid=move || missing.get().then_some("true") />
                    <p id="fichier-lheo-erreur" class="field-error" role="alert">
                        {move || missing.get().then_some("Choisissez un fichier LHEO.")}
                    </p>
                </div>
                <div class="field checkbox">
                    <input id="essai-a-blanc" type="checkbox" prop:checked=move || dry_run.get()
                        on:change=move |ev| dry_run.set(event_target_checked(&ev)) />
                    <label for="essai-a-blanc">"Essai à blanc (vérifier sans rien écrire)"</label>
                </div>
                <button type="submit" class="button" disabled=move || sending.get()>
                    {move || if sending.get() { "Import en cours…" } else { "Importer" }}
                </button>
            </form>
        </section>
        <ProblemAlert failure=failure />
        {move || report.get().map(|r| view! { <Report report=r /> })}
    }
}

#[component]
fn Report(report: LheoImportReport) -> impl IntoView {
    let refused = report.refused.len();
    view! {
        <section class="card" aria-labelledby="titre-compte-rendu">
            <h2 id="titre-compte-rendu">"Compte rendu"</h2>
            <div role="status">
                {report.dry_run.then(|| view! { <p><strong>"Essai à blanc : rien n'a été écrit."</strong></p> })}
                <ul>
                    <li>{format!("Formations : {}", counts_text(&report.trainings))}</li>
                    <li>{format!("Sessions : {}", counts_text(&report.sessions))}</li>
                    <li>{format!("Éléments refusés : {refused}")}</li>
                </ul>
            </div>
            {(refused > 0).then(|| view! {
                <div class="table-scroll"><table class="table table-compact">
                    <caption>"Éléments refusés"</caption>
                    <thead><tr><th scope="col">"Élément du fichier"</th><th scope="col">"Motif"</th></tr></thead>
                    <tbody>{report.refused.into_iter().map(|r| view! {
                        <tr><td class="wrap-anywhere"><code>{r.path}</code></td><td>{r.reason}</td></tr>
                    }).collect_view()}</tbody>
                </table></div>
            })}
        </section>
    }
}
