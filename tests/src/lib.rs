//! Integration tests across the generator, the runtime and the generated SDK.
//!
//! The library part compiles the generator's golden output (committed under
//! `codegen/tests/golden/`) with every warning denied, so a golden file that
//! does not build cleanly fails the build; the tests in `tests/` exercise it.
//! [`example_check`] compares the vendors' example responses with the specs;
//! [`contract`] holds the compile-fail tests of the generated API's rules.
#![deny(warnings)]

pub mod contract;
pub mod example_check;
pub mod golden;
