//! The free text of a list (R-LIST-2), turned into what an index can read: a name is a range of candidates'
//! sort keys, a number a range of application references, and a word of a training title or a session
//! reference the few sessions of the scope that carry it. Each range is read on its own, within the scope, and
//! the applications found come with what a page needs to filter, order and count them (a name's range straight
//! from the role's candidate index, which carries it; the other matches by id): a filter over the list's own
//! order would walk the whole scope to find a rare name (7.5 s a page for the largest organisation at 1M
//! applications), and reading the few thousand found again by id, once for the page and once for the counts,
//! made a common surname cost that twice more.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use domain::access::SessionRole;
use domain::application::ApplicationState;

use super::Scope;
use super::keyset::{Keyed, Place};
use crate::db::Conn;
use crate::db::schema::{applications, sessions, trainings};
use crate::store::organisations::{containing, lower};
use crate::store::training_words::{Words, held_in};
use crate::store::{Coded, Error};

/// Most applications (or sessions) a search carries as a list of ids. A text found in more (say "POEC", or
/// the digit "1") matches a good share of the scope: the list then filters its rows in its own order, and
/// finds a page of them soon.
pub(super) const MAX_FOUND: usize = 20_000;

/// An application a search found, with the columns its list filters, orders and counts it by.
#[derive(Debug, Clone, Queryable)]
pub struct Hit {
    pub id: i64,
    #[diesel(deserialize_as = Coded<ApplicationState>)]
    pub state: ApplicationState,
    pub received_at: NaiveDateTime,
    pub session_start: NaiveDate,
    pub session_end: NaiveDate,
    pub candidate_sort: String,
}

impl Hit {
    /// Where the application stands, as a page's first pass reads it.
    pub(super) fn keyed(&self) -> Keyed {
        Keyed {
            id: self.id,
            received_at: self.received_at,
            session_start: Some(self.session_start),
            candidate_sort: Some(self.candidate_sort.clone()),
        }
    }

    /// Where the application stands in a list's order.
    pub(super) fn place(&self) -> Place<'_> {
        Place {
            received_at: self.received_at,
            id: self.id,
            session_start: self.session_start,
            candidate_sort: &self.candidate_sort,
        }
    }
}

/// A resolved search.
#[derive(Debug, Clone)]
pub enum Search {
    /// Few matches: exactly these applications, each once.
    Found(Vec<Hit>),
    /// Many: the rows whose sort key, reference or training title match, checked one by one.
    Broad {
        names: (String, String),
        /// A range of application and of session references (both all digits).
        references: (String, String),
        /// A LIKE pattern: anywhere in the training title.
        title: String,
    },
}

impl Search {
    /// The search of `text` in `scope`; `None` when the text is blank.
    pub fn resolve(conn: &mut Conn, scope: Scope, text: &str) -> Result<Option<Self>, Error> {
        if text.trim().is_empty() {
            return Ok(None);
        }
        let text = Terms::of(text);
        let Some(sessions) = sessions_carrying(conn, scope, &text)? else {
            return Ok(Some(text.broad()));
        };
        let (mut found, mut ids) = (Vec::<Hit>::new(), Vec::<i64>::new());
        for role_scope in by_role(scope) {
            for branch in text.branches(&sessions) {
                // A role's candidate index carries what a hit needs; the other matches give ids, read afterwards.
                if let Branch::Names(_) = branch {
                    found.extend(found_query!(role_scope, &branch, hit_columns!()).load::<Hit>(conn)?);
                } else {
                    ids.extend(found_query!(role_scope, &branch, applications::id).load::<i64>(conn)?);
                }
                if found.len() + ids.len() > MAX_FOUND {
                    return Ok(Some(text.broad()));
                }
            }
        }
        // One organisation is often responsible and trainer of a session: its applications are found once per
        // role, and kept once.
        found.sort_unstable_by_key(|hit| hit.id);
        found.dedup_by_key(|hit| hit.id);
        ids.sort_unstable();
        ids.dedup();
        ids.retain(|id| found.binary_search_by_key(id, |hit| hit.id).is_err());
        if !ids.is_empty() {
            found.extend(hits(conn, ids)?);
        }
        Ok(Some(Self::Found(found)))
    }

    /// Whether the search is known to find no application.
    #[must_use]
    pub fn finds_nothing(&self) -> bool {
        matches!(self, Self::Found(hits) if hits.is_empty())
    }

    /// The ids of the applications found, when they are few enough to be listed.
    #[must_use]
    pub fn found_ids(&self) -> Option<Vec<i64>> {
        match self {
            Self::Found(hits) => Some(hits.iter().map(|hit| hit.id).collect()),
            Self::Broad { .. } => None,
        }
    }
}

/// What a text searches: an empty range stands for a kind of match the text does not have.
pub(super) struct Terms {
    names: (String, String),
    /// Application and session references are all digits (R-TRN-5): only digits start one.
    references: (String, String),
    /// A LIKE pattern: anywhere in the training title.
    title: String,
    /// The text itself (SQLite's trigram index of titles).
    text: String,
}

impl Terms {
    pub(super) fn of(text: &str) -> Self {
        let text = text.trim();
        Self {
            names: domain::application::name_search_range(text).unwrap_or_default(),
            references: if text.chars().all(|c| c.is_ascii_digit()) {
                (text.to_owned(), format!("{text}~"))
            } else {
                Default::default()
            },
            title: containing(text),
            text: text.to_owned(),
        }
    }

    /// The search checking each row of the list for the text.
    fn broad(self) -> Search {
        let Self { names, references, title, .. } = self;
        Search::Broad { names, references, title }
    }

    /// The kinds of match of the text, `sessions` carrying it in their title or reference.
    pub(super) fn branches<'a>(&'a self, sessions: &'a [i64]) -> Vec<Branch<'a>> {
        [Branch::Names(&self.names), Branch::References(&self.references), Branch::Sessions(sessions)]
            .into_iter()
            .filter(|branch| !branch.is_empty())
            .collect()
    }
}

/// One kind of match.
pub(super) enum Branch<'a> {
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

/// Up to one more than [`MAX_FOUND`] applications of `scope` (one role) matching `branch`, as `$columns`
/// (the id, or [`hit_columns`] for a name, which the role's candidate index covers); for any backend (the query
/// plan tests run it under `EXPLAIN`).
macro_rules! found_query {
    ($scope:expr, $branch:expr, $columns:expr) => {{
        use domain::access::SessionRole;
        use $crate::db::schema::applications;
        use $crate::store::application_lists::Scope;
        use $crate::store::application_lists::search::Branch;
        let mut query = applications::table.select($columns).into_boxed();
        query = match $scope {
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
        query = match $branch {
            Branch::Names((from, to)) => query
                .filter(applications::candidate_sort.ge(from.clone()))
                .filter(applications::candidate_sort.lt(to.clone())),
            Branch::References((from, to)) => {
                query.filter(applications::reference.ge(from.clone())).filter(applications::reference.lt(to.clone()))
            }
            Branch::Sessions(ids) => query.filter(applications::session_id.eq_any(ids.to_vec())),
        };
        query.limit(i64::try_from($crate::store::application_lists::search::MAX_FOUND + 1).unwrap_or(i64::MAX))
    }};
}
pub(super) use found_query;

/// What a [`Hit`] reads.
macro_rules! hit_columns {
    () => {
        (
            $crate::db::schema::applications::id,
            $crate::db::schema::applications::state,
            $crate::db::schema::applications::received_at,
            $crate::db::schema::applications::session_start,
            $crate::db::schema::applications::session_end,
            $crate::db::schema::applications::candidate_sort,
        )
    };
}
pub(super) use hit_columns;

/// What the lists read of the applications of these ids.
fn hits(conn: &mut Conn, ids: Vec<i64>) -> Result<Vec<Hit>, Error> {
    Ok(applications::table.filter(applications::id.eq_any(ids)).select(hit_columns!()).load(conn)?)
}

/// Up to `limit` trainings whose title contains the text: SQLite reads its trigram index of the trainings'
/// words (0.05 ms where reading every title took 7 ms at a million applications), PostgreSQL its pg_trgm index.
fn titled(conn: &mut Conn, text: &Terms, limit: i64) -> Result<Vec<i64>, Error> {
    let query = trainings::table.select(trainings::id).limit(limit).into_boxed();
    let query = match held_in(conn, "trainings.id", Words::Title, &text.text) {
        Some(held) => query.filter(held),
        None => query.filter(lower(trainings::title).like(text.title.clone()).escape('\\')),
    };
    Ok(query.load(conn)?)
}

/// The sessions of `scope` whose training title or reference match these LIKE patterns; `None` when there are
/// more than [`MAX_FOUND`]. The titles are read first, on the trainings alone, then the sessions of those with
/// their own references, the scope checked on each (`+ 0`): joined to trainings and driven by the scope, the
/// largest organisation's 15,000 sessions cost a title lookup each (37 ms a search at 1M applications).
pub(super) fn sessions_carrying(conn: &mut Conn, scope: Scope, text: &Terms) -> Result<Option<Vec<i64>>, Error> {
    let limit = i64::try_from(MAX_FOUND + 1).unwrap_or(i64::MAX);
    let titled = titled(conn, text, limit)?;
    if titled.len() > MAX_FOUND {
        return Ok(None);
    }
    let (from, to) = &text.references;
    if titled.is_empty() && from.is_empty() {
        return Ok(Some(Vec::new()));
    }
    let mut query = sessions::table
        .filter(
            sessions::training_id
                .eq_any(titled)
                .or(sessions::reference.ge(from.clone()).and(sessions::reference.lt(to.clone()))),
        )
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
