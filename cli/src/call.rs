//! One call: the typed request from JSON, validated, then signed and sent
//! (or only signed, for `--dry-run`) through the SDK's runtime client.

use std::future::Future;
use std::pin::Pin;

use dts_sdk::runtime::{Client, Operation};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::dry_run;

/// Options of the tool for one run.
pub(crate) struct Context {
    /// The runtime client, configured like the SDK's.
    pub client: Client,
    /// `--dry-run`.
    pub dry_run: bool,
}

/// What a call gives back.
#[derive(Debug)]
pub(crate) enum Answer {
    /// The typed response, as JSON under wire names.
    Response(Value),
    /// `--dry-run`: the signed request was printed.
    Printed,
}

/// A call in progress.
pub(crate) type Call<'a> = Pin<Box<dyn Future<Output = Result<Answer, Failure>> + 'a>>;

/// Why the tool stops, and with which exit status.
#[derive(Debug)]
pub(crate) struct Failure {
    /// What to print after `error: `.
    pub message: String,
    /// 2 for bad input (nothing sent), 1 for a failed call.
    pub status: u8,
    /// The service's error code, for service errors.
    pub code: Option<String>,
}

impl Failure {
    /// Bad input: nothing was sent.
    pub fn usage(message: String) -> Self {
        Self {
            message,
            status: 2,
            code: None,
        }
    }

    /// The call failed (service error, network, credentials).
    pub fn call(message: String) -> Self {
        Self {
            message,
            status: 1,
            code: None,
        }
    }
}

/// The runtime client: default credentials chain, profile, region and
/// endpoint, exactly as the SDK's builder takes them.
pub(crate) fn client(
    profile: Option<&str>,
    region: Option<&str>,
    endpoint: Option<&str>,
) -> Result<Client, Failure> {
    let mut builder = Client::builder();
    if let Some(profile) = profile {
        builder = builder.profile(profile);
    }
    if let Some(region) = region {
        builder = builder.region(region);
    }
    if let Some(endpoint) = endpoint {
        builder = builder.endpoint(endpoint);
    }
    builder
        .build()
        .map_err(|e| Failure::usage(format!("configuration: {e}")))
}

/// Makes request `O` from `input`, checks it, and sends it (or prints it
/// signed). The catalog holds one instance per action.
pub(crate) fn run<O>(context: &Context, input: Value) -> Call<'_>
where
    O: Operation + DeserializeOwned,
    O::Output: Serialize,
{
    Box::pin(async move {
        let action = O::ACTION.name;
        let request: O = serde_path_to_error::deserialize(input).map_err(|e| {
            Failure::usage(format!(
                "invalid {action} request: `{}`: {}",
                e.path(),
                e.inner()
            ))
        })?;
        // `send` validates too; checking first keeps bad input at status 2.
        request
            .validate()
            .map_err(|e| Failure::usage(format!("{e}; nothing was sent")))?;
        if context.dry_run {
            let signed = context
                .client
                .sign_request(request)
                .await
                .map_err(|e| Failure::call(e.to_string()))?;
            print!("{}", dry_run::show(&signed, O::ACTION, O::SENSITIVE));
            return Ok(Answer::Printed);
        }
        let output = context.client.send(request).await.map_err(|e| Failure {
            message: e.to_string(),
            status: 1,
            code: e.raw_code().map(str::to_owned),
        })?;
        serde_json::to_value(&output)
            .map(Answer::Response)
            .map_err(|e| Failure::call(format!("cannot print the {action} response: {e}")))
    })
}
