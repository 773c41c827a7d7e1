//! `--dry-run`: the signed request as text, with every secret replaced by
//! `<redacted>`: the signature (and so what the signing key produced),
//! session tokens, and the request's sensitive members wherever they
//! travel (JSON body, query string, form body, JSON-valued parameters, and
//! for ROA actions headers and path segments).

use std::fmt::Write as _;

use dts_sdk::runtime::operation::ActionInfo;
use dts_sdk::runtime::transport::HttpRequest;
use serde_json::Value;

const REDACTED: &str = "<redacted>";

/// Headers whose whole value is secret.
const SECRET_HEADERS: &[&str] = &["x-tc-token", "x-acs-security-token"];

/// Query or form parameters of the signers that are secret (Tencent v1
/// `Signature` / `Token`, Alibaba V2 `Signature` / `SecurityToken`).
const SECRET_PARAMS: &[&str] = &["Signature", "Token", "SecurityToken"];

/// `METHOD URL`, the headers, a blank line and the body of a request of
/// `action`, whose members named in `sensitive` are secret.
pub(crate) fn show(request: &HttpRequest, action: &ActionInfo, sensitive: &[&str]) -> String {
    let mut out = String::new();
    let url = redact_url(request.url(), action.path, sensitive);
    let _ = writeln!(out, "{} {url}", request.method());
    let mut form = false;
    for (name, value) in request.headers() {
        let value = redact_header(name, value, sensitive);
        form |= name == "content-type" && value.starts_with("application/x-www-form-urlencoded");
        let _ = writeln!(out, "{name}: {value}");
    }
    let body = String::from_utf8_lossy(request.body());
    if !body.is_empty() {
        out.push('\n');
        if form {
            out.push_str(&redact_params(&body, sensitive));
        } else {
            match serde_json::from_str::<Value>(&body) {
                Ok(mut json) => {
                    redact_json(&mut json, sensitive);
                    out.push_str(&json.to_string());
                }
                // Neither form nor JSON: the secrets cannot be found in it.
                Err(_) => {
                    let _ = write!(out, "{REDACTED} ({} bytes)", body.len());
                }
            }
        }
        out.push('\n');
    }
    out
}

/// The URL with secret query parameters and, for an ROA action with path
/// template `template`, the path segments of sensitive members redacted.
fn redact_url(url: &str, template: Option<&str>, sensitive: &[&str]) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let mut out = redact_path(base, template, sensitive);
    if let Some(query) = query {
        out.push('?');
        out.push_str(&redact_params(query, sensitive));
    }
    out
}

/// `https://host/clusters/secret/x` with template `/clusters/{Token}/x`
/// and `Token` sensitive → `https://host/clusters/<redacted>/x`. Each member
/// is one segment (its value is percent-encoded as one), so the template's
/// segments line up with the path's.
fn redact_path(base: &str, template: Option<&str>, sensitive: &[&str]) -> String {
    let Some(template) = template else {
        return base.to_owned();
    };
    let template = template.split('?').next().unwrap_or_default();
    let secret: Vec<bool> = template
        .split('/')
        .map(|segment| {
            sensitive
                .iter()
                .any(|name| segment.contains(&format!("{{{name}}}")))
        })
        .collect();
    if !secret.contains(&true) {
        return base.to_owned();
    }
    // The path starts at the first `/` after the scheme's `//`.
    let path_start = base
        .find("//")
        .and_then(|at| base[at + 2..].find('/').map(|p| at + 2 + p))
        .unwrap_or(base.len());
    let (origin, path) = base.split_at(path_start);
    let path = path
        .split('/')
        .enumerate()
        .map(|(i, segment)| match secret.get(i) {
            Some(true) => REDACTED,
            _ => segment,
        })
        .collect::<Vec<_>>()
        .join("/");
    format!("{origin}{path}")
}

/// A header's value as printed: signatures, tokens and the headers of
/// sensitive members (ROA sends header members under their wire names)
/// redacted.
fn redact_header(name: &str, value: &str, sensitive: &[&str]) -> String {
    if SECRET_HEADERS.contains(&name) || sensitive.iter().any(|s| s.eq_ignore_ascii_case(name)) {
        REDACTED.to_owned()
    } else if name == "authorization" {
        redact_signature(value)
    } else {
        value.to_owned()
    }
}

/// `... Signature=abc` → `... Signature=<redacted>`; the credential scope
/// and signed headers stay (they hold the key id, which is not secret).
fn redact_signature(value: &str) -> String {
    match value.find("Signature=") {
        Some(at) => format!("{}Signature={REDACTED}", &value[..at]),
        // An unknown scheme: hide all of it.
        None => REDACTED.to_owned(),
    }
}

/// `a=1&Password=x&DstInfo.Password=y` with secret values replaced. A
/// parameter is secret when its name or one of its dotted parts
/// (`DstInfo.1.Password`) is; JSON-valued parameters are redacted inside.
fn redact_params(encoded: &str, sensitive: &[&str]) -> String {
    encoded
        .split('&')
        .map(|pair| {
            let Some((name, value)) = pair.split_once('=') else {
                return pair.to_owned();
            };
            let decoded_name = percent_decode(name);
            // Members may be named with dots themselves (Alibaba
            // `SourceEndpoint.Password`), or flattened into dotted names.
            let secret = SECRET_PARAMS.contains(&decoded_name.as_str())
                || sensitive.contains(&decoded_name.as_str())
                || decoded_name
                    .split('.')
                    .any(|part| sensitive.contains(&part));
            if secret {
                return format!("{name}={REDACTED}");
            }
            match serde_json::from_str::<Value>(&percent_decode(value)) {
                Ok(mut json @ (Value::Object(_) | Value::Array(_))) => {
                    if redact_json(&mut json, sensitive) {
                        format!("{name}={json}")
                    } else {
                        pair.to_owned()
                    }
                }
                _ => pair.to_owned(),
            }
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Replaces the values of sensitive keys at any depth; says whether any was.
fn redact_json(value: &mut Value, sensitive: &[&str]) -> bool {
    let mut changed = false;
    match value {
        Value::Object(object) => {
            for (key, member) in object.iter_mut() {
                if sensitive.contains(&key.as_str()) {
                    *member = Value::String(REDACTED.to_owned());
                    changed = true;
                } else {
                    changed |= redact_json(member, sensitive);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                changed |= redact_json(item, sensitive);
            }
        }
        _ => {}
    }
    changed
}

/// `%41+b` → `A b` (form encoding).
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(&text.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_redacted_by_name_dotted_part_and_inside_json() {
        let sensitive = &["SourceEndpoint.Password", "Password"];
        assert_eq!(
            redact_params(
                "A=1&SourceEndpoint.Password=p1&DstInfo.2.Password=p2&Signature=s&Token=t",
                sensitive
            ),
            "A=1&SourceEndpoint.Password=<redacted>&DstInfo.2.Password=<redacted>\
             &Signature=<redacted>&Token=<redacted>"
        );
        assert_eq!(
            redact_params("Db=%7B%22Password%22%3A%22p3%22%7D&B=%7B%7D", sensitive),
            r#"Db={"Password":"<redacted>"}&B=%7B%7D"#
        );
    }

    #[test]
    fn roa_path_segments_and_headers_of_sensitive_members_are_redacted() {
        let sensitive = &["Token", "x-acs-db-password"];
        assert_eq!(
            redact_url(
                "https://cs.aliyuncs.com/clusters/c1/tokens/s%2Fcr3t?Name=a&Token=t",
                Some("/clusters/{ClusterId}/tokens/{Token}"),
                sensitive
            ),
            "https://cs.aliyuncs.com/clusters/c1/tokens/<redacted>?Name=a&Token=<redacted>"
        );
        // No sensitive member in the template: the path is left alone.
        assert_eq!(
            redact_url(
                "https://cs.aliyuncs.com/clusters/c1",
                Some("/clusters/{ClusterId}"),
                sensitive
            ),
            "https://cs.aliyuncs.com/clusters/c1"
        );
        assert_eq!(redact_header("x-acs-db-password", "p", sensitive), REDACTED);
        assert_eq!(redact_header("X-Acs-Db-Password", "p", sensitive), REDACTED);
        assert_eq!(redact_header("x-tc-token", "t", sensitive), REDACTED);
        assert_eq!(
            redact_header("content-type", "application/json", sensitive),
            "application/json"
        );
    }

    #[test]
    fn only_the_signature_of_an_authorization_header_is_hidden() {
        assert_eq!(
            redact_signature("TC3-HMAC-SHA256 Credential=AKID/d/dts/tc3_request, SignedHeaders=content-type;host, Signature=abc123"),
            "TC3-HMAC-SHA256 Credential=AKID/d/dts/tc3_request, SignedHeaders=content-type;host, Signature=<redacted>"
        );
        assert_eq!(redact_signature("Basic dXNlcjpwYXNz"), REDACTED);
    }
}
