//! Calls through `MockTransport` instead of the network: requests are still
//! signed (checked here independently), retried and decoded; the mock
//! records them and replays canned responses.

mod common;

use std::sync::Arc;
use std::time::Duration;

use cloud_sdk_runtime::mock::MockTransport;
use cloud_sdk_runtime::operation::SigningAlgorithm;
use cloud_sdk_runtime::transport::{HttpRequest, HttpResponse, TransportError};
use cloud_sdk_runtime::{Client, ClientBuilder, Credentials, Error};
use common::ops::{CreateService, DescribeJobs, ModifyDtsJob, StartDtsJob};
use common::{verify_rpc_v2, verify_tc3, CountingRandom, Recorded, RecordingSleep, TickingClock};
use serde_json::json;

const ID: &str = "AKIDmockSecretId";
const KEY: &str = "mock-Very-S3cret-Key";
const START: u64 = 1_700_000_000;

fn builder(mock: &MockTransport, sleep: &Arc<RecordingSleep>) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(ID, KEY))
        .region("ap-guangzhou")
        .clock(TickingClock::starting_at(START))
        .random(CountingRandom::with_jitter(0.5))
        .sleep(sleep.clone())
        .transport(mock.clone())
}

/// The request as the local test server would have recorded it, so the
/// independent signature checks of `common` apply.
// Arrival times are measured, as the test server records them.
#[allow(clippy::disallowed_methods)]
fn recorded(request: &HttpRequest) -> Recorded {
    let mut headers: Vec<(String, String)> = request
        .headers()
        .map(|(n, v)| (n.to_owned(), v.to_owned()))
        .collect();
    headers.push(("host".to_owned(), request.host().to_owned()));
    Recorded {
        method: request.method().to_owned(),
        path: request.path().to_owned(),
        query: request.query().unwrap_or_default().to_owned(),
        headers,
        body: request.body().to_vec(),
        at: tokio::time::Instant::now(),
    }
}

fn tencent_ok() -> HttpResponse {
    HttpResponse::json(
        200,
        &json!({"Response": {"TotalCount": 1, "JobList": [{"JobId": "dts-1", "Status": "Running"}], "RequestId": "r-1"}}),
    )
}

/// The example of runtime/README.md, kept compiling and passing here.
#[tokio::test]
async fn readme_example() {
    let mock = MockTransport::new().reply(HttpResponse::json(
        200,
        &json!({"Response": {"TotalCount": 1, "JobList": [], "RequestId": "r-1"}}),
    ));
    let client = Client::builder()
        .credentials(Credentials::new("AKIDexample", "example-secret"))
        .region("ap-guangzhou")
        .transport(mock.clone())
        .build()
        .unwrap();

    let output = client.send(DescribeJobs::<false>::default()).await.unwrap();
    assert_eq!(output.total_count, 1);

    let sent = &mock.requests()[0];
    assert_eq!(sent.header("x-tc-action"), Some("DescribeMigrationJobs"));
    assert!(sent
        .header("authorization")
        .unwrap()
        .starts_with("TC3-HMAC-SHA256 Credential=AKIDexample/"));
}

#[tokio::test]
async fn requests_are_signed_and_canned_responses_decoded() {
    let mock = MockTransport::new().reply(tencent_ok());
    let sleep = RecordingSleep::new();
    let client = builder(&mock, &sleep).build().unwrap();
    let output = client
        .send(DescribeJobs::<false> {
            job_id: Some("dts-1".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(output.jobs[0].job_id, "dts-1");
    assert_eq!(output.request_id, "r-1");

    let requests = mock.requests();
    assert_eq!(requests.len(), 1);
    let sent = &requests[0];
    assert_eq!(sent.method(), "POST");
    assert_eq!(sent.url(), "https://dts.tencentcloudapi.com/");
    assert_eq!(sent.header("X-TC-Region"), Some("ap-guangzhou"));
    assert_eq!(sent.header("x-tc-timestamp"), Some("1700000000"));
    assert_eq!(sent.body(), br#"{"JobId":"dts-1"}"#);
    verify_tc3(&recorded(sent), ID, KEY, "dts");
    // No secret in the recorded request's Debug output.
    assert!(!format!("{sent:?}").contains(KEY));
}

#[tokio::test]
async fn alibaba_v2_signature_travels_in_the_query() {
    let mock = MockTransport::new().reply(HttpResponse::json(
        200,
        &json!({"DtsJobId": "job-1", "Success": true, "RequestId": "r"}),
    ));
    let sleep = RecordingSleep::new();
    let client = builder(&mock, &sleep)
        .region("cn-hangzhou")
        .signing_algorithm(SigningAlgorithm::RpcV2)
        .build()
        .unwrap();
    let output = client.send(ModifyDtsJob::new()).await.unwrap();
    assert_eq!(output.dts_job_id, "job-1");
    let sent = &mock.requests()[0];
    assert_eq!(sent.host(), "dts.cn-hangzhou.aliyuncs.com");
    assert!(sent.query().unwrap().contains("Signature="));
    verify_rpc_v2(&recorded(sent), KEY);
}

#[tokio::test]
async fn retries_replay_the_queue_in_order_with_fresh_signatures() {
    let throttled = HttpResponse::json(
        200,
        &json!({"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "slow"}, "RequestId": "r-0"}}),
    )
    .with_header("Retry-After", "3");
    let mock = MockTransport::new()
        .reply(throttled)
        .fail(TransportError::not_sent("connection refused"))
        .reply(tencent_ok());
    let sleep = RecordingSleep::new();
    let client = builder(&mock, &sleep)
        .retry(cloud_sdk_runtime::RetryConfig::standard().with_max_attempts(4))
        .build()
        .unwrap();
    let output = client.send(DescribeJobs::<false>::default()).await.unwrap();
    assert_eq!(output.total_count, 1);
    assert_eq!(mock.request_count(), 3);
    assert_eq!(mock.remaining(), 0);
    let signatures: Vec<String> = mock
        .requests()
        .iter()
        .map(|r| verify_tc3(&recorded(r), ID, KEY, "dts"))
        .collect();
    assert_ne!(signatures[0], signatures[1]);
    assert_ne!(signatures[1], signatures[2]);
    // Retry-After 3 s over 0.5 s of jitter; then 0.5 of 200 ms.
    assert_eq!(
        sleep.sleeps(),
        vec![Duration::from_secs(3), Duration::from_millis(100)]
    );
}

#[tokio::test]
async fn a_write_is_not_repeated_after_a_failure_after_sending() {
    let mock = MockTransport::new()
        .fail(TransportError::after_sending("connection reset"))
        .reply(tencent_ok());
    let sleep = RecordingSleep::new();
    let client = builder(&mock, &sleep).build().unwrap();
    let error = client.send(CreateService::new()).await.unwrap_err();
    assert!(matches!(error, Error::Connection(_)), "{error:?}");
    assert!(error.to_string().contains("connection reset"), "{error}");
    assert_eq!(mock.request_count(), 1);
    assert_eq!(mock.remaining(), 1);
}

#[tokio::test]
async fn a_responder_answers_after_the_queue_and_an_empty_mock_fails_clearly() {
    let mock = MockTransport::from_fn(|request| {
        let action = request.header("x-acs-action").unwrap_or_default();
        Ok(HttpResponse::json(
            200,
            &json!({"RequestId": format!("for-{action}")}),
        ))
    });
    let sleep = RecordingSleep::new();
    let client = builder(&mock, &sleep)
        .region("cn-hangzhou")
        .build()
        .unwrap();
    let start = StartDtsJob {
        dts_job_id: "j".into(),
    };
    client.send(start.clone()).await.unwrap();
    client.send(start.clone()).await.unwrap();
    assert_eq!(mock.request_count(), 2);
    assert_eq!(
        mock.requests()[1].header("x-acs-action"),
        Some("StartDtsJob")
    );

    let empty = MockTransport::new();
    let client = builder(&empty, &sleep)
        .region("cn-hangzhou")
        .retry(cloud_sdk_runtime::RetryConfig::disabled())
        .build()
        .unwrap();
    let error = client.send(start).await.unwrap_err();
    assert!(
        error
            .to_string()
            .contains("MockTransport has no reply for request 1"),
        "{error}"
    );
}
