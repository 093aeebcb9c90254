//! The retry loop: one call's attempts, each within its limits and the rate limiter's budget,
//! until a 2xx arrives or the policy gives up.

use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderValue};
use tokio::time::Instant;
use url::Url;

use super::error::{Error, RateLimitedError};
use super::profile::RateLimitHeaders;
use super::ratelimit::{Limiter, Observation, Permit, Refused, WaitReason, millis};
use super::response::{RateLimit, ResponseMeta};
use super::retry::{RetryPolicy, retry_after};
use crate::client::*;
use crate::decode::*;
use crate::failure::*;
use crate::operation::*;

impl Client {
    pub(crate) async fn send_attempts(
        &self,
        request: &OperationRequest,
        url: Url,
        read_body: bool,
    ) -> Result<Raw, Error> {
        let policy = request
            .options
            .retry_policy
            .as_ref()
            .unwrap_or(&self.inner.retry_policy);
        let timeout = request.options.timeout.unwrap_or(self.inner.timeout);
        let attempt_timeout = request
            .options
            .attempt_timeout
            .or(self.inner.attempt_timeout)
            .unwrap_or(timeout / DEFAULT_ATTEMPTS_PER_TIMEOUT);
        let deadline = Instant::now() + timeout;
        let operation_id = request.operation_id;
        let http = self.inner.http_for(request.options.connect_timeout)?;
        let headers = header_map(request)?;
        let mut attempt: u32 = 0;
        // Attempts that count against `max_attempts`: a wait the server announced does not.
        let mut burned: u32 = 0;
        loop {
            attempt += 1;
            let permit = match &self.inner.limiter {
                Some(limiter) => {
                    Some(acquire(limiter, request, policy, deadline, timeout, attempt - 1).await?)
                }
                None => None,
            };
            let started = Instant::now();
            let remaining = deadline.saturating_duration_since(started);
            if remaining.is_zero() {
                return Err(Error::Timeout {
                    operation_id,
                    timeout,
                    attempts: attempt - 1,
                });
            }
            let limits = AttemptLimits {
                total: timeout,
                attempt: attempt_timeout,
                last: attempt_timeout >= remaining,
            };
            let sent = self
                .attempt_request(
                    &http,
                    request,
                    &url,
                    &headers,
                    attempt_timeout.min(remaining),
                )
                .send()
                .await;
            let failure = match sent {
                Err(error) => {
                    drop(permit);
                    attempt_failed(attempt, started, &error);
                    transport_failure(request, error, attempt, limits, policy)?
                }
                Ok(response) => {
                    tracing::debug!(
                        attempt,
                        status = response.status().as_u16(),
                        elapsed_ms = millis(started.elapsed()),
                        "attempt answered"
                    );
                    let answered = Answered {
                        request,
                        policy,
                        attempt,
                        burned,
                        started,
                        limits,
                        permit,
                        rate_limit_headers: self.inner.profile.rate_limit_headers(),
                    };
                    match answered.read(response, read_body).await? {
                        Ok(raw) => return Ok(raw),
                        Err(failure) => failure,
                    }
                }
            };
            let Some(delay) = failure.retry_in else {
                return Err(failure.error);
            };
            let may_retry = if failure.announced {
                policy.max_attempts > 1
            } else {
                burned += 1;
                burned < policy.max_attempts
            };
            if !may_retry || Instant::now() + delay >= deadline {
                return Err(failure.error);
            }
            tracing::info!(
                attempt,
                wait_ms = millis(delay),
                reason = failure.reason,
                announced = failure.announced,
                "retrying after a wait"
            );
            // With the limiter on, a 429 has paused the whole client for this wait: the next
            // permit waits for it, in queue order with everyone else.
            let limiter_waits = self.inner.limiter.is_some() && failure.error.status() == Some(429);
            if !limiter_waits && !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
        }
    }
}

impl Client {
    /// One attempt's HTTP request: the operation's method, URL, headers and body, ended after
    /// `timeout`.
    fn attempt_request(
        &self,
        http: &reqwest::Client,
        request: &OperationRequest,
        url: &Url,
        headers: &HeaderMap,
        timeout: Duration,
    ) -> reqwest::RequestBuilder {
        let mut builder = http
            .request(request.method.to_reqwest(), url.clone())
            .timeout(timeout);
        if self.inner.supplied_http {
            // The application's client does not carry the token and user agent.
            builder = builder.headers(self.inner.default_headers.clone());
        }
        if !headers.is_empty() {
            builder = builder.headers(headers.clone());
        }
        if let Some(body) = &request.body {
            builder = builder
                .header(header::CONTENT_TYPE, body.content_type.as_ref())
                .body(body.bytes.clone());
        }
        builder
    }
}

/// An attempt the server answered, with what reading its answer needs.
struct Answered<'r, 'l> {
    request: &'r OperationRequest,
    policy: &'r RetryPolicy,
    attempt: u32,
    /// Attempts so far that count against `max_attempts`.
    burned: u32,
    started: Instant,
    limits: AttemptLimits,
    permit: Option<Permit<'l>>,
    /// The headers the API reports its rate limit in (its profile's).
    rate_limit_headers: Option<&'r RateLimitHeaders>,
}

impl Answered<'_, '_> {
    /// The answer as the call's result (`Ok(Ok)`), a failure the loop may retry (`Ok(Err)`),
    /// or an error that ends the call.
    async fn read(
        self,
        response: reqwest::Response,
        read_body: bool,
    ) -> Result<Result<Raw, Failure>, Error> {
        if response.status().is_success() {
            self.success(response, read_body).await
        } else {
            Ok(Err(self.error_status(response).await))
        }
    }

    async fn success(
        self,
        response: reqwest::Response,
        read_body: bool,
    ) -> Result<Result<Raw, Failure>, Error> {
        let Answered {
            request,
            policy,
            attempt,
            started,
            limits,
            permit,
            rate_limit_headers,
            ..
        } = self;
        // Only what the caller keeps is read from the headers: no copy of the header map or of
        // the body on the success path.
        let meta = ResponseMeta::from_headers(
            response.status().as_u16(),
            response.headers(),
            attempt,
            rate_limit_headers,
        )
        .with_origin(request.operation_id, request.method);
        if let Some(permit) = permit {
            permit.finish(&Observation {
                rate_limit: meta.rate_limit(),
                pause: None,
                answered: true,
            });
        }
        if !read_body {
            return Ok(Ok(Raw {
                meta,
                content_type: None,
                body: Bytes::new(),
            }));
        }
        let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
        match response.bytes().await {
            // A GET must answer with its body; an empty one is a failure, retried like any
            // failure of an idempotent request.
            Ok(body) if request.method == Method::Get && has_no_body(meta.status(), &body) => {
                Ok(Err(Failure {
                    retry_in: Some(policy.backoff(attempt)),
                    announced: false,
                    reason: "empty body",
                    error: Error::EmptyBody {
                        operation_id: request.operation_id,
                        method: request.method,
                        status: meta.status(),
                        request_id: meta.request_id().map(str::to_owned),
                        attempts: attempt,
                    },
                }))
            }
            Ok(body) => Ok(Ok(Raw {
                meta,
                content_type,
                body,
            })),
            Err(error) => {
                attempt_failed(attempt, started, &error);
                transport_failure(request, error, attempt, limits, policy).map(Err)
            }
        }
    }

    async fn error_status(self, response: reqwest::Response) -> Failure {
        let status = response.status();
        let headers = response.headers().clone();
        if let Some(permit) = self.permit {
            let rate_limit = RateLimit::from_headers(&headers, self.rate_limit_headers);
            let pause = (status == StatusCode::TOO_MANY_REQUESTS).then(|| {
                let now = chrono::Utc::now();
                retry_after(&headers, now).or_else(|| {
                    self.policy
                        .rate_limit_wait(None, rate_limit.as_ref(), now, self.burned + 1)
                        .map(|wait| wait.delay)
                })
            });
            permit.finish(&Observation {
                rate_limit: rate_limit.as_ref(),
                pause: pause.flatten(),
                answered: true,
            });
        }
        // An unreadable error body still leaves the status to report.
        let body = response.bytes().await.unwrap_or_default();
        status_failure(
            self.request,
            status,
            &headers,
            &body,
            self.attempt,
            self.burned + 1,
            self.policy,
            self.rate_limit_headers,
        )
    }
}

/// Waits for the limiter's permit; a wait it refuses becomes [`Error::RateLimited`] without the
/// request being sent, and running out of time while queued [`Error::Timeout`].
pub(crate) async fn acquire<'a>(
    limiter: &'a Limiter,
    request: &OperationRequest,
    policy: &RetryPolicy,
    deadline: Instant,
    timeout: Duration,
    attempts: u32,
) -> Result<Permit<'a>, Error> {
    if let Some(permit) = limiter.try_acquire() {
        return Ok(permit);
    }
    let operation_id = request.operation_id;
    match tokio::time::timeout_at(
        deadline,
        limiter.acquire(policy.max_rate_limit_wait, deadline),
    )
    .await
    {
        Ok(Ok(permit)) => Ok(permit),
        Ok(Err(Refused {
            wait,
            reason,
            rate_limit,
        })) => Err(Error::RateLimited(Box::new(RateLimitedError {
            operation_id,
            message: Some(format!(
                "not sent: the client's rate limiter would wait {:.1}s ({}), longer than the \
                 retry policy's max_rate_limit_wait or the time left before the timeout",
                wait.as_secs_f64(),
                reason.as_str()
            )),
            retry_after: (reason == WaitReason::RetryAfter).then_some(wait),
            rate_limit,
            request_id: None,
            attempts,
        }))),
        Err(_) => Err(Error::Timeout {
            operation_id,
            timeout,
            attempts,
        }),
    }
}

/// Records a failed attempt without its error text (reqwest's names the URL).
pub(crate) fn attempt_failed(attempt: u32, started: Instant, error: &reqwest::Error) {
    let kind = if error.is_timeout() {
        "timeout"
    } else if error.is_connect() {
        "connect"
    } else if error.is_body() || error.is_decode() {
        "body"
    } else {
        "transport"
    };
    tracing::debug!(
        attempt,
        error = kind,
        elapsed_ms = millis(started.elapsed()),
        "attempt failed"
    );
}

/// The request's headers, checked before anything is sent: the operation's own (header
/// parameters, `Accept` of a non-JSON response), then the caller's extra headers, which replace
/// the operation's of the same name. Each replaces the client's default of the same name.
pub(crate) fn header_map(request: &OperationRequest) -> Result<HeaderMap, Error> {
    let mut map = HeaderMap::new();
    for (name, value) in &request.headers {
        let (name, value) = parse_header(name, value)?;
        map.append(name, value);
    }
    let mut extra = HeaderMap::new();
    for (name, value) in &request.options.headers {
        let (name, mut value) = parse_header(name, value)?;
        value.set_sensitive(true);
        extra.append(name, value);
    }
    // `extend` replaces every name `extra` has, keeping all of its values.
    map.extend(extra);
    Ok(map)
}

pub(crate) fn parse_header(
    name: &str,
    value: &str,
) -> Result<(header::HeaderName, HeaderValue), Error> {
    let header_name =
        header::HeaderName::from_bytes(name.as_bytes()).map_err(|_| Error::InvalidInput {
            message: format!("{name:?} is not a valid HTTP header name"),
        })?;
    // The value is not echoed: a header parameter may carry a secret.
    let header_value = HeaderValue::from_str(value).map_err(|_| Error::InvalidInput {
        message: format!(
            "the value of the {name} header has characters that cannot be sent in an HTTP header"
        ),
    })?;
    Ok((header_name, header_value))
}
