//! End-to-end calls of hand-written Tencent operations against a local
//! server: TC3 and v1 signatures recomputed independently, headers and
//! bodies, envelopes and errors, retries, timeouts, secrets.

mod common;

use std::sync::Arc;
use std::time::Duration;

use cloud_sdk_runtime::clock::FixedClock;
use cloud_sdk_runtime::credentials::Env;
use cloud_sdk_runtime::error::{ResponseErrorKind, TimeoutKind};
use cloud_sdk_runtime::mock::MockTransport;
use cloud_sdk_runtime::operation::{Endpoints, Provider, ServiceInfo, SigningAlgorithm};
use cloud_sdk_runtime::{
    Client, ClientBuilder, Credentials, EndpointKind, Error, Language, Proxy, RetryConfig,
};
use common::ops::{Code, CreateService, DescribeJobs, TagFilter};
use common::{
    verify_tc3, verify_tencent_v1, CountingRandom, RecordingSleep, Reply, Server, TickingClock,
};
use serde_json::json;

const ID: &str = "AKIDtestSecretId";
const KEY: &str = "sk-Very-S3cret-Key";
const TOKEN: &str = "tok-Very-S3cret-Token";
const START: u64 = 1_700_000_000;

fn builder(server: &Server, sleep: &Arc<RecordingSleep>) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new(ID, KEY))
        .endpoint(server.url())
        .proxy(Proxy::None)
        .region("ap-guangzhou")
        .clock(TickingClock::starting_at(START))
        .random(CountingRandom::with_jitter(0.5))
        .sleep(sleep.clone())
}

fn ok_jobs() -> Reply {
    Reply::json(
        200,
        json!({"Response": {
            "TotalCount": "2",
            "JobList": [{"JobId": "dts-1", "Status": "Running"}, {"JobId": "dts-2", "Status": null}],
            "RequestId": "req-ok"
        }}),
    )
}

fn tencent_error(code: &str, message: &str) -> Reply {
    Reply::json(
        200,
        json!({"Response": {"Error": {"Code": code, "Message": message}, "RequestId": "req-err"}}),
    )
}

fn describe() -> DescribeJobs<false> {
    DescribeJobs {
        job_id: Some("dts-1".into()),
        limit: Some(10),
        tag_filters: vec![TagFilter {
            key: "k".into(),
            values: vec!["a".into(), "b".into()],
        }],
        note: Some("数据 迁移 & more".into()),
    }
}

#[tokio::test]
async fn tc3_post_is_signed_and_decoded() {
    let server = Server::always(ok_jobs()).await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep)
        .credentials(Credentials::new(ID, KEY).with_session_token(TOKEN))
        .language(Language::EnUs)
        .client_identifier("test-suite/1.0")
        .build()
        .unwrap();

    let output = client.send(describe()).await.unwrap();
    assert_eq!(output.total_count, 2);
    assert_eq!(output.jobs.len(), 2);
    assert_eq!(output.jobs[1].status, "");
    assert_eq!(output.request_id, "req-ok");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.method, "POST");
    assert_eq!(request.path, "/");
    assert_eq!(request.query, "");
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(request.header("host"), Some(server.host().as_str()));
    assert_eq!(request.header("x-tc-action"), Some("DescribeMigrationJobs"));
    assert_eq!(request.header("x-tc-version"), Some("2021-12-06"));
    assert_eq!(
        request.header("x-tc-timestamp"),
        Some(START.to_string().as_str())
    );
    assert_eq!(request.header("x-tc-region"), Some("ap-guangzhou"));
    assert_eq!(request.header("x-tc-token"), Some(TOKEN));
    assert_eq!(request.header("x-tc-language"), Some("en-US"));
    assert_eq!(request.header("x-tc-requestclient"), Some("test-suite/1.0"));
    let user_agent = request.header("user-agent").unwrap();
    assert!(user_agent.starts_with("cloud-sdk-rust/") && user_agent.ends_with(" test-suite/1.0"));
    // Model order, compact, raw UTF-8.
    assert_eq!(
        String::from_utf8(request.body.clone()).unwrap(),
        r#"{"JobId":"dts-1","Limit":10,"TagFilters":[{"TagKey":"k","TagValue":["a","b"]}],"Note":"数据 迁移 & more"}"#
    );
    verify_tc3(request, ID, KEY, "dts");
    assert!(sleep.sleeps().is_empty());
}

#[tokio::test]
async fn tc3_get_signs_the_flattened_query_as_sent() {
    let server = Server::always(ok_jobs()).await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep).build().unwrap();
    let request = DescribeJobs::<true> {
        limit: Some(5),
        tag_filters: describe().tag_filters,
        note: Some("a b+c".into()),
        ..Default::default()
    };
    client.send(request).await.unwrap();

    let recorded = &server.requests()[0];
    assert_eq!(recorded.method, "GET");
    assert!(recorded.body.is_empty());
    assert_eq!(
        recorded.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        recorded.query,
        "Limit=5&TagFilters.0.TagKey=k&TagFilters.0.TagValue.0=a&TagFilters.0.TagValue.1=b&Note=a%20b%2Bc"
    );
    verify_tc3(recorded, ID, KEY, "dts");
}

#[tokio::test]
async fn tencent_v1_post_form_is_signed() {
    let server = Server::always(Reply::json(
        200,
        json!({"Response": {"JobIds": ["dts-9"], "RequestId": "r"}}),
    ))
    .await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep)
        .credentials(Credentials::new(ID, KEY).with_session_token(TOKEN))
        .signing_algorithm(SigningAlgorithm::TencentV1)
        .build()
        .unwrap();
    let output = client.send(CreateService::new()).await.unwrap();
    assert_eq!(output.job_ids, vec!["dts-9".to_string()]);

    let recorded = &server.requests()[0];
    assert_eq!(recorded.method, "POST");
    assert_eq!(
        recorded.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(recorded.header("authorization"), None);
    let params = recorded.form_params();
    assert_eq!(params["Action"], "CreateMigrationService");
    assert_eq!(params["Version"], "2021-12-06");
    assert_eq!(params["Timestamp"], START.to_string());
    assert!(params["Nonce"].parse::<u64>().unwrap() > 0);
    assert_eq!(params["SecretId"], ID);
    assert_eq!(params["Region"], "ap-guangzhou");
    assert_eq!(params["Token"], TOKEN);
    assert_eq!(params["SignatureMethod"], "HmacSHA256");
    assert_eq!(params["SrcDatabaseType"], "mysql");
    assert_eq!(params["Count"], "1");
    assert_eq!(params["Tags.0.TagKey"], "env");
    assert_eq!(params["Tags.0.TagValue.1"], "blue green");
    verify_tencent_v1(recorded, KEY);
}

#[tokio::test]
async fn tencent_v1_get_puts_everything_in_the_query() {
    let server = Server::always(ok_jobs()).await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep)
        .signing_algorithm(SigningAlgorithm::TencentV1)
        .build()
        .unwrap();
    let request = DescribeJobs::<true> {
        job_id: Some("dts-1".into()),
        ..Default::default()
    };
    client.send(request).await.unwrap();
    let recorded = &server.requests()[0];
    assert_eq!(recorded.method, "GET");
    assert!(recorded.body.is_empty());
    assert_eq!(recorded.query_params()["JobId"], "dts-1");
    verify_tencent_v1(recorded, KEY);
}

#[tokio::test]
async fn service_error_is_typed_and_displayed_on_one_line() {
    let server = Server::always(tencent_error("ResourceNotFound", "job\nnot found")).await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep).build().unwrap();
    let error = client.send(describe()).await.unwrap_err();
    assert_eq!(error.code(), Some(&Code::ResourceNotFound));
    assert_eq!(error.request_id(), Some("req-err"));
    assert_eq!(error.http_status(), Some(200));
    assert!(!error.is_retryable());
    assert_eq!(
        error.to_string(),
        "DescribeMigrationJobs failed: ResourceNotFound: job not found (request id req-err, HTTP 200)"
    );
    assert_eq!(server.count(), 1);

    // Unknown codes are kept.
    let server = Server::always(tencent_error("FailedOperation.NewThing", "x")).await;
    let client = builder(&server, &sleep).build().unwrap();
    let error = client.send(describe()).await.unwrap_err();
    assert_eq!(
        error.code(),
        Some(&Code::Other("FailedOperation.NewThing".into()))
    );
}

#[tokio::test]
async fn throttling_is_retried_with_fresh_signatures_and_longer_backoff() {
    let server = Server::sequence(vec![
        tencent_error("RequestLimitExceeded", "slow down"),
        tencent_error("RequestLimitExceeded.UinLimitExceeded", "slow down"),
        Reply::json(
            200,
            json!({"Response": {"JobIds": ["dts-1"], "RequestId": "r"}}),
        ),
    ])
    .await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep).build().unwrap();
    // A write without a token: throttled requests were not applied, so
    // retrying is safe.
    let output = client.send(CreateService::new()).await.unwrap();
    assert_eq!(output.job_ids, vec!["dts-1".to_string()]);

    let requests = server.requests();
    assert_eq!(requests.len(), 3);
    let signatures: Vec<String> = requests
        .iter()
        .map(|r| verify_tc3(r, ID, KEY, "dts"))
        .collect();
    let timestamps: Vec<&str> = requests
        .iter()
        .map(|r| r.header("x-tc-timestamp").unwrap())
        .collect();
    assert_ne!(signatures[0], signatures[1]);
    assert_ne!(signatures[1], signatures[2]);
    assert_ne!(timestamps[0], timestamps[1]);
    // Full jitter at 0.5 of 1 s, then of 2 s.
    assert_eq!(
        sleep.sleeps(),
        vec![Duration::from_millis(500), Duration::from_millis(1000)]
    );
}

#[tokio::test]
async fn redirects_are_not_followed() {
    // A followed redirect would resend the token header and body to the
    // named host; here it names the same server, which would then succeed.
    let server = Server::start(|_, n| match n {
        0 => Reply::text(307, "moved").with_header("location", "/elsewhere"),
        _ => Reply::json(200, json!({"Response": {"RequestId": "r-followed"}})),
    })
    .await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep).build().unwrap();
    let error = client.send(describe()).await.unwrap_err();
    assert_eq!(server.count(), 1);
    match &error {
        Error::UnexpectedStatus(e) => assert_eq!(e.status, 307),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn server_errors_are_retried_for_reads_up_to_the_limit() {
    let server = Server::always(Reply::text(502, "<html>Bad gateway</html>")).await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep).build().unwrap();
    let error = client.send(describe()).await.unwrap_err();
    assert_eq!(server.count(), 3);
    assert_eq!(
        sleep.sleeps(),
        vec![Duration::from_millis(50), Duration::from_millis(100)]
    );
    match &error {
        Error::UnexpectedStatus(e) => {
            assert_eq!(e.status, 502);
            assert_eq!(e.excerpt, "<html>Bad gateway</html>");
        }
        other => panic!("{other:?}"),
    }
    assert!(error.is_retryable());
    assert_eq!(
        error.to_string(),
        "DescribeMigrationJobs failed with HTTP 502: <html>Bad gateway</html>"
    );

    // Configurable: five attempts, no jitter means no wait.
    let server = Server::always(Reply::text(500, "oops")).await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep)
        .retry(RetryConfig::standard().with_max_attempts(5))
        .random(CountingRandom::with_jitter(0.0))
        .build()
        .unwrap();
    client.send(describe()).await.unwrap_err();
    assert_eq!(server.count(), 5);
    assert_eq!(sleep.sleeps(), vec![Duration::ZERO; 4]);

    // Switched off.
    let server = Server::always(Reply::text(500, "oops")).await;
    let client = builder(&server, &sleep)
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    client.send(describe()).await.unwrap_err();
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn writes_without_token_are_not_repeated_after_ambiguous_failures() {
    let sleep = RecordingSleep::new();
    for reply in [
        Reply::text(500, "oops"),
        tencent_error("InternalError", "maybe applied"),
        Reply::Close,
    ] {
        let server = Server::always(reply.clone()).await;
        let client = builder(&server, &sleep).build().unwrap();
        let error = client.send(CreateService::new()).await.unwrap_err();
        assert_eq!(server.count(), 1, "{reply:?} → {error}");
        assert!(error.is_retryable());
    }
    // A 503 was refused, not applied: retried even for this write.
    let server = Server::sequence(vec![
        Reply::text(503, "busy"),
        Reply::json(200, json!({"Response": {"JobIds": [], "RequestId": "r"}})),
    ])
    .await;
    let client = builder(&server, &sleep).build().unwrap();
    client.send(CreateService::new()).await.unwrap();
    assert_eq!(server.count(), 2);
    // Reads are retried after the same failures.
    let server = Server::sequence(vec![Reply::Close, ok_jobs()]).await;
    let client = builder(&server, &sleep).build().unwrap();
    client.send(describe()).await.unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn slow_responses_time_out_per_attempt_and_per_operation() {
    let sleep = RecordingSleep::new();
    let server = Server::always(ok_jobs().delayed(Duration::from_secs(5))).await;
    let client = builder(&server, &sleep)
        .attempt_timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    // Real elapsed time is what this test measures.
    #[allow(clippy::disallowed_methods)]
    let started = std::time::Instant::now();
    let error = client.send(describe()).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(server.count(), 3, "reads retry after a timeout");
    match &error {
        Error::Timeout(e) => {
            assert_eq!(e.kind, TimeoutKind::Attempt);
            assert_eq!(e.attempts, 3);
        }
        other => panic!("{other:?}"),
    }
    assert!(error
        .to_string()
        .starts_with("DescribeMigrationJobs timed out"));

    // A write is not repeated after a timeout: it may have been applied.
    let client = builder(&server, &sleep)
        .attempt_timeout(Duration::from_millis(150))
        .build()
        .unwrap();
    let before = server.count();
    client.send(CreateService::new()).await.unwrap_err();
    assert_eq!(server.count(), before + 1);

    // The operation timeout bounds everything.
    let client = builder(&server, &sleep)
        .operation_timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    // Real elapsed time is what this test measures.
    #[allow(clippy::disallowed_methods)]
    let started = std::time::Instant::now();
    let error = client.send(describe()).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        elapsed >= Duration::from_millis(290) && elapsed < Duration::from_secs(3),
        "{elapsed:?}"
    );
    match error {
        Error::Timeout(e) => assert_eq!(e.kind, TimeoutKind::Operation),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn malformed_responses_have_distinct_kinds() {
    let sleep = RecordingSleep::new();
    let cases = [
        (
            Reply::text(200, "<html>maintenance</html>"),
            ResponseErrorKind::NotJson,
            1,
        ),
        (
            Reply::text(200, r#"{"Response": {"TotalCount": 1"#),
            ResponseErrorKind::Truncated,
            3,
        ),
        (
            Reply::Truncate {
                status: 200,
                announced: 500,
                body: br#"{"Response": {"#.to_vec(),
            },
            ResponseErrorKind::Truncated,
            3,
        ),
        (
            Reply::json(200, json!({"Other": {}})),
            ResponseErrorKind::Envelope,
            1,
        ),
        (
            Reply::json(
                200,
                json!({"Response": {
                    "AdminPassword": "pw-Returned-Secret",
                    "TotalCount": "many",
                    "RequestId": "r-1",
                }}),
            ),
            ResponseErrorKind::Decode,
            1,
        ),
    ];
    for (reply, kind, attempts) in cases {
        let server = Server::always(reply.clone()).await;
        let client = builder(&server, &sleep).build().unwrap();
        let error = client.send(describe()).await.unwrap_err();
        match &error {
            Error::InvalidResponse(e) => {
                assert_eq!(e.kind, kind, "{reply:?}");
                assert_eq!(e.status, 200);
            }
            other => panic!("{reply:?}: {other:?}"),
        }
        assert_eq!(server.count(), attempts, "{reply:?}");
        let text = error.to_string();
        assert!(!text.contains('\n'), "{text}");
        if kind == ResponseErrorKind::NotJson {
            // Not even a page that is not JSON is quoted with a 2xx status.
            assert!(
                text.contains("HTTP 200") && !text.contains("maintenance"),
                "{text}"
            );
        }
        if kind == ResponseErrorKind::Decode {
            assert_eq!(error.request_id(), Some("r-1"));
            // A successful body is never quoted: it may hold secrets.
            for text in [text, format!("{error:?}")] {
                assert!(!text.contains("pw-Returned-Secret"), "{text}");
            }
        }
    }
}

#[tokio::test]
async fn invalid_requests_send_nothing() {
    let server = Server::always(ok_jobs()).await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep).build().unwrap();
    let request = DescribeJobs::<false> {
        limit: Some(1000),
        ..Default::default()
    };
    let error = client.send(request).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)));
    assert_eq!(
        error.to_string(),
        "invalid DescribeMigrationJobs request: `Limit` must be between 1 and 100"
    );
    let mut create = CreateService::new();
    create.src_database_type.clear();
    assert!(matches!(
        client.send(create).await,
        Err(Error::InvalidRequest(_))
    ));
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn connection_refused_is_retried_and_reported_without_secrets() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let sleep = RecordingSleep::new();
    let client = Client::builder()
        .credentials(Credentials::new(ID, KEY).with_session_token(TOKEN))
        .endpoint(format!("http://127.0.0.1:{port}"))
        .proxy(Proxy::None)
        .sleep(sleep.clone())
        .random(CountingRandom::with_jitter(0.5))
        .build()
        .unwrap();
    // Nothing was sent, so even a write is retried.
    let error = client.send(CreateService::new()).await.unwrap_err();
    assert_eq!(sleep.sleeps().len(), 2);
    match &error {
        Error::Connection(e) => {
            assert!(!e.maybe_sent);
            assert_eq!(e.attempts, 3);
        }
        other => panic!("{other:?}"),
    }
    let text = format!("{error} {error:?}");
    assert!(text.contains("connection failed"), "{text}");
    assert!(!text.contains(KEY) && !text.contains(TOKEN), "{text}");
    assert!(
        !text.contains("http://"),
        "no URL in transport errors: {text}"
    );
    assert!(!error.to_string().contains("127.0.0.1"), "{error}");
}

#[tokio::test]
async fn secrets_never_appear_in_debug_or_errors() {
    let server = Server::always(tencent_error(
        "AuthFailure.SignatureFailure",
        "bad signature",
    ))
    .await;
    let sleep = RecordingSleep::new();
    let credentials = Credentials::new(ID, KEY).with_session_token(TOKEN);
    let client = builder(&server, &sleep)
        .credentials(credentials.clone())
        .build()
        .unwrap();
    let error = client.send(describe()).await.unwrap_err();
    let builder_debug = format!(
        "{:?}",
        builder(&server, &sleep).credentials(credentials.clone())
    );
    for text in [
        format!("{credentials:?}"),
        format!("{credentials:#?}"),
        format!("{client:?}"),
        builder_debug,
        format!("{error}"),
        format!("{error:?}"),
    ] {
        assert!(!text.contains(KEY), "{text}");
        assert!(!text.contains(TOKEN), "{text}");
    }
    assert_eq!(
        format!("{credentials:?}"),
        format!(
            "Credentials {{ id: \"{ID}\", secret: \"<redacted>\", session_token: Some(\"<redacted>\"), expiry: None, source: \"static\" }}"
        )
    );
    // Whitespace around a key is caught before signing, without echoing it.
    let client = builder(&server, &sleep)
        .credentials(Credentials::new(ID, format!("{KEY} ")))
        .build()
        .unwrap();
    let error = client.send(describe()).await.unwrap_err();
    assert!(matches!(error, Error::Credentials(_)));
    assert!(!format!("{error} {error:?}").contains(KEY));
}

#[tokio::test]
async fn default_chain_reads_injected_environment() {
    let server = Server::always(ok_jobs()).await;
    let sleep = RecordingSleep::new();
    let env = Env::from_vars([
        ("TENCENTCLOUD_SECRET_ID", "AKIDfromEnv"),
        ("TENCENTCLOUD_SECRET_KEY", "env-secret"),
        ("TENCENTCLOUD_TOKEN", "env-token"),
        ("HOME", "/nonexistent-home"),
    ]);
    let client = Client::builder()
        .env(env)
        .endpoint(server.url())
        .proxy(Proxy::None)
        .sleep(sleep.clone())
        .build()
        .unwrap();
    client.send(describe()).await.unwrap();
    let recorded = &server.requests()[0];
    verify_tc3(recorded, "AKIDfromEnv", "env-secret", "dts");
    assert_eq!(recorded.header("x-tc-token"), Some("env-token"));
    assert_eq!(recorded.header("x-tc-region"), None);

    // Nothing configured: a clear error, nothing sent. (Nothing listens on
    // port 1: no metadata service.)
    let client = Client::builder()
        .env(Env::from_vars([
            ("HOME", "/nonexistent-home"),
            ("TENCENTCLOUD_METADATA_ENDPOINT", "http://127.0.0.1:1"),
        ]))
        .endpoint(server.url())
        .proxy(Proxy::None)
        .build()
        .unwrap();
    let error = client.send(describe()).await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "no usable credentials: no Tencent Cloud credentials found; looked in: environment: \
         TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not set; \
         /nonexistent-home/.tencentcloud/credentials: no such file; \
         Tencent CVM role: http://127.0.0.1:1: cannot connect; TKE OIDC: TKE_REGION, \
         TKE_PROVIDER_ID, TKE_WEB_IDENTITY_TOKEN_FILE and TKE_ROLE_ARN are not set"
    );
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn rate_limit_spaces_calls_per_action() {
    let server = Server::always(ok_jobs()).await;
    let sleep = RecordingSleep::new();
    // DescribeMigrationJobs is documented at 2 requests per second here.
    let client = builder(&server, &sleep).rate_limit(true).build().unwrap();
    for _ in 0..4 {
        client.send(describe()).await.unwrap();
    }
    let waits = sleep.sleeps();
    assert_eq!(waits.len(), 2, "{waits:?}");
    // The limiter reads the real clock while the recorded sleeps return at
    // once, so each wait is its slot (0.5 s, then 1 s after the burst of
    // two) less the time the calls took: bounded, never exact.
    assert!(
        waits[0] > Duration::ZERO && waits[0] <= Duration::from_millis(500),
        "{waits:?}"
    );
    assert!(
        waits[1] > waits[0] && waits[1] <= Duration::from_secs(1),
        "{waits:?}"
    );
    // Off by default.
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep).build().unwrap();
    for _ in 0..4 {
        client.send(describe()).await.unwrap();
    }
    assert!(sleep.sleeps().is_empty());
}

#[tokio::test]
async fn clones_share_one_connection_pool() {
    let server = Server::always(ok_jobs()).await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep).build().unwrap();
    let clone = client.clone();
    for _ in 0..3 {
        client.send(describe()).await.unwrap();
        clone.send(describe()).await.unwrap();
    }
    assert_eq!(server.count(), 6);
    assert_eq!(server.connections(), 1);
}

#[tokio::test]
async fn endpoint_and_algorithm_problems_are_reported_before_sending() {
    let sleep = RecordingSleep::new();
    let server = Server::always(ok_jobs()).await;
    // Clients not pointed at `server` send through a mock, so a regression
    // shows as a recorded request rather than a call to the real host.
    let mock = MockTransport::new();
    // A finance region with the public host.
    let client = Client::builder()
        .credentials(Credentials::new(ID, KEY))
        .region("ap-shanghai-fsi")
        .transport(mock.clone())
        .build()
        .unwrap();
    let error = client.send(describe()).await.unwrap_err();
    assert!(matches!(error, Error::Config(_)));
    assert!(
        error
            .to_string()
            .contains("dts.ap-shanghai-fsi.tencentcloudapi.com"),
        "{error}"
    );
    // An algorithm the service does not accept.
    let client = builder(&server, &sleep)
        .signing_algorithm(SigningAlgorithm::Tc3)
        .signing_algorithm(SigningAlgorithm::Acs3)
        .build()
        .unwrap();
    assert_eq!(
        client
            .signing_algorithm_for(&common::ops::TENCENT_DTS)
            .unwrap(),
        SigningAlgorithm::Tc3
    );
    assert!(client
        .signing_algorithm_for(&common::ops::ALIBABA_DTS)
        .is_ok());
    static TC3_ONLY: ServiceInfo = ServiceInfo {
        provider: Provider::Tencent,
        service: "dts",
        version: "2021-12-06",
        signing: &[SigningAlgorithm::Tc3],
        endpoints: Endpoints {
            default: "dts.tencentcloudapi.com",
            regional: None,
            international: None,
            finance: &[],
            regions: &[],
        },
    };
    let client = builder(&server, &sleep)
        .signing_algorithm(SigningAlgorithm::TencentV1)
        .build()
        .unwrap();
    let refused = client.signing_algorithm_for(&TC3_ONLY).unwrap_err();
    assert!(refused.to_string().contains("does not accept"), "{refused}");
    // Kinds needing a region.
    let client = Client::builder()
        .credentials(Credentials::new(ID, KEY))
        .endpoint_kind(EndpointKind::Regional)
        .transport(mock.clone())
        .build()
        .unwrap();
    assert!(matches!(
        client.send(describe()).await,
        Err(Error::Config(_))
    ));
    assert_eq!(server.count(), 0);
    assert_eq!(mock.request_count(), 0);
    // Bad settings fail the build.
    assert!(Client::builder().region("Bad Region").build().is_err());
    assert!(Client::builder().endpoint("ftp://x").build().is_err());
    assert!(Client::builder()
        .operation_timeout(Duration::ZERO)
        .build()
        .is_err());
    assert!(Client::builder()
        .client_identifier("x".repeat(200))
        .build()
        .is_err());
}

#[tokio::test]
async fn real_jitter_stays_within_the_exponential_ceiling() {
    let server = Server::always(Reply::text(500, "oops")).await;
    let sleep = RecordingSleep::new();
    let client = Client::builder()
        .credentials(Credentials::new(ID, KEY))
        .endpoint(server.url())
        .proxy(Proxy::None)
        .sleep(sleep.clone())
        .retry(RetryConfig::standard().with_max_attempts(6))
        .build()
        .unwrap();
    for _ in 0..5 {
        client.send(describe()).await.unwrap_err();
    }
    let sleeps = sleep.sleeps();
    assert_eq!(sleeps.len(), 25);
    for (i, delay) in sleeps.iter().enumerate() {
        let retry = (i % 5) as u32;
        assert!(
            *delay < Duration::from_millis(100 << retry),
            "{i}: {delay:?}"
        );
    }
    // Full jitter: not all waits are equal.
    assert!(sleeps.iter().any(|d| *d != sleeps[0]));
}

#[tokio::test]
async fn error_envelope_with_a_server_status_is_a_service_error() {
    let server = Server::always(Reply::json(
        500,
        json!({"Response": {"Error": {"Code": "InternalError", "Message": "boom"}, "RequestId": "r5"}}),
    ))
    .await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep).build().unwrap();
    let error = client.send(describe()).await.unwrap_err();
    let service = error.as_service().unwrap();
    assert_eq!(
        (service.raw_code.as_str(), service.http_status),
        ("InternalError", 500)
    );
    assert_eq!(server.count(), 3, "a read is retried after InternalError");
}

#[test]
fn send_futures_are_send_and_clients_are_shareable() {
    fn assert_send<T: Send>(_: &T) {}
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<Error<Code>>();
    let client = Client::builder()
        .credentials(Credentials::new(ID, KEY))
        .build()
        .unwrap();
    let future = client.send(describe());
    assert_send(&future);
}

#[tokio::test]
async fn retry_after_seconds_and_http_dates_are_floors_capped_by_max_delay() {
    let throttled = |retry_after: &str| {
        tencent_error("RequestLimitExceeded", "slow down").with_header("retry-after", retry_after)
    };
    let server = Server::sequence(vec![
        throttled("7"),
        // The clock below reads 2023-11-14T22:13:20Z: twelve seconds later.
        throttled("Tue, 14 Nov 2023 22:13:32 GMT"),
        throttled("90"),
        // An hour later: more than the policy allows.
        throttled("Tue, 14 Nov 2023 23:13:20 GMT"),
        Reply::json(
            200,
            json!({"Response": {"JobIds": ["dts-1"], "RequestId": "r"}}),
        ),
    ])
    .await;
    let sleep = RecordingSleep::new();
    let client = builder(&server, &sleep)
        .clock(Arc::new(FixedClock::from_unix(START)))
        .retry(RetryConfig::standard().with_max_attempts(5))
        .build()
        .unwrap();
    let output = client.send(CreateService::new()).await.unwrap();
    assert_eq!(output.job_ids, vec!["dts-1".to_string()]);
    assert_eq!(server.count(), 5);
    // Jitter alone would give 0.5 s, 1 s, 2 s, 4 s; the server's delay is a
    // floor, and the 20 s cap holds for both forms.
    let secs = Duration::from_secs;
    assert_eq!(sleep.sleeps(), vec![secs(7), secs(12), secs(20), secs(20)]);
}
