//! Error codes of the generated clients: the providers' common codes that
//! every action carries, and the service-wide error that `?` converts any
//! action's error into. Against a local 127.0.0.1 server.

use std::time::Duration;

use cloud_sdk_runtime::{
    AlibabaCommonError, Client, Credentials, Proxy, RetryConfig, TencentCommonError,
};
use dts_sdk::alibaba::dts::v20200101 as ali;
use dts_sdk::tencent::dts::v20180330 as tc2018;
use serde_json::json;
use test_support::{CountingRandom, RecordingSleep, Reply, Server, TickingClock};

use tc2018::describe_migrate_check_job::{
    DescribeMigrateCheckJobErrorCode, DescribeMigrateCheckJobRequest,
};
use tc2018::describe_migrate_jobs::DescribeMigrateJobsRequest;

fn runtime(server: &Server, region: &str) -> Client {
    Client::builder()
        .credentials(Credentials::new("AKIDserviceErrors", "service-errors-key"))
        .endpoint(server.url())
        .proxy(Proxy::None)
        .region(region)
        .clock(TickingClock::starting_at(1_700_000_000))
        .random(CountingRandom::with_jitter(0.5))
        .sleep(RecordingSleep::new())
        .retry(RetryConfig::disabled())
        .operation_timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

fn tencent_error(code: &str, request_id: &str) -> Reply {
    Reply::json(
        200,
        json!({"Response": {"Error": {"Code": code, "Message": "it failed"}, "RequestId": request_id}}),
    )
}

#[test]
fn the_generator_and_the_runtime_agree_on_the_common_codes() {
    assert_eq!(
        cloud_sdk_codegen::TENCENT_COMMON_CODES,
        TencentCommonError::VALUES
    );
    assert_eq!(
        cloud_sdk_codegen::ALIBABA_COMMON_CODES,
        AlibabaCommonError::VALUES
    );
}

#[test]
fn every_action_code_enum_reads_common_codes_as_common() {
    let code = DescribeMigrateCheckJobErrorCode::from("AuthFailure.SignatureFailure");
    assert_eq!(
        code,
        DescribeMigrateCheckJobErrorCode::Common(TencentCommonError::AuthFailureSignatureFailure)
    );
    assert_eq!(code.as_str(), "AuthFailure.SignatureFailure");
    // Documented codes keep their own variant; the match is exact.
    assert_eq!(
        DescribeMigrateCheckJobErrorCode::from("ResourceNotFound.JobNotExist"),
        DescribeMigrateCheckJobErrorCode::ResourceNotFoundJobNotExist
    );
    assert!(!matches!(
        DescribeMigrateCheckJobErrorCode::from("authfailure.signaturefailure"),
        DescribeMigrateCheckJobErrorCode::Common(_)
    ));
    let code = ali::modify_dts_job::ModifyDtsJobErrorCode::from("Throttling.User");
    assert_eq!(
        code,
        ali::modify_dts_job::ModifyDtsJobErrorCode::Common(AlibabaCommonError::ThrottlingUser)
    );
}

#[tokio::test]
async fn a_common_tencent_error_decodes_into_the_common_variant() {
    let server = Server::always(tencent_error("RequestLimitExceeded", "r-1")).await;
    let client = tc2018::TencentDtsClient::new(runtime(&server, "ap-shanghai"));
    let error = client
        .describe_migrate_check_job(DescribeMigrateCheckJobRequest::new("dts-1"))
        .await
        .unwrap_err();
    assert_eq!(
        error.code(),
        Some(&DescribeMigrateCheckJobErrorCode::Common(
            TencentCommonError::RequestLimitExceeded
        ))
    );
    assert!(error.is_throttling());
    assert_eq!(error.request_id(), Some("r-1"));
}

/// Two different actions in one function, each error carried by `?`.
async fn check_then_list(client: &tc2018::TencentDtsClient) -> Result<u64, tc2018::Error> {
    client
        .describe_migrate_check_job(DescribeMigrateCheckJobRequest::new("dts-1"))
        .await?;
    let jobs = client
        .describe_migrate_jobs(DescribeMigrateJobsRequest::new())
        .await?;
    Ok(jobs.total_count)
}

#[tokio::test]
async fn question_mark_carries_errors_of_different_actions() {
    let server = Server::sequence(vec![
        Reply::json(
            200,
            json!({"Response": {"Status": "finished", "ErrorCode": 0, "ErrorMessage": "", "Progress": "100", "CheckFlag": 1, "RequestId": "r-0"}}),
        ),
        tencent_error("ResourceNotFound.JobNotExist", "r-2"),
    ])
    .await;
    let client = tc2018::TencentDtsClient::new(runtime(&server, "ap-shanghai"));
    let error = check_then_list(&client).await.unwrap_err();
    // The second action failed; its code is read as the service-wide code.
    assert_eq!(
        error.code(),
        Some(&tc2018::ErrorCode::ResourceNotFoundJobNotExist)
    );
    assert_eq!(error.raw_code(), Some("ResourceNotFound.JobNotExist"));
    assert_eq!(error.message(), Some("it failed"));
    assert_eq!(error.request_id(), Some("r-2"));
    assert_eq!(
        error.as_runtime().as_service().map(|e| e.action),
        Some("DescribeMigrateJobs")
    );
    assert!(error.to_string().contains("DescribeMigrateJobs failed"));

    // A common code stays common through the conversion.
    let server = Server::always(tencent_error("AuthFailure.SecretIdNotFound", "r-3")).await;
    let client = tc2018::TencentDtsClient::new(runtime(&server, "ap-shanghai"));
    let error = check_then_list(&client).await.unwrap_err();
    assert_eq!(
        error.code(),
        Some(&tc2018::ErrorCode::Common(
            TencentCommonError::AuthFailureSecretIdNotFound
        ))
    );
    assert_eq!(server.count(), 1, "the first failure stops the function");
}
