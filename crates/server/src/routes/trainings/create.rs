//! `POST /api/trainings` (platform admin, R-TRN-1).

use actix_web::{HttpResponse, post, web};
use contract::{CreateTraining, NewSession, Training};
use domain::access::OrganisationKind;
use domain::quota::{Capacity, Coefficient};
use domain::session::{Commune, SessionCalendar};
use domain::text::SessionComment;

use super::edit::check_organisations;
use super::show::training_view;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::offer::references::{new_session_reference, new_training_reference};
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, Author, Entity};
use crate::store::sessions::NewSessionRow;
use crate::store::trainings::TrainingValues;

/// Creates a POEC training with its sessions, pre-filled as collected by France Travail (R-TRN-1).
#[utoipa::path(
    operation_id = "createTraining",
    tag = "formations",
    security(("bearer" = [])),
    request_body = CreateTraining,
    responses(
        (status = 201, description = "Formation créée", body = Training),
        (status = 400, description = "Corps illisible", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Réservé à la plateforme", body = contract::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Champ invalide (intitulé sans [POEC], calendrier, capacité…)", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/trainings")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    body: Json<CreateTraining>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor()?;
    if !actor.may_create_training() {
        return Err(ApiError::forbidden("platform_admin_required", "Seule la plateforme saisit les formations POEC."));
    }
    let author = Author { user_id: caller.user_id, organisation_id: None };
    let body = body.into_inner();
    let title = body.title.trim().to_owned();
    if !title.starts_with("[POEC]") || title.chars().count() > 300 {
        return Err(ApiError::invalid_field(
            "title",
            "invalid_title",
            "L'intitulé d'une action POEC commence par « [POEC] » (300 caractères au plus).",
        ));
    }
    let today = state.today();
    let training = state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                let reference = new_training_reference(conn, today)?;
                let texts = body.texts;
                let values = TrainingValues {
                    reference: reference.as_str().to_owned(),
                    training_type: body.training_type.trim().to_owned(),
                    title,
                    funder_organisation_id: body.funder_organisation_id,
                    contract_number: body.contract_number.trim().to_owned(),
                    scheme: body.scheme.trim().to_owned(),
                    measure: body.measure.trim().to_owned(),
                    responsible_organisation_id: body.responsible_organisation_id,
                    contact_name: texts.contact_name,
                    contact_phone: texts.contact_phone,
                    contact_email: texts.contact_email,
                    highlights: texts.highlights,
                    objective: texts.objective,
                    programme: texts.programme,
                    access_conditions: texts.access_conditions,
                    prerequisites: texts.prerequisites,
                    certification: body.certification.trim().to_owned(),
                    certification_proposed: None,
                    certification_rejected: None,
                    publication: if body.publish { "published" } else { "awaiting_publication" }.to_owned(),
                };
                check_organisations(conn, &values)?;
                let row = store::trainings::insert(conn, &values)?;
                for (index, session) in body.sessions.iter().enumerate() {
                    let new = session_row(conn, row.id, session).map_err(|e| prefixed(e, index))?;
                    store::sessions::insert(conn, &new)?;
                }
                audit::record(conn, Entity::Training(&row.reference), "created", author, &[])?;
                let sessions = store::sessions::of_trainings(conn, &[row.id])?;
                training_view(conn, &row, &sessions, &actor, today)
            })
        })
        .await?;
    Ok(HttpResponse::Created().json(training))
}

/// A session to insert, checked by the domain (R-SES-1, R-SES-2, R-SES-5).
fn session_row(conn: &mut crate::db::Conn, training_id: i64, s: &NewSession) -> Result<NewSessionRow, ApiError> {
    let rule = |e: &dyn domain::RuleError| ApiError::rule(e);
    SessionCalendar::new(s.start_date, s.end_date, s.registration_deadline, s.late_entry_deadline)
        .map_err(|e| rule(&e))?;
    let capacity = Capacity::parse(s.capacity).map_err(|e| rule(&e))?;
    let coefficient = Coefficient::parse(s.coefficient).map_err(|e| rule(&e))?;
    let comment = SessionComment::parse(s.comment.trim()).map_err(|e| rule(&e))?;
    let commune = Commune::parse(&s.department, &s.commune).map_err(|e| rule(&e))?;
    for (id, field) in [
        (Some(s.trainer_organisation_id), "trainer_organisation_id"),
        (s.positioner_organisation_id, "positioner_organisation_id"),
    ] {
        let Some(id) = id else { continue };
        let kind = store::organisations::find(conn, id)?.map(|o| o.kind);
        if kind != Some(OrganisationKind::TrainingOrganisation) {
            return Err(ApiError::invalid_field(
                field,
                "invalid_organisation",
                "La structure choisie doit être un organisme de formation.",
            ));
        }
    }
    Ok(NewSessionRow {
        reference: new_session_reference(conn)?.as_str().to_owned(),
        training_id,
        start_date: s.start_date,
        end_date: s.end_date,
        registration_deadline: s.registration_deadline,
        late_entry_deadline: s.late_entry_deadline,
        department: commune.department().to_owned(),
        commune: commune.name().to_owned(),
        trainer_organisation_id: s.trainer_organisation_id,
        positioner_organisation_id: s.positioner_organisation_id,
        comment: comment.as_str().to_owned(),
        capacity: i32::try_from(capacity.get()).map_err(ApiError::internal)?,
        coefficient: i32::try_from(coefficient.get()).map_err(ApiError::internal)?,
    })
}

/// Names the session a field error belongs to: `sessions[1].capacity`.
fn prefixed(mut error: ApiError, index: usize) -> ApiError {
    for field in &mut error.errors {
        field.field = format!("sessions[{index}].{}", field.field);
    }
    error
}
