//! A whole Tencent DTS 2021-12-06 migration: create the migration service,
//! configure it, run the check and wait for it, start, wait until the job
//! is ready to complete, complete, wait for success; then list every
//! migration job with the paginator.
//!
//! ```sh
//! cargo run -p dts-sdk --example tencent_migration_flow
//! ```
//!
//! With no credentials in the environment and no `DTS_ENDPOINT`, the example
//! starts a local simulator (`examples/simulator/`) and runs against it.
//! With `TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY` set it runs
//! unchanged against the real service, **which buys a billed job**; describe
//! your databases with `DTS_REGION` (default `ap-guangzhou`),
//! `DTS_SRC_INSTANCE`, `DTS_DST_INSTANCE` (cdb instance IDs), `DTS_DB_USER`
//! and `DTS_DB_PASSWORD`. `DTS_ENDPOINT=http://127.0.0.1:PORT` sends the
//! calls to another local server.

mod simulator;

use std::sync::Arc;
use std::time::Duration;

use dts_sdk::runtime::{Client, Credentials};
use dts_sdk::tencent::dts::v20211206::{
    complete_migrate_job::CompleteMigrateJobRequest,
    create_migrate_check_job::CreateMigrateCheckJobRequest,
    create_migration_service::CreateMigrationServiceRequest,
    describe_migration_check_job::DescribeMigrationCheckJobRequest,
    describe_migration_detail::DescribeMigrationDetailRequest,
    describe_migration_jobs::DescribeMigrationJobsRequest,
    modify_migration_job::ModifyMigrationJobRequest,
    start_migrate_job::StartMigrateJobRequest,
    types::{
        CheckFlag, DatabaseTableObject, DatabaseType, DbEndpointInfo, DbInfo, InstanceClass,
        MigrateOption,
    },
    TencentDtsClient,
};
use futures_util::TryStreamExt;

fn env(name: &str, default: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| default.to_owned())
}

/// The client: the real service when credentials are set, else the
/// simulator (or `DTS_ENDPOINT`).
async fn connect(region: &str) -> Result<TencentDtsClient, Box<dyn std::error::Error>> {
    let mut builder = Client::builder().region(region);
    let endpoint = std::env::var("DTS_ENDPOINT").ok();
    let credentials = std::env::var_os("TENCENTCLOUD_SECRET_ID").is_some();
    if endpoint.is_none() && !credentials {
        let simulator = simulator::Simulator::start().await?;
        println!(
            "no credentials: running against the simulator at {}",
            simulator.url()
        );
        builder = builder
            .endpoint(simulator.url())
            .credentials(Credentials::new("AKIDsimulator", "simulator-key"))
            .sleep(Arc::new(simulator::ShortSleep));
    } else if let Some(endpoint) = endpoint {
        builder = builder.endpoint(endpoint);
        if !credentials {
            builder = builder.credentials(Credentials::new("AKIDlocal", "local-key"));
        }
    }
    Ok(TencentDtsClient::new(builder.build()?))
}

fn endpoint(region: &str, instance: &str, user: &str, password: &str) -> DbEndpointInfo {
    let database = DbInfo::new()
        .instance_id(instance)
        .user(user)
        .password(password);
    DbEndpointInfo::new(region, "cdb", "mysql", "simple", [database])
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let region = env("DTS_REGION", "ap-guangzhou");
    let dts = connect(&region).await?;

    // 1. Create the migration service (one job).
    let created = dts
        .create_migration_service(CreateMigrationServiceRequest::new(
            DatabaseType::Mysql,
            DatabaseType::Mysql,
            region.as_str(),
            region.as_str(),
            InstanceClass::Small,
        ))
        .await?;
    let job_id = created.job_ids.first().ok_or("no job created")?.clone();
    println!("created {job_id}");

    // 2. Configure it: whole instance, from source to destination.
    let user = env("DTS_DB_USER", "dts");
    let password = env("DTS_DB_PASSWORD", "simulated-password");
    let source = endpoint(
        &region,
        &env("DTS_SRC_INSTANCE", "cdb-src"),
        &user,
        &password,
    );
    let target = endpoint(
        &region,
        &env("DTS_DST_INSTANCE", "cdb-dst"),
        &user,
        &password,
    );
    let option = MigrateOption::new(DatabaseTableObject::new("all")).migrate_type("all");
    dts.modify_migration_job(
        ModifyMigrationJobRequest::new(job_id.as_str(), "immediate", option, source, target)
            .job_name("example migration"),
    )
    .await?;
    println!("configured");

    // 3. Check, and wait for the check to finish.
    dts.create_migrate_check_job(CreateMigrateCheckJobRequest::new(job_id.as_str()))
        .await?;
    let check = dts
        .wait_until_migration_check_finished(
            DescribeMigrationCheckJobRequest::new(job_id.as_str()),
            Duration::from_secs(15 * 60),
        )
        .await?;
    if check.check_flag != CheckFlag::CheckPass {
        return Err(format!("the check did not pass: {}", check.brief_msg).into());
    }
    println!("check passed");

    // 4. Start, and wait until the full copy is done.
    dts.start_migrate_job(StartMigrateJobRequest::new(job_id.as_str()))
        .await?;
    let detail = || DescribeMigrationDetailRequest::new(job_id.as_str());
    let hour = Duration::from_secs(3600);
    dts.wait_until_migration_job_status(detail(), "readyComplete", hour)
        .await?;
    println!("ready to complete");

    // 5. Complete, and wait for success.
    dts.complete_migrate_job(CompleteMigrateJobRequest::new(job_id.as_str()))
        .await?;
    dts.wait_until_migration_job_status(detail(), "success", hour)
        .await?;
    println!("{job_id} succeeded");

    // Every migration job, two per page.
    let jobs: Vec<_> = dts
        .describe_migration_jobs_paginator(DescribeMigrationJobsRequest::new().limit(2))
        .items()
        .try_collect()
        .await?;
    for job in &jobs {
        println!("job {} is {}", job.job_id, job.status);
    }
    Ok(())
}
