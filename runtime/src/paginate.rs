//! Paging through list actions: the engine behind the generated
//! `<action>_paginator` methods.
//!
//! A generated request type implements [`Paginated`], which says where its
//! cursor and page size live and where a response keeps its items, total
//! and next token. [`Paginator`] does the rest, the same way for every
//! action and vendor:
//!
//! - the request is sent as the caller built it: the page size the caller
//!   set (or the service default) is never changed, and the first page is
//!   the one the caller's cursor selects;
//! - an offset cursor advances by the number of items received, a page
//!   number by one; a token cursor sends back the token of the last page;
//! - paging stops after an empty page, a page shorter than the page size
//!   the request set, once the items seen reach the total the latest page
//!   reports (so a total that changes between pages is followed), or when
//!   the next token is absent, empty or the one just sent;
//! - the first error is returned, and then the stream ends.

use std::collections::VecDeque;

use futures_core::Stream;

use crate::{Client, Error, Operation};

/// A request member a numeric cursor or page size lives in: an integer, a
/// string holding one, or an optional one.
pub trait Number {
    /// The value, when set and a non-negative integer.
    fn get(&self) -> Option<u64>;
    /// Sets the value (saturating at the type's maximum).
    fn set(&mut self, value: u64);
}

macro_rules! number {
    ($($ty:ty),*) => {$(
        impl Number for $ty {
            fn get(&self) -> Option<u64> {
                u64::try_from(*self).ok()
            }
            fn set(&mut self, value: u64) {
                *self = <$ty>::try_from(value).unwrap_or(<$ty>::MAX);
            }
        }
    )*};
}

number!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Number for String {
    fn get(&self) -> Option<u64> {
        self.trim().parse().ok()
    }
    fn set(&mut self, value: u64) {
        *self = value.to_string();
    }
}

impl<T: Number + Default> Number for Option<T> {
    fn get(&self) -> Option<u64> {
        self.as_ref().and_then(Number::get)
    }
    fn set(&mut self, value: u64) {
        self.get_or_insert_with(T::default).set(value);
    }
}

/// A request member a continuation token lives in.
pub trait Token {
    /// The token, when set.
    fn token(&self) -> Option<&str>;
    /// Sets the token.
    fn set_token(&mut self, token: String);
}

impl Token for String {
    fn token(&self) -> Option<&str> {
        Some(self)
    }
    fn set_token(&mut self, token: String) {
        *self = token;
    }
}

impl Token for Option<String> {
    fn token(&self) -> Option<&str> {
        self.as_deref()
    }
    fn set_token(&mut self, token: String) {
        *self = Some(token);
    }
}

/// The request member that selects a page.
pub enum Cursor<'a> {
    /// Index of the first item, from 0.
    Offset(&'a mut dyn Number),
    /// Page number, from 1.
    PageNumber(&'a mut dyn Number),
    /// Continuation token.
    Token(&'a mut dyn Token),
}

/// A request of a list action that pages (implemented by generated code).
pub trait Paginated: Operation + Clone {
    /// One item of a page.
    type Item;

    /// The request's cursor member.
    fn cursor(&mut self) -> Cursor<'_>;
    /// The page size the request sets, if any.
    fn page_size(&self) -> Option<u64>;
    /// Number of items in a page.
    fn item_count(page: &Self::Output) -> usize;
    /// The items of a page.
    fn into_items(page: Self::Output) -> Vec<Self::Item>;
    /// The total number of items a page reports.
    fn total(_page: &Self::Output) -> Option<u64> {
        None
    }
    /// The token of the next page.
    fn next_token(_page: &Self::Output) -> Option<&str> {
        None
    }
}

/// Pages of a list action, from the page the request selects to the last.
///
/// Built by the generated `<action>_paginator` methods. Read pages one by
/// one with [`next_page`](Self::next_page), or as a [`Stream`] of pages
/// ([`pages`](Self::pages)) or of items ([`items`](Self::items)).
#[derive(Debug)]
pub struct Paginator<R> {
    client: Client,
    /// The request of the next page; `None` once paging has ended.
    next: Option<R>,
    /// Items seen so far, counting those before the first page requested.
    seen: u64,
}

impl<R: Paginated> Paginator<R> {
    /// Pages of `request`, sent through `client`.
    pub fn new(client: Client, mut request: R) -> Self {
        let page_size = request.page_size();
        let seen = match request.cursor() {
            Cursor::Offset(offset) => offset.get().unwrap_or(0),
            Cursor::PageNumber(page) => match (page.get(), page_size) {
                (Some(page), Some(size)) => page.saturating_sub(1).saturating_mul(size),
                _ => 0,
            },
            Cursor::Token(_) => 0,
        };
        Self {
            client,
            next: Some(request),
            seen,
        }
    }

    /// The next page; `None` once the last page was returned, or after an
    /// error (which is returned once).
    pub async fn next_page(&mut self) -> Option<Result<R::Output, Error<R::ErrorCode>>> {
        let request = self.next.take()?;
        let page = match self.client.send(request.clone()).await {
            Ok(page) => page,
            Err(error) => return Some(Err(error)),
        };
        self.next = self.following(request, &page);
        Some(Ok(page))
    }

    /// The request of the page after `page`, or `None` when `page` is the last.
    fn following(&mut self, mut request: R, page: &R::Output) -> Option<R> {
        let count = R::item_count(page) as u64;
        self.seen = self.seen.saturating_add(count);
        let short = request.page_size().is_some_and(|size| count < size);
        let total_reached = R::total(page).is_some_and(|total| self.seen >= total);
        let next_token = R::next_token(page).map(str::to_owned);
        match request.cursor() {
            Cursor::Offset(offset) => {
                if count == 0 || short || total_reached {
                    return None;
                }
                let at = offset.get().unwrap_or(0);
                offset.set(at.saturating_add(count));
            }
            Cursor::PageNumber(number) => {
                if count == 0 || short || total_reached {
                    return None;
                }
                let at = number.get().unwrap_or(1);
                number.set(at.saturating_add(1));
            }
            Cursor::Token(token) => {
                let next = next_token.filter(|t| !t.is_empty())?;
                if token.token() == Some(next.as_str()) {
                    // The service sent back the token it was given: following
                    // it would return the same page forever.
                    return None;
                }
                token.set_token(next);
            }
        }
        Some(request)
    }

    /// Every page, as a stream that ends after the last page or the first error.
    pub fn pages(self) -> impl Stream<Item = Result<R::Output, Error<R::ErrorCode>>> + Send {
        futures_util::stream::unfold(self, |mut pages| async move {
            let page = pages.next_page().await?;
            Some((page, pages))
        })
    }

    /// Every item of every page, as a stream that ends after the last item
    /// or the first error.
    pub fn items(self) -> impl Stream<Item = Result<R::Item, Error<R::ErrorCode>>> + Send
    where
        R::Item: Send,
    {
        let state = (self, VecDeque::new());
        futures_util::stream::unfold(state, |(mut pages, mut items)| async move {
            loop {
                if let Some(item) = items.pop_front() {
                    return Some((Ok(item), (pages, items)));
                }
                match pages.next_page().await? {
                    Ok(page) => items = R::into_items(page).into(),
                    Err(error) => return Some((Err(error), (pages, items))),
                }
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_and_saturate() {
        let mut small: i32 = 0;
        small.set(u64::MAX);
        assert_eq!(small, i32::MAX);
        assert_eq!((-1i64).get(), None);
        let mut text = String::from(" 7 ");
        assert_eq!(Number::get(&text), Some(7));
        Number::set(&mut text, 8);
        assert_eq!(text, "8");
        let mut absent: Option<u64> = None;
        assert_eq!(absent.get(), None);
        absent.set(20);
        assert_eq!(absent, Some(20));
    }

    #[test]
    fn tokens_read_and_write() {
        let mut token: Option<String> = None;
        assert_eq!(token.token(), None);
        token.set_token("abc".into());
        assert_eq!(token.token(), Some("abc"));
    }
}
