//! One call: the typed request from JSON, validated, then signed and sent
//! (or only signed, for `--dry-run`) through the SDK's runtime client.

use dts_sdk::runtime::{Client, Operation};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::dry_run;

/// Options of the tool for one call.
pub(crate) struct Context {
    /// Tokio runtime the call runs on.
    pub runtime: tokio::runtime::Runtime,
    /// `--region`, else the provider's environment variable.
    pub region: Option<String>,
    /// `--endpoint`.
    pub endpoint: Option<String>,
    /// `--profile`.
    pub profile: Option<String>,
    /// `--dry-run`.
    pub dry_run: bool,
}

/// Why the tool stops, and with which exit status.
#[derive(Debug)]
pub(crate) struct Failure {
    /// What to print after `error: `.
    pub message: String,
    /// 2 for bad input (nothing sent), 1 for a failed call.
    pub status: u8,
}

impl Failure {
    /// Bad input: nothing was sent.
    pub fn usage(message: String) -> Self {
        Self { message, status: 2 }
    }

    /// The call failed (service error, network, credentials).
    pub fn call(message: String) -> Self {
        Self { message, status: 1 }
    }
}

impl Context {
    /// The runtime client, configured like the SDK's (default credentials
    /// chain, profile, region, endpoint).
    fn client(&self) -> Result<Client, Failure> {
        let mut builder = Client::builder();
        if let Some(profile) = &self.profile {
            builder = builder.profile(profile);
        }
        if let Some(region) = &self.region {
            builder = builder.region(region);
        }
        if let Some(endpoint) = &self.endpoint {
            builder = builder.endpoint(endpoint);
        }
        builder
            .build()
            .map_err(|e| Failure::usage(format!("configuration: {e}")))
    }
}

/// Makes request `O` from `input`, checks it, and sends it (or prints it
/// signed). The catalog holds one instance per action.
pub(crate) fn run<O>(context: &Context, input: Value) -> Result<(), Failure>
where
    O: Operation + DeserializeOwned,
    O::Output: Serialize,
{
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
    let client = context.client()?;
    context.runtime.block_on(async {
        if context.dry_run {
            let signed = client
                .sign_request(request)
                .await
                .map_err(|e| Failure::call(e.to_string()))?;
            print!("{}", dry_run::show(&signed, O::SENSITIVE));
            return Ok(());
        }
        let output = client
            .send(request)
            .await
            .map_err(|e| Failure::call(e.to_string()))?;
        let text = serde_json::to_string_pretty(&output)
            .map_err(|e| Failure::call(format!("cannot print the {action} response: {e}")))?;
        println!("{text}");
        Ok(())
    })
}
