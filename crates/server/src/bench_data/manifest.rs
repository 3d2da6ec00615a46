//! What the load bench needs to know about the generated data: accounts, special sessions, volumes.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub seed: u64,
    pub today: NaiveDate,
    pub applications: u64,
    pub sessions: u64,
    pub organisations: u64,
    /// Every account's password.
    pub password: String,
    pub platform_admin: String,
    /// By applications on which the organisation holds a role (responsible, trainer or positioner), most first.
    pub training_organisations: Vec<CountedAccount>,
    /// By applications sent, most first.
    pub prescribers: Vec<Prescriber>,
    pub funders: Vec<Account>,
    pub intake_organisation: Account,
    /// Open for applications today, empty, capacity 10 000 × 10.
    pub intake_sessions: Vec<String>,
    pub hot_session: String,
    pub export_session: ExportSession,
    /// Pending applications of sessions whose decisions closed (R-TIME-1), for the job to switch.
    pub due_applications: u64,
    /// Time the load took.
    pub seconds: f64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub email: String,
    pub organisation_id: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountedAccount {
    pub email: String,
    pub organisation_id: i64,
    pub applications: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Prescriber {
    pub email: String,
    pub organisation_id: i64,
    pub france_travail: bool,
    pub applications: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportSession {
    pub reference: String,
    pub applications: u64,
}
