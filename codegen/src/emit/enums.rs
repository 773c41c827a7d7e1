//! Enumerations and error codes: both keep values they do not know, so a
//! value the vendor adds later decodes instead of failing the response.
//!
//! The unknown case holds a `cloud_sdk_runtime::UnknownValue`, which user
//! code cannot build, and is `#[deprecated]`, so matching it by name warns
//! (as aws-sdk-rust's `Unknown(UnknownVariantValue)` does): a value a later
//! spec lists moves to its own variant without silently changing what an
//! existing `match` does. The value stays readable through `as_str()` /
//! `value()`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::structs::deprecated_attr;
use crate::model::{Action, Enum, EnumKind, ErrorCode, Literal, Provider, Service};
use crate::naming;

/// An enumeration of the spec.
pub fn enumeration(e: &Enum) -> TokenStream {
    let name = format_ident!("{}", e.rust);
    let doc = docs::lines(&docs::paragraphs([
        e.docs.clone(),
        format!(
            "Spec enum `{}`. A value the spec does not list is kept and readable through `{}()`; match known variants and handle the rest with `_`, never by naming `Unknown`.",
            e.wire,
            match e.kind {
                EnumKind::String => "as_str",
                EnumKind::Integer => "value",
            }
        ),
    ]));
    let variants = e.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.rust);
        let doc = docs::lines(&docs::paragraphs([
            v.docs.clone(),
            format!("Wire value `{}`.", literal_text(&v.value)),
        ]));
        let deprecated = deprecated_attr(v.deprecated.as_deref());
        quote!(#doc #deprecated #variant,)
    });
    let (raw, raw_ref, as_raw, accessor_doc) = match e.kind {
        EnumKind::String => (
            quote!(::std::string::String),
            quote!(&str),
            format_ident!("as_str"),
            "The value as sent on the wire.",
        ),
        EnumKind::Integer => (
            quote!(i64),
            quote!(i64),
            format_ident!("value"),
            "The value as sent on the wire.",
        ),
    };
    let to_raw = e.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.rust);
        let value = literal_tokens(&v.value);
        quote!(Self::#variant => #value,)
    });
    let from_raw = e.variants.iter().map(|v| {
        let variant = format_ident!("{}", v.rust);
        let value = literal_tokens(&v.value);
        quote!(#value => Self::#variant,)
    });
    let values = e.variants.iter().map(|v| literal_tokens(&v.value));
    let unknown_ref = match e.kind {
        EnumKind::String => quote!(Self::Unknown(value) => value.as_str()),
        EnumKind::Integer => quote!(Self::Unknown(value) => value.value()),
    };
    let unknown_new = match e.kind {
        EnumKind::String => {
            quote!(other => Self::Unknown(::cloud_sdk_runtime::__private::unknown_value(other.to_owned())))
        }
        EnumKind::Integer => {
            quote!(other => Self::Unknown(::cloud_sdk_runtime::__private::unknown_value(other)))
        }
    };
    let empty = match e.kind {
        EnumKind::String => quote!(Self::from("")),
        EnumKind::Integer => quote!(Self::from(0)),
    };
    let (serialize, from_impl) = match e.kind {
        EnumKind::String => (
            quote!(serializer.serialize_str(self.as_str())),
            quote! {
                impl ::std::convert::From<&str> for #name {
                    fn from(value: &str) -> Self {
                        match value {
                            #(#from_raw)*
                            #unknown_new,
                        }
                    }
                }
            },
        ),
        EnumKind::Integer => (
            quote!(serializer.serialize_i64(self.value())),
            quote! {
                impl ::std::convert::From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #(#from_raw)*
                            #unknown_new,
                        }
                    }
                }
            },
        ),
    };
    let decode = match e.kind {
        EnumKind::String => quote! {
            let value: ::std::string::String = ::cloud_sdk_runtime::__private::lenient(deserializer)?;
            ::std::result::Result::Ok(Self::from(value.as_str()))
        },
        EnumKind::Integer => quote! {
            let value: i64 = ::cloud_sdk_runtime::__private::lenient(deserializer)?;
            ::std::result::Result::Ok(Self::from(value))
        },
    };
    let accessor_doc = docs::lines(accessor_doc);
    let unknown_doc = docs::lines(&format!(
        "A value the spec does not list, kept as received: read it with `{as_raw}()`. Do not match it by name (it is deprecated for that reason): a later version may list the value as its own variant."
    ));
    let values_doc = docs::lines("Every value the spec lists, in spec order.");
    let default_doc = docs::lines(
        "The empty wire value (`\"\"` or `0`): what a member the server left out decodes to.",
    );
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown_doc
            #[deprecated(note = "match the known variants and `_`; read an unlisted value with `as_str()` or `value()`")]
            Unknown(::cloud_sdk_runtime::__private::UnknownValue<#raw>),
        }

        #[allow(deprecated)]
        impl #name {
            #values_doc
            pub const VALUES: &'static [#raw_ref] = &[#(#values),*];

            #accessor_doc
            pub fn #as_raw(&self) -> #raw_ref {
                match self {
                    #(#to_raw)*
                    #unknown_ref,
                }
            }
        }

        #[allow(deprecated)]
        #from_impl

        impl ::std::default::Default for #name {
            #default_doc
            fn default() -> Self {
                #empty
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.#as_raw(), f)
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                #serialize
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                #decode
            }
        }

        impl ::cloud_sdk_runtime::__private::Lenient for #name {
            fn deserialize_lenient<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <Self as ::serde::Deserialize>::deserialize(deserializer)
            }
        }
    }
}

/// The error-code enum of an action.
pub fn error_codes(service: &Service, action: &Action) -> TokenStream {
    let doc = docs::paragraphs([
        format!("Error codes the `{}` action documents.", action.wire),
        format!(
            "Codes every {} action may return are in `Common`. A code neither lists is kept and readable through `as_str()`; match the documented variants and handle the rest with `_`, never by naming `Other`. Match on the code, never on the message, which the service may reword.",
            provider_name(service.provider)
        ),
    ]);
    code_enum(service, &action.error_enum, &doc, &action.errors)
}

/// The service-wide error-code enum: every code any action documents, so
/// one `match` handles the errors of several actions.
pub fn service_error_codes(service: &Service) -> TokenStream {
    let codes = service_codes(service);
    let doc = docs::paragraphs([
        format!(
            "Every error code the actions of {} version {} document, the code of the service-wide [`Error`].",
            service.service, service.version
        ),
        "Codes every action may return are in `Common`; any other code is kept and readable through `as_str()`.".to_owned(),
    ]);
    code_enum(service, SERVICE_ERROR_CODE, &doc, &codes)
}

/// Name of the service-wide error-code enum, at the service module's root.
pub const SERVICE_ERROR_CODE: &str = "ErrorCode";

/// Every code of every action, in the order they first appear, with the
/// variant names the naming rules give the whole list.
fn service_codes(service: &Service) -> Vec<ErrorCode> {
    let mut codes: Vec<ErrorCode> = Vec::new();
    for error in service.actions.iter().flat_map(|a| &a.errors) {
        if codes.iter().all(|c| c.code != error.code) {
            let mut error = error.clone();
            // Status and wording may differ per action; the code is shared.
            error.http_status = None;
            codes.push(error);
        }
    }
    let wire: Vec<&str> = codes.iter().map(|c| c.code.as_str()).collect();
    let variants = naming::error_variants(&wire);
    for (code, variant) in codes.iter_mut().zip(variants) {
        // Codes that passed the validator per action are unique here and
        // not reserved, so every name resolves.
        if let Ok(variant) = variant {
            code.variant = variant;
        }
    }
    codes
}

fn provider_name(provider: Provider) -> &'static str {
    match provider {
        Provider::Tencent => "Tencent",
        Provider::Alibaba => "Alibaba",
    }
}

/// An error-code enum: the documented codes, `Common` and `Other`.
fn code_enum(service: &Service, name: &str, doc: &str, errors: &[ErrorCode]) -> TokenStream {
    let name = format_ident!("{}", name);
    let doc = docs::lines(doc);
    let common = match service.provider {
        Provider::Tencent => quote!(::cloud_sdk_runtime::TencentCommonError),
        Provider::Alibaba => quote!(::cloud_sdk_runtime::AlibabaCommonError),
    };
    let variants = errors.iter().map(|e| {
        let variant = format_ident!("{}", e.variant);
        let status = e
            .http_status
            .map_or(String::new(), |s| format!(" HTTP status {s}."));
        let doc = docs::lines(&docs::paragraphs([
            e.docs.clone(),
            format!("Code `{}`.{status}", e.code),
        ]));
        quote!(#doc #variant,)
    });
    let to_str = errors.iter().map(|e| {
        let variant = format_ident!("{}", e.variant);
        let code = &e.code;
        quote!(Self::#variant => #code,)
    });
    let from_str = errors.iter().map(|e| {
        let variant = format_ident!("{}", e.variant);
        let code = &e.code;
        quote!(#code => Self::#variant,)
    });
    let fallback = quote! {
        match #common::from_code(code) {
            ::std::option::Option::Some(common) => Self::Common(common),
            ::std::option::Option::None => Self::Other(::cloud_sdk_runtime::__private::unknown_value(code.to_owned())),
        }
    };
    let from_code = if errors.is_empty() {
        fallback
    } else {
        quote! {
            match code {
                #(#from_str)*
                _ => #fallback,
            }
        }
    };
    let common_doc = docs::lines(&format!(
        "A code every {} action may return (signature, throttling, permissions, parameters).",
        provider_name(service.provider)
    ));
    let other_doc = docs::lines(
        "A code the spec does not document, kept as received: read it with `as_str()`. Do not match it by name (it is deprecated for that reason): a later version may document the code as its own variant.",
    );
    let as_str_doc = docs::lines("The code exactly as the service sent it.");
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #common_doc
            Common(#common),
            #other_doc
            #[deprecated(note = "match the documented variants and `_`; read an undocumented code with `as_str()`")]
            Other(::cloud_sdk_runtime::__private::UnknownValue<::std::string::String>),
        }

        #[allow(deprecated)]
        impl #name {
            #as_str_doc
            pub fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Common(code) => code.as_str(),
                    Self::Other(code) => code.as_str(),
                }
            }
        }

        impl ::cloud_sdk_runtime::ErrorCode for #name {
            fn as_str(&self) -> &str {
                #name::as_str(self)
            }
        }

        #[allow(deprecated)]
        impl ::std::convert::From<&str> for #name {
            fn from(code: &str) -> Self {
                #from_code
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(::cloud_sdk_runtime::ErrorCode::as_str(self))
            }
        }
    }
}

fn literal_tokens(value: &Literal) -> TokenStream {
    match value {
        Literal::Str(s) => quote!(#s),
        Literal::Int(n) => {
            let n = proc_macro2::Literal::i64_unsuffixed(*n);
            quote!(#n)
        }
    }
}

fn literal_text(value: &Literal) -> String {
    match value {
        Literal::Str(s) => s.clone(),
        Literal::Int(n) => n.to_string(),
    }
}
