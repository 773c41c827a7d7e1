//! Typed SDK for the Data Transfer Service (DTS) of Tencent Cloud and
//! Alibaba Cloud, generated at build time from the JSON specs in `spec/`.
#![deny(missing_docs)]

pub use cloud_sdk_runtime as runtime;

include!(concat!(env!("OUT_DIR"), "/services.rs"));
