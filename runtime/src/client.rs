//! The HTTP client: configuration, authentication, URL building, the retry loop and decoding.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use reqwest::header::HeaderMap;
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::Url;

use super::api_key::QueryKey;
use super::encoding::check_path;
use super::error::Error;
use super::ratelimit::Limiter;
use super::response::Response;
use super::retry::RetryPolicy;
use crate::client_builder::*;
use crate::decode::*;
use crate::operation::*;
use crate::profile::ApiProfile;

pub(crate) const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
pub(crate) const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Without an explicit attempt timeout, one attempt may take this share of the total timeout.
pub(crate) const DEFAULT_ATTEMPTS_PER_TIMEOUT: u32 = 3;
/// How many characters of a non-JSON body a [`DecodeError`] keeps.
pub(crate) const EXCERPT_CHARS: usize = 200;

/// An API client. Cheap to clone: clones share one connection pool and one
/// rate-limit budget (see [`ClientBuilder::rate_limiter`]).
///
/// Its `Debug` output shows the base URL and the timeouts and retry policy, never the token.
#[derive(Clone)]
pub struct Client {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    /// What the generated code told the runtime about its API.
    pub(crate) profile: &'static ApiProfile,
    pub(crate) http: reqwest::Client,
    pub(crate) base_url: Url,
    /// Whether `base_url` is not the API's own (a mock server, a gateway): every operation then
    /// goes to it, operations with a server of their own too.
    pub(crate) custom_base_url: bool,
    /// An API key sent as a query parameter of every request.
    pub(crate) query_key: Option<QueryKey>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) retry_policy: RetryPolicy,
    /// The longest one attempt may take; `None`: a third of the request's total timeout.
    pub(crate) attempt_timeout: Option<Duration>,
    /// The rate-limit budget shared by every clone; `None` when switched off.
    pub(crate) limiter: Option<Limiter>,
    /// The headers every request carries (authorization, accept, user agent).
    pub(crate) default_headers: HeaderMap,
    /// Whether `http` is the application's own client ([`ClientBuilder::http_client`]): the
    /// default headers are then sent with each request rather than set on the client.
    pub(crate) supplied_http: bool,
    /// HTTP clients for per-request connect timeouts other than the client's, built on first
    /// use. reqwest fixes the connect timeout per connection pool, so each distinct value gets
    /// its own pool.
    pub(crate) connect_overrides: Mutex<Vec<(Duration, reqwest::Client)>>,
}

impl Inner {
    /// The HTTP client for a request: the shared one, or one with the request's connect timeout.
    pub(crate) fn http_for(
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

pub(crate) fn http_client(
    headers: HeaderMap,
    connect_timeout: Duration,
) -> Result<reqwest::Client, Error> {
    // The TLS stack comes from the crate's features (see `tls.rs`); no process-wide state is set.
    super::tls::http_builder()?
        .default_headers(headers)
        .connect_timeout(connect_timeout)
        // Redirects are not followed: following one could carry the token somewhere else.
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
    /// Starts configuring a client of the runtime's own type, whose [`ApiProfile`] is
    /// [`ApiProfile::GENERIC`] (a base URL must be set). Generated clients start from their own
    /// `builder()`, which knows their API.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests are sent to (an operation that the API serves from a server of its
    /// own goes there instead while this is the API's default; see
    /// [`ClientBuilder::base_url`]).
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

    /// The URL of an operation: the base URL's path followed by the operation's path and query
    /// (and the API key, when it goes in the query).
    pub(crate) fn operation_url(&self, request: &OperationRequest) -> Result<Url, Error> {
        check_path(&request.path)?;
        let base = self.request_base(request)?;
        let mut url = base.as_ref().clone();
        url.set_path(&format!("{}{}", base_path(&base), request.path));
        crate::encoding::append_query(&mut url, &request.query);
        if let Some(key) = &self.inner.query_key {
            key.set_on(&mut url);
        }
        Ok(url)
    }

    /// The URL of a pagination link: only its path and query are used, on the request's base
    /// URL, so a link naming another host never receives the credentials.
    pub(crate) fn link_url(&self, request: &OperationRequest, link: &str) -> Result<Url, Error> {
        let base = self.request_base(request)?;
        let parsed = base.join(link).map_err(|e| Error::InvalidInput {
            message: format!(
                "the next-page link {:?} is not a valid URL: {e}",
                self.shown_link(link)
            ),
        })?;
        let prefix = base_path(&base);
        let path = parsed.path();
        let full_path = if !prefix.is_empty() && path.starts_with(&format!("{prefix}/")) {
            path.to_owned()
        } else {
            format!("{prefix}{path}")
        };
        let mut url = base.as_ref().clone();
        url.set_path(&full_path);
        url.set_query(parsed.query());
        if let Some(key) = &self.inner.query_key {
            key.set_on(&mut url);
        }
        Ok(url)
    }

    /// A next-page link as errors show it: without the API key, if the server echoed it.
    pub(crate) fn shown_link(&self, link: &str) -> String {
        match &self.inner.query_key {
            Some(key) => key.redact_text(link),
            None => link.to_owned(),
        }
    }

    /// Where a request goes: the operation's own server when it names one and the client has
    /// the API's default base URL, else the client's base URL (see
    /// [`OperationRequest::server`]).
    pub(crate) fn request_base(&self, request: &OperationRequest) -> Result<Cow<'_, Url>, Error> {
        match request.server {
            Some(server) if !self.inner.custom_base_url => {
                let url = parse_base_url(server).map_err(|error| Error::InvalidInput {
                    message: format!(
                        "{} is served from {server}, which the client cannot use: {error}",
                        request.operation_id
                    ),
                })?;
                Ok(Cow::Owned(url))
            }
            _ => Ok(Cow::Borrowed(&self.inner.base_url)),
        }
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
            "api.request",
            client = self.inner.profile.user_agent(),
            operation_id = request.operation_id,
            method = request.method.as_str(),
            path = request.path_template,
        );
        let result = self
            .send_attempts(request, url, read_body)
            .instrument(span)
            .await;
        match &self.inner.query_key {
            Some(key) => result.map_err(|error| key.redact_error(error)),
            None => result,
        }
    }
}

/// The base URL's path without its trailing slash (`""` for `https://api.example.com`).
pub(crate) fn base_path(base_url: &Url) -> &str {
    base_url.path().trim_end_matches('/')
}
