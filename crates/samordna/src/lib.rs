//! The library half of the binary: what the commands and the integration tests share.

pub mod bench_data;
pub mod demo;
