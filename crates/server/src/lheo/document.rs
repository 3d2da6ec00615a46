//! What an LHEO file asks to import, read from its element tree and checked by the domain's rules before
//! anything is written: each training with its sessions, or the refusals (path and French reason) that keep
//! it out.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use contract::LheoRefusal;
use domain::RuleError;
use domain::quota::{Capacity, Coefficient};
use domain::session::{Commune, SessionCalendar};
use domain::siret::Siret;
use domain::text::SessionComment;
use domain::training::{PoecTitle, TrainingField};

use super::extras;
use super::tree::Element;
use crate::service::offer::texts::training_text;

/// The scheme and measure of a training whose file does not say (every imported training is a POEC).
pub const POEC: &str = "Préparation opérationnelle à l'emploi collective (POEC)";

/// The values of the training columns an import sets, by column name: what is compared with the values
/// last imported (R-LHEO-3).
pub type Fields = BTreeMap<&'static str, String>;

/// A training of the file, valid.
#[derive(Debug)]
pub struct TrainingImport {
    pub path: String,
    pub lheo_id: String,
    pub responsible_siret: String,
    pub funder_siret: String,
    pub fields: Fields,
    pub sessions: Vec<SessionImport>,
}

/// A session of the file, valid.
#[derive(Debug)]
pub struct SessionImport {
    pub path: String,
    pub action_id: String,
    pub session_id: String,
    pub trainer_siret: Option<String>,
    pub department: String,
    pub commune: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub registration_deadline: NaiveDate,
    pub late_entry_deadline: NaiveDate,
    pub capacity: i32,
    pub coefficient: i32,
    pub comment: String,
}

impl SessionImport {
    /// The session's imported values, by column name (R-LHEO-3).
    pub fn fields(&self) -> Fields {
        BTreeMap::from([
            ("start_date", self.start_date.to_string()),
            ("end_date", self.end_date.to_string()),
            ("registration_deadline", self.registration_deadline.to_string()),
            ("late_entry_deadline", self.late_entry_deadline.to_string()),
            ("capacity", self.capacity.to_string()),
            ("coefficient", self.coefficient.to_string()),
            ("comment", self.comment.clone()),
        ])
    }
}

/// Each training of the document: valid, or the refusals that keep it out. A document whose root is not
/// `lheo > offres` is refused whole.
pub fn read(root: &Element) -> Result<Vec<Result<TrainingImport, Vec<LheoRefusal>>>, String> {
    if root.name != "lheo" {
        return Err(format!("L'élément racine doit être « lheo » (reçu « {} »).", root.name));
    }
    let offres = root.child("offres").ok_or("Le document LHEO n'a pas d'élément « offres ».")?;
    Ok(offres
        .all("formation")
        .enumerate()
        .map(|(i, f)| training(f, &format!("/lheo/offres/formation[{}]", i + 1)))
        .collect())
}

/// Collects refusals while reading one training.
struct Refusals(Vec<LheoRefusal>);

impl Refusals {
    fn add(&mut self, path: &str, reason: impl Into<String>) {
        self.0.push(LheoRefusal { path: path.to_owned(), reason: reason.into() });
    }

    /// The value, or a refusal at `path` (the domain's message, or `missing`).
    fn need<T>(&mut self, path: &str, value: Result<T, String>) -> Option<T> {
        value.map_err(|reason| self.add(path, reason)).ok()
    }
}

fn rule(e: &dyn RuleError) -> String {
    e.message()
}

fn training(f: &Element, path: &str) -> Result<TrainingImport, Vec<LheoRefusal>> {
    let mut refusals = Refusals(Vec::new());
    let extras = extras::of(f);
    let lheo_id =
        refusals.need(path, required(f.attribute("numero"), "L'attribut « numero » de la formation est absent."));
    let title = refusals.need(
        &format!("{path}/intitule-formation"),
        PoecTitle::parse(f.text_at(&["intitule-formation"]).unwrap_or_default())
            .map(|t| t.as_str().to_owned())
            .map_err(|e| rule(&e)),
    );
    let responsible_path = format!("{path}/organisme-formation-responsable/SIRET-organisme-formation/SIRET");
    let responsible = refusals.need(
        &responsible_path,
        siret(f.text_at(&["organisme-formation-responsable", "SIRET-organisme-formation", "SIRET"])),
    );
    let funder = refusals.need(
        &format!("{path}/extras"),
        extras
            .get("siret-financeur")
            .ok_or_else(|| "Le SIRET du financeur (extra « siret-financeur ») est absent.".to_owned())
            .and_then(|s| siret(Some(s))),
    );
    let first_action = f.child("action");
    let contact = f.child("contact-formation").and_then(|c| c.child("coordonnees"));
    let contact_name = contact
        .map(|c| [c.text_at(&["prenom"]), c.text_at(&["nom"])].into_iter().flatten().collect::<Vec<_>>().join(" "));
    let texts: [(TrainingField, &'static str, String, &str); 12] = [
        (
            TrainingField::Objective,
            "objective",
            f.text_at(&["objectif-formation"]).unwrap_or_default().to_owned(),
            "objectif-formation",
        ),
        (
            TrainingField::Highlights,
            "highlights",
            f.text_at(&["resultats-attendus"]).unwrap_or_default().to_owned(),
            "resultats-attendus",
        ),
        (
            TrainingField::Programme,
            "programme",
            f.text_at(&["contenu-formation"]).unwrap_or_default().to_owned(),
            "contenu-formation",
        ),
        (TrainingField::ContactName, "contact_name", contact_name.unwrap_or_default(), "contact-formation"),
        (
            TrainingField::ContactPhone,
            "contact_phone",
            contact
                .and_then(|c| c.text_at(&["telfixe", "numtel"]).or(c.text_at(&["portable", "numtel"])))
                .unwrap_or_default()
                .to_owned(),
            "contact-formation",
        ),
        (
            TrainingField::ContactEmail,
            "contact_email",
            contact.and_then(|c| c.text_at(&["courriel"])).unwrap_or_default().to_owned(),
            "contact-formation",
        ),
        (
            TrainingField::AccessConditions,
            "access_conditions",
            first_action.and_then(|a| a.text_at(&["conditions-specifiques"])).unwrap_or_default().to_owned(),
            "action[1]/conditions-specifiques",
        ),
        (
            TrainingField::Prerequisites,
            "prerequisites",
            extras.get("prerequis").unwrap_or_default().to_owned(),
            "extras",
        ),
        (TrainingField::TrainingType, "training_type", extras.get("type").unwrap_or("SIMPLE").to_owned(), "extras"),
        (
            TrainingField::ContractNumber,
            "contract_number",
            extras.get("numero-marche").unwrap_or_default().to_owned(),
            "extras",
        ),
        (TrainingField::Scheme, "scheme", extras.get("dispositif").unwrap_or(POEC).to_owned(), "extras"),
        (TrainingField::Measure, "measure", extras.get("mesure").unwrap_or(POEC).to_owned(), "extras"),
    ];
    let mut fields = Fields::new();
    if let Some(title) = title {
        fields.insert("title", title);
    }
    for (field, column, text, element) in texts {
        if let Some(text) =
            refusals.need(&format!("{path}/{element}"), training_text(field, &text).map_err(|e| e.detail))
        {
            fields.insert(column, text);
        }
    }
    fields.insert("certification", certification(f, &extras));
    let mut sessions = Vec::new();
    for (a, action) in f.all("action").enumerate() {
        let action_path = format!("{path}/action[{}]", a + 1);
        let Some(action_id) = refusals
            .need(&action_path, required(action.attribute("numero"), "L'attribut « numero » de l'action est absent."))
        else {
            continue;
        };
        let trainer = action.child("organisme-formateur").map(|o| siret(o.text_at(&["SIRET-formateur", "SIRET"])));
        let trainer = match trainer {
            Some(t) => refusals.need(&format!("{action_path}/organisme-formateur"), t),
            None => None,
        };
        for (s, element) in action.all("session").enumerate() {
            let session_path = format!("{action_path}/session[{}]", s + 1);
            if let Some(new) = session(element, &session_path, &action_id, trainer.clone(), &mut refusals) {
                sessions.push(new);
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    for s in &sessions {
        if !seen.insert(s.session_id.clone()) {
            refusals.add(
                &s.path,
                format!("L'identifiant de session « {} » apparaît deux fois dans la formation.", s.session_id),
            );
        }
    }
    match (lheo_id, responsible, funder) {
        (Some(lheo_id), Some(responsible_siret), Some(funder_siret)) if refusals.0.is_empty() => {
            Ok(TrainingImport { path: path.to_owned(), lheo_id, responsible_siret, funder_siret, fields, sessions })
        }
        _ => Err(refusals.0),
    }
}

fn session(
    element: &Element,
    path: &str,
    action_id: &str,
    trainer_siret: Option<String>,
    refusals: &mut Refusals,
) -> Option<SessionImport> {
    let before = refusals.0.len();
    let extras = extras::of(element);
    let session_id =
        refusals.need(path, required(element.attribute("numero"), "L'attribut « numero » de la session est absent."));
    let date = |refusals: &mut Refusals, at: &str, text: Option<&str>| {
        refusals.need(
            &format!("{path}/{at}"),
            domain::lheo::parse_date(text.unwrap_or_default()).map_err(|e| e.to_string()),
        )
    };
    let start = date(refusals, "periode/debut", element.text_at(&["periode", "debut"]));
    let end = date(refusals, "periode/fin", element.text_at(&["periode", "fin"]));
    let registration =
        match extras.get("date-limite-inscription").or(element.text_at(&["periode-inscription", "periode", "fin"])) {
            Some(text) => date(refusals, "extras", Some(text)),
            None => start,
        };
    let late_entry = match extras.get("date-limite-entree-tardive") {
        Some(text) => date(refusals, "extras", Some(text)),
        None => registration,
    };
    let address = element.child("adresse-inscription").and_then(|a| a.child("adresse"));
    let postcode = address.and_then(|a| a.text_at(&["codepostal"])).unwrap_or_default();
    let department =
        address.and_then(|a| a.text_at(&["departement"])).map(str::to_owned).unwrap_or_else(|| department_of(postcode));
    let commune = refusals.need(
        &format!("{path}/adresse-inscription"),
        Commune::parse(&department, address.and_then(|a| a.text_at(&["ville"])).unwrap_or_default())
            .map_err(|e| rule(&e)),
    );
    let capacity_text = extras.get("capacite").or(element.text_at(&["recrutement", "nb-places"]));
    let capacity = refusals.need(
        &format!("{path}/extras"),
        capacity_text
            .ok_or_else(|| {
                "La capacité d'accueil (extra « capacite » ou recrutement/nb-places) est absente.".to_owned()
            })
            .and_then(number)
            .and_then(|n| Capacity::parse(n).map_err(|e| rule(&e))),
    );
    let coefficient = refusals.need(
        &format!("{path}/extras"),
        number(extras.get("coefficient").unwrap_or("1")).and_then(|n| Coefficient::parse(n).map_err(|e| rule(&e))),
    );
    let comment = refusals.need(
        &format!("{path}/extras"),
        SessionComment::parse(extras.get("commentaire").unwrap_or_default())
            .map(|c| c.as_str().to_owned())
            .map_err(|e| rule(&e)),
    );
    if let (Some(start), Some(end), Some(registration), Some(late_entry)) = (start, end, registration, late_entry) {
        refusals.need(
            &format!("{path}/periode"),
            SessionCalendar::new(start, end, registration, late_entry).map_err(|e| rule(&e)),
        );
    }
    if refusals.0.len() > before {
        return None;
    }
    let (commune, capacity, coefficient) = (commune?, capacity?, coefficient?);
    Some(SessionImport {
        path: path.to_owned(),
        action_id: action_id.to_owned(),
        session_id: session_id?,
        trainer_siret,
        department: commune.department().to_owned(),
        commune: commune.name().to_owned(),
        start_date: start?,
        end_date: end?,
        registration_deadline: registration?,
        late_entry_deadline: late_entry?,
        capacity: i32::try_from(capacity.get()).ok()?,
        coefficient: i32::try_from(coefficient.get()).ok()?,
        comment: comment?,
    })
}

/// The certification as Tremplin writes it: the file's own text (extra « certification »), else `RNCP<code>`
/// or `CERTIFINFO <code>`, else none.
fn certification(f: &Element, extras: &extras::Extras<'_>) -> String {
    if let Some(text) = extras.get("certification") {
        return text.to_owned();
    }
    let certification = f.child("certification");
    if let Some(code) = certification.and_then(|c| c.text_at(&["code-RNCP"])) {
        return format!("RNCP{code}");
    }
    certification
        .and_then(|c| c.text_at(&["code-CERTIFINFO"]))
        .map(|code| format!("CERTIFINFO {code}"))
        .unwrap_or_default()
}

/// The department of a postcode (overseas ones by three digits; Corsica's 20 is ambiguous and refused by the
/// commune's rule).
fn department_of(postcode: &str) -> String {
    let digits = if postcode.starts_with("97") { 3 } else { 2 };
    postcode.chars().take(digits).collect()
}

fn required(value: Option<&str>, missing: &str) -> Result<String, String> {
    value.map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned).ok_or_else(|| missing.to_owned())
}

fn siret(text: Option<&str>) -> Result<String, String> {
    let text = text.ok_or_else(|| "Le SIRET est absent.".to_owned())?;
    Siret::parse(text).map(|s| s.as_str().to_owned()).map_err(|e| rule(&e))
}

fn number(text: &str) -> Result<i64, String> {
    text.trim().parse().map_err(|_| format!("« {} » n'est pas un nombre entier.", text.trim()))
}
