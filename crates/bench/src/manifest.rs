//! The manifest `tremplin bench-data` writes beside the data it loads: who to log in as and which sessions
//! the write scenarios use. Only the fields the driver needs; everything else is discovered through the API.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct Manifest {
    #[serde(default)]
    pub applications: u64,
    /// Every generated user's password.
    pub password: String,
    /// Reads any session, to find which organisation runs the export session.
    #[serde(default)]
    pub platform_admin: Option<String>,
    /// Largest first.
    pub training_organisations: Vec<User>,
    pub prescribers: Vec<User>,
    pub intake_organisation: User,
    /// Sessions open for applications with room for every intake of the bench.
    pub intake_sessions: Vec<String>,
    pub hot_session: String,
    pub export_session: ExportSession,
}

/// A user of one organisation.
#[derive(Debug, Clone, Deserialize)]
pub struct User {
    pub email: String,
    pub organisation_id: i64,
    #[serde(default)]
    pub applications: u64,
    #[serde(default)]
    pub france_travail: bool,
    /// Overrides the manifest's shared password (a hand-written manifest over the demo data).
    #[serde(default)]
    pub password: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ExportSession {
    pub reference: String,
    #[serde(default)]
    pub applications: u64,
}

impl Manifest {
    pub fn read(path: &std::path::Path) -> Result<Self, crate::BenchError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| crate::BenchError::Manifest(format!("{}: {e}", path.display())))?;
        serde_json::from_str(&text).map_err(|e| crate::BenchError::Manifest(format!("{}: {e}", path.display())))
    }

    /// The training organisations the list scenarios read as: the two largest and two of middle size, so a
    /// list that grows with the organisation shows it.
    pub fn list_organisations(&self) -> Vec<&User> {
        let all = &self.training_organisations;
        let mut picked: Vec<&User> = all.iter().take(2).collect();
        let middle = all.len() / 2;
        for user in all.iter().skip(middle.max(2)).take(2) {
            picked.push(user);
        }
        picked
    }

    /// The busiest prescribers, France Travail's and others' in turn (most applications come from France
    /// Travail, but the others' lists are read too).
    pub fn busy_prescribers(&self, n: usize) -> Vec<&User> {
        let busiest = |france_travail: bool| {
            let mut users: Vec<&User> =
                self.prescribers.iter().filter(|u| u.france_travail == france_travail).collect();
            users.sort_by_key(|u| std::cmp::Reverse(u.applications));
            users.into_iter()
        };
        let (mut ft, mut others) = (busiest(true), busiest(false));
        let mut picked = Vec::new();
        while picked.len() < n {
            let before = picked.len();
            picked.extend(ft.next());
            if picked.len() < n {
                picked.extend(others.next());
            }
            if picked.len() == before {
                break;
            }
        }
        picked
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_generator_manifest_and_picks_large_and_middle_organisations() {
        let orgs: Vec<_> = (0..10)
            .map(|i| serde_json::json!({"email": format!("of{i}@x.fr"), "organisation_id": i, "applications": 100 - i}))
            .collect();
        let manifest: Manifest = serde_json::from_value(serde_json::json!({
            "seed": 1, "today": "2026-11-30", "applications": 2000, "sessions": 10, "organisations": 20,
            "password": "secret", "platform_admin": "admin@x.fr", "training_organisations": orgs,
            "prescribers": [
                {"email": "p1@x.fr", "organisation_id": 50, "france_travail": true, "applications": 9},
                {"email": "p2@x.fr", "organisation_id": 51, "france_travail": true, "applications": 19},
                {"email": "p3@x.fr", "organisation_id": 52, "france_travail": false, "applications": 1}
            ],
            "funders": [], "intake_organisation": {"email": "i@x.fr", "organisation_id": 60},
            "intake_sessions": ["10000001"], "hot_session": "10000001",
            "export_session": {"reference": "10000002", "applications": 200}, "due_applications": 3, "seconds": 1.5
        }))
        .unwrap();
        let picked: Vec<i64> = manifest.list_organisations().iter().map(|u| u.organisation_id).collect();
        assert_eq!(picked, vec![0, 1, 5, 6]);
        let prescribers: Vec<i64> = manifest.busy_prescribers(5).iter().map(|u| u.organisation_id).collect();
        assert_eq!(prescribers, vec![51, 52, 50]);
    }
}
