//! One module per screen.

pub mod admin;
pub mod applications;
pub mod home;
pub mod invitation;
pub mod login;
pub mod members;
pub mod not_found;
pub mod notifications;
pub mod password;
pub mod prescriber;
pub mod sessions;
pub mod signup;
pub mod trainings;
