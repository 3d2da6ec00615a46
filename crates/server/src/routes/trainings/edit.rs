//! `PATCH /api/trainings/{reference}`.

use actix_web::{HttpResponse, patch, web};
use contract::{FieldChange, Training, TrainingPatch};
use domain::access::Actor;
use domain::training::{TrainingField, check_editable};

use super::show::training_view;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::nul_guard::Json;
use crate::offer::{certification, check_may_edit_training, load_training};
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, Author, Entity};
use crate::store::trainings::TrainingValues;

/// Longest accepted enrichment text.
const MAX_TEXT_CHARS: usize = 10_000;

/// Changes a training. Its responsible organisation may change only the enrichment fields (R-TRN-2: others get
/// 422 `field_locked` naming them); its certification change waits for the platform (R-TRN-3). The trainer or
/// positioner of one of its sessions only reads it (403 `training_read_only`).
#[utoipa::path(
    operation_id = "updateTraining",
    tag = "formations",
    security(("bearer" = [])),
    params(("reference" = String, Path, description = "12 chiffres", pattern = "^[0-9]{12}$")),
    request_body = TrainingPatch,
    responses(
        (status = 200, description = "La formation modifiée", body = Training),
        (status = 400, description = "Corps illisible ou champ inconnu", body = contract::Problem, content_type = "application/problem+json"),
        (status = 401, description = "Non connecté", body = contract::Problem, content_type = "application/problem+json"),
        (status = 403, description = "Action non autorisée, ou formation en lecture seule pour votre structure (`training_read_only`)", body = contract::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Inconnue, ou sans rôle de votre structure", body = contract::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Champ verrouillé (`field_locked`) ou invalide", body = contract::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/trainings/{reference}")]
pub async fn edit(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: Json<TrainingPatch>,
) -> Result<HttpResponse, ApiError> {
    let actor = caller.actor()?;
    let author = Author { user_id: caller.user_id, organisation_id: actor.organisation_id().map(|o| o.0) };
    let patch = body.into_inner();
    let today = state.today();
    let training = state
        .db
        .run(move |conn| {
            crate::db::write_transaction(conn, |conn| {
                let (row, sessions) = load_training(conn, &actor, &path)?;
                check_may_edit_training(&actor, &row)?;
                let mut values = row.values.clone();
                let changes = apply(&mut values, &patch, &actor)?;
                check_organisations(conn, &values)?;
                if !changes.is_empty() {
                    store::trainings::update(conn, row.id, &values)?;
                    audit::record(conn, Entity::Training(&row.reference), "updated", author, &changes)?;
                }
                let row =
                    store::trainings::find(conn, &row.reference)?.ok_or_else(|| ApiError::not_found("Formation"))?;
                training_view(conn, &row, &sessions, &actor, today)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(training))
}

/// Applies the patch to the values through the domain's rules; returns what changed.
fn apply(values: &mut TrainingValues, patch: &TrainingPatch, actor: &Actor) -> Result<Vec<FieldChange>, ApiError> {
    let texts: [(TrainingField, &Option<String>, &mut String); 13] = [
        (TrainingField::ContactName, &patch.contact_name, &mut values.contact_name),
        (TrainingField::ContactPhone, &patch.contact_phone, &mut values.contact_phone),
        (TrainingField::ContactEmail, &patch.contact_email, &mut values.contact_email),
        (TrainingField::Highlights, &patch.highlights, &mut values.highlights),
        (TrainingField::Objective, &patch.objective, &mut values.objective),
        (TrainingField::Programme, &patch.programme, &mut values.programme),
        (TrainingField::AccessConditions, &patch.access_conditions, &mut values.access_conditions),
        (TrainingField::Prerequisites, &patch.prerequisites, &mut values.prerequisites),
        (TrainingField::Title, &patch.title, &mut values.title),
        (TrainingField::TrainingType, &patch.training_type, &mut values.training_type),
        (TrainingField::ContractNumber, &patch.contract_number, &mut values.contract_number),
        (TrainingField::Scheme, &patch.scheme, &mut values.scheme),
        (TrainingField::Measure, &patch.measure, &mut values.measure),
    ];
    let mut touched = Vec::new();
    let mut changes = Vec::new();
    let mut updates = Vec::new();
    for (field, new, current) in texts {
        if let Some(new) = new.as_ref().map(|n| n.trim().to_owned()).filter(|n| n != current) {
            check_text(field, &new)?;
            touched.push(field);
            updates.push((field, new, current));
        }
    }
    let ids: [(TrainingField, Option<i64>, &mut i64); 2] = [
        (TrainingField::Funder, patch.funder_organisation_id, &mut values.funder_organisation_id),
        (
            TrainingField::ResponsibleOrganisation,
            patch.responsible_organisation_id,
            &mut values.responsible_organisation_id,
        ),
    ];
    let mut id_updates = Vec::new();
    for (field, new, current) in ids {
        if let Some(new) = new.filter(|n| n != current) {
            touched.push(field);
            id_updates.push((field, new, current));
        }
    }
    let new_certification = patch.certification.as_ref().map(|c| c.trim().to_owned());
    if new_certification.as_deref().is_some_and(|c| c != values.certification.as_str()) {
        touched.push(TrainingField::Certification);
    }
    check_editable(touched.iter().copied(), actor).map_err(|e| ApiError::rule(&e))?;

    for (field, new, current) in updates {
        changes.push(audit::change(field.code(), current.clone(), new.clone()));
        *current = new;
    }
    for (field, new, current) in id_updates {
        changes.push(audit::change(field.code(), *current, new));
        *current = new;
    }
    if let Some(value) = new_certification {
        let before = certification_of(values);
        let after = before.request_change(value, actor).map_err(|e| ApiError::rule(&e))?;
        if after != before {
            changes.push(audit::change("certification", &before, &after));
            values.certification = after.published().to_owned();
            values.certification_proposed = after.proposed().map(str::to_owned);
            values.certification_rejected = after.rejected().map(str::to_owned);
        }
    }
    if let Some(publication) = patch.publication.filter(|p| p.code() != values.publication) {
        if !actor.is_platform() {
            return Err(ApiError::forbidden(
                "publication_forbidden",
                "Seule la plateforme publie, archive ou supprime une formation.",
            ));
        }
        changes.push(audit::change("publication", values.publication.as_str(), publication.code()));
        values.publication = publication.code().to_owned();
    }
    Ok(changes)
}

fn certification_of(values: &TrainingValues) -> domain::training::Certification {
    domain::training::Certification::from_parts(
        values.certification.clone(),
        values.certification_proposed.clone(),
        values.certification_rejected.clone(),
    )
}

fn check_text(field: TrainingField, text: &str) -> Result<(), ApiError> {
    if text.chars().count() > MAX_TEXT_CHARS {
        return Err(ApiError::invalid_field(
            field.code(),
            "text_too_long",
            format!("« {} » dépasse {MAX_TEXT_CHARS} caractères.", field.label()),
        ));
    }
    let required = matches!(field, TrainingField::Title | TrainingField::TrainingType);
    if required && text.is_empty() {
        return Err(ApiError::invalid_field(field.code(), "required", format!("« {} » est requis.", field.label())));
    }
    if field == TrainingField::ContactEmail && !text.is_empty() && !validator::ValidateEmail::validate_email(&text) {
        return Err(ApiError::invalid_field(field.code(), "invalid_email", "Adresse e-mail du contact invalide."));
    }
    Ok(())
}

/// The funder must be a funder and the responsible organisation a training organisation.
pub fn check_organisations(conn: &mut crate::db::Conn, values: &TrainingValues) -> Result<(), ApiError> {
    use domain::access::OrganisationKind;
    let expect = [
        (values.funder_organisation_id, OrganisationKind::Funder, "funder_organisation_id", "un financeur"),
        (
            values.responsible_organisation_id,
            OrganisationKind::TrainingOrganisation,
            "responsible_organisation_id",
            "un organisme de formation",
        ),
    ];
    for (id, kind, field, label) in expect {
        match store::organisations::find(conn, id)? {
            Some(org) if org.kind == kind => {}
            _ => {
                return Err(ApiError::invalid_field(
                    field,
                    "invalid_organisation",
                    format!("La structure choisie doit être {label}."),
                ));
            }
        }
    }
    Ok(())
}

/// Certification review reuses the same write path.
pub fn write_certification(
    conn: &mut crate::db::Conn,
    row: &store::trainings::TrainingRow,
    after: &domain::training::Certification,
    action: &str,
    author: Author,
) -> Result<(), ApiError> {
    let before = certification(row);
    let mut values = row.values.clone();
    values.certification = after.published().to_owned();
    values.certification_proposed = after.proposed().map(str::to_owned);
    values.certification_rejected = after.rejected().map(str::to_owned);
    store::trainings::update(conn, row.id, &values)?;
    audit::record(
        conn,
        Entity::Training(&row.reference),
        action,
        author,
        &[audit::change("certification", &before, after)],
    )
}
