//! Generated paginators and waiters against a local 127.0.0.1 server: the
//! golden `tencent-flows` fixture (each cursor and acceptor kind) and the
//! real DTS clients (Tencent offset paging, Alibaba page numbers in the
//! query, the DTS waiters).
//!
//! Sleeps are recorded, not slept, and jitter is fixed, so the backoff of
//! every waiter run is asserted exactly.

use std::sync::Arc;
use std::time::Duration;

use cloud_sdk_runtime::wait::WaitError;
use cloud_sdk_runtime::{Client, ClientBuilder, Credentials, Error, Proxy, RetryConfig};
use dts_sdk::alibaba::dts::v20200101 as ali;
use dts_sdk::tencent::dts::v20211206 as tc2021;
use futures_util::{StreamExt, TryStreamExt};
use integration_tests::golden::tencent_flows as flows;
use serde_json::{json, Value};
use test_support::{CountingRandom, Recorded, RecordingSleep, Reply, Server, TickingClock};

use flows::describe_job::DescribeJobRequest;
use flows::list_events::ListEventsRequest;
use flows::list_jobs::ListJobsRequest;
use flows::list_tags::ListTagsRequest;

fn builder(server: &Server, sleep: &Arc<RecordingSleep>) -> ClientBuilder {
    Client::builder()
        .credentials(Credentials::new("AKIDflowsTest", "flows-secret-key"))
        .endpoint(server.url())
        .proxy(Proxy::None)
        .region("ap-guangzhou")
        .clock(TickingClock::starting_at(1_700_000_000))
        .random(CountingRandom::with_jitter(0.5))
        .sleep(sleep.clone())
        .retry(RetryConfig::disabled())
        .connect_timeout(Duration::from_secs(2))
        .attempt_timeout(Duration::from_secs(5))
        .operation_timeout(Duration::from_secs(10))
}

fn flows_client(server: &Server) -> (flows::TencentFlowsClient, Arc<RecordingSleep>) {
    let sleep = RecordingSleep::new();
    let runtime = builder(server, &sleep).build().unwrap();
    (flows::TencentFlowsClient::new(runtime), sleep)
}

fn ok(body: Value) -> Reply {
    let mut body = body;
    body["RequestId"] = json!("req-1");
    Reply::json(200, json!({ "Response": body }))
}

fn tencent_error(code: &str) -> Reply {
    Reply::json(
        200,
        json!({"Response": {"Error": {"Code": code, "Message": "no"}, "RequestId": "req-e"}}),
    )
}

/// A list of `count` jobs paged by `Offset`/`Limit` (20 by default), with
/// the total `total(page index)` when it gives one.
fn job_list(
    count: u64,
    total: impl Fn(usize) -> Option<u64> + Send + Sync + 'static,
) -> impl Fn(&Recorded, usize) -> Reply + Send + Sync + 'static {
    move |request, n| {
        let body = request.json();
        let offset = body["Offset"].as_u64().unwrap_or(0);
        let limit = body["Limit"].as_u64().unwrap_or(20);
        let jobs: Vec<Value> = (offset..count.min(offset + limit))
            .map(|i| json!({ "JobId": format!("job-{i}") }))
            .collect();
        let mut response = json!({ "Page": { "Jobs": jobs } });
        if let Some(total) = total(n) {
            response["TotalCount"] = json!(total);
        }
        ok(response)
    }
}

async fn job_ids(client: &flows::TencentFlowsClient, request: ListJobsRequest) -> Vec<String> {
    client
        .list_jobs_paginator(request)
        .items()
        .map_ok(|job| job.job_id)
        .try_collect()
        .await
        .unwrap()
}

fn sent(server: &Server, key: &str) -> Vec<Value> {
    server
        .requests()
        .iter()
        .map(|r| r.json()[key].clone())
        .collect()
}

// ------------------------------------------------------------- paginators

#[tokio::test]
async fn zero_items_make_one_empty_page() {
    let server = Server::start(job_list(0, |_| Some(0))).await;
    let (client, _) = flows_client(&server);
    let pages: Vec<_> = client
        .list_jobs_paginator(ListJobsRequest::new().limit(10))
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(
        job_ids(&client, ListJobsRequest::new()).await,
        Vec::<String>::new()
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn one_page_is_read_once() {
    let server = Server::start(job_list(3, |_| Some(3))).await;
    let (client, _) = flows_client(&server);
    let ids = job_ids(&client, ListJobsRequest::new().limit(10)).await;
    assert_eq!(ids, ["job-0", "job-1", "job-2"]);
    assert_eq!(server.count(), 1);
    assert_eq!(sent(&server, "Limit"), [json!(10)]);
}

#[tokio::test]
async fn an_exact_multiple_of_the_page_size_stops_at_the_total() {
    let server = Server::start(job_list(4, |_| Some(4))).await;
    let (client, _) = flows_client(&server);
    let ids = job_ids(&client, ListJobsRequest::new().limit(2)).await;
    assert_eq!(ids, ["job-0", "job-1", "job-2", "job-3"]);
    // The page size the caller set is kept, the offset moves on.
    assert_eq!(sent(&server, "Offset"), [json!(null), json!(2)]);
    assert_eq!(sent(&server, "Limit"), [json!(2), json!(2)]);
}

#[tokio::test]
async fn without_a_total_an_exact_multiple_ends_on_an_empty_page() {
    let server = Server::start(job_list(4, |_| None)).await;
    let (client, _) = flows_client(&server);
    let ids = job_ids(&client, ListJobsRequest::new().limit(2)).await;
    assert_eq!(ids.len(), 4);
    assert_eq!(sent(&server, "Offset"), [json!(null), json!(2), json!(4)]);
}

#[tokio::test]
async fn without_a_page_size_the_service_default_stands() {
    let server = Server::start(job_list(45, |_| Some(45))).await;
    let (client, _) = flows_client(&server);
    let ids = job_ids(&client, ListJobsRequest::new()).await;
    assert_eq!(ids.len(), 45);
    assert_eq!(
        sent(&server, "Limit"),
        [json!(null), json!(null), json!(null)]
    );
    assert_eq!(sent(&server, "Offset"), [json!(null), json!(20), json!(40)]);
}

#[tokio::test]
async fn the_first_page_is_the_one_the_caller_selects() {
    let server = Server::start(job_list(6, |_| Some(6))).await;
    let (client, _) = flows_client(&server);
    let ids = job_ids(&client, ListJobsRequest::new().offset(3).limit(2)).await;
    assert_eq!(ids, ["job-3", "job-4", "job-5"]);
    assert_eq!(sent(&server, "Offset"), [json!(3), json!(5)]);
}

#[tokio::test]
async fn a_total_that_shrinks_between_pages_ends_paging_early() {
    // 10 jobs exist, but the second page says only 3 are left in total.
    let server = Server::start(job_list(10, |n| Some(if n == 0 { 10 } else { 3 }))).await;
    let (client, _) = flows_client(&server);
    let ids = job_ids(&client, ListJobsRequest::new().limit(2)).await;
    assert_eq!(ids, ["job-0", "job-1", "job-2", "job-3"]);
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_total_that_grows_between_pages_is_followed() {
    let server = Server::start(job_list(6, |n| Some(if n == 0 { 2 } else { 6 }))).await;
    let (client, _) = flows_client(&server);
    // The first page reports 2 items in all: paging stops there.
    assert_eq!(
        job_ids(&client, ListJobsRequest::new().limit(2))
            .await
            .len(),
        2
    );
    // Once the total grows, later pages are read up to the new total.
    let server = Server::start(job_list(6, |n| Some(if n == 0 { 3 } else { 6 }))).await;
    let (client, _) = flows_client(&server);
    assert_eq!(
        job_ids(&client, ListJobsRequest::new().limit(2))
            .await
            .len(),
        6
    );
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn an_error_on_page_three_is_returned_once_and_ends_the_stream() {
    let list = job_list(10, |_| Some(10));
    let server = Server::start(move |request, n| {
        if request.json()["Offset"] == 4 {
            tencent_error("InternalError.DatabaseError")
        } else {
            list(request, n)
        }
    })
    .await;
    let (client, _) = flows_client(&server);
    let items: Vec<_> = client
        .list_jobs_paginator(ListJobsRequest::new().limit(2))
        .items()
        .collect()
        .await;
    assert_eq!(items.len(), 5, "four items, then the error");
    assert!(items[..4].iter().all(Result::is_ok));
    let error = items[4].as_ref().unwrap_err();
    assert_eq!(error.raw_code(), Some("InternalError.DatabaseError"));
    assert_eq!(server.count(), 3);

    // Page by page: the error comes once, then nothing.
    let mut pages = client.list_jobs_paginator(ListJobsRequest::new().limit(2));
    assert!(pages.next_page().await.unwrap().is_ok());
    assert!(pages.next_page().await.unwrap().is_ok());
    assert!(pages.next_page().await.unwrap().is_err());
    assert!(pages.next_page().await.is_none());
}

#[tokio::test]
async fn page_numbers_held_in_strings_count_from_the_callers_page() {
    let server = Server::start(|request, _| {
        let body = request.json();
        let page: u64 = body["PageNo"].as_str().unwrap_or("1").parse().unwrap();
        let size: u64 = body["PageSize"].as_str().unwrap().parse().unwrap();
        let events: Vec<String> = ((page - 1) * size..(page * size).min(7))
            .map(|i| format!("e{i}"))
            .collect();
        ok(json!({ "Events": events, "TotalRecordCount": 7 }))
    })
    .await;
    let (client, _) = flows_client(&server);
    let events: Vec<String> = client
        .list_events_paginator(ListEventsRequest::new().page_size("3"))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(events, ["e0", "e1", "e2", "e3", "e4", "e5", "e6"]);
    assert_eq!(
        sent(&server, "PageNo"),
        [json!(null), json!("2"), json!("3")]
    );
    // Starting at page 2, the items before it count towards the total.
    let from_two: Vec<String> = client
        .list_events_paginator(ListEventsRequest::new().page_no("2").page_size("3"))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(from_two, ["e3", "e4", "e5", "e6"]);
}

#[tokio::test]
async fn tokens_are_followed_until_absent_empty_or_repeated() {
    let server = Server::start(|request, _| {
        let token = request.json()["NextToken"].as_str().map(str::to_owned);
        match token.as_deref() {
            None => ok(json!({ "Tags": ["a", "b"], "NextToken": "t1" })),
            Some("t1") => ok(json!({ "Tags": [], "NextToken": "t2" })),
            Some("t2") => ok(json!({ "Tags": ["c"] })),
            Some("loop") => ok(json!({ "Tags": ["x"], "NextToken": "loop" })),
            Some(_) => ok(json!({ "Tags": ["z"], "NextToken": "" })),
        }
    })
    .await;
    let (client, _) = flows_client(&server);
    let tags: Vec<String> = client
        .list_tags_paginator(ListTagsRequest::new())
        .items()
        .try_collect()
        .await
        .unwrap();
    // An empty page with a token is not the end.
    assert_eq!(tags, ["a", "b", "c"]);
    assert_eq!(
        sent(&server, "NextToken"),
        [json!(null), json!("t1"), json!("t2")]
    );
    let repeated: Vec<String> = client
        .list_tags_paginator(ListTagsRequest::new().next_token("loop"))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(repeated, ["x"]);
    let empty: Vec<String> = client
        .list_tags_paginator(ListTagsRequest::new().next_token("other"))
        .items()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(empty, ["z"]);
    assert_eq!(server.count(), 5);
}

// ---------------------------------------------------------------- waiters

/// Answers `DescribeJob` with the given replies in turn; the last repeats.
async fn states(replies: Vec<Reply>) -> Server {
    Server::sequence(replies).await
}

fn status(value: &str) -> Reply {
    ok(json!({ "Status": value }))
}

fn steps(values: &[&str]) -> Reply {
    let steps: Vec<Value> = values.iter().map(|s| json!({ "State": s })).collect();
    ok(json!({ "Status": "running", "Steps": steps }))
}

const MINUTE: Duration = Duration::from_secs(60);

#[tokio::test]
async fn a_waiter_walks_through_states_to_success_with_backoff() {
    let server = states(vec![
        status("created"),
        status("checking"),
        status("running"),
        status("running"),
        status("success"),
    ])
    .await;
    let (client, sleep) = flows_client(&server);
    let done = client
        .wait_until_job_finished(DescribeJobRequest::new("job-1"), MINUTE)
        .await
        .unwrap();
    assert_eq!(done.status.unwrap().as_str(), "success");
    assert_eq!(server.count(), 5);
    // min 10 ms, ceiling doubling to the 40 ms maximum, jitter fixed at 0.5.
    let ms = |v: &[u64]| {
        v.iter()
            .map(|m| Duration::from_millis(*m))
            .collect::<Vec<_>>()
    };
    assert_eq!(sleep.sleeps(), ms(&[10, 15, 25, 25]));
    assert!(server
        .requests()
        .iter()
        .all(|r| r.json()["JobId"] == "job-1"));
}

#[tokio::test]
async fn a_waiter_stops_at_a_failure_state_and_names_it() {
    let server = states(vec![status("checking"), status("failed")]).await;
    let (client, _) = flows_client(&server);
    let error = client
        .wait_until_job_finished(DescribeJobRequest::new("job-1"), MINUTE)
        .await
        .unwrap_err();
    match &error {
        WaitError::FailureState {
            waiter,
            path,
            value,
            response,
        } => {
            assert_eq!(
                (*waiter, *path, value.as_str()),
                ("JobFinished", "Status", "failed")
            );
            assert_eq!(response.request_id, "req-1");
        }
        other => panic!("expected a failure state, got {other:?}"),
    }
    assert_eq!(
        error.to_string(),
        "waiter JobFinished: `Status` reached the failure state `failed`"
    );
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_waiter_times_out_with_the_last_response() {
    let server = states(vec![status("running")]).await;
    let (client, _) = flows_client(&server);
    let error = client
        .wait_until_job_finished(DescribeJobRequest::new("job-1"), Duration::ZERO)
        .await
        .unwrap_err();
    match error {
        WaitError::TimedOut {
            attempts,
            last_response,
            last_error,
            ..
        } => {
            assert_eq!(attempts, 1);
            assert_eq!(last_response.unwrap().status.unwrap().as_str(), "running");
            assert!(last_error.is_none());
        }
        other => panic!("expected a timeout, got {other:?}"),
    }
}

#[tokio::test]
async fn an_endless_wait_has_no_deadline_to_overflow() {
    let server = states(vec![status("running"), status("success")]).await;
    let (client, _) = flows_client(&server);
    client
        .wait_until_job_finished(DescribeJobRequest::new("job-1"), Duration::MAX)
        .await
        .unwrap();
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn a_waiter_times_out_in_real_time() {
    let server = states(vec![status("running")]).await;
    // The default sleep: real pauses of 10 to 40 ms.
    let runtime = builder(&server, &RecordingSleep::new())
        .sleep(Arc::new(cloud_sdk_runtime::clock::TokioSleep))
        .build()
        .unwrap();
    let client = flows::TencentFlowsClient::new(runtime);
    let error = client
        .wait_until_job_finished(DescribeJobRequest::new("job-1"), Duration::from_millis(120))
        .await
        .unwrap_err();
    let WaitError::TimedOut { attempts, .. } = error else {
        panic!("expected a timeout, got {error:?}");
    };
    assert!(attempts >= 3, "{attempts} calls in 120 ms");
    assert_eq!(server.count() as u32, attempts);
}

#[tokio::test]
async fn a_call_error_ends_the_wait() {
    let server = states(vec![status("running"), tencent_error("InvalidParameter")]).await;
    let (client, _) = flows_client(&server);
    let error = client
        .wait_until_job_finished(DescribeJobRequest::new("job-1"), MINUTE)
        .await
        .unwrap_err();
    let code = error.call_error().and_then(Error::raw_code);
    assert_eq!(code, Some("InvalidParameter"), "{error:?}");
    assert_eq!(server.count(), 2);
}

#[tokio::test]
async fn listed_and_transient_errors_keep_the_waiter_polling() {
    let server = states(vec![
        tencent_error("ResourceNotFound.JobNotExist"),
        tencent_error("InternalError"),
        tencent_error("RequestLimitExceeded"),
        status("success"),
    ])
    .await;
    let (client, sleep) = flows_client(&server);
    client
        .wait_until_job_finished(DescribeJobRequest::new("job-1"), MINUTE)
        .await
        .unwrap();
    assert_eq!(server.count(), 4);
    assert_eq!(sleep.sleeps().len(), 3);
    // A timeout while the service keeps failing keeps the last error.
    let server = states(vec![tencent_error("ResourceNotFound.JobNotExist")]).await;
    let (client, _) = flows_client(&server);
    let error = client
        .wait_until_job_finished(DescribeJobRequest::new("job-1"), Duration::ZERO)
        .await
        .unwrap_err();
    let WaitError::TimedOut { last_error, .. } = error else {
        panic!("expected a timeout, got {error:?}");
    };
    assert_eq!(
        last_error.as_ref().and_then(Error::raw_code),
        Some("ResourceNotFound.JobNotExist")
    );
}

#[tokio::test]
async fn a_waiter_with_an_argument_waits_for_that_value() {
    let server = states(vec![
        status("created"),
        status("checking"),
        status("running"),
    ])
    .await;
    let (client, _) = flows_client(&server);
    let response = client
        .wait_until_job_status(DescribeJobRequest::new("job-1"), "checking", MINUTE)
        .await
        .unwrap();
    assert_eq!(response.status.unwrap().as_str(), "checking");
    assert_eq!(server.count(), 2);

    let server = states(vec![status("running"), status("failed")]).await;
    let (client, _) = flows_client(&server);
    let error = client
        .wait_until_job_status(
            DescribeJobRequest::new("job-1"),
            flows::types::JobStatus::Success,
            MINUTE,
        )
        .await
        .unwrap_err();
    assert!(matches!(error, WaitError::FailureState { ref value, .. } if value == "failed"));
}

#[tokio::test]
async fn list_acceptors_need_every_item_or_any_item() {
    let server = states(vec![
        steps(&[]),
        steps(&["done", "running"]),
        steps(&["done", "done"]),
    ])
    .await;
    let (client, _) = flows_client(&server);
    client
        .wait_until_steps_done(DescribeJobRequest::new("job-1"), MINUTE)
        .await
        .unwrap();
    // No steps is not "every step done".
    assert_eq!(server.count(), 3);

    let server = states(vec![steps(&["done", "running"]), steps(&["done", "error"])]).await;
    let (client, _) = flows_client(&server);
    let error = client
        .wait_until_steps_done(DescribeJobRequest::new("job-1"), MINUTE)
        .await
        .unwrap_err();
    assert!(
        matches!(error, WaitError::FailureState { path: "Steps[].State", ref value, .. } if value == "error")
    );
}

// ------------------------------------------------------- the DTS clients

#[tokio::test]
async fn tencent_dts_migration_jobs_page_by_offset() {
    let server = Server::start(|request, _| {
        assert_eq!(request.header("x-tc-action"), Some("DescribeMigrationJobs"));
        let body = request.json();
        let offset = body["Offset"].as_u64().unwrap_or(0);
        let jobs: Vec<Value> = (offset..5.min(offset + 2))
            .map(|i| json!({ "JobId": format!("dts-{i}") }))
            .collect();
        ok(json!({ "TotalCount": 5, "JobList": jobs }))
    })
    .await;
    let sleep = RecordingSleep::new();
    let client = tc2021::TencentDtsClient::new(builder(&server, &sleep).build().unwrap());
    let request = tc2021::describe_migration_jobs::DescribeMigrationJobsRequest::new().limit(2);
    let ids: Vec<String> = client
        .describe_migration_jobs_paginator(request)
        .items()
        .map_ok(|job| job.job_id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(ids.len(), 5);
    assert_eq!(ids[4], "dts-4");
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn tencent_dts_migration_check_waiter() {
    let server = states(vec![
        ok(json!({ "Status": "notStarted" })),
        ok(json!({ "Status": "running" })),
        ok(json!({ "Status": "success", "CheckFlag": "checkPass" })),
    ])
    .await;
    let sleep = RecordingSleep::new();
    let client = tc2021::TencentDtsClient::new(builder(&server, &sleep).build().unwrap());
    let request =
        tc2021::describe_migration_check_job::DescribeMigrationCheckJobRequest::new("dts-1");
    let response = client
        .wait_until_migration_check_finished(request, MINUTE)
        .await
        .unwrap();
    assert_eq!(response.check_flag.as_str(), "checkPass");
    // The declared 2 s minimum, doubling towards 30 s, jitter 0.5.
    assert_eq!(
        sleep.sleeps(),
        [Duration::from_secs(2), Duration::from_secs(3)]
    );
}

fn alibaba_client(server: &Server) -> ali::AlibabaDtsClient {
    let runtime = builder(server, &RecordingSleep::new())
        .credentials(Credentials::new("LTAIflowsTest", "flows-ali-secret"))
        .region("cn-hangzhou")
        .build()
        .unwrap();
    ali::AlibabaDtsClient::new(runtime)
}

#[tokio::test]
async fn alibaba_dts_jobs_page_by_page_number_in_the_query() {
    let server = Server::start(|request, _| {
        let query = request.query_params();
        assert_eq!(request.header("x-acs-action"), Some("DescribeDtsJobs"));
        let page: u64 = query.get("PageNumber").map_or(1, |p| p.parse().unwrap());
        let size: u64 = query["PageSize"].parse().unwrap();
        let jobs: Vec<Value> = ((page - 1) * size..(page * size).min(3))
            .map(|i| json!({ "DtsJobId": format!("job{i}") }))
            .collect();
        Reply::json(
            200,
            json!({ "RequestId": "r", "TotalRecordCount": 3, "PageNumber": page, "DtsJobList": jobs }),
        )
    })
    .await;
    let client = alibaba_client(&server);
    let request = ali::describe_dts_jobs::DescribeDtsJobsRequest::new().page_size(2);
    let pages: Vec<_> = client
        .describe_dts_jobs_paginator(request)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[1].dts_job_list.len(), 1);
    let numbers: Vec<Option<String>> = server
        .requests()
        .iter()
        .map(|r| r.query_params().get("PageNumber").cloned())
        .collect();
    assert_eq!(numbers, [None, Some("2".to_owned())]);
}

#[tokio::test]
async fn alibaba_dts_job_status_waiter_stops_on_a_failed_precheck() {
    let server = states(vec![
        Reply::json(200, json!({ "RequestId": "r", "Status": "Prechecking" })),
        Reply::json(200, json!({ "RequestId": "r", "Status": "PrecheckFailed" })),
    ])
    .await;
    let client = alibaba_client(&server);
    let request = ali::describe_dts_job_detail::DescribeDtsJobDetailRequest::new().dts_job_id("j1");
    let error = client
        .wait_until_dts_job_status(request, "PreCheckPass", MINUTE)
        .await
        .unwrap_err();
    assert!(
        matches!(error, WaitError::FailureState { ref value, .. } if value == "PrecheckFailed"),
        "{error:?}"
    );
}
