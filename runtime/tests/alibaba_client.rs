//! End-to-end calls of hand-written Alibaba operations against a local
//! server: ACS3 and RPC V2 signatures recomputed independently, parameter
//! placement and styles, ClientToken handling, error shapes, retries.

mod common;

use std::sync::Arc;
use std::time::Duration;

use cloud_sdk_runtime::operation::SigningAlgorithm;
use cloud_sdk_runtime::{Client, ClientBuilder, Credentials, Error, Proxy};
use common::ops::{ModifyDtsJob, StartDtsJob};
use common::{
    verify_acs3, verify_rpc_v2, CountingRandom, RecordingSleep, Reply, Server, TickingClock,
};
use serde_json::json;

const ID: &str = "LTAItestAccessKeyId";
const SECRET: &str = "ali-Very-S3cret-Secret";
const TOKEN: &str = "sts-Very-S3cret-Token";
const START: u64 = 1_700_000_000;

fn builder(server: &Server, sleep: &Arc<RecordingSleep>) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(ID, SECRET))
        .endpoint(server.url())
        .proxy(Proxy::None)
        .region("cn-hangzhou")
        .clock(TickingClock::starting_at(START))
        .random(CountingRandom::with_jitter(0.5))
        .sleep(sleep.clone())
}

fn ok() -> Reply {
    Reply::json(
        200,
        json!({"DtsJobId": "job-1", "Success": "true", "RequestId": "req-ok", "HttpStatusCode": 200}),
    )
}

fn is_uuid(s: &str) -> bool {
    s.len() == 36
        && s.chars().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => c == '-',
            _ => c.is_ascii_hexdigit(),
        })
}

#[tokio::test]
async fn acs3_places_parameters_and_signs_headers() {
    let server = Server::always(ok()).await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep)
        .credentials(Credentials::new(ID, SECRET).with_session_token(TOKEN))
        .build()
        .unwrap();
    let output = client.send(ModifyDtsJob::new()).await.unwrap();
    assert_eq!(output.dts_job_id, "job-1");
    assert!(output.success);
    assert_eq!(output.request_id, "req-ok");

    let recorded = &server.requests()[0];
    assert_eq!(recorded.method, "POST");
    assert_eq!(recorded.path, "/");
    verify_acs3(recorded, ID, SECRET);
    assert_eq!(recorded.header("x-acs-action"), Some("ModifyDtsJob"));
    assert_eq!(recorded.header("x-acs-version"), Some("2020-01-01"));
    assert_eq!(recorded.header("x-acs-date"), Some("2023-11-14T22:13:20Z"));
    assert!(is_uuid(recorded.header("x-acs-signature-nonce").unwrap()));
    assert_eq!(recorded.header("x-acs-security-token"), Some(TOKEN));
    assert_eq!(
        recorded.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(recorded.header("accept"), Some("application/json"));

    let query = recorded.query_params();
    assert_eq!(query["DtsInstanceId"], "dtsi-1 *x");
    assert_eq!(query["DataInitialization"], "true");
    assert_eq!(query["Tag.1.Key"], "env");
    assert_eq!(query["Tag.1.Value"], "prod");
    assert_eq!(query["RegionId"], "cn-hangzhou");
    assert!(is_uuid(&query["ClientToken"]), "auto-filled ClientToken");
    assert!(!query.contains_key("Action") && !query.contains_key("Signature"));
    // RFC 3986 on the wire.
    assert!(
        recorded.query.contains("DtsInstanceId=dtsi-1%20%2Ax"),
        "{}",
        recorded.query
    );

    let form = recorded.form_params();
    assert_eq!(
        form["DbList"],
        r#"{"dtstest":{"name":"dtstest","all":true}}"#
    );
    assert_eq!(form["Reserved"], r#"{"a":"b c"}"#);
    assert_eq!(form.len(), 2);
}

#[tokio::test]
async fn rpc_v2_sends_common_parameters_and_signature() {
    let server = Server::always(ok()).await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep)
        .credentials(Credentials::new(ID, SECRET).with_session_token(TOKEN))
        .signing_algorithm(SigningAlgorithm::RpcV2)
        .build()
        .unwrap();
    let mut request = ModifyDtsJob::new();
    request.client_token = Some("caller-token-1".into());
    client.send(request).await.unwrap();

    let recorded = &server.requests()[0];
    verify_rpc_v2(recorded, SECRET);
    assert_eq!(recorded.header("authorization"), None);
    let query = recorded.query_params();
    assert_eq!(query["Action"], "ModifyDtsJob");
    assert_eq!(query["Version"], "2020-01-01");
    assert_eq!(query["Format"], "JSON");
    assert_eq!(query["AccessKeyId"], ID);
    assert_eq!(query["SignatureMethod"], "HMAC-SHA1");
    assert_eq!(query["SignatureVersion"], "1.0");
    assert!(is_uuid(&query["SignatureNonce"]));
    assert_eq!(query["Timestamp"], "2023-11-14T22:13:20Z");
    assert_eq!(query["SecurityToken"], TOKEN);
    assert_eq!(
        query["ClientToken"], "caller-token-1",
        "a caller's token is kept"
    );
    assert_eq!(query["Tag.1.Key"], "env");
    let form = recorded.form_params();
    assert_eq!(
        form["DbList"],
        r#"{"dtstest":{"name":"dtstest","all":true}}"#
    );
    assert!(!form.contains_key("Signature"));
    // `in: formData` members: a form body under V2 too, as the official
    // SDK's V2 path (`do_rpcrequest`) always sends it.
    assert_eq!(
        recorded.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
}

#[tokio::test]
async fn client_token_survives_retries_while_nonces_and_signatures_change() {
    for algorithm in [SigningAlgorithm::Acs3, SigningAlgorithm::RpcV2] {
        let server = Server::sequence(vec![
            Reply::json(
                503,
                json!({"Code": "ServiceUnavailable", "Message": "busy", "RequestId": "r1"}),
            ),
            Reply::json(
                500,
                json!({"Code": "InternalError", "Message": "oops", "RequestId": "r2"}),
            ),
            ok(),
        ])
        .await;
        let sleep = RecordingSleep::new();
        let client = builder(&server, &sleep)
            .signing_algorithm(algorithm)
            .build()
            .unwrap();
        client.send(ModifyDtsJob::new()).await.unwrap();

        let requests = server.requests();
        assert_eq!(requests.len(), 3, "{algorithm:?}");
        let tokens: Vec<String> = requests
            .iter()
            .map(|r| r.query_params()["ClientToken"].clone())
            .collect();
        assert!(tokens.iter().all(|t| t == &tokens[0]), "{tokens:?}");
        let (nonces, signatures): (Vec<String>, Vec<String>) = requests
            .iter()
            .map(|r| match algorithm {
                SigningAlgorithm::Acs3 => (
                    r.header("x-acs-signature-nonce").unwrap().to_owned(),
                    verify_acs3(r, ID, SECRET),
                ),
                _ => (
                    r.query_params()["SignatureNonce"].clone(),
                    verify_rpc_v2(r, SECRET),
                ),
            })
            .unzip();
        assert_ne!(nonces[0], nonces[1]);
        assert_ne!(nonces[1], nonces[2]);
        assert_ne!(tokens[0], nonces[0]);
        assert_ne!(signatures[0], signatures[1]);
        assert_eq!(
            sleep.sleeps(),
            vec![Duration::from_millis(50), Duration::from_millis(100)]
        );
    }
}

#[tokio::test]
async fn writes_without_token_stop_at_ambiguous_failures() {
    let server = Server::always(Reply::json(
        500,
        json!({"Code": "InternalError", "Message": "x"}),
    ))
    .await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep).build().unwrap();
    let error = client
        .send(StartDtsJob {
            dts_job_id: "job-1".into(),
        })
        .await
        .unwrap_err();
    assert_eq!(server.count(), 1);
    assert_eq!(error.raw_code(), Some("InternalError"));
    assert!(error.is_retryable());
}

#[tokio::test]
async fn error_bodies_and_success_false_are_service_errors() {
    let sleep = RecordingSleep::new();
    let server = Server::always(Reply::json(
        403,
        json!({
            "RequestId": "req-403",
            "HostId": "dts.cn-hangzhou.aliyuncs.com",
            "Code": "OperationDenied.JobStatusModifying",
            "Message": "The job is being modified.",
            "Recommend": "https://api.aliyun.com/troubleshoot?q=OperationDenied.JobStatusModifying"
        }),
    ))
    .await;
    let client = builder(&server, &sleep).build().unwrap();
    let error = client.send(ModifyDtsJob::new()).await.unwrap_err();
    let service = error.as_service().unwrap();
    assert_eq!(service.raw_code, "OperationDenied.JobStatusModifying");
    assert_eq!(service.http_status, 403);
    assert_eq!(
        service.host_id.as_deref(),
        Some("dts.cn-hangzhou.aliyuncs.com")
    );
    assert!(service
        .recommend
        .as_deref()
        .unwrap()
        .starts_with("https://api.aliyun.com/"));
    assert_eq!(
        error.to_string(),
        "ModifyDtsJob failed: OperationDenied.JobStatusModifying: The job is being modified. \
         (request id req-403, HTTP 403, host dts.cn-hangzhou.aliyuncs.com, \
         see https://api.aliyun.com/troubleshoot?q=OperationDenied.JobStatusModifying)"
    );
    assert_eq!(server.count(), 1);

    for success in [json!(false), json!("false"), json!("False")] {
        let server = Server::always(Reply::json(
            200,
            json!({"Success": success, "ErrCode": "InvalidParameter", "ErrMessage": "bad DbList",
                   "HttpStatusCode": 400, "RequestId": "req-200"}),
        ))
        .await;
        let client = builder(&server, &sleep).build().unwrap();
        let error = client.send(ModifyDtsJob::new()).await.unwrap_err();
        assert_eq!(error.raw_code(), Some("InvalidParameter"), "{success}");
        assert_eq!(error.request_id(), Some("req-200"));
        assert_eq!(error.http_status(), Some(200));
        assert_eq!(
            error.to_string(),
            "ModifyDtsJob failed: InvalidParameter: bad DbList (request id req-200, HTTP 200)"
        );
    }

    // XML error bodies (V2 gateways without Format=JSON).
    let server = Server::always(Reply::text(
        404,
        "<?xml version='1.0'?><Error><RequestId>req-x</RequestId><HostId>h</HostId>\
         <Code>InvalidApi.NotFound</Code><Message>Specified api is not found</Message></Error>",
    ))
    .await;
    let client = builder(&server, &sleep).build().unwrap();
    let error = client.send(ModifyDtsJob::new()).await.unwrap_err();
    assert_eq!(error.raw_code(), Some("InvalidApi.NotFound"));
    assert_eq!(error.request_id(), Some("req-x"));
}

#[tokio::test]
async fn throttling_backs_off_longer_and_honours_retry_after() {
    let server = Server::sequence(vec![
        Reply::json(400, json!({"Code": "Throttling.User", "Message": "Request was denied due to user flow control."})),
        Reply::json(400, json!({"Code": "Throttling.Api", "Message": "slow"})).with_header("x-acs-retry-after", "3500"),
        ok(),
    ])
    .await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep).build().unwrap();
    let output = client
        .send(StartDtsJob {
            dts_job_id: "j".into(),
        })
        .await;
    assert!(output.is_ok(), "{output:?}");
    assert_eq!(server.count(), 3);
    assert_eq!(
        sleep.sleeps(),
        vec![Duration::from_millis(500), Duration::from_millis(3500)]
    );

    // Throttling that never ends reports is_throttling.
    let server = Server::always(Reply::json(
        400,
        json!({"Code": "Throttling.User", "Message": "x"}),
    ))
    .await;
    let client = builder(&server, &sleep).build().unwrap();
    let error = client
        .send(StartDtsJob {
            dts_job_id: "j".into(),
        })
        .await
        .unwrap_err();
    assert!(error.is_throttling() && error.is_retryable());
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn unsupported_shapes_are_invalid_requests_and_send_nothing() {
    let server = Server::always(ok()).await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep).build().unwrap();
    let mut request = ModifyDtsJob::new();
    request.client_token = Some("x".repeat(65));
    let error = client.send(request).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)));
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn secrets_stay_out_of_errors_and_debug() {
    let server = Server::always(Reply::json(400, json!({"Code": "IncompleteSignature", "Message": "The request signature does not conform to Aliyun standards."}))).await;
    let sleep = RecordingSleep::new();
    for algorithm in [SigningAlgorithm::Acs3, SigningAlgorithm::RpcV2] {
        let client = builder(&server, &sleep)
            .credentials(Credentials::new(ID, SECRET).with_session_token(TOKEN))
            .signing_algorithm(algorithm)
            .build()
            .unwrap();
        let error = client.send(ModifyDtsJob::new()).await.unwrap_err();
        let text = format!("{error} | {error:?} | {client:?}");
        assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
    }
    // Truncated V2 responses: the URL (with Signature and SecurityToken)
    // must not leak through transport errors.
    let server = Server::always(Reply::Truncate {
        status: 200,
        announced: 100,
        body: b"{".to_vec(),
    })
    .await;
    let client = builder(&server, &sleep)
        .credentials(Credentials::new(ID, SECRET).with_session_token(TOKEN))
        .signing_algorithm(SigningAlgorithm::RpcV2)
        .build()
        .unwrap();
    let error = client.send(ModifyDtsJob::new()).await.unwrap_err();
    let text = format!("{error} | {error:?}");
    assert!(
        !text.contains(TOKEN) && !text.contains("Signature="),
        "{text}"
    );
}

#[tokio::test]
async fn gateway_pages_and_plain_successes() {
    let sleep = RecordingSleep::new();
    let server = Server::sequence(vec![
        Reply::text(502, "<html>Bad Gateway</html>"),
        Reply::json(200, json!({"RequestId": "r"})),
    ])
    .await;
    let client = builder(&server, &sleep).build().unwrap();
    // ModifyDtsJob carries a ClientToken, so it is safe to repeat.
    let output = client.send(ModifyDtsJob::new()).await.unwrap();
    assert_eq!(output.request_id, "r");
    assert!(!output.success, "absent Success decodes leniently to false");
    assert_eq!(server.count(), 2);

    let server = Server::always(
        Reply::text(502, "<html>Bad Gateway</html>").with_header("x-acs-request-id", "hdr-id"),
    )
    .await;
    let client = builder(&server, &sleep)
        .retry(cloud_sdk_runtime::RetryConfig::disabled())
        .build()
        .unwrap();
    let error = client
        .send(StartDtsJob {
            dts_job_id: "j".into(),
        })
        .await
        .unwrap_err();
    match &error {
        Error::UnexpectedStatus(e) => {
            assert_eq!((e.status, e.request_id.as_deref()), (502, Some("hdr-id")))
        }
        other => panic!("{other:?}"),
    }
}
