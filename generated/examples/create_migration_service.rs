//! Buys one migration job with Tencent DTS 2021-12-06.
//!
//! Credentials come from the default chain (`TENCENTCLOUD_SECRET_ID` and
//! `TENCENTCLOUD_SECRET_KEY`, or `~/.tencentcloud/credentials`); set
//! `DTS_ENDPOINT=http://127.0.0.1:PORT` to talk to a local server instead.
//!
//! ```sh
//! cargo run -p dts-sdk --example create_migration_service
//! ```

use dts_sdk::runtime::Client;
use dts_sdk::tencent::dts::v20211206::{
    create_migration_service::CreateMigrationServiceRequest,
    types::{DatabaseType, InstanceClass},
    TencentDtsClient,
};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut builder = Client::builder().region("ap-guangzhou");
    if let Ok(endpoint) = std::env::var("DTS_ENDPOINT") {
        builder = builder.endpoint(endpoint);
    }
    let dts = TencentDtsClient::new(builder.build()?);

    // Every required member is an argument of `new`, in spec order;
    // optional ones have setters.
    let request = CreateMigrationServiceRequest::new(
        DatabaseType::Mysql,
        DatabaseType::Mysql,
        "ap-guangzhou",
        "ap-guangzhou",
        InstanceClass::Small,
    )
    .job_name("nightly copy");
    let response = dts.create_migration_service(request).await?;
    println!(
        "new jobs: {:?} (request {})",
        response.job_ids, response.request_id
    );
    Ok(())
}
