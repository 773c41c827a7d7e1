//! Enumerations and error codes: both keep values they do not know, so a
//! value the vendor adds later decodes instead of failing the response.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::structs::deprecated_attr;
use crate::model::{Action, Enum, EnumKind, Literal};

/// An enumeration of the spec.
pub fn enumeration(e: &Enum) -> TokenStream {
    let name = format_ident!("{}", e.rust);
    let doc = docs::lines(&docs::paragraphs([
        e.docs.clone(),
        format!(
            "Spec enum `{}`. Values the SDK does not know are kept in `Unknown`.",
            e.wire
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
        EnumKind::String => quote!(Self::Unknown(value) => value),
        EnumKind::Integer => quote!(Self::Unknown(value) => *value),
    };
    let unknown_new = match e.kind {
        EnumKind::String => quote!(other => Self::Unknown(other.to_owned())),
        EnumKind::Integer => quote!(other => Self::Unknown(other)),
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
            let value: ::std::string::String = ::cloud_sdk_runtime::de::lenient(deserializer)?;
            ::std::result::Result::Ok(Self::from(value.as_str()))
        },
        EnumKind::Integer => quote! {
            let value: i64 = ::cloud_sdk_runtime::de::lenient(deserializer)?;
            ::std::result::Result::Ok(Self::from(value))
        },
    };
    let accessor_doc = docs::lines(accessor_doc);
    let unknown_doc =
        docs::lines("A value this version of the SDK does not know, kept as received.");
    let values_doc = docs::lines("Every value the spec lists, in spec order.");
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #unknown_doc
            Unknown(#raw),
        }

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

        #from_impl

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

        impl ::cloud_sdk_runtime::de::Lenient for #name {
            fn deserialize_lenient<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                <Self as ::serde::Deserialize>::deserialize(deserializer)
            }
        }
    }
}

/// The error-code enum of an action.
pub fn error_codes(action: &Action) -> TokenStream {
    let name = format_ident!("{}", action.error_enum);
    let doc = docs::lines(&docs::paragraphs([
        format!("Error codes the `{}` action documents.", action.wire),
        "Codes the spec does not list are kept in `Other`; match on the code, never on the message, which the service may reword.".to_owned(),
    ]));
    let variants = action.errors.iter().map(|e| {
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
    let to_str = action.errors.iter().map(|e| {
        let variant = format_ident!("{}", e.variant);
        let code = &e.code;
        quote!(Self::#variant => #code,)
    });
    let from_str = action.errors.iter().map(|e| {
        let variant = format_ident!("{}", e.variant);
        let code = &e.code;
        quote!(#code => Self::#variant,)
    });
    let from_code = if action.errors.is_empty() {
        quote!(Self::Other(code.to_owned()))
    } else {
        quote! {
            match code {
                #(#from_str)*
                other => Self::Other(other.to_owned()),
            }
        }
    };
    let other_doc = docs::lines("A code the spec does not document, kept as received.");
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            #other_doc
            Other(::std::string::String),
        }

        impl ::cloud_sdk_runtime::ErrorCode for #name {
            fn as_str(&self) -> &str {
                match self {
                    #(#to_str)*
                    Self::Other(code) => code,
                }
            }
        }

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
