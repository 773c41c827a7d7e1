//! The rules of Alibaba ROA ("RESTful") actions, and the rules that keep
//! ROA keys out of RPC and Tencent specs.
//!
//! An ROA action has a path template and an explicit method; every
//! `{Name}` of the template is a required scalar input member with
//! `location: "path"`, and every such member appears in the template. At
//! most one member is the whole JSON body (`location: "payload"`), and a
//! GET carries no body. An output whose root is a list or a scalar is one
//! member flagged `root`.

use crate::diagnostics::Reporter;
use crate::spec::file::{self, HttpMethod, Location, Protocol, Provider, SpecFile};
use crate::spec::type_expr::Primitive;

use super::{Field, Struct, Ty};

/// Whether `spec` describes an ROA service.
pub(super) fn is_roa(spec: &SpecFile) -> bool {
    spec.protocol == Some(Protocol::Roa)
}

/// Checks the header keys: `protocol` is Alibaba's, ROA is signed with ACS3
/// or the older ROA signature, and that one signs nothing else.
pub(super) fn check_service(report: &mut Reporter, spec: &SpecFile) {
    if spec.protocol.is_some() && spec.provider != Provider::Alibaba {
        report.error(
            "$.protocol",
            "\"protocol\" applies only to Alibaba services",
            Some("remove \"protocol\"".into()),
        );
    }
    let roa = is_roa(spec);
    for (i, signing) in spec.signing.iter().enumerate() {
        match (roa, signing) {
            (true, file::Signing::Acs3 | file::Signing::RoaV1) => {}
            (true, _) => report.error(
                &format!("$.signing[{i}]"),
                format!("{signing:?} cannot sign ROA requests"),
                Some("ROA services list \"acs3\" and, optionally, \"roa-v1\"".into()),
            ),
            (false, file::Signing::RoaV1) if spec.provider == Provider::Alibaba => report.error(
                &format!("$.signing[{i}]"),
                "\"roa-v1\" signs only ROA services",
                Some("use \"acs3\" or \"rpc-v2\", or set \"protocol\": \"roa\"".into()),
            ),
            (false, _) => {}
        }
    }
}

/// Checks one action whose input and output are built; `path` is its JSON
/// path, e.g. `$.actions[3] (DeleteCluster)`.
pub(super) fn check_action(
    report: &mut Reporter,
    spec: &SpecFile,
    path: &str,
    action: &file::Action,
    input: &Struct,
    output: &Struct,
) {
    let roa = is_roa(spec);
    let roots: Vec<usize> = (0..output.fields.len())
        .filter(|&i| output.fields[i].root)
        .collect();
    if !roa {
        if action.path.is_some() {
            report.error(
                &format!("{path}.path"),
                "\"path\" applies only to ROA actions",
                Some("remove \"path\", or set \"protocol\": \"roa\" on the service".into()),
            );
        }
        if let Some(method @ (HttpMethod::Put | HttpMethod::Delete | HttpMethod::Patch)) =
            action.method
        {
            report.error(
                &format!("{path}.method"),
                format!("{method:?} is an ROA method; RPC actions use GET or POST"),
                None,
            );
        }
        for (i, field) in input.fields.iter().enumerate() {
            if let Some((Location::Path | Location::Header | Location::Payload, _)) =
                field.placement
            {
                report.error(
                    &format!("{path}.input[{i}].location"),
                    "\"path\", \"header\" and \"payload\" apply only to ROA actions",
                    Some("use \"query\" or \"body\"".into()),
                );
            }
        }
        for i in roots {
            report.error(
                &format!("{path}.output[{i}].root"),
                "\"root\" applies only to ROA outputs",
                Some("remove \"root\"".into()),
            );
        }
        return;
    }

    if action.method.is_none() {
        report.error(
            &format!("{path}.method"),
            "an ROA action needs its HTTP method",
            Some("add \"method\": GET, POST, PUT, DELETE or PATCH".into()),
        );
    }
    let mut template_ok = false;
    let names = match &action.path {
        None => {
            report.error(
                path,
                "an ROA action needs its path template",
                Some("add \"path\", e.g. \"/clusters/{ClusterId}\"".into()),
            );
            Vec::new()
        }
        Some(template) => match template_names(template) {
            Ok(names) => {
                template_ok = true;
                names
            }
            Err(reason) => {
                report.error(
                    &format!("{path}.path"),
                    format!("path template `{template}` {reason}"),
                    Some("write it as `/literal/{Member}/...`".into()),
                );
                Vec::new()
            }
        },
    };
    for name in &names {
        let member = input.fields.iter().find(|f| &f.wire == name);
        if !member.is_some_and(|f| matches!(f.placement, Some((Location::Path, _)))) {
            report.error(
                &format!("{path}.path"),
                format!("`{{{name}}}` has no input member with \"location\": \"path\""),
                Some(format!("declare `{name}` as a required path member")),
            );
        }
    }
    let mut payloads = 0;
    for (i, field) in input.fields.iter().enumerate() {
        let member_path = format!("{path}.input[{i}]");
        let Some((location, style)) = field.placement else {
            continue;
        };
        match location {
            Location::Path | Location::Header => {
                if template_ok && location == Location::Path && !names.contains(&field.wire) {
                    report.error(
                        &format!("{member_path}.location"),
                        format!("path member `{}` is not in the path template", field.wire),
                        Some(format!("add `{{{}}}` to \"path\"", field.wire)),
                    );
                }
                if location == Location::Path && !field.required {
                    report.error(
                        &format!("{member_path}.required"),
                        "a path member must be required",
                        Some("add \"required\": true".into()),
                    );
                }
                if !is_scalar(&field.ty) || style.is_some() {
                    report.error(
                        &format!("{member_path}.type"),
                        format!("a {location:?} member must be a scalar without a style"),
                        Some("use a string, number, boolean or enumeration".into()),
                    );
                }
            }
            Location::Payload => {
                payloads += 1;
                if payloads == 2 {
                    report.error(
                        &format!("{member_path}.location"),
                        "only one member can be the whole body",
                        Some("put the fields in one structure".into()),
                    );
                }
                if style.is_some() {
                    report.error(
                        &format!("{member_path}.style"),
                        "the JSON body takes no style",
                        Some("remove \"style\"".into()),
                    );
                }
            }
            Location::Body | Location::Query => {}
        }
        if location == Location::Payload && input.fields.iter().any(body_form) {
            report.error(
                &format!("{member_path}.location"),
                "a JSON body and form body members cannot be sent together",
                Some("move the form members into the payload structure".into()),
            );
        }
    }
    // Form members of a GET are reported with the RPC rules.
    if action.method == Some(HttpMethod::Get) && payloads > 0 {
        report.error(
            &format!("{path}.method"),
            "a GET action cannot carry a JSON body",
            Some("move the members to the query, or use POST".into()),
        );
    }
    if let Some(&first) = roots.first() {
        if !output.fields[first].required {
            report.error(
                &format!("{path}.output[{first}].required"),
                "a root member is the body itself, so it is always present",
                Some("add \"required\": true".into()),
            );
        }
        if output.fields.len() != 1 {
            report.error(
                &format!("{path}.output[{first}].root"),
                "a root member must be the only output member",
                Some("remove the other members, or \"root\"".into()),
            );
        }
    }
}

fn body_form(field: &Field) -> bool {
    matches!(field.placement, Some((Location::Body, _)))
}

fn is_scalar(ty: &Ty) -> bool {
    match ty {
        Ty::Primitive(p) => *p != Primitive::Json,
        Ty::Enum(_) => true,
        _ => false,
    }
}

/// The `{Name}`s of a template, in order, or why it is malformed. The
/// literal text must be what is sent: unreserved characters, `/`, and the
/// sub-delimiters that need no encoding in a path.
fn template_names(template: &str) -> Result<Vec<String>, &'static str> {
    if !template.starts_with('/') {
        return Err("does not start with `/`");
    }
    let mut names: Vec<String> = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find(['{', '}']) {
        check_literal(&rest[..open])?;
        let tail = &rest[open..];
        if tail.starts_with('}') {
            return Err("has a `}` without `{`");
        }
        let close = tail.find('}').ok_or("has a `{` without `}`")?;
        let name = &tail[1..close];
        if name.is_empty() || name.contains('{') {
            return Err("has an empty or nested `{}`");
        }
        if names.iter().any(|n| n == name) {
            return Err("names a parameter twice");
        }
        names.push(name.to_owned());
        rest = &tail[close + 1..];
    }
    check_literal(rest)?;
    Ok(names)
}

fn check_literal(text: &str) -> Result<(), &'static str> {
    let fits = |c: char| c.is_ascii_alphanumeric() || "-._~/!$&'()*+,;=:@".contains(c);
    if !text.chars().all(fits) {
        return Err("has literal text that would need percent-encoding");
    }
    if text.contains("//") || text.split('/').any(|s| s == "." || s == "..") {
        return Err("has an empty or dot segment");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::template_names;

    #[test]
    fn templates_give_their_names_or_say_what_is_wrong() {
        assert_eq!(
            template_names("/clusters/{ClusterId}/nodepools/{NodepoolId}").unwrap(),
            ["ClusterId", "NodepoolId"]
        );
        assert_eq!(
            template_names("/api/v1/clusters").unwrap(),
            Vec::<String>::new()
        );
        assert!(template_names("clusters").is_err());
        assert!(template_names("/clusters/{ClusterId").is_err());
        assert!(template_names("/clusters/{}").is_err());
        assert!(template_names("/a/{X}/{X}").is_err());
        assert!(template_names("/a b/{X}").is_err());
        assert!(template_names("/a//{X}").is_err());
    }
}
