//! The command catalog: every service version, action and request member,
//! written by `build.rs` from the validated specs.

use serde_json::Value;

use crate::call::{Context, Failure};

/// One service version (`tencent dts-2021-12-06`).
pub(crate) struct ServiceCommand {
    /// Provider subcommand (`tencent`, `alibaba`).
    pub provider: &'static str,
    /// Service version subcommand (`dts-2021-12-06`).
    pub name: &'static str,
    /// One line of help.
    pub about: &'static str,
    /// Actions, in spec order.
    pub actions: &'static [ActionCommand],
}

/// One action (`describe-migration-jobs`).
pub(crate) struct ActionCommand {
    /// Subcommand in kebab case.
    pub name: &'static str,
    /// Wire name, also accepted as the subcommand (`DescribeMigrationJobs`).
    pub wire: &'static str,
    /// First sentence of the docs.
    pub about: &'static str,
    /// The whole docs.
    pub docs: &'static str,
    /// Request members, in spec order.
    pub members: &'static [Member],
    /// Turns the request object into the typed request and runs it.
    pub run: fn(&Context, Value) -> Result<(), Failure>,
}

/// How a flag's text becomes a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// A JSON string.
    Text,
    /// A JSON integer.
    Integer,
    /// A JSON number.
    Float,
    /// `true` or `false`.
    Bool,
    /// The flag's text is JSON itself (structures, maps, nested lists).
    Json,
}

/// One top-level request member.
pub(crate) struct Member {
    /// Wire name, also the flag (`--JobId`), as tccli and aliyun spell it.
    pub wire: &'static str,
    /// Kebab-case alias (`--job-id`), unless it would collide with an
    /// option of the tool (Alibaba has `Region`, `Endpoint`, `DryRun`).
    pub alias: Option<&'static str>,
    /// How the value is written.
    pub shape: Shape,
    /// A list of scalars: the flag repeats, one item each.
    pub list: bool,
    /// Must be sent.
    pub required: bool,
    /// Holds a secret (redacted by `--dry-run`).
    pub sensitive: bool,
    /// First sentence of the docs.
    pub help: &'static str,
    /// Known values of an enumeration (others are accepted too).
    pub values: &'static [&'static str],
}

include!(concat!(env!("OUT_DIR"), "/commands.rs"));

/// The service version `provider name`.
pub(crate) fn service(provider: &str, name: &str) -> Option<&'static ServiceCommand> {
    SERVICES
        .iter()
        .find(|s| s.provider == provider && s.name == name)
}
