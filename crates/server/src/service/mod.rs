//! The use cases: each parses nothing, owns its transaction and answers a contract type; handlers only call them.

pub mod accounts;
