//! The free text of a list (R-LIST-2), turned into what an index can read: a name is a range of candidates'
//! sort keys, a number a range of application references, and a word of a training title or a session
//! reference the few sessions of the scope that carry it. The list then reads these ranges within its scope
//! rather than every row of the scope joined to its candidates and trainings (7.5 s a page for the largest
//! organisation at 1M applications).

use diesel::prelude::*;
use domain::access::SessionRole;

use super::Scope;
use crate::db::Conn;
use crate::db::schema::{sessions, trainings};
use crate::store::Error;
use crate::store::organisations::{escape_like, lower};

/// Most sessions a search carries as a list of ids. A title word found in more sessions than that (say "POEC")
/// matches most of the scope anyway: the rows are then filtered by the title itself.
const MAX_SESSIONS: i64 = 1_000;

/// A resolved search.
#[derive(Debug, Clone, Default)]
pub struct Search {
    /// The candidates' sort keys from the first to before the second.
    pub names: Option<(String, String)>,
    /// The application references from the first to before the second (the text is a number).
    pub references: Option<(String, String)>,
    /// The sessions of the scope whose training title contains the text or whose reference starts with it.
    pub sessions: Vec<i64>,
    /// The title's pattern, when more sessions than [`MAX_SESSIONS`] carry it.
    pub broad_title: Option<String>,
}

impl Search {
    /// The search of `text` in `scope`; `None` when the text is blank.
    pub fn resolve(conn: &mut Conn, scope: Scope, text: &str) -> Result<Option<Self>, Error> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let digits = text.chars().all(|c| c.is_ascii_digit());
        let references = digits.then(|| (text.to_owned(), format!("{text}~")));
        let title = format!("%{}%", escape_like(&text.to_lowercase()));
        let reference = format!("{}%", escape_like(text));
        let mut query = sessions::table
            .inner_join(trainings::table)
            .filter(
                lower(trainings::title)
                    .like(title.clone())
                    .escape('\\')
                    .or(sessions::reference.like(reference).escape('\\')),
            )
            .select(sessions::id)
            .into_boxed();
        query = match scope {
            Scope::Session(id) => query.filter(sessions::id.eq(id)),
            Scope::Organisation { id, role: Some(SessionRole::Responsible) } => {
                query.filter(sessions::responsible_organisation_id.eq(id))
            }
            Scope::Organisation { id, role: Some(SessionRole::Trainer) } => {
                query.filter(sessions::trainer_organisation_id.eq(id))
            }
            Scope::Organisation { id, role: Some(SessionRole::Positioner) } => {
                query.filter(sessions::positioner_organisation_id.eq(id))
            }
            Scope::Organisation { id, role: None } => query.filter(
                sessions::responsible_organisation_id
                    .eq(id)
                    .or(sessions::trainer_organisation_id.eq(id))
                    .or(sessions::positioner_organisation_id.eq(id)),
            ),
            // A prescriber's applications span any session: its own rows narrow them afterwards.
            Scope::Prescriber(_) => query,
        };
        let mut sessions: Vec<i64> = query.limit(MAX_SESSIONS + 1).load(conn)?;
        let broad_title = (sessions.len() > MAX_SESSIONS as usize).then_some(title);
        if broad_title.is_some() {
            sessions.clear();
        }
        Ok(Some(Self { names: domain::application::name_search_range(text), references, sessions, broad_title }))
    }
}
