//! Request signing for the Tencent Cloud and Alibaba Cloud APIs, byte for
//! byte as the official SDKs sign.
//!
//! | module | algorithm |
//! |---|---|
//! | [`tc3`] | Tencent API 3.0 `TC3-HMAC-SHA256` (signature v3) |
//! | [`tencent_v1`] | Tencent signature v1, `HmacSHA1` / `HmacSHA256` |
//! | [`rpc_v2`] | Alibaba RPC signature V2, `HMAC-SHA1` |
//! | [`acs3`] | Alibaba signature V3, `ACS3-HMAC-SHA256`, for RPC and ROA APIs |
//! | [`roa_v1`] | Alibaba ROA signature, the older `acs <id>:<signature>` (`HMAC-SHA1`) |
//!
//! Supporting modules: [`encode`] (RFC 3986 and form encoding),
//! [`flatten`] (typed parameters to wire pairs) and [`roa`] (an ROA API's
//! path from its template, which both ROA signatures sign as is).
//!
//! Each signer module opens with its vendor's formula and follows it top to
//! bottom: it builds the canonical strings, sorts with a stable sort on the
//! documented key, percent-encodes with the `percent-encoding` crate and
//! hashes. Its `trace` returns every intermediate string, for tests and
//! debugging; `sign` returns only what is sent.
//!
//! Signers are pure functions of their inputs: timestamps and nonces are
//! passed in, never read from a clock or a random source, so the shared test
//! vectors reproduce exactly. Bad input (a header value with a line break, a
//! lowercase method) is a [`SignError`], never a panic.
//!
//! Secrets are borrowed ([`AccessKey`]) and never printed: every type that
//! holds a secret or a derived key redacts it in `Debug`.

pub mod acs3;
mod check;
mod date;
pub mod encode;
mod error;
pub mod flatten;
mod hash;
mod key;
pub mod roa;
pub mod roa_v1;
pub mod rpc_v2;
mod signature;
pub mod tc3;
pub mod tencent_v1;

pub use date::{http_date, iso8601_utc, UtcDate};
pub use error::SignError;
pub use hash::sha256_hex;
pub use key::AccessKey;
pub use signature::Signature;
