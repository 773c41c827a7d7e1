//! A fake metadata / STS server on 127.0.0.1 and independent signature
//! checks (plain hmac/sha2, not the crate's signers).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: BTreeMap<String, String>,
    pub body: Vec<u8>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
}

pub enum Answer {
    Reply(u16, String),
    Stall,
}

type Handler = dyn Fn(&Request) -> Answer + Send + Sync;

pub struct Fake {
    pub url: String,
    pub requests: Arc<Mutex<Vec<Request>>>,
    pub count: Arc<AtomicUsize>,
}

impl Fake {
    pub async fn start(
        delay: Duration,
        handler: impl Fn(&Request) -> Answer + Send + Sync + 'static,
    ) -> Fake {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let count = Arc::new(AtomicUsize::new(0));
        let handler: Arc<Handler> = Arc::new(handler);
        let (r, c) = (requests.clone(), count.clone());
        tokio::spawn(async move {
            loop {
                let Ok((mut socket, _)) = listener.accept().await else {
                    return;
                };
                let (r, c, handler) = (r.clone(), c.clone(), handler.clone());
                tokio::spawn(async move {
                    loop {
                        let Some(request) = read_request(&mut socket).await else {
                            return;
                        };
                        c.fetch_add(1, Ordering::SeqCst);
                        r.lock().unwrap().push(request.clone());
                        tokio::time::sleep(delay).await;
                        match handler(&request) {
                            Answer::Stall => {
                                tokio::time::sleep(Duration::from_secs(3600)).await;
                                return;
                            }
                            Answer::Reply(status, body) => {
                                let head = format!(
                                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                                    body.len()
                                );
                                if socket.write_all(head.as_bytes()).await.is_err()
                                    || socket.write_all(body.as_bytes()).await.is_err()
                                {
                                    return;
                                }
                            }
                        }
                    }
                });
            }
        });
        Fake {
            url,
            requests,
            count,
        }
    }

    pub fn count(&self) -> usize {
        self.count.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<Request> {
        self.requests.lock().unwrap().clone()
    }
}

async fn read_request(socket: &mut tokio::net::TcpStream) -> Option<Request> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8_lossy(&buf[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_owned();
    let target = first.next()?.to_owned();
    let (path, query) = match target.split_once('?') {
        Some((p, q)) => (p.to_owned(), q.to_owned()),
        None => (target, String::new()),
    };
    let headers: BTreeMap<String, String> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let length: usize = headers
        .get("content-length")
        .and_then(|l| l.parse().ok())
        .unwrap_or(0);
    let mut body = buf[end + 4..].to_vec();
    while body.len() < length {
        let n = socket.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        body.extend_from_slice(&chunk[..n]);
    }
    Some(Request {
        method,
        path,
        query,
        headers,
        body,
    })
}

pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            out.push(u8::from_str_radix(&s[i + 1..i + 3], 16).unwrap());
            i += 3;
        } else if bytes[i] == b'+' {
            out.push(b' ');
            i += 1;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

pub fn decode_pairs(s: &str) -> BTreeMap<String, String> {
    s.split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// RFC 3986 unreserved characters stay, everything else is %XX.
pub fn rfc3986(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn hmac256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// Recomputes the TC3 `Authorization` of `request` and compares.
pub fn verify_tc3(request: &Request, id: &str, secret: &str, service: &str) -> bool {
    let timestamp: i64 = request.header("x-tc-timestamp").unwrap().parse().unwrap();
    let date = time::OffsetDateTime::from_unix_timestamp(timestamp)
        .unwrap()
        .date();
    let date = format!(
        "{:04}-{:02}-{:02}",
        date.year(),
        u8::from(date.month()),
        date.day()
    );
    let canonical = format!(
        "POST\n/\n\ncontent-type:{}\nhost:{}\n\ncontent-type;host\n{}",
        request.header("content-type").unwrap(),
        request.header("host").unwrap(),
        hex::encode(Sha256::digest(&request.body))
    );
    let scope = format!("{date}/{service}/tc3_request");
    let to_sign = format!(
        "TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{}",
        hex::encode(Sha256::digest(canonical.as_bytes()))
    );
    let k = hmac256(format!("TC3{secret}").as_bytes(), date.as_bytes());
    let k = hmac256(&k, service.as_bytes());
    let k = hmac256(&k, b"tc3_request");
    let signature = hex::encode(hmac256(&k, to_sign.as_bytes()));
    let expected = format!(
        "TC3-HMAC-SHA256 Credential={id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"
    );
    request.header("authorization") == Some(expected.as_str())
}

/// Recomputes the Alibaba RPC V2 `Signature` over query and form.
pub fn verify_rpc_v2(request: &Request, secret: &str) -> bool {
    let mut params = decode_pairs(&request.query);
    params.extend(decode_pairs(&String::from_utf8_lossy(&request.body)));
    let Some(signature) = params.remove("Signature") else {
        return false;
    };
    let canonical: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{}={}", rfc3986(k), rfc3986(v)))
        .collect();
    let to_sign = format!("{}&%2F&{}", request.method, rfc3986(&canonical.join("&")));
    let mut mac =
        <Hmac<sha1::Sha1> as KeyInit>::new_from_slice(format!("{secret}&").as_bytes()).unwrap();
    mac.update(to_sign.as_bytes());
    use base64::Engine;
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    expected == signature
}

/// The real clock: the providers under test read it too (they have no
/// injectable clock), so expiry times are relative to it.
#[allow(clippy::disallowed_methods)]
pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// `YYYY-MM-DDThh:mm:ssZ` for `unix`.
pub fn iso(unix: i64) -> String {
    let t = time::OffsetDateTime::from_unix_timestamp(unix).unwrap();
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}
