//! Who may do what: roles and their permissions, the accounts that log in, and the audit log
//! every write and every read of personal data leaves behind.

pub mod audit;
pub mod login;
pub mod roles;
pub mod users;
