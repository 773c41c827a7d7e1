//! A whole Alibaba DTS 2020-01-01 migration: create the DTS instance,
//! configure the job (which starts its pre-check), wait for the pre-check,
//! start, wait until the job migrates, describe it; then list every DTS
//! job with the paginator.
//!
//! ```sh
//! cargo run -p dts-sdk --example alibaba_migration_flow
//! ```
//!
//! With no credentials in the environment and no `DTS_ENDPOINT`, the example
//! starts a local simulator (`examples/simulator/`) and runs against it.
//! With `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET`
//! set it runs unchanged against the real service, **which buys a billed
//! instance**; describe your databases with `DTS_REGION` (default
//! `cn-hangzhou`), `DTS_SRC_INSTANCE`, `DTS_DST_INSTANCE` (RDS instance
//! IDs), `DTS_DB_USER` and `DTS_DB_PASSWORD`. `DTS_ENDPOINT` sends the calls
//! to another local server.

mod simulator;

use std::sync::Arc;
use std::time::Duration;

use dts_sdk::alibaba::dts::v20200101::{
    configure_dts_job::ConfigureDtsJobRequest, create_dts_instance::CreateDtsInstanceRequest,
    describe_dts_job_detail::DescribeDtsJobDetailRequest,
    describe_dts_jobs::DescribeDtsJobsRequest,
    describe_pre_check_status::DescribePreCheckStatusRequest, start_dts_job::StartDtsJobRequest,
    AlibabaDtsClient,
};
use dts_sdk::runtime::{Client, Credentials};
use futures_util::TryStreamExt;

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

/// The client: the real service when credentials are set, else the
/// simulator (or `DTS_ENDPOINT`).
async fn connect(region: &str) -> Result<AlibabaDtsClient, Box<dyn std::error::Error>> {
    let mut builder = Client::builder().region(region);
    let endpoint = std::env::var("DTS_ENDPOINT").ok();
    let credentials = std::env::var_os("ALIBABA_CLOUD_ACCESS_KEY_ID").is_some();
    if endpoint.is_none() && !credentials {
        let simulator = simulator::Simulator::start().await?;
        println!(
            "no credentials: running against the simulator at {}",
            simulator.url()
        );
        builder = builder
            .endpoint(simulator.url())
            .credentials(Credentials::new("LTAIsimulator", "simulator-secret"))
            .sleep(Arc::new(simulator::ShortSleep));
    } else if let Some(endpoint) = endpoint {
        builder = builder.endpoint(endpoint);
        if !credentials {
            builder = builder.credentials(Credentials::new("LTAIlocal", "local-secret"));
        }
    }
    Ok(AlibabaDtsClient::new(builder.build()?))
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let region = env("DTS_REGION", "cn-hangzhou");
    let dts = connect(&region).await?;

    // 1. Create the DTS instance of a MySQL-to-MySQL migration.
    let created = dts
        .create_dts_instance(
            CreateDtsInstanceRequest::new()
                .r#type("MIGRATION")
                .pay_type("PostPaid")
                .instance_class("small")
                .source_region(region.as_str())
                .destination_region(region.as_str())
                .source_endpoint_engine_name("MySQL")
                .destination_endpoint_engine_name("MySQL")
                .region_id(region.as_str()),
        )
        .await?;
    let instance = created.instance_id.ok_or("no instance created")?;
    println!("created {instance}");

    // 2. Configure the job: structure and full data, one database.
    let user = env("DTS_DB_USER", "dts");
    let password = env("DTS_DB_PASSWORD", "simulated-password");
    let configured = dts
        .configure_dts_job(
            ConfigureDtsJobRequest::new(
                "example migration",
                "RDS",
                "RDS",
                true,
                true,
                false,
                "MIGRATION",
            )
            .dts_instance_id(instance.as_str())
            .region_id(region.as_str())
            .source_endpoint_instance_id(env("DTS_SRC_INSTANCE", "rm-src"))
            .source_endpoint_engine_name("MySQL")
            .source_endpoint_region(region.as_str())
            .source_endpoint_user_name(user.as_str())
            .source_endpoint_password(password.as_str())
            .destination_endpoint_instance_id(env("DTS_DST_INSTANCE", "rm-dst"))
            .destination_endpoint_engine_name("MySQL")
            .destination_endpoint_region(region.as_str())
            .destination_endpoint_user_name(user.as_str())
            .destination_endpoint_password(password.as_str())
            .db_list(r#"{"shop":{"name":"shop","all":true}}"#),
        )
        .await?;
    let job = configured.dts_job_id.ok_or("no job configured")?;
    println!("configured {job}");

    // 3. Configuring started the pre-check: wait for it.
    let minutes = |n: u64| Duration::from_secs(60 * n);
    dts.wait_until_pre_check_finished(
        DescribePreCheckStatusRequest::new(job.as_str(), "01").region_id(region.as_str()),
        minutes(15),
    )
    .await?;
    println!("pre-check passed");

    // 4. Start, and wait until the job migrates.
    dts.start_dts_job(
        StartDtsJobRequest::new()
            .dts_job_id(job.as_str())
            .region_id(region.as_str()),
    )
    .await?;
    let detail = DescribeDtsJobDetailRequest::new()
        .dts_job_id(job.as_str())
        .region_id(region.as_str());
    let running = dts
        .wait_until_dts_job_status(detail, "Migrating", minutes(60))
        .await?;

    // 5. Describe it.
    println!(
        "{job}: {}",
        running.status.as_deref().unwrap_or("(no status)")
    );

    // Every migration job, two per page.
    let jobs: Vec<_> = dts
        .describe_dts_jobs_paginator(
            DescribeDtsJobsRequest::new()
                .job_type("MIGRATION")
                .region_id(region.as_str())
                .page_size(2),
        )
        .items()
        .try_collect()
        .await?;
    for listed in &jobs {
        println!(
            "job {} is {}",
            listed.dts_job_id.as_deref().unwrap_or("?"),
            listed.status.as_deref().unwrap_or("?")
        );
    }
    Ok(())
}
