//! The command catalog: every service version, action and request member,
//! written by `build.rs` from the validated specs.

use serde_json::Value;

use crate::call::{Call, Context};

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
    /// How the action pages, for `--paginate`.
    pub paginator: Option<Pages>,
    /// Waiters polling this action, for `--wait`.
    pub waiters: &'static [WaiterCommand],
    /// Turns the request object into the typed request and runs it.
    pub run: for<'a> fn(&'a Context, Value) -> Call<'a>,
}

/// How a list action pages (the spec's `paginator`).
pub(crate) struct Pages {
    /// What selects the next page.
    pub cursor: CursorKind,
    /// Request member of the cursor.
    pub input: &'static str,
    /// The cursor member is a string holding a number (or a token).
    pub input_is_text: bool,
    /// Request member of the page size, which the caller sets or not.
    pub page_size: Option<&'static str>,
    /// Response path of one page's items.
    pub items: Path,
    /// Response path of the total number of items.
    pub total: Option<Path>,
}

/// The kind of cursor.
pub(crate) enum CursorKind {
    /// 0-based index of the first item, advanced by the items received.
    Offset,
    /// 1-based page number, advanced by one.
    PageNumber,
    /// A token read from this response path and sent back.
    Token(Path),
}

/// A resolved response path, by wire names.
pub(crate) struct Path {
    /// As the spec writes it (`JobList[].Status`).
    pub text: &'static str,
    /// One step per member.
    pub steps: &'static [Step],
}

/// One member along a path.
pub(crate) struct Step {
    /// Wire name.
    pub wire: &'static str,
    /// A list whose items the rest of the path looks into.
    pub each: bool,
}

/// A waiter of the spec, polling one action.
pub(crate) struct WaiterCommand {
    /// Kebab case (`migration-job-status`), the value of `--wait`.
    pub name: &'static str,
    /// First sentence of the docs.
    pub about: &'static str,
    /// Name of the wanted value, given with `--wait-for`.
    pub argument: Option<&'static str>,
    /// Conditions ending the wait well.
    pub success: &'static [Condition],
    /// Conditions ending it badly, checked after the success ones.
    pub failure: &'static [Condition],
    /// Error codes after which polling goes on.
    pub retry_errors: &'static [&'static str],
    /// Shortest pause between calls.
    pub min_delay_ms: u64,
    /// Longest pause between calls.
    pub max_delay_ms: u64,
}

/// A condition on a response member (the spec's acceptor).
pub(crate) struct Condition {
    /// The member.
    pub path: Path,
    /// Wanted values as the wire writes them; `None`: the `--wait-for` value.
    pub values: Option<&'static [&'static str]>,
    /// For a path through a list: every item must match (else any).
    pub all: bool,
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
