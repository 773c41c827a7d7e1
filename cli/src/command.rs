//! The clap command tree, built from the catalog at start-up.

use clap::builder::{PossibleValue, PossibleValuesParser};
use clap::{Arg, ArgAction, Command};

use crate::catalog::{ActionCommand, Member, Shape, SERVICES};

/// `dts <provider> <service-version> <action> [flags]`, plus `completions`.
pub(crate) fn build() -> Command {
    let mut root = Command::new("dts")
        .about("Calls the DTS APIs of Tencent Cloud and Alibaba Cloud from the command line")
        .long_about(
            "Calls the DTS APIs of Tencent Cloud and Alibaba Cloud from the command line.\n\n\
             Members of the request are flags named as on the wire (`--JobId`, also `--job-id`); \
             structures and maps are given as JSON text, lists of scalars by repeating the flag. \
             The response is printed as JSON. Credentials come from the SDK's default chain \
             (environment, profile files, instance roles).",
        )
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .args(tool_options())
        .subcommand(
            Command::new("completions")
                .about("Prints a shell completion script")
                .arg(
                    Arg::new("shell")
                        .required(true)
                        .value_parser(clap::value_parser!(clap_complete::Shell)),
                ),
        );
    let mut providers: Vec<&str> = SERVICES.iter().map(|s| s.provider).collect();
    providers.dedup();
    for provider in providers {
        let mut command = Command::new(provider)
            .about(match provider {
                "tencent" => "Tencent Cloud API 3.0 services",
                "alibaba" => "Alibaba Cloud RPC services",
                _ => "Services of this provider",
            })
            .subcommand_required(true)
            .arg_required_else_help(true);
        for service in SERVICES.iter().filter(|s| s.provider == provider) {
            let actions = service.actions.iter().map(action_command);
            command = command.subcommand(
                Command::new(service.name)
                    .about(service.about)
                    .subcommand_required(true)
                    .arg_required_else_help(true)
                    .subcommands(actions),
            );
        }
        root = root.subcommand(command);
    }
    root
}

/// Options of the tool, accepted before or after the subcommands.
fn tool_options() -> Vec<Arg> {
    let value = |name: &'static str, value_name: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .value_name(value_name)
            .help(help)
            .help_heading("Tool options")
            .global(true)
    };
    vec![
        value(
            "region",
            "REGION",
            "Region (else TENCENTCLOUD_REGION or ALIBABA_CLOUD_REGION_ID)",
        ),
        value(
            "endpoint",
            "URL",
            "Endpoint overriding the service's host (`https://host`, `http://127.0.0.1:8080`)",
        ),
        value(
            "profile",
            "NAME",
            "Credentials profile of the vendor's profile files",
        ),
        value(
            "cli-input-json",
            "FILE",
            "Read the request from a JSON file (`-` for standard input); flags override its members",
        ),
        Arg::new("dry-run")
            .long("dry-run")
            .action(ArgAction::SetTrue)
            .help("Print the signed HTTP request, secrets redacted, and send nothing")
            .help_heading("Tool options")
            .global(true),
    ]
}

fn action_command(action: &'static ActionCommand) -> Command {
    let mut command = Command::new(action.name)
        .alias(action.wire)
        .about(action.about)
        .long_about(action.docs)
        .args(action.members.iter().map(member_arg));
    if action.paginator.is_some() {
        command = command.arg(
            Arg::new("paginate")
                .long("paginate")
                .action(ArgAction::SetTrue)
                .help("Fetch every page and print all items as one JSON array")
                .help_heading("Tool options"),
        );
    }
    if !action.waiters.is_empty() {
        let mut options = wait_options(action);
        if action.paginator.is_some() {
            options[0] = options[0].clone().conflicts_with("paginate");
        }
        command = command.args(options);
    }
    if action.members.iter().any(|m| m.required) {
        command = command.after_help(
            "Members marked [required] must be given, as flags or in --cli-input-json.",
        );
    }
    command
}

/// `--wait` and its settings, for an action some waiter polls.
fn wait_options(action: &'static ActionCommand) -> Vec<Arg> {
    let waiters = action.waiters.iter().map(|w| {
        let mut value = PossibleValue::new(w.name).help(w.about);
        if let Some(argument) = w.argument {
            value = value.help(format!("{} (needs --wait-for <{argument}>)", w.about));
        }
        value
    });
    let option = |name: &'static str, value_name: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .value_name(value_name)
            .help(help)
            .help_heading("Tool options")
            .requires("wait")
    };
    vec![
        Arg::new("wait")
            .long("wait")
            .value_name("WAITER")
            .value_parser(PossibleValuesParser::new(waiters))
            .help(
                "Call the action until the waiter's condition holds, then print the last response",
            )
            .help_heading("Tool options"),
        option(
            "wait-for",
            "VALUE",
            "The state a waiter with an argument waits for",
        ),
        option(
            "max-wait",
            "SECONDS",
            "Give up after this long (default 600)",
        )
        .value_parser(clap::value_parser!(u64)),
        option(
            "wait-min-delay-ms",
            "MS",
            "Shortest pause between calls (default: the waiter's)",
        )
        .value_parser(clap::value_parser!(u64)),
        option(
            "wait-max-delay-ms",
            "MS",
            "Longest pause between calls (default: the waiter's)",
        )
        .value_parser(clap::value_parser!(u64)),
    ]
}

fn member_arg(member: &'static Member) -> Arg {
    let mut help = Vec::new();
    if member.required {
        help.push("[required]".to_owned());
    }
    if !member.help.is_empty() {
        help.push(member.help.to_owned());
    }
    if member.list {
        help.push("(repeat the flag for each item)".to_owned());
    }
    if member.sensitive {
        help.push("(secret: redacted by --dry-run)".to_owned());
    }
    if !member.values.is_empty() {
        help.push(format!("[known values: {}]", member.values.join(", ")));
    }
    let value_name = match member.shape {
        Shape::Text => "TEXT",
        Shape::Integer => "INT",
        Shape::Float => "NUMBER",
        Shape::Bool => "BOOL",
        Shape::Json => "JSON",
    };
    let mut arg = Arg::new(member.wire)
        .long(member.wire)
        .value_name(value_name)
        .help(help.join(" "))
        .help_heading("Request members")
        .action(if member.list {
            ArgAction::Append
        } else {
            ArgAction::Set
        });
    if let Some(alias) = member.alias {
        arg = arg.visible_alias(alias);
    }
    arg
}

#[cfg(test)]
mod tests {
    /// clap's own consistency checks over every subcommand (duplicate
    /// flags, dangling conflicts), which otherwise run only when a
    /// subcommand is used.
    #[test]
    fn every_subcommand_passes_clap_checks() {
        // `Command::build` builds every subcommand, with the global
        // options propagated, and runs clap's debug assertions on each.
        super::build().build();
    }
}
