//! Demo data for `tremplin serve --demo`: invented organisations, accounts, offer and applications, loaded once.

mod applications;
mod offer;

use contract::{MembershipStatus, OrganisationKind};
use diesel::Connection;

use crate::auth::password;
use crate::db::Conn;
use crate::error::ApiError;
use crate::store;
use crate::store::organisations::NewOrganisation;

/// A demo account, printed at start and listed in the README.
pub(crate) struct DemoLogin {
    pub email: &'static str,
    pub password: &'static str,
    pub full_name: &'static str,
    /// Index in [`ORGANISATIONS`], `None` for the platform admin.
    pub organisation: Option<usize>,
    pub role: &'static str,
}

const ORGANISATIONS: [(&str, &str, OrganisationKind, &str); 5] = [
    ("Forma'Bois Périgord", "81234567800013", OrganisationKind::TrainingOrganisation, "Boulazac Isle Manoire"),
    ("Atelier Formation Agenais", "78945612300015", OrganisationKind::TrainingOrganisation, "Agen"),
    ("France Travail Périgueux", "13024897500026", OrganisationKind::PrescriberFranceTravail, "Périgueux"),
    ("Mission Locale du Grand Périgueux", "41723456700010", OrganisationKind::PrescriberOther, "Périgueux"),
    ("France Travail Nouvelle-Aquitaine", "13024897500034", OrganisationKind::Funder, "Bordeaux"),
];

pub(crate) const LOGINS: [DemoLogin; 4] = [
    DemoLogin {
        email: "formation@demo.tremplin.fr",
        password: "DemoFormation2026!",
        full_name: "Camille Laborde",
        organisation: Some(0),
        role: "organisme de formation (Forma'Bois Périgord)",
    },
    DemoLogin {
        email: "conseiller@demo.tremplin.fr",
        password: "DemoConseil2026!",
        full_name: "Julien Mercier",
        organisation: Some(2),
        role: "conseiller France Travail (France Travail Périgueux)",
    },
    DemoLogin {
        email: "financeur@demo.tremplin.fr",
        password: "DemoFinanceur2026!",
        full_name: "Sophie Daguerre",
        organisation: Some(4),
        role: "financeur (France Travail Nouvelle-Aquitaine)",
    },
    DemoLogin {
        email: "admin@demo.tremplin.fr",
        password: "DemoAdmin2026!",
        full_name: "Équipe plateforme",
        organisation: None,
        role: "administration de la plateforme",
    },
];

/// Loads the demo data unless it is already there; returns whether it loaded it.
pub fn load_once(conn: &mut Conn, today: chrono::NaiveDate) -> Result<bool, ApiError> {
    if store::users::find_by_email(conn, LOGINS[0].email)?.is_some() {
        return Ok(false);
    }
    conn.transaction(|conn| {
        let mut ids = Vec::with_capacity(ORGANISATIONS.len());
        for (name, siret, kind, commune) in ORGANISATIONS {
            let existing = store::organisations::search(conn, Some(name), 1)?.into_iter().find(|o| o.name == name);
            let id = match existing {
                Some(org) => org.id,
                None => store::organisations::insert(conn, &NewOrganisation { name, siret, kind, commune })?.id,
            };
            ids.push(id);
        }
        for login in &LOGINS {
            let hash = password::hash(login.password)?;
            let user = store::users::insert(conn, login.email, &hash, login.full_name, login.organisation.is_none())?;
            if let Some(index) = login.organisation {
                let organisation_id = ids.get(index).copied().ok_or_else(|| ApiError::internal("demo index"))?;
                store::memberships::insert(conn, user.id, organisation_id, MembershipStatus::Approved, true)?;
            }
        }
        let orgs = offer::DemoOrganisations { trainer: ids[0], other_trainer: ids[1], funder: ids[4] };
        offer::load(conn, &orgs, today)?;
        let counsellor =
            store::users::find_by_email(conn, LOGINS[1].email)?.ok_or_else(|| ApiError::internal("demo counsellor"))?;
        applications::load(conn, (ids[2], counsellor.id), today)?;
        Ok(true)
    })
}

/// The logins as printed at start.
pub fn logins_text() -> String {
    let mut text = String::from("Comptes de démonstration :\n");
    for login in &LOGINS {
        text.push_str(&format!("  {:<30} {:<20} {}\n", login.email, login.password, login.role));
    }
    text
}
