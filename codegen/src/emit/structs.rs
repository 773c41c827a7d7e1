//! Structures: data types, requests and responses.
//!
//! One function decides each field's Rust type from the member's presence
//! and the structure's direction, so every structure follows the same rules:
//! - received scalars are plain values when always present, else `Option`;
//!   lists and maps are plain collections that decode to empty when absent;
//! - sent structures with one required member, or two of different types,
//!   take them in `new(..)`, the type then enforcing them; others take them
//!   through setters (positional arguments of one type are too easy to swap)
//!   and `validate` names the missing member before any I/O;
//! - enumeration fields are always `Option`, as they have no default value.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs::{self, Direction};
use super::ident;
use crate::model::{Field, Primitive, Service, Struct, Ty};

/// What kind of structure is emitted, which fixes derives and helpers.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A data type in the `types` module.
    Data,
    /// An action's request.
    Request,
    /// An action's response.
    Response,
}

/// Paths the emitted code uses to reach the service's other items.
pub struct Scope<'a> {
    pub service: &'a Service,
    /// Path prefix of data types and enums (`` or `super::types::`).
    pub types: &'a str,
    /// Wire name of the action a request belongs to (for validation errors).
    pub action: Option<&'a str>,
}

struct Layout {
    kind: Kind,
    sent: bool,
    received: bool,
    by_constructor: bool,
}

impl Layout {
    fn of(kind: Kind, s: &Struct) -> Self {
        let required: Vec<&Ty> = s
            .fields
            .iter()
            .filter(|f| f.required)
            .map(|f| &f.ty)
            .collect();
        let positional = match required.as_slice() {
            [] | [_] => true,
            [a, b] => a != b,
            _ => false,
        };
        let (sent, received) = match kind {
            Kind::Request => (true, false),
            Kind::Response => (false, true),
            Kind::Data => (s.sent, s.received),
        };
        Layout {
            kind,
            sent,
            received,
            by_constructor: sent && positional,
        }
    }

    fn direction(&self) -> Direction {
        match (self.sent, self.received) {
            (true, true) => Direction::Both,
            (true, false) => Direction::Sent,
            _ => Direction::Received,
        }
    }

    /// Is the field held in an `Option`?
    fn optional(&self, field: &Field) -> bool {
        if field.ty.is_collection() {
            return self.kind == Kind::Request && !field.required;
        }
        if matches!(field.ty, Ty::Enum(_)) {
            return true;
        }
        let present = field.required && !(self.received && field.nullable);
        !(present && (self.by_constructor || !self.sent))
    }

    /// Does the constructor take this field?
    fn in_constructor(&self, field: &Field) -> bool {
        self.by_constructor && field.required
    }
}

/// Emits the structure `s` with its impls.
pub fn emit(scope: &Scope, s: &Struct, kind: Kind) -> TokenStream {
    let layout = Layout::of(kind, s);
    let name = format_ident!("{}", s.rust);
    let doc = docs::lines(&struct_docs(scope, s, kind));
    let deprecated = deprecated_attr(s.deprecated.as_deref());
    let fields = s.fields.iter().map(|f| field_decl(scope, &layout, f));
    let mut derives = vec![quote!(Clone), quote!(PartialEq)];
    if !s.has_sensitive() {
        derives.push(quote!(Debug));
    }
    if layout.received || !layout.by_constructor || constructor_args(&layout, s).is_empty() {
        derives.push(quote!(Default));
    }
    if layout.sent {
        derives.push(quote!(::serde::Serialize));
    }
    let debug = (s.has_sensitive()).then(|| redacted_debug(s));
    let decode = layout.received.then(|| decode_impls(&name, s));
    let builder = layout.sent.then(|| builder(scope, &layout, s));
    let lenient = (layout.received && kind == Kind::Data).then(|| {
        quote! {
            impl ::cloud_sdk_runtime::de::Lenient for #name {
                fn deserialize_lenient<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    ::cloud_sdk_runtime::de::null_as_default(deserializer)
                }
            }
        }
    });
    quote! {
        #doc
        #deprecated
        #[derive(#(#derives),*)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }
        #debug
        #builder
        #decode
        #lenient
    }
}

/// `Deserialize` through the runtime's member-by-member decoder rather than
/// the serde derive, which costs several times as much to compile: one match
/// arm per member, every member decoded leniently, absent ones left at their
/// default (see `cloud_sdk_runtime::de::Fields`).
fn decode_impls(name: &proc_macro2::Ident, s: &Struct) -> TokenStream {
    let wire = s.fields.iter().map(|f| &f.wire);
    let set = if let [only] = s.fields.as_slice() {
        // A one-arm `match` would read as a clumsy `if`.
        let field = ident(&only.rust);
        quote! {
            fn set<'de, A: ::serde::de::MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> ::std::result::Result<(), A::Error> {
                if index == 0 {
                    self.#field = ::cloud_sdk_runtime::de::value(map)?;
                }
                ::std::result::Result::Ok(())
            }
        }
    } else if s.fields.is_empty() {
        quote! {
            fn set<'de, A: ::serde::de::MapAccess<'de>>(&mut self, _index: usize, _map: &mut A) -> ::std::result::Result<(), A::Error> {
                ::std::result::Result::Ok(())
            }
        }
    } else {
        let arms = s.fields.iter().enumerate().map(|(index, f)| {
            let field = ident(&f.rust);
            let index = proc_macro2::Literal::usize_unsuffixed(index);
            quote!(#index => self.#field = ::cloud_sdk_runtime::de::value(map)?,)
        });
        quote! {
            fn set<'de, A: ::serde::de::MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> ::std::result::Result<(), A::Error> {
                match index {
                    #(#arms)*
                    _ => {}
                }
                ::std::result::Result::Ok(())
            }
        }
    };
    quote! {
        impl ::cloud_sdk_runtime::de::Fields for #name {
            const NAMES: &'static [&'static str] = &[#(#wire),*];

            #set
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::cloud_sdk_runtime::de::fields(deserializer)
            }
        }
    }
}

fn struct_docs(scope: &Scope, s: &Struct, kind: Kind) -> String {
    let client = &scope.service.client_name;
    match kind {
        Kind::Data => docs::paragraphs([
            s.docs.clone(),
            format!("Spec type `{}`.", s.wire),
        ]),
        Kind::Request => docs::paragraphs([
            format!("Request of the `{}` action.", s.wire),
            s.docs.clone(),
            format!(
                "Send it with [`{client}::{module}`](super::{client}::{module}).",
                module = action_module(scope, s)
            ),
        ]),
        Kind::Response => docs::paragraphs([format!(
            "Response of the `{}` action, as returned by [`{client}::{module}`](super::{client}::{module}).",
            s.wire,
            module = action_module(scope, s)
        )]),
    }
}

fn action_module(scope: &Scope, s: &Struct) -> String {
    scope
        .service
        .actions
        .iter()
        .find(|a| a.wire == s.wire)
        .map(|a| a.module.clone())
        .unwrap_or_default()
}

/// `#[deprecated]`, with the note when there is one.
pub fn deprecated_attr(note: Option<&str>) -> Option<TokenStream> {
    note.map(|note| {
        if note.is_empty() {
            quote!(#[deprecated])
        } else {
            quote!(#[deprecated(note = #note)])
        }
    })
}

fn field_decl(scope: &Scope, layout: &Layout, f: &Field) -> TokenStream {
    let name = ident(&f.rust);
    let wire = &f.wire;
    let ty = field_type(scope, layout, f);
    let doc = docs::lines(&docs::field(
        scope.service,
        f,
        layout.direction(),
        scope.types,
    ));
    let deprecated = deprecated_attr(f.deprecated.as_deref());
    let mut serde = vec![quote!(rename = #wire)];
    if layout.sent {
        if layout.optional(f) {
            serde.push(quote!(
                skip_serializing_if = "::std::option::Option::is_none"
            ));
        } else if f.ty.is_collection() && !f.required {
            let is_empty = match f.ty {
                Ty::List(_) => "<[_]>::is_empty",
                _ => "::std::collections::BTreeMap::is_empty",
            };
            serde.push(quote!(skip_serializing_if = #is_empty));
        }
    }
    // Only `Serialize` reads these; decoding goes through `decode_impls`.
    let serde = layout.sent.then(|| quote!(#[serde(#(#serde),*)]));
    quote! {
        #doc
        #deprecated
        #serde
        pub #name: #ty,
    }
}

/// The Rust type of a field, with `Option` and `Box` as the layout needs.
fn field_type(scope: &Scope, layout: &Layout, f: &Field) -> TokenStream {
    let inner = value_type(scope, &f.ty);
    let inner = if f.boxed {
        quote!(::std::boxed::Box<#inner>)
    } else {
        inner
    };
    if layout.optional(f) {
        quote!(::std::option::Option<#inner>)
    } else {
        inner
    }
}

/// The Rust type of a value of `ty`.
pub fn value_type(scope: &Scope, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Primitive(p) => primitive(*p),
        Ty::List(item) => {
            let item = value_type(scope, item);
            quote!(::std::vec::Vec<#item>)
        }
        Ty::Map(value) => {
            let value = value_type(scope, value);
            quote!(::std::collections::BTreeMap<::std::string::String, #value>)
        }
        Ty::Struct(i) => super::struct_path(scope.service, scope.action, *i),
        Ty::Enum(i) => type_path(scope, &scope.service.enums[*i].rust),
    }
}

fn type_path(scope: &Scope, name: &str) -> TokenStream {
    let name = format_ident!("{}", name);
    if scope.types.is_empty() {
        quote!(#name)
    } else {
        quote!(super::types::#name)
    }
}

fn primitive(p: Primitive) -> TokenStream {
    match p {
        Primitive::String | Primitive::Date | Primitive::DateTime => {
            quote!(::std::string::String)
        }
        Primitive::Bool => quote!(bool),
        Primitive::I8 => quote!(i8),
        Primitive::I16 => quote!(i16),
        Primitive::I32 => quote!(i32),
        Primitive::I64 => quote!(i64),
        Primitive::U8 => quote!(u8),
        Primitive::U16 => quote!(u16),
        Primitive::U32 => quote!(u32),
        Primitive::U64 => quote!(u64),
        Primitive::F32 => quote!(f32),
        Primitive::F64 => quote!(f64),
        Primitive::Json => quote!(::serde_json::Value),
    }
}

/// `Debug` that prints sensitive fields as a fixed marker.
fn redacted_debug(s: &Struct) -> TokenStream {
    let name = format_ident!("{}", s.rust);
    let label = &s.rust;
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let label = f.rust.trim_start_matches("r#");
        if f.sensitive {
            quote!(.field(#label, &::cloud_sdk_runtime::redact::redacted(&self.#field)))
        } else {
            quote!(.field(#label, &self.#field))
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#label) #(#fields)* .finish_non_exhaustive()
            }
        }
    }
}

fn constructor_args<'a>(layout: &Layout, s: &'a Struct) -> Vec<&'a Field> {
    s.fields
        .iter()
        .filter(|f| layout.in_constructor(f))
        .collect()
}

/// `new`, one setter per member the constructor does not take, and
/// `validate`.
fn builder(scope: &Scope, layout: &Layout, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", s.rust);
    let args = constructor_args(layout, s);
    let params = args.iter().map(|f| {
        let field = ident(&f.rust);
        let ty = setter_type(scope, f);
        quote!(#field: #ty)
    });
    let new_doc = if args.is_empty() {
        format!("An empty `{}`; set members with the setters.", s.rust)
    } else {
        let names = args
            .iter()
            .map(|f| format!("`{}`", f.wire))
            .collect::<Vec<_>>()
            .join(", ");
        format!("A `{}` with its required members {names}.", s.rust)
    };
    let new_doc = docs::lines(&new_doc);
    let body = if args.is_empty() {
        quote!(Self::default())
    } else {
        let inits = s.fields.iter().map(|f| {
            let field = ident(&f.rust);
            if layout.in_constructor(f) {
                let value = setter_value(layout, f, quote!(#field));
                if field == value.to_string() {
                    quote!(#field)
                } else {
                    quote!(#field: #value)
                }
            } else {
                quote!(#field: ::std::default::Default::default())
            }
        });
        quote!(Self { #(#inits),* })
    };
    let setters = s
        .fields
        .iter()
        .filter(|f| !layout.in_constructor(f))
        .map(|f| setter(scope, layout, f));
    let validate = validate_fn(scope, layout, s);
    quote! {
        impl #name {
            #new_doc
            pub fn new(#(#params),*) -> Self {
                #body
            }
            #(#setters)*
            #validate
        }
    }
}

/// What a setter or constructor accepts for a field.
fn setter_type(scope: &Scope, f: &Field) -> TokenStream {
    match &f.ty {
        Ty::Primitive(p) if p.is_text() => quote!(impl ::std::convert::Into<::std::string::String>),
        Ty::Enum(_) => {
            let ty = value_type(scope, &f.ty);
            quote!(impl ::std::convert::Into<#ty>)
        }
        ty => value_type(scope, ty),
    }
}

/// Converts what a setter accepted into the stored field value.
fn setter_value(layout: &Layout, f: &Field, arg: TokenStream) -> TokenStream {
    let converted = match &f.ty {
        Ty::Primitive(p) if p.is_text() => quote!(#arg.into()),
        Ty::Enum(_) => quote!(#arg.into()),
        _ => arg,
    };
    let boxed = if f.boxed {
        quote!(::std::boxed::Box::new(#converted))
    } else {
        converted
    };
    if layout.optional(f) {
        quote!(::std::option::Option::Some(#boxed))
    } else {
        boxed
    }
}

fn setter(scope: &Scope, layout: &Layout, f: &Field) -> TokenStream {
    let field = ident(&f.rust);
    let ty = setter_type(scope, f);
    let value = setter_value(layout, f, quote!(#field));
    let doc = docs::lines(&format!("Sets `{}`.", f.wire));
    let deprecated = deprecated_attr(f.deprecated.as_deref());
    quote! {
        #doc
        #deprecated
        pub fn #field(mut self, #field: #ty) -> Self {
            self.#field = #value;
            self
        }
    }
}

/// Does a sent structure have anything to check, itself or in a structure
/// it holds?
pub fn needs_validation(service: &Service, s: &Struct, kind: Kind) -> bool {
    let mut seen = vec![false; service.structs.len()];
    needs_validation_in(service, s, kind, &mut seen)
}

/// Types can hold each other through lists (`A { b: Vec<B> }`, `B { a:
/// Vec<A> }`): each structure is looked at once, so the walk ends.
fn needs_validation_in(service: &Service, s: &Struct, kind: Kind, seen: &mut [bool]) -> bool {
    let layout = Layout::of(kind, s);
    s.fields.iter().any(|f| {
        (f.required && layout.optional(f))
            || f.min.is_some()
            || f.max.is_some()
            || f.max_length.is_some()
            || f.max_items.is_some()
            || nested_struct(&f.ty).is_some_and(|i| {
                !std::mem::replace(&mut seen[i], true)
                    && needs_validation_in(service, &service.structs[i], Kind::Data, seen)
            })
    })
}

fn nested_struct(ty: &Ty) -> Option<usize> {
    match ty {
        Ty::Struct(i) => Some(*i),
        Ty::List(inner) | Ty::Map(inner) => nested_struct(inner),
        _ => None,
    }
}

/// `validate`: requests check for their own action; data types take the
/// action from the request that holds them.
fn validate_fn(scope: &Scope, layout: &Layout, s: &Struct) -> Option<TokenStream> {
    let needed = needs_validation(scope.service, s, layout.kind);
    if layout.kind == Kind::Data && !needed {
        return None;
    }
    let checks: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|f| field_checks(scope, layout, f))
        .collect();
    let uses_action = needed;
    let (signature, doc) = match layout.kind {
        Kind::Request => {
            let action = scope.action.unwrap_or_default();
            let binding = uses_action.then(|| quote!(let action = #action;));
            (
                quote!(pub fn validate(&self) -> ::std::result::Result<(), ::cloud_sdk_runtime::InvalidRequest>),
                (
                    "Checks what the types cannot: members left out, ranges, lengths. `send` calls it before any I/O.",
                    binding,
                ),
            )
        }
        _ => (
            quote!(pub fn validate(&self, action: &'static str) -> ::std::result::Result<(), ::cloud_sdk_runtime::InvalidRequest>),
            (
                "Checks what the types cannot, reporting errors as part of `action`.",
                None,
            ),
        ),
    };
    let (doc, binding) = doc;
    let doc = docs::lines(doc);
    Some(quote! {
        #doc
        #signature {
            #binding
            #(#checks)*
            ::std::result::Result::Ok(())
        }
    })
}

fn field_checks(scope: &Scope, layout: &Layout, f: &Field) -> TokenStream {
    let field = ident(&f.rust);
    let wire = &f.wire;
    let optional = layout.optional(f);
    let mut checks = Vec::new();
    if f.required && optional && !f.ty.is_collection() {
        checks.push(
            quote!(::cloud_sdk_runtime::operation::check::required(action, #wire, &self.#field)?;),
        );
    }
    let value_checks = value_checks(scope, f, quote!(value));
    // Boxed fields hold structures only, whose checks auto-deref.
    if !value_checks.is_empty() {
        if optional {
            checks.push(quote! {
                if let ::std::option::Option::Some(value) = &self.#field {
                    #(#value_checks)*
                }
            });
        } else {
            checks.push(quote! {
                {
                    let value = &self.#field;
                    #(#value_checks)*
                }
            });
        }
    }
    quote!(#(#checks)*)
}

/// Checks of one present value, bound to `value` (a reference).
fn value_checks(scope: &Scope, f: &Field, value: TokenStream) -> Vec<TokenStream> {
    let wire = &f.wire;
    let mut checks = Vec::new();
    if f.min.is_some() || f.max.is_some() {
        let min = option_f64(f.min);
        let max = option_f64(f.max);
        let number = match f.ty {
            Ty::Primitive(Primitive::F64) => quote!(*#value),
            _ => quote!(*#value as f64),
        };
        checks.push(quote!(::cloud_sdk_runtime::operation::check::range(action, #wire, #number, #min, #max)?;));
    }
    if let Some(max) = f.max_length {
        let max = max as usize;
        checks.push(quote!(::cloud_sdk_runtime::operation::check::max_length(action, #wire, #value, #max)?;));
    }
    if let Some(max) = f.max_items {
        let max = max as usize;
        checks.push(
            quote!(::cloud_sdk_runtime::operation::check::max_items(action, #wire, #value, #max)?;),
        );
    }
    if let Some(i) = nested_struct(&f.ty) {
        if needs_validation(scope.service, &scope.service.structs[i], Kind::Data) {
            checks.push(match &f.ty {
                Ty::Struct(_) => quote! {
                    #value.validate(action).map_err(|e| e.within(#wire))?;
                },
                Ty::List(_) => quote! {
                    for (index, item) in #value.iter().enumerate() {
                        item.validate(action).map_err(|e| e.within(&::std::format!("{}.{}", #wire, index)))?;
                    }
                },
                _ => quote! {
                    for (key, item) in #value.iter() {
                        item.validate(action).map_err(|e| e.within(&::std::format!("{}.{}", #wire, key)))?;
                    }
                },
            });
        }
    }
    checks
}

fn option_f64(value: Option<f64>) -> TokenStream {
    match value {
        Some(v) => {
            let v = proc_macro2::Literal::f64_unsuffixed(v);
            quote!(::std::option::Option::Some(#v))
        }
        None => quote!(::std::option::Option::None),
    }
}

/// The Rust type of each field of `s` as [`emit`] writes it, by wire name,
/// for `sdkgen diff` to compare (emitted from the module of the action
/// named `action`, or from `types`).
pub(crate) fn field_types(
    service: &Service,
    s: &Struct,
    kind: Kind,
    action: Option<&str>,
) -> Vec<(String, TokenStream)> {
    let scope = Scope {
        service,
        types: if action.is_some() {
            "super::types::"
        } else {
            ""
        },
        action,
    };
    let layout = Layout::of(kind, s);
    s.fields
        .iter()
        .map(|f| (f.wire.clone(), field_type(&scope, &layout, f)))
        .collect()
}
