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
mod flows;
mod input;

use std::process::ExitCode;

use std::time::Duration;

use call::{Answer, Context, Failure};
use catalog::ActionCommand;

/// `--max-wait` when not given.
const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(600);

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
    let wait = wait_options(action, action_matches)?;
    let region_variable = match provider {
        "tencent" => "TENCENTCLOUD_REGION",
        _ => "ALIBABA_CLOUD_REGION_ID",
    };
    let region = option("region").or_else(|| std::env::var(region_variable).ok());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Failure::call(format!("cannot start the async runtime: {e}")))?;
    // The runtime client needs a Tokio runtime around it.
    let _entered = runtime.enter();
    let context = Context {
        client: call::client(
            option("profile").as_deref(),
            region.as_deref(),
            option("endpoint").as_deref(),
        )?,
        dry_run: action_matches.get_flag("dry-run"),
    };
    let paginate = action.paginator.as_ref().filter(|_| {
        action_matches
            .try_get_one::<bool>("paginate")
            .ok()
            .flatten()
            .copied()
            .unwrap_or(false)
    });
    let answer = runtime.block_on(async {
        match (paginate, &wait) {
            (Some(pages), _) => flows::paginate(&context, action, pages, input).await,
            (None, Some(wait)) => flows::wait(&context, action, wait, input).await,
            (None, None) => (action.run)(&context, input).await,
        }
    })?;
    if let Answer::Response(response) = answer {
        println!("{}", flows::pretty(&response));
    }
    Ok(())
}

/// `--wait` and its settings; `None` without `--wait`.
fn wait_options(
    action: &'static ActionCommand,
    matches: &clap::ArgMatches,
) -> Result<Option<flows::Wait<'static>>, Failure> {
    let Some(name) = matches.try_get_one::<String>("wait").ok().flatten() else {
        return Ok(None);
    };
    let waiter = action
        .waiters
        .iter()
        .find(|w| w.name == name.as_str())
        .ok_or_else(|| Failure::usage(format!("unknown waiter {name}")))?;
    let argument = matches.get_one::<String>("wait-for").cloned();
    match (waiter.argument, &argument) {
        (Some(wanted), None) => {
            return Err(Failure::usage(format!(
                "--wait {name} needs --wait-for <{wanted}>; nothing was sent"
            )))
        }
        (None, Some(_)) => {
            return Err(Failure::usage(format!(
                "--wait {name} takes no --wait-for; nothing was sent"
            )))
        }
        _ => {}
    }
    let millis = |flag: &str, default: u64| {
        Duration::from_millis(matches.get_one::<u64>(flag).copied().unwrap_or(default))
    };
    let min = millis("wait-min-delay-ms", waiter.min_delay_ms);
    let max = millis("wait-max-delay-ms", waiter.max_delay_ms).max(min);
    Ok(Some(flows::Wait {
        waiter,
        argument,
        max_wait: matches
            .get_one::<u64>("max-wait")
            .map_or(DEFAULT_MAX_WAIT, |s| Duration::from_secs(*s)),
        delays: (min, max),
    }))
}
