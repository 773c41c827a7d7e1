//! Tencent service error codes, from the vendor's SDKs.
//!
//! Two published sources, both facts only (codes and action names; the
//! Chinese comments beside them are never taken):
//!
//! - the Python SDK's error-code module of a service version
//!   (`tencentcloud/dts/v20211206/errorcodes.py` in the
//!   `tencentcloud-sdk-python-dts` wheel): every code of the version, one
//!   `NAME = 'Code'` line each;
//! - the Go SDK's client (`tencentcloud/dts/v20211206/client.go`), whose
//!   doc comment of each action lists the codes it may return, one
//!   `//  NAME = "Code"` line each, under `// 可能返回的错误码:` and above
//!   `func (c *Client) Action(request *ActionRequest)`.
//!
//! [`action_errors`] turns them into each action's `errors`: the Go list in
//! its order, without the common codes every action carries
//! (`naming::TENCENT_COMMON_CODES`), each code checked against the module.

use crate::naming::TENCENT_COMMON_CODES;
use crate::spec::file::{ErrorCode, SpecFile};

/// The line that opens an action's code list in the Go client.
const GO_CODES_HEADING: &str = "// 可能返回的错误码:";

/// Every code of a Python `errorcodes.py` module, in its order.
///
/// # Errors
///
/// A line that assigns something other than one quoted code, with its line
/// number, or a module without any code.
pub fn parse_error_module(text: &str) -> Result<Vec<String>, String> {
    let mut codes = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let parsed = line.split_once(" = ").and_then(|(name, value)| {
            let code = value.strip_prefix('\'')?.strip_suffix('\'')?;
            let name_ok = name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
            (name_ok && is_code(code)).then(|| code.to_owned())
        });
        match parsed {
            Some(code) => codes.push(code),
            None => return Err(format!("line {}: not a `NAME = 'Code'` line", i + 1)),
        }
    }
    if codes.is_empty() {
        return Err("no error code in the module".to_owned());
    }
    Ok(codes)
}

/// Each action of a Go `client.go` (or an extract of it) with the codes
/// its comment lists, in file order; an action appears once even though the
/// client has a `...WithContext` twin.
///
/// # Errors
///
/// A code line that does not parse, with its line number.
pub fn parse_go_client(text: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let mut actions: Vec<(String, Vec<String>)> = Vec::new();
    let mut block: Option<Vec<String>> = None;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end();
        if line == GO_CODES_HEADING {
            block = Some(Vec::new());
        } else if let (Some(codes), Some(rest)) = (block.as_mut(), line.strip_prefix("//  ")) {
            let code = rest
                .split_once(" = ")
                .and_then(|(_, value)| value.strip_prefix('"')?.strip_suffix('"'))
                .filter(|code| is_code(code))
                .ok_or_else(|| format!("line {}: not a `//  NAME = \"Code\"` line", i + 1))?;
            codes.push(code.to_owned());
        } else if let Some(action) = go_action(line) {
            if let Some(codes) = block.take() {
                if actions.iter().all(|(name, _)| name != action) {
                    actions.push((action.to_owned(), codes));
                }
            }
        } else if !line.starts_with("//") {
            block = None;
        }
    }
    Ok(actions)
}

/// `Action` of `func (c *Client) Action(request *ActionRequest) ...`.
fn go_action(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("func (c *Client) ")?;
    let (name, rest) = rest.split_once('(')?;
    let request = rest.strip_prefix("request *")?;
    request
        .starts_with(&format!("{name}Request"))
        .then_some(name)
}

/// What the codes of a vendor code (`ResourceNotFound.JobNotExist`) are made of.
fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
}

/// The `errors` of `action`: the Go list without the common codes, every
/// code known to the module. `None` when the Go client does not list the
/// action.
///
/// # Errors
///
/// A code the Go client lists for the action but the module does not have.
pub fn action_errors(
    action: &str,
    module: &[String],
    go: &[(String, Vec<String>)],
) -> Result<Option<Vec<ErrorCode>>, String> {
    let Some((_, codes)) = go.iter().find(|(name, _)| name == action) else {
        return Ok(None);
    };
    let mut errors: Vec<ErrorCode> = Vec::new();
    for code in codes {
        if !module.contains(code) {
            return Err(format!(
                "{action}: code `{code}` of the Go client is not in the error-code module"
            ));
        }
        if TENCENT_COMMON_CODES.contains(&code.as_str()) || errors.iter().any(|e| &e.code == code) {
            continue;
        }
        errors.push(ErrorCode {
            code: code.clone(),
            docs: String::new(),
            http_status: None,
        });
    }
    Ok(Some(errors))
}

/// Sets the `errors` of every action of an imported Tencent spec from the
/// two sources' texts; an action the Go client does not list keeps none.
///
/// # Errors
///
/// What [`parse_error_module`], [`parse_go_client`] or [`action_errors`]
/// reject, prefixed with the file it came from.
pub fn apply(
    spec: &mut SpecFile,
    (module_name, module_text): (&str, &str),
    (go_name, go_text): (&str, &str),
) -> Result<(), String> {
    let module = parse_error_module(module_text).map_err(|e| format!("{module_name}: {e}"))?;
    let go = parse_go_client(go_text).map_err(|e| format!("{go_name}: {e}"))?;
    for action in &mut spec.actions {
        if let Some(errors) =
            action_errors(&action.name, &module, &go).map_err(|e| format!("{go_name}: {e}"))?
        {
            action.errors = errors;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_lines_are_codes_and_anything_else_is_an_error() {
        let text = "# -*- coding: utf8 -*-\n\n# 内部错误。\nINTERNALERROR = 'InternalError'\nRESOURCENOTFOUND_JOBNOTEXIST = 'ResourceNotFound.JobNotExist'\n";
        assert_eq!(
            parse_error_module(text).unwrap(),
            ["InternalError", "ResourceNotFound.JobNotExist"]
        );
        assert_eq!(
            parse_error_module("X = 'a b'\n").unwrap_err(),
            "line 1: not a `NAME = 'Code'` line"
        );
        assert!(parse_error_module("# nothing\n").is_err());
    }

    #[test]
    fn go_comments_give_each_action_its_codes_once() {
        let text = r#"
// CreateJob
// 可能返回的错误码:
//  INTERNALERROR = "InternalError"
//  RESOURCENOTFOUND_JOBNOTEXIST = "ResourceNotFound.JobNotExist"
func (c *Client) CreateJob(request *CreateJobRequest) (response *CreateJobResponse, err error) {
    return
}

// 可能返回的错误码:
//  INTERNALERROR = "InternalError"
func (c *Client) CreateJobWithContext(ctx context.Context, request *CreateJobRequest) (response *CreateJobResponse, err error) {
}

// 可能返回的错误码:
//  LIMITEXCEEDED_MAXUNUSEDJOBS = "LimitExceeded.MaxUnusedJobs"
func (c *Client) StartJob(request *StartJobRequest) (response *StartJobResponse, err error) {
"#;
        let actions = parse_go_client(text).unwrap();
        assert_eq!(
            actions,
            [
                (
                    "CreateJob".to_owned(),
                    vec![
                        "InternalError".to_owned(),
                        "ResourceNotFound.JobNotExist".to_owned()
                    ]
                ),
                (
                    "StartJob".to_owned(),
                    vec!["LimitExceeded.MaxUnusedJobs".to_owned()]
                ),
            ]
        );
        let module: Vec<String> = ["InternalError", "ResourceNotFound.JobNotExist"]
            .map(String::from)
            .to_vec();
        let errors = action_errors("CreateJob", &module, &actions)
            .unwrap()
            .unwrap();
        let codes: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(
            codes,
            ["ResourceNotFound.JobNotExist"],
            "common codes left out"
        );
        assert_eq!(
            action_errors("StartJob", &module, &actions).unwrap_err(),
            "StartJob: code `LimitExceeded.MaxUnusedJobs` of the Go client is not in the error-code module"
        );
        assert_eq!(action_errors("StopJob", &module, &actions), Ok(None));
        assert!(parse_go_client("// 可能返回的错误码:\n//  BROKEN\n").is_err());
    }
}
