//! The one error type of the client, with enough detail to act on and nothing secret in it.

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};

use super::operation::Method;
use super::response::RateLimit;

/// Everything that can go wrong when calling the API.
///
/// No variant ever holds the API token, and response bodies appear only as described on
/// [`DecodeError`], so errors are safe to log.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API answered with an error status (other than a rate limit that was given up on).
    #[error("{0}")]
    Api(Box<ApiError>),
    /// The API refused the request for exceeding the rate limit, and waiting for it to clear
    /// was not allowed by the [`RetryPolicy`](super::RetryPolicy) or the timeout. With
    /// `attempts: 0` the request was not sent at all: the client's shared rate limiter knew the
    /// budget was spent until a time beyond `max_rate_limit_wait` or the timeout.
    #[error("{0}")]
    RateLimited(Box<RateLimitedError>),
    /// The request (all attempts and waits together, time queued for the rate limiter included)
    /// took longer than its timeout; or an attempt of a `POST` or `PATCH`, which is never sent
    /// twice, took longer than the per-attempt timeout, and then `timeout` is that per-attempt
    /// value and the server may have received the request.
    #[error("{operation_id} timed out after {timeout:?} ({attempts} attempt(s))")]
    #[non_exhaustive]
    Timeout {
        /// The operation that timed out.
        operation_id: &'static str,
        /// The timeout that was exceeded (the total one, or the per-attempt one as above).
        timeout: Duration,
        /// Attempts sent.
        attempts: u32,
    },
    /// The connection failed.
    #[error(
        "could not reach the API for {operation_id} ({}, {attempts} attempt(s)): {source}",
        if *request_sent { "the request may have been received" } else { "the request was not sent" }
    )]
    #[non_exhaustive]
    Transport {
        /// The operation that failed.
        operation_id: &'static str,
        /// `false` when the connection failed before the request was sent, so it surely had no
        /// effect; `true` when the server may have received it.
        request_sent: bool,
        /// Attempts made.
        attempts: u32,
        /// The underlying HTTP error.
        #[source]
        source: reqwest::Error,
    },
    /// A successful response could not be decoded into the expected type.
    #[error("{0}")]
    Decode(Box<DecodeError>),
    /// A successful (2xx) response came without the body the caller needed.
    ///
    /// For a `GET` this is a failure like any other, retried by the client's policy and
    /// [`is_retryable`](Error::is_retryable). A state-changing operation (POST, PUT, PATCH,
    /// DELETE) whose success has no body is *not* an error: its `send()` returns
    /// `Ok(Response<Option<T>>)` holding `None`. This variant appears for one only when the caller
    /// insists on a body ([`Response::require_body`](super::Response::require_body)); the server
    /// did the work then, so it is never retryable.
    #[error(
        "the {status} response of {operation_id} had an empty body where a JSON body was expected{}{}",
        if matches!(method, Method::Get) {
            format!(" ({attempts} attempt(s))")
        } else {
            format!(
                "; the server accepted the {} and it was not retried",
                format!("{method:?}").to_ascii_uppercase()
            )
        },
        request_id.as_ref().map(|id| format!(" (request_id {id})")).unwrap_or_default()
    )]
    #[non_exhaustive]
    EmptyBody {
        /// The operation whose response had no body.
        operation_id: &'static str,
        /// The request's method.
        method: Method,
        /// The HTTP status of the response.
        status: u16,
        /// The `x-request-id` of the response.
        request_id: Option<String>,
        /// Attempts made.
        attempts: u32,
    },
    /// The request could not be built from what the caller gave (bad base URL, bad path, body that
    /// is not JSON-serialisable, a page size above the API's maximum, ...).
    #[error("invalid input: {message}")]
    #[non_exhaustive]
    InvalidInput {
        /// What was wrong.
        message: String,
    },
    /// [`ClientBuilder::from_env`](super::ClientBuilder::from_env) found no API token in the environment.
    #[error(
        "no API token: set {}",
        variables.join(" or ")
    )]
    #[non_exhaustive]
    MissingToken {
        /// The environment variables that were read, in order of preference.
        variables: &'static [&'static str],
    },
    /// A list kept pointing back to a page it had already returned.
    #[error("pagination loop: the next link {link} points to a page that was already fetched")]
    #[non_exhaustive]
    PaginationLoop {
        /// The repeated next link.
        link: String,
    },
    /// A waiter gave up before the resource reached a success state.
    #[error(
        "gave up waiting on {operation_id} after {timeout:?}; last state: {}",
        last_state.as_deref().unwrap_or("unknown")
    )]
    #[non_exhaustive]
    WaitTimeout {
        /// The operation that was polled.
        operation_id: &'static str,
        /// The waiter's timeout.
        timeout: Duration,
        /// The last state seen, if any.
        last_state: Option<String>,
    },
    /// A waiter saw a terminal failure state.
    #[error("{operation_id} reached the failure state {state}")]
    #[non_exhaustive]
    WaitFailed {
        /// The operation that was polled.
        operation_id: &'static str,
        /// The failure state reported.
        state: String,
    },
}

impl Error {
    /// Whether trying the same call again later may succeed: server errors, rate limits, timeouts
    /// and connection failures. (The client already retried what its policy allows.)
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(api) => api.status >= 500 || api.status == 408,
            Error::RateLimited(_) | Error::Timeout { .. } | Error::Transport { .. } => true,
            Error::EmptyBody { method, .. } => matches!(method, Method::Get),
            _ => false,
        }
    }

    /// The HTTP status of the response that caused the error, if there was one.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::RateLimited(_) => Some(429),
            Error::Decode(decode) => Some(decode.status),
            Error::EmptyBody { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The API's request id (`x-request-id`) for the failed request, if a response was received.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => api.request_id.as_deref(),
            Error::RateLimited(limited) => limited.request_id.as_deref(),
            Error::Decode(decode) => decode.request_id.as_deref(),
            Error::EmptyBody { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }
}

/// Details of [`Error::Api`]: an error status and the API's error body (`id`, `message`).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApiError {
    /// The operation that failed.
    pub operation_id: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// The error body's `id`, e.g. `not_found` (absent when the body was not the API's
    /// error object, e.g. from a proxy).
    pub id: Option<String>,
    /// The error body's human-readable `message`.
    pub message: Option<String>,
    /// The request id from the error body, else from the `x-request-id` header.
    pub request_id: Option<String>,
    /// The rate-limit state sent with the error.
    pub rate_limit: Option<RateLimit>,
    /// Attempts made.
    pub attempts: u32,
    /// Set when the operation is a preview the API has not made generally available (the
    /// spec's `x-preview` reason, possibly empty): a 403 then means the preview is not enabled
    /// for this account, not that the token is bad.
    pub preview: Option<&'static str>,
}

impl ApiError {
    /// Whether this is a preview operation refused because the account does not have it (a
    /// 403 from an operation the spec marks `x-preview`).
    pub fn preview_not_enabled(&self) -> bool {
        self.preview.is_some() && self.status == 403
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.preview_not_enabled() {
            write!(
                f,
                "{} is a preview that is not enabled for this account (the API answered 403; \
                 the token was read, ask the provider for access)",
                self.operation_id
            )?;
            if let Some(reason) = self.preview.filter(|r| !r.is_empty()) {
                write!(f, ": {reason}")?;
            }
            f.write_str("; ")?;
        }
        write!(f, "API error {}", self.status)?;
        match &self.id {
            Some(id) => write!(f, " {id}")?,
            None => {
                let reason = reqwest::StatusCode::from_u16(self.status)
                    .ok()
                    .and_then(|s| s.canonical_reason());
                if let Some(reason) = reason {
                    write!(f, " {reason}")?;
                }
            }
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        write!(f, " (operation {}", self.operation_id)?;
        if let Some(request_id) = &self.request_id {
            write!(f, ", request_id {request_id}")?;
        }
        if self.attempts > 1 {
            write!(f, ", {} attempts", self.attempts)?;
        }
        f.write_str(")")
    }
}

/// Details of [`Error::RateLimited`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RateLimitedError {
    /// The operation that was refused.
    pub operation_id: &'static str,
    /// The error body's message, if it had one.
    pub message: Option<String>,
    /// How long the server asked the client to wait (`Retry-After`).
    pub retry_after: Option<Duration>,
    /// The rate-limit state, including when it resets.
    pub rate_limit: Option<RateLimit>,
    /// The request id from the body, else from the `x-request-id` header.
    pub request_id: Option<String>,
    /// Attempts made.
    pub attempts: u32,
}

impl RateLimitedError {
    /// When the rate-limit window resets, if the server said.
    pub fn reset(&self) -> Option<DateTime<Utc>> {
        self.rate_limit.as_ref().map(|r| r.reset)
    }
}

impl fmt::Display for RateLimitedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "rate limit exceeded for {}", self.operation_id)?;
        if let Some(limit) = &self.rate_limit {
            write!(
                f,
                " ({} of {} requests remaining, resets at {})",
                limit.remaining,
                limit.limit,
                limit.reset.to_rfc3339()
            )?;
        }
        if let Some(wait) = self.retry_after {
            write!(f, "; retry after {}s", wait.as_secs())?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request_id {request_id})")?;
        }
        Ok(())
    }
}

/// Details of [`Error::Decode`].
///
/// To keep secrets (fields marked sensitive) out of logs, the error never quotes a value from a
/// body that looks like JSON: for a body of the wrong shape it names the JSON path, what was
/// expected and the JSON kind found there (`string`, `object`, ...); for broken JSON it gives
/// the parser's position only. A short [`excerpt`](DecodeError::excerpt) is kept only when the
/// body does not start like JSON at all (an HTML error page from a proxy, say).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// The operation whose response failed to decode.
    pub operation_id: &'static str,
    /// The HTTP status of the response.
    pub status: u16,
    /// The `Content-Type` of the response.
    pub content_type: Option<String>,
    /// Where in the body decoding failed, e.g. `ssh_keys[2].fingerprint` (`.` for the root).
    pub path: String,
    /// What went wrong there, without any value from the body.
    pub reason: String,
    /// The first characters of the body, only when the body is not JSON-like.
    pub excerpt: Option<String>,
    /// The `x-request-id` of the response.
    pub request_id: Option<String>,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "could not decode the {} response of {} at `{}`: {}",
            self.status, self.operation_id, self.path, self.reason
        )?;
        if let Some(excerpt) = &self.excerpt {
            write!(f, "; the body starts with {excerpt:?}")?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request_id {request_id})")?;
        }
        Ok(())
    }
}

/// The hook a generated preview operation's `send` passes its result through: an
/// [`Error::Api`] learns that the operation is a preview (`reason` is the spec's `x-preview`),
/// so a 403 reads as "not enabled for this account". Anything else passes unchanged.
#[doc(hidden)]
pub fn preview<T>(result: Result<T, Error>, reason: &'static str) -> Result<T, Error> {
    result.map_err(|error| match error {
        Error::Api(mut api) => {
            api.preview = Some(reason);
            Error::Api(api)
        }
        other => other,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_stays_small() {
        assert!(
            std::mem::size_of::<Error>() <= 64,
            "{}",
            std::mem::size_of::<Error>()
        );
    }

    #[test]
    fn api_error_display_is_actionable() {
        let error = Error::Api(Box::new(ApiError {
            operation_id: "ssh_keys_get",
            status: 404,
            id: Some("not_found".into()),
            message: Some("The resource you were accessing could not be found.".into()),
            request_id: Some("abc-123".into()),
            rate_limit: None,
            attempts: 1,
            preview: None,
        }));
        assert_eq!(
            error.to_string(),
            "API error 404 not_found: The resource you were accessing could not be found. \
             (operation ssh_keys_get, request_id abc-123)"
        );
        assert!(!error.is_retryable());
        assert_eq!(error.status(), Some(404));
        assert_eq!(error.request_id(), Some("abc-123"));
    }

    #[test]
    fn a_403_from_a_preview_reads_as_not_enabled_and_other_errors_do_not_change() {
        let forbidden = || {
            Error::Api(Box::new(ApiError {
                operation_id: "secrets_list",
                status: 403,
                id: Some("forbidden".into()),
                message: Some("You are not authorized to perform this operation".into()),
                request_id: None,
                rate_limit: None,
                attempts: 1,
                preview: None,
            }))
        };
        let plain = forbidden().to_string();
        assert!(!plain.contains("not enabled"), "{plain}");
        let marked = preview::<()>(Err(forbidden()), "Secrets Manager is in preview").unwrap_err();
        let Error::Api(api) = &marked else {
            panic!("{marked:?}")
        };
        assert!(api.preview_not_enabled());
        let text = marked.to_string();
        assert!(
            text.starts_with("secrets_list is a preview that is not enabled for this account"),
            "{text}"
        );
        assert!(text.contains("Secrets Manager is in preview"), "{text}");
        assert!(text.contains("API error 403 forbidden"), "{text}");
        // Not a 403: the usual message; not an API error: untouched.
        let missing = preview::<()>(
            Err(Error::InvalidInput {
                message: "x".into(),
            }),
            "r",
        )
        .unwrap_err();
        assert_eq!(missing.to_string(), "invalid input: x");
        assert_eq!(preview(Ok::<_, Error>(1), "r").unwrap(), 1);
    }
}
