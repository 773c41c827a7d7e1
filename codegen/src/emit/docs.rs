//! Rustdoc for generated items: the spec's own words plus the facts a reader
//! needs (wire name, required or not, allowed values, example).

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::{Enum, Field, Literal, Service, Ty};

/// `#[doc = "..."]` lines for `text`, one attribute per line so that
/// prettyplease prints them as `///` comments.
/// Code blocks are made inert first, so no doc can run as a doctest.
pub fn lines(text: &str) -> TokenStream {
    let lines = super::inert::inert(text.trim_end());
    let lines = lines.lines().map(|line| {
        let line = if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        };
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

/// Joins paragraphs, dropping empty ones.
pub fn paragraphs<I: IntoIterator<Item = String>>(parts: I) -> String {
    parts
        .into_iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Markdown link to the vendor's own reference page for an action.
///
/// Both URLs are derived from facts the spec already holds: Tencent's API
/// Explorer takes the service, version and action; Alibaba's OpenAPI portal
/// the product code, version and action. Neither vendor publishes a per-action
/// page id in its metadata, so these are the stable per-action addresses.
pub fn vendor_reference(service: &Service, action_wire: &str) -> String {
    let url = match service.provider {
        crate::model::Provider::Tencent => format!(
            "https://console.cloud.tencent.com/api/explorer?Product={}&Version={}&Action={action_wire}",
            service.service, service.version
        ),
        crate::model::Provider::Alibaba => format!(
            "https://api.aliyun.com/document/{}/{}/{action_wire}",
            service.service, service.version
        ),
    };
    format!("Vendor reference: [`{action_wire}`]({url}).")
}

/// Which way a structure travels, for the wording of presence.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// Built by the caller.
    Sent,
    /// Decoded from a response.
    Received,
    /// Both.
    Both,
}

/// Documentation of a field: its docs, then one line of facts.
pub fn field(service: &Service, field: &Field, direction: Direction, type_path: &str) -> String {
    let mut facts = vec![if field.root {
        "The whole response body.".to_owned()
    } else {
        format!("Wire name `{}`.", field.wire)
    }];
    facts.push(presence(field, direction).to_owned());
    if field.sensitive {
        facts.push("Sensitive: hidden from `Debug` output.".to_owned());
    }
    if let Some(values) = allowed_values(service, &field.ty, type_path) {
        facts.push(values);
    }
    match (field.min, field.max) {
        (Some(min), Some(max)) => facts.push(format!("From {min} to {max}.")),
        (Some(min), None) => facts.push(format!("At least {min}.")),
        (None, Some(max)) => facts.push(format!("At most {max}.")),
        (None, None) => {}
    }
    if let Some(max) = field.max_length {
        facts.push(format!("At most {max} characters."));
    }
    if let Some(max) = field.max_items {
        facts.push(format!("At most {max} items."));
    }
    if let Some((location, style)) = field.placement {
        let style = style.map_or(String::new(), |s| format!(", style {}", style_name(s)));
        facts.push(format!("Sent in the {}{style}.", location_name(location)));
    }
    let mut text = vec![field.docs.clone(), facts.join(" ")];
    if let Some(example) = &field.example {
        if !field.sensitive {
            text.push(format!("Example: `{}`", example_text(example)));
        }
    }
    paragraphs(text)
}

fn presence(field: &Field, direction: Direction) -> &'static str {
    match (direction, field.required, field.nullable) {
        (Direction::Sent, true, _) => "Required.",
        (Direction::Sent, false, _) => "Optional.",
        (Direction::Received, true, false) => "Always present.",
        (Direction::Received, true, true) => "Always present; may be null.",
        (Direction::Received, false, _) => "May be absent.",
        (Direction::Both, true, _) => "Required; always present in responses.",
        (Direction::Both, false, _) => "Optional.",
    }
}

fn location_name(location: crate::model::Location) -> &'static str {
    match location {
        crate::model::Location::Query => "query string",
        crate::model::Location::Body => "form body",
        crate::model::Location::Path => "request path, as one percent-encoded segment",
        crate::model::Location::Header => "HTTP header of that name",
        crate::model::Location::Payload => "body, as the whole JSON document",
    }
}

fn style_name(style: crate::model::Style) -> &'static str {
    match style {
        crate::model::Style::RepeatList => "repeat-list (`Name.1`, `Name.2`)",
        crate::model::Style::Flat => "flat (`Name.Field`)",
        crate::model::Style::Json => "JSON text",
        crate::model::Style::Simple => "comma-separated (`a,b,c`)",
    }
}

/// "Allowed values: `1` (Immediate), `2` (Timed); see [`RunMode`]."
fn allowed_values(service: &Service, ty: &Ty, type_path: &str) -> Option<String> {
    match ty {
        Ty::Enum(i) => {
            let e: &Enum = &service.enums[*i];
            let values = e
                .variants
                .iter()
                .map(|v| match &v.value {
                    Literal::Str(s) => format!("`{s}`"),
                    Literal::Int(n) => format!("`{n}` ({})", v.rust),
                })
                .collect::<Vec<_>>()
                .join(", ");
            let link = if type_path.is_empty() {
                format!("[`{}`]", e.rust)
            } else {
                format!("[`{name}`]({type_path}{name})", name = e.rust)
            };
            Some(format!("Allowed values: {values}; see {link}."))
        }
        Ty::List(inner) | Ty::Map(inner) => allowed_values(service, inner, type_path),
        _ => None,
    }
}

/// Longest example shown, in characters; longer ones are cut with `…`.
const EXAMPLE_MAX_CHARS: usize = 160;

/// Examples are wire text; show strings bare and anything else as JSON, on
/// one line (tabs and line breaks would break the inline code span) and
/// short enough to read.
fn example_text(example: &serde_json::Value) -> String {
    let text = match example {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let one_line = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('`', "'");
    match one_line.char_indices().nth(EXAMPLE_MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}
