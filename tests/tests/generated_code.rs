//! Behaviour of generated code, on the fixture specs' golden output:
//! wire names, required members, validation before I/O, redaction of
//! secrets, enums that keep unknown values, lenient response decoding and
//! recursive types. `docs/generated-api.md` names these tests beside the
//! rules they show.

use cloud_sdk_runtime::Operation;
use integration_tests::golden::alibaba_fixture as ali;
use integration_tests::golden::tencent_fixture as tc;
use serde_json::json;
// Types only `CreateJob` uses live in its module.
use tc::create_job::{EndpointInfo, TreeNode};
use tc::types::{InstanceClass, JobStatus, RunMode, TagItem};

fn endpoint() -> EndpointInfo {
    EndpointInfo::new("10.0.0.1", 3306)
        .user("root")
        .password("hunter2-secret")
        .session_token("token-secret")
}

fn create_job() -> tc::create_job::CreateJobRequest {
    tc::create_job::CreateJobRequest::new(
        "nightly",
        endpoint(),
        EndpointInfo::new("10.0.0.2", 3306),
        RunMode::Immediate,
    )
}

#[test]
fn requests_serialise_under_wire_names_and_skip_absent_members() {
    let request = create_job()
        .instance_class("2xlarge")
        .tags([TagItem::new("env").tag_value("prod")]);
    let wire = serde_json::to_value(&request).unwrap();
    assert_eq!(
        wire,
        json!({
            "JobName": "nightly",
            "SrcInfo": { "Ip": "10.0.0.1", "Port": 3306, "User": "root", "Password": "hunter2-secret", "SessionToken": "token-secret" },
            "DstInfo": { "Ip": "10.0.0.2", "Port": 3306 },
            "RunMode": 1,
            "InstanceClass": "2xlarge",
            "Tags": [{ "TagKey": "env", "TagValue": "prod" }]
        })
    );
}

#[test]
fn keyword_members_keep_their_wire_names() {
    let request = tc::describe_dtsip::DescribeDtsipRequest::new("dts-1")
        .r#type(tc::describe_dtsip::Type::default())
        .abstract_text("a")
        .r#gen(3);
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({ "DtsInstanceID": "dts-1", "Type": {}, "Abstract": "a", "Gen": 3 })
    );
}

#[test]
fn collections_take_any_iterator_and_append_one_item() {
    let request = create_job()
        .tags([TagItem::new("a")])
        .push_tags(TagItem::new("b"))
        .push_tags(TagItem::new("c"));
    let keys: Vec<&str> = request.tags.iter().map(|t| t.tag_key.as_str()).collect();
    assert_eq!(keys, ["a", "b", "c"]);
    // Replacing, from any iterator of items that convert.
    let request = ali::modify_job::ModifyJobRequest::new("dts-1")
        .resource_id(vec!["r1", "r2"])
        .resource_id(["r3".to_owned()])
        .push_resource_id("r4");
    assert_eq!(request.resource_id, ["r3", "r4"]);
    let request = create_job()
        .options([("a", "1"), ("b", "2")])
        .insert_options("b", "3");
    assert_eq!(request.options["b"], "3");
    assert_eq!(request.options.len(), 2);
    // Unset and empty are the same: nothing is sent.
    let wire = serde_json::to_value(create_job().tags(Vec::<TagItem>::new())).unwrap();
    assert!(wire.get("Tags").is_none(), "{wire}");
}

#[test]
fn every_problem_is_reported_with_its_member_path() {
    let mut request = create_job().tags([
        TagItem::new("a"),
        TagItem::new("b"),
        TagItem::new("c"),
        TagItem::new("d"),
    ]);
    request.job_name = "x".repeat(17);
    request.dst_info.port = 0;
    let error = request.validate().unwrap_err();
    assert_eq!(error.action, "CreateJob");
    assert_eq!(
        error.to_string(),
        "invalid CreateJob request: `JobName` must have at most 16 characters, has 17; \
         `DstInfo.Port` must be between 1 and 65535; `Tags` must have at most 3 items, has 4"
    );
    assert_eq!(
        error.members().collect::<Vec<_>>(),
        ["JobName", "DstInfo.Port", "Tags"]
    );
    assert!(create_job().validate().is_ok());
    let out_of_range = tc::describe_dtsip::DescribeDtsipRequest::new("x").r#gen(6);
    assert!(Operation::validate(&out_of_range).is_err());
}

#[test]
fn debug_output_redacts_secrets_at_every_depth() {
    let shown = format!("{:?}", create_job());
    assert!(shown.contains("root"), "{shown}");
    assert!(!shown.contains("hunter2-secret"), "{shown}");
    assert!(!shown.contains("token-secret"), "{shown}");
    assert!(shown.contains("password: Some(\"<redacted>\")"), "{shown}");
    let unset = format!("{:?}", EndpointInfo::new("10.0.0.2", 3306));
    assert!(unset.contains("password: None"), "{unset}");
    let alibaba =
        ali::modify_job::ModifyJobRequest::new("dts-1").security_token("sts-secret-value");
    let shown = format!("{alibaba:?} {alibaba:#?}");
    assert!(!shown.contains("sts-secret-value"), "{shown}");
}

#[test]
fn enums_keep_values_they_do_not_know() {
    assert_eq!(InstanceClass::from("2xlarge"), InstanceClass::TwoXlarge);
    let unknown = InstanceClass::from("4xlarge");
    assert_eq!(unknown.as_str(), "4xlarge");
    assert!(!InstanceClass::VALUES.contains(&unknown.as_str()));
    assert_eq!(unknown, InstanceClass::from("4xlarge"));
    assert_ne!(unknown, InstanceClass::from("8xlarge"));
    assert_eq!(format!("{unknown:?}"), "Unknown(\"4xlarge\")");
    assert_eq!(serde_json::to_value(&unknown).unwrap(), json!("4xlarge"));
    assert_eq!(InstanceClass::VALUES, ["small", "xlarge", "2xlarge"]);
    let status: JobStatus = serde_json::from_value(json!(99)).unwrap();
    assert_eq!(status.value(), 99);
    assert_eq!(serde_json::to_value(&status).unwrap(), json!(99));
    // What a left-out member decodes to: the empty wire value.
    assert_eq!(InstanceClass::default().as_str(), "");
    let status: JobStatus = serde_json::from_value(json!("2")).unwrap();
    assert_eq!(status, JobStatus::Running);
    assert_eq!(serde_json::to_value(RunMode::Timed).unwrap(), json!(2));
    assert_eq!(RunMode::from(-1).to_string(), "-1");
}

#[test]
fn error_codes_match_documented_and_keep_others() {
    use tc::create_job::CreateJobErrorCode as Code;
    assert_eq!(
        Code::from("LimitExceeded.MaxUnusedJobs"),
        Code::LimitExceededMaxUnusedJobs
    );
    let other = Code::from("InternalError.Brand.New");
    assert_eq!(other.as_str(), "InternalError.Brand.New");
    assert_eq!(other.to_string(), "InternalError.Brand.New");
    assert_ne!(other, Code::from("InternalError.Other"));
    assert_eq!(
        Code::LimitExceededMaxUnusedJobs.as_str(),
        "LimitExceeded.MaxUnusedJobs"
    );
}

#[test]
fn responses_decode_leniently() {
    let response: tc::create_job::CreateJobResponse = serde_json::from_value(json!({
        "JobId": "dts-1",
        "Status": "2",
        "Tree": null,
        "RequestId": "req-1",
        "Surprise": "unknown fields are ignored"
    }))
    .unwrap();
    assert_eq!(response.job_id, "dts-1");
    assert_eq!(response.status, JobStatus::Running);
    assert_eq!(response.tree, None);
    assert!(response.scores.is_empty());

    let response: tc::describe_dtsip::DescribeDtsipResponse =
        serde_json::from_value(json!({ "IpList": null, "RequestId": "r" })).unwrap();
    assert!(response.ip_list.is_empty());

    let response: ali::modify_job::ModifyJobResponse = serde_json::from_value(json!({
        "Success": "true", "HttpStatusCode": "200", "RequestId": "r"
    }))
    .unwrap();
    assert_eq!(response.success, Some(true));
    assert_eq!(response.http_status_code, Some(200));
}

#[test]
fn recursive_types_decode_through_boxes() {
    let tree: TreeNode = serde_json::from_value(json!({
        "Name": "root",
        "Parent": { "Name": "above" },
        "Children": [{ "Name": "child", "Leaf": { "Owner": { "Name": "owner" } } }],
        "ByName": { "k": { "Name": "mapped" } }
    }))
    .unwrap();
    assert_eq!(tree.parent.as_ref().unwrap().name, "above");
    let owner = tree.children[0]
        .leaf
        .as_ref()
        .unwrap()
        .owner
        .as_ref()
        .unwrap();
    assert_eq!(owner.name, "owner");
    assert_eq!(tree.by_name["k"].name, "mapped");
}

#[test]
fn operations_describe_their_action_and_rpc_placement() {
    type Modify = ali::modify_job::ModifyJobRequest;
    assert_eq!(Modify::ACTION.name, "ModifyJob");
    assert_eq!(Modify::ACTION.rate_limit, Some(20));
    assert_eq!(Modify::ACTION.idempotency_token, Some("ClientToken"));
    let placed: Vec<_> = Modify::ACTION
        .params
        .iter()
        .map(|p| (p.name, format!("{:?}/{:?}", p.location, p.style)))
        .collect();
    assert_eq!(
        placed,
        [
            ("SecurityToken", "Body/Scalar".to_owned()),
            ("DbList", "Body/Json".to_owned()),
            ("Tag", "Query/RepeatList".to_owned()),
            ("ResourceId", "Query/RepeatList".to_owned()),
            ("Endpoint", "Query/Flat".to_owned()),
            ("Reserved", "Body/Json".to_owned()),
        ]
    );
    assert_eq!(
        ali::describe_jobs::DescribeJobsRequest::ACTION.method,
        cloud_sdk_runtime::operation::HttpMethod::Get
    );
    assert_eq!(
        tc::SERVICE.endpoints.finance,
        [(
            "ap-shanghai-fsi",
            "fixture.ap-shanghai-fsi.tencentcloudapi.com"
        )]
    );
    assert_eq!(
        <tc::create_job::CreateJobRequest as Operation>::SERVICE.version,
        "2020-02-02"
    );
    let code: <tc::create_job::CreateJobRequest as Operation>::ErrorCode =
        "InvalidParameter".into();
    assert_eq!(code.as_str(), "InvalidParameter");
    // A common code, carried by every action's enum.
    assert!(matches!(
        code,
        tc::create_job::CreateJobErrorCode::Common(
            cloud_sdk_runtime::TencentCommonError::InvalidParameter
        )
    ));
}

#[test]
fn always_present_members_are_plain_and_default_when_omitted() {
    // `JobId` and `Status` are always present: plain values, not `Option`.
    let response: tc::create_job::CreateJobResponse =
        serde_json::from_value(json!({ "RequestId": "r" })).unwrap();
    let job_id: &String = &response.job_id;
    assert_eq!(job_id, "");
    assert_eq!(response.status.value(), 0);
    assert_eq!(response.status, JobStatus::default());
    // `Tree` may be absent: `Option`.
    assert_eq!(response.tree, None);
}

#[test]
fn every_type_round_trips_through_serde_under_wire_names() {
    let response: tc::create_job::CreateJobResponse = serde_json::from_value(json!({
        "JobId": "dts-1", "Status": 7, "Scores": { "a": 0.5 }, "RequestId": "r",
        "Tree": { "Name": "root", "Children": [{ "Name": "leaf" }] }
    }))
    .unwrap();
    let wire = serde_json::to_value(&response).unwrap();
    assert_eq!(wire["JobId"], "dts-1");
    assert_eq!(wire["Status"], 7);
    assert_eq!(wire["Tree"]["Children"][0]["Name"], "leaf");
    let again: tc::create_job::CreateJobResponse = serde_json::from_value(wire).unwrap();
    assert_eq!(again, response);
    // Requests and the data types they hold decode too (a recorded request
    // can be replayed).
    let request = create_job().tags([TagItem::new("env")]);
    let wire = serde_json::to_value(&request).unwrap();
    let replayed: tc::create_job::CreateJobRequest = serde_json::from_value(wire).unwrap();
    assert_eq!(replayed, request);
    let clone = request.clone();
    assert_eq!(clone, request);
}

/// Generated code reaches the runtime through its documented items and
/// the hidden `__private` module only (the `operation::` paths of the
/// service description are still emitted by `emit/service.rs`).
#[test]
fn generated_code_names_only_the_small_runtime_surface() {
    let allowed = [
        "__private",
        "AlibabaCommonError",
        "Client",
        "Error",
        "ErrorCode",
        "InvalidRequest",
        "Operation",
        "Overrides",
        "operation",
        "TencentCommonError",
    ];
    for golden in [
        include_str!("../../codegen/tests/golden/tencent_fixture_v20200202.rs"),
        include_str!("../../codegen/tests/golden/alibaba_fixture_v20200303.rs"),
    ] {
        let mut named: Vec<&str> = golden
            .split("::cloud_sdk_runtime::")
            .skip(1)
            .map(|rest| {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                &rest[..end]
            })
            .collect();
        named.sort_unstable();
        named.dedup();
        for item in &named {
            assert!(
                allowed.contains(item),
                "generated code names `cloud_sdk_runtime::{item}`"
            );
        }
        assert!(named.contains(&"__private"), "{named:?}");
    }
}
