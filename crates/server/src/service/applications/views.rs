//! The JSON views of applications.

use std::collections::HashMap;

use contract::{
    ApplicationBrief, ApplicationDetail, ApplicationList, ApplicationRow, CandidateView, DecisionView, OrganisationRef,
    StateCounts,
};
use domain::access::{Actor, OtherApplicationView, other_application_view};
use domain::ids::OrganisationId;
use domain::time_rules::switch_date;

use super::Loaded;
use super::decisions::stored_draft;
use crate::db::Conn;
use crate::error::ApiError;
use crate::service::offer::{organisation_names, parties, views::commune_label};
use crate::store;
use crate::store::application_lists::Page;
use crate::store::applications::CandidateRow;
use crate::store::candidate_reads::{self, Reading};

type Names = HashMap<i64, String>;

fn org(names: &Names, id: i64) -> OrganisationRef {
    OrganisationRef { id, name: names.get(&id).cloned().unwrap_or_default() }
}

/// "NOM Prénom", as the guide lists candidates.
pub fn display_name(last_name: &str, first_name: &str) -> String {
    format!("{} {}", last_name.to_uppercase(), first_name)
}

/// A page of listed applications with organisation names; each application shown is in the read log.
pub fn list(
    conn: &mut Conn,
    reading: Reading,
    found: Page,
    page: u32,
    per_page: u32,
) -> Result<ApplicationList, ApiError> {
    let Page { rows, total, counts, next } = found;
    let shown: Vec<i64> = rows.iter().map(|r| r.id).collect();
    candidate_reads::record(conn, reading, &shown)?;
    let ids = rows.iter().flat_map(|r| {
        [
            Some(r.prescriber_organisation_id),
            Some(r.trainer_organisation_id),
            r.positioner_organisation_id,
            Some(r.responsible_organisation_id),
        ]
    });
    let names = organisation_names(conn, ids.flatten())?;
    let mut state_counts = StateCounts::default();
    counts.into_iter().for_each(|(s, n)| state_counts.add(s, n));
    let items = rows
        .into_iter()
        .map(|r| {
            let state = r.state;
            Ok(ApplicationRow {
                candidate_name: display_name(&r.last_name, &r.first_name),
                candidate_email: r.email,
                candidate_phone: r.phone,
                session_reference: r.session_reference,
                training_title: r.training_title,
                session_start: r.session_start,
                session_end: r.session_end,
                responsible: org(&names, r.responsible_organisation_id),
                positioner: r.positioner_organisation_id.map(|id| org(&names, id)),
                trainer: org(&names, r.trainer_organisation_id),
                prescriber: org(&names, r.prescriber_organisation_id),
                received_on: r.received_at.date(),
                state,
                state_label: state.label().to_owned(),
                late_entry: r.late_entry,
                invites_count: store::count(r.invites_count, &format!("invites of application {}", r.reference))?,
                last_invite_result: r.last_invite_result,
                planned_entry_date: r.planned_entry_date,
                reference: r.reference,
            })
        })
        .collect::<Result<_, ApiError>>()?;
    let next = next.map(|key| crate::service::cursor::encode(&key));
    Ok(ApplicationList { items, total, page, per_page, counts: state_counts, period_counts: None, next })
}

fn candidate_view(row: CandidateRow) -> CandidateView {
    CandidateView { anonymised: row.anonymised_at.is_some(), data: row.input() }
}

/// The other applications of the candidate, as far as the caller may see them (R-APP-4 within R-ACC-3 and
/// R-GDPR-1: the domain's [`other_application_view`]).
fn others(conn: &mut Conn, actor: &Actor, loaded: &Loaded) -> Result<Vec<(ApplicationBrief, bool)>, ApiError> {
    let current = &loaded.application;
    let viewed = parties(&loaded.training, &loaded.session);
    let mut briefs = Vec::new();
    for other in store::applications::of_identity(conn, &current.identity_key)? {
        if other.id == current.id {
            continue;
        }
        let Some(session) = store::sessions::find_by_id(conn, other.session_id)? else { continue };
        let Some(training) = store::trainings::find_by_id(conn, session.training_id)? else { continue };
        let view = other_application_view(
            actor,
            &viewed,
            &parties(&training, &session),
            OrganisationId(other.prescriber_organisation_id),
        );
        let state = other.state;
        let brief = match view {
            OtherApplicationView::Hidden => continue,
            OtherApplicationView::Full => ApplicationBrief {
                reference: other.reference.clone(),
                training_title: training.title.clone(),
                session_reference: session.reference.clone(),
                session_start: session.start_date,
                received_on: other.received_at.date(),
                state,
                state_label: state.label().to_owned(),
            },
            // The decider learns that the person is engaged elsewhere, and when: never where, nor through whom.
            OtherApplicationView::ExistenceAndState => ApplicationBrief {
                reference: String::new(),
                training_title: "Candidature auprès d'un autre organisme".to_owned(),
                session_reference: String::new(),
                session_start: session.start_date,
                received_on: other.received_at.date(),
                state,
                state_label: state.label().to_owned(),
            },
        };
        briefs.push((brief, state.is_live()));
    }
    Ok(briefs)
}

/// The application page (R-APP-4), recorded in the read log (R-GDPR-1).
pub fn detail(
    conn: &mut Conn,
    actor: &Actor,
    reading: Reading,
    loaded: &Loaded,
) -> Result<ApplicationDetail, ApiError> {
    let Loaded { application, session, training } = loaded;
    candidate_reads::record(conn, reading, &[application.id])?;
    let names = organisation_names(conn, [application.prescriber_organisation_id])?;
    let state = application.state;
    let others = others(conn, actor, loaded)?;
    Ok(ApplicationDetail {
        reference: application.reference.clone(),
        state,
        state_label: state.label().to_owned(),
        late_entry: application.late_entry,
        received_at: application.received_at.and_utc().to_rfc3339(),
        session_reference: session.reference.clone(),
        training_reference: training.reference.clone(),
        training_title: training.title.clone(),
        session_start: session.start_date,
        session_end: session.end_date,
        late_entry_deadline: session.late_entry_deadline,
        commune: commune_label(session),
        prescriber: org(&names, application.prescriber_organisation_id),
        from_france_travail: application.from_france_travail,
        candidate: candidate_view(store::applications::candidate(conn, application.candidate_id)?),
        presentation: application.presentation.clone(),
        other_live: others.iter().filter(|(_, live)| *live).map(|(b, _)| b.clone()).collect(),
        history: others.into_iter().map(|(b, _)| b).collect(),
        decision: DecisionView {
            draft: stored_draft(application)?.to_input(),
            validated: state.is_final(),
            decided_at: application.decided_at.map(|at| at.and_utc().to_rfc3339()),
            automatic: application.decision_automatic.map(|a| a.code().to_owned()),
            may_decide: loaded.may_decide(actor),
            last_decision_day: switch_date(session.end_date).pred_opt().unwrap_or(session.end_date),
        },
        my_roles: actor.organisation_id().map(|id| parties(training, session).roles_of(id)).unwrap_or_default(),
        forwarding: store::outbox::forwarding_status(conn, application.id)?,
    })
}
