//! Structures: data types, requests and responses.
//!
//! One function decides each field's Rust type from the member's presence
//! and the structure's direction, so every structure follows the same rules
//! (`docs/generated-api.md` states them with their reasons):
//! - a structure users build (a request, or a data type a request holds)
//!   takes every required member in `new(..)`, in spec order, whatever their
//!   number and types; optional members have setters. Leaving a required
//!   member out does not compile, and adding an optional one breaks nothing;
//! - optional scalars are `Option`; required scalars, and received scalars
//!   that are always present and never `null`, are plain values;
//! - lists and maps are plain collections everywhere, empty meaning absent;
//!   their setters take any `IntoIterator`, and `push_<field>` (lists) or
//!   `insert_<field>` (maps) add one item;
//! - every structure implements `Serialize` and `Deserialize` (through the
//!   runtime's table-driven serialiser and member-by-member decoder, which
//!   cost far less to compile than the serde derives), `Clone`, `PartialEq`
//!   and a `Debug` that redacts sensitive members.

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
}

impl Layout {
    fn of(kind: Kind, s: &Struct) -> Self {
        let (sent, received) = match kind {
            Kind::Request => (true, false),
            Kind::Response => (false, true),
            Kind::Data => (s.sent, s.received),
        };
        Layout {
            kind,
            sent,
            received,
        }
    }

    fn direction(&self) -> Direction {
        match (self.sent, self.received) {
            (true, true) => Direction::Both,
            (true, false) => Direction::Sent,
            _ => Direction::Received,
        }
    }

    /// Is the field held in an `Option`? Collections never are (empty is
    /// absent); a scalar is unless it is required and, when received, never
    /// `null`.
    fn optional(&self, field: &Field) -> bool {
        if field.ty.is_collection() {
            return false;
        }
        let present = field.required && !(self.received && field.nullable);
        !present
    }

    /// Does the constructor take this field? Every required member of a
    /// structure users build.
    fn in_constructor(&self, field: &Field) -> bool {
        self.sent && field.required
    }
}

/// `Default` would build a structure without its required members, so only
/// structures with nothing required in `new(..)` have it, and only when
/// every structure they hold as a plain value has it too.
fn has_default(service: &Service, s: &Struct, kind: Kind) -> bool {
    let mut seen = vec![false; service.structs.len()];
    has_default_in(service, s, kind, &mut seen)
}

fn has_default_in(service: &Service, s: &Struct, kind: Kind, seen: &mut [bool]) -> bool {
    let layout = Layout::of(kind, s);
    s.fields.iter().all(|f| {
        if layout.in_constructor(f) {
            return false;
        }
        match f.ty {
            Ty::Struct(i) if !layout.optional(f) => {
                // A cycle of plain members cannot be built at all.
                !std::mem::replace(&mut seen[i], true)
                    && has_default_in(service, &service.structs[i], Kind::Data, seen)
            }
            _ => true,
        }
    })
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
    let default = has_default(scope.service, s, kind);
    if default {
        derives.push(quote!(Default));
    }
    let debug = (s.has_sensitive()).then(|| redacted_debug(&layout, s));
    let root = match s.fields.as_slice() {
        [only] if kind == Kind::Response && only.root => Some(ident(&only.rust)),
        _ => None,
    };
    let (serialize, decode) = match &root {
        Some(field) => (root_serialize(&name, field), root_decode(&name, field)),
        None => (
            serialize_impl(&name, &layout, s),
            decode_impls(scope, &name, &layout, s, default),
        ),
    };
    let builder = layout.sent.then(|| builder(scope, &layout, s));
    let check = (layout.kind == Kind::Data).then(|| check_impl(scope, &layout, s));
    let lenient = (kind == Kind::Data).then(|| {
        quote! {
            impl ::cloud_sdk_runtime::__private::Lenient for #name {
                fn deserialize_lenient<'de, D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    ::cloud_sdk_runtime::__private::null_as_empty(deserializer)
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
        #check
        #serialize
        #decode
        #lenient
    }
}

/// `Serialize` through the runtime's table of members rather than the serde
/// derive, which cost a third of the generated crate's compile time: one
/// entry per member, saying whether it is always written or left out when
/// absent (see `cloud_sdk_runtime::__private::structure`). The wire is what
/// the derive with `rename` and `skip_serializing_if` wrote.
fn serialize_impl(name: &proc_macro2::Ident, layout: &Layout, s: &Struct) -> TokenStream {
    let label = &s.rust;
    let members = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let wire = &f.wire;
        let kind = member_kind(layout, f);
        quote!(::cloud_sdk_runtime::__private::#kind(#wire, &self.#field))
    });
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::cloud_sdk_runtime::__private::structure(serializer, #label, &[#(#members),*])
            }
        }
    }
}

/// How a member is serialised: left out when it is `None` (`optional`) or an
/// empty optional collection (`list`, `map`), otherwise always written
/// (`required`). What is left out decodes back to the same value.
fn member_kind(layout: &Layout, f: &Field) -> proc_macro2::Ident {
    let kind = if layout.optional(f) {
        "optional"
    } else if f.ty.is_collection() && !f.required {
        match f.ty {
            Ty::List(_) => "list",
            _ => "map",
        }
    } else {
        "required"
    };
    format_ident!("{kind}")
}

/// `Serialize` of an ROA response whose whole body is its one member: the
/// member itself.
fn root_serialize(name: &proc_macro2::Ident, field: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                ::serde::Serialize::serialize(&self.#field, serializer)
            }
        }
    }
}

/// `Deserialize` of an ROA response whose whole body is its one member (a
/// list or a scalar), decoded as leniently as members are.
fn root_decode(name: &proc_macro2::Ident, field: &proc_macro2::Ident) -> TokenStream {
    quote! {
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::std::result::Result::Ok(Self {
                    #field: ::cloud_sdk_runtime::__private::lenient(deserializer)?,
                })
            }
        }
    }
}

/// `Deserialize` through the runtime's member-by-member decoder rather than
/// the serde derive, which costs several times as much to compile: one match
/// arm per member, every member decoded leniently, absent ones left at their
/// default (see `cloud_sdk_runtime::de::Fields` and `de::Decode`).
fn decode_impls(
    scope: &Scope,
    name: &proc_macro2::Ident,
    layout: &Layout,
    s: &Struct,
    default: bool,
) -> TokenStream {
    let wire = s.fields.iter().map(|f| &f.wire);
    let set = if let [only] = s.fields.as_slice() {
        // A one-arm `match` would read as a clumsy `if`.
        let field = ident(&only.rust);
        quote! {
            fn set<'de, A: ::serde::de::MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> ::std::result::Result<(), A::Error> {
                if index == 0 {
                    return ::cloud_sdk_runtime::__private::read(map, &mut self.#field);
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
            quote!(#index => ::cloud_sdk_runtime::__private::read(map, &mut self.#field),)
        });
        quote! {
            fn set<'de, A: ::serde::de::MapAccess<'de>>(&mut self, index: usize, map: &mut A) -> ::std::result::Result<(), A::Error> {
                match index {
                    #(#arms)*
                    _ => ::std::result::Result::Ok(()),
                }
            }
        }
    };
    let empty = if default {
        quote!(::std::default::Default::default())
    } else {
        let fields = s.fields.iter().map(|f| {
            let field = ident(&f.rust);
            match &f.ty {
                // Structures without `Default` start from their own `empty`.
                Ty::Struct(_) if !layout.optional(f) => {
                    let ty = value_type(scope, &f.ty);
                    let empty = quote!(<#ty as ::cloud_sdk_runtime::__private::Decode>::empty());
                    if f.boxed {
                        quote!(#field: ::std::boxed::Box::new(#empty))
                    } else {
                        quote!(#field: #empty)
                    }
                }
                _ => quote!(#field: ::std::default::Default::default()),
            }
        });
        quote!(Self { #(#fields),* })
    };
    quote! {
        impl ::cloud_sdk_runtime::__private::Decode for #name {
            const NAMES: &'static [&'static str] = &[#(#wire),*];

            fn empty() -> Self {
                #empty
            }

            #set
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::cloud_sdk_runtime::__private::decode(deserializer)
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
    let ty = field_type(scope, layout, f);
    let doc = docs::lines(&docs::field(
        scope.service,
        f,
        layout.direction(),
        scope.types,
    ));
    let deprecated = deprecated_attr(f.deprecated.as_deref());
    quote! {
        #doc
        #deprecated
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

/// `Debug` that prints sensitive fields as a fixed marker. A sensitive
/// structure or enumeration is hidden whole (only whether an optional one is
/// set shows): its own members are not all secrets, but the spec marks the
/// member, not its parts.
fn redacted_debug(layout: &Layout, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", s.rust);
    let label = &s.rust;
    let fields = s.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let label = f.rust.trim_start_matches("r#");
        let named = matches!(f.ty, Ty::Struct(_) | Ty::Enum(_));
        match (f.sensitive, named, layout.optional(f)) {
            (false, _, _) => quote!(.field(#label, &self.#field)),
            (true, false, _) => {
                quote!(.field(#label, &::cloud_sdk_runtime::__private::redacted(&self.#field)))
            }
            (true, true, true) => quote!(.field(
                #label,
                &self.#field.as_ref().map(|_| ::cloud_sdk_runtime::__private::REDACTED)
            )),
            (true, true, false) => {
                quote!(.field(#label, &::cloud_sdk_runtime::__private::REDACTED))
            }
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

/// `new` with every required member, then setters for the others, the
/// appending forms of collections, and (requests) `validate`.
fn builder(scope: &Scope, layout: &Layout, s: &Struct) -> TokenStream {
    let name = format_ident!("{}", s.rust);
    let args = constructor_args(layout, s);
    let params = args.iter().map(|f| {
        let field = ident(&f.rust);
        let ty = setter_type(scope, f);
        quote!(#field: #ty)
    });
    let new_doc = if args.is_empty() {
        format!(
            "A `{}` with no member set; set them with the setters.",
            s.rust
        )
    } else {
        let names = args
            .iter()
            .map(|f| format!("`{}`", f.wire))
            .collect::<Vec<_>>()
            .join(", ");
        format!(
            "A `{}` with its required members {names}, in spec order; set the others with the setters.",
            s.rust
        )
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
    let setters = s.fields.iter().map(|f| setters(scope, layout, f));
    let validate = (layout.kind == Kind::Request).then(|| validate_fn(scope, layout, s));
    // Many members make a long argument list; that is the rule's price.
    let allow = (args.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #name {
            #new_doc
            #allow
            pub fn new(#(#params),*) -> Self {
                #body
            }
            #(#setters)*
            #validate
        }
    }
}

/// What a setter or constructor accepts for a field: text and enums through
/// `Into`, collections as any `IntoIterator` of items that convert.
fn setter_type(scope: &Scope, f: &Field) -> TokenStream {
    match &f.ty {
        Ty::List(item) => {
            let item = value_type(scope, item);
            quote!(impl ::std::iter::IntoIterator<Item = impl ::std::convert::Into<#item>>)
        }
        Ty::Map(value) => {
            let value = value_type(scope, value);
            quote!(impl ::std::iter::IntoIterator<Item = (impl ::std::convert::Into<::std::string::String>, impl ::std::convert::Into<#value>)>)
        }
        ty => item_setter_type(scope, ty),
    }
}

/// What a setter accepts for one value of `ty` (not a collection).
fn item_setter_type(scope: &Scope, ty: &Ty) -> TokenStream {
    if converts(ty) {
        let ty = value_type(scope, ty);
        quote!(impl ::std::convert::Into<#ty>)
    } else {
        value_type(scope, ty)
    }
}

/// Does a setter take a value of `ty` through `Into` (text, enums, nested
/// collections), rather than as it is (numbers, structures)?
fn converts(ty: &Ty) -> bool {
    match ty {
        Ty::Primitive(p) => p.is_text(),
        Ty::Enum(_) | Ty::List(_) | Ty::Map(_) => true,
        Ty::Struct(_) => false,
    }
}

/// `value.into()` when `ty` is taken through `Into`, else `value`.
fn converted(ty: &Ty, value: TokenStream) -> TokenStream {
    if converts(ty) {
        quote!(#value.into())
    } else {
        value
    }
}

/// Converts what a setter accepted into the stored field value.
fn setter_value(layout: &Layout, f: &Field, arg: TokenStream) -> TokenStream {
    let converted = match &f.ty {
        Ty::Primitive(p) if p.is_text() => quote!(#arg.into()),
        Ty::Enum(_) => quote!(#arg.into()),
        Ty::List(_) => quote!(#arg.into_iter().map(::std::convert::Into::into).collect()),
        Ty::Map(_) => {
            quote!(#arg.into_iter().map(|(key, value)| (key.into(), value.into())).collect())
        }
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

/// The setter of a member `new` does not take, and the appending form of a
/// collection (`push_<field>` for a list, `insert_<field>` for a map; the
/// model refuses a member whose name would collide with either).
fn setters(scope: &Scope, layout: &Layout, f: &Field) -> TokenStream {
    let field = ident(&f.rust);
    let deprecated = deprecated_attr(f.deprecated.as_deref());
    let set = (!layout.in_constructor(f)).then(|| {
        let ty = setter_type(scope, f);
        let value = setter_value(layout, f, quote!(#field));
        // The member's own docs, so the setter reads well in an IDE's
        // completion pop-up without a jump to the field.
        let doc = docs::lines(&docs::paragraphs([
            if f.ty.is_collection() {
                format!("Sets `{}`, replacing what it held.", f.wire)
            } else {
                format!("Sets `{}`.", f.wire)
            },
            f.docs.clone(),
        ]));
        // A builder setter takes `self` by value whatever its name; a
        // member named `is_edge_worker` must not trip clippy's naming rule.
        let convention = ["is_", "as_", "to_", "from_"]
            .iter()
            .any(|prefix| f.rust.trim_start_matches("r#").starts_with(prefix))
            .then(|| quote!(#[allow(clippy::wrong_self_convention)]));
        quote! {
            #doc
            #deprecated
            #convention
            pub fn #field(mut self, #field: #ty) -> Self {
                self.#field = #value;
                self
            }
        }
    });
    let bare = f.rust.trim_start_matches("r#");
    let append = match &f.ty {
        Ty::List(item) => {
            let method = format_ident!("push_{bare}");
            let ty = item_setter_type(scope, item);
            let item_value = converted(item, quote!(item));
            let doc = docs::lines(&format!("Appends one item to `{}`.", f.wire));
            Some(quote! {
                #doc
                #deprecated
                pub fn #method(mut self, item: #ty) -> Self {
                    self.#field.push(#item_value);
                    self
                }
            })
        }
        Ty::Map(value) => {
            let method = format_ident!("insert_{bare}");
            let ty = item_setter_type(scope, value);
            let entry_value = converted(value, quote!(value));
            let doc = docs::lines(&format!(
                "Adds one entry to `{}`, replacing any under the same key.",
                f.wire
            ));
            Some(quote! {
                #doc
                #deprecated
                pub fn #method(mut self, key: impl ::std::convert::Into<::std::string::String>, value: #ty) -> Self {
                    self.#field.insert(key.into(), #entry_value);
                    self
                }
            })
        }
        _ => None,
    };
    quote!(#set #append)
}

/// Does a sent structure have anything to check, itself or in a structure
/// it holds?
pub fn needs_validation(service: &Service, s: &Struct) -> bool {
    let mut seen = vec![false; service.structs.len()];
    needs_validation_in(service, s, &mut seen)
}

/// Types can hold each other through lists (`A { b: Vec<B> }`, `B { a:
/// Vec<A> }`): each structure is looked at once, so the walk ends.
fn needs_validation_in(service: &Service, s: &Struct, seen: &mut [bool]) -> bool {
    s.fields.iter().any(|f| {
        f.min.is_some()
            || f.max.is_some()
            || f.max_length.is_some()
            || f.max_items.is_some()
            || nested_struct(&f.ty).is_some_and(|i| {
                !std::mem::replace(&mut seen[i], true)
                    && needs_validation_in(service, &service.structs[i], seen)
            })
    })
}

/// The structure a member holds directly, in a list or in a map.
fn nested_struct(ty: &Ty) -> Option<usize> {
    match ty {
        Ty::Struct(i) => Some(*i),
        Ty::List(inner) | Ty::Map(inner) => match **inner {
            Ty::Struct(i) => Some(i),
            _ => None,
        },
        _ => None,
    }
}

/// A request's `validate`: every check of the request and the structures it
/// holds, all problems reported at once.
fn validate_fn(scope: &Scope, layout: &Layout, s: &Struct) -> TokenStream {
    let doc = docs::lines(
        "Checks what the types cannot (ranges, lengths, list sizes), reporting every problem with its member path. `send` calls it before any I/O.",
    );
    let body = if needs_validation(scope.service, s) {
        let action = scope.action.unwrap_or_default();
        let checks = s.fields.iter().map(|f| field_checks(scope, layout, f));
        quote! {
            let mut problems = ::cloud_sdk_runtime::__private::Problems::new();
            #(#checks)*
            problems.finish(#action)
        }
    } else {
        quote!(::std::result::Result::Ok(()))
    };
    quote! {
        #doc
        pub fn validate(&self) -> ::std::result::Result<(), ::cloud_sdk_runtime::InvalidRequest> {
            #body
        }
    }
}

/// A data type's checks, which the request holding it runs with the path
/// of the member it sits in.
fn check_impl(scope: &Scope, layout: &Layout, s: &Struct) -> Option<TokenStream> {
    if !layout.sent || !needs_validation(scope.service, s) {
        return None;
    }
    let name = format_ident!("{}", s.rust);
    let checks = s.fields.iter().map(|f| field_checks(scope, layout, f));
    Some(quote! {
        impl ::cloud_sdk_runtime::__private::Check for #name {
            fn check(&self, problems: &mut ::cloud_sdk_runtime::__private::Problems) {
                #(#checks)*
            }
        }
    })
}

fn field_checks(scope: &Scope, layout: &Layout, f: &Field) -> TokenStream {
    let field = ident(&f.rust);
    let wire = &f.wire;
    let mut checks = Vec::new();
    let value_checks = value_checks(f, quote!(value));
    if !value_checks.is_empty() {
        if layout.optional(f) {
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
    if let Some(i) = nested_struct(&f.ty) {
        if needs_validation(scope.service, &scope.service.structs[i]) {
            // `Check` is implemented for `Option` and `Box` too.
            checks.push(match &f.ty {
                Ty::Struct(_) => quote!(problems.nested(#wire, &self.#field);),
                Ty::List(_) => quote!(problems.items(#wire, &self.#field);),
                _ => quote!(problems.entries(#wire, &self.#field);),
            });
        }
    }
    quote!(#(#checks)*)
}

/// Checks of one present value, bound to `value` (a reference).
fn value_checks(f: &Field, value: TokenStream) -> Vec<TokenStream> {
    let wire = &f.wire;
    let mut checks = Vec::new();
    if f.min.is_some() || f.max.is_some() {
        let min = option_f64(f.min);
        let max = option_f64(f.max);
        let number = match f.ty {
            Ty::Primitive(Primitive::F64) => quote!(*#value),
            _ => quote!(*#value as f64),
        };
        checks.push(quote!(problems.range(#wire, #number, #min, #max);));
    }
    if let Some(max) = f.max_length {
        let max = max as usize;
        checks.push(quote!(problems.max_length(#wire, #value, #max);));
    }
    if let Some(max) = f.max_items {
        let max = max as usize;
        checks.push(quote!(problems.max_items(#wire, #value, #max);));
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
