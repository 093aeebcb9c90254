//! Constructors of [`Response`] and of every [`Error`] kind, for the unit tests of code that
//! uses the client (feature `test-support`). `digitalocean-client` re-exports them in its
//! `test_support` module, next to its canned-response server.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::{ApiError, DecodeError, Error, RateLimit, RateLimitedError, Response, ResponseMeta};

/// Builds a [`Response`] as the client would return it.
///
/// ```
/// use digitalocean_client_runtime::test_support::ResponseBuilder;
///
/// let response = ResponseBuilder::new(201).request_id("req-1").build(vec![1, 2, 3]);
/// assert_eq!(response.status(), 201);
/// assert_eq!(response.request_id(), Some("req-1"));
/// assert_eq!(response.len(), 3);
/// ```
#[derive(Clone, Debug)]
#[must_use]
pub struct ResponseBuilder {
    status: u16,
    request_id: Option<String>,
    rate_limit: Option<RateLimit>,
    attempts: u32,
}

impl ResponseBuilder {
    /// A response with this status, no request id, no rate limit and one attempt.
    pub fn new(status: u16) -> ResponseBuilder {
        ResponseBuilder {
            status,
            request_id: None,
            rate_limit: None,
            attempts: 1,
        }
    }

    /// The `x-request-id`.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = Some(request_id.into());
        self
    }

    /// The rate-limit state.
    pub fn rate_limit(mut self, limit: u64, remaining: u64, reset: DateTime<Utc>) -> Self {
        self.rate_limit = Some(RateLimit {
            limit,
            remaining,
            reset,
        });
        self
    }

    /// How many attempts the request took.
    pub fn attempts(mut self, attempts: u32) -> Self {
        self.attempts = attempts;
        self
    }

    /// The response, with `value` as its body.
    pub fn build<T>(self, value: T) -> Response<T> {
        Response::new(
            value,
            ResponseMeta::new(self.status, self.request_id, self.rate_limit, self.attempts),
        )
    }
}

/// [`Error::Api`]: an error status with the error body's `id` and `message`.
pub fn api_error(
    operation_id: &'static str,
    status: u16,
    id: Option<&str>,
    message: Option<&str>,
    request_id: Option<&str>,
) -> Error {
    Error::Api(Box::new(ApiError {
        operation_id,
        status,
        id: id.map(str::to_owned),
        message: message.map(str::to_owned),
        request_id: request_id.map(str::to_owned),
        rate_limit: None,
        attempts: 1,
        preview: None,
    }))
}

/// [`Error::RateLimited`]: the rate limit was exceeded and waiting was not allowed.
pub fn rate_limited(
    operation_id: &'static str,
    retry_after: Option<Duration>,
    rate_limit: Option<RateLimit>,
) -> Error {
    Error::RateLimited(Box::new(RateLimitedError {
        operation_id,
        message: None,
        retry_after,
        rate_limit,
        request_id: None,
        attempts: 1,
    }))
}

/// [`Error::Timeout`].
pub fn timeout(operation_id: &'static str, timeout: Duration, attempts: u32) -> Error {
    Error::Timeout {
        operation_id,
        timeout,
        attempts,
    }
}

/// [`Error::Transport`]. Its source is a stand-in `reqwest::Error` (reqwest errors cannot be
/// made directly); only `request_sent` and `attempts` are meaningful.
pub fn transport(operation_id: &'static str, request_sent: bool, attempts: u32) -> Error {
    let source = crate::stand_in_reqwest_error();
    Error::Transport {
        operation_id,
        request_sent,
        attempts,
        source,
    }
}

/// [`Error::Decode`]: a 2xx body that did not match the expected type at `path`.
pub fn decode_error(operation_id: &'static str, status: u16, path: &str, reason: &str) -> Error {
    Error::Decode(Box::new(DecodeError {
        operation_id,
        status,
        content_type: Some("application/json".to_owned()),
        path: path.to_owned(),
        reason: reason.to_owned(),
        excerpt: None,
        request_id: None,
    }))
}

/// [`Error::InvalidInput`].
pub fn invalid_input(message: impl Into<String>) -> Error {
    Error::InvalidInput {
        message: message.into(),
    }
}

/// [`Error::MissingToken`] naming `variables`, as
/// [`ClientBuilder::from_env`](crate::ClientBuilder::from_env) returns it.
pub fn missing_token(variables: &'static [&'static str]) -> Error {
    Error::MissingToken { variables }
}

/// [`Error::PaginationLoop`].
pub fn pagination_loop(link: impl Into<String>) -> Error {
    Error::PaginationLoop { link: link.into() }
}

/// [`Error::WaitTimeout`].
pub fn wait_timeout(
    operation_id: &'static str,
    timeout: Duration,
    last_state: Option<&str>,
) -> Error {
    Error::WaitTimeout {
        operation_id,
        timeout,
        last_state: last_state.map(str::to_owned),
    }
}

/// [`Error::WaitFailed`].
pub fn wait_failed(operation_id: &'static str, state: impl Into<String>) -> Error {
    Error::WaitFailed {
        operation_id,
        state: state.into(),
    }
}
