//! Variant names of an action's error-code enumeration.
//!
//! A vendor code is a dotted path of a category and a detail
//! (`ResourceNotFound.JobNotExist`). Its variant name is the upper camel
//! case of all its words (`ResourceNotFoundJobNotExist`), with three rules:
//!
//! 1. **No stutter.** A segment that starts with the words of the segment
//!    before it drops them (`InvalidParameter.InvalidParameterValue` →
//!    `InvalidParameterValue`); a segment left with nothing, or only with
//!    `Error`, is dropped (`ResourceNotFound.ResourceNotFoundError` →
//!    `ResourceNotFound`).
//! 2. **A leading digit** gets `Code` before it (`403.Forbidden` →
//!    `Code403Forbidden`).
//! 3. **No collisions.** Codes whose names collide first fall back to the
//!    full name without rule 1. Codes that still collide differ only in
//!    punctuation or case (`BIZ.GET.TOPIC.STATUS.ERROR` and
//!    `BIZ_GET_TOPIC_STATUS_ERROR`): in the spec's order the first keeps
//!    the name and the others get `2`, `3`, ... (`BizGetTopicStatusError2`).
//!
//! What cannot be resolved is a problem for the validator: a code listed
//! twice, a code that makes no identifier, and a code named like a variant
//! the enumeration reserves (`Other`, `Unknown`).

use std::collections::BTreeSet;

use crate::spec::file::Provider;

use super::reserved::RESERVED_VARIANTS;
use super::words::{capitalise, words};

/// Tencent Cloud API 3.0 common error codes: any action of any service may
/// return them. The generated code carries them in the runtime's
/// `TencentCommonError` (through each error-code enum's `Common` variant),
/// so specs never list them; the same list, in the same order, is
/// `cloud_sdk_runtime::TencentCommonError::VALUES` (a test checks it).
pub const TENCENT_COMMON_CODES: &[&str] = &[
    "ActionOffline",
    "AuthFailure.InvalidAuthorization",
    "AuthFailure.InvalidSecretId",
    "AuthFailure.MFAFailure",
    "AuthFailure.SecretIdNotFound",
    "AuthFailure.SignatureExpire",
    "AuthFailure.SignatureFailure",
    "AuthFailure.TokenFailure",
    "AuthFailure.UnauthorizedOperation",
    "DryRunOperation",
    "FailedOperation",
    "InternalError",
    "InvalidAction",
    "InvalidParameter",
    "InvalidParameterValue",
    "InvalidRequest",
    "IpInBlacklist",
    "IpNotInWhitelist",
    "LimitExceeded",
    "MissingParameter",
    "NoSuchProduct",
    "NoSuchVersion",
    "RequestLimitExceeded",
    "RequestLimitExceeded.GlobalRegionUinLimitExceeded",
    "RequestLimitExceeded.IPLimitExceeded",
    "RequestLimitExceeded.UinLimitExceeded",
    "RequestSizeLimitExceeded",
    "ResourceInUse",
    "ResourceInsufficient",
    "ResourceNotFound",
    "ResourceUnavailable",
    "ResponseSizeLimitExceeded",
    "ServiceUnavailable",
    "UnauthorizedOperation",
    "UnknownParameter",
    "UnsupportedOperation",
    "UnsupportedProtocol",
    "UnsupportedRegion",
];

/// Alibaba Cloud API gateway error codes, common to every product; the
/// runtime's `AlibabaCommonError` (`cloud_sdk_runtime::AlibabaCommonError::VALUES`).
pub const ALIBABA_COMMON_CODES: &[&str] = &[
    "IncompleteSignature",
    "SignatureDoesNotMatch",
    "SignatureNonceUsed",
    "InvalidAccessKeyId.NotFound",
    "InvalidAccessKeyId.Inactive",
    "InvalidTimeStamp.Expired",
    "InvalidTimeStamp.Format",
    "InvalidSecurityToken.Expired",
    "InvalidSecurityToken.Malformed",
    "InvalidSecurityToken.MismatchWithAccessKey",
    "InvalidAction.NotFound",
    "InvalidProtocol.NeedSsl",
    "UnsupportedHTTPMethod",
    "Forbidden.RAM",
    "Throttling",
    "Throttling.User",
    "Throttling.Api",
    "ServiceUnavailable",
    "InternalError",
];

/// The common codes of `provider`: never listed in a spec, always carried.
pub fn common_codes(provider: Provider) -> &'static [&'static str] {
    match provider {
        Provider::Tencent => TENCENT_COMMON_CODES,
        Provider::Alibaba => ALIBABA_COMMON_CODES,
    }
}

/// Why a code has no variant name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariantProblem {
    /// The same code appears earlier, at this index.
    Duplicate(usize),
    /// The code has no letters or digits.
    NotAnIdentifier,
    /// The code's name is a variant the enumeration reserves.
    Reserved(String),
}

/// The variant name of every code, in order, or why it has none.
pub fn error_variants(codes: &[&str]) -> Vec<Result<String, VariantProblem>> {
    let mut result: Vec<Result<String, VariantProblem>> = Vec::with_capacity(codes.len());
    let mut candidates: Vec<Option<(String, String)>> = Vec::with_capacity(codes.len());
    for (i, code) in codes.iter().enumerate() {
        let candidate = if let Some(first) = codes[..i].iter().position(|c| c == code) {
            Err(VariantProblem::Duplicate(first))
        } else if words(code).is_empty() {
            Err(VariantProblem::NotAnIdentifier)
        } else {
            let full = variant_name(code, false);
            if RESERVED_VARIANTS.contains(&full.as_str()) {
                Err(VariantProblem::Reserved(full))
            } else {
                Ok((variant_name(code, true), full))
            }
        };
        candidates.push(candidate.clone().ok());
        result.push(candidate.map(|(short, _)| short));
    }
    // Rule 3, first step: a colliding short name falls back to the full one.
    let shorts: Vec<String> = result.iter().filter_map(|r| r.clone().ok()).collect();
    for (slot, candidate) in result.iter_mut().zip(&candidates) {
        if let (Ok(name), Some((short, full))) = (slot.as_mut(), candidate) {
            if shorts.iter().filter(|n| *n == short).count() > 1 {
                name.clone_from(full);
            }
        }
    }
    // Second step: number what still collides, in spec order.
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let all: Vec<String> = result.iter().filter_map(|r| r.clone().ok()).collect();
    for name in result.iter_mut().filter_map(|r| r.as_mut().ok()) {
        if taken.contains(name.as_str()) {
            let numbered = (2..)
                .map(|n| format!("{name}{n}"))
                .find(|c| !taken.contains(c) && !all.contains(c))
                .unwrap_or_default();
            *name = numbered;
        }
        taken.insert(name.clone());
    }
    result
}

/// The name of one code, with or without rule 1.
fn variant_name(code: &str, drop_stutter: bool) -> String {
    let mut kept: Vec<&str> = Vec::new();
    let mut previous: Vec<String> = Vec::new();
    for segment in code.split('.') {
        let segment_words = words(segment);
        let lower: Vec<String> = segment_words
            .iter()
            .map(|w| w.to_ascii_lowercase())
            .collect();
        let mut rest = &segment_words[..];
        if drop_stutter && !previous.is_empty() && lower.starts_with(&previous) {
            rest = &segment_words[previous.len()..];
            if rest.len() == 1 && rest[0].eq_ignore_ascii_case("error") {
                rest = &[];
            }
        }
        kept.extend(rest);
        if !segment_words.is_empty() {
            previous = lower;
        }
    }
    let mut name: String = kept.iter().map(|w| capitalise(w)).collect();
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, "Code");
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(codes: &[&str]) -> Vec<String> {
        error_variants(codes)
            .into_iter()
            .map(|r| r.unwrap_or_else(|e| format!("{e:?}")))
            .collect()
    }

    /// One code alone → its variant.
    const SINGLE: &[(&str, &str)] = &[
        (
            "ResourceNotFound.JobNotExist",
            "ResourceNotFoundJobNotExist",
        ),
        ("ResourceNotFound.ResourceNotFoundError", "ResourceNotFound"),
        ("AuthFailure.AuthFailureError", "AuthFailure"),
        ("InternalError.InternalErrorError", "InternalError"),
        (
            "InvalidParameter.InvalidParameterValue",
            "InvalidParameterValue",
        ),
        ("FailedOperation.Error", "FailedOperationError"),
        ("InternalError", "InternalError"),
        ("LimitExceeded.LimitExceeded", "LimitExceeded"),
        (
            "InvalidParameterValue.DtsIDs",
            "InvalidParameterValueDtsIds",
        ),
        ("Forbidden.RAM", "ForbiddenRam"),
        ("403", "Code403"),
        ("403.Forbidden", "Code403Forbidden"),
        ("BIZ.GET.TOPIC.STATUS.ERROR", "BizGetTopicStatusError"),
        ("Dts.Job.NotFound", "DtsJobNotFound"),
        ("InvalidJobId.Malformed", "InvalidJobIdMalformed"),
    ];

    #[test]
    fn single_codes() {
        for (code, expected) in SINGLE {
            assert_eq!(names(&[code]), [*expected], "{code}");
        }
    }

    #[test]
    fn collisions_are_resolved_in_order() {
        assert_eq!(
            names(&["BIZ.GET.TOPIC.STATUS.ERROR", "BIZ_GET_TOPIC_STATUS_ERROR"]),
            ["BizGetTopicStatusError", "BizGetTopicStatusError2"]
        );
        // The stutter-free name would collide with a plain category code:
        // both keep their full name.
        assert_eq!(
            names(&["ResourceNotFound", "ResourceNotFound.ResourceNotFoundError"]),
            ["ResourceNotFound", "ResourceNotFoundResourceNotFoundError"]
        );
        // Numbering skips a name another code has.
        assert_eq!(
            names(&["Job.Id", "Job_Id", "JobId2"]),
            ["JobId", "JobId3", "JobId2"]
        );
    }

    #[test]
    fn unresolvable_codes_are_problems() {
        assert_eq!(
            error_variants(&["A.B", "A.B"])[1],
            Err(VariantProblem::Duplicate(0))
        );
        assert_eq!(
            error_variants(&["..."])[0],
            Err(VariantProblem::NotAnIdentifier)
        );
        assert_eq!(
            error_variants(&["Other"])[0],
            Err(VariantProblem::Reserved("Other".into()))
        );
        assert_eq!(
            error_variants(&["UNKNOWN"])[0],
            Err(VariantProblem::Reserved("Unknown".into()))
        );
    }
}
