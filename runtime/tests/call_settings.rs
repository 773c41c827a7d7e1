//! Per-call overrides (`Client::with_overrides`) and connection pools shared
//! by clients built from one builder, against local servers.

mod common;

use std::time::Duration;

use cloud_sdk_runtime::error::TimeoutKind;
use cloud_sdk_runtime::{Client, ClientBuilder, Credentials, Error, Proxy, RetryConfig};
use common::ops::DescribeJobs;
use common::{CountingRandom, RecordingSleep, Reply, Server, TickingClock};
use serde_json::json;

fn builder(server: &Server) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new("AKIDtestSecretId", "sk-Very-S3cret-Key"))
        .endpoint(server.url())
        .proxy(Proxy::None)
        .region("ap-guangzhou")
        .clock(TickingClock::starting_at(1_700_000_000))
        .random(CountingRandom::with_jitter(0.5))
        .sleep(RecordingSleep::new())
}

fn ok_jobs() -> Reply {
    Reply::json(
        200,
        json!({"Response": {"TotalCount": 0, "JobList": [], "RequestId": "req-ok"}}),
    )
}

fn unavailable() -> Reply {
    Reply::json(503, json!({"message": "busy"}))
}

fn describe() -> DescribeJobs<false> {
    DescribeJobs {
        job_id: Some("dts-1".into()),
        limit: None,
        tag_filters: Vec::new(),
        note: None,
    }
}

#[tokio::test]
async fn overridden_attempts_apply_to_the_clone_only() {
    let server = Server::always(unavailable()).await;
    let client = builder(&server)
        .retry(RetryConfig::standard().with_max_attempts(3))
        .build()
        .unwrap();

    let once = client.with_overrides(|o| o.max_attempts(1));
    assert!(once.send(describe()).await.is_err());
    assert_eq!(server.count(), 1, "the override allows one attempt");

    assert!(client.send(describe()).await.is_err());
    assert_eq!(server.count(), 4, "the original client still makes three");

    let twice = client.with_overrides(|o| o.retry(RetryConfig::standard().with_max_attempts(2)));
    assert!(twice.send(describe()).await.is_err());
    assert_eq!(server.count(), 6);
    assert_eq!(
        server.connections(),
        1,
        "clones with overrides share the pool"
    );
}

#[tokio::test]
async fn overridden_endpoint_sends_elsewhere_and_shares_the_pool() {
    let first = Server::always(ok_jobs()).await;
    let second = Server::always(ok_jobs()).await;
    let client = builder(&first).build().unwrap();

    client.send(describe()).await.unwrap();
    let moved = client.with_overrides(|o| o.endpoint(second.url()));
    moved.send(describe()).await.unwrap();
    moved.send(describe()).await.unwrap();
    client.send(describe()).await.unwrap();

    assert_eq!(first.count(), 2);
    assert_eq!(second.count(), 2);
    let host = second.requests()[0].header("host").map(str::to_owned);
    assert_eq!(host.as_deref(), Some(second.host().as_str()));
    // One connection to each server: the clone reused the client's pool.
    assert_eq!((first.connections(), second.connections()), (1, 1));
}

#[tokio::test]
async fn overridden_timeout_applies_to_the_clone_only() {
    let server = Server::always(ok_jobs().delayed(Duration::from_millis(400))).await;
    let client = builder(&server).build().unwrap();

    let hasty = client.with_overrides(|o| {
        o.attempt_timeout(Duration::from_millis(100))
            .max_attempts(1)
    });
    match hasty.send(describe()).await {
        Err(Error::Timeout(e)) => {
            assert_eq!(e.kind, TimeoutKind::Attempt);
            assert_eq!(e.limit, Duration::from_millis(100));
            assert_eq!(e.attempts, 1);
        }
        other => panic!("{other:?}"),
    }
    // The default 30 s attempt timeout of the original is untouched.
    client.send(describe()).await.unwrap();

    let bounded = client.with_overrides(|o| o.operation_timeout(Duration::from_millis(150)));
    match bounded.send(describe()).await {
        Err(Error::Timeout(e)) => assert_eq!(e.kind, TimeoutKind::Operation),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn invalid_overrides_fail_before_sending() {
    let server = Server::always(ok_jobs()).await;
    let client = builder(&server).build().unwrap();

    let bad_endpoint = client.with_overrides(|o| o.endpoint("ftp://example.com"));
    assert!(matches!(
        bad_endpoint.send(describe()).await,
        Err(Error::Config(_))
    ));
    let zero = client.with_overrides(|o| o.operation_timeout(Duration::ZERO));
    match zero.send(describe()).await {
        Err(Error::Config(e)) => assert!(e.to_string().contains("greater than zero"), "{e}"),
        other => panic!("{other:?}"),
    }
    // An override on top of an invalid one keeps failing.
    let still_bad = bad_endpoint.with_overrides(|o| o.max_attempts(1));
    assert!(matches!(
        still_bad.send(describe()).await,
        Err(Error::Config(_))
    ));
    assert_eq!(server.count(), 0, "nothing was sent");
    client.send(describe()).await.unwrap();
}

#[tokio::test]
async fn clients_built_from_one_builder_share_one_pool() {
    let server = Server::always(ok_jobs()).await;
    let shared = builder(&server);
    let first = shared.clone().build().unwrap();
    // Settings that do not belong to the pool may differ.
    let second = shared
        .clone()
        .region("ap-shanghai")
        .retry(RetryConfig::disabled())
        .build()
        .unwrap();
    for _ in 0..3 {
        first.send(describe()).await.unwrap();
        second.send(describe()).await.unwrap();
    }
    assert_eq!(server.count(), 6);
    assert_eq!(
        server.connections(),
        1,
        "one pool, one kept-alive connection"
    );

    // A different connect timeout needs a pool of its own.
    let third = shared
        .connect_timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    third.send(describe()).await.unwrap();
    assert_eq!(server.connections(), 2);
    first.send(describe()).await.unwrap();
    assert_eq!(server.connections(), 2, "the first pool is still in use");
}

#[tokio::test]
async fn separate_builders_have_separate_pools() {
    let server = Server::always(ok_jobs()).await;
    let first = builder(&server).build().unwrap();
    let second = builder(&server).build().unwrap();
    first.send(describe()).await.unwrap();
    second.send(describe()).await.unwrap();
    assert_eq!(server.connections(), 2);
}
