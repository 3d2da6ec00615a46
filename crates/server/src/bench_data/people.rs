//! Invented candidates. A person is a number: the same number always gives the same name, birth date and
//! contact, so one person applies to several sessions (history, other live applications, R-APP-4) and two
//! numbers never share an identity key.

use chrono::NaiveDate;
use diesel::prelude::*;
use domain::application::{Candidate, CandidateInput};

use super::BenchDataError;
use super::offer::day;
use super::places::{COMMUNES, DIPLOMAS, EDUCATION_LEVELS, FIRST_NAMES, LAST_NAMES};
use crate::db::schema::candidates;
use crate::store::applications::CandidateRow;

/// Name pairs before birth dates repeat.
const NAME_PAIRS: u64 = (LAST_NAMES.len() * FIRST_NAMES.len()) as u64;
/// Birth dates span this many days from [`OLDEST`]: everyone is 18 to 64 on any day of the data set.
const BIRTH_DAYS: u64 = 13_000;

fn oldest() -> NaiveDate {
    NaiveDate::from_ymd_opt(1962, 1, 1).unwrap_or_default()
}

/// What one person is: a name pair from `person % NAME_PAIRS`, and a birth date that, for a given pair, is
/// an injective function of `person / NAME_PAIRS` (so identity keys never collide below 13 000 × 4 096 people).
fn birth_date(person: u64) -> NaiveDate {
    let offset = (person / NAME_PAIRS + (person % NAME_PAIRS) * 37) % BIRTH_DAYS;
    day(oldest(), i64::try_from(offset).unwrap_or(0))
}

/// The candidate row of `person` as a prescriber enters it on `received`.
pub fn candidate(person: u64, received: NaiveDate) -> Result<CandidateRow, BenchDataError> {
    let pair = usize::try_from(person % NAME_PAIRS).unwrap_or(0);
    let (last, first) = (LAST_NAMES[pair % LAST_NAMES.len()], FIRST_NAMES[pair / LAST_NAMES.len()]);
    let place = COMMUNES[usize::try_from(person % COMMUNES.len() as u64).unwrap_or(0)];
    let ascii = |s: &str| {
        s.to_lowercase()
            .chars()
            .map(|c| match c {
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'ï' | 'î' => 'i',
                'ç' => 'c',
                'à' => 'a',
                'ô' => 'o',
                c if c.is_ascii_alphanumeric() => c,
                _ => '-',
            })
            .collect::<String>()
    };
    let input = CandidateInput {
        last_name: last.to_owned(),
        first_name: first.to_owned(),
        birth_date: Some(birth_date(person)),
        email: format!("{}.{}.{person}@exemple.fr", ascii(first), ascii(last)),
        phone: format!("06 {:02} {:02} {:02} {:02}", person % 97, person / 97 % 100, person / 9_700 % 100, person % 89),
        postcode: place.2.to_owned(),
        city: place.1.to_owned(),
        france_travail_id: Some(format!("{:07}{}", person % 10_000_000, char::from(b'A' + (person % 26) as u8))),
        education_level: EDUCATION_LEVELS[usize::try_from(person % 5).unwrap_or(0)].to_owned(),
        last_diploma: DIPLOMAS[usize::try_from(person % 6).unwrap_or(0)].to_owned(),
        employment_situation: "Demandeur·se d'emploi inscrit·e".to_owned(),
        job_seeker_since: Some(day(received, -i64::try_from(30 + person % 700).unwrap_or(30))),
    };
    let checked = Candidate::parse(input, received)
        .map_err(|errors| BenchDataError::Invalid(format!("generated candidate {person}: {errors:?}")))?;
    Ok(CandidateRow::of(&checked))
}

/// A candidate row with its id, ready for a multi-row INSERT: every column bound, none left to a default
/// (SQLite's multi-row INSERT has no `DEFAULT`).
pub type CandidateInsert = (
    diesel::dsl::Eq<candidates::id, i64>,
    diesel::dsl::Eq<candidates::identity_key, String>,
    diesel::dsl::Eq<candidates::last_name, String>,
    diesel::dsl::Eq<candidates::first_name, String>,
    diesel::dsl::Eq<candidates::birth_date, NaiveDate>,
    diesel::dsl::Eq<candidates::email, String>,
    diesel::dsl::Eq<candidates::phone, String>,
    diesel::dsl::Eq<candidates::postcode, String>,
    diesel::dsl::Eq<candidates::city, String>,
    diesel::dsl::Eq<candidates::france_travail_id, Option<String>>,
    diesel::dsl::Eq<candidates::education_level, String>,
    diesel::dsl::Eq<candidates::last_diploma, String>,
    diesel::dsl::Eq<candidates::employment_situation, String>,
    diesel::dsl::Eq<candidates::job_seeker_since, Option<NaiveDate>>,
);

pub fn insert_row(id: i64, row: CandidateRow) -> CandidateInsert {
    (
        candidates::id.eq(id),
        candidates::identity_key.eq(row.identity_key),
        candidates::last_name.eq(row.last_name),
        candidates::first_name.eq(row.first_name),
        candidates::birth_date.eq(row.birth_date),
        candidates::email.eq(row.email),
        candidates::phone.eq(row.phone),
        candidates::postcode.eq(row.postcode),
        candidates::city.eq(row.city),
        candidates::france_travail_id.eq(row.france_travail_id),
        candidates::education_level.eq(row.education_level),
        candidates::last_diploma.eq(row.last_diploma),
        candidates::employment_situation.eq(row.employment_situation),
        candidates::job_seeker_since.eq(row.job_seeker_since),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn r_app_1_distinct_people_have_distinct_identity_keys() {
        let on = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
        let keys: std::collections::HashSet<String> =
            (0..20_000).map(|p| candidate(p * 13, on).map(|c| c.identity_key).unwrap_or_default()).collect();
        assert_eq!(keys.len(), 20_000);
    }
}
