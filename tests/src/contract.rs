//! Compile-time rules of the generated API (`docs/generated-api.md`), shown
//! on the fixture golden output: each `compile_fail` example sits beside
//! the same code that does compile, so it fails for the reason it names.
//!
//! # Every required member is an argument of `new`
//!
//! `CreateJob` has four required members; all four are arguments, in spec
//! order, and optional ones are setters:
//!
//! ```
//! use integration_tests::golden::tencent_fixture::{create_job::{CreateJobRequest, EndpointInfo}, types::*};
//! let request = CreateJobRequest::new(
//!     "nightly",
//!     EndpointInfo::new("10.0.0.1", 3306),
//!     EndpointInfo::new("10.0.0.2", 3306),
//!     RunMode::Immediate,
//! )
//! .instance_class("2xlarge");
//! # let _ = request;
//! ```
//!
//! Leaving one out does not compile:
//!
//! ```compile_fail,E0061
//! use integration_tests::golden::tencent_fixture::{create_job::{CreateJobRequest, EndpointInfo}, types::*};
//! let request = CreateJobRequest::new(
//!     "nightly",
//!     EndpointInfo::new("10.0.0.1", 3306),
//!     EndpointInfo::new("10.0.0.2", 3306),
//! );
//! ```
//!
//! nor does building one without them through `Default`:
//!
//! ```compile_fail,E0599
//! use integration_tests::golden::tencent_fixture::create_job::CreateJobRequest;
//! let request = CreateJobRequest::default();
//! ```
//!
//! # Adding an optional member breaks nothing
//!
//! Structures are `#[non_exhaustive]`: user code builds them with `new` and
//! setters, never with a struct literal that would have to name every
//! member, and reads fields by name.
//!
//! ```compile_fail,E0639
//! use integration_tests::golden::tencent_fixture::types::TagItem;
//! let tag = TagItem { tag_key: "env".into(), tag_value: None };
//! ```
//!
//! ```
//! use integration_tests::golden::tencent_fixture::types::TagItem;
//! let tag = TagItem::new("env").tag_value("prod");
//! assert_eq!(tag.tag_key, "env");
//! ```
//!
//! # Unknown enum values and error codes cannot be built or matched by name
//!
//! A `match` lists the known variants and handles the rest with `_`; an
//! unlisted value is read with `as_str()`. This compiles with every warning
//! denied:
//!
//! ```
//! #![deny(warnings)]
//! use integration_tests::golden::tencent_fixture::create_job::CreateJobErrorCode;
//! use integration_tests::golden::tencent_fixture::types::InstanceClass;
//! fn size(class: &InstanceClass) -> String {
//!     match class {
//!         InstanceClass::Small => "small".to_owned(),
//!         other => format!("unlisted or larger: {}", other.as_str()),
//!     }
//! }
//! assert_eq!(size(&InstanceClass::from("4xlarge")), "unlisted or larger: 4xlarge");
//! let code = CreateJobErrorCode::from("InternalError.Brand.New");
//! assert!(!matches!(code, CreateJobErrorCode::InvalidParameter));
//! assert_eq!(code.as_str(), "InternalError.Brand.New");
//! ```
//!
//! Without `_` the match does not compile (the enum is `#[non_exhaustive]`,
//! so a later version may add variants):
//!
//! ```compile_fail,E0004
//! use integration_tests::golden::tencent_fixture::types::JobStatus;
//! fn name(status: JobStatus) -> &'static str {
//!     match status {
//!         JobStatus::Created => "created",
//!         JobStatus::Running => "running",
//!     }
//! }
//! ```
//!
//! User code cannot build the unknown case:
//!
//! ```compile_fail,E0277
//! use integration_tests::golden::tencent_fixture::types::InstanceClass;
//! let class = InstanceClass::Unknown("4xlarge".into());
//! ```
//!
//! ```compile_fail,E0599
//! use cloud_sdk_runtime::UnknownValue;
//! use integration_tests::golden::tencent_fixture::create_job::CreateJobErrorCode;
//! let code = CreateJobErrorCode::Other(UnknownValue::new("Brand.New".to_owned()));
//! ```
//!
//! and naming it in a pattern is deprecated, an error under `-D warnings`:
//! the day a later spec lists `4xlarge`, `from("4xlarge")` gives its own
//! variant, and an arm that matched it as `Unknown` would silently stop
//! matching.
//!
//! ```compile_fail
//! #![deny(warnings)]
//! use integration_tests::golden::tencent_fixture::types::InstanceClass;
//! fn is_unlisted(class: &InstanceClass) -> bool {
//!     matches!(class, InstanceClass::Unknown(_))
//! }
//! ```
//!
//! ```compile_fail
//! #![deny(warnings)]
//! use integration_tests::golden::tencent_fixture::create_job::CreateJobErrorCode;
//! fn is_undocumented(code: &CreateJobErrorCode) -> bool {
//!     matches!(code, CreateJobErrorCode::Other(_))
//! }
//! ```
