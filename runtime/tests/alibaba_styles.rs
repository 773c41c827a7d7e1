//! The Alibaba RPC list styles beyond DTS, sent to a local server and
//! signed: `simple` (one comma-joined parameter) and a list of objects with
//! `flat` in the metadata, which the importer writes as `repeat-list`
//! (`Instances.1.Uuid`). Both signatures are recomputed independently from
//! the request as received (the project's Alibaba reference, §5 and §6:
//! flattened names are what get sorted and signed).

mod common;

use cloud_sdk_runtime::de::lenient;
use cloud_sdk_runtime::operation::{
    ActionInfo, HttpMethod, ParamInfo, ParamLocation, ParamStyle, ServiceInfo, SigningAlgorithm,
};
use cloud_sdk_runtime::{Client, Credentials, InvalidRequest, Operation, Proxy};
use common::ops::{Code, ALIBABA_DTS};
use common::{
    verify_acs3, verify_rpc_v2, CountingRandom, RecordingSleep, Reply, Server, TickingClock,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

const ID: &str = "LTAItestAccessKeyId";
const SECRET: &str = "ali-Very-S3cret-Secret";

#[derive(Debug, Clone, Serialize)]
struct Instance {
    #[serde(rename = "Uuid")]
    uuid: String,
    #[serde(rename = "Ip")]
    ip: String,
}

/// A request shaped like the generated ones for these styles.
#[derive(Debug, Clone, Serialize)]
struct DescribeThings {
    #[serde(rename = "AgentIds")]
    agent_ids: Vec<i64>,
    #[serde(rename = "Names")]
    names: Vec<String>,
    #[serde(rename = "Instances")]
    instances: Vec<Instance>,
}

#[derive(Debug, Clone, Deserialize)]
struct Output {
    #[serde(rename = "RequestId", default, deserialize_with = "lenient")]
    request_id: String,
}

static PARAMS: &[ParamInfo] = &[
    ParamInfo {
        name: "AgentIds",
        location: ParamLocation::Query,
        style: ParamStyle::Simple,
    },
    ParamInfo {
        name: "Names",
        location: ParamLocation::Body,
        style: ParamStyle::Simple,
    },
    ParamInfo {
        name: "Instances",
        location: ParamLocation::Query,
        style: ParamStyle::RepeatList,
    },
];

static DESCRIBE: ActionInfo = ActionInfo {
    name: "DescribeThings",
    method: HttpMethod::Post,
    rate_limit: None,
    idempotency_token: None,
    params: PARAMS,
    path: None,
};

impl Operation for DescribeThings {
    type Output = Output;
    type ErrorCode = Code;
    const SERVICE: &'static ServiceInfo = &ALIBABA_DTS;
    const ACTION: &'static ActionInfo = &DESCRIBE;

    fn validate(&self) -> Result<(), InvalidRequest> {
        Ok(())
    }
}

fn request() -> DescribeThings {
    DescribeThings {
        agent_ids: vec![111, 222, 333],
        names: vec!["a b".into(), "c,d".into()],
        instances: vec![
            Instance {
                uuid: "u-1".into(),
                ip: "10.0.0.1".into(),
            },
            Instance {
                uuid: "u-2".into(),
                ip: "10.0.0.2".into(),
            },
        ],
    }
}

#[tokio::test]
async fn simple_and_flat_lists_are_written_and_signed() {
    for algorithm in [SigningAlgorithm::Acs3, SigningAlgorithm::RpcV2] {
        let server = Server::always(Reply::json(200, json!({"RequestId": "req-1"}))).await;
        let client = Client::builder()
            .credentials(Credentials::new(ID, SECRET))
            .endpoint(server.url())
            .proxy(Proxy::None)
            .region("cn-hangzhou")
            .clock(TickingClock::starting_at(1_700_000_000))
            .random(CountingRandom::with_jitter(0.5))
            .sleep(RecordingSleep::new())
            .signing_algorithm(algorithm)
            .build()
            .unwrap();
        let output = client.send(request()).await.unwrap();
        assert_eq!(output.request_id, "req-1");

        let recorded = &server.requests()[0];
        let query = recorded.query_params();
        assert_eq!(query["AgentIds"], "111,222,333", "{algorithm:?}");
        assert_eq!(query["Instances.1.Uuid"], "u-1");
        assert_eq!(query["Instances.1.Ip"], "10.0.0.1");
        assert_eq!(query["Instances.2.Uuid"], "u-2");
        assert_eq!(query["Instances.2.Ip"], "10.0.0.2");
        assert!(!query.contains_key("Instances"), "{query:?}");
        // The comma is percent-encoded on the wire, as in what is signed.
        assert!(
            recorded.query.contains("AgentIds=111%2C222%2C333"),
            "{}",
            recorded.query
        );
        let form = common::decode_form(std::str::from_utf8(&recorded.body).unwrap());
        assert_eq!(form.len(), 1, "{form:?}");
        assert_eq!(form["Names"], "a b,c,d", "{algorithm:?}");
        match algorithm {
            SigningAlgorithm::Acs3 => {
                verify_acs3(recorded, ID, SECRET);
            }
            _ => {
                verify_rpc_v2(recorded, SECRET);
            }
        }
    }
}
