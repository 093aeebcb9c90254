//! Failure classification: what a failed attempt means (a transport error, an error status) and whether and when it is retried.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::HeaderMap;

use super::error::{ApiError, Error, RateLimitedError};
use super::profile::RateLimitHeaders;
use super::response::{RateLimit, header_request_id};
use super::retry::{RetryPolicy, retry_after};
use crate::operation::*;

/// A failed attempt, and how long to wait before the next one (`None`: give up).
pub(crate) struct Failure {
    pub(crate) error: Error,
    pub(crate) retry_in: Option<Duration>,
    /// The server announced the wait (`Retry-After`, or a rate-limit reset): it does not count
    /// against `max_attempts`.
    pub(crate) announced: bool,
    /// Why it is retried, for the trace.
    pub(crate) reason: &'static str,
}

/// The time limits of one attempt.
#[derive(Clone, Copy)]
pub(crate) struct AttemptLimits {
    /// The request's total timeout.
    pub(crate) total: Duration,
    /// The per-attempt timeout.
    pub(crate) attempt: Duration,
    /// Whether this attempt runs until the total deadline (its timeout is the time left).
    pub(crate) last: bool,
}

/// Classifies an error from reqwest. An attempt that timed out after its request was sent is
/// retried on a new connection when the method is idempotent and time is left; otherwise the
/// call ends at once with [`Error::Timeout`], so a `POST` is never sent twice.
pub(crate) fn transport_failure(
    request: &OperationRequest,
    error: reqwest::Error,
    attempt: u32,
    limits: AttemptLimits,
    policy: &RetryPolicy,
) -> Result<Failure, Error> {
    let operation_id = request.operation_id;
    // A failed connect never reached the server, so even a create can be retried.
    let request_sent = !error.is_connect();
    if error.is_timeout() && request_sent {
        let timeout = if limits.last {
            limits.total
        } else {
            limits.attempt
        };
        let error = Error::Timeout {
            operation_id,
            timeout,
            attempts: attempt,
        };
        if limits.last || !request.method.is_idempotent() {
            return Err(error);
        }
        // A stalled attempt: the connection is dropped with it, the retry opens a new one.
        return Ok(Failure {
            error,
            retry_in: Some(Duration::ZERO),
            announced: false,
            reason: "attempt timed out",
        });
    }
    let retry = !request_sent || request.method.is_idempotent();
    Ok(Failure {
        retry_in: retry.then(|| policy.backoff(attempt)),
        announced: false,
        reason: if request_sent {
            "connection failed after sending"
        } else {
            "connection failed before sending"
        },
        error: Error::Transport {
            operation_id,
            request_sent,
            attempts: attempt,
            source: error,
        },
    })
}

/// The API's error body (`id`, `message`, `request_id`); every field optional so that a proxy's
/// body still yields a status.
#[derive(serde::Deserialize)]
pub(crate) struct WireError {
    pub(crate) id: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
}

// The answer's parts and the attempt's bookkeeping, each read once; a struct for them would only
// be unpacked again here.
#[allow(clippy::too_many_arguments)]
pub(crate) fn status_failure(
    request: &OperationRequest,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    attempt: u32,
    retry: u32,
    policy: &RetryPolicy,
    rate_limit_headers: Option<&RateLimitHeaders>,
) -> Failure {
    let wire = serde_json::from_slice::<WireError>(body).unwrap_or(WireError {
        id: None,
        message: None,
        request_id: None,
    });
    let request_id = wire
        .request_id
        .filter(|id| !id.is_empty())
        .or_else(|| header_request_id(headers));
    let rate_limit = RateLimit::from_headers(headers, rate_limit_headers);
    let now = chrono::Utc::now();
    if status == StatusCode::TOO_MANY_REQUESTS {
        let retry_after = retry_after(headers, now);
        let wait = policy.rate_limit_wait(retry_after, rate_limit.as_ref(), now, retry);
        return Failure {
            retry_in: wait.map(|wait| wait.delay),
            announced: wait.is_some_and(|wait| wait.announced),
            reason: "rate limited (429)",
            error: Error::RateLimited(Box::new(RateLimitedError {
                operation_id: request.operation_id,
                message: wire.message,
                retry_after,
                rate_limit,
                request_id,
                attempts: attempt,
            })),
        };
    }
    let transient = matches!(
        status,
        StatusCode::INTERNAL_SERVER_ERROR
            | StatusCode::BAD_GATEWAY
            | StatusCode::SERVICE_UNAVAILABLE
            | StatusCode::GATEWAY_TIMEOUT
    );
    let retry_in = (transient && request.method.is_idempotent()).then(|| {
        retry_after(headers, now)
            .filter(|wait| *wait <= policy.max_rate_limit_wait)
            .unwrap_or_else(|| policy.backoff(retry))
    });
    Failure {
        retry_in,
        announced: false,
        reason: "server error",
        error: Error::Api(Box::new(ApiError {
            operation_id: request.operation_id,
            status: status.as_u16(),
            id: wire.id,
            message: wire.message,
            request_id,
            rate_limit,
            attempts: attempt,
            preview: None,
        })),
    }
}
