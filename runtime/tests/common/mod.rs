//! Test support: a tiny HTTP/1.1 server on 127.0.0.1 that records requests
//! and answers with scripted replies, independent signature checks (HMAC
//! and SHA computed here, not by the runtime's signer), and deterministic
//! clock, randomness and sleeping.

#![allow(dead_code)]

pub mod ops;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use cloud_sdk_runtime::clock::{BoxFuture, Clock, Random, Sleep};
use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

// ---------------------------------------------------------------- server

/// One request as the server received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    /// Raw query string after `?`, empty when none.
    pub query: String,
    /// Header names lowercased, in arrival order.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// When it arrived.
    pub at: tokio::time::Instant,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// Query parameters, percent-decoded.
    pub fn query_params(&self) -> BTreeMap<String, String> {
        decode_form(&self.query)
    }

    /// Form body parameters, percent-decoded.
    pub fn form_params(&self) -> BTreeMap<String, String> {
        decode_form(&String::from_utf8_lossy(&self.body))
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }
}

/// What the server does with a request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// Answer after `delay`.
    Respond {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        delay: Duration,
    },
    /// Close the connection without answering.
    Close,
    /// Announce `announced` bytes of body, send `body`, close.
    Truncate {
        status: u16,
        announced: usize,
        body: Vec<u8>,
    },
}

impl Reply {
    pub fn json(status: u16, body: serde_json::Value) -> Self {
        Reply::Respond {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.to_string().into_bytes(),
            delay: Duration::ZERO,
        }
    }

    pub fn text(status: u16, body: &str) -> Self {
        Reply::Respond {
            status,
            headers: vec![("content-type".into(), "text/html".into())],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
        }
    }

    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        if let Reply::Respond { headers, .. } = &mut self {
            headers.push((name.into(), value.into()));
        }
        self
    }

    pub fn delayed(mut self, by: Duration) -> Self {
        if let Reply::Respond { delay, .. } = &mut self {
            *delay = by;
        }
        self
    }
}

type Handler = dyn Fn(&Recorded, usize) -> Reply + Send + Sync;

/// A local HTTP server; stops when dropped.
pub struct Server {
    pub addr: std::net::SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    connections: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Server {
    /// Starts a server that answers request number `n` (0-based) with
    /// `handler(request, n)`.
    pub async fn start(
        handler: impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let connections = Arc::new(AtomicUsize::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let task = {
            let requests = requests.clone();
            let connections = connections.clone();
            tokio::spawn(async move {
                loop {
                    let Ok((stream, _)) = listener.accept().await else {
                        return;
                    };
                    connections.fetch_add(1, Ordering::SeqCst);
                    let requests = requests.clone();
                    let handler = handler.clone();
                    tokio::spawn(async move {
                        let _ = serve(stream, requests, handler).await;
                    });
                }
            })
        };
        Self {
            addr,
            requests,
            connections,
            task,
        }
    }

    /// Always the same reply.
    pub async fn always(reply: Reply) -> Self {
        Self::start(move |_, _| reply.clone()).await
    }

    /// Replies in order; the last one repeats.
    pub async fn sequence(replies: Vec<Reply>) -> Self {
        Self::start(move |_, n| replies[n.min(replies.len() - 1)].clone()).await
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn host(&self) -> String {
        self.addr.to_string()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }

    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

async fn serve(
    stream: tokio::net::TcpStream,
    requests: Arc<Mutex<Vec<Recorded>>>,
    handler: Arc<Handler>,
) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let mut parts = line.trim_end().splitn(3, ' ');
        let method = parts.next().unwrap_or_default().to_owned();
        let target = parts.next().unwrap_or_default().to_owned();
        let mut headers = Vec::new();
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).await?;
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let length = headers
            .iter()
            .find(|(n, _)| n == "content-length")
            .and_then(|(_, v)| v.parse::<usize>().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await?;
        let (path, query) = match target.split_once('?') {
            Some((p, q)) => (p.to_owned(), q.to_owned()),
            None => (target.clone(), String::new()),
        };
        let recorded = Recorded {
            method,
            path,
            query,
            headers,
            body,
            at: tokio::time::Instant::now(),
        };
        let index = {
            let mut all = requests.lock().unwrap();
            all.push(recorded.clone());
            all.len() - 1
        };
        match handler(&recorded, index) {
            Reply::Close => return Ok(()),
            Reply::Truncate {
                status,
                announced,
                body,
            } => {
                let head = format!(
                    "HTTP/1.1 {status} X\r\ncontent-type: application/json\r\ncontent-length: {announced}\r\n\r\n"
                );
                write.write_all(head.as_bytes()).await?;
                write.write_all(&body).await?;
                write.flush().await?;
                return Ok(());
            }
            Reply::Respond {
                status,
                headers,
                body,
                delay,
            } => {
                tokio::time::sleep(delay).await;
                let mut head = format!("HTTP/1.1 {status} X\r\ncontent-length: {}\r\n", body.len());
                for (name, value) in headers {
                    head.push_str(&format!("{name}: {value}\r\n"));
                }
                head.push_str("\r\n");
                write.write_all(head.as_bytes()).await?;
                write.write_all(&body).await?;
                write.flush().await?;
            }
        }
    }
}

// ---------------------------------------------------------------- encoding

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

pub fn decode_form(s: &str) -> BTreeMap<String, String> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// RFC 3986 encoding, uppercase hex (Alibaba).
pub fn rfc3986(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

// ---------------------------------------------------------------- signatures

fn hmac256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn hmac1(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha1> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

fn utc_date(timestamp: i64) -> String {
    // Civil from days (Howard Hinnant).
    let days = timestamp.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// Recomputes a TC3 signature from what the server received and compares
/// it with the `Authorization` header. Returns the signature.
pub fn verify_tc3(request: &Recorded, secret_id: &str, secret_key: &str, service: &str) -> String {
    let timestamp: i64 = request.header("x-tc-timestamp").unwrap().parse().unwrap();
    let content_type = request.header("content-type").unwrap();
    let host = request.header("host").unwrap();
    let canonical_request = format!(
        "{}\n/\n{}\ncontent-type:{}\nhost:{}\n\ncontent-type;host\n{}",
        request.method,
        request.query,
        content_type,
        host,
        sha256_hex(&request.body)
    );
    let date = utc_date(timestamp);
    let scope = format!("{date}/{service}/tc3_request");
    let string_to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let k_date = hmac256(format!("TC3{secret_key}").as_bytes(), date.as_bytes());
    let k_service = hmac256(&k_date, service.as_bytes());
    let k_signing = hmac256(&k_service, b"tc3_request");
    let signature = hex::encode(hmac256(&k_signing, string_to_sign.as_bytes()));
    let expected = format!(
        "TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"
    );
    assert_eq!(
        request.header("authorization"),
        Some(expected.as_str()),
        "TC3 signature"
    );
    signature
}

/// Recomputes an ACS3 signature over the headers the request says it
/// signed, after checking that the required ones are among them.
pub fn verify_acs3(request: &Recorded, access_key_id: &str, secret: &str) -> String {
    let authorization = request.header("authorization").unwrap();
    let rest = authorization
        .strip_prefix("ACS3-HMAC-SHA256 ")
        .expect("ACS3 prefix");
    let mut fields = BTreeMap::new();
    for part in rest.split(',') {
        let (k, v) = part.split_once('=').unwrap();
        fields.insert(k, v);
    }
    assert_eq!(fields["Credential"], access_key_id);
    let signed: Vec<&str> = fields["SignedHeaders"].split(';').collect();
    for required in [
        "host",
        "x-acs-action",
        "x-acs-version",
        "x-acs-date",
        "x-acs-signature-nonce",
        "x-acs-content-sha256",
    ] {
        assert!(
            signed.contains(&required),
            "{required} must be signed: {signed:?}"
        );
    }
    if !request.body.is_empty() {
        assert!(signed.contains(&"content-type"));
    }
    for (name, _) in &request.headers {
        if name.starts_with("x-acs-") {
            assert!(signed.contains(&name.as_str()), "{name} must be signed");
        }
    }
    let mut sorted_signed = signed.clone();
    sorted_signed.sort();
    assert_eq!(signed, sorted_signed, "signed headers sorted");
    assert_eq!(
        request.header("x-acs-content-sha256").unwrap(),
        sha256_hex(&request.body),
        "payload hash"
    );
    let mut query: Vec<(String, String)> = request.query_params().into_iter().collect();
    query.sort();
    let canonical_query = query
        .iter()
        .map(|(k, v)| format!("{}={}", rfc3986(k), rfc3986(v)))
        .collect::<Vec<_>>()
        .join("&");
    let canonical_headers: String = signed
        .iter()
        .map(|name| format!("{name}:{}\n", request.header(name).unwrap().trim()))
        .collect();
    let canonical_request = format!(
        "{}\n/\n{canonical_query}\n{canonical_headers}\n{}\n{}",
        request.method,
        fields["SignedHeaders"],
        sha256_hex(&request.body)
    );
    let string_to_sign = format!(
        "ACS3-HMAC-SHA256\n{}",
        sha256_hex(canonical_request.as_bytes())
    );
    let signature = hex::encode(hmac256(secret.as_bytes(), string_to_sign.as_bytes()));
    assert_eq!(fields["Signature"], signature, "ACS3 signature");
    signature
}

/// Recomputes a Tencent v1 signature (query or form parameters).
pub fn verify_tencent_v1(request: &Recorded, secret_key: &str) -> String {
    let mut params = if request.method == "GET" {
        request.query_params()
    } else {
        request.form_params()
    };
    let signature = params.remove("Signature").expect("Signature");
    let param_string = params
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let string_to_sign = format!(
        "{}{}/?{param_string}",
        request.method,
        request.header("host").unwrap()
    );
    let mac = match params.get("SignatureMethod").map(String::as_str) {
        Some("HmacSHA256") => hmac256(secret_key.as_bytes(), string_to_sign.as_bytes()),
        _ => hmac1(secret_key.as_bytes(), string_to_sign.as_bytes()),
    };
    let expected = base64::engine::general_purpose::STANDARD.encode(mac);
    assert_eq!(signature, expected, "Tencent v1 signature");
    signature
}

/// Recomputes an Alibaba RPC V2 signature over query and form parameters.
pub fn verify_rpc_v2(request: &Recorded, secret: &str) -> String {
    let mut params = request.query_params();
    let signature = params.remove("Signature").expect("Signature");
    params.extend(request.form_params());
    let canonical = params
        .iter()
        .map(|(k, v)| format!("{}={}", rfc3986(k), rfc3986(v)))
        .collect::<Vec<_>>()
        .join("&");
    let string_to_sign = format!("{}&%2F&{}", request.method, rfc3986(&canonical));
    let mac = hmac1(format!("{secret}&").as_bytes(), string_to_sign.as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac);
    assert_eq!(signature, expected, "RPC V2 signature");
    signature
}

// ---------------------------------------------------------------- injectables

/// A clock that advances by one second each time it is read, so every
/// attempt has a distinct timestamp.
#[derive(Debug)]
pub struct TickingClock(AtomicU64);

impl TickingClock {
    pub fn starting_at(secs: u64) -> Arc<Self> {
        Arc::new(Self(AtomicU64::new(secs)))
    }
}

impl Clock for TickingClock {
    fn now(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.0.fetch_add(1, Ordering::SeqCst))
    }
}

/// Counter-based randomness with a fixed jitter.
#[derive(Debug)]
pub struct CountingRandom {
    counter: AtomicU64,
    pub jitter: f64,
}

impl CountingRandom {
    pub fn with_jitter(jitter: f64) -> Arc<Self> {
        Arc::new(Self {
            counter: AtomicU64::new(1),
            jitter,
        })
    }
}

impl Random for CountingRandom {
    fn bytes16(&self) -> [u8; 16] {
        let n = self.counter.fetch_add(1, Ordering::SeqCst);
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&n.to_be_bytes());
        bytes[8..].copy_from_slice(&n.to_be_bytes());
        bytes
    }

    fn unit(&self) -> f64 {
        self.jitter
    }
}

/// Records requested sleeps and returns at once.
#[derive(Debug, Default)]
pub struct RecordingSleep(pub Mutex<Vec<Duration>>);

impl RecordingSleep {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    pub fn sleeps(&self) -> Vec<Duration> {
        self.0.lock().unwrap().clone()
    }
}

impl Sleep for RecordingSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        self.0.lock().unwrap().push(duration);
        Box::pin(async {})
    }
}

// ---------------------------------------------------------------- temp dirs

/// A fresh directory under the system temp dir, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "cloud-sdk-runtime-{tag}-{}-{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst)
        ));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Self(path)
    }

    pub fn write(&self, relative: &str, contents: &str) -> std::path::PathBuf {
        let path = self.0.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, contents).unwrap();
        path
    }

    pub fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
