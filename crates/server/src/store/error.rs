//! What can go wrong in the store, said in the store's words: which constraint a write broke, which trigger
//! refused it. Only the edge (`impl From<Error> for ApiError`) turns these into problem codes.

use diesel::result::{DatabaseErrorInformation, DatabaseErrorKind};

/// A failed store operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The row asked for does not exist.
    #[error("not found")]
    NotFound,
    /// A unique constraint refused the write: the unique index is the last word on duplicates, even when two
    /// requests race.
    #[error("unique constraint {constraint:?} refused the write")]
    Conflict { constraint: Constraint },
    /// A row refers to one that does not exist.
    #[error("foreign key refused the write")]
    UnknownReference,
    /// A trigger or a check of the schema, the backstop of the rules, refused the write.
    #[error("the schema refused the write: {0:?}")]
    Refused(Backstop),
    /// PostgreSQL could not serialise this transaction with a concurrent one, or rolled it back to end a
    /// deadlock: nothing of it was saved, and the same request sent again may pass.
    #[error("concurrent update")]
    ConcurrentUpdate,
    /// The connection to the database was lost.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A stored value this code cannot read back (an unknown state, a negative counter, unreadable JSON).
    #[error("corrupt stored data: {0}")]
    Corrupt(String),
    /// Anything else, a fault of this code or of the driver.
    #[error("{0}")]
    Other(String),
}

/// The unique constraints whose violation means something to a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Constraint {
    /// `users.email`: an account already has this address.
    UserEmail,
    /// `organisations.siret`: an organisation already has this SIRET.
    OrganisationSiret,
    /// `applications_one_live_per_candidate`: the person already holds a live application on the session.
    OneLiveApplication,
    /// Another one, by its name (PostgreSQL) or its columns (SQLite).
    Other(String),
}

impl Constraint {
    /// Named by PostgreSQL's constraint name, or by SQLite's message, which lists the columns instead
    /// (`UNIQUE constraint failed: users.email`).
    fn of(info: &dyn DatabaseErrorInformation) -> Self {
        let name = info.constraint_name().map(str::to_owned).unwrap_or_else(|| {
            let message = info.message();
            message.strip_prefix("UNIQUE constraint failed: ").unwrap_or(message).to_owned()
        });
        match name.as_str() {
            "users_email_key" | "users.email" => Self::UserEmail,
            "organisations_siret_key" | "organisations.siret" => Self::OrganisationSiret,
            "applications_one_live_per_candidate" | "applications.session_id, applications.identity_key" => {
                Self::OneLiveApplication
            }
            _ => Self::Other(name),
        }
    }
}

/// The reasons the schema's triggers and checks give, the backstop of the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backstop {
    /// A validated decision was about to change (R-AVIS-6).
    DecisionFinal,
    /// The session has no place left (R-QUOTA-2).
    SessionFull,
    /// A pending application was about to be written into a cancelled session (R-APP-2).
    SessionCancelled,
    /// The session's capacity of retained applications is reached (R-QUOTA-4).
    CapacityReached,
    /// PostgreSQL cannot store U+0000 in text: the client sent it (backstop of `crate::nul_guard`).
    NulCharacter,
    /// Any other check of the schema.
    CheckViolation,
}

impl Backstop {
    /// The reason a trigger raised, found in the backend's message, or a check that failed.
    fn of(kind: &DatabaseErrorKind, message: &str) -> Option<Self> {
        if message.contains("decision_final") {
            Some(Self::DecisionFinal)
        } else if message.contains("session_full") {
            Some(Self::SessionFull)
        } else if message.contains("session_cancelled") {
            Some(Self::SessionCancelled)
        } else if message.contains("capacity_reached") {
            Some(Self::CapacityReached)
        } else if message.contains("0x00") {
            Some(Self::NulCharacter)
        } else if matches!(kind, DatabaseErrorKind::CheckViolation) || message.contains("CHECK constraint failed") {
            Some(Self::CheckViolation)
        } else {
            None
        }
    }
}

impl From<diesel::result::Error> for Error {
    fn from(error: diesel::result::Error) -> Self {
        use diesel::result::Error as Diesel;
        match &error {
            Diesel::NotFound => Self::NotFound,
            Diesel::DatabaseError(kind, info) => {
                if let Some(backstop) = Backstop::of(kind, info.message()) {
                    return Self::Refused(backstop);
                }
                match kind {
                    DatabaseErrorKind::UniqueViolation => Self::Conflict { constraint: Constraint::of(info.as_ref()) },
                    DatabaseErrorKind::ForeignKeyViolation => Self::UnknownReference,
                    DatabaseErrorKind::SerializationFailure => Self::ConcurrentUpdate,
                    _ if is_deadlock(info.message()) => Self::ConcurrentUpdate,
                    DatabaseErrorKind::ClosedConnection => Self::Unavailable(error.to_string()),
                    _ => Self::Other(error.to_string()),
                }
            }
            Diesel::DeserializationError(_) => Self::Corrupt(error.to_string()),
            _ => Self::Other(error.to_string()),
        }
    }
}

/// PostgreSQL's deadlock (SQLSTATE 40P01), which diesel does not name: by its message, which the server writes
/// in English unless its `lc_messages` says otherwise.
fn is_deadlock(message: &str) -> bool {
    message.starts_with("deadlock detected")
}

/// A stored counter, which the schema keeps non-negative: a negative one is corrupt data, not zero.
pub fn count<T: TryFrom<V>, V: Copy + std::fmt::Display>(value: V, what: &str) -> Result<T, Error> {
    T::try_from(value).map_err(|_| Error::Corrupt(format!("{what} is {value}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_negative_counter_is_corrupt_not_zero() {
        assert_eq!(count::<u32, i64>(3, "attempts").ok(), Some(3));
        assert!(matches!(count::<u32, i64>(-1, "attempts"), Err(Error::Corrupt(m)) if m == "attempts is -1"));
    }

    struct Info {
        message: &'static str,
        constraint: Option<&'static str>,
    }

    impl DatabaseErrorInformation for Info {
        fn message(&self) -> &str {
            self.message
        }
        fn details(&self) -> Option<&str> {
            None
        }
        fn hint(&self) -> Option<&str> {
            None
        }
        fn table_name(&self) -> Option<&str> {
            None
        }
        fn column_name(&self) -> Option<&str> {
            None
        }
        fn constraint_name(&self) -> Option<&str> {
            self.constraint
        }
        fn statement_position(&self) -> Option<i32> {
            None
        }
    }

    #[test]
    fn a_unique_constraint_is_named_the_same_on_both_backends() {
        let postgres =
            Info { message: "duplicate key value violates unique constraint", constraint: Some("users_email_key") };
        let sqlite = Info { message: "UNIQUE constraint failed: users.email", constraint: None };
        assert_eq!(Constraint::of(&postgres), Constraint::UserEmail);
        assert_eq!(Constraint::of(&sqlite), Constraint::UserEmail);
        let live = Info {
            message: "UNIQUE constraint failed: applications.session_id, applications.identity_key",
            constraint: None,
        };
        assert_eq!(Constraint::of(&live), Constraint::OneLiveApplication);
        let other = Info { message: "UNIQUE constraint failed: trainings.reference", constraint: None };
        assert_eq!(Constraint::of(&other), Constraint::Other("trainings.reference".to_owned()));
    }

    #[test]
    fn triggers_are_recognised_by_the_reason_they_raise() {
        let unknown = DatabaseErrorKind::Unknown;
        assert_eq!(Backstop::of(&unknown, "decision_final"), Some(Backstop::DecisionFinal));
        assert_eq!(Backstop::of(&unknown, "ERROR: session_full"), Some(Backstop::SessionFull));
        assert_eq!(Backstop::of(&unknown, "capacity_reached"), Some(Backstop::CapacityReached));
        assert_eq!(Backstop::of(&unknown, "ERROR: session_cancelled"), Some(Backstop::SessionCancelled));
        assert_eq!(Backstop::of(&unknown, "invalid byte sequence 0x00"), Some(Backstop::NulCharacter));
        assert_eq!(Backstop::of(&unknown, "CHECK constraint failed: x"), Some(Backstop::CheckViolation));
        assert_eq!(Backstop::of(&DatabaseErrorKind::CheckViolation, "ck"), Some(Backstop::CheckViolation));
        assert_eq!(Backstop::of(&unknown, "something else"), None);
    }
}
