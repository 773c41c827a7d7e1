//! TLS settings of the network transport: extra root certificates (a
//! company proxy or a private endpoint), whether the built-in web roots are
//! trusted, and the lowest TLS version accepted.

/// The lowest TLS version the client negotiates. rustls speaks only
/// TLS 1.2 and 1.3, so 1.2 is the default floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum TlsVersion {
    /// TLS 1.2 (the default).
    #[default]
    Tls12,
    /// TLS 1.3 only.
    Tls13,
}

/// TLS settings, part of what decides whether two clients can share a
/// connection pool (see [`ClientBuilder`](crate::ClientBuilder)).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TlsSettings {
    /// PEM files whose certificates are trusted as roots, besides (or,
    /// without `built_in_roots`, instead of) the built-in ones.
    pub extra_roots_pem: Vec<Vec<u8>>,
    /// Trust the built-in Mozilla roots (webpki-roots).
    pub built_in_roots: bool,
    pub min_version: TlsVersion,
}

impl Default for TlsSettings {
    fn default() -> Self {
        Self {
            extra_roots_pem: Vec::new(),
            built_in_roots: true,
            min_version: TlsVersion::Tls12,
        }
    }
}

impl TlsSettings {
    /// Applies the settings to a reqwest builder; the error names the PEM
    /// file by its position (its content is not secret, but long).
    pub(crate) fn apply(
        &self,
        mut builder: reqwest::ClientBuilder,
    ) -> Result<reqwest::ClientBuilder, String> {
        for (index, pem) in self.extra_roots_pem.iter().enumerate() {
            let certificates = reqwest::Certificate::from_pem_bundle(pem)
                .ok()
                .filter(|found| !found.is_empty())
                .ok_or_else(|| {
                    format!(
                        "root certificate file {} holds no PEM certificate",
                        index + 1
                    )
                })?;
            for certificate in certificates {
                builder = builder.add_root_certificate(certificate);
            }
        }
        let min_version = match self.min_version {
            TlsVersion::Tls12 => reqwest::tls::Version::TLS_1_2,
            TlsVersion::Tls13 => reqwest::tls::Version::TLS_1_3,
        };
        Ok(builder
            .tls_built_in_root_certs(self.built_in_roots)
            .min_tls_version(min_version))
    }
}
