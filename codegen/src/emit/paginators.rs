//! Paginators: a client method per list action, and the small
//! `Paginated` impl that tells the runtime's engine where the cursor, the
//! items, the total and the next token live.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::docs;
use super::ident;
use super::structs::{value_type, Scope};
use crate::model::{Action, Cursor, InputMember, MemberPath, Paginator, Service};

/// Name of the client method (`describe_migration_jobs_paginator`).
pub fn method_name(action: &Action) -> String {
    format!("{}_paginator", action.module.trim_start_matches("r#"))
}

/// The client method returning the paginator of `action`, if it pages.
pub fn client_method(action: &Action) -> Option<TokenStream> {
    let paginator = action.paginator.as_ref()?;
    let method = format_ident!("{}", method_name(action));
    let module = ident(&action.module);
    let request = format_ident!("{}", action.input.rust);
    let call = ident(&action.module);
    let stops = match &paginator.cursor {
        Cursor::Token { output, .. } => {
            format!("Pages follow `{}` until it comes back empty.", output.text)
        }
        Cursor::Offset(member) | Cursor::PageNumber(member) => {
            let mut text = format!(
                "Each request moves `{}` on; the page size the request sets{} is kept. Paging stops at an empty or short page",
                member.wire,
                paginator
                    .page_size
                    .as_ref()
                    .map(|s| format!(" (`{}`)", s.wire))
                    .unwrap_or_default()
            );
            if let Some(total) = &paginator.total {
                text.push_str(&format!(", or once `{}` items were seen", total.text));
            }
            text.push('.');
            text
        }
    };
    let doc = docs::lines(&docs::paragraphs([
        format!(
            "Pages of [`{call}`](Self::{call}): `.pages()` streams whole responses, `.items()` the `{}` of every page.",
            paginator.items.text
        ),
        stops,
        "The streams end after the first error, which they return.".to_owned(),
    ]));
    let deprecated = super::structs::deprecated_attr(action.deprecated.as_deref());
    Some(quote! {
        #doc
        #deprecated
        pub fn #method(
            &self,
            request: #module::#request,
        ) -> ::cloud_sdk_runtime::paginate::Paginator<#module::#request> {
            ::cloud_sdk_runtime::paginate::Paginator::new(self.inner.clone(), request)
        }
    })
}

/// The `Paginated` impl of the request of `action`, if it pages; emitted in
/// the action's module.
pub fn paginated_impl(service: &Service, action: &Action) -> Option<TokenStream> {
    let paginator = action.paginator.as_ref()?;
    let scope = Scope {
        service,
        types: "super::types::",
        action: Some(&action.wire),
    };
    let request = format_ident!("{}", action.input.rust);
    let response = format_ident!("{}", action.output.rust);
    let item = value_type(&scope, paginator.item_type());
    let paging = quote!(::cloud_sdk_runtime::paginate);
    let cursor = match &paginator.cursor {
        Cursor::Offset(member) => {
            let field = ident(&member.rust);
            quote!(#paging::Cursor::Offset(&mut self.#field))
        }
        Cursor::PageNumber(member) => {
            let field = ident(&member.rust);
            quote!(#paging::Cursor::PageNumber(&mut self.#field))
        }
        Cursor::Token { input, .. } => {
            let field = ident(&input.rust);
            quote!(#paging::Cursor::Token(&mut self.#field))
        }
    };
    let page_size = match &paginator.page_size {
        Some(InputMember { rust, .. }) => {
            let field = ident(rust);
            quote!(#paging::Number::get(&self.#field))
        }
        None => quote!(::std::option::Option::None),
    };
    let count = match borrowed(&paginator.items, false) {
        Chain::Plain(place) => quote!(#place.len()),
        Chain::Optional(value) => quote!(#value.map_or(0, ::std::vec::Vec::len)),
    };
    let items = match owned(&paginator.items) {
        Chain::Plain(place) => place,
        Chain::Optional(value) => quote!(#value.unwrap_or_default()),
    };
    let total = paginator.total.as_ref().map(|total| {
        let value = match borrowed(total, true) {
            Chain::Plain(place) => quote!(#paging::Number::get(&#place)),
            Chain::Optional(value) => quote!(#value.and_then(#paging::Number::get)),
        };
        quote! {
            fn total(page: &#response) -> ::std::option::Option<u64> {
                #value
            }
        }
    });
    let next_token = next_token(paginator).map(|path| {
        let value = match borrowed(path, true) {
            Chain::Plain(place) => quote!(#paging::Token::token(&#place)),
            Chain::Optional(value) => quote!(#value.and_then(#paging::Token::token)),
        };
        quote! {
            fn next_token(page: &#response) -> ::std::option::Option<&str> {
                #value
            }
        }
    });
    Some(quote! {
        impl #paging::Paginated for #request {
            type Item = #item;

            fn cursor(&mut self) -> #paging::Cursor<'_> {
                #cursor
            }

            fn page_size(&self) -> ::std::option::Option<u64> {
                #page_size
            }

            fn item_count(page: &#response) -> usize {
                #count
            }

            fn into_items(page: #response) -> ::std::vec::Vec<#item> {
                #items
            }

            #total
            #next_token
        }
    })
}

fn next_token(paginator: &Paginator) -> Option<&MemberPath> {
    match &paginator.cursor {
        Cursor::Token { output, .. } => Some(output),
        _ => None,
    }
}

/// An expression reaching a member of `page`.
enum Chain {
    /// A place that is always there (`page.job_list`).
    Plain(TokenStream),
    /// An `Option` of it (`page.migration_jobs.as_ref().map(|v| &v.migration_job)`).
    Optional(TokenStream),
}

/// `path` read by reference from `page` (paths of paginators never look
/// into lists). With `whole_last`, the last member is reached as it is
/// declared, `Option` included, for the runtime's `Number` and `Token`.
fn borrowed(path: &MemberPath, whole_last: bool) -> Chain {
    let mut chain = Chain::Plain(quote!(page));
    for (i, step) in path.steps.iter().enumerate() {
        let field = ident(&step.rust);
        let optional = step.optional && !(whole_last && i + 1 == path.steps.len());
        chain = match (chain, optional) {
            (Chain::Plain(place), false) => Chain::Plain(quote!(#place.#field)),
            (Chain::Plain(place), true) => Chain::Optional(quote!(#place.#field.as_ref())),
            (Chain::Optional(value), false) => Chain::Optional(quote!(#value.map(|v| &v.#field))),
            (Chain::Optional(value), true) => {
                Chain::Optional(quote!(#value.and_then(|v| v.#field.as_ref())))
            }
        };
    }
    chain
}

/// `path` moved out of `page`.
fn owned(path: &MemberPath) -> Chain {
    let mut chain = Chain::Plain(quote!(page));
    for step in &path.steps {
        let field = ident(&step.rust);
        chain = match (chain, step.optional) {
            (Chain::Plain(place), false) => Chain::Plain(quote!(#place.#field)),
            (Chain::Plain(place), true) => Chain::Optional(quote!(#place.#field)),
            (Chain::Optional(value), false) => Chain::Optional(quote!(#value.map(|v| v.#field))),
            (Chain::Optional(value), true) => {
                Chain::Optional(quote!(#value.and_then(|v| v.#field)))
            }
        };
    }
    chain
}
