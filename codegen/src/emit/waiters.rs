//! Waiters: one client method each, holding its acceptors as a constant
//! the runtime's engine reads (`cloud_sdk_runtime::wait`).

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::docs;
use super::ident;
use super::structs::{value_type, Scope};
use crate::model::{Acceptor, Expect, ItemsMatch, MemberPath, Service, Ty, Waiter};

/// The client method of `waiter`.
pub fn client_method(service: &Service, waiter: &Waiter) -> TokenStream {
    let action = &service.actions[waiter.action];
    let method = ident(&waiter.method);
    let module = ident(&action.module);
    let request = format_ident!("{}", action.input.rust);
    let response = format_ident!("{}", action.output.rust);
    let codes = format_ident!("{}", action.error_enum);
    let output = quote!(#module::#response);
    let wait = quote!(::cloud_sdk_runtime::wait);

    // One reader per distinct path, shared by the acceptors on it.
    let mut paths: Vec<&MemberPath> = Vec::new();
    let acceptors: Vec<(usize, &Acceptor)> = waiter
        .success
        .iter()
        .chain(&waiter.failure)
        .map(|a| match paths.iter().position(|p| p.text == a.path.text) {
            Some(i) => (i, a),
            None => {
                paths.push(&a.path);
                (paths.len() - 1, a)
            }
        })
        .collect();
    let readers = paths
        .iter()
        .enumerate()
        .map(|(i, path)| reader(&format_ident!("read_{i}"), &output, path));
    let mut consts = acceptors
        .iter()
        .map(|(i, a)| acceptor(&format_ident!("read_{i}"), a));
    let success: Vec<_> = consts.by_ref().take(waiter.success.len()).collect();
    let failure: Vec<_> = consts.collect();

    let (param, argument) = match &waiter.argument {
        Some((name, ty)) => {
            let name = ident(name);
            let ty = argument_type(service, ty);
            (
                Some(quote!(#name: impl ::std::convert::Into<#ty>,)),
                quote!(::std::option::Option::Some(::std::string::ToString::to_string(&#name.into()))),
            )
        }
        None => (None, quote!(::std::option::Option::None)),
    };
    let name = &waiter.name;
    let min = Literal::u64_unsuffixed(waiter.min_delay_ms);
    let max = Literal::u64_unsuffixed(waiter.max_delay_ms);
    let retry = &waiter.retry_errors;
    let doc = docs::lines(&docs::paragraphs(method_docs(
        waiter,
        &action.wire,
        &action.module,
    )));
    quote! {
        #doc
        pub async fn #method(
            &self,
            request: #module::#request,
            #param
            max_wait: ::std::time::Duration,
        ) -> ::std::result::Result<#output, #wait::WaitError<#output, #module::#codes>> {
            #(#readers)*
            const WAITER: #wait::Waiter<#output> = #wait::Waiter {
                name: #name,
                min_delay: ::std::time::Duration::from_millis(#min),
                max_delay: ::std::time::Duration::from_millis(#max),
                retry_errors: &[#(#retry),*],
                success: &[#(#success),*],
                failure: &[#(#failure),*],
            };
            #wait::until(&self.inner, request, max_wait, &WAITER, #argument).await
        }
    }
}

fn method_docs(waiter: &Waiter, action: &str, method: &str) -> Vec<String> {
    let mut parts = vec![
        format!(
            "Waits for `{}`: calls [`{method}`](Self::{method}) (`{action}`) until the wanted state.",
            waiter.name
        ),
        waiter.docs.clone(),
    ];
    let describe = |a: &Acceptor| {
        let wanted = match &a.expect {
            Expect::AnyOf(values) => values
                .iter()
                .map(|v| format!("`{v}`"))
                .collect::<Vec<_>>()
                .join(" or "),
            Expect::Argument => format!(
                "the wanted `{}`",
                // `argument` is set whenever an acceptor compares with it.
                waiter
                    .argument
                    .as_ref()
                    .map_or("value", |(n, _)| n.as_str())
            ),
        };
        let scope = match a.items {
            None => "",
            Some(ItemsMatch::All) => "every ",
            Some(ItemsMatch::Any) => "any ",
        };
        format!("- {scope}`{}` is {wanted}", a.path.text)
    };
    let mut conditions = String::from("Succeeds when:\n");
    for a in &waiter.success {
        conditions.push_str(&format!("\n{}", describe(a)));
    }
    parts.push(conditions);
    if !waiter.failure.is_empty() {
        let mut conditions = String::from("Fails with `WaitError::FailureState` when:\n");
        for a in &waiter.failure {
            conditions.push_str(&format!("\n{}", describe(a)));
        }
        parts.push(conditions);
    }
    let mut pacing = format!(
        "Pauses {} ms to {} ms between calls (exponential, with jitter).",
        waiter.min_delay_ms, waiter.max_delay_ms
    );
    if !waiter.retry_errors.is_empty() {
        let codes: Vec<String> = waiter
            .retry_errors
            .iter()
            .map(|c| format!("`{c}`"))
            .collect();
        pacing.push_str(&format!(" Keeps polling after {}.", codes.join(", ")));
    }
    parts.push(pacing);
    parts.push(
        "# Errors\n\n`WaitError::FailureState` as above, `WaitError::TimedOut` once `max_wait` has passed, and `WaitError::Call` when a call fails with an error that is neither listed above nor transient.".to_owned(),
    );
    parts
}

/// The Rust type of the wanted value, seen from the service module.
fn argument_type(service: &Service, ty: &Ty) -> TokenStream {
    match ty {
        Ty::Enum(i) => {
            let name = format_ident!("{}", service.enums[*i].rust);
            quote!(types::#name)
        }
        other => value_type(
            &Scope {
                service,
                types: "",
                action: None,
            },
            other,
        ),
    }
}

/// A function reading the values at `path` as `Display` writes them.
fn reader(name: &proc_macro2::Ident, output: &TokenStream, path: &MemberPath) -> TokenStream {
    let steps = path.steps.iter().map(|step| {
        let field = ident(&step.rust);
        if step.each {
            quote!(.flat_map(|v| v.#field.iter()))
        } else if step.optional {
            quote!(.filter_map(|v| v.#field.as_ref()))
        } else {
            quote!(.map(|v| &v.#field))
        }
    });
    quote! {
        fn #name(response: &#output) -> ::std::vec::Vec<::std::string::String> {
            ::std::iter::once(response)
                #(#steps)*
                .map(::std::string::ToString::to_string)
                .collect()
        }
    }
}

fn acceptor(read: &proc_macro2::Ident, a: &Acceptor) -> TokenStream {
    let wait = quote!(::cloud_sdk_runtime::wait);
    let path = &a.path.text;
    let expect = match &a.expect {
        Expect::AnyOf(values) => quote!(#wait::Expect::AnyOf(&[#(#values),*])),
        Expect::Argument => quote!(#wait::Expect::Argument),
    };
    let items = match a.items {
        None => quote!(One),
        Some(ItemsMatch::All) => quote!(All),
        Some(ItemsMatch::Any) => quote!(Any),
    };
    quote! {
        #wait::Acceptor {
            path: #path,
            read: #read,
            expect: #expect,
            items: #wait::Items::#items,
        }
    }
}
