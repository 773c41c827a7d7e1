//! `Client::sign_request`: the request the first attempt of `send` would
//! send, byte for byte, and nothing sent.

mod common;

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cloud_sdk_runtime::clock::Clock;
use cloud_sdk_runtime::mock::MockTransport;
use cloud_sdk_runtime::transport::HttpResponse;
use cloud_sdk_runtime::{Client, Credentials};
use common::ops::DescribeJobs;
use serde_json::json;

/// Always 2023-11-14T22:13:20Z, so two signatures can be compared.
#[derive(Debug)]
struct FixedClock;

impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_700_000_000)
    }
}

#[tokio::test]
async fn sign_request_matches_what_send_sends_and_sends_nothing() {
    let mock = MockTransport::new().reply(HttpResponse::json(
        200,
        &json!({"Response": {"TotalCount": 0, "JobList": [], "RequestId": "r-1"}}),
    ));
    let client = Client::builder()
        .credentials(Credentials::new("AKIDexample", "example-secret"))
        .region("ap-guangzhou")
        .clock(Arc::new(FixedClock))
        .transport(mock.clone())
        .build()
        .unwrap();

    let signed = client
        .sign_request(DescribeJobs::<false>::default())
        .await
        .unwrap();
    assert!(mock.requests().is_empty(), "sign_request sent something");

    client.send(DescribeJobs::<false>::default()).await.unwrap();
    let sent = &mock.requests()[0];
    assert_eq!(signed.method(), sent.method());
    assert_eq!(signed.url(), sent.url());
    assert_eq!(signed.body(), sent.body());
    let headers = |r: &cloud_sdk_runtime::transport::HttpRequest| {
        r.headers()
            .map(|(n, v)| (n.to_owned(), v.to_owned()))
            .collect::<Vec<_>>()
    };
    assert_eq!(headers(&signed), headers(sent));
    assert!(signed
        .header("authorization")
        .unwrap()
        .starts_with("TC3-HMAC-SHA256 Credential=AKIDexample/2023-11-14/dts/tc3_request"));
}
