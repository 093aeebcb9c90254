//! Pagination: a stream of pages that follows each page's next link (where the page keeps it is
//! the generated [`Paginated`] impl's business: the API document declares it), and a stream of
//! their items.

use std::collections::HashSet;
use std::fmt;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;
use futures_util::stream::{self, StreamExt, TryStreamExt};
use url::Url;

use super::client::Client;
use super::error::Error;
use super::operation::OperationRequest;
use super::response::Response;

/// A list response that can point to its next page.
pub trait Paginated: serde::de::DeserializeOwned + Send + 'static {
    /// The listed item.
    type Item: Send + 'static;
    /// The next page's link (DigitalOcean's `links.pages.next`), if there is a next page.
    fn next_link(&self) -> Option<&str>;
    /// The number of items across all pages (DigitalOcean's `meta.total`), if known.
    fn total(&self) -> Option<u64>;
    /// The items of this page.
    fn into_items(self) -> Vec<Self::Item>;
}

type BoxStream<T> = Pin<Box<dyn Stream<Item = T> + Send>>;

/// A stream of pages of a list operation, each a [`Response`].
///
/// It sends the first request, then follows each page's next link until there is none. Only the
/// link's path and query are used, applied to the client's base URL, so the token is never sent
/// to another host. A link seen twice ends the stream with [`Error::PaginationLoop`]; an error
/// ends the stream after it is yielded.
#[must_use = "streams do nothing unless polled"]
pub struct Pages<P> {
    inner: BoxStream<Result<Response<P>, Error>>,
}

enum Next {
    First,
    Url(Url),
    Fail(Error),
    Done,
}

struct State {
    client: Client,
    request: OperationRequest,
    next: Next,
    seen: HashSet<String>,
}

impl<P: Paginated> Pages<P> {
    /// Pages starting with `first`, the list operation's request.
    ///
    /// The first poll yields [`Error::InvalidInput`] when `first` asks for a page size above the
    /// API's maximum (its profile's [`page_size`](crate::ApiProfile::page_size)).
    /// `client` is the runtime's client or one made from it (a generated client).
    #[doc(hidden)]
    pub fn new(client: impl Into<Client>, first: OperationRequest) -> Pages<P> {
        let state = State {
            client: client.into(),
            request: first,
            next: Next::First,
            seen: HashSet::new(),
        };
        let inner = stream::unfold(state, |mut state| async move {
            let url = match std::mem::replace(&mut state.next, Next::Done) {
                Next::Done => return None,
                Next::Fail(error) => return Some((Err(error), state)),
                Next::Url(url) => url,
                Next::First => match first_url(&state.client, &state.request) {
                    Ok(url) => {
                        state.seen.insert(url.to_string());
                        url
                    }
                    Err(error) => return Some((Err(error), state)),
                },
            };
            let page = state.client.execute_url::<P>(&state.request, url).await;
            if let Ok(page) = &page {
                state.next = match page.next_link().filter(|link| !link.is_empty()) {
                    None => Next::Done,
                    Some(link) => match state.client.link_url(&state.request, link) {
                        Err(error) => Next::Fail(error),
                        Ok(url) if state.seen.insert(url.to_string()) => Next::Url(url),
                        Ok(_) => Next::Fail(Error::PaginationLoop {
                            link: state.client.shown_link(link),
                        }),
                    },
                };
            }
            Some((page, state))
        });
        Pages {
            inner: Box::pin(inner),
        }
    }

    /// A stream whose only item is `error` (a request that failed its checks before sending).
    #[doc(hidden)]
    pub fn failed(error: Error) -> Pages<P> {
        Pages {
            inner: Box::pin(stream::once(async move { Err(error) })),
        }
    }

    /// The pages of a preview operation: each error passes through [`crate::preview`], so a
    /// 403 reads as "not enabled for this account".
    #[doc(hidden)]
    pub fn preview(self, reason: &'static str) -> Pages<P> {
        let inner = self
            .inner
            .map(move |page| crate::error::preview(page, reason));
        Pages {
            inner: Box::pin(inner),
        }
    }

    /// The items of every page, in order.
    pub fn items(self) -> Items<P> {
        let inner = self.inner.flat_map(|page| match page {
            Ok(page) => {
                stream::iter(page.into_inner().into_items().into_iter().map(Ok)).left_stream()
            }
            Err(error) => stream::iter([Err(error)]).right_stream(),
        });
        Items {
            inner: Box::pin(inner),
        }
    }

    /// Fetches every page and returns all items, or the first error.
    pub async fn collect_items(self) -> Result<Vec<P::Item>, Error> {
        self.items().try_collect().await
    }
}

fn first_url(client: &Client, request: &OperationRequest) -> Result<Url, Error> {
    if let Some((parameter, max)) = client.inner.profile.page_size() {
        for (name, value) in &request.query {
            if *name == parameter && value.trim().parse::<u64>().is_ok_and(|n| n > max) {
                return Err(Error::InvalidInput {
                    message: format!(
                        "{parameter} is {value}, but the API returns at most {max} items per page"
                    ),
                });
            }
        }
    }
    client.operation_url(request)
}

impl<P> Stream for Pages<P> {
    type Item = Result<Response<P>, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<P> fmt::Debug for Pages<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages").finish_non_exhaustive()
    }
}

/// A stream of the items of every page of a list operation; see [`Pages`].
#[must_use = "streams do nothing unless polled"]
pub struct Items<P: Paginated> {
    inner: BoxStream<Result<P::Item, Error>>,
}

impl<P: Paginated> Items<P> {
    /// Pages starting with `first`, flattened into items.
    #[doc(hidden)]
    pub fn new(client: impl Into<Client>, first: OperationRequest) -> Items<P> {
        Pages::<P>::new(client, first).items()
    }

    /// Fetches every page and returns all items, or the first error.
    pub async fn collect_items(self) -> Result<Vec<P::Item>, Error> {
        self.try_collect().await
    }
}

impl<P: Paginated> Stream for Items<P> {
    type Item = Result<P::Item, Error>;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.inner.as_mut().poll_next(cx)
    }
}

impl<P: Paginated> fmt::Debug for Items<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Items").finish_non_exhaustive()
    }
}
