//! Hand-written Alibaba ROA operations against a local server: path
//! templates with per-segment encoding, methods, query, header and JSON body
//! members, list roots, empty bodies and ROA error envelopes, with the ACS3
//! signature recomputed from the received request.

mod common;

use std::collections::BTreeMap;

use cloud_sdk_runtime::operation::{
    ActionInfo, Endpoints, HttpMethod, ParamInfo, ParamLocation, ParamStyle, Provider, ServiceInfo,
    SigningAlgorithm,
};
use cloud_sdk_runtime::{Client, Credentials, Error, InvalidRequest, Operation, Proxy};
use common::ops::Code;
use common::{verify_acs3, verify_roa_v1, CountingRandom, Reply, Server, TickingClock};
use serde::{Deserialize, Serialize};
use serde_json::json;

const ID: &str = "LTAItestAccessKeyId";
const SECRET: &str = "ali-Very-S3cret-Secret";

static CS: ServiceInfo = ServiceInfo {
    provider: Provider::Alibaba,
    service: "CS",
    version: "2015-12-15",
    signing: &[SigningAlgorithm::Acs3, SigningAlgorithm::RoaV1],
    endpoints: Endpoints {
        default: "cs.aliyuncs.com",
        regional: Some("cs.{region}.aliyuncs.com"),
        international: None,
        finance: &[],
        regions: &[],
    },
};

fn client(server: &Server) -> Client {
    Client::builder()
        .credentials(Credentials::new(ID, SECRET))
        .endpoint(server.url())
        .proxy(Proxy::None)
        .region("cn-hangzhou")
        .clock(TickingClock::starting_at(1_700_000_000))
        .random(CountingRandom::with_jitter(0.5))
        .build()
        .unwrap()
}

/// `GET /clusters/{ClusterId}/nodepools/{NodepoolId}`, one query member.
#[derive(Serialize)]
struct DescribeNodePool {
    #[serde(rename = "ClusterId")]
    cluster_id: String,
    #[serde(rename = "NodepoolId")]
    nodepool_id: u32,
    #[serde(rename = "verbose", skip_serializing_if = "Option::is_none")]
    verbose: Option<bool>,
}

#[derive(Debug, Deserialize)]
struct NodePool {
    name: String,
}

static DESCRIBE: ActionInfo = ActionInfo {
    name: "DescribeClusterNodePoolDetail",
    method: HttpMethod::Get,
    rate_limit: None,
    idempotency_token: None,
    params: &[
        ParamInfo {
            name: "ClusterId",
            location: ParamLocation::Path,
            style: ParamStyle::Scalar,
        },
        ParamInfo {
            name: "NodepoolId",
            location: ParamLocation::Path,
            style: ParamStyle::Scalar,
        },
    ],
    path: Some("/clusters/{ClusterId}/nodepools/{NodepoolId}"),
};

impl Operation for DescribeNodePool {
    type Output = NodePool;
    type ErrorCode = Code;
    const SERVICE: &'static ServiceInfo = &CS;
    const ACTION: &'static ActionInfo = &DESCRIBE;
    fn validate(&self) -> Result<(), InvalidRequest> {
        Ok(())
    }
}

/// `POST /clusters`: the JSON body is one member; a header member.
#[derive(Serialize)]
struct CreateCluster {
    #[serde(rename = "body")]
    body: serde_json::Value,
    #[serde(rename = "x-acs-resourcegroupid")]
    group: String,
}

static CREATE: ActionInfo = ActionInfo {
    name: "CreateCluster",
    method: HttpMethod::Post,
    rate_limit: None,
    idempotency_token: None,
    params: &[
        ParamInfo {
            name: "body",
            location: ParamLocation::Payload,
            style: ParamStyle::Scalar,
        },
        ParamInfo {
            name: "x-acs-resourcegroupid",
            location: ParamLocation::Header,
            style: ParamStyle::Scalar,
        },
    ],
    path: Some("/clusters"),
};

#[derive(Debug, Deserialize)]
struct Created {
    cluster_id: String,
}

impl Operation for CreateCluster {
    type Output = Created;
    type ErrorCode = Code;
    const SERVICE: &'static ServiceInfo = &CS;
    const ACTION: &'static ActionInfo = &CREATE;
    fn validate(&self) -> Result<(), InvalidRequest> {
        Ok(())
    }
}

/// `DELETE /clusters/{ClusterId}` answering 202 with no body, or a list
/// root under `PUT`.
#[derive(Serialize)]
struct ClusterCall<const PUT: bool> {
    #[serde(rename = "ClusterId")]
    cluster_id: String,
    #[serde(rename = "keep")]
    keep: Vec<String>,
}

static DELETE: ActionInfo = ActionInfo {
    name: "DeleteCluster",
    method: HttpMethod::Delete,
    rate_limit: None,
    idempotency_token: None,
    params: &[
        ParamInfo {
            name: "ClusterId",
            location: ParamLocation::Path,
            style: ParamStyle::Scalar,
        },
        ParamInfo {
            name: "keep",
            location: ParamLocation::Query,
            style: ParamStyle::Json,
        },
    ],
    path: Some("/clusters/{ClusterId}"),
};

static PUT: ActionInfo = ActionInfo {
    name: "ModifyClusterTags",
    method: HttpMethod::Put,
    path: Some("/clusters/{ClusterId}/tags"),
    ..DELETE
};

#[derive(Debug, Deserialize, PartialEq)]
struct Nothing {}

impl Operation for ClusterCall<false> {
    type Output = Nothing;
    type ErrorCode = Code;
    const SERVICE: &'static ServiceInfo = &CS;
    const ACTION: &'static ActionInfo = &DELETE;
    fn validate(&self) -> Result<(), InvalidRequest> {
        Ok(())
    }
}

impl Operation for ClusterCall<true> {
    type Output = Vec<String>;
    type ErrorCode = Code;
    const SERVICE: &'static ServiceInfo = &CS;
    const ACTION: &'static ActionInfo = &PUT;
    fn validate(&self) -> Result<(), InvalidRequest> {
        Ok(())
    }
}

#[tokio::test]
async fn get_expands_the_path_per_segment_and_signs_it() {
    let server = Server::always(
        Reply::json(200, json!({"name": "pool"})).with_header("x-acs-request-id", "req-1"),
    )
    .await;
    let request = DescribeNodePool {
        cluster_id: "c/1 *".into(),
        nodepool_id: 7,
        verbose: Some(true),
    };
    let output = client(&server).send(request).await.unwrap();
    assert_eq!(output.name, "pool");
    let [seen] = server.requests().try_into().unwrap();
    assert_eq!(seen.method, "GET");
    assert_eq!(seen.path, "/clusters/c%2F1%20%2A/nodepools/7");
    assert_eq!(seen.query, "verbose=true");
    assert_eq!(
        seen.header("x-acs-action"),
        Some("DescribeClusterNodePoolDetail")
    );
    assert_eq!(seen.header("x-acs-version"), Some("2015-12-15"));
    assert!(seen.body.is_empty());
    assert!(seen.header("content-type").is_none());
    verify_acs3(&seen, ID, SECRET);
}

#[tokio::test]
async fn post_sends_the_payload_member_as_the_json_body() {
    let server = Server::always(Reply::json(202, json!({"cluster_id": "c-9"}))).await;
    let body = json!({"name": "demo", "tags": [{"key": "a"}]});
    let request = CreateCluster {
        body: body.clone(),
        group: "rg-1".into(),
    };
    let output = client(&server).send(request).await.unwrap();
    assert_eq!(output.cluster_id, "c-9");
    let [seen] = server.requests().try_into().unwrap();
    assert_eq!(
        (seen.method.as_str(), seen.path.as_str()),
        ("POST", "/clusters")
    );
    assert_eq!(seen.query, "");
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.json(), body);
    assert_eq!(seen.header("x-acs-resourcegroupid"), Some("rg-1"));
    let signed = verify_acs3(&seen, ID, SECRET);
    assert_eq!(signed.len(), 64);
    let authorization = seen.header("authorization").unwrap();
    assert!(
        authorization.contains("x-acs-resourcegroupid"),
        "{authorization}"
    );
}

#[tokio::test]
async fn delete_with_an_empty_answer_and_put_with_a_list_root() {
    let server = Server::start(|_, n| match n {
        0 => Reply::text(202, ""),
        _ => Reply::json(200, json!(["a", "b"])),
    })
    .await;
    let client = client(&server);
    let request = ClusterCall::<false> {
        cluster_id: "c-1".into(),
        keep: vec!["slb".into()],
    };
    assert_eq!(client.send(request).await.unwrap(), Nothing {});
    let request = ClusterCall::<true> {
        cluster_id: "c-1".into(),
        keep: vec![],
    };
    assert_eq!(client.send(request).await.unwrap(), ["a", "b"]);
    let seen = server.requests();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].path.as_str()),
        ("DELETE", "/clusters/c-1")
    );
    let query: BTreeMap<String, String> = seen[0].query_params();
    assert_eq!(query["keep"], r#"["slb"]"#);
    assert_eq!(
        (seen[1].method.as_str(), seen[1].path.as_str()),
        ("PUT", "/clusters/c-1/tags")
    );
    for request in &seen {
        verify_acs3(request, ID, SECRET);
    }
}

#[tokio::test]
async fn roa_error_envelope_becomes_a_service_error() {
    let server = Server::always(Reply::json(
        404,
        json!({"code": "ErrorClusterNotFound", "message": "no such cluster", "requestId": "req-404", "status": 404}),
    ))
    .await;
    let request = DescribeNodePool {
        cluster_id: "c-x".into(),
        nodepool_id: 1,
        verbose: None,
    };
    let error = client(&server).send(request).await.unwrap_err();
    let Error::Service(service) = &error else {
        panic!("expected a service error, got {error:?}");
    };
    assert_eq!(service.raw_code, "ErrorClusterNotFound");
    assert_eq!(service.message, "no such cluster");
    assert_eq!(service.request_id.as_deref(), Some("req-404"));
    assert_eq!(service.http_status, 404);
}

#[tokio::test]
async fn an_empty_path_parameter_is_refused_before_sending() {
    let server = Server::always(Reply::json(200, json!({"name": "x"}))).await;
    let request = DescribeNodePool {
        cluster_id: String::new(),
        nodepool_id: 1,
        verbose: None,
    };
    let error = client(&server).send(request).await.unwrap_err();
    assert!(error.to_string().contains("ClusterId"), "{error}");
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn the_older_roa_signature_signs_path_query_and_body() {
    let server = Server::start(|_, n| match n {
        0 => Reply::json(200, json!({"cluster_id": "c-9"})),
        _ => Reply::text(204, ""),
    })
    .await;
    let client = Client::builder()
        .credentials(Credentials::new(ID, SECRET).with_session_token("sts-token"))
        .endpoint(server.url())
        .proxy(Proxy::None)
        .signing_algorithm(SigningAlgorithm::RoaV1)
        .clock(TickingClock::starting_at(1_700_000_000))
        .random(CountingRandom::with_jitter(0.5))
        .build()
        .unwrap();
    let create = CreateCluster {
        body: json!({"name": "demo"}),
        group: "rg-1".into(),
    };
    assert_eq!(client.send(create).await.unwrap().cluster_id, "c-9");
    let delete = ClusterCall::<false> {
        cluster_id: "c 1".into(),
        keep: vec!["slb".into()],
    };
    client.send(delete).await.unwrap();
    let seen = server.requests();
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert_eq!(seen[0].json(), json!({"name": "demo"}));
    assert_eq!(seen[0].header("x-acs-signature-version"), Some("1.0"));
    assert_eq!(seen[0].header("x-acs-security-token"), Some("sts-token"));
    assert_eq!(
        seen[0].header("date"),
        Some("Tue, 14 Nov 2023 22:13:20 GMT")
    );
    assert!(seen[0].header("x-acs-content-sha256").is_none());
    assert_eq!(
        (seen[1].method.as_str(), seen[1].path.as_str()),
        ("DELETE", "/clusters/c%201")
    );
    for request in &seen {
        verify_roa_v1(request, ID, SECRET);
    }
}
