//! Changing a training: its responsible organisation enriches the texts (R-TRN-2), its certification change
//! waits for the platform (R-TRN-3), only the platform publishes; every change is audited (R-SES-6).

use contract::{Training, TrainingPatch};
use domain::RuleError;
use domain::access::Actor;
use domain::training::{Contact, TrainingField, check_editable, parse_contacts};

use domain::ids::TrainingRef;

use super::Acting;
use super::audit_diff::AuditDiff;
use super::offer::organisations::check_training_organisations;
use super::offer::texts::training_text;
use super::offer::{certification, check_may_edit_training, load_training, set_certification, training_view};
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store;
use crate::store::audit::{self, Entity};
use crate::store::trainings::TrainingValues;

/// Applies the patch in one transaction and answers with the training as it now is.
pub async fn edit_training(
    state: &AppState,
    caller: &Caller,
    reference: TrainingRef,
    patch: TrainingPatch,
) -> Result<Training, ApiError> {
    let Acting { actor, author, today } = Acting::of(state, caller)?;
    state
        .db
        .write(move |conn| {
            let (row, sessions) = load_training(conn, &actor, &reference)?;
            check_may_edit_training(&actor, &row)?;
            let values = apply(&row.values, &patch, &actor)?;
            check_training_organisations(conn, &values)?;
            let diff = diff(&row.values, &values);
            if !diff.is_empty() {
                store::trainings::update(conn, row.id, &values)?;
                audit::record(conn, Entity::Training(&row.reference), "updated", author, diff.changes())?;
            }
            let row = store::trainings::find(conn, &row.reference)?.ok_or_else(|| ApiError::not_found("Formation"))?;
            training_view(conn, &row, &sessions, &actor, today)
        })
        .await
}

/// The values once the patch is applied through the domain's rules.
fn apply(current: &TrainingValues, patch: &TrainingPatch, actor: &Actor) -> Result<TrainingValues, ApiError> {
    let mut values = current.clone();
    let mut touched = Vec::new();
    let mut text_updates = Vec::new();
    for (index, (field, new, slot)) in texts(patch, &mut values).into_iter().enumerate() {
        if let Some(new) = new.as_deref().map(str::trim).filter(|n| n != slot) {
            text_updates.push((index, training_text(field, new)?));
            touched.push(field);
        }
    }
    let ids = [
        (TrainingField::Funder, patch.funder_organisation_id, &mut values.funder_organisation_id),
        (
            TrainingField::ResponsibleOrganisation,
            patch.responsible_organisation_id,
            &mut values.responsible_organisation_id,
        ),
    ];
    let mut id_updates = Vec::new();
    for (field, new, slot) in ids {
        if let Some(new) = new.filter(|n| n != slot) {
            touched.push(field);
            id_updates.push((slot, new));
        }
    }
    let new_certification = patch.certification.as_deref().map(str::trim);
    if new_certification.is_some_and(|c| c != current.certification) {
        touched.push(TrainingField::Certification);
    }
    let new_contacts = contacts(current, patch)?;
    if new_contacts.is_some() {
        touched.push(TrainingField::ContactName);
    }
    check_editable(touched.iter().copied(), actor).map_err(|e| ApiError::rule(&e))?;
    id_updates.into_iter().for_each(|(slot, new)| *slot = new);
    let mut slots = texts(patch, &mut values);
    text_updates.into_iter().for_each(|(index, new)| *slots[index].2 = new);
    if let Some(list) = new_contacts {
        values.set_contacts(&list)?;
    }
    if let Some(value) = new_certification {
        let after = certification(&values).request_change(value.to_owned(), actor).map_err(|e| ApiError::rule(&e))?;
        set_certification(&mut values, &after);
    }
    if let Some(publication) = patch.publication.filter(|&p| p != values.publication) {
        actor.check_may_change_publication().map_err(|e| ApiError::rule(&e))?;
        values.publication = publication;
    }
    Ok(values)
}

/// The contact persons the patch sets, checked by the domain, when they differ from the stored ones
/// (R-TRN-CONTACT-1..3).
fn contacts(current: &TrainingValues, patch: &TrainingPatch) -> Result<Option<Vec<Contact>>, ApiError> {
    let Some(wanted) = &patch.contacts else { return Ok(None) };
    if patch.contact_name.is_some() || patch.contact_phone.is_some() || patch.contact_email.is_some() {
        return Err(ApiError::invalid_field(
            "contacts",
            "contacts_and_first_contact",
            "Envoyez la liste des personnes contact, ou les coordonnées du premier contact, mais pas les deux.",
        ));
    }
    let parsed = parse_contacts(wanted).map_err(|e| ApiError::invalid_field(&e.path(), e.code(), e.message()))?;
    Ok((parsed != current.contacts()?).then_some(parsed))
}

/// The patch's texts beside the values they replace.
fn texts<'a>(
    patch: &'a TrainingPatch,
    values: &'a mut TrainingValues,
) -> [(TrainingField, &'a Option<String>, &'a mut String); 13] {
    [
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
    ]
}

/// The audit of a change, field by field in the form's order.
fn diff(before: &TrainingValues, after: &TrainingValues) -> AuditDiff {
    // The same field list as the patch's, so the audit cannot miss a text the patch can change.
    let text_values = |v: &TrainingValues| {
        let mut copy = v.clone();
        texts(&TrainingPatch::default(), &mut copy).map(|(field, _, value)| (field, std::mem::take(value)))
    };
    let texts = text_values(before).into_iter().zip(text_values(after));
    texts
        .fold(AuditDiff::default(), |diff, ((field, before), (_, after))| diff.field(field.code(), before, after))
        .field(TrainingField::Funder.code(), before.funder_organisation_id, after.funder_organisation_id)
        .field("contacts", before.contacts().unwrap_or_default(), after.contacts().unwrap_or_default())
        .field(
            TrainingField::ResponsibleOrganisation.code(),
            before.responsible_organisation_id,
            after.responsible_organisation_id,
        )
        .field("certification", certification(before), certification(after))
        .field("publication", before.publication.code(), after.publication.code())
}
