//! The HTTP client: configuration, authentication, URL building, the retry loop and decoding.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;
use tokio::time::Instant;
use tracing::Instrument;
use url::{Host, Url};

use super::encoding::{RequestBody, check_path};
use super::error::{ApiError, DecodeError, Error, RateLimitedError};
use super::ratelimit::{Limiter, Observation, Permit, Refused, WaitReason, millis};
use super::response::{RateLimit, Response, ResponseMeta, header_request_id};
use super::retry::{RetryPolicy, retry_after};
use super::sensitive::Sensitive;

const DEFAULT_BASE_URL: &str = "https://api.digitalocean.com";
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Without an explicit attempt timeout, one attempt may take this share of the total timeout.
const DEFAULT_ATTEMPTS_PER_TIMEOUT: u32 = 3;
const USER_AGENT: &str = concat!("digitalocean-client/", env!("CARGO_PKG_VERSION"));
/// How many characters of a non-JSON body a [`DecodeError`] keeps.
const EXCERPT_CHARS: usize = 200;

/// A DigitalOcean API client. Cheap to clone: clones share one connection pool and one
/// rate-limit budget (see [`ClientBuilder::rate_limiter`]).
///
/// Its `Debug` output shows the base URL and the timeouts and retry policy, never the token.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    timeout: Duration,
    connect_timeout: Duration,
    retry_policy: RetryPolicy,
    /// The longest one attempt may take; `None`: a third of the request's total timeout.
    attempt_timeout: Option<Duration>,
    /// The rate-limit budget shared by every clone; `None` when switched off.
    limiter: Option<Limiter>,
    /// The headers every request carries (authorization, accept, user agent).
    default_headers: HeaderMap,
    /// Whether `http` is the application's own client ([`ClientBuilder::http_client`]): the
    /// default headers are then sent with each request rather than set on the client.
    supplied_http: bool,
    /// HTTP clients for per-request connect timeouts other than the client's, built on first
    /// use. reqwest fixes the connect timeout per connection pool, so each distinct value gets
    /// its own pool.
    connect_overrides: Mutex<Vec<(Duration, reqwest::Client)>>,
}

impl Inner {
    /// The HTTP client for a request: the shared one, or one with the request's connect timeout.
    fn http_for(
        &self,
        connect_timeout: Option<Duration>,
    ) -> Result<Cow<'_, reqwest::Client>, Error> {
        if self.supplied_http && connect_timeout.is_some() {
            return Err(Error::InvalidInput {
                message: "a per-request connect timeout cannot be applied to an HTTP client \
                          supplied with ClientBuilder::http_client; set it on that client"
                    .into(),
            });
        }
        let Some(wanted) = connect_timeout.filter(|t| *t != self.connect_timeout) else {
            return Ok(Cow::Borrowed(&self.http));
        };
        let mut overrides = self
            .connect_overrides
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some((_, http)) = overrides.iter().find(|(t, _)| *t == wanted) {
            return Ok(Cow::Owned(http.clone()));
        }
        let http = http_client(self.default_headers.clone(), wanted)?;
        overrides.push((wanted, http.clone()));
        Ok(Cow::Owned(http))
    }
}

fn http_client(headers: HeaderMap, connect_timeout: Duration) -> Result<reqwest::Client, Error> {
    // The TLS stack comes from the crate's features (see `tls.rs`); no process-wide state is set.
    super::tls::http_builder()?
        .default_headers(headers)
        .connect_timeout(connect_timeout)
        // Redirects are not followed: DigitalOcean does not send them, and following one could
        // carry the token somewhere else.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| Error::InvalidInput {
            message: format!("the HTTP client could not be initialised: {e}"),
        })
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .field("timeout", &self.inner.timeout)
            .field("connect_timeout", &self.inner.connect_timeout)
            .field("attempt_timeout", &self.inner.attempt_timeout)
            .field("retry_policy", &self.inner.retry_policy)
            .field("rate_limiter", &self.inner.limiter.is_some())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client for `https://api.digitalocean.com` with the default timeouts and retry policy.
    ///
    /// # Panics
    /// If the token has characters that cannot be sent in an HTTP header, or the TLS backend
    /// cannot start. [`Client::builder`] reports those as [`Error::InvalidInput`] instead.
    pub fn new(token: impl Into<String>) -> Client {
        match Client::builder().token(token).build() {
            Ok(client) => client,
            Err(error) => panic!("could not create the DigitalOcean client: {error}"),
        }
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to.
    pub fn base_url(&self) -> &str {
        self.inner.base_url.as_str()
    }

    /// Sends a request and decodes its 2xx JSON body into `T`.
    #[doc(hidden)]
    pub async fn execute<T: DeserializeOwned>(
        &self,
        request: OperationRequest,
    ) -> Result<Response<T>, Error> {
        let url = self.operation_url(&request)?;
        self.execute_url(&request, url).await
    }

    /// Sends a state-changing request (POST, PUT, PATCH, DELETE) whose documented success has a
    /// JSON body. A 2xx with an empty body (or any 204/205, which never has one) is a success
    /// with the value `None`; it is not retried. A body that is present is decoded into `T`.
    #[doc(hidden)]
    pub async fn execute_optional<T: DeserializeOwned>(
        &self,
        request: OperationRequest,
    ) -> Result<Response<Option<T>>, Error> {
        let url = self.operation_url(&request)?;
        let raw = self.send(&request, url, true).await?;
        if has_no_body(raw.meta.status(), &raw.body) {
            return Ok(Response::new(None, raw.meta));
        }
        decode::<T>(&request, raw).map(|response| response.map(Some))
    }

    /// Sends a request whose success body is not JSON (a CSV, a PDF, YAML) and returns its bytes
    /// as they came.
    #[doc(hidden)]
    pub async fn execute_raw(&self, request: OperationRequest) -> Result<Response<Bytes>, Error> {
        let url = self.operation_url(&request)?;
        let raw = self.send(&request, url, true).await?;
        Ok(Response::new(raw.body, raw.meta))
    }

    /// Sends a request whose success has no body (202, 204): the body is never parsed.
    #[doc(hidden)]
    pub async fn execute_empty(&self, request: OperationRequest) -> Result<Response<()>, Error> {
        let url = self.operation_url(&request)?;
        let raw = self.send(&request, url, false).await?;
        Ok(Response::new((), raw.meta))
    }

    pub(crate) async fn execute_url<T: DeserializeOwned>(
        &self,
        request: &OperationRequest,
        url: Url,
    ) -> Result<Response<T>, Error> {
        let raw = self.send(request, url, true).await?;
        decode(request, raw)
    }

    /// The URL of an operation: the base URL's path followed by the operation's path and query.
    pub(crate) fn operation_url(&self, request: &OperationRequest) -> Result<Url, Error> {
        check_path(&request.path)?;
        let mut url = self.inner.base_url.clone();
        url.set_path(&format!(
            "{}{}",
            base_path(&self.inner.base_url),
            request.path
        ));
        if !request.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &request.query {
                pairs.append_pair(name, value);
            }
        }
        Ok(url)
    }

    /// The URL of a pagination link: only its path and query are used, on the configured base
    /// URL, so a link naming another host never receives the token.
    pub(crate) fn link_url(&self, link: &str) -> Result<Url, Error> {
        let parsed = self
            .inner
            .base_url
            .join(link)
            .map_err(|e| Error::InvalidInput {
                message: format!("the next-page link {link:?} is not a valid URL: {e}"),
            })?;
        let prefix = base_path(&self.inner.base_url);
        let path = parsed.path();
        let full_path = if !prefix.is_empty() && path.starts_with(&format!("{prefix}/")) {
            path.to_owned()
        } else {
            format!("{prefix}{path}")
        };
        let mut url = self.inner.base_url.clone();
        url.set_path(&full_path);
        url.set_query(parsed.query());
        Ok(url)
    }

    /// Sends the request, retrying as the policy allows, until a 2xx arrives or it gives up.
    ///
    /// Everything it does is inside one `tracing` span per call that names the operation, the
    /// method and the path template: never the token, a header value or a body.
    pub(crate) async fn send(
        &self,
        request: &OperationRequest,
        url: Url,
        read_body: bool,
    ) -> Result<Raw, Error> {
        let span = tracing::debug_span!(
            "digitalocean.request",
            operation_id = request.operation_id,
            method = request.method.as_str(),
            path = request.path_template,
        );
        self.send_attempts(request, url, read_body)
            .instrument(span)
            .await
    }

    async fn send_attempts(
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
            let mut builder = http
                .request(request.method.to_reqwest(), url.clone())
                .timeout(attempt_timeout.min(remaining));
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
            let failure = match builder.send().await {
                Err(error) => {
                    drop(permit);
                    attempt_failed(attempt, started, &error);
                    transport_failure(request, error, attempt, limits, policy)?
                }
                Ok(response) => {
                    let status = response.status();
                    tracing::debug!(
                        attempt,
                        status = status.as_u16(),
                        elapsed_ms = millis(started.elapsed()),
                        "attempt answered"
                    );
                    if status.is_success() {
                        // Only what the caller keeps is read from the headers: no copy of the
                        // header map or of the body on the success path.
                        let meta = ResponseMeta::from_headers(
                            status.as_u16(),
                            response.headers(),
                            attempt,
                        )
                        .with_origin(operation_id, request.method);
                        if let Some(permit) = permit {
                            permit.finish(&Observation {
                                rate_limit: meta.rate_limit(),
                                pause: None,
                                answered: true,
                            });
                        }
                        if !read_body {
                            return Ok(Raw {
                                meta,
                                content_type: None,
                                body: Bytes::new(),
                            });
                        }
                        let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
                        match response.bytes().await {
                            // A GET must answer with its body; an empty one is a failure,
                            // retried like any failure of an idempotent request.
                            Ok(body)
                                if request.method == Method::Get
                                    && has_no_body(meta.status(), &body) =>
                            {
                                Failure {
                                    retry_in: Some(policy.backoff(attempt)),
                                    announced: false,
                                    reason: "empty body",
                                    error: Error::EmptyBody {
                                        operation_id,
                                        method: request.method,
                                        status: meta.status(),
                                        request_id: meta.request_id().map(str::to_owned),
                                        attempts: attempt,
                                    },
                                }
                            }
                            Ok(body) => {
                                return Ok(Raw {
                                    meta,
                                    content_type,
                                    body,
                                });
                            }
                            Err(error) => {
                                attempt_failed(attempt, started, &error);
                                transport_failure(request, error, attempt, limits, policy)?
                            }
                        }
                    } else {
                        let headers = response.headers().clone();
                        if let Some(permit) = permit {
                            let rate_limit = RateLimit::from_headers(&headers);
                            let pause = (status == StatusCode::TOO_MANY_REQUESTS).then(|| {
                                let now = chrono::Utc::now();
                                retry_after(&headers, now).or_else(|| {
                                    policy
                                        .rate_limit_wait(None, rate_limit.as_ref(), now, burned + 1)
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
                            request,
                            status,
                            &headers,
                            &body,
                            attempt,
                            burned + 1,
                            policy,
                        )
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

/// Waits for the limiter's permit; a wait it refuses becomes [`Error::RateLimited`] without the
/// request being sent, and running out of time while queued [`Error::Timeout`].
async fn acquire<'a>(
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
fn attempt_failed(attempt: u32, started: Instant, error: &reqwest::Error) {
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
fn header_map(request: &OperationRequest) -> Result<HeaderMap, Error> {
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

fn parse_header(name: &str, value: &str) -> Result<(header::HeaderName, HeaderValue), Error> {
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

/// A failed attempt, and how long to wait before the next one (`None`: give up).
struct Failure {
    error: Error,
    retry_in: Option<Duration>,
    /// The server announced the wait (`Retry-After`, or a rate-limit reset): it does not count
    /// against `max_attempts`.
    announced: bool,
    /// Why it is retried, for the trace.
    reason: &'static str,
}

/// The time limits of one attempt.
#[derive(Clone, Copy)]
struct AttemptLimits {
    /// The request's total timeout.
    total: Duration,
    /// The per-attempt timeout.
    attempt: Duration,
    /// Whether this attempt runs until the total deadline (its timeout is the time left).
    last: bool,
}

/// Classifies an error from reqwest. An attempt that timed out after its request was sent is
/// retried on a new connection when the method is idempotent and time is left; otherwise the
/// call ends at once with [`Error::Timeout`], so a `POST` is never sent twice.
fn transport_failure(
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

/// DigitalOcean's error body; every field optional so that a proxy's body still yields a status.
#[derive(serde::Deserialize)]
struct WireError {
    id: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
}

fn status_failure(
    request: &OperationRequest,
    status: StatusCode,
    headers: &HeaderMap,
    body: &[u8],
    attempt: u32,
    retry: u32,
    policy: &RetryPolicy,
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
    let rate_limit = RateLimit::from_headers(headers);
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
        })),
    }
}

/// A 2xx response with its body read.
pub(crate) struct Raw {
    pub(crate) meta: ResponseMeta,
    /// As the header came (a shared slice, no copy); read as text only to check or report it.
    pub(crate) content_type: Option<HeaderValue>,
    pub(crate) body: Bytes,
}

pub(crate) fn decode<T: DeserializeOwned>(
    request: &OperationRequest,
    raw: Raw,
) -> Result<Response<T>, Error> {
    let operation_id = request.operation_id;
    let Raw {
        meta,
        content_type,
        body,
    } = raw;
    // Not a JSON syntax error: the server sent nothing (a GET was retried before it got here).
    if has_no_body(meta.status(), &body) {
        return Err(Error::EmptyBody {
            operation_id,
            method: request.method,
            status: meta.status(),
            request_id: meta.request_id().map(str::to_owned),
            attempts: meta.attempts(),
        });
    }
    let decode_error = |path: String, reason: String| {
        Error::Decode(Box::new(DecodeError {
            operation_id,
            status: meta.status(),
            content_type: content_type
                .as_ref()
                .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
            path,
            reason,
            excerpt: excerpt(&body),
            request_id: meta.request_id().map(str::to_owned),
        }))
    };
    if let Some(content_type) = &content_type
        && !is_json_content_type(content_type.as_bytes())
    {
        let content_type = String::from_utf8_lossy(content_type.as_bytes());
        return Err(decode_error(
            ".".into(),
            format!("expected a JSON body, got content type {content_type:?}"),
        ));
    }
    // The fast path decodes without tracking the path; only a failure pays for decoding again
    // with `serde_path_to_error` to say where (it costs ~45% on a 200-item page).
    if let Ok(value) = serde_json::from_slice::<T>(&body) {
        return Ok(Response::new(value, meta));
    }
    let mut deserializer = serde_json::Deserializer::from_slice(&body);
    let value = match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(value) => value,
        Err(error) => {
            let path = error.path().to_string();
            let reason = describe_json_error(error.inner(), &body, error.path());
            return Err(decode_error(path, reason));
        }
    };
    if let Err(error) = deserializer.end() {
        return Err(decode_error(".".into(), error.to_string()));
    }
    Ok(Response::new(value, meta))
}

/// Whether a 2xx response carries no body: 204 and 205 never do (whatever bytes follow), and
/// any other status with nothing but whitespace has none either.
fn has_no_body(status: u16, body: &[u8]) -> bool {
    status == 204 || status == 205 || body.iter().all(u8::is_ascii_whitespace)
}

/// Whether a `Content-Type` value is JSON (`application/json` or any `+json`, any case),
/// checked on the bytes without copying them.
fn is_json_content_type(content_type: &[u8]) -> bool {
    let essence = content_type
        .split(|b| *b == b';')
        .next()
        .unwrap_or_default()
        .trim_ascii();
    essence.eq_ignore_ascii_case(b"application/json")
        || (essence.len() >= 5 && essence[essence.len() - 5..].eq_ignore_ascii_case(b"+json"))
}

/// The start of a body that does not look like JSON; `None` for anything JSON-like, which might
/// hold sensitive values.
fn excerpt(body: &[u8]) -> Option<String> {
    let first = body.iter().find(|b| !b.is_ascii_whitespace())?;
    if matches!(first, b'{' | b'[' | b'"') {
        return None;
    }
    Some(
        String::from_utf8_lossy(body)
            .chars()
            .take(EXCERPT_CHARS)
            .collect(),
    )
}

/// Explains a serde_json failure without repeating any value from the body. Syntax and
/// end-of-input messages name only the position; data messages ("invalid type: string
/// \"...\", expected u64") can quote values, so only their `expected` clause is kept, with the
/// JSON kind found at the failing path.
fn describe_json_error(
    error: &serde_json::Error,
    body: &[u8],
    path: &serde_path_to_error::Path,
) -> String {
    if error.classify() != serde_json::error::Category::Data {
        return error.to_string();
    }
    let position = format!("line {} column {}", error.line(), error.column());
    let message = error.to_string();
    let message = match message.rfind(" at line ") {
        Some(at) => &message[..at],
        None => message.as_str(),
    };
    if message.starts_with("missing field ") || message.starts_with("duplicate field ") {
        // Field names come from the Rust type, not from the body.
        return format!("{message} at {position}");
    }
    let found = json_kind_at(body, path);
    // The last ", expected " is the type's own description; a value quoted earlier in the
    // message cannot follow it.
    match message.rsplit_once(", expected ") {
        Some((_, expected)) => format!("expected {expected}, found {found} at {position}"),
        None => format!("the {found} here is not valid for this field at {position}"),
    }
}

fn json_kind_at(body: &[u8], path: &serde_path_to_error::Path) -> &'static str {
    use serde_path_to_error::Segment;
    let Ok(mut value) = serde_json::from_slice::<serde_json::Value>(body) else {
        return "value";
    };
    for segment in path.iter() {
        let next = match segment {
            Segment::Seq { index } => value.get_mut(*index).map(serde_json::Value::take),
            Segment::Map { key } => value.get_mut(key.as_str()).map(serde_json::Value::take),
            Segment::Enum { .. } | Segment::Unknown => None,
        };
        match next {
            Some(next) => value = next,
            None => return "value",
        }
    }
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// The base URL's path without its trailing slash (`""` for `https://api.digitalocean.com`).
fn base_path(base_url: &Url) -> &str {
    base_url.path().trim_end_matches('/')
}

/// Configures a [`Client`]. Its `Debug` output never shows the token.
#[derive(Clone, Debug, Default)]
#[must_use]
pub struct ClientBuilder {
    pub(crate) token: Option<Sensitive<String>>,
    pub(crate) base_url: Option<String>,
    http_client: Option<SuppliedHttp>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry_policy: Option<RetryPolicy>,
    attempt_timeout: Option<Duration>,
    rate_limiter: Option<bool>,
    user_agent_suffix: Option<String>,
}

impl ClientBuilder {
    /// The API token (a personal access token or OAuth token), sent as `Authorization: Bearer`.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Sensitive::new(token.into()));
        self
    }

    /// Where to send requests (default `https://api.digitalocean.com`). Must be `https`, except
    /// for loopback hosts (`localhost`, `127.0.0.0/8`, `::1`), which may use plain `http`.
    pub fn base_url(mut self, base_url: impl Into<String>) -> Self {
        self.base_url = Some(base_url.into());
        self
    }

    /// The longest one call may take, retries and waits included (default 60 s). Requests can
    /// override it.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The longest opening a connection may take (default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The retry policy of every request (default [`RetryPolicy::default`]). Requests can
    /// override it.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// The longest one attempt may take before it is abandoned (default: a third of the
    /// request's total timeout). A `GET`, `PUT` or `DELETE` whose attempt stalls is then retried
    /// on a new connection while the total timeout allows; a `POST` or `PATCH` is never sent
    /// twice, so its stalled attempt ends the call with [`Error::Timeout`]. Requests can
    /// override it.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Whether the client keeps a shared rate-limit budget (default `true`).
    ///
    /// With it on, every clone of the client spends one budget read from DigitalOcean's
    /// `ratelimit-*` headers: requests wait for the window's reset instead of being sent into a
    /// spent window, the first request probes an unknown budget before the rest follow, and a
    /// 429 with `Retry-After` pauses every request of the client. Callers are served in arrival
    /// order. Turn it off when the application rate-limits elsewhere (e.g. one limiter for
    /// several processes); each request then only reacts to its own 429s.
    pub fn rate_limiter(mut self, enabled: bool) -> Self {
        self.rate_limiter = Some(enabled);
        self
    }

    /// Sends requests through the application's own `reqwest::Client` (a proxy, custom root
    /// certificates, a shared connection pool) instead of one the client builds.
    ///
    /// What still comes from this crate: the `Authorization`, `Accept` and `User-Agent` headers
    /// (sent with every request, replacing the supplied client's defaults of the same names;
    /// its other default headers are sent too), the total timeout (set on each request, so it
    /// replaces the supplied client's own total timeout), retries, rate-limit handling, errors
    /// and the base-URL checks. What comes from the supplied client: TLS (its crypto provider and
    /// roots, whatever this crate's TLS features say), proxies, the connect timeout, the pool and
    /// the redirect policy. Build it with `redirect(reqwest::redirect::Policy::none())` to keep
    /// this crate's rule of never following redirects (reqwest's default follows up to 10, and
    /// drops `Authorization` only when a redirect leaves the host).
    ///
    /// [`connect_timeout`](Self::connect_timeout) cannot be applied to a supplied client:
    /// setting both makes [`build`](Self::build) fail, and a per-request connect timeout fails
    /// that request with [`Error::InvalidInput`] before anything is sent.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(SuppliedHttp(client));
        self
    }

    /// Text appended to the `User-Agent` header, e.g. `my-tool/1.2`.
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when the token is missing or not a valid header value, the base
    /// URL is invalid or not `https` for a non-loopback host, the user-agent suffix is not a
    /// valid header value, a connect timeout is set together with a supplied
    /// [`http_client`](Self::http_client), or the HTTP client cannot start.
    pub fn build(self) -> Result<Client, Error> {
        let invalid = |message: String| Error::InvalidInput { message };
        let token = self
            .token
            .ok_or_else(|| invalid("an API token is required".into()))?;
        if token.expose().trim().is_empty() {
            return Err(invalid("the API token is empty".into()));
        }
        let mut authorization = HeaderValue::from_str(&format!("Bearer {}", token.expose().trim()))
            .map_err(|_| {
                invalid("the API token has characters that cannot be sent in an HTTP header".into())
            })?;
        authorization.set_sensitive(true);

        let base_url = parse_base_url(self.base_url.as_deref().unwrap_or(DEFAULT_BASE_URL))?;

        let user_agent = match &self.user_agent_suffix {
            Some(suffix) => format!("{USER_AGENT} {suffix}"),
            None => USER_AGENT.to_owned(),
        };
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| {
            invalid("the user-agent suffix is not a valid HTTP header value".into())
        })?;

        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, authorization);
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(header::USER_AGENT, user_agent);

        let supplied_http = self.http_client.is_some();
        let (http, connect_timeout) = match self.http_client {
            Some(SuppliedHttp(http)) => {
                if self.connect_timeout.is_some() {
                    return Err(invalid(
                        "connect_timeout cannot be applied to a client supplied with \
                         http_client; set the connect timeout on that reqwest::Client"
                            .into(),
                    ));
                }
                (http, DEFAULT_CONNECT_TIMEOUT)
            }
            None => {
                let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
                (
                    http_client(headers.clone(), connect_timeout)?,
                    connect_timeout,
                )
            }
        };

        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
                connect_timeout,
                retry_policy: self.retry_policy.unwrap_or_default(),
                attempt_timeout: self.attempt_timeout,
                limiter: self.rate_limiter.unwrap_or(true).then(Limiter::default),
                default_headers: headers,
                supplied_http,
                connect_overrides: Mutex::new(Vec::new()),
            }),
        })
    }
}

/// An application's `reqwest::Client`; its `Debug` output does not show its default headers,
/// which may hold credentials of their own.
#[derive(Clone)]
struct SuppliedHttp(reqwest::Client);

impl fmt::Debug for SuppliedHttp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("reqwest::Client { .. }")
    }
}

fn parse_base_url(text: &str) -> Result<Url, Error> {
    let invalid = |message: String| Error::InvalidInput { message };
    // The URL itself is not echoed: it could carry credentials.
    let url =
        Url::parse(text).map_err(|e| invalid(format!("the base URL is not a valid URL: {e}")))?;
    if url.cannot_be_a_base() || url.host().is_none() {
        return Err(invalid("the base URL must name a host".into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("the base URL must not contain credentials".into()));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            "the base URL must not have a query or fragment".into(),
        ));
    }
    let loopback = match url.host() {
        Some(Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url),
        "http" if loopback => Ok(url),
        scheme => Err(invalid(format!(
            "the base URL must use https (plain http is allowed only for loopback hosts), got {scheme}://{}",
            url.host_str().unwrap_or("")
        ))),
    }
}

/// HTTP methods an operation can use.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
}

impl Method {
    /// Whether sending the request twice has the same effect as sending it once, so that it may
    /// be retried after the server might have received it.
    pub fn is_idempotent(self) -> bool {
        matches!(
            self,
            Method::Get | Method::Put | Method::Delete | Method::Head | Method::Options
        )
    }

    /// The method's name, e.g. `"GET"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
        }
    }
}

/// Per-request settings that override the client's.
///
/// Its `Debug` output names extra headers but never shows their values.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct RequestOptions {
    timeout: Option<Duration>,
    attempt_timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry_policy: Option<RetryPolicy>,
    headers: Vec<(String, String)>,
}

impl fmt::Debug for RequestOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(name, _)| (name.as_str(), "[REDACTED]"))
            .collect();
        f.debug_struct("RequestOptions")
            .field("timeout", &self.timeout)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry_policy", &self.retry_policy)
            .field("headers", &headers)
            .finish()
    }
}

impl RequestOptions {
    /// Adds a header to this request, e.g. a tracing id. It replaces the client's header of the
    /// same name (`User-Agent`, `Accept`, even `Authorization`) and the operation's own. An
    /// invalid name or value fails the request with [`Error::InvalidInput`] before anything is
    /// sent; the value is sent marked sensitive and never printed.
    pub fn add_header(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.headers.push((name.into(), value.into()));
    }

    /// The extra headers, as (name, value).
    pub fn headers(&self) -> &[(String, String)] {
        &self.headers
    }

    /// Overrides the client's timeout for this request (retries and waits included).
    pub fn set_timeout(&mut self, timeout: Duration) {
        self.timeout = Some(timeout);
    }

    /// Overrides the client's connect timeout for this request. A value other than the client's
    /// uses a separate connection pool, kept for later requests with the same value.
    pub fn set_connect_timeout(&mut self, timeout: Duration) {
        self.connect_timeout = Some(timeout);
    }

    /// The overriding connect timeout, if set.
    pub fn connect_timeout(&self) -> Option<Duration> {
        self.connect_timeout
    }

    /// Overrides the client's retry policy for this request.
    pub fn set_retry_policy(&mut self, policy: RetryPolicy) {
        self.retry_policy = Some(policy);
    }

    /// The overriding timeout, if set.
    pub fn timeout(&self) -> Option<Duration> {
        self.timeout
    }

    /// Overrides the client's per-attempt timeout for this request (see
    /// [`ClientBuilder::attempt_timeout`]).
    pub fn set_attempt_timeout(&mut self, timeout: Duration) {
        self.attempt_timeout = Some(timeout);
    }

    /// The overriding per-attempt timeout, if set.
    pub fn attempt_timeout(&self) -> Option<Duration> {
        self.attempt_timeout
    }

    /// The overriding retry policy, if set.
    pub fn retry_policy(&self) -> Option<&RetryPolicy> {
        self.retry_policy.as_ref()
    }
}

/// One call as generated code describes it.
#[doc(hidden)]
#[derive(Clone, Debug)]
pub struct OperationRequest {
    /// The spec's operationId, used in errors.
    pub operation_id: &'static str,
    /// The HTTP method.
    pub method: Method,
    /// The path, already percent-encoded, e.g. `/v2/account/keys/ab:cd%2Fef`.
    pub path: String,
    /// The spec's path template, e.g. `/v2/account/keys/{ssh_key_identifier}`: what traces
    /// record instead of the path.
    pub path_template: &'static str,
    /// Query parameters as (wire name, value); arrays give one pair per item.
    pub query: Vec<(&'static str, String)>,
    /// Headers as (name, value): header parameters, and `Accept` for a non-JSON response.
    pub headers: Vec<(&'static str, String)>,
    /// The body and its content type, if any.
    pub body: Option<RequestBody>,
    /// Per-request overrides.
    pub options: RequestOptions,
}
