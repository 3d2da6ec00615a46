//! Demo applications in every state, with invented candidates. History is written as it would have
//! happened: each application arrives pending and its decision moves it on, so the session counters hold.

use chrono::{Days, NaiveDate};
use domain::application::ApplicationState;
use domain::decision::{DecisionDraftInput, Invite, InviteKind, InviteResult, RefusalReason};

use crate::db::Conn;
use crate::error::ApiError;
use crate::service::applications::decisions::draft_columns;
use crate::store;
use crate::store::applications::{CandidateRow, NewApplicationRow, SessionCopy};

const CANDIDATES: [(&str, &str, &str); 10] = [
    ("MARTIN", "Léa", "1998-02-14"),
    ("BERNARD", "Hugo", "1987-07-03"),
    ("DUBOIS", "Chloé", "2001-11-22"),
    ("LAURENT", "Nathan", "1995-05-09"),
    ("MOREAU", "Inès", "1990-09-30"),
    ("LEFÈVRE", "Lucas", "1983-01-17"),
    ("GARCIA", "Manon", "1999-06-25"),
    ("ROUX", "Enzo", "2003-03-12"),
    ("FOURNIER", "Jade", "1992-12-01"),
    ("GIRARD", "Louis", "1986-08-19"),
];

/// What happened to one demo application.
enum Story {
    Pending,
    Retained,
    NotRetainedAbsent,
    Final(ApplicationState),
}

fn day(today: NaiveDate, offset: i64) -> NaiveDate {
    let days = Days::new(offset.unsigned_abs());
    if offset >= 0 { today.checked_add_days(days) } else { today.checked_sub_days(days) }.unwrap_or(today)
}

#[expect(clippy::too_many_arguments, reason = "one demo application per line reads best")]
fn add(
    conn: &mut Conn,
    session_reference: &str,
    candidate: usize,
    prescriber: (i64, i64),
    received: NaiveDate,
    late_entry: bool,
    story: Story,
    today: NaiveDate,
) -> Result<(), ApiError> {
    let session = store::sessions::find(conn, session_reference)?.ok_or_else(|| ApiError::internal("demo session"))?;
    let training =
        store::trainings::find_by_id(conn, session.training_id)?.ok_or_else(|| ApiError::internal("demo training"))?;
    let (last, first, birth) = CANDIDATES[candidate % CANDIDATES.len()];
    let birth_date = birth.parse().map_err(ApiError::internal)?;
    let input = domain::application::CandidateInput {
        last_name: last.to_owned(),
        first_name: first.to_owned(),
        birth_date: Some(birth_date),
        email: format!("{}.{}@exemple.fr", first.to_lowercase(), last.to_lowercase()).replace(['è', 'é'], "e"),
        phone: format!("06 1{} 45 67 8{}", candidate % 10, candidate % 7),
        postcode: "24000".to_owned(),
        city: "Périgueux".to_owned(),
        france_travail_id: Some(format!("{:07}X", 4_812_300 + candidate)),
        education_level: "CAP / BEP".to_owned(),
        last_diploma: "CAP Agent d'entreposage et de messagerie".to_owned(),
        employment_situation: "Demandeur·se d'emploi inscrit·e".to_owned(),
        job_seeker_since: Some(day(today, -200)),
    };
    let candidate =
        domain::application::Candidate::parse(input, today).map_err(|e| ApiError::internal(format!("{e:?}")))?;
    let candidate_id = store::applications::insert_candidate(conn, &CandidateRow::of(&candidate))?;
    let reference = crate::service::receive_application::new_reference(conn)?;
    let at = received.and_hms_opt(9, 30, 0).unwrap_or_default();
    // A full session records the application as refused at once (R-QUOTA-3); a cancelled one takes none in a
    // held state (R-APP-2, which the schema checks): its application is written as the cancellation left it.
    // Every other one starts pending.
    let initial = match story {
        Story::Final(state @ (ApplicationState::RefusedSessionFull | ApplicationState::RefusedSessionCancelled)) => {
            state
        }
        _ => ApplicationState::Pending,
    };
    let refused_full = initial == ApplicationState::RefusedSessionFull;
    store::applications::insert(
        conn,
        NewApplicationRow {
            reference: reference.as_str().to_owned(),
            session_id: session.id,
            candidate_id,
            identity_key: candidate.identity_key(),
            candidate_sort: candidate.data().sort_key(),
            prescriber_organisation_id: prescriber.0,
            prescriber_user_id: prescriber.1,
            from_france_travail: true,
            presentation:
                "Candidat·e motivé·e, permis B, expérience de la manutention ; projet validé avec son conseiller."
                    .to_owned(),
            received_at: at,
            late_entry,
            state: initial,
            updated_at: at,
            session_copy: SessionCopy::of(&session, training.responsible_organisation_id),
        },
    )?;
    if refused_full {
        return Ok(());
    }
    let row =
        store::applications::find(conn, reference.as_str())?.ok_or_else(|| ApiError::internal("demo application"))?;
    // The retained story's comment speaks of an information collective: the demo shows that kind.
    let invite =
        |offset, result| Invite::with_result(day(received, offset), result).of_kind(InviteKind::InformationCollective);
    let (state, draft, automatic) = match story {
        Story::Pending => return Ok(()),
        Story::Retained => (
            ApplicationState::Retained,
            DecisionDraftInput {
                invites: vec![invite(3, InviteResult::Present)],
                recruited: Some(true),
                entry_date: Some(session.start_date),
                exit_date: Some(session.end_date),
                weekly_hours: Some(35.0),
                comment: Some("Recrutement confirmé après l'information collective.".to_owned()),
                ..DecisionDraftInput::default()
            },
            None,
        ),
        Story::NotRetainedAbsent => (
            ApplicationState::NotRetained,
            DecisionDraftInput {
                invites: vec![invite(3, InviteResult::UnexcusedAbsence)],
                ..DecisionDraftInput::default()
            },
            Some(domain::decision::AutomaticNotRetained::UnexcusedAbsence),
        ),
        Story::Final(state) => (
            state,
            DecisionDraftInput {
                invites: vec![invite(2, InviteResult::Present)],
                recruited: Some(false),
                refusal_reason: Some(RefusalReason::PrerequisitesNotMet),
                refusal_detail: Some("Permis C requis pour ce poste.".to_owned()),
                ..DecisionDraftInput::default()
            },
            None,
        ),
    };
    let draft = domain::decision::DecisionDraft::try_from(draft).map_err(|e| ApiError::internal(format!("{e:?}")))?;
    let columns = (state != ApplicationState::NoDecisionSent && state != ApplicationState::RefusedSessionCancelled)
        .then(|| draft_columns(&draft))
        .transpose()?;
    store::applications::finalise(conn, row.id, state, automatic, columns.as_ref())?;
    Ok(())
}

/// Applications on the demo sessions, sent by the demo France Travail counsellor.
pub fn load(conn: &mut Conn, prescriber: (i64, i64), today: NaiveDate) -> Result<(), ApiError> {
    use Story::*;
    let p = prescriber;
    add(conn, "00509908", 0, p, day(today, -20), false, Retained, today)?;
    add(conn, "00509908", 1, p, day(today, -18), false, NotRetainedAbsent, today)?;
    add(conn, "00509908", 2, p, day(today, -2), true, Pending, today)?;
    add(conn, "00509908", 3, p, day(today, -25), false, Pending, today)?;
    add(conn, "00498765", 4, p, day(today, -140), false, Retained, today)?;
    add(conn, "00498765", 5, p, day(today, -138), false, Final(ApplicationState::NotRetained), today)?;
    add(conn, "00498765", 6, p, day(today, -135), false, Final(ApplicationState::NoDecisionSent), today)?;
    add(conn, "00511111", 7, p, day(today, -5), false, Final(ApplicationState::RefusedSessionCancelled), today)?;
    add(conn, "00534567", 8, p, day(today, -3), false, Pending, today)?;
    add(conn, "00534567", 9, p, day(today, -1), false, Final(ApplicationState::RefusedSessionFull), today)?;
    Ok(())
}
