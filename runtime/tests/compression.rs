//! Gzip response bodies from a local server: decoded when the response says
//! `Content-Encoding: gzip`, named in the error when it does not.

mod common;

use std::time::Duration;

use cloud_sdk_runtime::error::ResponseErrorKind;
use cloud_sdk_runtime::{Client, Credentials, Error, Proxy, RetryConfig};
use common::ops::DescribeJobs;
use common::{CountingRandom, RecordingSleep, Reply, Server, TickingClock};

/// `{"Response":{"TotalCount":2,"JobList":[],"RequestId":"req-gzip"}}`,
/// gzip-compressed (Python `gzip`, mtime 0).
const GZIPPED: [u8; 82] = [
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff, 0xab, 0x56, 0x0a, 0x4a, 0x2d, 0x2e,
    0xc8, 0xcf, 0x2b, 0x4e, 0x55, 0xb2, 0xaa, 0x56, 0x0a, 0xc9, 0x2f, 0x49, 0xcc, 0x71, 0xce, 0x2f,
    0xcd, 0x2b, 0x51, 0xb2, 0x32, 0xd2, 0x51, 0xf2, 0xca, 0x4f, 0xf2, 0xc9, 0x2c, 0x06, 0xb2, 0xa3,
    0x63, 0x75, 0x80, 0xea, 0x0a, 0x4b, 0x53, 0x8b, 0x4b, 0x3c, 0x53, 0x94, 0xac, 0x94, 0x8a, 0x52,
    0x0b, 0x75, 0xd3, 0xab, 0x32, 0x0b, 0x94, 0x6a, 0x6b, 0x01, 0x84, 0xcb, 0x24, 0x77, 0x41, 0x00,
    0x00, 0x00,
];

fn gzip_reply(status: u16, declared: bool) -> Reply {
    let mut headers = vec![("content-type".to_owned(), "application/json".to_owned())];
    if declared {
        headers.push(("content-encoding".to_owned(), "gzip".to_owned()));
    }
    Reply::Respond {
        status,
        headers,
        body: GZIPPED.to_vec(),
        delay: Duration::ZERO,
    }
}

fn client(server: &Server) -> Client {
    Client::builder()
        .credentials(Credentials::new("AKIDtestSecretId", "sk-Very-S3cret-Key"))
        .endpoint(server.url())
        .proxy(Proxy::None)
        .region("ap-guangzhou")
        .retry(RetryConfig::disabled())
        .clock(TickingClock::starting_at(1_700_000_000))
        .random(CountingRandom::with_jitter(0.5))
        .sleep(RecordingSleep::new())
        .build()
        .unwrap()
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
async fn a_declared_gzip_body_is_decoded() {
    let server = Server::always(gzip_reply(200, true)).await;
    let output = client(&server).send(describe()).await.unwrap();
    assert_eq!(output.total_count, 2);
    assert_eq!(output.request_id, "req-gzip");
    let accepted = server.requests()[0]
        .header("accept-encoding")
        .map(str::to_owned);
    assert_eq!(accepted.as_deref(), Some("gzip"));
}

#[tokio::test]
async fn an_undeclared_gzip_body_is_named_in_the_error() {
    let server = Server::always(gzip_reply(200, false)).await;
    let error = client(&server).send(describe()).await.unwrap_err();
    match &error {
        Error::InvalidResponse(e) => {
            assert_eq!(e.kind, ResponseErrorKind::NotJson);
            assert!(e.detail.contains("gzip-compressed"), "{}", e.detail);
            assert!(e.detail.contains("Content-Encoding"), "{}", e.detail);
        }
        other => panic!("{other:?}"),
    }
    // One line, and no binary in it.
    let shown = error.to_string();
    assert!(shown.contains("gzip-compressed"), "{shown}");
    assert!(
        !shown.contains('\u{fffd}') && !shown.contains("\\u{8b}"),
        "{shown}"
    );

    let server = Server::always(gzip_reply(502, false)).await;
    match client(&server).send(describe()).await.unwrap_err() {
        Error::UnexpectedStatus(e) => {
            assert_eq!(e.status, 502);
            assert!(e.excerpt.contains("gzip-compressed"), "{}", e.excerpt);
        }
        other => panic!("{other:?}"),
    }
}
