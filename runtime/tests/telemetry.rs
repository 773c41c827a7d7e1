//! The `tracing` output of a call, captured by a small hand-written
//! subscriber: one span per call with its service, version, action and
//! region; one debug event per attempt with its number, status, request id
//! and retry decision; and no secret, signature or request value anywhere.

mod common;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::{Arc, Mutex};

use cloud_sdk_runtime::mock::MockTransport;
use cloud_sdk_runtime::operation::SigningAlgorithm;
use cloud_sdk_runtime::transport::HttpResponse;
use cloud_sdk_runtime::{Client, Credentials, Proxy};
use common::ops::{DescribeJobs, StartDtsJob};
use common::{CountingRandom, RecordingSleep, Reply, Server, TickingClock};
use serde_json::json;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const ID: &str = "AKIDtraceSecretId";
const KEY: &str = "trace-Very-S3cret-Key";
const TOKEN: &str = "trace-Very-S3cret-Token";
/// A request member's value that must stay out of the logs.
const SENSITIVE: &str = "P@ssw0rd-Very-S3cret-Value";
const START: u64 = 1_700_000_000;

// ------------------------------------------------------------ subscriber

#[derive(Debug, Clone)]
struct SpanRecord {
    id: u64,
    name: &'static str,
    fields: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
struct EventRecord {
    /// The span entered when the event happened.
    span: Option<u64>,
    target: String,
    level: tracing::Level,
    /// Every field, the message under `message`.
    fields: BTreeMap<String, String>,
}

#[derive(Default)]
struct Captured {
    spans: Vec<SpanRecord>,
    events: Vec<EventRecord>,
    entered: Vec<u64>,
}

/// Records every span and event with its field values as text.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Captured>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut captured = self.0.lock().unwrap();
        let id = captured.spans.len() as u64 + 1;
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        captured.spans.push(SpanRecord {
            id,
            name: span.metadata().name(),
            fields,
        });
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut captured = self.0.lock().unwrap();
        let index = span.into_u64() as usize - 1;
        values.record(&mut Fields(&mut captured.spans[index].fields));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut captured = self.0.lock().unwrap();
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        let span = captured.entered.last().copied();
        captured.events.push(EventRecord {
            span,
            target: event.metadata().target().to_owned(),
            level: *event.metadata().level(),
            fields,
        });
    }

    fn enter(&self, span: &Id) {
        self.0.lock().unwrap().entered.push(span.into_u64());
    }

    fn exit(&self, _: &Id) {
        self.0.lock().unwrap().entered.pop();
    }
}

impl Capture {
    fn spans(&self) -> Vec<SpanRecord> {
        self.0.lock().unwrap().spans.clone()
    }

    /// This crate's events.
    fn events(&self) -> Vec<EventRecord> {
        let captured = self.0.lock().unwrap();
        captured
            .events
            .iter()
            .filter(|e| e.target.starts_with("cloud_sdk_runtime"))
            .cloned()
            .collect()
    }

    /// Every recorded text, from any crate: span and event fields.
    fn all_text(&self) -> String {
        let captured = self.0.lock().unwrap();
        let spans = captured.spans.iter().flat_map(|s| s.fields.iter());
        let events = captured.events.iter().flat_map(|e| e.fields.iter());
        spans
            .chain(events)
            .map(|(k, v)| format!("{k}={v}\n"))
            .collect()
    }

    fn assert_no_secret(&self, extra: &[&str]) {
        let text = self.all_text();
        for secret in [
            ID,
            KEY,
            TOKEN,
            SENSITIVE,
            "Signature",
            "TC3-HMAC",
            "Authorization",
        ]
        .iter()
        .chain(extra)
        {
            assert!(
                !text.to_lowercase().contains(&secret.to_lowercase()),
                "{secret:?} was logged:\n{text}"
            );
        }
    }
}

fn field<'a>(fields: &'a BTreeMap<String, String>, name: &str) -> Option<&'a str> {
    fields.get(name).map(String::as_str)
}

// ------------------------------------------------------------ tests

#[tokio::test]
async fn one_span_per_call_and_one_event_per_attempt() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());

    let mock = MockTransport::new()
        .reply(HttpResponse::json(
            200,
            &json!({"Response": {"Error": {"Code": "RequestLimitExceeded", "Message": "slow"}, "RequestId": "r-0"}}),
        ))
        .reply(HttpResponse::json(
            200,
            &json!({"Response": {"TotalCount": 0, "JobList": [], "RequestId": "r-1"}}),
        ));
    let client = Client::builder()
        .credentials(Credentials::new(ID, KEY).with_session_token(TOKEN))
        .region("ap-guangzhou")
        .clock(TickingClock::starting_at(START))
        .random(CountingRandom::with_jitter(0.5))
        .sleep(RecordingSleep::new())
        .transport(mock.clone())
        .build()
        .unwrap();
    client
        .send(DescribeJobs::<false> {
            note: Some(SENSITIVE.into()),
            ..Default::default()
        })
        .await
        .unwrap();

    let spans = capture.spans();
    let calls: Vec<&SpanRecord> = spans.iter().filter(|s| s.name == "call").collect();
    assert_eq!(calls.len(), 1, "{spans:?}");
    let call = calls[0];
    assert_eq!(field(&call.fields, "service"), Some("dts"));
    assert_eq!(field(&call.fields, "version"), Some("2021-12-06"));
    assert_eq!(field(&call.fields, "action"), Some("DescribeMigrationJobs"));
    assert_eq!(field(&call.fields, "region"), Some("ap-guangzhou"));

    let events = capture.events();
    assert_eq!(events.len(), 2, "{events:?}");
    for event in &events {
        assert_eq!(event.span, Some(call.id), "{event:?}");
        assert_eq!(event.level, tracing::Level::DEBUG);
    }
    let failed = &events[0].fields;
    assert_eq!(field(failed, "message"), Some("attempt failed"));
    assert_eq!(field(failed, "attempt"), Some("1"));
    assert_eq!(field(failed, "status"), Some("200"));
    assert_eq!(field(failed, "request_id"), Some("r-0"));
    assert_eq!(field(failed, "error"), Some("service"));
    assert_eq!(field(failed, "code"), Some("RequestLimitExceeded"));
    assert_eq!(field(failed, "retry"), Some("true"));
    // Full jitter at 0.5 of the 1 s throttling base.
    assert_eq!(field(failed, "delay_ms"), Some("500"));
    let succeeded = &events[1].fields;
    assert_eq!(field(succeeded, "message"), Some("attempt succeeded"));
    assert_eq!(field(succeeded, "attempt"), Some("2"));
    assert_eq!(field(succeeded, "status"), Some("200"));
    assert_eq!(field(succeeded, "request_id"), Some("r-1"));

    // Nothing of what was signed or sent: keys, token, signatures, body.
    let sent = mock.requests();
    let signatures: Vec<&str> = sent
        .iter()
        .map(|r| r.header("authorization").unwrap())
        .collect();
    let body = String::from_utf8(sent[0].body().to_vec()).unwrap();
    let mut extra = signatures.clone();
    extra.push(&body);
    capture.assert_no_secret(&extra);
}

#[tokio::test]
async fn stops_are_explained_and_v2_queries_stay_out_of_the_logs() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());

    // A write without a token after an ambiguous failure: not repeated.
    let server = Server::always(Reply::json(
        500,
        json!({"Code": "InternalError", "Message": "oops", "RequestId": "r-500"}),
    ))
    .await;
    let client = Client::builder()
        .credentials(Credentials::new(ID, KEY).with_session_token(TOKEN))
        .endpoint(server.url())
        .proxy(Proxy::None)
        .region("cn-hangzhou")
        .signing_algorithm(SigningAlgorithm::RpcV2)
        .sleep(RecordingSleep::new())
        .build()
        .unwrap();
    client
        .send(StartDtsJob {
            dts_job_id: SENSITIVE.into(),
        })
        .await
        .unwrap_err();
    assert_eq!(server.count(), 1);

    let calls: Vec<SpanRecord> = capture
        .spans()
        .into_iter()
        .filter(|s| s.name == "call")
        .collect();
    assert_eq!(calls.len(), 1);
    assert_eq!(field(&calls[0].fields, "service"), Some("Dts"));
    assert_eq!(field(&calls[0].fields, "region"), Some("cn-hangzhou"));
    let events = capture.events();
    assert_eq!(events.len(), 1, "{events:?}");
    let failed = &events[0].fields;
    assert_eq!(field(failed, "attempt"), Some("1"));
    assert_eq!(field(failed, "status"), Some("500"));
    assert_eq!(field(failed, "request_id"), Some("r-500"));
    assert_eq!(field(failed, "code"), Some("InternalError"));
    assert_eq!(field(failed, "retry"), Some("false"));
    assert_eq!(
        field(failed, "reason"),
        Some("may have been applied; not safe to repeat")
    );
    assert_eq!(field(failed, "delay_ms"), None);

    let query = server.requests()[0].query.clone();
    assert!(query.contains("Signature=") && query.contains("SecurityToken="));
    capture.assert_no_secret(&[&query, "SecurityToken"]);
}

#[tokio::test]
async fn a_call_rejected_before_sending_says_so() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let mock = MockTransport::new();
    let client = Client::builder()
        .credentials(Credentials::new(ID, KEY))
        .transport(mock.clone())
        .build()
        .unwrap();
    client
        .send(DescribeJobs::<false> {
            limit: Some(1000),
            note: Some(SENSITIVE.into()),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(mock.request_count(), 0);
    let events = capture.events();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(field(&events[0].fields, "message"), Some("call not sent"));
    assert_eq!(field(&events[0].fields, "error"), Some("invalid_request"));
    let call = capture
        .spans()
        .into_iter()
        .find(|s| s.name == "call")
        .unwrap();
    assert_eq!(events[0].span, Some(call.id));
    // No region configured: the field is left out.
    assert_eq!(field(&call.fields, "region"), None);
    capture.assert_no_secret(&[]);
}
