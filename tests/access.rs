//! Access: least privilege route by route, logins, sessions and tokens, and the audit log.

mod audit;
mod login;
mod requests;
mod routes;
