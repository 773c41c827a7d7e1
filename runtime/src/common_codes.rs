//! Error codes every action of a provider can return, whatever the service.
//!
//! Tencent Cloud API 3.0 and Alibaba Cloud's API gateway answer signature,
//! throttling, permission and parameter problems with the same codes for
//! every product. They live here, once per provider, instead of being
//! repeated in every action's generated error-code enum: each of those has a
//! `Common` variant holding one of these, so `match` reaches the common codes
//! of any action the same way.
//!
//! The codes are the vendors' facts (Tencent: the "common error codes" table
//! of every API 3.0 product reference; Alibaba: the gateway error codes of
//! its OpenAPI documentation); the descriptions are ours. The code generator
//! keeps its own copy of the lists to leave these codes out of the specs;
//! `tests/tests/generated_code.rs` checks that the two agree.

use std::fmt;

/// Declares one provider's enum with its code and docs table.
macro_rules! common_codes {
    (
        $(#[$meta:meta])*
        $name:ident { $( $(#[doc = $doc:literal])+ $variant:ident = $code:literal, )+ }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[doc = $doc])+ #[doc = concat!("\n\nCode `", $code, "`.")] $variant, )+
        }

        impl $name {
            /// Every code, in the vendor's documented order.
            pub const VALUES: &'static [&'static str] = &[$($code),+];

            /// The common code `code` stands for, if it is one (exact match).
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $( $code => Some(Self::$variant), )+
                    _ => None,
                }
            }

            /// The code as the service sends it.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $( Self::$variant => $code, )+
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

common_codes! {
    /// A Tencent Cloud API 3.0 error code that any action of any service may
    /// return (signature, throttling, permissions, malformed requests).
    TencentCommonError {
        /// The action has been withdrawn by the vendor.
        ActionOffline = "ActionOffline",
        /// The `Authorization` header is not in the TC3 format.
        AuthFailureInvalidAuthorization = "AuthFailure.InvalidAuthorization",
        /// The secret id is not an API key.
        AuthFailureInvalidSecretId = "AuthFailure.InvalidSecretId",
        /// Multi-factor authentication failed.
        AuthFailureMfaFailure = "AuthFailure.MFAFailure",
        /// No API key has this secret id (deleted, disabled or mistyped).
        AuthFailureSecretIdNotFound = "AuthFailure.SecretIdNotFound",
        /// The request timestamp is too far from the server clock.
        AuthFailureSignatureExpire = "AuthFailure.SignatureExpire",
        /// The signature does not match; check the secret key and signing.
        AuthFailureSignatureFailure = "AuthFailure.SignatureFailure",
        /// The session token is invalid or expired.
        AuthFailureTokenFailure = "AuthFailure.TokenFailure",
        /// The caller's CAM policies do not allow this action.
        AuthFailureUnauthorizedOperation = "AuthFailure.UnauthorizedOperation",
        /// A dry run that would have succeeded.
        DryRunOperation = "DryRunOperation",
        /// The operation failed.
        FailedOperation = "FailedOperation",
        /// The service failed internally; retrying may help.
        InternalError = "InternalError",
        /// No action has this name in this version.
        InvalidAction = "InvalidAction",
        /// A parameter is malformed or of the wrong type.
        InvalidParameter = "InvalidParameter",
        /// A parameter's value is not allowed.
        InvalidParameterValue = "InvalidParameterValue",
        /// A multipart request body is malformed.
        InvalidRequest = "InvalidRequest",
        /// The caller's IP address is blocked.
        IpInBlacklist = "IpInBlacklist",
        /// The caller's IP address is not on the allow list.
        IpNotInWhitelist = "IpNotInWhitelist",
        /// A quota would be exceeded.
        LimitExceeded = "LimitExceeded",
        /// A required parameter is missing.
        MissingParameter = "MissingParameter",
        /// No product has this name.
        NoSuchProduct = "NoSuchProduct",
        /// The API version does not exist.
        NoSuchVersion = "NoSuchVersion",
        /// Too many requests; slow down and retry.
        RequestLimitExceeded = "RequestLimitExceeded",
        /// Too many requests from this account across regions.
        RequestLimitExceededGlobalRegionUinLimitExceeded = "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
        /// Too many requests from this IP address.
        RequestLimitExceededIpLimitExceeded = "RequestLimitExceeded.IPLimitExceeded",
        /// Too many requests from this account.
        RequestLimitExceededUinLimitExceeded = "RequestLimitExceeded.UinLimitExceeded",
        /// The request body is too large.
        RequestSizeLimitExceeded = "RequestSizeLimitExceeded",
        /// The resource is busy with another operation.
        ResourceInUse = "ResourceInUse",
        /// Not enough resources to complete the request.
        ResourceInsufficient = "ResourceInsufficient",
        /// The resource does not exist.
        ResourceNotFound = "ResourceNotFound",
        /// The resource cannot be used now.
        ResourceUnavailable = "ResourceUnavailable",
        /// The response would be too large; ask for less.
        ResponseSizeLimitExceeded = "ResponseSizeLimitExceeded",
        /// The service is temporarily unavailable; retry later.
        ServiceUnavailable = "ServiceUnavailable",
        /// The caller is not allowed to do this.
        UnauthorizedOperation = "UnauthorizedOperation",
        /// The request has a parameter the action does not know.
        UnknownParameter = "UnknownParameter",
        /// The operation is not supported.
        UnsupportedOperation = "UnsupportedOperation",
        /// The protocol is not supported (HTTPS is required).
        UnsupportedProtocol = "UnsupportedProtocol",
        /// The action is not offered in this region.
        UnsupportedRegion = "UnsupportedRegion",
    }
}

common_codes! {
    /// An Alibaba Cloud API gateway error code that any action of any
    /// product may return (signature, credentials, throttling, availability).
    AlibabaCommonError {
        /// The signature is missing parts.
        IncompleteSignature = "IncompleteSignature",
        /// The signature does not match; check the AccessKey secret and signing.
        SignatureDoesNotMatch = "SignatureDoesNotMatch",
        /// The signature nonce was already used; send a fresh one.
        SignatureNonceUsed = "SignatureNonceUsed",
        /// No AccessKey has this id.
        InvalidAccessKeyIdNotFound = "InvalidAccessKeyId.NotFound",
        /// The AccessKey is disabled.
        InvalidAccessKeyIdInactive = "InvalidAccessKeyId.Inactive",
        /// The request timestamp is too far from the server clock.
        InvalidTimeStampExpired = "InvalidTimeStamp.Expired",
        /// The request timestamp is not in the expected format.
        InvalidTimeStampFormat = "InvalidTimeStamp.Format",
        /// The STS security token has expired; fetch new credentials.
        InvalidSecurityTokenExpired = "InvalidSecurityToken.Expired",
        /// The STS security token is malformed.
        InvalidSecurityTokenMalformed = "InvalidSecurityToken.Malformed",
        /// The STS security token belongs to another AccessKey.
        InvalidSecurityTokenMismatchWithAccessKey = "InvalidSecurityToken.MismatchWithAccessKey",
        /// No action has this name in this version.
        InvalidActionNotFound = "InvalidAction.NotFound",
        /// HTTPS is required.
        InvalidProtocolNeedSsl = "InvalidProtocol.NeedSsl",
        /// The HTTP method is not accepted for this action.
        UnsupportedHttpMethod = "UnsupportedHTTPMethod",
        /// The caller's RAM policies do not allow this action.
        ForbiddenRam = "Forbidden.RAM",
        /// Too many requests; slow down and retry.
        Throttling = "Throttling",
        /// Too many requests from this account; slow down and retry.
        ThrottlingUser = "Throttling.User",
        /// Too many requests to this action; slow down and retry.
        ThrottlingApi = "Throttling.Api",
        /// The service is temporarily unavailable; retry later.
        ServiceUnavailable = "ServiceUnavailable",
        /// The service failed internally; retrying may help.
        InternalError = "InternalError",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_none() {
        for code in TencentCommonError::VALUES {
            assert_eq!(TencentCommonError::from_code(code).unwrap().as_str(), *code);
        }
        for code in AlibabaCommonError::VALUES {
            assert_eq!(AlibabaCommonError::from_code(code).unwrap().as_str(), *code);
        }
        assert_eq!(
            TencentCommonError::from_code("AuthFailure.SignatureFailure"),
            Some(TencentCommonError::AuthFailureSignatureFailure)
        );
        assert_eq!(
            TencentCommonError::from_code("authfailure.signaturefailure"),
            None
        );
        assert_eq!(
            TencentCommonError::from_code("ResourceNotFound.JobNotExist"),
            None
        );
        assert_eq!(
            AlibabaCommonError::from_code("Throttling.User")
                .unwrap()
                .to_string(),
            "Throttling.User"
        );
    }
}
