//! Trainings holding a text, found by SQLite in its trigram index of their words (`training_trigrams`,
//! migration 2026-12-02-000100) instead of by reading every training: the searches of the applications list
//! (titles), of the sessions with free places (titles and objectives) and of the trainings list (titles,
//! references and contract numbers). PostgreSQL reads its pg_trgm indexes through the `LIKE` the callers keep.

use diesel::dsl::sql;
use diesel::expression::SqlLiteral;
use diesel::query_builder::QueryFragment;
use diesel::sql_types::{Bool, Text};

use crate::db::{AnyConnection, MultiBackend};

/// Which columns of `training_trigrams` a search reads, as an FTS5 column filter.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Words {
    Title,
    TitleObjective,
    TitleReferenceContract,
}

impl Words {
    fn filter(self) -> &'static str {
        match self {
            Self::Title => "{title}",
            Self::TitleObjective => "{title objective}",
            Self::TitleReferenceContract => "{title reference contract_number}",
        }
    }
}

/// `key IN (the trainings whose `words` hold `text`)`, for SQLite only: `None` on PostgreSQL, and for a text
/// of fewer than three characters, which matches no trigram (the caller's `LIKE` then reads every training).
/// The text is one FTS5 phrase, so its trigrams must follow each other: the substring, in any case; `%`, `_`
/// and quotes are characters like the others.
pub(crate) fn held_in(
    conn: &AnyConnection,
    key: &'static str,
    words: Words,
    text: &str,
) -> Option<SqlLiteral<Bool, impl QueryFragment<MultiBackend> + use<>>> {
    let text = text.trim();
    if !matches!(conn, AnyConnection::Sqlite(_)) || text.chars().count() < 3 {
        return None;
    }
    let phrase = format!("{} : \"{}\"", words.filter(), text.replace('"', "\"\""));
    Some(
        sql::<Bool>(&format!("{key} IN (SELECT rowid FROM training_trigrams WHERE training_trigrams MATCH "))
            .bind::<Text, _>(phrase)
            .sql(")"),
    )
}
