//! `--dry-run`: the signed request as text, with every secret replaced by
//! `<redacted>`: the signature (and so what the signing key produced),
//! session tokens, and the request's sensitive members wherever they
//! travel (JSON body, query string, form body, JSON-valued parameters).

use std::fmt::Write as _;

use dts_sdk::runtime::transport::HttpRequest;
use serde_json::Value;

const REDACTED: &str = "<redacted>";

/// Headers whose whole value is secret.
const SECRET_HEADERS: &[&str] = &["x-tc-token", "x-acs-security-token"];

/// Query or form parameters of the signers that are secret (Tencent v1
/// `Signature` / `Token`, Alibaba V2 `Signature` / `SecurityToken`).
const SECRET_PARAMS: &[&str] = &["Signature", "Token", "SecurityToken"];

/// `METHOD URL`, the headers, a blank line and the body.
pub(crate) fn show(request: &HttpRequest, sensitive: &[&str]) -> String {
    let mut out = String::new();
    let url = match request.query() {
        Some(query) => {
            let base = request.url().split('?').next().unwrap_or_default();
            format!("{base}?{}", redact_params(query, sensitive))
        }
        None => request.url().to_owned(),
    };
    let _ = writeln!(out, "{} {url}", request.method());
    let mut form = false;
    for (name, value) in request.headers() {
        let value = if SECRET_HEADERS.contains(&name) {
            REDACTED.to_owned()
        } else if name == "authorization" {
            redact_signature(value)
        } else {
            value.to_owned()
        };
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
    fn only_the_signature_of_an_authorization_header_is_hidden() {
        assert_eq!(
            redact_signature("TC3-HMAC-SHA256 Credential=AKID/d/dts/tc3_request, SignedHeaders=content-type;host, Signature=abc123"),
            "TC3-HMAC-SHA256 Credential=AKID/d/dts/tc3_request, SignedHeaders=content-type;host, Signature=<redacted>"
        );
        assert_eq!(redact_signature("Basic dXNlcjpwYXNz"), REDACTED);
    }
}
