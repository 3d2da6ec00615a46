//! Domain enums stored as their text codes. The domain knows nothing of diesel and the orphan rule forbids
//! diesel's traits on its types here, so [`Coded`] carries them through: rows declare the domain type with
//! `#[diesel(deserialize_as = Coded<T>)]` (and `serialize_as` to write), and a code this build does not know
//! is a deserialisation error, read back as [`super::Error::Corrupt`], never a silent default.

use diesel::backend::Backend;
use diesel::deserialize::{self, FromSql, Queryable};
use diesel::serialize::{self, Output, ToSql};
use diesel::sql_types::{Nullable, Text};

use contract::{DeliveryState, MembershipStatus, OrganisationKind};
use domain::application::ApplicationState;
use domain::decision::AutomaticNotRetained;
use domain::training::Publication;

/// An enum stored as a text code.
pub trait Code: Sized + Copy + std::fmt::Debug + 'static {
    /// What the code names, for the message of an unknown one.
    const WHAT: &'static str;
    /// Every value: the codes a column may hold.
    const ALL: &'static [Self];

    fn code(self) -> &'static str;

    fn from_code(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|value| value.code() == code)
    }
}

/// A domain value on its way to or from a text column.
#[derive(Debug, Clone, Copy, diesel::AsExpression)]
#[diesel(sql_type = Text)]
pub struct Coded<T: Code>(pub T);

impl<T: Code> Coded<T> {
    /// What the `deserialize_as` derive calls; a method, as `TryFrom<Coded<T>> for T` breaks the orphan rule.
    pub fn try_into(self) -> Result<T, std::convert::Infallible> {
        Ok(self.0)
    }
}

impl<T: Code> From<T> for Coded<T> {
    fn from(value: T) -> Self {
        Self(value)
    }
}

impl<T: Code, DB> Queryable<Text, DB> for Coded<T>
where
    DB: Backend,
    String: FromSql<Text, DB>,
{
    type Row = String;

    fn build(code: String) -> deserialize::Result<Self> {
        parse(&code).map(Self)
    }
}

/// A stored code read back, or the error that makes it corrupt data.
fn parse<T: Code>(code: &str) -> deserialize::Result<T> {
    T::from_code(code).ok_or_else(|| format!("unknown {} code {code:?}", T::WHAT).into())
}

/// A domain value, or none, from a nullable text column.
#[derive(Debug, Clone, Copy)]
pub struct MaybeCoded<T: Code>(pub Option<T>);

impl<T: Code> MaybeCoded<T> {
    /// What the `deserialize_as` derive calls, as for [`Coded`].
    pub fn try_into(self) -> Result<Option<T>, std::convert::Infallible> {
        Ok(self.0)
    }
}

impl<T: Code, DB> Queryable<Nullable<Text>, DB> for MaybeCoded<T>
where
    DB: Backend,
    Option<String>: FromSql<Nullable<Text>, DB>,
{
    type Row = Option<String>;

    fn build(code: Option<String>) -> deserialize::Result<Self> {
        code.as_deref().map(parse).transpose().map(Self)
    }
}

impl<T: Code, DB> ToSql<Text, DB> for Coded<T>
where
    DB: Backend,
    str: ToSql<Text, DB>,
{
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, DB>) -> serialize::Result {
        self.0.code().to_sql(out)
    }
}

/// The enums whose own `code()` is their stored code.
macro_rules! coded_by_own_code {
    ($($type:ty => $what:literal),* $(,)?) => {$(
        impl Code for $type {
            const WHAT: &'static str = $what;
            const ALL: &'static [Self] = &<$type>::ALL;

            fn code(self) -> &'static str {
                <$type>::code(self)
            }
        }
    )*};
}

coded_by_own_code! {
    ApplicationState => "application state",
    Publication => "training publication",
    OrganisationKind => "organisation kind",
}

impl Code for AutomaticNotRetained {
    const WHAT: &'static str = "automatic decision";
    const ALL: &'static [Self] = &[Self::UnexcusedAbsence, Self::ExcusedAbsenceAtLastInvite];

    fn code(self) -> &'static str {
        AutomaticNotRetained::code(self)
    }
}

impl Code for DeliveryState {
    const WHAT: &'static str = "delivery state";
    const ALL: &'static [Self] = &[Self::Pending, Self::Sent, Self::Dead];

    fn code(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Sent => "sent",
            Self::Dead => "dead",
        }
    }
}

impl Code for MembershipStatus {
    const WHAT: &'static str = "membership status";
    const ALL: &'static [Self] = &Self::ALL;

    fn code(self) -> &'static str {
        MembershipStatus::code(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trips<T: Code + PartialEq>() {
        for &value in T::ALL {
            assert_eq!(T::from_code(value.code()), Some(value), "{value:?}");
        }
        assert_eq!(T::from_code("unheard_of"), None);
    }

    #[test]
    fn every_stored_code_reads_back_as_its_value() {
        round_trips::<ApplicationState>();
        round_trips::<Publication>();
        round_trips::<OrganisationKind>();
        round_trips::<DeliveryState>();
        round_trips::<MembershipStatus>();
        round_trips::<AutomaticNotRetained>();
    }

    #[test]
    fn an_unknown_code_is_an_error_not_a_default() {
        let read = <Coded<DeliveryState> as Queryable<Text, diesel::sqlite::Sqlite>>::build("lost".to_owned());
        assert_eq!(read.unwrap_err().to_string(), "unknown delivery state code \"lost\"");
    }
}
