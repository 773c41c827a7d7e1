//! TLS settings against a local HTTPS server on 127.0.0.1 whose certificate
//! is issued by a test CA (`fixtures/tls`, made with `openssl` once, valid
//! until 2126): extra roots, the built-in roots switched off, and the
//! lowest TLS version.

mod common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use cloud_sdk_runtime::{
    Client, ClientBuilder, Credentials, Error, Proxy, RetryConfig, TlsVersion,
};
use common::ops::DescribeJobs;
use common::{CountingRandom, RecordingSleep, TickingClock};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

const CA_PEM: &[u8] = include_bytes!("fixtures/tls/test-ca.pem");
const SERVER_CERT: &[u8] = include_bytes!("fixtures/tls/test-server.cert.der");
const SERVER_KEY: &[u8] = include_bytes!("fixtures/tls/test-server.key.der");

const BODY: &str = r#"{"Response":{"TotalCount":0,"JobList":[],"RequestId":"req-tls"}}"#;

/// An HTTPS server speaking only `versions`; counts the requests that got
/// through the handshake.
struct TlsServer {
    url: String,
    requests: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TlsServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TlsServer {
    async fn start(versions: &[&'static rustls::SupportedProtocolVersion]) -> Self {
        let config = rustls::ServerConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_protocol_versions(versions)
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(
            vec![CertificateDer::from(SERVER_CERT.to_vec())],
            PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(SERVER_KEY.to_vec())),
        )
        .unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("https://{}", listener.local_addr().unwrap());
        let requests = Arc::new(AtomicUsize::new(0));
        let counter = requests.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let acceptor = acceptor.clone();
                let counter = counter.clone();
                tokio::spawn(async move {
                    if let Ok(stream) = acceptor.accept(stream).await {
                        let _ = answer(stream, &counter).await;
                    }
                });
            }
        });
        Self {
            url,
            requests,
            task,
        }
    }

    fn count(&self) -> usize {
        self.requests.load(Ordering::SeqCst)
    }
}

/// Reads one request (head and announced body) and answers it.
async fn answer(
    mut stream: tokio_rustls::server::TlsStream<tokio::net::TcpStream>,
    counter: &AtomicUsize,
) -> std::io::Result<()> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let (head_end, length) = loop {
        if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
            let length = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            break (end + 4, length);
        }
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buffer.extend_from_slice(&chunk[..n]);
    };
    while buffer.len() < head_end + length {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            return Ok(());
        }
        buffer.extend_from_slice(&chunk[..n]);
    }
    counter.fetch_add(1, Ordering::SeqCst);
    let response = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{BODY}",
        BODY.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

fn builder(server: &TlsServer) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new("AKIDtestSecretId", "sk-Very-S3cret-Key"))
        .endpoint(server.url.clone())
        .proxy(Proxy::None)
        .region("ap-guangzhou")
        .retry(RetryConfig::disabled())
        .clock(TickingClock::starting_at(1_700_000_000))
        .random(CountingRandom::with_jitter(0.5))
        .sleep(RecordingSleep::new())
}

fn describe() -> DescribeJobs<false> {
    DescribeJobs {
        job_id: Some("dts-1".into()),
        limit: None,
        tag_filters: Vec::new(),
        note: None,
    }
}

fn expect_tls_failure(result: Result<impl std::fmt::Debug, Error<common::ops::Code>>) {
    match result {
        Err(Error::Connection(e)) => assert!(!e.to_string().is_empty()),
        other => panic!("expected a connection error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_added_root_is_trusted_alone_when_built_in_roots_are_off() {
    let server = TlsServer::start(rustls::ALL_VERSIONS).await;
    let client = builder(&server)
        .add_root_certificate_pem(CA_PEM)
        .tls_built_in_root_certs(false)
        .build()
        .unwrap();
    let output = client.send(describe()).await.unwrap();
    assert_eq!(output.request_id, "req-tls");
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn an_unknown_issuer_is_refused_before_anything_is_sent() {
    let server = TlsServer::start(rustls::ALL_VERSIONS).await;
    // The built-in web roots do not include the test CA.
    let client = builder(&server).build().unwrap();
    expect_tls_failure(client.send(describe()).await);
    // Nor does an empty trust store.
    let client = builder(&server)
        .tls_built_in_root_certs(false)
        .build()
        .unwrap();
    expect_tls_failure(client.send(describe()).await);
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn the_lowest_tls_version_is_enforced() {
    let server = TlsServer::start(&[&rustls::version::TLS12]).await;
    let trusting = builder(&server).add_root_certificate_pem(CA_PEM);
    // TLS 1.2 is accepted by default ...
    let client = trusting.clone().build().unwrap();
    client.send(describe()).await.unwrap();
    // ... and refused when 1.3 is the floor.
    let strict = trusting.min_tls_version(TlsVersion::Tls13).build().unwrap();
    expect_tls_failure(strict.send(describe()).await);
    assert_eq!(server.count(), 1);
}

#[tokio::test]
async fn a_root_file_without_certificates_fails_the_build() {
    let server = TlsServer::start(rustls::ALL_VERSIONS).await;
    let error = builder(&server)
        .add_root_certificate_pem(CA_PEM)
        .add_root_certificate_pem(&b"not a certificate"[..])
        .build()
        .unwrap_err();
    assert!(
        error.to_string().contains("root certificate file 2"),
        "{error}"
    );
}
