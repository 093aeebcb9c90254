//! Successful responses and the metadata an API sends with its answers: status, request id
//! and rate-limit state.

use std::ops::Deref;

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, HeaderValue};

use super::error::Error;
use super::operation::Method;
use super::profile::RateLimitHeaders;

/// The rate-limit state, read from the headers the API's profile names (DigitalOcean's:
/// `ratelimit-limit`, `ratelimit-remaining` and `ratelimit-reset`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateLimit {
    /// Requests allowed in the current window (e.g. `ratelimit-limit`).
    pub limit: u64,
    /// Requests left in the current window (e.g. `ratelimit-remaining`).
    pub remaining: u64,
    /// When the window resets (e.g. `ratelimit-reset`, sent as Unix epoch seconds).
    pub reset: DateTime<Utc>,
}

impl RateLimit {
    /// Reads the three headers `names`; `None` unless the API has them and all three are present
    /// and well formed.
    pub(crate) fn from_headers(
        headers: &HeaderMap,
        names: Option<&RateLimitHeaders>,
    ) -> Option<RateLimit> {
        let names = names?;
        let number =
            |name: &str| -> Option<u64> { headers.get(name)?.to_str().ok()?.trim().parse().ok() };
        let reset_secs: i64 = headers
            .get(names.reset)?
            .to_str()
            .ok()?
            .trim()
            .parse()
            .ok()?;
        Some(RateLimit {
            limit: number(names.limit)?,
            remaining: number(names.remaining)?,
            reset: DateTime::from_timestamp(reset_secs, 0)?,
        })
    }
}

/// Reads the `x-request-id` header (DigitalOcean sends one with every response).
pub(crate) fn header_request_id(headers: &HeaderMap) -> Option<String> {
    let value = headers.get("x-request-id")?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

/// The `x-request-id` of a response: the header's value as it came (a reference-counted slice
/// of the response, so keeping it copies nothing), read as text only when asked for; or a value
/// given as text (the `test-support` constructors).
#[derive(Clone, Debug)]
enum RequestId {
    Header(HeaderValue),
    Text(String),
}

impl RequestId {
    fn as_str(&self) -> Option<&str> {
        let text = match self {
            RequestId::Header(value) => value.to_str().ok()?.trim(),
            RequestId::Text(text) => text.as_str(),
        };
        (!text.is_empty()).then_some(text)
    }
}

impl PartialEq for RequestId {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for RequestId {}

/// What a response said besides its body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseMeta {
    status: u16,
    /// `None` when the header was absent.
    request_id: Option<RequestId>,
    rate_limit: Option<RateLimit>,
    attempts: u32,
    /// The operation and method that got this response (always set by the client).
    origin: Option<(&'static str, Method)>,
}

impl ResponseMeta {
    /// Metadata as given (the `test-support` feature builds responses with it).
    #[allow(dead_code)]
    pub(crate) fn new(
        status: u16,
        request_id: Option<String>,
        rate_limit: Option<RateLimit>,
        attempts: u32,
    ) -> ResponseMeta {
        ResponseMeta {
            status,
            request_id: request_id.map(RequestId::Text),
            rate_limit,
            attempts,
            origin: None,
        }
    }

    /// The metadata of an answer. The rate limit is parsed at once (the client's shared limiter
    /// learns from every answer); the request id is kept as the header's bytes and read as text
    /// on first access, so a caller who never asks pays no copy.
    pub(crate) fn from_headers(
        status: u16,
        headers: &HeaderMap,
        attempts: u32,
        rate_limit_headers: Option<&RateLimitHeaders>,
    ) -> ResponseMeta {
        ResponseMeta {
            status,
            request_id: headers.get("x-request-id").cloned().map(RequestId::Header),
            rate_limit: RateLimit::from_headers(headers, rate_limit_headers),
            attempts,
            origin: None,
        }
    }

    pub(crate) fn with_origin(mut self, operation_id: &'static str, method: Method) -> Self {
        self.origin = Some((operation_id, method));
        self
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The `x-request-id` the API assigned, if it sent one; quote it when contacting support.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_ref()?.as_str()
    }

    /// The rate-limit state after this request, when the server sent it.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.rate_limit.as_ref()
    }

    /// How many attempts the request took (1 when it was not retried).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }
}

/// A decoded successful response: the body plus its [`ResponseMeta`]. Derefs to the body.
///
/// A state-changing operation (POST, PUT, PATCH, DELETE) that documents a body returns
/// `Response<Option<T>>`, because a server may answer it 2xx with no body at all; that is a
/// success, `None`, never a decode error and never retried. See [`Response::require_body`].
/// A GET always has its body; an empty one is [`Error::EmptyBody`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response<T> {
    value: T,
    meta: ResponseMeta,
}

impl<T> Response<T> {
    pub(crate) fn new(value: T, meta: ResponseMeta) -> Response<T> {
        Response { value, meta }
    }

    /// Takes the body, dropping the metadata.
    pub fn into_inner(self) -> T {
        self.value
    }

    /// Splits the response into body and metadata.
    pub fn into_parts(self) -> (T, ResponseMeta) {
        (self.value, self.meta)
    }

    /// Borrows the body.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        self.meta.status
    }

    /// The `x-request-id` of the response.
    pub fn request_id(&self) -> Option<&str> {
        self.meta.request_id()
    }

    /// The rate-limit state after this request.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.meta.rate_limit()
    }

    /// All metadata of the response.
    pub fn meta(&self) -> &ResponseMeta {
        &self.meta
    }

    /// Transforms the body, keeping the metadata.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Response<U> {
        Response {
            value: f(self.value),
            meta: self.meta,
        }
    }
}

/// The response of a state-changing operation (POST, PUT, PATCH, DELETE) that documents a body.
///
/// A server may answer such a request with a 2xx and no body at all (a `202 Accepted` or a
/// `204 No Content`, whatever the spec says): the change was made, so `send()` returns `Ok`, with
/// the status, request id and rate limit, and `None` as the value. It is never reported as a
/// decode error and never retried. A body that is present is decoded as usual (`Some`).
impl<T> Response<Option<T>> {
    /// Whether the server sent a body.
    pub fn has_body(&self) -> bool {
        self.value.is_some()
    }

    /// The response with its body, or [`Error::EmptyBody`] when the server sent none. That
    /// error is not retryable: the server had already accepted the change.
    ///
    /// # Errors
    /// [`Error::EmptyBody`] when the response had no body.
    pub fn require_body(self) -> Result<Response<T>, Error> {
        let Response { value, meta } = self;
        match value {
            Some(value) => Ok(Response { value, meta }),
            None => {
                let (operation_id, method) =
                    meta.origin.unwrap_or(("unknown operation", Method::Post));
                Err(Error::EmptyBody {
                    operation_id,
                    method,
                    status: meta.status,
                    request_id: meta.request_id().map(str::to_owned),
                    attempts: meta.attempts,
                })
            }
        }
    }
}

impl<T> Deref for Response<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.value
    }
}
