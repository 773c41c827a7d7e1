//! Test support shared by the workspace's tests (not published).
//!
//! - `vendor_data`: where the vendors' metadata is, and the one-line skip
//!   when it is missing.
//! - With the `runtime` feature: a tiny HTTP/1.1 server on 127.0.0.1 that
//!   records requests and answers with scripted replies (`Server`),
//!   independent signature checks (HMAC and SHA computed here, not by the
//!   runtime's signer: `verify_tc3` and the others), deterministic clock,
//!   randomness and sleeping (`TickingClock`, `CountingRandom`,
//!   `RecordingSleep`), scratch folders (`TempDir`) and hand-written
//!   operations shaped like the generated ones (`ops`).
//!
//! The runtime's own unit tests cannot use this crate (it links the runtime
//! as an ordinary dependency); integration tests in `runtime/tests/` and
//! `tests/tests/` do.

pub mod vendor_data;

pub use vendor_data::{tccli_services, tencent_dts_error_module, vendor_meta, vendor_meta_dir};

#[cfg(feature = "runtime")]
mod encoding;
#[cfg(feature = "runtime")]
mod fakes;
#[cfg(feature = "runtime")]
pub mod ops;
#[cfg(feature = "runtime")]
mod server;
#[cfg(feature = "runtime")]
mod signatures;
#[cfg(feature = "runtime")]
mod temp_dir;

#[cfg(feature = "runtime")]
pub use encoding::{decode_form, percent_decode, rfc3986};
#[cfg(feature = "runtime")]
pub use fakes::{CountingRandom, RecordingSleep, TickingClock};
#[cfg(feature = "runtime")]
pub use server::{Recorded, Reply, Server};
#[cfg(feature = "runtime")]
pub use signatures::{verify_acs3, verify_roa_v1, verify_rpc_v2, verify_tc3, verify_tencent_v1};
#[cfg(feature = "runtime")]
pub use temp_dir::TempDir;
