//! Hand-written operations, shaped like the generated ones.

// `new()` builds a sample request with test values, not a neutral default.
#![allow(clippy::new_without_default)]

use cloud_sdk_runtime::de::lenient;
use cloud_sdk_runtime::operation::{
    check, ActionInfo, Endpoints, HttpMethod, ParamInfo, ParamLocation, ParamStyle, Provider,
    ServiceInfo, SigningAlgorithm,
};
use cloud_sdk_runtime::{ErrorCode, InvalidRequest, Operation};
use serde::{Deserialize, Serialize};

/// A documented-codes enum like the generated ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Code {
    ResourceNotFound,
    RequestLimitExceeded,
    Other(String),
}

impl From<&str> for Code {
    fn from(code: &str) -> Self {
        match code {
            "ResourceNotFound" => Code::ResourceNotFound,
            "RequestLimitExceeded" => Code::RequestLimitExceeded,
            other => Code::Other(other.to_owned()),
        }
    }
}

impl ErrorCode for Code {
    fn as_str(&self) -> &str {
        match self {
            Code::ResourceNotFound => "ResourceNotFound",
            Code::RequestLimitExceeded => "RequestLimitExceeded",
            Code::Other(code) => code,
        }
    }
}

// ------------------------------------------------------------------ Tencent

pub static TENCENT_DTS: ServiceInfo = ServiceInfo {
    provider: Provider::Tencent,
    service: "dts",
    version: "2021-12-06",
    signing: &[SigningAlgorithm::Tc3, SigningAlgorithm::TencentV1],
    endpoints: Endpoints {
        default: "dts.tencentcloudapi.com",
        regional: Some("dts.{region}.tencentcloudapi.com"),
        international: Some("dts.intl.tencentcloudapi.com"),
        finance: &[("ap-shanghai-fsi", "dts.ap-shanghai-fsi.tencentcloudapi.com")],
        regions: &[],
    },
};

#[derive(Debug, Clone, Serialize)]
pub struct TagFilter {
    #[serde(rename = "TagKey")]
    pub key: String,
    #[serde(rename = "TagValue", skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<String>,
}

/// `DescribeMigrationJobs`, read-only; `GET = true` sends it as GET.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DescribeJobs<const GET: bool> {
    #[serde(rename = "JobId", skip_serializing_if = "Option::is_none")]
    pub job_id: Option<String>,
    #[serde(rename = "Limit", skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    #[serde(rename = "TagFilters", skip_serializing_if = "Vec::is_empty")]
    pub tag_filters: Vec<TagFilter>,
    #[serde(rename = "Note", skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Job {
    #[serde(rename = "JobId", default, deserialize_with = "lenient")]
    pub job_id: String,
    #[serde(rename = "Status", default, deserialize_with = "lenient")]
    pub status: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct DescribeJobsOutput {
    #[serde(rename = "TotalCount", default, deserialize_with = "lenient")]
    pub total_count: u64,
    #[serde(rename = "JobList", default, deserialize_with = "lenient_jobs")]
    pub jobs: Vec<Job>,
    #[serde(rename = "RequestId", default, deserialize_with = "lenient")]
    pub request_id: String,
}

fn lenient_jobs<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<Job>, D::Error> {
    Option::<Vec<Job>>::deserialize(d).map(Option::unwrap_or_default)
}

static DESCRIBE_POST: ActionInfo = ActionInfo {
    name: "DescribeMigrationJobs",
    method: HttpMethod::Post,
    rate_limit: Some(2),
    idempotency_token: None,
    params: &[],
    path: None,
};

static DESCRIBE_GET: ActionInfo = ActionInfo {
    method: HttpMethod::Get,
    ..DESCRIBE_POST
};

impl<const GET: bool> Operation for DescribeJobs<GET> {
    type Output = DescribeJobsOutput;
    type ErrorCode = Code;
    const SERVICE: &'static ServiceInfo = &TENCENT_DTS;
    const ACTION: &'static ActionInfo = if GET { &DESCRIBE_GET } else { &DESCRIBE_POST };

    fn validate(&self) -> Result<(), InvalidRequest> {
        if let Some(limit) = self.limit {
            check::range(
                Self::ACTION.name,
                "Limit",
                limit as f64,
                Some(1.0),
                Some(100.0),
            )?;
        }
        Ok(())
    }
}

/// `CreateMigrationService`: a write without an idempotency token.
#[derive(Debug, Clone, Serialize)]
pub struct CreateService {
    #[serde(rename = "SrcDatabaseType")]
    pub src_database_type: String,
    #[serde(rename = "DstDatabaseType")]
    pub dst_database_type: String,
    #[serde(rename = "Count", skip_serializing_if = "Option::is_none")]
    pub count: Option<u64>,
    #[serde(rename = "Tags", skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<TagFilter>,
}

impl CreateService {
    pub fn new() -> Self {
        Self {
            src_database_type: "mysql".into(),
            dst_database_type: "cynosdbmysql".into(),
            count: Some(1),
            tags: vec![TagFilter {
                key: "env".into(),
                values: vec!["prod".into(), "blue green".into()],
            }],
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct CreateServiceOutput {
    #[serde(rename = "JobIds", default, deserialize_with = "lenient")]
    pub job_ids: Vec<String>,
}

pub static CREATE: ActionInfo = ActionInfo {
    name: "CreateMigrationService",
    method: HttpMethod::Post,
    rate_limit: Some(20),
    idempotency_token: None,
    params: &[],
    path: None,
};

impl Operation for CreateService {
    type Output = CreateServiceOutput;
    type ErrorCode = Code;
    const SERVICE: &'static ServiceInfo = &TENCENT_DTS;
    const ACTION: &'static ActionInfo = &CREATE;

    fn validate(&self) -> Result<(), InvalidRequest> {
        if self.src_database_type.is_empty() {
            return Err(InvalidRequest::new(
                Self::ACTION.name,
                "SrcDatabaseType",
                "must not be empty",
            ));
        }
        Ok(())
    }
}

// ------------------------------------------------------------------ Alibaba

pub static ALIBABA_DTS: ServiceInfo = ServiceInfo {
    provider: Provider::Alibaba,
    service: "Dts",
    version: "2020-01-01",
    signing: &[SigningAlgorithm::Acs3, SigningAlgorithm::RpcV2],
    endpoints: Endpoints {
        default: "dts.aliyuncs.com",
        regional: Some("dts.{region}.aliyuncs.com"),
        international: None,
        finance: &[],
        regions: &[],
    },
};

#[derive(Debug, Clone, Serialize)]
pub struct Tag {
    #[serde(rename = "Key")]
    pub key: String,
    #[serde(rename = "Value")]
    pub value: String,
}

/// `ModifyDtsJob` with a json-style body parameter and a `ClientToken`.
#[derive(Debug, Clone, Serialize)]
pub struct ModifyDtsJob {
    #[serde(rename = "DtsInstanceId")]
    pub dts_instance_id: String,
    #[serde(rename = "ClientToken", skip_serializing_if = "Option::is_none")]
    pub client_token: Option<String>,
    #[serde(rename = "DataInitialization", skip_serializing_if = "Option::is_none")]
    pub data_initialization: Option<bool>,
    #[serde(rename = "DbList", skip_serializing_if = "Option::is_none")]
    pub db_list: Option<serde_json::Value>,
    #[serde(rename = "Reserved", skip_serializing_if = "Option::is_none")]
    pub reserved: Option<String>,
    #[serde(rename = "Tag", skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
}

impl ModifyDtsJob {
    pub fn new() -> Self {
        Self {
            dts_instance_id: "dtsi-1 *x".into(),
            client_token: None,
            data_initialization: Some(true),
            db_list: Some(serde_json::json!({"dtstest": {"name": "dtstest", "all": true}})),
            reserved: Some("{\"a\":\"b c\"}".into()),
            tags: vec![Tag {
                key: "env".into(),
                value: "prod".into(),
            }],
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ModifyDtsJobOutput {
    #[serde(rename = "DtsJobId", default, deserialize_with = "lenient")]
    pub dts_job_id: String,
    #[serde(rename = "Success", default, deserialize_with = "lenient")]
    pub success: bool,
    #[serde(rename = "RequestId", default, deserialize_with = "lenient")]
    pub request_id: String,
}

pub static MODIFY_PARAMS: &[ParamInfo] = &[
    ParamInfo {
        name: "DbList",
        location: ParamLocation::Body,
        style: ParamStyle::Json,
    },
    ParamInfo {
        name: "Reserved",
        location: ParamLocation::Body,
        style: ParamStyle::Scalar,
    },
    ParamInfo {
        name: "Tag",
        location: ParamLocation::Query,
        style: ParamStyle::RepeatList,
    },
];

pub static MODIFY: ActionInfo = ActionInfo {
    name: "ModifyDtsJob",
    method: HttpMethod::Post,
    rate_limit: None,
    idempotency_token: Some("ClientToken"),
    params: MODIFY_PARAMS,
    path: None,
};

impl Operation for ModifyDtsJob {
    type Output = ModifyDtsJobOutput;
    type ErrorCode = Code;
    const SERVICE: &'static ServiceInfo = &ALIBABA_DTS;
    const ACTION: &'static ActionInfo = &MODIFY;

    fn validate(&self) -> Result<(), InvalidRequest> {
        check::max_length(
            Self::ACTION.name,
            "ClientToken",
            self.client_token.as_deref().unwrap_or(""),
            64,
        )
    }
}

/// `StartDtsJob`: an Alibaba write without a token, all in the query.
#[derive(Debug, Clone, Serialize)]
pub struct StartDtsJob {
    #[serde(rename = "DtsJobId")]
    pub dts_job_id: String,
}

pub static START: ActionInfo = ActionInfo {
    name: "StartDtsJob",
    method: HttpMethod::Post,
    rate_limit: None,
    idempotency_token: None,
    params: &[],
    path: None,
};

#[derive(Debug, Clone, Deserialize)]
pub struct Empty {}

impl Operation for StartDtsJob {
    type Output = Empty;
    type ErrorCode = Code;
    const SERVICE: &'static ServiceInfo = &ALIBABA_DTS;
    const ACTION: &'static ActionInfo = &START;

    fn validate(&self) -> Result<(), InvalidRequest> {
        Ok(())
    }
}
