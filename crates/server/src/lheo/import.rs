//! Writing an LHEO file into the offer: each training in its own transaction, keyed by its LHEO ids,
//! through the same store functions (and so the same triggers and counters) as a training entered by hand.
//! A second import of the same file writes nothing. A field changed in Tremplin since the last import keeps
//! its value (R-LHEO-3): each training and session keeps, as JSON, the values it last imported.

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;
use contract::{FieldChange, LheoCounts, LheoImportReport, LheoRefusal};
use domain::lheo::{FieldMerge, merge_field};
use domain::session::SessionCalendar;
use domain::training::Publication;

use super::document::{self, Fields, SessionImport, TrainingImport};
use super::tree;
use crate::db::{Conn, write_transaction_of};
use crate::error::ApiError;
use crate::service::offer::organisations::{check_session_organisations, check_training_organisations};
use crate::service::offer::references::{new_session_reference, new_training_reference};
use crate::store;
use crate::store::audit::{self, Author, Entity};
use crate::store::sessions::{NewSessionRow, SessionRow};
use crate::store::trainings::TrainingValues;

/// Who imports, and whether for real.
#[derive(Debug, Clone, Copy)]
pub struct ImportOptions {
    pub today: NaiveDate,
    /// The platform admin behind an upload; `None` for the command line ("Système" in the history).
    pub author: Option<Author>,
    /// Checks and reports everything, then rolls every transaction back.
    pub dry_run: bool,
}

/// A file that cannot be imported at all: nothing was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable(pub String);

/// The trainings of a file, read and checked whole before any write.
pub struct Prepared {
    trainings: Vec<Result<TrainingImport, Vec<LheoRefusal>>>,
}

impl Prepared {
    /// How many trainings the file holds (for a progress bar).
    pub fn len(&self) -> usize {
        self.trainings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.trainings.is_empty()
    }
}

/// Reads and checks the whole file; a malformed one is refused before anything is written.
pub fn prepare(xml: &[u8]) -> Result<Prepared, Unreadable> {
    let root = tree::parse(xml).map_err(|e| Unreadable(e.0))?;
    let mut trainings = document::read(&root).map_err(Unreadable)?;
    let mut seen = HashSet::new();
    for training in &mut trainings {
        if let Ok(t) = training
            && !seen.insert(t.lheo_id.clone())
        {
            let reason = format!("La formation « {} » apparaît deux fois dans le fichier.", t.lheo_id);
            *training = Err(vec![LheoRefusal { path: t.path.clone(), reason }]);
        }
    }
    Ok(Prepared { trainings })
}

/// Writes every valid training, one transaction each, calling `progress` after each training.
pub fn import(
    conn: &mut Conn,
    prepared: Prepared,
    options: ImportOptions,
    progress: &mut dyn FnMut(),
) -> Result<LheoImportReport, ApiError> {
    let mut report = LheoImportReport { dry_run: options.dry_run, ..LheoImportReport::default() };
    for training in prepared.trainings {
        match training {
            Err(refusals) => report.refused.extend(refusals),
            Ok(training) => {
                let outcome = write_transaction_of(conn, |conn| {
                    let outcome = write_training(conn, &training, options).map_err(Stop::Refused)?;
                    if options.dry_run { Err(Stop::DryRun(outcome)) } else { Ok(outcome) }
                });
                match outcome {
                    Ok(outcome) | Err(Stop::DryRun(outcome)) => outcome.add_to(&mut report),
                    Err(Stop::Refused(refusal)) => report.refused.push(refusal),
                    Err(Stop::Database(error)) => return Err(error.into()),
                }
            }
        }
        progress();
    }
    Ok(report)
}

/// Why a training's transaction ends without committing.
enum Stop {
    Refused(LheoRefusal),
    DryRun(Outcome),
    Database(diesel::result::Error),
}

impl From<diesel::result::Error> for Stop {
    fn from(error: diesel::result::Error) -> Self {
        Stop::Database(error)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Created,
    Updated,
    Unchanged,
}

fn count(counts: &mut LheoCounts, change: Change) {
    match change {
        Change::Created => counts.created += 1,
        Change::Updated => counts.updated += 1,
        Change::Unchanged => counts.unchanged += 1,
    }
}

struct Outcome {
    training: Change,
    sessions: Vec<Change>,
}

impl Outcome {
    fn add_to(&self, report: &mut LheoImportReport) {
        count(&mut report.trainings, self.training);
        for change in &self.sessions {
            count(&mut report.sessions, *change);
        }
    }
}

/// A refusal of the element at `path`: the rule's French message.
fn refusal(path: &str, error: &ApiError) -> LheoRefusal {
    let reason = match error.errors.first() {
        Some(field) if field.message != error.detail => format!("{} ({})", error.detail, field.message),
        _ => error.detail.clone(),
    };
    LheoRefusal { path: path.to_owned(), reason }
}

fn write_training(conn: &mut Conn, t: &TrainingImport, options: ImportOptions) -> Result<Outcome, LheoRefusal> {
    let at = |error: ApiError| refusal(&t.path, &error);
    let responsible = organisation(conn, &t.responsible_siret, "responsable").map_err(at)?;
    let funder = organisation(conn, &t.funder_siret, "financeur").map_err(at)?;
    let found = store::trainings::find_by_lheo_id(conn, &t.lheo_id).map_err(|e| at(e.into()))?;
    let json = to_json(&t.fields);
    let (training_id, change) = match found {
        None => {
            let mut values = new_training(conn, options.today).map_err(at)?;
            values.responsible_organisation_id = responsible;
            values.funder_organisation_id = funder;
            for (field, value) in &t.fields {
                *column(&mut values, field).ok_or_else(|| at(ApiError::internal(field)))? = value.clone();
            }
            check_training_organisations(conn, &values).map_err(at)?;
            let row = store::trainings::insert(conn, &values).map_err(|e| at(e.into()))?;
            record(conn, Entity::Training(&row.reference), "created", options, &[]).map_err(at)?;
            store::trainings::set_lheo(conn, row.id, &t.lheo_id, &json).map_err(|e| at(e.into()))?;
            (row.id, Change::Created)
        }
        Some((row, imported)) => {
            let last = last_imported(imported.as_deref());
            let mut values = row.values.clone();
            let mut changes = Vec::new();
            for (field, incoming) in &t.fields {
                let current = column(&mut values, field).ok_or_else(|| at(ApiError::internal(field)))?;
                if let FieldMerge::Take(new) = merge_field(current, last.get(*field), incoming) {
                    changes.push(audit::change(field, current.clone(), new.clone()));
                    *current = new;
                }
            }
            if !changes.is_empty() {
                store::trainings::update(conn, row.id, &values).map_err(|e| at(e.into()))?;
                record(conn, Entity::Training(&row.reference), "lheo_imported", options, &changes).map_err(at)?;
            }
            if imported.as_deref() != Some(json.as_str()) {
                store::trainings::set_lheo(conn, row.id, &t.lheo_id, &json).map_err(|e| at(e.into()))?;
            }
            (row.id, if changes.is_empty() { Change::Unchanged } else { Change::Updated })
        }
    };
    let mut sessions = Vec::new();
    for s in &t.sessions {
        sessions.push(write_session(conn, s, training_id, responsible, options)?);
    }
    Ok(Outcome { training: change, sessions })
}

fn write_session(
    conn: &mut Conn,
    s: &SessionImport,
    training_id: i64,
    responsible: i64,
    options: ImportOptions,
) -> Result<Change, LheoRefusal> {
    let at = |error: ApiError| refusal(&s.path, &error);
    let trainer = match &s.trainer_siret {
        Some(siret) => organisation(conn, siret, "formateur").map_err(at)?,
        None => responsible,
    };
    let fields = s.fields();
    let json = to_json(&fields);
    let found = store::sessions::find_by_lheo_id(conn, &s.session_id).map_err(|e| at(e.into()))?;
    match found {
        None => {
            check_session_organisations(conn, trainer, None).map_err(at)?;
            let reference = new_session_reference(conn).map_err(at)?.as_str().to_owned();
            let new = NewSessionRow {
                reference: reference.clone(),
                training_id,
                start_date: s.start_date,
                end_date: s.end_date,
                registration_deadline: s.registration_deadline,
                late_entry_deadline: s.late_entry_deadline,
                department: s.department.clone(),
                commune: s.commune.clone(),
                trainer_organisation_id: trainer,
                positioner_organisation_id: None,
                comment: s.comment.clone(),
                capacity: s.capacity,
                coefficient: s.coefficient,
            };
            store::sessions::insert(conn, &new).map_err(|e| at(e.into()))?;
            let row = store::sessions::find(conn, &reference)
                .map_err(|e| at(e.into()))?
                .ok_or_else(|| at(ApiError::internal("session vanished after insert")))?;
            store::sessions::set_lheo(conn, row.id, &s.action_id, &s.session_id, &json).map_err(|e| at(e.into()))?;
            Ok(Change::Created)
        }
        Some((row, _)) if row.training_id != training_id => Err(LheoRefusal {
            path: s.path.clone(),
            reason: format!("La session « {} » appartient déjà à une autre formation.", s.session_id),
        }),
        Some((row, imported)) => {
            let last = last_imported(imported.as_deref());
            let (changed, changes) =
                merged(&row, &last, &fields).map_err(|reason| LheoRefusal { path: s.path.clone(), reason })?;
            if !changes.is_empty() {
                SessionCalendar::new(
                    changed.start_date,
                    changed.end_date,
                    changed.registration_deadline,
                    changed.late_entry_deadline,
                )
                .map_err(|e| at(ApiError::rule(&e)))?;
                let size = crate::service::offer::SessionModel::of(&row).map_err(at)?.size;
                let retained = u32::try_from(row.retained).unwrap_or(u32::MAX);
                size.change(Some(changed.capacity.into()), Some(changed.coefficient.into()), retained)
                    .map_err(|e| at(ApiError::rule(&e)))?;
                if !store::sessions::update_if_version(conn, row.id, row.version, &changed).map_err(|e| at(e.into()))? {
                    return Err(at(store::Error::ConcurrentUpdate.into()));
                }
                record(conn, Entity::Session(&row.reference), "lheo_imported", options, &changes).map_err(at)?;
            }
            if imported.as_deref() != Some(json.as_str()) {
                store::sessions::set_lheo(conn, row.id, &s.action_id, &s.session_id, &json)
                    .map_err(|e| at(e.into()))?;
            }
            Ok(if changes.is_empty() { Change::Unchanged } else { Change::Updated })
        }
    }
}

/// The session's changeable columns after the import's merge (R-LHEO-3), and the changes for the audit.
fn merged(
    row: &SessionRow,
    last: &BTreeMap<String, String>,
    fields: &Fields,
) -> Result<(store::sessions::SessionChanges, Vec<FieldChange>), String> {
    let mut changed = row.changes();
    let mut changes = Vec::new();
    for (field, incoming) in fields {
        let current = match *field {
            "start_date" => changed.start_date.to_string(),
            "end_date" => changed.end_date.to_string(),
            "registration_deadline" => changed.registration_deadline.to_string(),
            "late_entry_deadline" => changed.late_entry_deadline.to_string(),
            "capacity" => changed.capacity.to_string(),
            "coefficient" => changed.coefficient.to_string(),
            "comment" => changed.comment.clone(),
            _ => continue,
        };
        let FieldMerge::Take(new) = merge_field(&current, last.get(*field), incoming) else { continue };
        let bad = |_| format!("Valeur importée illisible pour {field}.");
        match *field {
            "start_date" => changed.start_date = new.parse().map_err(bad)?,
            "end_date" => changed.end_date = new.parse().map_err(bad)?,
            "registration_deadline" => changed.registration_deadline = new.parse().map_err(bad)?,
            "late_entry_deadline" => changed.late_entry_deadline = new.parse().map_err(bad)?,
            "capacity" => {
                changed.capacity = new.parse().map_err(|_| format!("Valeur importée illisible pour {field}."))?
            }
            "coefficient" => {
                changed.coefficient = new.parse().map_err(|_| format!("Valeur importée illisible pour {field}."))?
            }
            _ => changed.comment = new.clone(),
        }
        changes.push(audit::change(field, current, new));
    }
    Ok((changed, changes))
}

/// The id of the organisation with this SIRET; the file cannot create organisations (their members and
/// kind are the platform's to decide).
fn organisation(conn: &mut Conn, siret: &str, role: &str) -> Result<i64, ApiError> {
    match store::organisations::by_siret(conn, siret)? {
        Some(org) => Ok(org.id),
        None => Err(ApiError::invalid_field(
            "siret",
            "invalid_organisation",
            format!("Aucune structure de SIRET {siret} (organisme {role}) n'est enregistrée dans Tremplin."),
        )),
    }
}

fn new_training(conn: &mut Conn, today: NaiveDate) -> Result<TrainingValues, ApiError> {
    Ok(TrainingValues {
        reference: new_training_reference(conn, today)?.as_str().to_owned(),
        training_type: String::new(),
        title: String::new(),
        funder_organisation_id: 0,
        contract_number: String::new(),
        scheme: String::new(),
        measure: String::new(),
        responsible_organisation_id: 0,
        contact_name: String::new(),
        contact_phone: String::new(),
        contact_email: String::new(),
        other_contacts: "[]".to_owned(),
        highlights: String::new(),
        objective: String::new(),
        programme: String::new(),
        access_conditions: String::new(),
        prerequisites: String::new(),
        certification: String::new(),
        certification_proposed: None,
        certification_rejected: None,
        // The regional base lists offers already public.
        publication: Publication::Published,
    })
}

/// The column an imported field sets.
fn column<'a>(values: &'a mut TrainingValues, field: &str) -> Option<&'a mut String> {
    Some(match field {
        "title" => &mut values.title,
        "training_type" => &mut values.training_type,
        "contract_number" => &mut values.contract_number,
        "scheme" => &mut values.scheme,
        "measure" => &mut values.measure,
        "contact_name" => &mut values.contact_name,
        "contact_phone" => &mut values.contact_phone,
        "contact_email" => &mut values.contact_email,
        "highlights" => &mut values.highlights,
        "objective" => &mut values.objective,
        "programme" => &mut values.programme,
        "access_conditions" => &mut values.access_conditions,
        "prerequisites" => &mut values.prerequisites,
        "certification" => &mut values.certification,
        _ => return None,
    })
}

fn last_imported(json: Option<&str>) -> BTreeMap<String, String> {
    json.and_then(|j| serde_json::from_str(j).ok()).unwrap_or_default()
}

fn to_json(fields: &Fields) -> String {
    serde_json::to_string(fields).unwrap_or_default()
}

fn record(
    conn: &mut Conn,
    entity: Entity<'_>,
    action: &str,
    options: ImportOptions,
    changes: &[FieldChange],
) -> Result<(), ApiError> {
    match options.author {
        Some(author) => audit::record(conn, entity, action, author, changes)?,
        None => audit::record_by_system(conn, entity, action, changes)?,
    }
    Ok(())
}
