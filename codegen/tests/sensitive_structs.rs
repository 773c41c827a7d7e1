//! A sensitive member whose type is a generated structure or enumeration
//! (Tencent marks whole objects sensitive, e.g. STS credentials): the
//! generated `Debug` hides it whole, showing only whether an optional one is
//! set, and never asks the runtime's `Redact` of a type that has none (which
//! did not compile in 28 Tencent services). `compile_sample.rs` compiles
//! such services; this test pins what the `Debug` prints.

use std::path::Path;

use cloud_sdk_codegen::{generate, load_str};
use serde_json::json;

#[test]
fn sensitive_structures_are_redacted_whole() {
    let spec = json!({
        "format": 1,
        "provider": "tencent",
        "service": "demo",
        "version": "2020-01-01",
        "signing": ["tc3"],
        "endpoints": { "default": "demo.tencentcloudapi.com" },
        "actions": [{
            "name": "GetToken",
            "input": [
                { "name": "Policy", "type": "Policy", "required": true, "sensitive": true },
                { "name": "Extra", "type": "Policy", "sensitive": true },
                { "name": "Secret", "type": "string", "sensitive": true },
                { "name": "Name", "type": "string" }
            ],
            "output": [
                { "name": "Credentials", "type": "Credentials", "sensitive": true },
                { "name": "RequestId", "type": "string", "required": true }
            ]
        }],
        "types": [
            { "name": "Policy", "members": [{ "name": "Text", "type": "string" }] },
            { "name": "Credentials", "members": [{ "name": "Expiry", "type": "string" }] }
        ]
    });
    let service = load_str(Path::new("tencent-demo-2020-01-01.json"), &spec.to_string())
        .unwrap_or_else(|e| panic!("{e}"));
    let files = generate(&[service], |_| true).unwrap_or_else(|e| panic!("{e}"));
    let code: String = files.iter().map(|f| f.contents.as_str()).collect();
    let squashed: String = code.split_whitespace().collect();
    let has = |text: &str| {
        let text: String = text.split_whitespace().collect();
        squashed.contains(&text)
    };
    // Required structure: the marker; optional ones: `None` or the marker
    // in `Some`; scalars keep the runtime's redaction.
    assert!(
        has(r#".field("policy", &::cloud_sdk_runtime::__private::REDACTED"#),
        "{code}"
    );
    assert!(has(
        r#".field("extra", &self.extra.as_ref().map(|_| ::cloud_sdk_runtime::__private::REDACTED)"#
    ));
    assert!(has(
        r#".field("credentials", &self.credentials.as_ref().map(|_| ::cloud_sdk_runtime::__private::REDACTED)"#
    ));
    assert!(has(
        r#".field("secret", &::cloud_sdk_runtime::__private::redacted(&self.secret)"#
    ));
    assert!(!has("redacted(&self.policy)") && !has("redacted(&self.credentials)"));
    assert!(has(r#".field("name", &self.name"#));
}
