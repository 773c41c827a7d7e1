//! The request path of an Alibaba Cloud ROA ("RESTful") API, from its
//! template.
//!
//! ```text
//! path = template with each {Name} replaced by encode(value of Name)
//! ```
//!
//! `encode` is RFC 3986 over UTF-8 ([`crate::sign::encode::percent_encode`]),
//! so a `/`, a space or a `*` in a value is escaped and cannot change the
//! route. The result is what is sent and what both ROA signatures sign as is,
//! with no second encoding:
//!
//! * ACS3 ([`crate::sign::acs3`]): it is the `CanonicalURI`; pass it as
//!   [`Acs3Request::path`](crate::sign::acs3::Acs3Request::path).
//! * the older ROA signature ([`crate::sign::roa_v1`]): it starts the
//!   canonicalized resource.

use super::encode::push_percent_encoded;
use super::{check, SignError};

/// Expands `template` (e.g. `/clusters/{ClusterId}/nodepools`) with the raw
/// path-parameter values in `params`, named as in the template.
///
/// Errors, naming the parameter but never its value: a template that is not
/// absolute, has an unbalanced or empty `{}`, or has literal text that is
/// not percent-encoded; a parameter without a value, given twice or not in
/// the template; an empty value, or `.` or `..` (an empty or dot segment
/// would send the request to another path).
pub fn expand_path<K: AsRef<str>, V: AsRef<str>>(
    template: &str,
    params: &[(K, V)],
) -> Result<String, SignError> {
    if !template.starts_with('/') {
        return Err(SignError::InvalidPathTemplate("it must start with '/'"));
    }
    let names: Vec<&str> = params.iter().map(|(name, _)| name.as_ref()).collect();
    for (i, name) in names.iter().enumerate() {
        if names[..i].contains(name) {
            return Err(parameter(name, "is given twice"));
        }
    }

    let mut used = vec![false; params.len()];
    let mut path = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        let (literal, tail) = rest.split_at(open);
        path.push_str(literal);
        if tail.starts_with('}') {
            return Err(SignError::InvalidPathTemplate("'}' without '{'"));
        }
        let close = tail
            .find('}')
            .ok_or(SignError::InvalidPathTemplate("'{' without '}'"))?;
        let name = &tail[1..close];
        if name.is_empty() || name.contains('{') {
            return Err(SignError::InvalidPathTemplate(
                "'{' must be followed by a name and '}'",
            ));
        }
        let i = names
            .iter()
            .position(|n| *n == name)
            .ok_or_else(|| parameter(name, "has no value"))?;
        let value = params[i].1.as_ref();
        if value.is_empty() {
            return Err(parameter(name, "is empty"));
        }
        if value == "." || value == ".." {
            return Err(parameter(name, "is '.' or '..', which HTTP clients remove"));
        }
        push_percent_encoded(&mut path, value);
        used[i] = true;
        rest = &tail[close + 1..];
    }
    path.push_str(rest);
    if let Some(i) = used.iter().position(|used| !used) {
        return Err(parameter(names[i], "is not in the path template"));
    }
    // Values are encoded now, so this checks the template's literal text
    // (and dot segments that values and literals make together).
    check::encoded_path(&path)?;
    Ok(path)
}

fn parameter(name: &str, reason: &'static str) -> SignError {
    // Keep the error small even for a hostile name.
    let name: String = name.chars().take(64).collect();
    SignError::InvalidPathParameter { name, reason }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each value is one segment's worth of RFC 3986 escapes, whatever it
    /// holds; literal text stays. Expected strings are written out by hand.
    #[test]
    fn values_are_encoded_per_segment() {
        let params = [("ClusterId", "c-1"), ("AddonName", "a b/c*~问")];
        assert_eq!(
            expand_path(
                "/clusters/{ClusterId}/components/{AddonName}/instance",
                &params
            ),
            Ok("/clusters/c-1/components/a%20b%2Fc%2A~%E9%97%AE/instance".to_owned())
        );
        assert_eq!(
            expand_path::<&str, &str>("/api/v1/clusters", &[]),
            Ok("/api/v1/clusters".to_owned())
        );
        assert_eq!(
            expand_path("/x/{A}.json/{A}", &[("A", "%2E")]),
            Ok("/x/%252E.json/%252E".to_owned())
        );
    }

    #[test]
    fn bad_templates_and_parameters_are_errors() {
        let one = [("Id", "c-1")];
        let template = |reason| Err(SignError::InvalidPathTemplate(reason));
        let param = |name: &str, reason| {
            Err(SignError::InvalidPathParameter {
                name: name.to_owned(),
                reason,
            })
        };
        assert_eq!(
            expand_path("clusters/{Id}", &one),
            template("it must start with '/'")
        );
        assert_eq!(expand_path("/c/{Id", &one), template("'{' without '}'"));
        assert_eq!(expand_path("/c/Id}", &one), template("'}' without '{'"));
        let empty = template("'{' must be followed by a name and '}'");
        assert_eq!(expand_path("/c/{}/{Id}", &one), empty);
        assert_eq!(expand_path("/c/{{Id}", &one), empty);
        assert_eq!(
            expand_path("/c/{Other}", &one),
            param("Other", "has no value")
        );
        assert_eq!(
            expand_path("/c", &one),
            param("Id", "is not in the path template")
        );
        assert_eq!(
            expand_path("/c/{Id}", &[("Id", "a"), ("Id", "b")]),
            param("Id", "is given twice")
        );
        assert_eq!(
            expand_path("/c/{Id}", &[("Id", "")]),
            param("Id", "is empty")
        );
        for dots in [".", ".."] {
            assert_eq!(
                expand_path("/c/{Id}/x", &[("Id", dots)]),
                param("Id", "is '.' or '..', which HTTP clients remove")
            );
        }
        assert!(matches!(
            expand_path("/c lusters/{Id}", &one),
            Err(SignError::UnencodedPath { at: 2, .. })
        ));
        // A dot segment in the template itself.
        assert!(matches!(
            expand_path("/c/../{Id}", &one),
            Err(SignError::UnencodedPath { at: 3, .. })
        ));
    }
}
