//! Receiving an application (R-APP-1..3, R-QUOTA-1..3): decided by the domain on the session's counts, exact
//! under its write lock, so N simultaneous applications for Q free places leave exactly min(N, Q) pending.
//!
//! On PostgreSQL a first [`Attempt::Optimistic`] decides on the session as read and leaves the lock to the
//! insert's trigger, which recounts under it: a place taken beyond the quota, or in a session cancelled
//! meanwhile, fails the attempt as a concurrent update, and the caller runs it again [`Attempt::Locked`]. The
//! row lock of a popular session is then held from the insert to the commit only, not from the decision.

use chrono::NaiveDate;
use contract::{ApplicationReceived, NewApplication};
use domain::access::Refusal;
use domain::access::{Actor, OrganisationKind};
use domain::application::{Candidate, IntakeOutcome, IntakeRequest, receive_application as decide};
use domain::ids::{ApplicationRef, SessionRef};
use domain::text::ApplicationPresentation;
use rand::Rng;

use crate::auth::Caller;
use crate::db::Conn;
use crate::error::ApiError;
use crate::service::offer::SessionModel;
use crate::store;
use crate::store::applications::{CandidateRow, NewApplicationRow, SessionCopy};
use crate::store::{Backstop, Error as StoreError};

/// How an intake orders itself with the others of its session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// Decides on the session as read: only the insert takes the session's lock (on PostgreSQL). Its trigger
    /// is the last word on the quota and the cancellation; when it refuses, the attempt fails with
    /// `concurrent_update` and nothing of it is kept.
    Optimistic,
    /// Takes the session's lock before deciding: the counts decided on are those the insert finds.
    Locked,
}

/// Who sends the application.
struct Sender {
    user_id: i64,
    organisation_id: i64,
    kind: OrganisationKind,
}

impl Sender {
    /// Only prescribers apply candidates (R-ACC-4).
    fn of(actor: &Actor, user_id: i64) -> Result<Self, ApiError> {
        match actor {
            Actor::Organisation { id, organisation_kind } if actor.may_apply() => {
                Ok(Self { user_id, organisation_id: id.0, kind: *organisation_kind })
            }
            _ => Err(ApiError::rule(&Refusal::PrescriberRequired)),
        }
    }
}

/// An application checked before any database work: a prescriber sends it, the candidate and the presentation
/// are valid.
pub struct Intake {
    sender: Sender,
    candidate: Candidate,
    presentation: ApplicationPresentation,
}

impl Intake {
    /// Checks the sender, then the candidate, then the presentation.
    pub fn parse(caller: &Caller, body: &NewApplication, today: NaiveDate) -> Result<Self, ApiError> {
        let sender = Sender::of(&caller.actor()?, caller.user_id)?;
        let candidate = Candidate::parse(body.candidate.clone(), today).map_err(|errors| {
            let mut error = ApiError::invalid_field(
                "candidate",
                "invalid_candidate",
                "Les données du candidat sont incomplètes ou invalides.",
            );
            error.errors = errors
                .into_iter()
                .map(|e| contract::FieldError { field: e.field, code: e.code.to_owned(), message: e.message })
                .collect();
            error
        })?;
        Ok(Self { sender, candidate, presentation: presentation(&body.presentation)? })
    }

    /// The prescriber organisation sending it.
    pub fn organisation_id(&self) -> i64 {
        self.sender.organisation_id
    }
}

/// The checked presentation text: required, and bounded by the domain.
fn presentation(text: &str) -> Result<ApplicationPresentation, ApiError> {
    let text = text.trim();
    let refused = || {
        ApiError::invalid_field(
            "presentation",
            "invalid_presentation",
            format!(
                "La présentation de la candidature est requise ({} caractères au plus).",
                ApplicationPresentation::MAX_CHARS
            ),
        )
    };
    if text.is_empty() {
        return Err(refused());
    }
    ApplicationPresentation::parse(text).map_err(|_| refused())
}

/// Records the application on the session `reference`, inside the caller's write transaction (with the
/// request's idempotency key). `public_url` builds the links of the e-mail announcing it.
pub fn receive_application(
    conn: &mut Conn,
    reference: &SessionRef,
    intake: &Intake,
    today: NaiveDate,
    public_url: &str,
    attempt: Attempt,
) -> Result<ApplicationReceived, ApiError> {
    let Intake { sender, candidate, presentation } = intake;
    let not_found = || ApiError::not_found("Session");
    let session = store::sessions::find(conn, reference.as_str())?.ok_or_else(not_found)?;
    let training = store::trainings::find_by_id(conn, session.training_id)?.ok_or_else(not_found)?;
    if training.publication != domain::training::Publication::Published {
        return Err(not_found());
    }
    // What does not depend on the session's counts is done before its lock: one popular session takes its
    // applications one at a time, and on PostgreSQL holds its row lock until the commit.
    let candidate_id = store::applications::insert_candidate(conn, &CandidateRow::of(candidate))?;
    let application_ref = new_reference(conn)?;
    let recipients = crate::service::notify::new_application_recipients(conn, &session, &training)?;
    let session = match attempt {
        // Locked (on PostgreSQL, and read again in the same statement): the counts are now exact.
        Attempt::Locked => store::applications::lock_found_session(conn, session)?.ok_or_else(not_found)?,
        Attempt::Optimistic => session,
    };
    let model = SessionModel::of(&session)?;
    let identity_key = candidate.identity_key();
    let outcome = decide(&IntakeRequest {
        calendar: model.calendar,
        cancelled: session.cancelled,
        quota: model.size.quota(),
        places_held: model.occupancy.places_held,
        candidate_has_live_application: store::applications::has_live(conn, session.id, &identity_key)?,
        today,
    })
    .map_err(|e| ApiError::rule(&e))?;

    let now = store::now();
    let state = outcome.state();
    let inserted = store::applications::insert(
        conn,
        NewApplicationRow {
            reference: application_ref.as_str().to_owned(),
            session_id: session.id,
            candidate_id,
            identity_key,
            candidate_sort: candidate.data().sort_key(),
            prescriber_organisation_id: sender.organisation_id,
            prescriber_user_id: sender.user_id,
            from_france_travail: sender.kind == OrganisationKind::PrescriberFranceTravail,
            presentation: presentation.as_str().to_owned(),
            received_at: now,
            late_entry: outcome.late_entry(),
            state,
            updated_at: now,
            session_copy: SessionCopy::of(&session, training.responsible_organisation_id),
        },
    );
    let application = match inserted {
        Err(StoreError::Refused(Backstop::SessionFull | Backstop::SessionCancelled))
            if attempt == Attempt::Optimistic =>
        {
            return Err(StoreError::ConcurrentUpdate.into());
        }
        inserted => inserted?,
    };
    crate::service::notify::application_received(conn, public_url, recipients, &application, &session, &training)?;
    Ok(ApplicationReceived {
        reference: application_ref.as_str().to_owned(),
        state,
        late_entry: outcome.late_entry(),
        message: message(outcome),
    })
}

fn message(outcome: IntakeOutcome) -> String {
    match outcome {
        IntakeOutcome::Pending { late_entry: false } => {
            "Candidature enregistrée : en attente de l'avis de l'organisme."
        }
        IntakeOutcome::Pending { late_entry: true } => {
            "Candidature enregistrée en entrée tardive (liste complémentaire) : en attente de l'avis de l'organisme."
        }
        IntakeOutcome::RefusedSessionFull { .. } => {
            "Candidature enregistrée, mais la session est complète : elle est refusée (Refus : session complète)."
        }
    }
    .to_owned()
}

/// A fresh, unused application reference.
pub fn new_reference(conn: &mut Conn) -> Result<ApplicationRef, ApiError> {
    for _ in 0..20 {
        let number = rand::rng().random_range(1_000_000_000..10_000_000_000u64);
        let reference = ApplicationRef::from_number(number).map_err(ApiError::internal)?;
        if !store::applications::reference_taken(conn, reference.as_str())? {
            return Ok(reference);
        }
    }
    Err(ApiError::internal("no free application reference"))
}
