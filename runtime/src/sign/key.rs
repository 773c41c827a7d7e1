//! Borrowed credentials handed to a signer.

use std::fmt;

/// A key id and its secret, borrowed for the duration of one signing call.
///
/// Tencent calls the pair SecretId/SecretKey, Alibaba AccessKeyId/AccessKeySecret.
/// `Debug` prints the id and redacts the secret.
#[derive(Clone, Copy)]
pub struct AccessKey<'a> {
    /// The public key id (`SecretId` / `AccessKeyId`); it appears in requests.
    pub id: &'a str,
    /// The secret (`SecretKey` / `AccessKeySecret`); it never leaves the signer.
    pub secret: &'a str,
}

impl fmt::Debug for AccessKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccessKey")
            .field("id", &self.id)
            .field("secret", &crate::redact::REDACTED)
            .finish()
    }
}
