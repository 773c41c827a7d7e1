//! The built `dts` binary against a local server on 127.0.0.1: flags, a
//! JSON file, `--dry-run`, missing required flags and vendor errors.

use std::process::{Command, Output};

use hmac::{Hmac, KeyInit, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use test_support::{verify_acs3, verify_tc3, Reply, Server, TempDir};

const SECRET_ID: &str = "AKIDcliTestKeyId";
const SECRET_KEY: &str = "cliTestSecretKeyNeverShown42";
const TOKEN: &str = "cliTestSessionTokenNeverShown";
const PASSWORD: &str = "hunter2-cli-password";

/// Runs `dts args` with a clean environment: test credentials for both
/// providers, a home directory with no profile files, no proxy, and no
/// instance-metadata lookups.
async fn dts(args: &[&str]) -> Output {
    let home = TempDir::new("dts-cli-home");
    let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
    let home_path = home.path().to_owned();
    let output = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO_BIN_EXE_dts"))
            .args(&args)
            .env_clear()
            .env("HOME", &home_path)
            .env("TENCENTCLOUD_SECRET_ID", SECRET_ID)
            .env("TENCENTCLOUD_SECRET_KEY", SECRET_KEY)
            .env("TENCENTCLOUD_TOKEN", TOKEN)
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", SECRET_ID)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET_KEY)
            .env("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true")
            .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
            .output()
            .expect("the dts binary runs")
    })
    .await
    .unwrap();
    drop(home);
    output
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

fn hmac256(key: &[u8], data: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap();
    mac.update(data);
    mac.finalize().into_bytes().to_vec()
}

/// The TC3 signing key of today's scope for `dts`, as hex.
fn tc3_signing_key(date: &str) -> String {
    let k_date = hmac256(format!("TC3{SECRET_KEY}").as_bytes(), date.as_bytes());
    let k_service = hmac256(&k_date, b"dts");
    hex::encode(hmac256(&k_service, b"tc3_request"))
}

/// Any run of 40 or more hex digits: a signature or key in hex.
fn long_hex_run(text: &str) -> Option<String> {
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_hexdigit() {
            run.push(c);
        } else if run.len() >= 40 {
            return Some(run);
        } else {
            run.clear();
        }
    }
    None
}

#[tokio::test]
async fn flags_become_the_signed_request_and_the_response_prints_as_json() {
    let server = Server::always(Reply::json(
        200,
        json!({"Response": {
            "TotalCount": 1,
            "JobList": [{"JobId": "dts-1", "JobName": "nightly"}],
            "RequestId": "req-1"
        }}),
    ))
    .await;
    let output = dts(&[
        "tencent",
        "dts-2021-12-06",
        "describe-migration-jobs",
        "--endpoint",
        &server.url(),
        "--region",
        "ap-guangzhou",
        "--Limit",
        "10",
        "--job-name",
        "nightly",
        "--Status",
        "running",
        "--Status",
        "paused",
    ])
    .await;
    assert!(output.status.success(), "stderr: {}", stderr(&output));

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.header("x-tc-action"), Some("DescribeMigrationJobs"));
    assert_eq!(request.header("x-tc-version"), Some("2021-12-06"));
    assert_eq!(request.header("x-tc-region"), Some("ap-guangzhou"));
    assert_eq!(
        request.json(),
        json!({"JobName": "nightly", "Status": ["running", "paused"], "Limit": 10})
    );
    verify_tc3(request, SECRET_ID, SECRET_KEY, "dts");

    let printed: Value = serde_json::from_str(&stdout(&output)).expect("JSON on stdout");
    assert_eq!(printed["TotalCount"], 1);
    assert_eq!(printed["JobList"][0]["JobId"], "dts-1");
    assert_eq!(printed["RequestId"], "req-1");
}

#[tokio::test]
async fn a_json_file_gives_the_request_and_flags_override_it() {
    let server = Server::always(Reply::json(
        200,
        json!({"Response": {"JobIds": ["dts-new"], "RequestId": "req-2"}}),
    ))
    .await;
    let dir = TempDir::new("dts-cli-input");
    let file = dir.write(
        "request.json",
        &json!({
            "SrcDatabaseType": "mysql",
            "DstDatabaseType": "mysql",
            "SrcRegion": "ap-guangzhou",
            "DstRegion": "ap-shanghai",
            "InstanceClass": "small",
            "JobName": "from-file",
            "Tags": [{"TagKey": "team", "TagValue": "data"}]
        })
        .to_string(),
    );
    let output = dts(&[
        "--endpoint",
        &server.url(),
        "tencent",
        "dts-2021-12-06",
        "create-migration-service",
        "--cli-input-json",
        file.to_str().unwrap(),
        "--JobName",
        "from-flag",
    ])
    .await;
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].json(),
        json!({
            "SrcDatabaseType": "mysql",
            "DstDatabaseType": "mysql",
            "SrcRegion": "ap-guangzhou",
            "DstRegion": "ap-shanghai",
            "InstanceClass": "small",
            "JobName": "from-flag",
            "Tags": [{"TagKey": "team", "TagValue": "data"}]
        })
    );
    let printed: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(printed["JobIds"], json!(["dts-new"]));
}

#[tokio::test]
async fn dry_run_prints_the_tencent_request_without_any_secret_and_sends_nothing() {
    let server = Server::always(Reply::json(200, json!({"Response": {"RequestId": "x"}}))).await;
    let output = dts(&[
        "tencent",
        "dts-2021-12-06",
        "create-consumer-group",
        "--endpoint",
        &server.url(),
        "--dry-run",
        "--SubscribeId",
        "subs-1",
        "--ConsumerGroupName",
        "group",
        "--AccountName",
        "reader",
        "--Password",
        PASSWORD,
    ])
    .await;
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    assert_eq!(server.count(), 0, "a dry run sends nothing");
    let printed = stdout(&output);
    assert!(
        printed.starts_with(&format!("POST {}/\n", server.url())),
        "{printed}"
    );
    assert!(
        printed.contains("x-tc-action: CreateConsumerGroup\n"),
        "{printed}"
    );
    assert!(
        printed.contains(&format!("Credential={SECRET_ID}/")),
        "{printed}"
    );
    assert!(printed.contains("Signature=<redacted>"), "{printed}");
    assert!(printed.contains("x-tc-token: <redacted>\n"), "{printed}");
    assert!(printed.contains(r#""Password":"<redacted>""#), "{printed}");
    assert!(printed.contains(r#""AccountName":"reader""#), "{printed}");
    // The scope's date, to derive the signing key the signature came from.
    let date = printed
        .split(&format!("Credential={SECRET_ID}/"))
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap()
        .to_owned();
    for secret in [SECRET_KEY, TOKEN, PASSWORD, &tc3_signing_key(&date)] {
        assert!(!printed.contains(secret), "{secret} printed:\n{printed}");
    }
    assert_eq!(long_hex_run(&printed), None, "{printed}");
}

#[tokio::test]
async fn dry_run_redacts_an_alibaba_password_in_the_query_string() {
    let server = Server::always(Reply::json(200, json!({"RequestId": "x"}))).await;
    let output = dts(&[
        "--dry-run",
        "--endpoint",
        &server.url(),
        "--region",
        "cn-hangzhou",
        "alibaba",
        "dts-2020-01-01",
        "create-consumer-group",
        "--SubscriptionInstanceId",
        "dts-sub-1",
        "--ConsumerGroupName",
        "group",
        "--ConsumerGroupUserName",
        "reader",
        "--ConsumerGroupPassword",
        PASSWORD,
    ])
    .await;
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    assert_eq!(server.count(), 0);
    let printed = stdout(&output);
    assert!(
        printed.contains("ConsumerGroupPassword=<redacted>"),
        "{printed}"
    );
    assert!(
        printed.contains("ConsumerGroupUserName=reader"),
        "{printed}"
    );
    assert!(printed.contains("Signature=<redacted>"), "{printed}");
    for secret in [SECRET_KEY, PASSWORD] {
        assert!(!printed.contains(secret), "{secret} printed:\n{printed}");
    }
}

#[tokio::test]
async fn a_missing_required_flag_fails_before_anything_is_sent() {
    let server = Server::always(Reply::json(200, json!({"Response": {"RequestId": "x"}}))).await;
    let output = dts(&[
        "tencent",
        "dts-2021-12-06",
        "create-consumer-group",
        "--endpoint",
        &server.url(),
        "--SubscribeId",
        "subs-1",
        "--AccountName",
        "reader",
    ])
    .await;
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("create-consumer-group needs --ConsumerGroupName, --Password"),
        "{message}"
    );
    assert_eq!(server.count(), 0);
    assert!(stdout(&output).is_empty());
}

#[tokio::test]
async fn bad_values_and_unknown_members_fail_before_anything_is_sent() {
    let server = Server::always(Reply::json(200, json!({"Response": {"RequestId": "x"}}))).await;
    let dir = TempDir::new("dts-cli-typo");
    let file = dir.write("request.json", r#"{"JobNme": "typo"}"#);
    let cases: [&[&str]; 3] = [
        &["--Limit", "ten"],
        &["--TagFilters", "[{"],
        &["--cli-input-json", file.to_str().unwrap()],
    ];
    for extra in cases {
        let mut args = vec![
            "tencent",
            "dts-2021-12-06",
            "describe-migration-jobs",
            "--endpoint",
        ];
        let url = server.url();
        args.push(&url);
        args.extend_from_slice(extra);
        let output = dts(&args).await;
        assert_eq!(output.status.code(), Some(2), "{extra:?}");
        let message = stderr(&output);
        let expected = match extra[0] {
            "--Limit" => "--Limit: `ten` is not an integer",
            "--TagFilters" => "--TagFilters: `[{` is not JSON",
            _ => "`JobNme` is not a member of the DescribeMigrationJobs request",
        };
        assert!(message.contains(expected), "{extra:?}: {message}");
    }
    assert_eq!(server.count(), 0);
}

#[tokio::test]
async fn a_vendor_error_is_printed_with_its_code_message_and_request_id() {
    let server = Server::always(Reply::json(
        200,
        json!({"Response": {
            "Error": {"Code": "ResourceNotFound", "Message": "the job does not exist"},
            "RequestId": "req-err-9"
        }}),
    ))
    .await;
    let output = dts(&[
        "tencent",
        "dts-2021-12-06",
        "describe-migration-jobs",
        "--endpoint",
        &server.url(),
        "--JobId",
        "dts-missing",
    ])
    .await;
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("ResourceNotFound: the job does not exist"),
        "{message}"
    );
    assert!(message.contains("request id req-err-9"), "{message}");
    assert!(stdout(&output).is_empty());
}

#[tokio::test]
async fn an_alibaba_call_is_signed_with_acs3_and_printed() {
    let server = Server::always(Reply::json(
        200,
        json!({"RequestId": "req-a", "Success": true, "DtsJobId": "dtsabc"}),
    ))
    .await;
    let output = dts(&[
        "alibaba",
        "dts-2020-01-01",
        "DescribeDtsJobDetail",
        "--endpoint",
        &server.url(),
        "--region",
        "cn-hangzhou",
        "--DtsJobId",
        "dtsabc",
    ])
    .await;
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(
        requests[0].header("x-acs-action"),
        Some("DescribeDtsJobDetail")
    );
    let query = requests[0].query_params();
    assert_eq!(query.get("DtsJobId").map(String::as_str), Some("dtsabc"));
    assert_eq!(
        query.get("RegionId").map(String::as_str),
        Some("cn-hangzhou")
    );
    verify_acs3(&requests[0], SECRET_ID, SECRET_KEY);
    let printed: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(printed["RequestId"], "req-a");
}

#[tokio::test]
async fn completions_and_help_come_from_the_specs() {
    let output = dts(&["completions", "bash"]).await;
    assert!(output.status.success());
    let script = stdout(&output);
    assert!(script.contains("describe-migration-jobs"));
    assert!(script.contains("--DtsJobId"));

    let output = dts(&[
        "tencent",
        "dts-2021-12-06",
        "create-migration-service",
        "--help",
    ])
    .await;
    assert!(output.status.success());
    let help = stdout(&output);
    assert!(help.contains("--SrcDatabaseType <TEXT>"), "{help}");
    assert!(help.contains("[required]"), "{help}");
    assert!(help.contains("[known values: "), "{help}");
    assert!(help.contains("--Tags <JSON>"), "{help}");
}

/// A Tencent `DescribeMigrationJobs` page: jobs `first..` (at most `limit`
/// of `total`), as the request's `Offset` and `Limit` ask.
fn jobs_page(request: &test_support::Recorded, total: u64) -> Reply {
    let body = request.json();
    let offset = body["Offset"].as_u64().unwrap_or(0);
    let limit = body["Limit"].as_u64().unwrap_or(20);
    let jobs: Vec<Value> = (offset..total.min(offset + limit))
        .map(|n| json!({"JobId": format!("dts-{n}")}))
        .collect();
    Reply::json(
        200,
        json!({"Response": {"TotalCount": total, "JobList": jobs, "RequestId": "r"}}),
    )
}

#[tokio::test]
async fn paginate_follows_the_offset_to_the_total_and_prints_every_item() {
    let server = Server::start(|request, _| jobs_page(request, 5)).await;
    let output = dts(&[
        "tencent",
        "dts-2021-12-06",
        "describe-migration-jobs",
        "--endpoint",
        &server.url(),
        "--Limit",
        "2",
        "--paginate",
    ])
    .await;
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    let offsets: Vec<Value> = server
        .requests()
        .iter()
        .map(|r| r.json()["Offset"].clone())
        .collect();
    assert_eq!(offsets, [Value::Null, json!(2), json!(4)]);
    let printed: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let ids: Vec<&str> = printed
        .as_array()
        .unwrap()
        .iter()
        .map(|job| job["JobId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["dts-0", "dts-1", "dts-2", "dts-3", "dts-4"]);
}

#[tokio::test]
async fn paginate_stops_at_the_first_error() {
    let server = Server::start(|request, n| {
        if n >= 1 {
            Reply::json(
                200,
                json!({"Response": {
                    "Error": {"Code": "InvalidParameter", "Message": "page two broke"},
                    "RequestId": "req-p2"
                }}),
            )
        } else {
            jobs_page(request, 10)
        }
    })
    .await;
    let output = dts(&[
        "tencent",
        "dts-2021-12-06",
        "describe-migration-jobs",
        "--endpoint",
        &server.url(),
        "--Limit",
        "3",
        "--paginate",
    ])
    .await;
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("page two broke"),
        "{}",
        stderr(&output)
    );
    assert!(stdout(&output).is_empty());
    let offsets: Vec<Value> = server
        .requests()
        .iter()
        .map(|r| r.json()["Offset"].clone())
        .collect();
    assert_eq!(offsets, [Value::Null, json!(3)], "no page after the error");
}

/// `DescribeMigrationDetail` answering the states in turn (the last repeats).
async fn job_walking_through(states: &'static [&'static str]) -> Server {
    Server::start(move |_, n| {
        let status = states[n.min(states.len() - 1)];
        Reply::json(
            200,
            json!({"Response": {"JobId": "dts-1", "Status": status, "RequestId": format!("r{n}")}}),
        )
    })
    .await
}

async fn wait_for_running(server: &Server, extra: &[&str]) -> Output {
    let url = server.url();
    let mut args = vec![
        "tencent",
        "dts-2021-12-06",
        "describe-migration-detail",
        "--endpoint",
        &url,
        "--JobId",
        "dts-1",
        "--wait",
        "migration-job-status",
        "--wait-min-delay-ms",
        "1",
        "--wait-max-delay-ms",
        "20",
    ];
    args.extend_from_slice(extra);
    dts(&args).await
}

#[tokio::test]
async fn wait_polls_until_the_job_reaches_the_state_asked_for() {
    let server = job_walking_through(&["created", "checking", "running"]).await;
    let output = wait_for_running(&server, &["--wait-for", "running"]).await;
    assert!(output.status.success(), "stderr: {}", stderr(&output));
    assert_eq!(server.count(), 3);
    let printed: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(printed["Status"], "running");
    assert_eq!(printed["RequestId"], "r2");
}

#[tokio::test]
async fn wait_ends_with_an_error_on_a_failure_state() {
    let server = job_walking_through(&["checking", "failed", "running"]).await;
    let output = wait_for_running(&server, &["--wait-for", "running"]).await;
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(server.count(), 2);
    let message = stderr(&output);
    assert!(
        message.contains("migration-job-status: reached a failure state: `Status` = failed"),
        "{message}"
    );
}

#[tokio::test]
async fn wait_gives_up_after_max_wait() {
    let server = job_walking_through(&["checking"]).await;
    let output = wait_for_running(&server, &["--wait-for", "running", "--max-wait", "1"]).await;
    assert_eq!(output.status.code(), Some(1));
    let message = stderr(&output);
    assert!(
        message.contains("gave up after 1 s (--max-wait); last seen: `Status` = checking"),
        "{message}"
    );
    assert!(server.count() >= 2, "polled {} times", server.count());
}

#[tokio::test]
async fn wait_without_its_argument_fails_before_anything_is_sent() {
    let server = job_walking_through(&["running"]).await;
    let output = wait_for_running(&server, &[]).await;
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--wait migration-job-status needs --wait-for <status>"),
        "{}",
        stderr(&output)
    );
    assert_eq!(server.count(), 0);
}
