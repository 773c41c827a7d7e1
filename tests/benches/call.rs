//! Cost of a whole call through the generated client, against raw reqwest
//! sending the same bytes to the same local server, in the same run.
//!
//! * `call/*`: Tencent `CreateMigrationService` (generated
//!   `CreateMigrationServiceRequest`, TC3) to a minimal HTTP/1.1 server on
//!   127.0.0.1 that answers every request with the same fixed bytes.
//!   `raw` posts the body and headers the SDK signed once (captured before
//!   the run) with a plain `reqwest::Client` and reads the body; `sdk`
//!   builds, signs, sends and decodes the typed call through
//!   `dts.create_migration_service(..)`.
//!   - `cpu_one_at_a_time`, `cpu_32_concurrent`: client CPU time per call.
//!   - `wall_32_concurrent`: wall time per call with 32 in flight; calls per
//!     second is its inverse.
//! * `build_sign/*`: building, encoding and signing without the network
//!   (`Client::sign_request`), against a plain floor: `serde_json::to_vec`
//!   of the typed request plus the signer called directly on its inputs.
//!
//! How client CPU is measured: the client runs on a Tokio current-thread
//! runtime on the benchmark thread, and the server on its own thread (its
//! own current-thread runtime). Each sample reads
//! `CLOCK_THREAD_CPUTIME_ID` of the benchmark thread before and after, so
//! only client work counts (reqwest resolves no DNS for an IP literal and
//! spawns no thread of its own). With 32 in flight the 32 calls are tasks
//! on that one thread, so the CPU figure includes the scheduling and pool
//! contention between them; the server works in parallel on its thread.
//!
//! `cargo bench -p integration-tests --bench call`; see README "Call cost".

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use cloud_sdk_runtime::sign::acs3::{self, Acs3Request};
use cloud_sdk_runtime::sign::rpc_v2::{self, RpcV2Request};
use cloud_sdk_runtime::sign::tc3::{self, Tc3Request};
use cloud_sdk_runtime::sign::{sha256_hex, AccessKey};
use cloud_sdk_runtime::transport::HttpRequest;
use cloud_sdk_runtime::{Client, Credentials, Proxy};
use criterion::{criterion_group, criterion_main, Criterion};
use dts_sdk::alibaba::dts::v20200101 as ali;
use dts_sdk::tencent::dts::v20211206 as tc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use ali::modify_dts_job::ModifyDtsJobRequest;
use tc::create_migration_service::CreateMigrationServiceRequest;
use tc::types::{DatabaseType, InstanceClass, TagItem};

const ID: &str = "AKIDbenchmarkExample";
const SECRET: &str = "bench-Very-S3cret-Key";
const CONCURRENCY: u64 = 32;

/// The body of every response.
const RESPONSE_BODY: &str = r#"{"Response":{"JobIds":["dts-1"],"RequestId":"r-1"}}"#;

/// The same bytes for every request.
fn response() -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{RESPONSE_BODY}",
        RESPONSE_BODY.len()
    )
    .into_bytes()
}

fn request() -> CreateMigrationServiceRequest {
    CreateMigrationServiceRequest::new(
        DatabaseType::Mysql,
        DatabaseType::CynosdbMysql,
        "ap-guangzhou",
        "ap-guangzhou",
        InstanceClass::Medium,
    )
    .count(1)
    .job_name("nightly migration")
    .tags([
        TagItem::new().tag_key("env").tag_value("prod"),
        TagItem::new().tag_key("team").tag_value("blue green"),
    ])
}

fn modify_dts_job() -> ModifyDtsJobRequest {
    ModifyDtsJobRequest::new("dtsi-1")
        .dts_job_id("job-1")
        .client_token("token-1")
        .db_list(serde_json::json!({"dtstest": {"name": "dtstest", "all": true}}))
        .data_initialization(true)
}

// ------------------------------------------------------------------ server

/// Starts the server on its own thread and returns its address.
fn start_server() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let addr = listener.local_addr().expect("local address");
    listener.set_nonblocking(true).expect("non-blocking");
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        let response: Arc<[u8]> = response().into();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve(stream, response.clone()));
            }
        });
    });
    addr
}

/// Answers every request on one keep-alive connection with `response`.
async fn serve(mut stream: tokio::net::TcpStream, response: Arc<[u8]>) {
    let mut buffer = Vec::with_capacity(8192);
    let mut chunk = [0u8; 8192];
    loop {
        // Read until the end of the headers, then the announced body.
        let (head_end, length) = loop {
            if let Some(end) = find(&buffer, b"\r\n\r\n") {
                break (end + 4, content_length(&buffer[..end]));
            }
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        };
        while buffer.len() < head_end + length {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
        buffer.drain(..head_end + length);
        if stream.write_all(&response).await.is_err() {
            return;
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0)
}

// ------------------------------------------------------------------ clients

fn runtime_client(url: &str) -> Client {
    Client::builder()
        .credentials(Credentials::new(ID, SECRET))
        .region("ap-guangzhou")
        .endpoint(url)
        .proxy(Proxy::None)
        .build()
        .expect("client")
}

/// A reqwest client configured like the SDK's transport.
fn raw_client() -> reqwest::Client {
    reqwest::Client::builder()
        .http1_only()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client")
}

/// What raw reqwest sends: the SDK's signed request, captured once.
struct RawRequest {
    url: String,
    headers: reqwest::header::HeaderMap,
    body: Vec<u8>,
}

impl RawRequest {
    fn from(signed: &HttpRequest) -> Self {
        let mut headers = reqwest::header::HeaderMap::new();
        for (name, value) in signed.headers() {
            headers.insert(
                reqwest::header::HeaderName::from_bytes(name.as_bytes()).expect("name"),
                reqwest::header::HeaderValue::from_str(value).expect("value"),
            );
        }
        Self {
            url: signed.url().to_owned(),
            headers,
            body: signed.body().to_vec(),
        }
    }

    async fn send(&self, client: &reqwest::Client) {
        let response = client
            .post(&self.url)
            .headers(self.headers.clone())
            .body(self.body.clone())
            .send()
            .await
            .expect("raw send");
        assert_eq!(response.status(), 200);
        black_box(response.bytes().await.expect("raw body"));
    }
}

// ------------------------------------------------------------------ timing

/// CPU time of the calling thread, so the server thread is not counted.
#[allow(unsafe_code)] // one libc call; no safe std API reads this clock
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// Which clock a sample reads.
#[derive(Clone, Copy)]
enum Measure {
    Cpu,
    Wall,
}

/// Runs `iters` calls of `call` with `concurrency` in flight on `runtime`
/// and returns the time they took on `measure`'s clock.
fn run<F, Fut>(
    runtime: &tokio::runtime::Runtime,
    iters: u64,
    concurrency: u64,
    measure: Measure,
    call: F,
) -> Duration
where
    F: Fn() -> Fut + Clone + 'static,
    Fut: std::future::Future<Output = ()> + 'static,
{
    let cpu = thread_cpu();
    // A benchmark measures real time; the runtime's clock rule is for the SDK.
    #[allow(clippy::disallowed_methods)]
    let wall = Instant::now();
    runtime.block_on(async {
        let local = tokio::task::LocalSet::new();
        let next = Arc::new(AtomicU64::new(0));
        for _ in 0..concurrency.min(iters) {
            let next = next.clone();
            let call = call.clone();
            local.spawn_local(async move {
                while next.fetch_add(1, Ordering::Relaxed) < iters {
                    call().await;
                }
            });
        }
        local.await;
    });
    match measure {
        Measure::Cpu => thread_cpu() - cpu,
        Measure::Wall => wall.elapsed(),
    }
}

fn call(c: &mut Criterion) {
    let addr = start_server();
    let url = format!("http://{addr}");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("client runtime");

    let client = runtime_client(&url);
    let dts = tc::TencentDtsClient::new(client.clone());
    let raw = raw_client();
    let signed = runtime
        .block_on(client.sign_request(request()))
        .expect("sign");
    let raw_request = Arc::new(RawRequest::from(&signed));

    // Both answer before the run starts.
    runtime.block_on(async {
        raw_request.send(&raw).await;
        let output = dts.create_migration_service(request()).await.expect("call");
        assert_eq!(output.job_ids, ["dts-1"]);
    });

    let sdk_call = {
        let dts = dts.clone();
        move || {
            let dts = dts.clone();
            async move {
                black_box(dts.create_migration_service(request()).await.expect("call"));
            }
        }
    };
    let raw_call = {
        let raw = raw.clone();
        move || {
            let raw = raw.clone();
            let request = raw_request.clone();
            async move { request.send(&raw).await }
        }
    };

    let cases = [
        ("cpu_one_at_a_time", 1, Measure::Cpu),
        ("cpu_32_concurrent", CONCURRENCY, Measure::Cpu),
        ("wall_32_concurrent", CONCURRENCY, Measure::Wall),
    ];
    for (name, concurrency, measure) in cases {
        let mut group = c.benchmark_group(format!("call/{name}"));
        group.bench_function("raw", |b| {
            b.iter_custom(|iters| run(&runtime, iters, concurrency, measure, raw_call.clone()))
        });
        group.bench_function("sdk", |b| {
            b.iter_custom(|iters| run(&runtime, iters, concurrency, measure, sdk_call.clone()))
        });
        group.finish();
    }
}

// ------------------------------------------------------------------ build and sign

fn build_sign(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let tencent = runtime_client("https://dts.tencentcloudapi.com");
    let alibaba = |algorithm| {
        Client::builder()
            .credentials(Credentials::new(ID, SECRET))
            .region("cn-hangzhou")
            .signing_algorithm(algorithm)
            .proxy(Proxy::None)
            .build()
            .expect("client")
    };
    let acs3_client = alibaba(cloud_sdk_runtime::operation::SigningAlgorithm::Acs3);
    let v2_client = alibaba(cloud_sdk_runtime::operation::SigningAlgorithm::RpcV2);
    let key = AccessKey {
        id: ID,
        secret: SECRET,
    };

    let mut group = c.benchmark_group("build_sign/tc3");
    group.bench_function("floor", |b| {
        b.iter(|| {
            let request = black_box(request());
            let body = serde_json::to_vec(&request).expect("json");
            tc3::sign(
                &key,
                &Tc3Request {
                    service: "dts",
                    host: "dts.tencentcloudapi.com",
                    method: "POST",
                    path: "/",
                    content_type: "application/json",
                    query_string: "",
                    body: &body,
                    timestamp: 1_700_000_000,
                },
            )
            .expect("sign")
        })
    });
    group.bench_function("sdk", |b| {
        b.iter(|| {
            runtime
                .block_on(tencent.sign_request(black_box(request())))
                .expect("sign")
        })
    });
    group.finish();

    // The Alibaba floors take the wire pairs the SDK produced, flattened
    // once outside the loop; inside it they serialise the typed request
    // (as the TC3 floor does) and run the signer, including the body hash.
    let captured = runtime
        .block_on(acs3_client.sign_request(modify_dts_job()))
        .expect("sign");
    let query = decode_pairs(captured.query().unwrap_or_default());
    let form_body = captured.body().to_vec();
    let form = decode_pairs(std::str::from_utf8(&form_body).expect("form"));
    let query_refs: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let mut group = c.benchmark_group("build_sign/acs3");
    group.bench_function("floor", |b| {
        b.iter(|| {
            let request = black_box(modify_dts_job());
            black_box(serde_json::to_vec(&request).expect("json"));
            let hashed = sha256_hex(&form_body);
            let headers = [
                ("content-type", "application/x-www-form-urlencoded"),
                ("host", "dts.cn-hangzhou.aliyuncs.com"),
                ("x-acs-action", "ModifyDtsJob"),
                ("x-acs-content-sha256", hashed.as_str()),
                ("x-acs-date", "2023-11-14T22:13:20Z"),
                (
                    "x-acs-signature-nonce",
                    "3b7c9a52-1f0e-4d6b-9c21-8a5f0e2d4c17",
                ),
                ("x-acs-version", "2020-01-01"),
            ];
            acs3::sign(
                &key,
                &Acs3Request {
                    method: "POST",
                    path: "/",
                    query: &query_refs,
                    headers: &headers,
                    hashed_payload: &hashed,
                },
            )
            .expect("sign")
        })
    });
    group.bench_function("sdk", |b| {
        b.iter(|| {
            runtime
                .block_on(acs3_client.sign_request(black_box(modify_dts_job())))
                .expect("sign")
        })
    });
    group.finish();

    let captured = runtime
        .block_on(v2_client.sign_request(modify_dts_job()))
        .expect("sign");
    let query: Vec<(String, String)> = decode_pairs(captured.query().unwrap_or_default())
        .into_iter()
        .filter(|(k, _)| k != "Signature")
        .collect();
    let mut group = c.benchmark_group("build_sign/rpc_v2");
    group.bench_function("floor", |b| {
        b.iter(|| {
            let request = black_box(modify_dts_job());
            black_box(serde_json::to_vec(&request).expect("json"));
            rpc_v2::sign(
                SECRET,
                &RpcV2Request {
                    method: "POST",
                    query: &query,
                    form: &form,
                },
            )
            .expect("sign")
        })
    });
    group.bench_function("sdk", |b| {
        b.iter(|| {
            runtime
                .block_on(v2_client.sign_request(black_box(modify_dts_job())))
                .expect("sign")
        })
    });
    group.finish();
}

/// `a=1&b=2` to decoded pairs (RFC 3986 percent-decoding).
fn decode_pairs(encoded: &str) -> Vec<(String, String)> {
    fn decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 3 <= bytes.len() {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("hex");
                out.push(u8::from_str_radix(hex, 16).expect("hex"));
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).expect("UTF-8")
    }
    encoded
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = call, build_sign
}
criterion_main!(benches);
