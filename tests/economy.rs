//! The money: the follow-up reproduces the seeds' half-year reports, the ledger import is all
//! or nothing, payouts wait for their papers, and the contributions and the socioeconomic
//! effect come out as the seeds give them.

mod contributions;
mod follow_up;
mod payouts;
mod socioeconomic;
