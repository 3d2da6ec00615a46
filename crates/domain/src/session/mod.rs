//! Sessions: calendar, date changes, derived state and size.

pub mod calendar;
pub mod calendar_change;
pub mod commune;
pub mod criteria;
pub mod parties_change;
pub mod session_type;
pub mod settings;
pub mod state;

pub use calendar::{CalendarDates, CalendarError, SessionCalendar};
pub use calendar_change::{
    CalendarChange, CalendarChangeError, CalendarChangeOutcome, CalendarField, CalendarRefusalDetails, CalendarWarning,
    StartRefusal, change_calendar, latest_organisation_start,
};
pub use commune::{Commune, CommuneError};
pub use criteria::{DayRange, StateCriteria};
pub use parties_change::{PartiesAndPlace, PartiesChange, PartiesChangeError, PartyField, change_parties};
pub use session_type::{SessionType, SessionTypeError};
pub use settings::{CapacityChangeError, SessionSize};
pub use state::SessionState;
