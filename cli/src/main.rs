//! `dts`: the DTS APIs of Tencent Cloud and Alibaba Cloud from the command
//! line, one subcommand per provider, service version and action, generated
//! from the same specs as the SDK (see `README.md`).
//!
//! ```text
//! dts tencent dts-2021-12-06 describe-migration-jobs --Limit 10
//! dts alibaba dts-2020-01-01 describe-dts-job-detail --DtsJobId dtsxxx --dry-run
//! dts completions bash
//! ```

mod call;
mod catalog;
mod command;
mod dry_run;
mod input;

use std::process::ExitCode;

use call::{Context, Failure};

fn main() -> ExitCode {
    let matches = command::build().get_matches();
    match run(&matches) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            eprintln!("error: {}", failure.message);
            ExitCode::from(failure.status)
        }
    }
}

fn run(matches: &clap::ArgMatches) -> Result<(), Failure> {
    let (provider, provider_matches) = matches
        .subcommand()
        .ok_or_else(|| Failure::usage("no command given".into()))?;
    if provider == "completions" {
        let shell = *provider_matches
            .get_one::<clap_complete::Shell>("shell")
            .ok_or_else(|| Failure::usage("no shell given".into()))?;
        clap_complete::generate(shell, &mut command::build(), "dts", &mut std::io::stdout());
        return Ok(());
    }
    let (service_name, service_matches) = provider_matches
        .subcommand()
        .ok_or_else(|| Failure::usage("no service version given".into()))?;
    let (action_name, action_matches) = service_matches
        .subcommand()
        .ok_or_else(|| Failure::usage("no action given".into()))?;
    let service = catalog::service(provider, service_name)
        .ok_or_else(|| Failure::usage(format!("unknown service {provider} {service_name}")))?;
    let action = service
        .actions
        .iter()
        .find(|a| a.name == action_name)
        .ok_or_else(|| Failure::usage(format!("unknown action {action_name}")))?;

    let option = |name: &str| action_matches.get_one::<String>(name).cloned();
    let input = input::request(action, action_matches, option("cli-input-json").as_deref())?;
    let region_variable = match provider {
        "tencent" => "TENCENTCLOUD_REGION",
        _ => "ALIBABA_CLOUD_REGION_ID",
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::call(format!("cannot start the async runtime: {e}")))?;
    let context = Context {
        runtime,
        region: option("region").or_else(|| std::env::var(region_variable).ok()),
        endpoint: option("endpoint"),
        profile: option("profile"),
        dry_run: action_matches.get_flag("dry-run"),
    };
    (action.run)(&context, input)
}
