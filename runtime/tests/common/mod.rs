//! The shared test support now lives in the `test-support` crate; this
//! module keeps `mod common;` and `common::...` working in the test files.

pub use test_support::*;
