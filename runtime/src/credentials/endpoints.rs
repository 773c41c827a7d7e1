//! Endpoint overrides for the credential sources the default chain and the
//! profile files set up.

use crate::transport::Proxy;

/// Base URLs of the metadata services and STS endpoints, for the providers
/// that [`DefaultChain`](super::DefaultChain) and
/// [`ProfileProvider`](super::ProfileProvider) build. Unset ones come from
/// the environment variables below, else the vendors' defaults.
///
/// | endpoint | variable | default |
/// |---|---|---|
/// | Tencent metadata | `TENCENTCLOUD_METADATA_ENDPOINT` | `http://metadata.tencentyun.com` |
/// | Tencent STS | `TENCENTCLOUD_STS_ENDPOINT` | `https://sts.tencentcloudapi.com` |
/// | Alibaba metadata | `ALIBABA_CLOUD_ECS_METADATA_ENDPOINT` | `http://100.100.100.200` |
/// | Alibaba STS | `ALIBABA_CLOUD_STS_ENDPOINT` | `sts[-vpc].$ALIBABA_CLOUD_STS_REGION.aliyuncs.com`, else `sts.aliyuncs.com` |
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CredentialEndpoints {
    pub(crate) tencent_metadata: Option<String>,
    pub(crate) tencent_sts: Option<String>,
    pub(crate) alibaba_metadata: Option<String>,
    pub(crate) alibaba_sts: Option<String>,
    pub(crate) sts_proxy: Option<Proxy>,
}

impl CredentialEndpoints {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// The Tencent CVM metadata service, e.g. `http://127.0.0.1:8080`.
    pub fn tencent_metadata(mut self, url: impl Into<String>) -> Self {
        self.tencent_metadata = Some(url.into());
        self
    }

    /// Tencent STS (AssumeRole, TKE OIDC).
    pub fn tencent_sts(mut self, url: impl Into<String>) -> Self {
        self.tencent_sts = Some(url.into());
        self
    }

    /// The Alibaba ECS metadata service.
    pub fn alibaba_metadata(mut self, url: impl Into<String>) -> Self {
        self.alibaba_metadata = Some(url.into());
        self
    }

    /// Alibaba STS (RamRoleArn, OIDC).
    pub fn alibaba_sts(mut self, url: impl Into<String>) -> Self {
        self.alibaba_sts = Some(url.into());
        self
    }

    /// The proxy for STS requests (metadata requests never use one).
    /// Default: the client's proxy setting, else the system's.
    pub fn sts_proxy(mut self, proxy: Proxy) -> Self {
        self.sts_proxy = Some(proxy);
        self
    }

    /// `proxy` for STS unless one was set.
    pub(crate) fn or_sts_proxy(mut self, proxy: Proxy) -> Self {
        self.sts_proxy.get_or_insert(proxy);
        self
    }

    pub(crate) fn proxy(&self) -> Proxy {
        self.sts_proxy.clone().unwrap_or_default()
    }
}
