//! Which host a call goes to.
//!
//! The service's [`Endpoints`] list a default host, a regional pattern, an
//! international host, finance-zone hosts and per-region exceptions. The
//! client picks one by its [`EndpointKind`] and region, or takes a full
//! override URL (`https://dts.example.internal`, `http://127.0.0.1:8080`).
//!
//! | kind | Tencent | Alibaba |
//! |---|---|---|
//! | [`Auto`](EndpointKind::Auto) (default) | default host (the region only fills `X-TC-Region`) | the region's host (exception table, else pattern), else the default host |
//! | [`Global`](EndpointKind::Global) | default host | default host |
//! | [`Regional`](EndpointKind::Regional) | pattern with the region | exception table, else pattern |
//! | [`International`](EndpointKind::International) | international host | international host |
//! | [`Finance`](EndpointKind::Finance) | the finance zone's host | the finance zone's host |
//!
//! Finance zones are isolated from ordinary ones, so a finance host is only
//! used when asked for ([`EndpointKind::Finance`] or an override), and a
//! finance region paired with any other known host of the service is
//! rejected instead of failing later at the server. A region is a finance
//! region when the service lists it, or by name (Tencent `*-fsi`, Alibaba
//! `*-finance*`).

use std::fmt;

use reqwest::Url;

use crate::error::ConfigError;
use crate::operation::{Endpoints, Provider, ServiceInfo};

/// How the client chooses a host when no endpoint override is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum EndpointKind {
    /// The provider's convention (see the module table).
    #[default]
    Auto,
    /// The service's default host.
    Global,
    /// The region's host; needs a region.
    Regional,
    /// The international-site host.
    International,
    /// The finance zone's host; needs a finance region.
    Finance,
}

/// Where requests go: the URL to connect to and the `Host` value to sign.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct ResolvedEndpoint {
    /// `scheme://host[:port]/`.
    pub url: Url,
    /// `host[:port]` exactly as the HTTP client sends it in `Host`.
    pub host: String,
}

impl fmt::Debug for ResolvedEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.url.as_str())
    }
}

impl ResolvedEndpoint {
    fn https(host: &str) -> Result<Self, ConfigError> {
        parse_override(&format!("https://{host}"))
    }
}

/// Parses and checks an endpoint override: `http` or `https`, a host, no
/// credentials, query, fragment or path other than `/`. A bare host means
/// `https`.
pub(crate) fn parse_override(endpoint: &str) -> Result<ResolvedEndpoint, ConfigError> {
    if endpoint.contains('@') {
        // Never echo what may be a password.
        return Err(ConfigError::new(
            "endpoint must not contain user information".to_owned(),
        ));
    }
    let text = endpoint.trim();
    let with_scheme;
    let text = if text.contains("://") {
        text
    } else {
        with_scheme = format!("https://{text}");
        &with_scheme
    };
    let url = Url::parse(text)
        .map_err(|e| ConfigError::new(format!("endpoint {endpoint:?} is not a valid URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(ConfigError::new(format!(
            "endpoint {endpoint:?} must use http or https"
        )));
    }
    let Some(host) = url.host_str().filter(|h| !h.is_empty()) else {
        return Err(ConfigError::new(format!(
            "endpoint {endpoint:?} has no host"
        )));
    };
    if url.query().is_some() || url.fragment().is_some() || !matches!(url.path(), "" | "/") {
        return Err(ConfigError::new(format!(
            "endpoint {endpoint:?} must not have a path, query or fragment (the APIs are served at /)"
        )));
    }
    let host = match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    };
    let mut url = url;
    url.set_path("/");
    Ok(ResolvedEndpoint { url, host })
}

/// Endpoint settings of a client.
#[derive(Debug, Clone, Default)]
pub(crate) struct EndpointConfig {
    pub region: Option<String>,
    pub kind: EndpointKind,
    pub override_url: Option<ResolvedEndpoint>,
}

fn lookup<'a>(table: &'a [(&'static str, &'static str)], region: &str) -> Option<&'a str> {
    table.iter().find(|(r, _)| *r == region).map(|(_, h)| *h)
}

fn pattern(endpoints: &Endpoints, region: &str) -> Option<String> {
    endpoints
        .regional
        .map(|pattern| pattern.replace("{region}", region))
}

/// Whether `region` is a finance zone for `service`.
fn is_finance_region(service: &ServiceInfo, region: &str) -> bool {
    lookup(service.endpoints.finance, region).is_some()
        || match service.provider {
            Provider::Tencent => region.ends_with("-fsi"),
            Provider::Alibaba => region.contains("-finance"),
        }
}

/// The finance host of `region`: listed, else the regional pattern.
fn finance_host(service: &ServiceInfo, region: &str) -> Option<String> {
    lookup(service.endpoints.finance, region)
        .map(str::to_owned)
        .or_else(|| pattern(&service.endpoints, region))
}

/// Whether `host` is one of the service's public, non-finance hosts.
fn is_known_public_host(service: &ServiceInfo, host: &str) -> bool {
    let endpoints = &service.endpoints;
    if host == endpoints.default || Some(host) == endpoints.international {
        return true;
    }
    if endpoints
        .regions
        .iter()
        .any(|(r, h)| *h == host && !is_finance_region(service, r))
    {
        return true;
    }
    if let Some((prefix, suffix)) = endpoints.regional.and_then(|p| p.split_once("{region}")) {
        if let Some(region) = host
            .strip_prefix(prefix)
            .and_then(|rest| rest.strip_suffix(suffix))
        {
            return !region.is_empty() && !is_finance_region(service, region);
        }
    }
    false
}

/// Chooses the endpoint of a call to `service`.
pub(crate) fn resolve(
    service: &ServiceInfo,
    config: &EndpointConfig,
) -> Result<ResolvedEndpoint, ConfigError> {
    let region = config.region.as_deref();
    let finance_region = region.filter(|r| is_finance_region(service, r));

    if let Some(endpoint) = &config.override_url {
        if let Some(region) = finance_region {
            let host = endpoint.url.host_str().unwrap_or_default();
            if Some(host) != finance_host(service, region).as_deref()
                && is_known_public_host(service, host)
            {
                return Err(finance_mismatch(service, region, host));
            }
        }
        return Ok(endpoint.clone());
    }

    let endpoints = &service.endpoints;
    let needs_region = |kind: &str| {
        ConfigError::new(format!(
            "the {kind} endpoint of {} needs a region; set one with ClientBuilder::region",
            service.service
        ))
    };
    let host: String = match config.kind {
        EndpointKind::Global => endpoints.default.to_owned(),
        EndpointKind::Auto => match (service.provider, region) {
            (Provider::Alibaba, Some(region)) => lookup(endpoints.regions, region)
                .map(str::to_owned)
                .or_else(|| pattern(endpoints, region))
                .unwrap_or_else(|| endpoints.default.to_owned()),
            _ => endpoints.default.to_owned(),
        },
        EndpointKind::Regional => {
            let region = region.ok_or_else(|| needs_region("regional"))?;
            lookup(endpoints.regions, region)
                .map(str::to_owned)
                .or_else(|| pattern(endpoints, region))
                .ok_or_else(|| {
                    ConfigError::new(format!(
                        "{} declares no regional host for {region}; set an endpoint instead",
                        service.service
                    ))
                })?
        }
        EndpointKind::International => {
            endpoints.international.map(str::to_owned).ok_or_else(|| {
                ConfigError::new(format!(
                    "{} declares no international host; set an endpoint instead",
                    service.service
                ))
            })?
        }
        EndpointKind::Finance => {
            let region = region.ok_or_else(|| needs_region("finance"))?;
            if finance_region.is_none() {
                return Err(ConfigError::new(format!(
                    "region {region} is not a finance zone of {}",
                    service.service
                )));
            }
            finance_host(service, region).ok_or_else(|| {
                ConfigError::new(format!(
                    "{} declares no host for finance zone {region}; set an endpoint instead",
                    service.service
                ))
            })?
        }
    };
    if let Some(region) = finance_region {
        if Some(host.as_str()) != finance_host(service, region).as_deref() {
            return Err(finance_mismatch(service, region, &host));
        }
    }
    ResolvedEndpoint::https(&host)
}

fn finance_mismatch(service: &ServiceInfo, region: &str, host: &str) -> ConfigError {
    let hint = match finance_host(service, region) {
        Some(finance) => format!("use EndpointKind::Finance (host {finance}) or set that endpoint"),
        None => "set the finance zone's endpoint".to_owned(),
    };
    ConfigError::new(format!(
        "region {region} is a finance zone, which {host} does not serve; {hint}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::operation::SigningAlgorithm;

    const TENCENT: ServiceInfo = ServiceInfo {
        provider: Provider::Tencent,
        service: "dts",
        version: "2021-12-06",
        signing: &[SigningAlgorithm::Tc3],
        endpoints: Endpoints {
            default: "dts.tencentcloudapi.com",
            regional: Some("dts.{region}.tencentcloudapi.com"),
            international: Some("dts.intl.tencentcloudapi.com"),
            finance: &[
                ("ap-shanghai-fsi", "dts.ap-shanghai-fsi.tencentcloudapi.com"),
                ("ap-shenzhen-fsi", "dts.ap-shenzhen-fsi.tencentcloudapi.com"),
            ],
            regions: &[],
        },
    };

    const ALIBABA: ServiceInfo = ServiceInfo {
        provider: Provider::Alibaba,
        service: "Dts",
        version: "2020-01-01",
        signing: &[SigningAlgorithm::Acs3, SigningAlgorithm::RpcV2],
        endpoints: Endpoints {
            default: "dts.aliyuncs.com",
            regional: Some("dts.{region}.aliyuncs.com"),
            international: None,
            finance: &[("cn-hangzhou-finance", "dts.cn-hangzhou.aliyuncs.com")],
            regions: &[
                ("cn-chengdu", "dts.aliyuncs.com"),
                ("cn-hangzhou-finance", "dts.cn-hangzhou.aliyuncs.com"),
            ],
        },
    };

    fn config(region: Option<&str>, kind: EndpointKind, endpoint: Option<&str>) -> EndpointConfig {
        EndpointConfig {
            region: region.map(str::to_owned),
            kind,
            override_url: endpoint.map(|e| parse_override(e).unwrap()),
        }
    }

    fn host(service: &ServiceInfo, c: EndpointConfig) -> Result<String, String> {
        resolve(service, &c)
            .map(|e| e.url.to_string())
            .map_err(|e| e.to_string())
    }

    #[test]
    fn tencent_hosts() {
        let t = &TENCENT;
        let auto = EndpointKind::Auto;
        assert_eq!(
            host(t, config(None, auto, None)).unwrap(),
            "https://dts.tencentcloudapi.com/"
        );
        assert_eq!(
            host(t, config(Some("ap-guangzhou"), auto, None)).unwrap(),
            "https://dts.tencentcloudapi.com/"
        );
        assert_eq!(
            host(
                t,
                config(Some("ap-guangzhou"), EndpointKind::Regional, None)
            )
            .unwrap(),
            "https://dts.ap-guangzhou.tencentcloudapi.com/"
        );
        assert_eq!(
            host(t, config(None, EndpointKind::International, None)).unwrap(),
            "https://dts.intl.tencentcloudapi.com/"
        );
        assert_eq!(
            host(
                t,
                config(Some("ap-shanghai-fsi"), EndpointKind::Finance, None)
            )
            .unwrap(),
            "https://dts.ap-shanghai-fsi.tencentcloudapi.com/"
        );
        assert!(host(t, config(Some("ap-guangzhou"), EndpointKind::Finance, None)).is_err());
        assert!(host(t, config(None, EndpointKind::Regional, None)).is_err());
    }

    #[test]
    fn finance_region_with_public_host_is_rejected() {
        let t = &TENCENT;
        let error = host(t, config(Some("ap-shenzhen-fsi"), EndpointKind::Auto, None)).unwrap_err();
        assert!(error.contains("finance zone"), "{error}");
        assert!(
            error.contains("dts.ap-shenzhen-fsi.tencentcloudapi.com"),
            "{error}"
        );
        // By name, even when the service does not list it.
        assert!(host(
            t,
            config(Some("ap-beijing-fsi"), EndpointKind::Global, None)
        )
        .is_err());
        assert!(host(
            t,
            config(
                Some("ap-shenzhen-fsi"),
                EndpointKind::Auto,
                Some("dts.ap-guangzhou.tencentcloudapi.com")
            )
        )
        .is_err());
        // The finance host itself and unknown hosts (proxies, tests) pass.
        assert!(host(
            t,
            config(
                Some("ap-shenzhen-fsi"),
                EndpointKind::Auto,
                Some("dts.ap-shenzhen-fsi.tencentcloudapi.com")
            )
        )
        .is_ok());
        assert_eq!(
            host(
                t,
                config(
                    Some("ap-shenzhen-fsi"),
                    EndpointKind::Auto,
                    Some("http://127.0.0.1:8080")
                )
            )
            .unwrap(),
            "http://127.0.0.1:8080/"
        );
    }

    #[test]
    fn alibaba_hosts() {
        let a = &ALIBABA;
        let auto = EndpointKind::Auto;
        assert_eq!(
            host(a, config(None, auto, None)).unwrap(),
            "https://dts.aliyuncs.com/"
        );
        assert_eq!(
            host(a, config(Some("cn-hangzhou"), auto, None)).unwrap(),
            "https://dts.cn-hangzhou.aliyuncs.com/"
        );
        assert_eq!(
            host(a, config(Some("cn-chengdu"), auto, None)).unwrap(),
            "https://dts.aliyuncs.com/"
        );
        // Finance Hangzhou is served by the listed host, which Auto finds.
        assert_eq!(
            host(a, config(Some("cn-hangzhou-finance"), auto, None)).unwrap(),
            "https://dts.cn-hangzhou.aliyuncs.com/"
        );
        assert!(host(
            a,
            config(Some("cn-hangzhou-finance"), EndpointKind::Global, None)
        )
        .is_err());
        assert_eq!(
            host(a, config(Some("cn-shanghai-finance-1"), auto, None)).unwrap(),
            "https://dts.cn-shanghai-finance-1.aliyuncs.com/"
        );
        assert!(host(a, config(None, EndpointKind::International, None)).is_err());
    }

    #[test]
    fn overrides() {
        let e = parse_override("http://127.0.0.1:8080").unwrap();
        assert_eq!(e.host, "127.0.0.1:8080");
        assert_eq!(e.url.as_str(), "http://127.0.0.1:8080/");
        let e = parse_override("dts.example.com").unwrap();
        assert_eq!(e.url.as_str(), "https://dts.example.com/");
        assert_eq!(e.host, "dts.example.com");
        assert_eq!(parse_override("https://h:443/").unwrap().host, "h");
        assert_eq!(parse_override("http://[::1]:9/").unwrap().host, "[::1]:9");
        assert!(parse_override("ftp://h").is_err());
        assert!(parse_override("https://h/path").is_err());
        assert!(parse_override("https://h/?a=b").is_err());
        assert!(parse_override("https://user:pw@h/").is_err());
        assert!(parse_override("").is_err());
    }
}
