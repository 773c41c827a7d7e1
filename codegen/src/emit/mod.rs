//! Rust tokens from the validated model: pure functions, no I/O.
//!
//! [`service::file`] emits one service version; [`tree`] emits the module
//! tree that includes every service file behind its cargo feature.

pub mod docs;
pub mod enums;
mod inert;
mod paginators;
pub mod service;
pub mod structs;
mod waiters;

use std::collections::BTreeMap;

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::model::Service;

/// An identifier, raw (`r#type`) where the name asks for it.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// The client method of an action's paginator, for `sdkgen diff`.
pub(crate) fn paginator_method(action: &crate::model::Action) -> String {
    paginators::method_name(action)
}

/// The Rust type of every field the generated code declares, for `sdkgen
/// diff`: `(struct path, wire name of the field, type)`, with paths written
/// as users see them (`Option<String>`, `Vec<types::TagItem>`). Requests and
/// responses are `Action.input` / `Action.output`, data types `types.Name`.
pub(crate) fn rust_field_types(service: &Service) -> Vec<(String, String, String)> {
    use structs::{field_types, Kind};
    let mut out = Vec::new();
    let mut push = |at: String, fields: Vec<(String, TokenStream)>| {
        for (wire, ty) in fields {
            out.push((at.clone(), wire, readable_type(&ty.to_string())));
        }
    };
    for action in &service.actions {
        let from = Some(action.wire.as_str());
        let input = field_types(service, &action.input, Kind::Request, from);
        push(format!("{}.input", action.wire), input);
        let output = field_types(service, &action.output, Kind::Response, from);
        push(format!("{}.output", action.wire), output);
    }
    for s in &service.structs {
        let from = s.scope.map(|a| service.actions[a].wire.as_str());
        push(
            format!("types.{}", s.wire),
            field_types(service, s, Kind::Data, from),
        );
    }
    out
}

/// `:: std :: option :: Option < super :: types :: Tag >` → `Option<Tag>`:
/// paths dropped, as a type's module is reported apart (`type-moved`).
fn readable_type(tokens: &str) -> String {
    let mut text = String::new();
    for c in tokens.chars().filter(|c| !c.is_whitespace()) {
        text.push(c);
        if text.ends_with("::") {
            text.truncate(text.len() - 2);
            while text.ends_with(|c: char| c == '_' || c.is_ascii_alphanumeric()) {
                text.pop();
            }
        }
    }
    text
}

/// The path from code in the module of the action named `from` (`None`:
/// the `types` module) to the data type `index`: its bare name in the same
/// module, else through the sibling module that holds it
/// (`super::types::Tag`, `super::describe_jobs::JobList`).
pub fn struct_path(service: &Service, from: Option<&str>, index: usize) -> TokenStream {
    let s = &service.structs[index];
    let name = format_ident!("{}", s.rust);
    let here = from.and_then(|wire| service.actions.iter().position(|a| a.wire == wire));
    if s.scope == here {
        return quote!(#name);
    }
    match s.scope {
        None => quote!(super::types::#name),
        Some(action) => {
            let module = ident(&service.actions[action].module);
            quote!(super::#module::#name)
        }
    }
}

/// File name of a service's generated source (`tencent_dts_v20211206.rs`).
pub fn file_name(service: &Service) -> String {
    format!("{}.rs", service.module_path.join("_"))
}

/// The module tree: `provider::service::version`, each version behind the
/// cargo feature named after its spec file, including its file.
pub fn tree(services: &[Service]) -> TokenStream {
    // provider -> service -> versions, sorted for stable output.
    let mut providers: BTreeMap<&str, BTreeMap<&str, Vec<&Service>>> = BTreeMap::new();
    for service in services {
        providers
            .entry(&service.module_path[0])
            .or_default()
            .entry(&service.module_path[1])
            .or_default()
            .push(service);
    }
    let provider_modules = providers.iter().map(|(provider, by_service)| {
        let all: Vec<&str> = by_service
            .values()
            .flatten()
            .map(|s| s.feature.as_str())
            .collect();
        let provider_doc = format!(" {} services.", provider_title(provider));
        let service_modules = by_service.iter().map(|(name, versions)| {
            let features: Vec<&str> = versions.iter().map(|s| s.feature.as_str()).collect();
            let service_doc = format!(" `{name}`: every version in the spec.");
            let version_modules = versions.iter().map(|s| {
                let feature = &s.feature;
                let module = ident(&s.module_path[2]);
                let file = file_name(s);
                let doc = docs::lines(&docs::paragraphs([
                    format!(
                        "{} version {} (cargo feature `{feature}`).",
                        if s.title.is_empty() {
                            &s.service
                        } else {
                            &s.title
                        },
                        s.version
                    ),
                    s.docs.clone(),
                ]));
                quote! {
                    #doc
                    #[cfg(feature = #feature)]
                    pub mod #module {
                        include!(#file);
                    }
                }
            });
            let module = ident(name);
            quote! {
                #[doc = #service_doc]
                #[cfg(any(#(feature = #features),*))]
                pub mod #module {
                    #(#version_modules)*
                }
            }
        });
        let module = ident(provider);
        quote! {
            #[doc = #provider_doc]
            #[cfg(any(#(feature = #all),*))]
            pub mod #module {
                #(#service_modules)*
            }
        }
    });
    quote!(#(#provider_modules)*)
}

fn provider_title(provider: &str) -> &str {
    match provider {
        "tencent" => "Tencent Cloud",
        "alibaba" => "Alibaba Cloud",
        other => other,
    }
}
