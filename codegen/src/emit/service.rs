//! One service version: its description, client, data types and one module
//! per action.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use super::enums;
use super::ident;
use super::structs::{self, deprecated_attr, Kind, Scope};
use crate::model::{Action, HttpMethod, Location, Provider, Service, Signing, Struct, Style, Ty};

/// The whole file of one service version.
pub fn file(service: &Service) -> TokenStream {
    let info = service_info(service);
    let client = client(service);
    let types = types_module(service);
    let errors = service_error(service);
    let actions = service
        .actions
        .iter()
        .enumerate()
        .map(|(i, a)| action_module(service, i, a));
    quote! {
        #info
        #client
        #types
        #errors
        #(#actions)*
    }
}

fn service_info(service: &Service) -> TokenStream {
    let provider = match service.provider {
        Provider::Tencent => quote!(Tencent),
        Provider::Alibaba => quote!(Alibaba),
    };
    let name = &service.service;
    let version = &service.version;
    let signing = service.signing.iter().map(|s| match s {
        Signing::Tc3 => quote!(Tc3),
        Signing::TencentV1 => quote!(TencentV1),
        Signing::Acs3 => quote!(Acs3),
        Signing::RpcV2 => quote!(RpcV2),
        Signing::RoaV1 => quote!(RoaV1),
    });
    let e = &service.endpoints;
    let default = &e.default;
    let optional = |value: &Option<String>| match value {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    };
    let regional = optional(&e.regional);
    let international = optional(&e.international);
    let pairs = |list: &[(String, String)]| {
        let items = list.iter().map(|(r, h)| quote!((#r, #h)));
        quote!(&[#(#items),*])
    };
    let finance = pairs(&e.finance);
    let regions = pairs(&e.regions);
    let doc = docs::lines(&format!(
        "What the runtime needs to know about {} version {}: signing and hosts.",
        service.service, service.version
    ));
    quote! {
        #doc
        pub const SERVICE: ::cloud_sdk_runtime::operation::ServiceInfo = ::cloud_sdk_runtime::operation::ServiceInfo {
            provider: ::cloud_sdk_runtime::operation::Provider::#provider,
            service: #name,
            version: #version,
            signing: &[#(::cloud_sdk_runtime::operation::SigningAlgorithm::#signing),*],
            endpoints: ::cloud_sdk_runtime::operation::Endpoints {
                default: #default,
                regional: #regional,
                international: #international,
                finance: #finance,
                regions: #regions,
            },
        };
    }
}

fn client(service: &Service) -> TokenStream {
    let name = format_ident!("{}", service.client_name);
    let doc = docs::lines(&docs::paragraphs([
        format!(
            "Client of {} (`{}`) version {}: one async method per action.",
            if service.title.is_empty() {
                &service.service
            } else {
                &service.title
            },
            service.service,
            service.version
        ),
        "Cheap to clone: clones share the runtime client and its connection pool.".to_owned(),
    ]));
    let methods = service
        .actions
        .iter()
        .map(|action| client_method(service, action));
    let paginators = service
        .actions
        .iter()
        .filter_map(super::paginators::client_method);
    let waiters = service
        .waiters
        .iter()
        .map(|w| super::waiters::client_method(service, w));
    quote! {
        #doc
        #[derive(Clone, Debug)]
        pub struct #name {
            inner: ::cloud_sdk_runtime::Client,
        }

        // Deprecated actions stay callable; the warning belongs to callers.
        #[allow(deprecated)]
        impl #name {
            /// Wraps a configured runtime client.
            pub fn new(client: ::cloud_sdk_runtime::Client) -> Self {
                Self { inner: client }
            }

            /// The runtime client underneath.
            pub fn runtime(&self) -> &::cloud_sdk_runtime::Client {
                &self.inner
            }

            /// A clone whose calls use other timeouts, retries or endpoint,
            /// sharing the connection pool (see
            /// [`Client::with_overrides`](::cloud_sdk_runtime::Client::with_overrides)).
            pub fn with_overrides(
                &self,
                change: impl FnOnce(::cloud_sdk_runtime::Overrides) -> ::cloud_sdk_runtime::Overrides,
            ) -> Self {
                Self { inner: self.inner.with_overrides(change) }
            }

            #(#methods)*
            #(#paginators)*
            #(#waiters)*
        }
    }
}

fn client_method(service: &Service, action: &Action) -> TokenStream {
    let method = ident(&action.module);
    let module = ident(&action.module);
    let request = format_ident!("{}", action.input.rust);
    let response = format_ident!("{}", action.output.rust);
    let codes = format_ident!("{}", action.error_enum);
    let mut parts = vec![format!("Calls `{}`.", action.wire), action.docs.clone()];
    if let Some(limit) = action.rate_limit {
        parts.push(format!("Rate limit: {limit} requests per second."));
    }
    parts.push(docs::vendor_reference(service, &action.wire));
    if action.idempotency_token.is_some() {
        parts.push(format!(
            "Idempotent: the client fills `{}` when it is empty and keeps it across retries.",
            action.idempotency_token.as_deref().unwrap_or_default()
        ));
    }
    let mut errors = String::from(
        "# Errors\n\nFails before any I/O when the request does not validate, and with a service error carrying ",
    );
    errors.push_str(&format!(
        "[`{0}`]({1}::{0})",
        action.error_enum, action.module
    ));
    if action.errors.is_empty() {
        errors.push_str(" otherwise.");
    } else {
        errors.push_str(" otherwise; documented codes:\n");
        for e in &action.errors {
            let first_line = e.docs.lines().next().unwrap_or("").trim();
            if first_line.is_empty() {
                errors.push_str(&format!("\n- `{}`", e.code));
            } else {
                errors.push_str(&format!("\n- `{}`: {first_line}", e.code));
            }
        }
    }
    parts.push(errors);
    let doc = docs::lines(&docs::paragraphs(parts));
    let deprecated = deprecated_attr(action.deprecated.as_deref());
    quote! {
        #doc
        #deprecated
        pub async fn #method(
            &self,
            request: #module::#request,
        ) -> ::std::result::Result<#module::#response, ::cloud_sdk_runtime::Error<#module::#codes>> {
            self.inner.send(request).await
        }
    }
}

/// The service-wide error: what any action's error converts into, so one
/// function can use `?` on calls to different actions.
fn service_error(service: &Service) -> TokenStream {
    let codes = enums::service_error_codes(service);
    let code = format_ident!("{}", enums::SERVICE_ERROR_CODE);
    let doc = docs::lines(&docs::paragraphs([
        format!(
            "An error of any action of {} version {}: every action's error converts into it with `From`, so `?` works across actions.",
            service.service, service.version
        ),
        format!("It keeps everything the action's error held; its code is read again as a [`{code}`], which lists the codes of every action. The action's own error is [`as_runtime`](Self::as_runtime) after the conversion, with the service-wide code."),
    ]));
    let from_actions = service.actions.iter().map(|a| {
        let module = ident(&a.module);
        let codes = format_ident!("{}", a.error_enum);
        quote! {
            impl ::std::convert::From<::cloud_sdk_runtime::Error<#module::#codes>> for Error {
                fn from(error: ::cloud_sdk_runtime::Error<#module::#codes>) -> Self {
                    Self(error.map_code())
                }
            }
        }
    });
    quote! {
        #codes

        #doc
        #[derive(Debug)]
        pub struct Error(::cloud_sdk_runtime::Error<#code>);

        impl Error {
            /// The error code, for errors the service reported.
            pub fn code(&self) -> ::std::option::Option<&#code> {
                self.0.code()
            }

            /// The code exactly as the service sent it.
            pub fn raw_code(&self) -> ::std::option::Option<&str> {
                self.0.raw_code()
            }

            /// The service's message (match on the code, not on this).
            pub fn message(&self) -> ::std::option::Option<&str> {
                self.0.message()
            }

            /// The request id the service assigned, when it sent one.
            pub fn request_id(&self) -> ::std::option::Option<&str> {
                self.0.request_id()
            }

            /// Whether trying again may succeed.
            pub fn is_retryable(&self) -> bool {
                self.0.is_retryable()
            }

            /// The runtime error, with every detail.
            pub fn as_runtime(&self) -> &::cloud_sdk_runtime::Error<#code> {
                &self.0
            }

            /// The runtime error, by value.
            pub fn into_runtime(self) -> ::cloud_sdk_runtime::Error<#code> {
                self.0
            }
        }

        impl ::std::fmt::Display for Error {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.0, f)
            }
        }

        impl ::std::error::Error for Error {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                ::std::error::Error::source(&self.0)
            }
        }

        impl ::std::convert::From<::cloud_sdk_runtime::Error<#code>> for Error {
            fn from(error: ::cloud_sdk_runtime::Error<#code>) -> Self {
                Self(error)
            }
        }

        #(#from_actions)*
    }
}

fn types_module(service: &Service) -> TokenStream {
    let scope = Scope {
        service,
        types: "",
        action: None,
    };
    let structs = service
        .structs
        .iter()
        .filter(|s| s.scope.is_none())
        .map(|s| structs::emit(&scope, s, Kind::Data));
    let enums = service.enums.iter().map(enums::enumeration);
    quote! {
        /// Data types used by several actions, and every enumeration.
        #[allow(deprecated)]
        pub mod types {
            #(#structs)*
            #(#enums)*
        }
    }
}

fn action_module(service: &Service, index: usize, action: &Action) -> TokenStream {
    let module = ident(&action.module);
    let scope = Scope {
        service,
        types: "super::types::",
        action: Some(&action.wire),
    };
    let request = structs::emit(&scope, &action.input, Kind::Request);
    let response = structs::emit(&scope, &action.output, Kind::Response);
    // Data types only this action uses live next to its request and response.
    let own_types = service
        .structs
        .iter()
        .filter(|s| s.scope == Some(index))
        .map(|s| structs::emit(&scope, s, Kind::Data));
    let codes = enums::error_codes(service, action);
    let operation = operation_impl(service, action);
    let paginated = super::paginators::paginated_impl(service, action);
    let doc = docs::lines(&format!(
        "Request, response, error codes and the data types only `{}` uses.",
        action.wire
    ));
    quote! {
        #doc
        #[allow(deprecated)]
        pub mod #module {
            #request
            #response
            #(#own_types)*
            #codes
            #operation
            #paginated
        }
    }
}

/// Wire names of the sensitive members of `input` and of the structures
/// it holds, sorted and without repeats: what the runtime redacts from
/// error messages that echo the request.
fn sensitive_wire_names(service: &Service, input: &Struct) -> Vec<String> {
    let mut names = std::collections::BTreeSet::new();
    let mut seen = std::collections::BTreeSet::new();
    let mut pending = vec![input];
    while let Some(structure) = pending.pop() {
        for field in &structure.fields {
            if field.sensitive {
                names.insert(field.wire.clone());
            }
            let mut ty = &field.ty;
            while let Ty::List(inner) | Ty::Map(inner) = ty {
                ty = inner;
            }
            if let Ty::Struct(index) = ty {
                if seen.insert(*index) {
                    pending.push(&service.structs[*index]);
                }
            }
        }
    }
    names.into_iter().collect()
}

fn operation_impl(service: &Service, action: &Action) -> TokenStream {
    let request = format_ident!("{}", action.input.rust);
    let response = format_ident!("{}", action.output.rust);
    let codes = format_ident!("{}", action.error_enum);
    let name = &action.wire;
    let method = match action.method {
        HttpMethod::Get => quote!(Get),
        HttpMethod::Post => quote!(Post),
        HttpMethod::Put => quote!(Put),
        HttpMethod::Delete => quote!(Delete),
        HttpMethod::Patch => quote!(Patch),
    };
    let rate_limit = match action.rate_limit {
        Some(limit) => {
            let limit = Literal::u32_unsuffixed(limit);
            quote!(::std::option::Option::Some(#limit))
        }
        None => quote!(::std::option::Option::None),
    };
    let path = match &action.path {
        Some(template) => quote!(::std::option::Option::Some(#template)),
        None => quote!(::std::option::Option::None),
    };
    let token = match &action.idempotency_token {
        Some(wire) => quote!(::std::option::Option::Some(#wire)),
        None => quote!(::std::option::Option::None),
    };
    let params = action.input.fields.iter().filter_map(|f| {
        let (location, style) = f.placement?;
        if location == Location::Query && style.is_none() {
            return None;
        }
        let wire = &f.wire;
        let location = match location {
            Location::Query => quote!(Query),
            Location::Body => quote!(Body),
            Location::Path => quote!(Path),
            Location::Header => quote!(Header),
            Location::Payload => quote!(Payload),
        };
        let style = match style {
            None => quote!(Scalar),
            Some(Style::RepeatList) => quote!(RepeatList),
            Some(Style::Flat) => quote!(Flat),
            Some(Style::Json) => quote!(Json),
            Some(Style::Simple) => quote!(Simple),
        };
        Some(quote! {
            ::cloud_sdk_runtime::operation::ParamInfo {
                name: #wire,
                location: ::cloud_sdk_runtime::operation::ParamLocation::#location,
                style: ::cloud_sdk_runtime::operation::ParamStyle::#style,
            }
        })
    });
    let sensitive = sensitive_wire_names(service, &action.input);
    let sensitive = (!sensitive.is_empty())
        .then(|| quote!(const SENSITIVE: &'static [&'static str] = &[#(#sensitive),*];));
    quote! {
        impl ::cloud_sdk_runtime::Operation for #request {
            type Output = #response;
            type ErrorCode = #codes;
            const SERVICE: &'static ::cloud_sdk_runtime::operation::ServiceInfo = &super::SERVICE;
            #sensitive
            const ACTION: &'static ::cloud_sdk_runtime::operation::ActionInfo = &::cloud_sdk_runtime::operation::ActionInfo {
                name: #name,
                method: ::cloud_sdk_runtime::operation::HttpMethod::#method,
                rate_limit: #rate_limit,
                idempotency_token: #token,
                params: &[#(#params),*],
                path: #path,
            };

            fn validate(&self) -> ::std::result::Result<(), ::cloud_sdk_runtime::InvalidRequest> {
                #request::validate(self)
            }
        }
    }
}
