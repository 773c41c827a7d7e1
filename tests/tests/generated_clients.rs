//! End-to-end calls of the GENERATED clients (`dts-sdk`, built from
//! `spec/services/*.json`) against a local 127.0.0.1 server started by each
//! test: what goes on the wire (headers, bodies, parameter placement and
//! flattening), signatures recomputed independently (HMAC and SHA in the
//! test support, not the runtime's signer), typed responses, typed service
//! errors, validation before I/O and redaction of secrets.
//!
//! The server and the signature checks are the runtime's test support (the
//! `test-support` crate), shared rather than copied. Clocks, nonces and
//! sleeps are injected so every run is the same; retries are off unless a
//! test is about them, and every call is bounded by an operation timeout.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

use cloud_sdk_runtime::operation::SigningAlgorithm;
use cloud_sdk_runtime::{Client, ClientBuilder, Credentials, Error, Proxy, RetryConfig};
use dts_sdk::alibaba::dts::v20200101 as ali;
use dts_sdk::tencent::dts::v20180330 as tc2018;
use dts_sdk::tencent::dts::v20211206 as tc2021;
use serde_json::json;
use test_support::{
    verify_acs3, verify_rpc_v2, verify_tc3, verify_tencent_v1, CountingRandom, Recorded,
    RecordingSleep, Reply, Server, TickingClock,
};

use ali::modify_dts_job::{ModifyDtsJobErrorCode, ModifyDtsJobRequest};
use tc2018::describe_migrate_check_job::{
    DescribeMigrateCheckJobErrorCode, DescribeMigrateCheckJobRequest,
};
use tc2021::create_migration_service::CreateMigrationServiceRequest;
use tc2021::types::{DatabaseType, InstanceClass, TagItem};

const TC_ID: &str = "AKIDgeneratedClientTest";
const TC_KEY: &str = "tc-Very-S3cret-Key-gen";
const ALI_ID: &str = "LTAIgeneratedClientTest";
const ALI_SECRET: &str = "ali-Very-S3cret-Secret-gen";
const SRC_PASSWORD: &str = "src-Pa55word-NEVER-print";
const SRC_ACCESS_KEY: &str = "src-AccessKey-NEVER-print";
const DST_PASSWORD: &str = "dst-Pa55word-NEVER-print";
/// 2023-11-14T22:13:20Z.
const START: u64 = 1_700_000_000;

// ------------------------------------------------------------------ helpers

/// A client for the local server: fixed clock and nonces, no real sleeping,
/// no proxy, retries off, every call bounded.
fn builder(
    server: &Server,
    credentials: Credentials,
    region: &str,
    sleep: &Arc<RecordingSleep>,
) -> ClientBuilder {
    Client::builder()
        .credentials(credentials)
        .endpoint(server.url())
        .proxy(Proxy::None)
        .region(region)
        .clock(TickingClock::starting_at(START))
        .random(CountingRandom::with_jitter(0.5))
        .sleep(sleep.clone())
        .retry(RetryConfig::disabled())
        .connect_timeout(Duration::from_secs(2))
        .attempt_timeout(Duration::from_secs(5))
        .operation_timeout(Duration::from_secs(10))
}

fn tencent_2021(server: &Server, algorithm: SigningAlgorithm) -> tc2021::TencentDtsClient {
    let sleep = RecordingSleep::new();
    let runtime = builder(
        server,
        Credentials::new(TC_ID, TC_KEY),
        "ap-guangzhou",
        &sleep,
    )
    .signing_algorithm(algorithm)
    .build()
    .unwrap();
    tc2021::TencentDtsClient::new(runtime)
}

fn tencent_2018(server: &Server) -> tc2018::TencentDtsClient {
    let sleep = RecordingSleep::new();
    let runtime = builder(
        server,
        Credentials::new(TC_ID, TC_KEY),
        "ap-shanghai",
        &sleep,
    )
    .build()
    .unwrap();
    tc2018::TencentDtsClient::new(runtime)
}

fn alibaba(server: &Server, algorithm: SigningAlgorithm) -> ali::AlibabaDtsClient {
    let sleep = RecordingSleep::new();
    let runtime = builder(
        server,
        Credentials::new(ALI_ID, ALI_SECRET),
        "cn-hangzhou",
        &sleep,
    )
    .signing_algorithm(algorithm)
    .build()
    .unwrap();
    ali::AlibabaDtsClient::new(runtime)
}

fn create_migration_service() -> CreateMigrationServiceRequest {
    CreateMigrationServiceRequest::new(
        DatabaseType::Mysql,
        // Through `From<&str>`, as a caller reading the spec would.
        "cynosdbmysql",
        "ap-guangzhou",
        "ap-guangzhou",
        InstanceClass::TwoXlarge,
    )
    .count(2)
    .job_name("数据 迁移 & a+b=c")
    .tags([
        TagItem::new().tag_key("env").tag_value("prod"),
        TagItem::new().tag_key("team").tag_value("blue green"),
    ])
}

fn created() -> Reply {
    Reply::json(
        200,
        json!({"Response": {"JobIds": ["dts-1"], "RequestId": "r-1"}}),
    )
}

fn tencent_error(code: &str, message: &str, request_id: &str) -> Reply {
    Reply::json(
        200,
        json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": request_id}}),
    )
}

fn only_request(server: &Server) -> Recorded {
    let mut requests = server.requests();
    assert_eq!(requests.len(), 1, "exactly one request: {requests:?}");
    requests.remove(0)
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.chars().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

/// Whether `check` panics, i.e. an independent signature check rejects.
fn rejects(check: impl FnOnce()) -> bool {
    catch_unwind(AssertUnwindSafe(check)).is_err()
}

// ------------------------------------------------------------------ Tencent

#[tokio::test]
async fn tc3_create_migration_service_sends_signed_wire_json_and_decodes() {
    let server = Server::always(created()).await;
    let client = tencent_2021(&server, SigningAlgorithm::Tc3);
    let request = create_migration_service();

    let response = client
        .create_migration_service(request.clone())
        .await
        .unwrap();
    assert_eq!(response.job_ids, vec!["dts-1".to_string()]);
    assert_eq!(response.request_id, "r-1");

    let recorded = only_request(&server);
    assert_eq!(recorded.method, "POST");
    assert_eq!(recorded.path, "/");
    assert_eq!(recorded.query, "");
    assert_eq!(
        recorded.header("x-tc-action"),
        Some("CreateMigrationService")
    );
    assert_eq!(recorded.header("x-tc-version"), Some("2021-12-06"));
    assert_eq!(recorded.header("x-tc-region"), Some("ap-guangzhou"));
    assert_eq!(
        recorded.header("x-tc-timestamp"),
        Some(START.to_string().as_str())
    );
    assert_eq!(recorded.header("content-type"), Some("application/json"));
    assert_eq!(recorded.header("host"), Some(server.host().as_str()));

    // The body, byte for byte: compact, wire names in model order, enums as
    // their wire values, raw UTF-8.
    let wire = String::from_utf8(recorded.body.clone()).unwrap();
    assert_eq!(
        wire,
        concat!(
            r#"{"SrcDatabaseType":"mysql","DstDatabaseType":"cynosdbmysql","#,
            r#""SrcRegion":"ap-guangzhou","DstRegion":"ap-guangzhou","#,
            r#""InstanceClass":"2xlarge","Count":2,"JobName":"数据 迁移 & a+b=c","#,
            r#""Tags":[{"TagKey":"env","TagValue":"prod"},"#,
            r#"{"TagKey":"team","TagValue":"blue green"}]}"#,
        )
    );

    // TC3 recomputed from what arrived (date 2023-11-14, service `dts`).
    let authorization = recorded.header("authorization").unwrap();
    assert!(
        authorization.starts_with(&format!(
            "TC3-HMAC-SHA256 Credential={TC_ID}/2023-11-14/dts/tc3_request, "
        )),
        "{authorization}"
    );
    verify_tc3(&recorded, TC_ID, TC_KEY, "dts");
    // The check is not vacuous: another key, service or body fails it.
    assert!(rejects(|| {
        verify_tc3(&recorded, TC_ID, "another-key", "dts");
    }));
    assert!(rejects(|| {
        verify_tc3(&recorded, TC_ID, TC_KEY, "cvm");
    }));
    let mut tampered = recorded.clone();
    tampered.body = wire.replace("\"Count\":2", "\"Count\":3").into_bytes();
    assert!(rejects(|| {
        verify_tc3(&tampered, TC_ID, TC_KEY, "dts");
    }));
}

#[tokio::test]
async fn generated_clients_take_per_call_overrides() {
    let first = Server::always(created()).await;
    let second = Server::always(Reply::json(503, json!({"message": "busy"}))).await;
    let client = tencent_2021(&first, SigningAlgorithm::Tc3);

    // The endpoint and retries of one call, without a new client: the
    // write is retried on a 503 (nothing was applied) up to the override.
    let elsewhere = client.with_overrides(|o| o.endpoint(second.url()).max_attempts(3));
    let error = elsewhere
        .create_migration_service(create_migration_service())
        .await
        .unwrap_err();
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_eq!(second.count(), 3);

    // The original client is unchanged.
    client
        .create_migration_service(create_migration_service())
        .await
        .unwrap();
    assert_eq!((first.count(), second.count()), (1, 3));
}

#[tokio::test]
async fn tencent_v1_create_migration_service_flattens_and_signs_the_form() {
    let server = Server::always(created()).await;
    let client = tencent_2021(&server, SigningAlgorithm::TencentV1);

    let response = client
        .create_migration_service(create_migration_service())
        .await
        .unwrap();
    assert_eq!(response.job_ids, vec!["dts-1".to_string()]);

    let recorded = only_request(&server);
    assert_eq!(recorded.method, "POST");
    assert_eq!(recorded.path, "/");
    assert_eq!(
        recorded.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(recorded.header("authorization"), None);
    assert_eq!(recorded.header("x-tc-action"), None);

    let mut params = recorded.form_params();
    // Common parameters.
    assert_eq!(
        params.remove("Action").as_deref(),
        Some("CreateMigrationService")
    );
    assert_eq!(params.remove("Version").as_deref(), Some("2021-12-06"));
    assert_eq!(params.remove("Region").as_deref(), Some("ap-guangzhou"));
    assert_eq!(params.remove("SecretId").as_deref(), Some(TC_ID));
    assert_eq!(
        params.remove("Timestamp"),
        Some(START.to_string()),
        "timestamp from the injected clock"
    );
    assert!(params.remove("Nonce").unwrap().parse::<u64>().unwrap() > 0);
    assert_eq!(
        params.remove("SignatureMethod").as_deref(),
        Some("HmacSHA256")
    );
    assert!(params.remove("Signature").is_some());
    // The request itself, flattened: lists as `Name.N`, structures as
    // `Name.N.Member`, enums as their wire values, numbers as text.
    let expected: BTreeMap<String, String> = [
        ("SrcDatabaseType", "mysql"),
        ("DstDatabaseType", "cynosdbmysql"),
        ("SrcRegion", "ap-guangzhou"),
        ("DstRegion", "ap-guangzhou"),
        ("InstanceClass", "2xlarge"),
        ("Count", "2"),
        ("JobName", "数据 迁移 & a+b=c"),
        ("Tags.0.TagKey", "env"),
        ("Tags.0.TagValue", "prod"),
        ("Tags.1.TagKey", "team"),
        ("Tags.1.TagValue", "blue green"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    assert_eq!(params, expected);

    verify_tencent_v1(&recorded, TC_KEY);
    assert!(rejects(|| {
        verify_tencent_v1(&recorded, "another-key");
    }));
}

#[tokio::test]
async fn tencent_2018_service_errors_map_to_the_generated_code_enum() {
    // A code the spec documents for DescribeMigrateCheckJob.
    let server = Server::always(tencent_error(
        "ResourceNotFound.JobNotExist",
        "no such job",
        "r-2",
    ))
    .await;
    let client = tencent_2018(&server);
    let error = client
        .describe_migrate_check_job(DescribeMigrateCheckJobRequest::new("dts-1kl0iy0v"))
        .await
        .unwrap_err();
    match &error {
        Error::Service(service) => {
            assert_eq!(service.action, "DescribeMigrateCheckJob");
            assert_eq!(
                service.code,
                DescribeMigrateCheckJobErrorCode::ResourceNotFoundJobNotExist
            );
            assert_eq!(service.raw_code, "ResourceNotFound.JobNotExist");
            assert_eq!(service.message, "no such job");
            assert_eq!(service.request_id.as_deref(), Some("r-2"));
            assert_eq!(service.http_status, 200);
        }
        other => panic!("expected a service error, got {other:?}"),
    }
    assert_eq!(
        error.code(),
        Some(&DescribeMigrateCheckJobErrorCode::ResourceNotFoundJobNotExist)
    );
    assert_eq!(error.request_id(), Some("r-2"));
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "DescribeMigrateCheckJob failed: ResourceNotFound.JobNotExist: no such job \
         (request id r-2, HTTP 200)"
    );

    // The request went out as the 2018 version, signed.
    let recorded = only_request(&server);
    assert_eq!(
        recorded.header("x-tc-action"),
        Some("DescribeMigrateCheckJob")
    );
    assert_eq!(recorded.header("x-tc-version"), Some("2018-03-30"));
    assert_eq!(recorded.header("x-tc-region"), Some("ap-shanghai"));
    assert_eq!(recorded.json(), json!({"JobId": "dts-1kl0iy0v"}));
    verify_tc3(&recorded, TC_ID, TC_KEY, "dts");

    // A code the spec does not document is kept as received.
    let server = Server::always(tencent_error(
        "FailedOperation.SomethingNew",
        "new failure",
        "r-3",
    ))
    .await;
    let client = tencent_2018(&server);
    let error = client
        .describe_migrate_check_job(DescribeMigrateCheckJobRequest::new("dts-1kl0iy0v"))
        .await
        .unwrap_err();
    assert_eq!(
        error.code(),
        Some(&DescribeMigrateCheckJobErrorCode::from(
            "FailedOperation.SomethingNew"
        ))
    );
    assert_eq!(
        error.code().map(|code| code.as_str()),
        Some("FailedOperation.SomethingNew")
    );
    assert_eq!(error.raw_code(), Some("FailedOperation.SomethingNew"));
    let text = error.to_string();
    for part in ["FailedOperation.SomethingNew", "new failure", "r-3"] {
        assert!(text.contains(part), "{part} missing from {text}");
    }
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn tencent_2018_success_decodes_the_typed_response() {
    let server = Server::always(Reply::json(
        200,
        json!({"Response": {
            "Status": "finished", "ErrorCode": 0, "ErrorMessage": "", "Progress": "100",
            "CheckFlag": 1, "RequestId": "r-ok"
        }}),
    ))
    .await;
    let client = tencent_2018(&server);
    let response = client
        .describe_migrate_check_job(DescribeMigrateCheckJobRequest::new("dts-1kl0iy0v"))
        .await
        .unwrap();
    assert_eq!(
        response.status,
        tc2018::types::CheckJobStatus::from("finished")
    );
    assert_eq!(response.progress, "100");
    assert_eq!(response.request_id, "r-ok");
}

#[tokio::test]
async fn invalid_requests_fail_before_anything_is_sent() {
    let server = Server::always(created()).await;
    let client = tencent_2021(&server, SigningAlgorithm::Tc3);

    // A required member cannot be left out (it is an argument of `new`,
    // see the compile-fail doctests in tests/src/lib.rs); what the types
    // cannot hold is checked before sending, every problem at once.
    let error = client
        .create_migration_service(
            create_migration_service()
                .count(16)
                .job_name("x".repeat(200)),
        )
        .await
        .unwrap_err();
    match &error {
        Error::InvalidRequest(invalid) => {
            assert_eq!(invalid.action, "CreateMigrationService");
            assert_eq!(invalid.members().collect::<Vec<_>>(), ["Count", "JobName"]);
        }
        other => panic!("expected InvalidRequest, got {other:?}"),
    }
    assert!(
        error
            .to_string()
            .contains("`Count` must be between 1 and 15"),
        "{error}"
    );
    // Nothing about the request's values leaks into the error.
    let text = format!("{error} {error:?}");
    assert!(
        !text.contains(SRC_PASSWORD) && !text.contains(DST_PASSWORD),
        "{text}"
    );

    // Alibaba: ClientToken longer than 64 characters.
    let ali_client = alibaba(&server, SigningAlgorithm::Acs3);
    let error = ali_client
        .modify_dts_job(ModifyDtsJobRequest::new("dtsi-1").client_token("x".repeat(65)))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");

    assert_eq!(server.count(), 0, "no request may reach the server");
    assert_eq!(server.connections(), 0, "not even a connection");
}

// ------------------------------------------------------------------ Alibaba

fn db_list() -> serde_json::Value {
    json!({"dtstest": {"name": "dtstest", "all": true}})
}

fn modify_dts_job() -> ModifyDtsJobRequest {
    ModifyDtsJobRequest::new("dtsi-1 *x")
        .dts_job_id("job-1")
        .db_list(db_list())
        .data_initialization(true)
        .reserved(r#"{"a":"b c"}"#)
}

fn modified() -> Reply {
    Reply::json(
        200,
        json!({"DtsJobId": "j", "RequestId": "r", "Success": true}),
    )
}

/// Checks where `ModifyDtsJob`'s members went: scalars in the query, the
/// spec's body members in the form, `DbList` as compact JSON. Returns the
/// `ClientToken` sent.
fn assert_modify_placement(recorded: &Recorded) -> String {
    assert_eq!(recorded.method, "POST");
    assert_eq!(recorded.path, "/");
    assert_eq!(
        recorded.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    let query = recorded.query_params();
    assert_eq!(query["DtsInstanceId"], "dtsi-1 *x");
    assert_eq!(query["DtsJobId"], "job-1");
    assert_eq!(query["DataInitialization"], "true");
    assert_eq!(query["RegionId"], "cn-hangzhou", "filled from the client");
    assert!(!query.contains_key("DbList") && !query.contains_key("Reserved"));

    let form = recorded.form_params();
    let expected: BTreeMap<String, String> = [
        (
            "DbList".to_owned(),
            serde_json::to_string(&db_list()).unwrap(),
        ),
        ("Reserved".to_owned(), r#"{"a":"b c"}"#.to_owned()),
    ]
    .into_iter()
    .collect();
    assert_eq!(form, expected, "only the body members, DbList compact");
    assert!(!form["DbList"].contains(' '));
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&form["DbList"]).unwrap(),
        db_list()
    );
    query["ClientToken"].clone()
}

#[tokio::test]
async fn alibaba_acs3_modify_dts_job_places_parameters_and_signs() {
    let server = Server::always(modified()).await;
    let client = alibaba(&server, SigningAlgorithm::Acs3);
    let response = client.modify_dts_job(modify_dts_job()).await.unwrap();
    assert_eq!(response.dts_job_id.as_deref(), Some("j"));
    assert_eq!(response.success, Some(true));
    assert_eq!(response.request_id, "r");

    let recorded = only_request(&server);
    assert_eq!(recorded.header("x-acs-action"), Some("ModifyDtsJob"));
    assert_eq!(recorded.header("x-acs-version"), Some("2020-01-01"));
    assert_eq!(recorded.header("x-acs-date"), Some("2023-11-14T22:13:20Z"));
    let token = assert_modify_placement(&recorded);
    assert!(is_uuid(&token), "ClientToken auto-filled: {token}");
    let query = recorded.query_params();
    assert!(!query.contains_key("Action") && !query.contains_key("Signature"));
    verify_acs3(&recorded, ALI_ID, ALI_SECRET);
    assert!(rejects(|| {
        verify_acs3(&recorded, ALI_ID, "another-secret");
    }));
}

#[tokio::test]
async fn alibaba_rpc_v2_modify_dts_job_places_parameters_and_signs() {
    let server = Server::always(modified()).await;
    let client = alibaba(&server, SigningAlgorithm::RpcV2);
    let response = client.modify_dts_job(modify_dts_job()).await.unwrap();
    assert_eq!(response.dts_job_id.as_deref(), Some("j"));
    assert_eq!(response.success, Some(true));

    let recorded = only_request(&server);
    assert_eq!(recorded.header("authorization"), None);
    let token = assert_modify_placement(&recorded);
    assert!(is_uuid(&token), "ClientToken auto-filled: {token}");
    let query = recorded.query_params();
    assert_eq!(query["Action"], "ModifyDtsJob");
    assert_eq!(query["Version"], "2020-01-01");
    assert_eq!(query["Format"], "JSON");
    assert_eq!(query["AccessKeyId"], ALI_ID);
    assert_eq!(query["SignatureMethod"], "HMAC-SHA1");
    assert_eq!(query["SignatureVersion"], "1.0");
    assert_eq!(query["Timestamp"], "2023-11-14T22:13:20Z");
    assert!(is_uuid(&query["SignatureNonce"]));
    assert_ne!(query["SignatureNonce"], token);
    verify_rpc_v2(&recorded, ALI_SECRET);
    assert!(rejects(|| {
        verify_rpc_v2(&recorded, "another-secret");
    }));

    // A caller's own token and region are sent as they are.
    let server = Server::always(modified()).await;
    let client = alibaba(&server, SigningAlgorithm::RpcV2);
    client
        .modify_dts_job(
            modify_dts_job()
                .client_token("caller-token-1")
                .region_id("cn-beijing"),
        )
        .await
        .unwrap();
    let recorded = only_request(&server);
    assert_eq!(recorded.query_params()["ClientToken"], "caller-token-1");
    assert_eq!(recorded.query_params()["RegionId"], "cn-beijing");
    verify_rpc_v2(&recorded, ALI_SECRET);
}

#[tokio::test]
async fn alibaba_success_false_on_http_200_is_a_service_error() {
    for algorithm in [SigningAlgorithm::Acs3, SigningAlgorithm::RpcV2] {
        let server = Server::always(Reply::json(
            200,
            json!({"Success": "false", "ErrCode": "InternalError", "ErrMessage": "boom", "RequestId": "r"}),
        ))
        .await;
        let client = alibaba(&server, algorithm);
        let error = client.modify_dts_job(modify_dts_job()).await.unwrap_err();
        match &error {
            Error::Service(service) => {
                assert_eq!(service.action, "ModifyDtsJob");
                // Not documented for ModifyDtsJob: kept as received.
                assert_eq!(service.code, ModifyDtsJobErrorCode::from("InternalError"));
                assert_eq!(service.code.as_str(), "InternalError");
                assert_eq!(service.raw_code, "InternalError");
                assert_eq!(service.message, "boom");
                assert_eq!(service.request_id.as_deref(), Some("r"));
                assert_eq!(service.http_status, 200);
            }
            other => panic!("{algorithm:?}: expected a service error, got {other:?}"),
        }
        let text = error.to_string();
        for part in ["ModifyDtsJob", "InternalError", "boom", "request id r"] {
            assert!(text.contains(part), "{part} missing from {text}");
        }
        assert_eq!(server.count(), 1, "{algorithm:?}: retries are off");
    }

    // A documented code, in the same HTTP 200 shape.
    let server = Server::always(Reply::json(
        200,
        json!({"Success": false, "ErrCode": "OperationDenied.JobStatusModifying",
               "ErrMessage": "busy", "RequestId": "r-4"}),
    ))
    .await;
    let client = alibaba(&server, SigningAlgorithm::Acs3);
    let error = client.modify_dts_job(modify_dts_job()).await.unwrap_err();
    assert_eq!(
        error.code(),
        Some(&ModifyDtsJobErrorCode::OperationDeniedJobStatusModifying)
    );
}

#[tokio::test]
async fn alibaba_client_token_is_kept_across_retries() {
    // ModifyDtsJob carries the spec's idempotency token, so an ambiguous
    // failure is retried, with the same token and a fresh signature.
    let server = Server::sequence(vec![
        Reply::json(
            500,
            json!({"Code": "InternalError", "Message": "oops", "RequestId": "r1"}),
        ),
        modified(),
    ])
    .await;
    let sleep = RecordingSleep::new();
    let runtime = builder(
        &server,
        Credentials::new(ALI_ID, ALI_SECRET),
        "cn-hangzhou",
        &sleep,
    )
    .retry(RetryConfig::standard().with_max_attempts(2))
    .build()
    .unwrap();
    let client = ali::AlibabaDtsClient::new(runtime);
    client.modify_dts_job(modify_dts_job()).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    let tokens: Vec<String> = requests
        .iter()
        .map(|r| r.query_params()["ClientToken"].clone())
        .collect();
    assert_eq!(tokens[0], tokens[1]);
    assert!(is_uuid(&tokens[0]));
    let signatures: Vec<String> = requests
        .iter()
        .map(|r| verify_acs3(r, ALI_ID, ALI_SECRET))
        .collect();
    assert_ne!(signatures[0], signatures[1]);
    assert_eq!(sleep.sleeps().len(), 1, "one backoff, not slept for real");
}

// ------------------------------------------------------------------ secrets

fn create_migrate_job() -> tc2018::create_migrate_job::CreateMigrateJobRequest {
    use tc2018::types::{AccessType, DstInfo, MigrateOption, RunMode, SrcInfo};
    tc2018::create_migrate_job::CreateMigrateJobRequest::new(
        "nightly",
        MigrateOption::new(RunMode::Immediate),
        "mysql",
        AccessType::Extranet,
        SrcInfo::new()
            .ip("10.0.0.1")
            .port(3306)
            .user("dts")
            .password(SRC_PASSWORD)
            .access_key(SRC_ACCESS_KEY),
        "mysql",
        AccessType::Cvm,
        DstInfo::new("ap-shanghai")
            .instance_id("cdb-1")
            .user("root")
            .password(DST_PASSWORD),
    )
}

fn assert_no_secrets(text: &str) {
    for secret in [
        TC_KEY,
        ALI_SECRET,
        SRC_PASSWORD,
        SRC_ACCESS_KEY,
        DST_PASSWORD,
    ] {
        assert!(!text.contains(secret), "{secret} leaked: {text}");
    }
}

#[tokio::test]
async fn secrets_stay_out_of_debug_output_and_errors() {
    let request = create_migrate_job();
    let debug = format!("{request:?}");
    assert_no_secrets(&debug);
    assert_no_secrets(&format!("{request:#?}"));
    // The rest of the request is still shown.
    assert!(
        debug.contains("10.0.0.1") && debug.contains("nightly"),
        "{debug}"
    );
    assert_no_secrets(&format!("{:?}", request.src_info));

    // The secrets do go on the wire, and only there.
    let server = Server::always(tencent_error(
        "AuthFailure.SignatureFailure",
        "bad signature",
        "r-5",
    ))
    .await;
    let client = tencent_2018(&server);
    let error = client.create_migrate_job(request).await.unwrap_err();
    let recorded = only_request(&server);
    let body = recorded.json();
    assert_eq!(body["SrcInfo"]["Password"], SRC_PASSWORD);
    assert_eq!(body["SrcInfo"]["AccessKey"], SRC_ACCESS_KEY);
    assert_eq!(body["DstInfo"]["Password"], DST_PASSWORD);
    verify_tc3(&recorded, TC_ID, TC_KEY, "dts");
    assert_eq!(error.raw_code(), Some("AuthFailure.SignatureFailure"));

    let tencent_runtime = client.runtime().clone();
    let ali_client = alibaba(&server, SigningAlgorithm::RpcV2);
    for text in [
        format!("{error}"),
        format!("{error:?}"),
        format!("{error:#?}"),
        format!("{client:?}"),
        format!("{tencent_runtime:?}"),
        format!("{ali_client:?}"),
        format!("{:?}", tencent_2021(&server, SigningAlgorithm::TencentV1)),
    ] {
        assert_no_secrets(&text);
    }
}

#[test]
fn generated_clients_and_futures_are_send() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<tc2021::TencentDtsClient>();
    assert_send_sync::<tc2018::TencentDtsClient>();
    assert_send_sync::<ali::AlibabaDtsClient>();
    assert_send_sync::<Error<ModifyDtsJobErrorCode>>();
    let client = tc2021::TencentDtsClient::new(
        Client::builder()
            .credentials(Credentials::new(TC_ID, TC_KEY))
            .build()
            .unwrap(),
    );
    let future = client.create_migration_service(create_migration_service());
    assert_send(&future);
}
