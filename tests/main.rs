//! Integration tests: the real application on a real socket (port 0), a fresh database per
//! test, on SQLite and on PostgreSQL. One binary; `helpers` has `spawn_app()`.

#[macro_use]
mod helpers;

mod access;
mod durability;
mod economy;
mod governance;
mod orgs;
mod participants;
mod plans;
mod reports;
mod shell;
mod stats;
mod surveys;
mod uploads;
