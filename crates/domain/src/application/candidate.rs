//! The candidate of an application (R-APP-1): the data a prescriber sends, checked, and the identity that
//! tells two applications of the same person apart from two people.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// The candidate as sent by the prescriber, unchecked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
// `default` on each field rather than on the struct: the same leniency (a missing field gets its field
// error from `Candidate::parse`, in French), without the OpenAPI schema advertising `null` or `""` defaults.
pub struct CandidateInput {
    // The pattern: at least one character that is not Unicode White_Space (not blank once trimmed), no U+0000.
    #[cfg_attr(
        feature = "openapi",
        schema(
            required = true,
            max_length = 200,
            pattern = r"^[^\u0000]*[^\u0000\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\u0000]*$"
        )
    )]
    #[serde(default)]
    pub last_name: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            required = true,
            max_length = 200,
            pattern = r"^[^\u0000]*[^\u0000\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\u0000]*$"
        )
    )]
    #[serde(default)]
    pub first_name: String,
    /// Required: the candidate is 16 to 80 years old.
    #[cfg_attr(feature = "openapi", schema(required = true, value_type = NaiveDate))]
    #[serde(default)]
    pub birth_date: Option<NaiveDate>,
    #[cfg_attr(feature = "openapi", schema(required = true, max_length = 200, format = Email))]
    #[serde(default)]
    pub email: String,
    /// 10 to 15 digits, spaces and signs allowed between them.
    #[cfg_attr(
        feature = "openapi",
        schema(required = true, max_length = 200, pattern = r"^[^0-9\u0000]*([0-9][^0-9\u0000]*){10,15}$")
    )]
    #[serde(default)]
    pub phone: String,
    #[cfg_attr(feature = "openapi", schema(required = true, pattern = r"^[0-9]{5}$"))]
    #[serde(default)]
    pub postcode: String,
    #[cfg_attr(
        feature = "openapi",
        schema(
            required = true,
            max_length = 200,
            pattern = r"^[^\u0000]*[^\u0000\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\u0000]*$"
        )
    )]
    #[serde(default)]
    pub city: String,
    /// Identifiant France Travail, when known.
    #[serde(default)]
    pub france_travail_id: Option<String>,
    /// Niveau de formation (e.g. "CAP/BEP", "Bac", "Bac+2").
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    #[serde(default)]
    pub education_level: String,
    /// Dernier diplôme obtenu.
    #[cfg_attr(feature = "openapi", schema(max_length = 200))]
    #[serde(default)]
    pub last_diploma: String,
    /// Situation au regard de l'emploi.
    #[cfg_attr(
        feature = "openapi",
        schema(
            required = true,
            max_length = 200,
            pattern = r"^[^\u0000]*[^\u0000\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000][^\u0000]*$"
        )
    )]
    #[serde(default)]
    pub employment_situation: String,
    /// Inscrit·e comme demandeur d'emploi depuis.
    #[serde(default)]
    pub job_seeker_since: Option<NaiveDate>,
}

impl CandidateInput {
    /// What is kept once the retention period has passed (R-GDPR-2): nothing that identifies the person,
    /// but the year of birth, the department, the education level and the situation, for statistics.
    #[must_use]
    pub fn anonymised(&self) -> Self {
        Self {
            last_name: "ANONYMISÉ".to_owned(),
            first_name: String::new(),
            birth_date: self.birth_date.and_then(|d| NaiveDate::from_ymd_opt(d.year(), 1, 1)),
            email: String::new(),
            phone: String::new(),
            postcode: self.postcode.chars().take(2).chain("000".chars()).collect(),
            city: String::new(),
            france_travail_id: None,
            education_level: self.education_level.clone(),
            last_diploma: self.last_diploma.clone(),
            employment_situation: self.employment_situation.clone(),
            job_seeker_since: None,
        }
    }

    /// Where the candidate sorts in a list by name: see [`sort_key`].
    #[must_use]
    pub fn sort_key(&self) -> String {
        sort_key(&self.last_name, &self.first_name)
    }
}

/// Where a candidate sorts in a list by name (R-LIST-2): last then first name, each folded as the identity key
/// folds it, joined by a space so that "Martin" comes before "Martinez". ASCII only: it compares byte by byte
/// the same in Rust, SQLite and PostgreSQL (`COLLATE "C"`), so the pages of several roles merge and a cursor
/// resumes where the database left off.
#[must_use]
pub fn sort_key(last_name: &str, first_name: &str) -> String {
    format!("{} {}", fold(last_name), fold(first_name))
}

/// The range of sort keys a free-text search by name reads (R-LIST-2): keys that start with its words, folded
/// and joined as [`CandidateInput::sort_key`] joins last and first name, so "dupont" finds every Dupont and
/// "Dupont J" narrows to Dupont Jean. `None` when nothing searchable is left after folding.
#[must_use]
pub fn name_search_range(text: &str) -> Option<(String, String)> {
    let prefix = text.split_whitespace().map(fold).filter(|word| !word.is_empty()).collect::<Vec<_>>().join(" ");
    if prefix.is_empty() {
        return None;
    }
    // '~' sorts after every character a key holds (digits, lower-case letters, a space).
    let end = format!("{prefix}~");
    Some((prefix, end))
}

/// A checked candidate: names and contact present, a plausible birth date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    input: CandidateInput,
    birth_date: NaiveDate,
}

/// Youngest and oldest ages accepted for a POEC trainee **[decision]**: 16 (end of compulsory schooling)
/// to 80 (anything older is a typo).
const AGE_RANGE: (i32, i32) = (16, 80);
/// Longest accepted text in a candidate field.
const MAX_CHARS: usize = 200;

fn error(field: &str, code: &'static str, message: impl Into<String>) -> FieldError {
    FieldError { field: format!("candidate.{field}"), code, message: message.into() }
}

impl Candidate {
    /// Checks every field and lists every failing one.
    pub fn parse(mut input: CandidateInput, today: NaiveDate) -> Result<Self, Vec<FieldError>> {
        let mut errors = Vec::new();
        for (field, label, value, required) in [
            ("last_name", "Le nom", &mut input.last_name, true),
            ("first_name", "Le prénom", &mut input.first_name, true),
            ("email", "L'e-mail", &mut input.email, true),
            ("phone", "Le téléphone", &mut input.phone, true),
            ("postcode", "Le code postal", &mut input.postcode, true),
            ("city", "La commune", &mut input.city, true),
            ("education_level", "Le niveau de formation", &mut input.education_level, false),
            ("last_diploma", "Le dernier diplôme", &mut input.last_diploma, false),
            ("employment_situation", "La situation au regard de l'emploi", &mut input.employment_situation, true),
        ] {
            *value = value.trim().to_owned();
            if required && value.is_empty() {
                errors.push(error(field, "required", format!("{label} est requis.")));
            } else if value.chars().count() > MAX_CHARS {
                errors.push(error(field, "text_too_long", format!("{label} dépasse {MAX_CHARS} caractères.")));
            }
        }
        if !input.email.is_empty() && !plausible_email(&input.email) {
            errors.push(error("email", "invalid_email", "Adresse e-mail invalide."));
        }
        if !input.postcode.is_empty()
            && (input.postcode.len() != 5 || !input.postcode.bytes().all(|b| b.is_ascii_digit()))
        {
            errors.push(error("postcode", "invalid_postcode", "Le code postal comporte 5 chiffres."));
        }
        let digits = input.phone.chars().filter(char::is_ascii_digit).count();
        if !input.phone.is_empty() && !(10..=15).contains(&digits) {
            errors.push(error("phone", "invalid_phone", "Numéro de téléphone invalide."));
        }
        input.france_travail_id =
            input.france_travail_id.map(|id| id.trim().to_uppercase()).filter(|id| !id.is_empty());
        let birth_date = match input.birth_date {
            None => {
                errors.push(error("birth_date", "required", "La date de naissance est requise."));
                None
            }
            Some(date) => {
                let age = age_on(date, today);
                if age < AGE_RANGE.0 || age > AGE_RANGE.1 {
                    errors.push(error(
                        "birth_date",
                        "implausible_birth_date",
                        format!(
                            "Date de naissance invraisemblable : l'âge doit être de {} à {} ans.",
                            AGE_RANGE.0, AGE_RANGE.1
                        ),
                    ));
                }
                Some(date)
            }
        };
        match birth_date {
            Some(birth_date) if errors.is_empty() => Ok(Self { input, birth_date }),
            _ => Err(errors),
        }
    }

    /// The checked data.
    #[must_use]
    pub fn data(&self) -> &CandidateInput {
        &self.input
    }

    /// The birth date.
    #[must_use]
    pub fn birth_date(&self) -> NaiveDate {
        self.birth_date
    }

    /// The key under which two applications are the same person's (R-APP-1): name and birth date, with case,
    /// accents, spaces and hyphens ignored, so "Élodie  Dupont-Martin" and "ELODIE DUPONT MARTIN" match.
    #[must_use]
    pub fn identity_key(&self) -> String {
        format!("{}|{}|{}", fold(&self.input.last_name), fold(&self.input.first_name), self.birth_date)
    }
}

fn age_on(birth: NaiveDate, today: NaiveDate) -> i32 {
    let years = today.year() - birth.year();
    if (today.month(), today.day()) < (birth.month(), birth.day()) { years - 1 } else { years }
}

fn plausible_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else { return false };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(' ')
}

/// Lower-case, without accents, letters and digits only.
fn fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => 'a',
            'ç' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'î' | 'ï' | 'í' | 'ì' => 'i',
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => 'o',
            'ù' | 'û' | 'ü' | 'ú' => 'u',
            'ÿ' | 'ý' => 'y',
            'ñ' => 'n',
            other => other,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn input() -> CandidateInput {
        CandidateInput {
            last_name: "Dupont-Martin".into(),
            first_name: "Élodie".into(),
            birth_date: Some(day(1995, 4, 12)),
            email: "elodie.dupont@example.org".into(),
            phone: "06 12 34 56 78".into(),
            postcode: "24750".into(),
            city: "Boulazac Isle Manoire".into(),
            employment_situation: "Demandeuse d'emploi".into(),
            ..CandidateInput::default()
        }
    }

    #[test]
    fn r_app_1_the_same_person_is_recognised_whatever_the_spelling() {
        let today = day(2026, 11, 28);
        let a = Candidate::parse(input(), today).unwrap();
        let mut other = input();
        other.last_name = "DUPONT MARTIN".into();
        other.first_name = " elodie ".into();
        let b = Candidate::parse(other, today).unwrap();
        assert_eq!(a.identity_key(), b.identity_key());
        let mut sibling = input();
        sibling.birth_date = Some(day(1997, 4, 12));
        assert_ne!(a.identity_key(), Candidate::parse(sibling, today).unwrap().identity_key());
    }

    #[test]
    fn r_list_2_names_sort_by_last_then_first_name_whatever_the_case_and_accents() {
        let key = |last: &str, first: &str| {
            CandidateInput { last_name: last.into(), first_name: first.into(), ..input() }.sort_key()
        };
        let mut keys = vec![key("MARTINEZ", "Ana"), key("Martin", "Zoé"), key("Élodie", "Bé"), key("martin", "Éric")];
        keys.sort();
        assert_eq!(
            keys,
            vec![key("Élodie", "Bé"), key("martin", "Éric"), key("Martin", "Zoé"), key("MARTINEZ", "Ana")]
        );
        assert_eq!(key("Dupont-Martin", "Jean Pierre"), "dupontmartin jeanpierre");
        assert!(keys.iter().all(|k| k.is_ascii()), "byte order must be the same in every database");
    }

    #[test]
    fn r_list_2_a_name_search_reads_the_keys_starting_with_its_words() {
        let (from, to) = name_search_range("  Dupont  J ").unwrap();
        let hits = |last: &str, first: &str| {
            let k = CandidateInput { last_name: last.into(), first_name: first.into(), ..input() }.sort_key();
            from <= k && k < to
        };
        assert!(hits("DUPONT", "Jean"));
        assert!(hits("Dupont", "Jérôme"));
        assert!(!hits("Dupont", "Anne"));
        assert!(!hits("Dupuis", "Jean"));
        assert!(name_search_range(" - ").is_none());
        let (from, to) = name_search_range("dupont").unwrap();
        for k in ["dupont ", "dupont zz", "dupontel a", "dupont9 x"] {
            assert!(from.as_str() <= k && k < to.as_str(), "{k}");
        }
        assert!(!("dupons z" >= from.as_str() && "dupons z" < to.as_str()));
    }

    #[test]
    fn r_gdpr_2_an_anonymised_candidate_sorts_without_its_name() {
        assert_eq!(input().anonymised().sort_key(), "anonymise ");
    }

    #[test]
    fn r_app_1_every_missing_or_invalid_field_is_listed() {
        let bad = CandidateInput { email: "pas-un-email".into(), postcode: "2475".into(), ..CandidateInput::default() };
        let errors = Candidate::parse(bad, day(2026, 11, 28)).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for expected in [
            "candidate.last_name",
            "candidate.first_name",
            "candidate.phone",
            "candidate.birth_date",
            "candidate.email",
            "candidate.postcode",
        ] {
            assert!(fields.contains(&expected), "{expected} missing from {fields:?}");
        }
    }

    #[test]
    fn r_gdpr_2_anonymisation_keeps_statistics_and_nothing_that_identifies() {
        let kept = input().anonymised();
        assert_eq!((kept.last_name.as_str(), kept.first_name.as_str(), kept.email.as_str()), ("ANONYMISÉ", "", ""));
        assert_eq!((kept.phone.as_str(), kept.city.as_str(), kept.france_travail_id), ("", "", None));
        assert_eq!(kept.birth_date, Some(day(1995, 1, 1)), "the year stays for age statistics");
        assert_eq!(kept.postcode, "24000", "the department stays");
        assert_eq!(kept.employment_situation, "Demandeuse d'emploi");
    }

    #[test]
    fn r_app_1_a_birth_date_must_give_an_age_from_16_to_80() {
        let today = day(2026, 11, 28);
        let mut young = input();
        young.birth_date = Some(day(2010, 11, 29));
        assert!(Candidate::parse(young, today).is_err());
        let mut sixteen = input();
        sixteen.birth_date = Some(day(2010, 11, 28));
        assert!(Candidate::parse(sixteen, today).is_ok());
    }
}
