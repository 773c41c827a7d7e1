//! Responses a hostile or broken server may send, through the whole client
//! (`MockTransport`, so the envelope, decoding and error text are the real
//! ones): nothing is returned as a success that is not one, no value changes
//! on the way, and no secret or stray line break reaches an error message.

mod common;

use cloud_sdk_runtime::de::{read, Fields};
use cloud_sdk_runtime::error::ResponseErrorKind;
use cloud_sdk_runtime::mock::MockTransport;
use cloud_sdk_runtime::operation::{ActionInfo, HttpMethod, ServiceInfo};
use cloud_sdk_runtime::transport::HttpResponse;
use cloud_sdk_runtime::{Client, Credentials, Error, InvalidRequest, Operation, RetryConfig};
use common::ops::{Code, ALIBABA_DTS, TENCENT_DTS};
use serde::de::{Deserializer, MapAccess};
use serde::{Deserialize, Serialize};

// ------------------------------------------------------------ operations

/// A data type written the way the generator writes them.
macro_rules! fields {
    ($ty:ident { $($index:literal $wire:literal $field:ident: $kind:ty,)* }) => {
        #[derive(Debug, Default, Clone, PartialEq)]
        pub struct $ty {
            $(pub $field: $kind,)*
        }

        impl Fields for $ty {
            const NAMES: &'static [&'static str] = &[$($wire),*];

            fn set<'de, A: MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> Result<(), A::Error> {
                match index {
                    $($index => read(map, &mut self.$field),)*
                    _ => Ok(()),
                }
            }
        }

        impl<'de> Deserialize<'de> for $ty {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                cloud_sdk_runtime::de::fields(deserializer)
            }
        }

        impl cloud_sdk_runtime::de::Lenient for $ty {
            fn deserialize_lenient<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                cloud_sdk_runtime::de::null_as_default(deserializer)
            }
        }
    };
}

fields!(Job {
    0 "JobId" job_id: String,
    1 "Status" status: String,
    2 "Progress" progress: Option<i64>,
    3 "Done" done: bool,
    4 "Size" size: u64,
    5 "Ratio" ratio: f64,
    6 "Small" small: i8,
});

fields!(DescribeJobsOutput {
    0 "TotalCount" total_count: u64,
    1 "JobList" jobs: Vec<Job>,
    2 "RequestId" request_id: String,
});

fields!(ModifyJobOutput {
    0 "DtsJobId" dts_job_id: String,
    1 "Success" success: bool,
    2 "RequestId" request_id: String,
});

static DESCRIBE: ActionInfo = ActionInfo {
    name: "DescribeMigrationJobs",
    method: HttpMethod::Post,
    rate_limit: None,
    idempotency_token: None,
    params: &[],
    path: None,
};

/// A Tencent read.
#[derive(Debug, Clone, Default, Serialize)]
struct DescribeJobs {}

impl Operation for DescribeJobs {
    type Output = DescribeJobsOutput;
    type ErrorCode = Code;
    const SERVICE: &'static ServiceInfo = &TENCENT_DTS;
    const ACTION: &'static ActionInfo = &DESCRIBE;

    fn validate(&self) -> Result<(), InvalidRequest> {
        Ok(())
    }
}

static MODIFY: ActionInfo = ActionInfo {
    name: "ModifyDtsJob",
    method: HttpMethod::Post,
    rate_limit: None,
    idempotency_token: None,
    params: &[],
    path: None,
};

/// An Alibaba write.
#[derive(Debug, Clone, Default, Serialize)]
struct ModifyJob {
    #[serde(rename = "DtsJobId")]
    dts_job_id: String,
}

impl Operation for ModifyJob {
    type Output = ModifyJobOutput;
    type ErrorCode = Code;
    const SERVICE: &'static ServiceInfo = &ALIBABA_DTS;
    const ACTION: &'static ActionInfo = &MODIFY;

    fn validate(&self) -> Result<(), InvalidRequest> {
        Ok(())
    }
}

// --------------------------------------------------------------- helpers

fn client(mock: &MockTransport) -> Client {
    Client::builder()
        .credentials(Credentials::new("AKIDhostile", "hostile-secret-key"))
        .region("ap-guangzhou")
        .retry(RetryConfig::disabled())
        .transport(mock.clone())
        .build()
        .unwrap()
}

fn reply(status: u16, body: &str) -> MockTransport {
    MockTransport::new().reply(
        HttpResponse::new(status)
            .with_header("content-type", "application/json")
            .with_body(body.to_owned()),
    )
}

async fn tencent(status: u16, body: &str) -> Result<DescribeJobsOutput, Error<Code>> {
    let mock = reply(status, body);
    client(&mock).send(DescribeJobs::default()).await
}

async fn alibaba(status: u16, body: &str) -> Result<ModifyJobOutput, Error<Code>> {
    let mock = reply(status, body);
    client(&mock)
        .send(ModifyJob {
            dts_job_id: "dtsjob-1".into(),
        })
        .await
}

fn service_code<T: std::fmt::Debug>(result: Result<T, Error<Code>>) -> String {
    match result {
        Err(Error::Service(e)) => e.raw_code.clone(),
        other => panic!("expected a service error, got {other:?}"),
    }
}

fn response_kind<T: std::fmt::Debug>(result: &Result<T, Error<Code>>) -> ResponseErrorKind {
    match result {
        Err(Error::InvalidResponse(e)) => e.kind,
        other => panic!("expected an invalid response, got {other:?}"),
    }
}

// ----------------------------------------------------- 1. Alibaba Success

#[tokio::test]
async fn alibaba_success_zero_is_a_failure_like_false() {
    for success in [r#"0"#, r#""0""#, r#"false"#, r#""false""#, r#""False""#] {
        let body = format!(
            r#"{{"Success": {success}, "ErrCode": "InvalidJob", "ErrMessage": "no such job", "RequestId": "r-1"}}"#
        );
        let result = alibaba(200, &body).await;
        assert_eq!(service_code(result), "InvalidJob", "Success: {success}");
    }
    for success in [r#"1"#, r#""1""#, r#"true"#, r#""true""#] {
        let body = format!(r#"{{"Success": {success}, "DtsJobId": "j", "RequestId": "r-1"}}"#);
        let output = alibaba(200, &body).await.unwrap();
        assert!(output.success, "Success: {success}");
    }
}

#[tokio::test]
async fn alibaba_success_that_is_not_a_boolean_is_an_envelope_error() {
    for success in [r#"2"#, r#""maybe""#, r#"[]"#, r#"{"a":1}"#] {
        let body = format!(r#"{{"Success": {success}, "RequestId": "r-1"}}"#);
        let result = alibaba(200, &body).await;
        assert_eq!(
            response_kind(&result),
            ResponseErrorKind::Envelope,
            "{success}"
        );
    }
}

// ------------------------------------------------------ 2. Tencent Error

#[tokio::test]
async fn tencent_error_that_is_not_an_object_is_still_an_error() {
    let result = tencent(
        200,
        r#"{"Response": {"Error": "InternalError", "RequestId": "r-2"}}"#,
    )
    .await;
    let Err(Error::Service(error)) = &result else {
        panic!("expected a service error, got {result:?}");
    };
    assert_eq!(error.raw_code, "InternalError");
    assert_eq!(error.request_id.as_deref(), Some("r-2"));

    for bad in [r#"42"#, r#"["a"]"#, r#"true"#, r#"{"Message": "no code"}"#] {
        let body = format!(r#"{{"Response": {{"Error": {bad}, "RequestId": "r-3"}}}}"#);
        let result = tencent(200, &body).await;
        assert!(result.is_err(), "Error: {bad} returned {result:?}");
        assert_eq!(result.unwrap_err().request_id(), Some("r-3"), "{bad}");
    }
    // `"Error": null` is no error.
    let output = tencent(200, r#"{"Response": {"Error": null, "TotalCount": 1}}"#)
        .await
        .unwrap();
    assert_eq!(output.total_count, 1);
}

// ------------------------------------------- 3. no value changes silently

/// The detail of a `Decode` error.
fn decode_error<T: std::fmt::Debug>(result: Result<T, Error<Code>>) -> String {
    match result {
        Err(Error::InvalidResponse(e)) if e.kind == ResponseErrorKind::Decode => e.detail,
        other => panic!("expected a decode error, got {other:?}"),
    }
}

/// A Tencent body whose only job holds `member`.
async fn one_job(member: &str) -> Result<DescribeJobsOutput, Error<Code>> {
    let body = format!(r#"{{"Response": {{"JobList": [{{{member}}}], "RequestId": "r"}}}}"#);
    tencent(200, &body).await
}

#[tokio::test]
async fn numbers_that_do_not_fit_are_errors_naming_the_member() {
    for (member, path) in [
        (r#""Size": 18446744073709551616"#, "Size"),
        (r#""Size": "18446744073709551616""#, "Size"),
        (r#""Size": 18446744073709551616.0"#, "Size"),
        (r#""Size": -1"#, "Size"),
        (r#""Progress": 9223372036854775808"#, "Progress"),
        (r#""Progress": "9223372036854775808""#, "Progress"),
        (r#""Progress": -9223372036854775809"#, "Progress"),
        (r#""Progress": 9007199254740993.5"#, "Progress"),
        (r#""Progress": "1e3""#, "Progress"),
        (r#""Progress": 1.00000000000000001"#, "Progress"),
        (r#""Small": 128"#, "Small"),
        (r#""Small": "-129""#, "Small"),
        (r#""Small": 1.5"#, "Small"),
    ] {
        let detail = decode_error(one_job(member).await);
        assert!(
            detail.starts_with(&format!("`Response.JobList[0].{path}`: ")),
            "{member}: {detail}"
        );
    }
}

#[tokio::test]
async fn big_integers_keep_every_digit() {
    let output = one_job(
        r#""JobId": 123456789012345678901234567890, "Progress": 9007199254740993, "Size": 18446744073709551615, "Status": -9223372036854775809"#,
    )
    .await
    .unwrap();
    let job = &output.jobs[0];
    assert_eq!(job.job_id, "123456789012345678901234567890");
    assert_eq!(job.status, "-9223372036854775809");
    assert_eq!(job.progress, Some(9_007_199_254_740_993));
    assert_eq!(job.size, u64::MAX);
    let output = one_job(r#""JobId": 1.50, "Progress": 9007199254740993.000, "Small": "-128""#)
        .await
        .unwrap();
    assert_eq!(output.jobs[0].job_id, "1.50");
    assert_eq!(output.jobs[0].progress, Some(9_007_199_254_740_993));
    assert_eq!(output.jobs[0].small, -128);
}

#[tokio::test]
async fn floats_reject_nan_and_infinity() {
    for ratio in [
        r#""NaN""#,
        r#""nan""#,
        r#""inf""#,
        r#""-Infinity""#,
        r#""infinity""#,
        "1e999",
    ] {
        let detail = decode_error(one_job(&format!(r#""Ratio": {ratio}"#)).await);
        assert!(
            detail.starts_with("`Response.JobList[0].Ratio`: "),
            "{ratio}: {detail}"
        );
    }
    let output = one_job(r#""Ratio": "0.25""#).await.unwrap();
    assert_eq!(output.jobs[0].ratio, 0.25);
}

#[tokio::test]
async fn only_zero_and_one_are_booleans_and_the_path_has_the_index() {
    let ok = r#"{"Done": true}"#;
    for done in ["2", "-1", r#""2""#, r#""yes""#] {
        let body = format!(
            r#"{{"Response": {{"JobList": [{ok}, {ok}, {ok}, {{"Status": "x", "Done": {done}}}]}}}}"#
        );
        let detail = decode_error(tencent(200, &body).await);
        assert!(
            detail.starts_with("`Response.JobList[3].Done`: "),
            "{done}: {detail}"
        );
    }
}

#[tokio::test]
async fn documented_drifts_still_decode() {
    let output = one_job(r#""Done": "true", "Size": "200", "Progress": null, "Status": null, "Small": "", "Ratio": 1"#)
        .await
        .unwrap();
    let job = &output.jobs[0];
    assert!(job.done);
    assert_eq!((job.size, job.progress, job.small), (200, None, 0));
    assert_eq!((job.status.as_str(), job.ratio), ("", 1.0));
    for (list, count) in [(r#""""#, 0), ("null", 0), ("[]", 0)] {
        let body = format!(r#"{{"Response": {{"JobList": {list}}}}}"#);
        let output = tencent(200, &body).await.unwrap();
        assert_eq!(output.jobs.len(), count, "{list}");
    }
    let output = tencent(
        200,
        r#"{"Response": {"TotalCount": "3", "JobList": [{"Done": 1, "Size": 7.0}]}}"#,
    )
    .await
    .unwrap();
    assert_eq!(output.total_count, 3);
    assert!(output.jobs[0].done);
    assert_eq!(output.jobs[0].size, 7);
}

// ------------------------------------------------------ 4. duplicate keys

#[tokio::test]
async fn a_key_twice_is_an_error_not_last_wins() {
    let result = alibaba(
        200,
        r#"{"Success": false, "ErrCode": "Denied", "Success": true, "DtsJobId": "j"}"#,
    )
    .await;
    assert_eq!(response_kind(&result), ResponseErrorKind::Envelope);
    let result = alibaba(200, r#"{"Success": true, "success": false}"#).await;
    assert_eq!(response_kind(&result), ResponseErrorKind::Envelope);
    let result = tencent(
        200,
        r#"{"Response": {"TotalCount": 1}, "Response": {"Error": {"Code": "X"}}}"#,
    )
    .await;
    assert_eq!(response_kind(&result), ResponseErrorKind::Envelope);
    let result = tencent(
        200,
        r#"{"Response": {"Error": null, "Error": {"Code": "X"}}}"#,
    )
    .await;
    assert_eq!(response_kind(&result), ResponseErrorKind::Envelope);

    let detail =
        decode_error(tencent(200, r#"{"Response": {"TotalCount": 1, "TotalCount": 2}}"#).await);
    assert_eq!(
        detail,
        "`Response`: the key `TotalCount` appears more than once"
    );
    let detail = decode_error(one_job(r#""JobId": "a", "Size": 1, "JobId": "b""#).await);
    assert_eq!(
        detail,
        "`Response.JobList[0]`: the key `JobId` appears more than once"
    );
    let detail = decode_error(alibaba(200, r#"{"DtsJobId": "a", "DtsJobId": "b"}"#).await);
    assert_eq!(
        detail,
        "the body: the key `DtsJobId` appears more than once"
    );
}

// --------------------------------------------------- 7. strictly one line

/// Characters that break a line or reorder what a terminal shows.
const BREAKERS: &[char] = &[
    '\n', '\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}', '\u{202a}', '\u{202b}',
    '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}', '\u{200e}',
    '\u{200f}', '\u{61c}', '\u{feff}', '\u{1b}',
];

fn assert_one_line(text: &str, max: usize) {
    let head: String = text.chars().take(200).collect();
    assert!(!text.contains(BREAKERS), "{head:?}…");
    assert!(
        text.chars().count() <= max,
        "{} chars",
        text.chars().count()
    );
}

#[tokio::test]
async fn error_text_is_one_short_line() {
    let breakers: String = BREAKERS.iter().collect();
    let long_id = "r".repeat(10_000);
    let message = format!("bad{breakers}job{}", "m".repeat(10_000));
    let body = serde_json::json!({"Response": {
        "Error": {"Code": format!("Internal{breakers}Error"), "Message": message},
        "RequestId": format!("{long_id}{breakers}"),
    }});
    let error = tencent(200, &body.to_string()).await.unwrap_err();
    assert_one_line(&error.to_string(), 1_000);
    assert_one_line(&format!("{error:?}"), 2_000);
    assert!(error.to_string().contains("…"), "{error}");
    assert!(error.request_id().unwrap().chars().count() <= 130);

    let body = serde_json::json!({"Code": format!("Denied{breakers}"), "Message": message,
        "RequestId": long_id, "HostId": format!("h{breakers}"), "Recommend": "x".repeat(5000)});
    let error = alibaba(400, &body.to_string()).await.unwrap_err();
    assert_one_line(&error.to_string(), 1_500);
    assert_one_line(&format!("{error:?}"), 2_500);

    let page = format!("<html>{breakers}{}</html>", "p".repeat(5000));
    let error = tencent(502, &page).await.unwrap_err();
    assert_one_line(&error.to_string(), 1_000);
    let error = alibaba(200, r#"{"DtsJobId": 7, "DtsJobId": 8}"#)
        .await
        .unwrap_err();
    assert_one_line(&error.to_string(), 1_000);
}

// -------------------------------------------- 8. what a retry re-signs

/// What authenticates each attempt (the `Authorization` header, the query
/// and the body) of a read retried once after a 503, the clock standing
/// still.
async fn signatures_of_two_attempts(
    algorithm: cloud_sdk_runtime::operation::SigningAlgorithm,
) -> Vec<String> {
    let ok = r#"{"Response": {"RequestId": "r"}}"#;
    let mock = MockTransport::new()
        .reply(HttpResponse::new(503))
        .reply(HttpResponse::new(200).with_body(ok.to_owned()));
    let client = Client::builder()
        .credentials(Credentials::new("AKIDretry", "retry-secret"))
        .region("ap-guangzhou")
        .signing_algorithm(algorithm)
        .clock(std::sync::Arc::new(
            cloud_sdk_runtime::clock::FixedClock::from_unix(1_700_000_000),
        ))
        .sleep(common::RecordingSleep::new())
        .transport(mock.clone())
        .build()
        .unwrap();
    client.send(DescribeJobs::default()).await.unwrap();
    mock.requests()
        .iter()
        .map(|r| {
            let header = r.header("authorization").unwrap_or_default();
            let body = String::from_utf8_lossy(r.body());
            format!("{header}|{}|{body}", r.query().unwrap_or_default())
        })
        .collect()
}

#[tokio::test]
async fn tc3_retries_in_the_same_second_repeat_the_signature_as_documented() {
    use cloud_sdk_runtime::operation::SigningAlgorithm;
    // TC3 signs no nonce and a timestamp in seconds: within one second a
    // retry is byte for byte the first attempt (runtime/README.md, Retries).
    let tc3 = signatures_of_two_attempts(SigningAlgorithm::Tc3).await;
    assert_eq!(tc3.len(), 2);
    assert_eq!(tc3[0], tc3[1]);
    // The others sign a fresh nonce on every attempt.
    let v1 = signatures_of_two_attempts(SigningAlgorithm::TencentV1).await;
    assert_eq!(v1.len(), 2);
    assert_ne!(v1[0], v1[1]);
}

// ------------------------------------------ 5. no secrets in error text

static INIT: ActionInfo = ActionInfo {
    name: "InitDtsRdsInstance",
    method: HttpMethod::Post,
    rate_limit: None,
    idempotency_token: None,
    params: &[],
    path: None,
};

/// A Tencent write whose request holds a password, nested as in DTS.
#[derive(Debug, Clone, Serialize)]
struct InitInstance {
    #[serde(rename = "InstanceId")]
    instance_id: String,
    #[serde(rename = "SrcInfo")]
    src_info: SrcInfo,
}

#[derive(Debug, Clone, Serialize)]
struct SrcInfo {
    #[serde(rename = "User")]
    user: String,
    #[serde(rename = "AdminPassword")]
    admin_password: String,
}

impl Operation for InitInstance {
    type Output = DescribeJobsOutput;
    type ErrorCode = Code;
    const SERVICE: &'static ServiceInfo = &TENCENT_DTS;
    const ACTION: &'static ActionInfo = &INIT;
    const SENSITIVE: &'static [&'static str] = &["AdminPassword"];

    fn validate(&self) -> Result<(), InvalidRequest> {
        Ok(())
    }
}

const PASSWORD: &str = "Sup3r-Secret-Pw";

async fn init(status: u16, body: &str) -> Error<Code> {
    let mock = reply(status, body);
    let request = InitInstance {
        instance_id: "cdb-1".into(),
        src_info: SrcInfo {
            user: "root".into(),
            admin_password: PASSWORD.into(),
        },
    };
    client(&mock).send(request).await.unwrap_err()
}

fn assert_no_secret(error: &Error<Code>, secrets: &[&str]) {
    let shown = format!("{error} {error:?}");
    for secret in secrets {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}

#[tokio::test]
async fn a_success_body_is_never_quoted() {
    // Almost JSON: a 2xx body that does not parse.
    let body = format!(r#"{{"Response": {{"AdminPassword": "{PASSWORD}", "RequestId": "r"}}"#);
    for body in [
        body.clone(),
        format!("{body} trailing"),
        format!("<p>{PASSWORD}</p>"),
    ] {
        let error = init(200, &body).await;
        assert!(matches!(error, Error::InvalidResponse(_)), "{error:?}");
        assert_no_secret(&error, &[PASSWORD]);
    }
}

#[tokio::test]
async fn decode_errors_name_the_member_not_the_value() {
    for member in [
        format!(r#""Done": "{PASSWORD}""#),
        format!(r#""Size": "{PASSWORD}""#),
        format!(r#""Ratio": ["{PASSWORD}"]"#),
    ] {
        let error = one_job(&member).await.unwrap_err();
        let Error::InvalidResponse(e) = &error else {
            panic!("{error:?}");
        };
        assert!(
            e.detail.starts_with("`Response.JobList[0]."),
            "{}",
            e.detail
        );
        assert_no_secret(&error, &[PASSWORD]);
    }
}

#[tokio::test]
async fn messages_and_pages_that_echo_the_request_are_redacted() {
    let echoes = [
        // The service quotes the request back.
        format!(r#"{{"Response": {{"Error": {{"Code": "InvalidParameter", "Message": "bad SrcInfo {{\"User\":\"root\",\"AdminPassword\":\"{PASSWORD}\"}}"}}, "RequestId": "r"}}}}"#),
        // The value alone, with no key to go by.
        format!(r#"{{"Response": {{"Error": {{"Code": "AuthFailure", "Message": "login failed for '{PASSWORD}'"}}, "RequestId": "r"}}}}"#),
        // Secret-like names the spec does not mark.
        r#"{"Response": {"Error": {"Code": "X", "Message": "Token=tok-12345; db_password: pw-6789 secret=\"s-1111\""}}}"#.to_owned(),
    ];
    for body in &echoes {
        let error = init(200, body).await;
        assert!(matches!(error, Error::Service(_)), "{error:?}");
        assert_no_secret(&error, &[PASSWORD, "tok-12345", "pw-6789", "s-1111"]);
        assert!(error.to_string().contains("<redacted>"), "{error}");
    }
    // Error pages (non-2xx, quoted in the excerpt).
    let page = format!("<html>400 bad request: AdminPassword={PASSWORD}&User=root</html>");
    let error = init(400, &page).await;
    assert!(matches!(error, Error::UnexpectedStatus(_)), "{error:?}");
    assert_no_secret(&error, &[PASSWORD]);
    assert!(error.to_string().contains("User=root"), "{error}");
    let page = format!("<Error><Password>{PASSWORD}</Password></Error>");
    assert_no_secret(&init(502, &page).await, &[PASSWORD]);
}
