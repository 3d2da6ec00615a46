//! The published offer as LHEO 2.3 (valid against `crates/server/lheo/lheo-2.3.xsd`), written page by page:
//! a keyset over the published trainings, so memory stays bounded whatever the size of the offer. Only the
//! offer goes out: no candidate, no member, only the contact a training publishes.

use std::collections::HashMap;
use std::io;

use chrono::NaiveDate;
use contract::Organisation;
use domain::lheo::{format_date, recruitment_state};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use crate::db::Conn;
use crate::error::ApiError;
use crate::service::offer::SessionModel;
use crate::store;
use crate::store::sessions::ExportedSession;
use crate::store::trainings::TrainingRow;

/// The LHEO 2.3 namespace.
pub const NAMESPACE: &str = "http://lheo.gouv.fr/2.3";

/// Trainings per page: each page is one read of trainings and one of their sessions.
const PAGE: i64 = 200;

/// Where the next page starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    Start,
    After(i64),
}

/// What the pages share: the day the session states are derived on, and the organisations already read.
pub struct Export {
    pub today: NaiveDate,
    organisations: HashMap<i64, Organisation>,
}

impl Export {
    pub fn new(today: NaiveDate) -> Self {
        Self { today, organisations: HashMap::new() }
    }

    /// The bytes of one page (the first opens the document, the last closes it) and where the next starts.
    pub fn page(&mut self, conn: &mut Conn, position: Position) -> Result<(Vec<u8>, Option<Position>), ApiError> {
        let mut out = Out(Writer::new(Vec::with_capacity(64 * 1024)));
        let after = match position {
            Position::Start => {
                out.0
                    .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
                    .map_err(ApiError::internal)?;
                out.0.get_mut().push(b'\n');
                let mut lheo = BytesStart::new("lheo");
                lheo.push_attribute(("xmlns", NAMESPACE));
                out.0.write_event(Event::Start(lheo)).map_err(ApiError::internal)?;
                out.open("offres", &[]).map_err(ApiError::internal)?;
                0
            }
            Position::After(id) => id,
        };
        let trainings = store::trainings::published_after(conn, after, PAGE)?;
        let ids: Vec<i64> = trainings.iter().map(|(t, _)| t.id).collect();
        let mut sessions: HashMap<i64, Vec<ExportedSession>> = HashMap::new();
        for session in store::sessions::open_of_trainings(conn, &ids, self.today)? {
            sessions.entry(session.0.training_id).or_default().push(session);
        }
        for (training, lheo_id) in &trainings {
            // LHEO wants at least one action with one session: a training with no open session is left out.
            let Some(own) = sessions.get(&training.id) else { continue };
            let mut orgs = vec![training.responsible_organisation_id, training.funder_organisation_id];
            orgs.extend(own.iter().map(|s| s.0.trainer_organisation_id));
            self.read_organisations(conn, &orgs)?;
            self.formation(&mut out, training, lheo_id.as_deref(), own)?;
        }
        let next = match trainings.last() {
            Some((last, _)) if i64::try_from(trainings.len()).unwrap_or(0) == PAGE => Some(Position::After(last.id)),
            _ => {
                out.close("offres").map_err(ApiError::internal)?;
                out.close("lheo").map_err(ApiError::internal)?;
                out.0.get_mut().push(b'\n');
                None
            }
        };
        Ok((out.0.into_inner(), next))
    }

    fn read_organisations(&mut self, conn: &mut Conn, ids: &[i64]) -> Result<(), ApiError> {
        for id in ids {
            if !self.organisations.contains_key(id) {
                let org = store::organisations::find(conn, *id)?
                    .ok_or_else(|| ApiError::internal(format!("organisation {id} vanished")))?;
                self.organisations.insert(*id, org);
            }
        }
        Ok(())
    }

    fn organisation(&self, id: i64) -> Result<&Organisation, ApiError> {
        self.organisations.get(&id).ok_or_else(|| ApiError::internal(format!("organisation {id} not read")))
    }

    fn formation(
        &self,
        out: &mut Out,
        t: &TrainingRow,
        lheo_id: Option<&str>,
        sessions: &[ExportedSession],
    ) -> Result<(), ApiError> {
        let numero = lheo_id.unwrap_or(&t.reference);
        let responsible = self.organisation(t.responsible_organisation_id)?;
        let funder = self.organisation(t.funder_organisation_id)?;
        let objective = first_filled(&[&t.objective, &t.title]);
        formation_head(out, t, numero, objective).map_err(ApiError::internal)?;
        for (action_id, own) in by_action(sessions, &t.reference) {
            self.action(out, t, &action_id, &own)?;
        }
        formation_tail(out, t, responsible, funder).map_err(ApiError::internal)
    }

    fn action(
        &self,
        out: &mut Out,
        t: &TrainingRow,
        action_id: &str,
        sessions: &[&ExportedSession],
    ) -> Result<(), ApiError> {
        let mut rows = Vec::with_capacity(sessions.len());
        for (row, _, lheo_session) in sessions {
            let state = SessionModel::of(row)?.state(row, self.today);
            rows.push((row, lheo_session.as_deref().unwrap_or(&row.reference), recruitment_state(state).code()));
        }
        let trainers: Vec<&Organisation> = {
            let mut ids: Vec<i64> = sessions.iter().map(|s| s.0.trainer_organisation_id).collect();
            ids.sort_unstable();
            ids.dedup();
            ids.iter()
                .filter(|id| **id != t.responsible_organisation_id)
                .map(|id| self.organisation(*id))
                .collect::<Result<_, _>>()?
        };
        action(out, t, action_id, &rows, &trainers).map_err(ApiError::internal)
    }
}

/// The training's elements before its actions.
fn formation_head(out: &mut Out, t: &TrainingRow, numero: &str, objective: &str) -> io::Result<()> {
    out.open("formation", &[("numero", numero)])?;
    out.open("domaine-formation", &[])?;
    out.close("domaine-formation")?;
    out.leaf("intitule-formation", &bounded(&t.title, 255))?;
    out.leaf("objectif-formation", &bounded(objective, 3000))?;
    out.leaf("resultats-attendus", &bounded(first_filled(&[&t.highlights, objective]), 3000))?;
    out.leaf("contenu-formation", &bounded(first_filled(&[&t.programme, objective]), 3000))?;
    out.leaf("certifiante", if t.certification.trim().is_empty() { "0" } else { "1" })?;
    out.open("contact-formation", &[])?;
    out.open("coordonnees", &[])?;
    if !t.contact_name.trim().is_empty() {
        out.leaf("nom", &bounded(&t.contact_name, 50))?;
    }
    if !t.contact_phone.trim().is_empty() {
        out.open("telfixe", &[])?;
        out.leaf("numtel", &bounded(&t.contact_phone, 25))?;
        out.close("telfixe")?;
    }
    if t.contact_email.trim().chars().count() >= 3 {
        out.leaf("courriel", &bounded(&t.contact_email, 160))?;
    }
    out.close("coordonnees")?;
    out.close("contact-formation")?;
    // 1: en groupe; 0: no entry level required.
    out.leaf("parcours-de-formation", "1")?;
    out.leaf("code-niveau-entree", "0")?;
    if let Some(code) = rncp_code(&t.certification) {
        out.open("certification", &[])?;
        out.leaf("code-RNCP", code)?;
        out.close("certification")?;
    }
    Ok(())
}

/// The responsible organisation and the training's extras, after its actions.
fn formation_tail(out: &mut Out, t: &TrainingRow, responsible: &Organisation, funder: &Organisation) -> io::Result<()> {
    out.open("organisme-formation-responsable", &[])?;
    // Tremplin does not know the declaration number (numéro d'activité): eleven zeros say so.
    out.leaf("numero-activite", "00000000000")?;
    out.open("SIRET-organisme-formation", &[])?;
    out.leaf("SIRET", &responsible.siret)?;
    out.close("SIRET-organisme-formation")?;
    out.leaf("nom-organisme", &bounded(&responsible.name, 250))?;
    out.leaf("raison-sociale", &bounded(&responsible.name, 250))?;
    out.open("coordonnees-organisme", &[])?;
    out.empty("coordonnees")?;
    out.close("coordonnees-organisme")?;
    out.open("contact-organisme", &[])?;
    out.empty("coordonnees")?;
    out.close("contact-organisme")?;
    out.close("organisme-formation-responsable")?;
    out.extras(&[
        ("reference", t.reference.as_str()),
        ("siret-financeur", funder.siret.as_str()),
        ("type", t.training_type.as_str()),
        ("numero-marche", t.contract_number.as_str()),
        ("dispositif", t.scheme.as_str()),
        ("mesure", t.measure.as_str()),
        ("prerequis", t.prerequisites.as_str()),
        ("certification", t.certification.as_str()),
    ])?;
    out.close("formation")?;
    out.0.get_mut().push(b'\n');
    Ok(())
}

/// One action: what LHEO requires of it, its sessions, and the trainers other than the responsible organisation.
fn action(
    out: &mut Out,
    t: &TrainingRow,
    action_id: &str,
    rows: &[(&store::sessions::SessionRow, &str, &str)],
    trainers: &[&Organisation],
) -> io::Result<()> {
    out.open("action", &[("numero", action_id)])?;
    out.leaf("rythme-formation", "Temps plein")?;
    // 83056: demandeurs d'emploi, the POEC's public.
    out.leaf("code-public-vise", "83056")?;
    out.leaf("niveau-entree-obligatoire", "0")?;
    out.leaf("modalites-alternance", "Formation en centre et période d'application en entreprise")?;
    out.leaf("modalites-enseignement", "0")?;
    out.leaf("conditions-specifiques", &bounded(first_filled(&[&t.access_conditions, "Aucune"]), 3000))?;
    out.leaf("prise-en-charge-frais-possible", "1")?;
    out.leaf("modalites-entrees-sorties", "0")?;
    for (row, numero, recruitment) in rows {
        session(out, row, numero, recruitment)?;
    }
    for trainer in trainers {
        out.open("organisme-formateur", &[])?;
        out.open("SIRET-formateur", &[])?;
        out.leaf("SIRET", &trainer.siret)?;
        out.close("SIRET-formateur")?;
        out.leaf("raison-sociale-formateur", &bounded(&trainer.name, 250))?;
        out.close("organisme-formateur")?;
    }
    out.close("action")
}

fn session(out: &mut Out, row: &store::sessions::SessionRow, numero: &str, recruitment: &str) -> io::Result<()> {
    out.open("session", &[("numero", numero)])?;
    out.open("periode", &[])?;
    out.leaf("debut", &format_date(row.start_date))?;
    out.leaf("fin", &format_date(row.end_date))?;
    out.close("periode")?;
    out.open("adresse-inscription", &[])?;
    out.open("adresse", &[])?;
    out.leaf("ligne", &bounded(&row.commune, 50))?;
    out.leaf("codepostal", &postcode_of(&row.department))?;
    out.leaf("ville", &bounded(&row.commune, 50))?;
    out.leaf("departement", &row.department)?;
    out.close("adresse")?;
    out.close("adresse-inscription")?;
    out.leaf("etat-recrutement", recruitment)?;
    let quota = i64::from(row.capacity) * i64::from(row.coefficient);
    out.extras(&[
        ("reference", row.reference.as_str()),
        ("capacite", &row.capacity.to_string()),
        ("coefficient", &row.coefficient.to_string()),
        ("quota", &quota.to_string()),
        ("date-limite-inscription", &format_date(row.registration_deadline)),
        ("date-limite-entree-tardive", &format_date(row.late_entry_deadline)),
        ("commentaire", row.comment.as_str()),
    ])?;
    out.close("session")
}

/// Sessions grouped by their LHEO action (imported ones keep theirs; the others share one action numbered
/// after the training), in order of first appearance.
fn by_action<'a>(sessions: &'a [ExportedSession], reference: &str) -> Vec<(String, Vec<&'a ExportedSession>)> {
    let mut groups: Vec<(String, Vec<&ExportedSession>)> = Vec::new();
    for session in sessions {
        let key = session.1.clone().unwrap_or_else(|| reference.to_owned());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => list.push(session),
            None => groups.push((key, vec![session])),
        }
    }
    groups
}

/// A postcode of the department (LHEO wants five digits; a session knows its department and commune only).
fn postcode_of(department: &str) -> String {
    match department {
        "2A" | "2B" => "20000".to_owned(),
        d if d.len() == 3 => format!("{d}00"),
        d => format!("{d}000"),
    }
}

/// `RNCP35312` -> `35312`, the RNCP code LHEO carries.
fn rncp_code(certification: &str) -> Option<&str> {
    let code = certification.trim().strip_prefix("RNCP")?.trim();
    (!code.is_empty() && code.len() <= 10 && code.bytes().all(|b| b.is_ascii_digit())).then_some(code)
}

fn first_filled<'a>(texts: &[&'a str]) -> &'a str {
    texts.iter().copied().find(|t| !t.trim().is_empty()).unwrap_or("Non renseigné")
}

/// At most `max` characters, as the schema bounds each text.
fn bounded(text: &str, max: usize) -> String {
    text.trim().chars().take(max).collect()
}

/// A thin layer over the XML writer for the shapes LHEO uses.
struct Out(Writer<Vec<u8>>);

impl Out {
    fn open(&mut self, name: &str, attributes: &[(&str, &str)]) -> io::Result<()> {
        let mut start = BytesStart::new(name);
        for attribute in attributes {
            start.push_attribute(*attribute);
        }
        self.0.write_event(Event::Start(start))
    }

    fn close(&mut self, name: &str) -> io::Result<()> {
        self.0.write_event(Event::End(BytesEnd::new(name)))
    }

    fn empty(&mut self, name: &str) -> io::Result<()> {
        self.0.write_event(Event::Empty(BytesStart::new(name)))
    }

    fn leaf(&mut self, name: &str, text: &str) -> io::Result<()> {
        self.open(name, &[])?;
        self.0.write_event(Event::Text(BytesText::new(text)))?;
        self.close(name)
    }

    /// `<extras info="tremplin">` with one `extra` per non-empty value.
    fn extras(&mut self, values: &[(&str, &str)]) -> io::Result<()> {
        self.open("extras", &[("info", "tremplin")])?;
        for (info, value) in values {
            if !value.trim().is_empty() {
                self.open("extra", &[("info", info)])?;
                self.0.write_event(Event::Text(BytesText::new(value)))?;
                self.close("extra")?;
            }
        }
        self.close("extras")
    }
}
