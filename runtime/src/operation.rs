//! The contract between generated code and the runtime.
//!
//! Generated crates describe each service version with one [`ServiceInfo`] and
//! each action with one [`ActionInfo`], both `static`; every request type
//! implements [`Operation`]. The runtime needs nothing else to sign, send,
//! retry and decode a call, which keeps the generated code small (it is what
//! every user compiles).

use std::fmt;

/// Cloud provider, which fixes the wire protocol and the response envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Provider {
    /// Tencent Cloud API 3.0: JSON body, `{"Response": ...}` envelope.
    Tencent,
    /// Alibaba Cloud RPC: query and form parameters, flat JSON response.
    Alibaba,
}

/// A request signature algorithm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SigningAlgorithm {
    /// Tencent TC3-HMAC-SHA256.
    Tc3,
    /// Tencent signature v1 over flattened parameters.
    TencentV1,
    /// Alibaba ACS3-HMAC-SHA256.
    Acs3,
    /// Alibaba RPC signature V2 (HMAC-SHA1).
    RpcV2,
    /// Alibaba ROA signature 1.0, the older one (HMAC-SHA1,
    /// `Authorization: acs <id>:<signature>`); ROA actions only.
    RoaV1,
}

/// Hosts of one service version, as the spec declares them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Endpoints {
    /// Host used when nothing else applies.
    pub default: &'static str,
    /// Regional host pattern with a `{region}` placeholder.
    pub regional: Option<&'static str>,
    /// International-site host.
    pub international: Option<&'static str>,
    /// Finance-zone region id and host, sorted by region id.
    pub finance: &'static [(&'static str, &'static str)],
    /// Region id and host where the pattern does not apply, sorted by region id.
    pub regions: &'static [(&'static str, &'static str)],
}

/// Static description of a service version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceInfo {
    /// Provider of the service.
    pub provider: Provider,
    /// Tencent signing service and host label (`dts`); Alibaba product code (`Dts`).
    pub service: &'static str,
    /// API version, e.g. `2021-12-06`.
    pub version: &'static str,
    /// Accepted signature algorithms; the first is the default.
    pub signing: &'static [SigningAlgorithm],
    /// Hosts.
    pub endpoints: Endpoints,
}

/// HTTP method of a call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum HttpMethod {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT (Alibaba ROA).
    Put,
    /// DELETE (Alibaba ROA).
    Delete,
    /// PATCH (Alibaba ROA).
    Patch,
}

/// Static description of one action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionInfo {
    /// Wire name of the action.
    pub name: &'static str,
    /// HTTP method (Tencent TC3 calls are always POST).
    pub method: HttpMethod,
    /// Documented limit in requests per second, if any.
    pub rate_limit: Option<u32>,
    /// Wire name of the member that carries an idempotency token, if any.
    pub idempotency_token: Option<&'static str>,
    /// Placement of RPC parameters (Alibaba). Members not listed are scalars
    /// in the query string. Empty for Tencent.
    pub params: &'static [ParamInfo],
    /// Alibaba ROA: the path template, e.g. `/clusters/{ClusterId}`, whose
    /// `{Name}` are the `Path` parameters. `None` for RPC and Tencent
    /// actions, which are sent to `/`.
    pub path: Option<&'static str>,
}

/// Where and how one non-default RPC parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParamInfo {
    /// Wire name of the top-level member.
    pub name: &'static str,
    /// Query string or form body.
    pub location: ParamLocation,
    /// How a list or object is flattened.
    pub style: ParamStyle,
}

/// Where an RPC parameter travels.
///
/// `Body` is the metadata's `in: formData`, which the official SDKs send
/// as a form for RPC APIs under both signatures (`req_body_type =
/// 'formData'` for every DTS action); all 39 body parameters of DTS
/// 2020-01-01 are `formData`. The metadata's `in: body` is different: one
/// JSON object (RAI `ContentAsyncDetect` has `{"name": "body", "in":
/// "body"}`), sent under ACS3 as `application/json` (`req_body_type =
/// 'json'`) but flattened into the form under V2. DTS has none; ROA
/// actions send it as `Payload`, RPC actions have no location for it.
/// `Path`, `Header` and `Payload` are for ROA actions only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamLocation {
    /// URL query string.
    Query,
    /// `application/x-www-form-urlencoded` body (metadata `in: formData`).
    Body,
    /// Alibaba ROA: a segment of the path template, percent-encoded.
    Path,
    /// Alibaba ROA: an HTTP header of the same name.
    Header,
    /// Alibaba ROA: the whole request body, as JSON (`application/json`).
    Payload,
}

/// How an RPC parameter is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// A scalar, written as is.
    Scalar,
    /// `Name.1=a`, `Tag.1.Key=k`: 1-based, recursive.
    RepeatList,
    /// `Name.Field=v`, recursive.
    Flat,
    /// One parameter holding compact JSON.
    Json,
    /// A list of scalars in one parameter, joined with commas (`a,b,c`).
    Simple,
}

/// A documented error code of an action, generated as an enum that keeps
/// codes it does not know.
pub trait ErrorCode: for<'a> From<&'a str> + fmt::Debug + Clone + Send + Sync + 'static {
    /// The code exactly as the service sent it.
    fn as_str(&self) -> &str;
}

/// A request type of a generated client.
///
/// `Serialize` gives the members under their wire names; absent optional
/// members are skipped.
pub trait Operation: serde::Serialize + Send + Sync + 'static {
    /// Typed response.
    type Output: serde::de::DeserializeOwned + Send + 'static;
    /// Documented error codes of the action.
    type ErrorCode: ErrorCode;
    /// The service version the action belongs to.
    const SERVICE: &'static ServiceInfo;
    /// The action itself.
    const ACTION: &'static ActionInfo;
    /// Wire names of the request's sensitive members, nested ones included
    /// (`Password`, `AdminPassword`): their values are redacted from
    /// service messages and error excerpts that echo the request.
    const SENSITIVE: &'static [&'static str] = &[];

    /// Checks what the types cannot express (required members of large
    /// requests, ranges, lengths) before anything is sent.
    fn validate(&self) -> Result<(), InvalidRequest>;
}

/// A request that cannot be sent as it is: every problem found, not just
/// the first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidRequest {
    /// Wire name of the action.
    pub action: &'static str,
    /// What is wrong, in the order of the request's members; never empty.
    pub problems: Vec<Problem>,
}

/// One thing wrong with a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Path of the offending member in wire names, e.g.
    /// `MigrateOption.DatabaseTable.Tables[2].TableName`.
    pub member: String,
    /// What is wrong, without the member's value (it may be secret).
    pub reason: String,
}

impl InvalidRequest {
    /// An error with one problem, about `member` of `action`.
    pub fn new(action: &'static str, member: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            action,
            problems: vec![Problem {
                member: member.into(),
                reason: reason.into(),
            }],
        }
    }

    /// The same error with `parent.` put in front of every member path, for
    /// errors found in nested structures.
    pub fn within(mut self, parent: &str) -> Self {
        for problem in &mut self.problems {
            problem.member = format!("{parent}.{}", problem.member);
        }
        self
    }

    /// The member paths of the problems, in order.
    pub fn members(&self) -> impl Iterator<Item = &str> {
        self.problems.iter().map(|p| p.member.as_str())
    }
}

impl fmt::Display for InvalidRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} request: ", self.action)?;
        for (i, problem) in self.problems.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "`{}` {}", problem.member, problem.reason)?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidRequest {}

/// Single-problem validation helpers for hand-written [`Operation`]s
/// (generated code collects every problem through `__private::Problems`).
pub mod check {
    use super::InvalidRequest;

    /// Fails when a required member was left out.
    pub fn required<T>(
        action: &'static str,
        member: &str,
        value: &Option<T>,
    ) -> Result<(), InvalidRequest> {
        match value {
            Some(_) => Ok(()),
            None => Err(InvalidRequest::new(action, member, "is required")),
        }
    }

    /// Fails when a number lies outside `[min, max]`.
    pub fn range(
        action: &'static str,
        member: &str,
        value: f64,
        min: Option<f64>,
        max: Option<f64>,
    ) -> Result<(), InvalidRequest> {
        let below = min.is_some_and(|min| value < min);
        let above = max.is_some_and(|max| value > max);
        if !(below || above) {
            return Ok(());
        }
        let bounds = match (min, max) {
            (Some(min), Some(max)) => format!("between {min} and {max}"),
            (Some(min), None) => format!("at least {min}"),
            (None, _) => format!("at most {}", max.unwrap_or_default()),
        };
        Err(InvalidRequest::new(
            action,
            member,
            format!("must be {bounds}"),
        ))
    }

    /// Fails when a string has more than `max` characters.
    pub fn max_length(
        action: &'static str,
        member: &str,
        value: &str,
        max: usize,
    ) -> Result<(), InvalidRequest> {
        let length = value.chars().count();
        if length <= max {
            return Ok(());
        }
        Err(InvalidRequest::new(
            action,
            member,
            format!("must have at most {max} characters, has {length}"),
        ))
    }

    /// Fails when a list has more than `max` items.
    pub fn max_items<T>(
        action: &'static str,
        member: &str,
        value: &[T],
        max: usize,
    ) -> Result<(), InvalidRequest> {
        if value.len() <= max {
            return Ok(());
        }
        Err(InvalidRequest::new(
            action,
            member,
            format!("must have at most {max} items, has {}", value.len()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_request_lists_every_problem_with_its_path() {
        let mut error =
            InvalidRequest::new("CreateMigrateJob", "Port", "is required").within("SrcInfo");
        error.problems.push(Problem {
            member: "Tags[1].TagKey".into(),
            reason: "must have at most 3 characters, has 4".into(),
        });
        assert_eq!(
            error.to_string(),
            "invalid CreateMigrateJob request: `SrcInfo.Port` is required; \
             `Tags[1].TagKey` must have at most 3 characters, has 4"
        );
        assert_eq!(
            error.members().collect::<Vec<_>>(),
            ["SrcInfo.Port", "Tags[1].TagKey"]
        );
    }
}
