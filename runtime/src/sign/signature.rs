//! The result of the signatures sent in an `Authorization` header.

/// A TC3, ACS3 or ROA signature and the `Authorization` header value
/// carrying it.
///
/// Neither is secret: the signature is a MAC, sent in the clear.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    signature: String,
    authorization: String,
}

impl Signature {
    pub(crate) fn new(signature: String, authorization: String) -> Self {
        Self {
            signature,
            authorization,
        }
    }

    /// The signature: lowercase hex (TC3, ACS3) or Base64 (older ROA).
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// The `Authorization` header value.
    pub fn authorization(&self) -> &str {
        &self.authorization
    }

    /// The `Authorization` header value, by value.
    pub fn into_authorization(self) -> String {
        self.authorization
    }
}
