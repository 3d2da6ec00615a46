//! Demo trainings and sessions like the guide's, dated around the day of loading so every session state shows.

use chrono::{Days, NaiveDate};
use domain::training::Publication;

use crate::db::Conn;
use crate::error::ApiError;
use crate::store;
use crate::store::sessions::NewSessionRow;
use crate::store::trainings::TrainingValues;

/// Ids of the demo organisations the offer refers to.
pub struct DemoOrganisations {
    pub trainer: i64,
    pub other_trainer: i64,
    pub funder: i64,
}

fn day(today: NaiveDate, offset: i64) -> NaiveDate {
    let days = Days::new(offset.unsigned_abs());
    if offset >= 0 { today.checked_add_days(days) } else { today.checked_sub_days(days) }.unwrap_or(today)
}

#[expect(clippy::too_many_arguments, reason = "one demo session per line reads best")]
fn session(
    reference: &str,
    training_id: i64,
    today: NaiveDate,
    (start, end, registration, late_entry): (i64, i64, i64, i64),
    (department, commune): (&str, &str),
    trainer: i64,
    (capacity, coefficient): (i32, i32),
    comment: &str,
) -> NewSessionRow {
    NewSessionRow {
        reference: reference.to_owned(),
        training_id,
        start_date: day(today, start),
        end_date: day(today, end),
        registration_deadline: day(today, registration),
        late_entry_deadline: day(today, late_entry),
        department: department.to_owned(),
        commune: commune.to_owned(),
        trainer_organisation_id: trainer,
        positioner_organisation_id: None,
        comment: comment.to_owned(),
        capacity,
        coefficient,
    }
}

fn training(reference: &str, title: &str, contract: &str, responsible: i64, funder: i64) -> TrainingValues {
    TrainingValues {
        reference: reference.to_owned(),
        training_type: "SIMPLE".to_owned(),
        title: title.to_owned(),
        funder_organisation_id: funder,
        contract_number: contract.to_owned(),
        scheme: "Préparation opérationnelle à l'emploi collective (POEC)".to_owned(),
        measure: "Préparation opérationnelle à l'emploi collective (POEC)".to_owned(),
        responsible_organisation_id: responsible,
        contact_name: String::new(),
        contact_phone: String::new(),
        contact_email: String::new(),
        highlights: String::new(),
        objective: String::new(),
        programme: String::new(),
        access_conditions: String::new(),
        prerequisites: String::new(),
        certification: String::new(),
        certification_proposed: None,
        certification_rejected: None,
        publication: Publication::Published,
        other_contacts: "[]".to_owned(),
    }
}

/// Loads two trainings: the guide's, with a current, an upcoming, a finished and a cancelled session, and
/// another organisation's (which the demo trainer must never see).
pub fn load(conn: &mut Conn, orgs: &DemoOrganisations, today: NaiveDate) -> Result<(), ApiError> {
    let mut chauffeur = training(
        "202305156095",
        "[POEC] Chauffeur-Livreur-Magasinier dans le Négoce de Bois et des Matériaux de Construction",
        "POECCONSTRUCT18-0723",
        orgs.trainer,
        orgs.funder,
    );
    chauffeur.objective =
        "Préparer aux métiers de chauffeur-livreur et de magasinier dans le négoce de matériaux.".to_owned();
    chauffeur.certification = "CACES R489 catégories 1A, 3 et 5".to_owned();
    let chauffeur = store::trainings::insert(conn, &chauffeur)?;
    let place = ("24", "Boulazac Isle Manoire");
    let id = chauffeur.id;
    let trainer = orgs.trainer;
    for row in [
        session("00509908", id, today, (-10, 50, -12, 5), place, trainer, (12, 2), "Recrutement ouvert"),
        session("00512345", id, today, (20, 90, 10, 25), place, trainer, (12, 2), "Ouverture prochaine"),
        session("00498765", id, today, (-120, -30, -130, -110), place, trainer, (12, 2), ""),
        session("00511111", id, today, (40, 110, 30, 45), place, trainer, (12, 2), "Session annulée par le financeur"),
        session(
            "00534567",
            id,
            today,
            (25, 95, 12, 30),
            ("24", "Périgueux"),
            trainer,
            (1, 1),
            "Petit groupe : une place",
        ),
    ] {
        store::sessions::insert(conn, &row)?;
    }
    if let Some(cancelled) = store::sessions::find(conn, "00511111")? {
        let mut changes = cancelled.changes();
        changes.cancelled = true;
        store::sessions::update_if_version(conn, cancelled.id, cancelled.version, &changes)?;
    }

    let mecanique = training(
        "202411040012",
        "[POEC] Mécanicien de Maintenance Automobile",
        "POECMO830-2-1124",
        orgs.other_trainer,
        orgs.funder,
    );
    let mecanique = store::trainings::insert(conn, &mecanique)?;
    store::sessions::insert(
        conn,
        &session("00523456", mecanique.id, today, (15, 80, 5, 20), ("47", "Agen"), orgs.other_trainer, (15, 2), ""),
    )?;
    Ok(())
}
