//! The free text of a list (R-LIST-2), turned into what an index can read: a name is a range of candidates'
//! sort keys, a number a range of application references, and a word of a training title or a session
//! reference the few sessions of the scope that carry it. Each range is read on its own, within the scope,
//! and the page then loads the applications found by id: a filter over the list's own order would walk the
//! whole scope to find a rare name (7.5 s a page for the largest organisation at 1M applications).

use diesel::prelude::*;
use domain::access::SessionRole;

use super::Scope;
use crate::db::Conn;
use crate::db::schema::{applications, sessions, trainings};
use crate::store::Error;
use crate::store::organisations::{escape_like, lower};

/// Most applications (or sessions) a search carries as a list of ids. A text found in more (say "POEC", or
/// the digit "1") matches a good share of the scope: the list then filters its rows in its own order, and
/// finds a page of them soon.
const MAX_FOUND: usize = 20_000;

/// A resolved search.
#[derive(Debug, Clone)]
pub enum Search {
    /// Few matches: exactly these applications.
    Found(Vec<i64>),
    /// Many: the rows whose sort key, reference or training title match, checked one by one.
    Broad {
        names: (String, String),
        references: (String, String),
        /// LIKE patterns: anywhere in the training title, at the start of the session reference.
        title: String,
        session_reference: String,
    },
}

impl Search {
    /// The search of `text` in `scope`; `None` when the text is blank.
    pub fn resolve(conn: &mut Conn, scope: Scope, text: &str) -> Result<Option<Self>, Error> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        // An empty range stands for a branch the text does not have.
        let names = domain::application::name_search_range(text).unwrap_or_default();
        let references = if text.chars().all(|c| c.is_ascii_digit()) {
            (text.to_owned(), format!("{text}~"))
        } else {
            Default::default()
        };
        let title = format!("%{}%", escape_like(&text.to_lowercase()));
        let session_reference = format!("{}%", escape_like(text));
        let broad = || Search::Broad {
            names: names.clone(),
            references: references.clone(),
            title: title.clone(),
            session_reference: session_reference.clone(),
        };
        let Some(sessions) = sessions_carrying(conn, scope, &title, &session_reference)? else {
            return Ok(Some(broad()));
        };
        let mut found = Vec::new();
        for role_scope in by_role(scope) {
            for branch in [Branch::Names(&names), Branch::References(&references), Branch::Sessions(&sessions)] {
                if branch.is_empty() {
                    continue;
                }
                found.extend(ids(conn, role_scope, &branch)?);
                if found.len() > MAX_FOUND {
                    return Ok(Some(broad()));
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        Ok(Some(Self::Found(found)))
    }

    /// Whether the search is known to find no application.
    #[must_use]
    pub fn finds_nothing(&self) -> bool {
        matches!(self, Self::Found(ids) if ids.is_empty())
    }
}

/// One kind of match.
enum Branch<'a> {
    Names(&'a (String, String)),
    References(&'a (String, String)),
    Sessions(&'a [i64]),
}

impl Branch<'_> {
    fn is_empty(&self) -> bool {
        match self {
            Self::Names((from, _)) | Self::References((from, _)) => from.is_empty(),
            Self::Sessions(ids) => ids.is_empty(),
        }
    }
}

/// "Any role" searches each role's index in turn.
fn by_role(scope: Scope) -> Vec<Scope> {
    match scope {
        Scope::Organisation { id, role: None } => {
            SessionRole::ALL.iter().map(|role| Scope::Organisation { id, role: Some(*role) }).collect()
        }
        other => vec![other],
    }
}

/// Up to one more than [`MAX_FOUND`] applications of `scope` (one role) matching `branch`.
fn ids(conn: &mut Conn, scope: Scope, branch: &Branch<'_>) -> Result<Vec<i64>, Error> {
    let mut query = applications::table.select(applications::id).into_boxed();
    query = match scope {
        Scope::Session(id) => query.filter(applications::session_id.eq(id)),
        Scope::Prescriber(id) => query.filter(applications::prescriber_organisation_id.eq(id)),
        Scope::Organisation { id, role: Some(SessionRole::Responsible) } => {
            query.filter(applications::responsible_organisation_id.eq(id))
        }
        Scope::Organisation { id, role: Some(SessionRole::Trainer) } => {
            query.filter(applications::trainer_organisation_id.eq(id))
        }
        Scope::Organisation { id, role: Some(SessionRole::Positioner) } => {
            query.filter(applications::positioner_organisation_id.eq(id))
        }
        Scope::Organisation { role: None, .. } => unreachable!("searched role by role"),
    };
    query = match branch {
        Branch::Names((from, to)) => query
            .filter(applications::candidate_sort.ge(from.clone()))
            .filter(applications::candidate_sort.lt(to.clone())),
        Branch::References((from, to)) => {
            query.filter(applications::reference.ge(from.clone())).filter(applications::reference.lt(to.clone()))
        }
        Branch::Sessions(ids) => query.filter(applications::session_id.eq_any(ids.to_vec())),
    };
    Ok(query.limit(i64::try_from(MAX_FOUND + 1).unwrap_or(i64::MAX)).load(conn)?)
}

/// The sessions of `scope` whose training title or reference match these LIKE patterns; `None` when there are
/// more than [`MAX_FOUND`]. The titles are read first, on the trainings alone, then the sessions of those with
/// their own references, the scope checked on each (`+ 0`): joined to trainings and driven by the scope, the
/// largest organisation's 15,000 sessions cost a title lookup each (37 ms a search at 1M applications).
fn sessions_carrying(conn: &mut Conn, scope: Scope, title: &str, reference: &str) -> Result<Option<Vec<i64>>, Error> {
    let limit = i64::try_from(MAX_FOUND + 1).unwrap_or(i64::MAX);
    let titled: Vec<i64> = trainings::table
        .filter(lower(trainings::title).like(title.to_owned()).escape('\\'))
        .select(trainings::id)
        .limit(limit)
        .load(conn)?;
    if titled.len() > MAX_FOUND {
        return Ok(None);
    }
    let mut query = sessions::table
        .filter(sessions::training_id.eq_any(titled).or(sessions::reference.like(reference.to_owned()).escape('\\')))
        .select(sessions::id)
        .into_boxed();
    query = match scope {
        Scope::Session(id) => query.filter(sessions::id.eq(id)),
        Scope::Organisation { id, role: Some(SessionRole::Responsible) } => {
            query.filter((sessions::responsible_organisation_id + 0i64).eq(id))
        }
        Scope::Organisation { id, role: Some(SessionRole::Trainer) } => {
            query.filter((sessions::trainer_organisation_id + 0i64).eq(id))
        }
        Scope::Organisation { id, role: Some(SessionRole::Positioner) } => {
            query.filter((sessions::positioner_organisation_id + 0i64).eq(id))
        }
        Scope::Organisation { id, role: None } => query.filter(
            (sessions::responsible_organisation_id + 0i64)
                .eq(id)
                .or((sessions::trainer_organisation_id + 0i64).eq(id))
                .or((sessions::positioner_organisation_id + 0i64).eq(id)),
        ),
        // A prescriber's applications span any session: its own rows narrow them afterwards.
        Scope::Prescriber(_) => query,
    };
    let found: Vec<i64> = query.limit(limit).load(conn)?;
    Ok((found.len() <= MAX_FOUND).then_some(found))
}
