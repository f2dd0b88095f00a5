//! Integration tests: the real application on a real socket (port 0), a fresh database per
//! test, on SQLite and on PostgreSQL. One binary; `helpers` has `spawn_app()`.

mod helpers;

mod access;
mod auth;
mod contributions;
mod durability;
mod economy;
mod participants;
mod payouts;
mod shell;
mod socioeconomic;
mod stats;
mod surveys;
