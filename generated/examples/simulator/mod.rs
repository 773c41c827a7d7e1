//! A tiny stateful DTS simulator on 127.0.0.1, so the examples run offline.
//!
//! It speaks just enough HTTP/1.1 and of both protocols for the example
//! flows: Tencent API 3.0 (action in `X-TC-Action`, JSON body, `Response`
//! envelope) and Alibaba RPC (action in `x-acs-action` or `Action`,
//! parameters in the query or form body, flat JSON). Each describe call moves
//! a job one step along its states, as a real job moves over minutes. It
//! checks no signature and keeps everything in memory: a stand-in for the
//! examples, not a test oracle.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use dts_sdk::runtime::clock::{BoxFuture, Sleep};
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};

/// A running simulator; stops with the example.
pub struct Simulator {
    addr: std::net::SocketAddr,
}

impl Simulator {
    /// Starts the simulator on a free local port.
    pub async fn start() -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let state = Arc::new(Mutex::new(State::default()));
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = state.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, state).await;
                });
            }
        });
        Ok(Self { addr })
    }

    /// The endpoint to give the client (`http://127.0.0.1:PORT`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

/// Waiters sleep seconds between calls against the real service; against
/// the simulator, whose jobs move one state per call, a thousandth of that.
#[derive(Debug)]
pub struct ShortSleep;

impl Sleep for ShortSleep {
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration / 1000))
    }
}

/// States a job walks through, one describe call at a time; the last stays.
#[derive(Default)]
struct Walk {
    states: Vec<&'static str>,
    at: usize,
}

impl Walk {
    fn set(&mut self, states: &[&'static str]) {
        self.states = states.to_vec();
        self.at = 0;
    }

    fn step(&mut self, idle: &'static str) -> &'static str {
        let state = self.states.get(self.at).or(self.states.last()).copied();
        self.at += 1;
        state.unwrap_or(idle)
    }
}

#[derive(Default)]
struct State {
    requests: u64,
    check: Walk,
    job: Walk,
}

async fn serve(stream: TcpStream, state: Arc<Mutex<State>>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut reader = BufReader::new(read);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await? == 0 {
            return Ok(());
        }
        let target = line.split(' ').nth(1).unwrap_or("/").to_owned();
        let mut headers = BTreeMap::new();
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).await?;
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
            }
        }
        let length = headers
            .get("content-length")
            .and_then(|l| l.parse().ok())
            .unwrap_or(0);
        let mut body = vec![0; length];
        reader.read_exact(&mut body).await?;
        let reply = answer(&state, &target, &headers, &body).to_string();
        let response = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{reply}",
            reply.len()
        );
        write.write_all(response.as_bytes()).await?;
    }
}

fn answer(
    state: &Mutex<State>,
    target: &str,
    headers: &BTreeMap<String, String>,
    body: &[u8],
) -> Value {
    let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
    state.requests += 1;
    let id = format!("sim-{}", state.requests);
    if let Some(action) = headers.get("x-tc-action") {
        let params: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        let mut response = tencent(&mut state, action, &params);
        response["RequestId"] = json!(id);
        return json!({ "Response": response });
    }
    let mut params = form(target.split_once('?').map_or("", |(_, q)| q));
    params.extend(form(&String::from_utf8_lossy(body)));
    let action = headers
        .get("x-acs-action")
        .cloned()
        .or_else(|| params.get("Action").cloned())
        .unwrap_or_default();
    let mut response = alibaba(&mut state, &action, &params);
    response["RequestId"] = json!(id);
    if response.get("Success").is_none() {
        response["Success"] = json!(true);
    }
    response
}

fn tencent(state: &mut State, action: &str, params: &Value) -> Value {
    match action {
        "CreateMigrationService" => {
            state.job.set(&["created"]);
            json!({ "JobIds": ["dts-sim-job"] })
        }
        "ModifyMigrationJob" => json!({}),
        "CreateMigrateCheckJob" => {
            state
                .check
                .set(&["notStarted", "running", "running", "success"]);
            state.job.set(&["checking", "checkPass"]);
            json!({})
        }
        "DescribeMigrationCheckJob" => {
            let status = state.check.step("notStarted");
            let flag = if status == "success" { "checkPass" } else { "" };
            json!({ "Status": status, "CheckFlag": flag, "BriefMsg": "", "StepInfo": [] })
        }
        "StartMigrateJob" => {
            state
                .job
                .set(&["readyRun", "running", "running", "readyComplete"]);
            json!({})
        }
        "CompleteMigrateJob" => {
            state.job.set(&["completing", "success"]);
            json!({})
        }
        "DescribeMigrationDetail" => json!({
            "JobId": params["JobId"],
            "Status": state.job.step("created"),
            "JobName": "", "CreateTime": "", "UpdateTime": "", "StartTime": "",
            "EndTime": "", "BriefMsg": "",
        }),
        "DescribeMigrationJobs" => {
            let offset = params["Offset"].as_u64().unwrap_or(0);
            let limit = params["Limit"].as_u64().unwrap_or(20);
            let jobs: Vec<Value> = (offset..5.min(offset + limit))
                .map(|i| json!({ "JobId": format!("dts-sim-{i}"), "Status": "success" }))
                .collect();
            json!({ "TotalCount": 5, "JobList": jobs })
        }
        other => json!({
            "Error": { "Code": "UnsupportedOperation", "Message": format!("the simulator does not know {other}") }
        }),
    }
}

fn alibaba(state: &mut State, action: &str, params: &BTreeMap<String, String>) -> Value {
    match action {
        "CreateDtsInstance" => json!({ "InstanceId": "dtssim-instance", "JobId": "dtssim-job" }),
        "ConfigureDtsJob" => {
            // Configuring a job starts its pre-check.
            state
                .check
                .set(&["NotStarted", "Checking", "Checking", "Finished"]);
            state
                .job
                .set(&["Prechecking", "Prechecking", "PreCheckPass"]);
            json!({ "DtsJobId": "dtssim-job", "DtsInstanceId": "dtssim-instance" })
        }
        "DescribePreCheckStatus" => {
            let state = state.check.step("NotStarted");
            json!({ "State": state, "JobProgress": [{ "Item": "CHECK_CONN_SRC", "State": state }] })
        }
        "StartDtsJob" => {
            state
                .job
                .set(&["Initializing", "Initializing", "Migrating"]);
            json!({})
        }
        "DescribeDtsJobDetail" => json!({
            "DtsJobId": params.get("DtsJobId"),
            "Status": state.job.step("NotStarted"),
        }),
        "DescribeDtsJobs" => {
            let page: u64 = params
                .get("PageNumber")
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let size: u64 = params
                .get("PageSize")
                .and_then(|p| p.parse().ok())
                .unwrap_or(20);
            let jobs: Vec<Value> = ((page - 1) * size..(page * size).min(5))
                .map(|i| json!({ "DtsJobId": format!("dtssim-{i}"), "Status": "Migrating" }))
                .collect();
            json!({ "TotalRecordCount": 5, "PageNumber": page, "DtsJobList": jobs })
        }
        other => {
            json!({ "Success": false, "Code": "UnsupportedOperation", "Message": format!("the simulator does not know {other}") })
        }
    }
}

/// `a=1&b=x%20y` as a map (query strings and form bodies).
fn form(text: &str) -> BTreeMap<String, String> {
    text.split('&')
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (decode(k), decode(v)))
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(byte) => out.push(byte),
                    Err(_) => out.extend_from_slice(&bytes[i..i + 3]),
                }
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            byte => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
