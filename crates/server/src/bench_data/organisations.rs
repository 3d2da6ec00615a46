//! The organisations of the generated data set and their one user each: ~60 % training organisations, ~30 %
//! prescribers (France Travail agencies most, then Missions Locales and Cap Emploi), ~10 % funders.

use contract::OrganisationKind;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::places::{COMMUNES, OPCOS, REGIONS, TRADES};

/// What an organisation is, finer than the stored kind (a Mission Locale and a Cap Emploi are both
/// `prescriber_other`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Training,
    FranceTravail,
    MissionLocale,
    CapEmploi,
    Funder,
}

impl Role {
    pub fn kind(self) -> OrganisationKind {
        match self {
            Self::Training => OrganisationKind::TrainingOrganisation,
            Self::FranceTravail => OrganisationKind::PrescriberFranceTravail,
            Self::MissionLocale | Self::CapEmploi => OrganisationKind::PrescriberOther,
            Self::Funder => OrganisationKind::Funder,
        }
    }
}

/// One organisation and its user.
#[derive(Debug, Clone)]
pub struct Org {
    pub id: i64,
    pub user_id: i64,
    pub role: Role,
    pub name: String,
    pub siret: String,
    pub commune: &'static str,
    pub email: String,
}

/// The organisations by role, as indexes into `all`.
#[derive(Debug, Default)]
pub struct Orgs {
    pub all: Vec<Org>,
    pub training: Vec<usize>,
    pub france_travail: Vec<usize>,
    pub other_prescribers: Vec<usize>,
    pub funders: Vec<usize>,
}

/// How many organisations of each role `total` makes (at least one of each).
fn counts(total: usize) -> [(Role, usize); 5] {
    let funders = (total / 10).max(1);
    let prescribers = (total * 3 / 10).max(3);
    let training = total.saturating_sub(funders + prescribers).max(1);
    let france_travail = (prescribers * 6 / 10).max(1);
    let missions = (prescribers * 3 / 10).max(1);
    let cap_emploi = prescribers.saturating_sub(france_travail + missions).max(1);
    [
        (Role::Training, training),
        (Role::FranceTravail, france_travail),
        (Role::MissionLocale, missions),
        (Role::CapEmploi, cap_emploi),
        (Role::Funder, funders),
    ]
}

/// A SIRET with a valid Luhn key, unique per `number`.
fn siret(number: u64) -> String {
    let body = format!("{:013}", 3_000_000_000_000 + number);
    let digits: Vec<u32> = body.bytes().map(|b| u32::from(b - b'0')).collect();
    // Luhn over 14 digits: the check digit is the last, so the body's last digit is doubled.
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                *d
            }
        })
        .sum();
    format!("{body}{}", (10 - sum % 10) % 10)
}

fn name(role: Role, rank: usize, commune: &str, rng: &mut ChaCha8Rng) -> String {
    match role {
        Role::Training => {
            let trade = TRADES[rng.random_range(0..TRADES.len())];
            let trade = trade.split(['-', ' ']).next().unwrap_or(trade);
            format!("Institut {trade} de {commune} ({})", rank + 1)
        }
        Role::FranceTravail => format!("France Travail {commune} ({})", rank + 1),
        Role::MissionLocale => format!("Mission Locale de {commune} ({})", rank + 1),
        Role::CapEmploi => format!("Cap Emploi {commune} ({})", rank + 1),
        Role::Funder => match (REGIONS.get(rank), OPCOS.get(rank.saturating_sub(REGIONS.len()))) {
            (Some(region), _) => format!("France Travail {region}"),
            (None, Some(opco)) if rank < REGIONS.len() + OPCOS.len() => (*opco).to_owned(),
            _ => format!("Financeur régional {}", rank + 1),
        },
    }
}

fn email(role: Role, rank: usize) -> String {
    let prefix = match role {
        Role::Training => "formation",
        Role::FranceTravail => "conseiller-ft",
        Role::MissionLocale => "conseiller-ml",
        Role::CapEmploi => "conseiller-ce",
        Role::Funder => "financeur",
    };
    format!("{prefix}-{:04}@banc.example", rank + 1)
}

/// The organisations, with ids from `first_org_id` and user ids from `first_user_id`.
pub fn plan(total: usize, first_org_id: i64, first_user_id: i64, rng: &mut ChaCha8Rng) -> Orgs {
    let mut orgs = Orgs::default();
    for (role, count) in counts(total) {
        for rank in 0..count {
            let index = orgs.all.len();
            let commune = COMMUNES[rng.random_range(0..COMMUNES.len())].1;
            let offset = i64::try_from(index).unwrap_or(i64::MAX);
            orgs.all.push(Org {
                id: first_org_id + offset,
                user_id: first_user_id + offset,
                role,
                name: name(role, rank, commune, rng),
                siret: siret(u64::try_from(index).unwrap_or(0) * 7 + 11),
                commune,
                email: email(role, rank),
            });
            match role {
                Role::Training => orgs.training.push(index),
                Role::FranceTravail => orgs.france_travail.push(index),
                Role::MissionLocale | Role::CapEmploi => orgs.other_prescribers.push(index),
                Role::Funder => orgs.funders.push(index),
            }
        }
    }
    orgs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sirets_pass_the_domain_check() {
        for n in [0, 1, 7, 11, 99_999] {
            assert!(domain::siret::Siret::parse(&siret(n)).is_ok(), "{}", siret(n));
        }
    }

    #[test]
    fn five_hundred_organisations_split_60_30_10() {
        let counts = counts(500);
        let of = |role| counts.iter().find(|(r, _)| *r == role).map_or(0, |(_, n)| *n);
        assert_eq!(of(Role::Training), 300);
        assert_eq!(of(Role::FranceTravail) + of(Role::MissionLocale) + of(Role::CapEmploi), 150);
        assert_eq!(of(Role::Funder), 50);
        assert!(of(Role::FranceTravail) > of(Role::MissionLocale) && of(Role::MissionLocale) > of(Role::CapEmploi));
    }
}
