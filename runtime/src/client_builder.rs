//! The client builder: settings, their checks and the HTTP client they make.

use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderName, HeaderValue};
use url::{Host, Url};

use super::api_key::{ApiKey, QueryKey};
use super::error::Error;
use super::ratelimit::Limiter;
use super::retry::RetryPolicy;
use super::sensitive::Sensitive;
use crate::client::*;
use crate::profile::{Api, ApiProfile};

/// Configures a [`Client`]. Its `Debug` output never shows the token.
///
/// `C` is what [`build`](Self::build) returns: the runtime's [`Client`], or a generated client
/// type made from one (whose `Client::builder()` is a `ClientBuilder<Client>` of its own type).
/// `C` also says which API the client is for (its profile: default base URL, user agent,
/// environment variables, rate-limit headers), so the runtime holds no API's constants.
#[must_use]
pub struct ClientBuilder<C = Client> {
    pub(crate) token: Option<Sensitive<String>>,
    /// HTTP Basic credentials (base64 of `user:password`), used instead of the token.
    basic: Option<Sensitive<String>>,
    /// An API key sent in a header or the query, used instead of the token.
    api_key: Option<ApiKey>,
    pub(crate) base_url: Option<String>,
    http_client: Option<SuppliedHttp>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    retry_policy: Option<RetryPolicy>,
    attempt_timeout: Option<Duration>,
    rate_limiter: Option<bool>,
    user_agent_suffix: Option<String>,
    /// The API's profile, when set instead of `C`'s (see [`ClientBuilder::profile`]).
    profile: Option<&'static ApiProfile>,
    /// What `build` returns (no value of it is held).
    builds: PhantomData<fn() -> C>,
}

// Written out rather than derived: a derive would ask `C: Clone` (`Debug`, `Default`) of the
// type built, which the builder holds no value of.
impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            token: None,
            basic: None,
            api_key: None,
            base_url: None,
            http_client: None,
            timeout: None,
            connect_timeout: None,
            retry_policy: None,
            attempt_timeout: None,
            rate_limiter: None,
            user_agent_suffix: None,
            profile: None,
            builds: PhantomData,
        }
    }
}

impl<C> Clone for ClientBuilder<C> {
    fn clone(&self) -> Self {
        ClientBuilder {
            token: self.token.clone(),
            basic: self.basic.clone(),
            api_key: self.api_key.clone(),
            base_url: self.base_url.clone(),
            http_client: self.http_client.clone(),
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            retry_policy: self.retry_policy.clone(),
            attempt_timeout: self.attempt_timeout,
            rate_limiter: self.rate_limiter,
            user_agent_suffix: self.user_agent_suffix.clone(),
            profile: self.profile,
            builds: PhantomData,
        }
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("token", &self.token)
            .field("basic_auth", &self.basic)
            .field("api_key", &self.api_key)
            .field("base_url", &self.base_url)
            .field("http_client", &self.http_client)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry_policy", &self.retry_policy)
            .field("attempt_timeout", &self.attempt_timeout)
            .field("rate_limiter", &self.rate_limiter)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .finish()
    }
}

impl<C> ClientBuilder<C> {
    /// The API token (a personal access token or OAuth token), sent as `Authorization: Bearer`.
    /// It replaces any [`basic_auth`](Self::basic_auth) credentials or API key set before.
    pub fn token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(Sensitive::new(token.into()));
        self.basic = None;
        self.api_key = None;
        self
    }

    /// Credentials for an API that takes HTTP Basic authentication (`Authorization: Basic`,
    /// RFC 7617) rather than a bearer token, as some providers' APIs do (an account id and a
    /// secret). They replace any [`token`](Self::token) or API key set before; the last
    /// credentials set are used.
    pub fn basic_auth(mut self, username: impl AsRef<str>, password: impl AsRef<str>) -> Self {
        self.basic = Some(Sensitive::new(super::basic_auth::basic_credentials(
            username.as_ref(),
            password.as_ref(),
        )));
        self.token = None;
        self.api_key = None;
        self
    }

    /// An API key sent in the header `name` of every request, for an API whose security scheme
    /// is `type: apiKey, in: header` (e.g. `X-API-Key`). No `Authorization` header is sent. It
    /// replaces any [`token`](Self::token), [`basic_auth`](Self::basic_auth) or other API key
    /// set before; the last credentials set are used. The key is sent marked sensitive and never
    /// shown by `Debug`, errors or traces.
    pub fn api_key_header(mut self, name: impl Into<String>, key: impl Into<String>) -> Self {
        self.api_key = Some(ApiKey::Header(name.into(), Sensitive::new(key.into())));
        self.token = None;
        self.basic = None;
        self
    }

    /// An API key sent as the query parameter `name` of every request (`?name=key`), for an
    /// API whose security scheme is `type: apiKey, in: query`. It replaces any credentials set
    /// before, like [`api_key_header`](Self::api_key_header). The client puts it on each URL
    /// as it sends it (a pair of the same name from the operation or a next-page link is
    /// replaced); wherever the client shows a URL (an [`Error::Transport`]'s source) the key's
    /// value reads `REDACTED`, and `Debug` and traces never show it. Prefer a header where the
    /// API takes one: servers and proxies often log query strings.
    pub fn api_key_query(mut self, name: impl Into<String>, key: impl Into<String>) -> Self {
        self.api_key = Some(ApiKey::Query(QueryKey {
            name: name.into(),
            value: Sensitive::new(key.into()),
        }));
        self.token = None;
        self.basic = None;
        self
    }

    /// Where to send requests (default: the API document's server, if it names an absolute one;
    /// without one this is required). Must be `https`, except
    /// for loopback hosts (`localhost`, `127.0.0.0/8`, `::1`), which may use plain `http`.
    ///
    /// Some operations are served from a server of their own, which the API document names
    /// (their docs say which). While the base URL is the default, those go to their server,
    /// with the client's credentials (the document declares them part of the same API). A base
    /// URL other than the default (a mock server in tests, a gateway) takes every operation,
    /// those too, so a client pointed at a test server never reaches another host. Setting the
    /// default URL itself changes nothing.
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
    /// With it on, every clone of the client spends one budget read from the rate-limit headers
    /// the API document declares (e.g. `ratelimit-*`): requests wait for the window's reset
    /// instead of being sent into a spent window, the first request probes an unknown budget
    /// before the rest follow, and a 429 with `Retry-After` pauses every request of the client. Callers are served in arrival
    /// order. Turn it off when the application rate-limits elsewhere (e.g. one limiter for
    /// several processes); each request then only reacts to its own 429s.
    pub fn rate_limiter(mut self, enabled: bool) -> Self {
        self.rate_limiter = Some(enabled);
        self
    }

    /// Sends requests through the application's own `reqwest::Client` (a proxy, custom root
    /// certificates, a shared connection pool) instead of one the client builds.
    ///
    /// What still comes from this crate: the credentials (`Authorization` or an API key), `Accept` and `User-Agent` headers
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

    /// Builds the client for the API `profile` describes (default base URL, user agent,
    /// rate-limit headers, page size) instead of the one the built type `C` names: for driving
    /// the runtime's own [`Client`] with a generated API's conventions (a generated crate's
    /// `API_PROFILE`).
    pub fn profile(mut self, profile: &'static ApiProfile) -> Self {
        self.profile = Some(profile);
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] when no credentials were set, a token or API key is empty or not
    /// a valid header value, an API key's header name is invalid or its query name empty, no base
    /// URL was set and the API has no default one, the base
    /// URL is invalid or not `https` for a non-loopback host, the user-agent suffix is not a
    /// valid header value, a connect timeout is set together with a supplied
    /// [`http_client`](Self::http_client), the base URL is `https` in a build without a TLS
    /// feature (and no client is supplied), or the HTTP client cannot start.
    pub fn build(self) -> Result<C, Error>
    where
        C: Api,
    {
        let profile = self.profile.unwrap_or(C::PROFILE);
        self.build_client(profile).map(C::from)
    }

    fn build_client(self, profile: &'static ApiProfile) -> Result<Client, Error> {
        let invalid = |message: String| Error::InvalidInput { message };
        let (authorization, query_key) = credentials(&self.basic, &self.token, &self.api_key)?;

        let chosen = self.base_url.as_deref().or(profile.default_base_url());
        let Some(chosen) = chosen else {
            return Err(invalid(
                "no base URL: the API document names no absolute server, so set one with \
                 ClientBuilder::base_url"
                    .into(),
            ));
        };
        let base_url = parse_base_url(chosen)?;
        // A base URL other than the API's own sends every operation there, even those the API
        // serves from a server of their own (see `OperationRequest::server`).
        let custom_base_url = match profile.default_base_url() {
            Some(default) => base_url.as_str() != parse_base_url(default)?.as_str(),
            None => true,
        };

        let user_agent = match &self.user_agent_suffix {
            Some(suffix) => format!("{} {suffix}", profile.user_agent()),
            None => profile.user_agent().to_owned(),
        };
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| {
            invalid("the user-agent suffix is not a valid HTTP header value".into())
        })?;

        let mut headers = HeaderMap::new();
        if let Some((name, value)) = authorization {
            headers.insert(name, value);
        }
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
                crate::tls::check_base_url(&base_url, crate::tls::AVAILABLE)?;
                let connect_timeout = self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT);
                (
                    http_client(headers.clone(), connect_timeout)?,
                    connect_timeout,
                )
            }
        };

        Ok(Client {
            inner: Arc::new(Inner {
                profile,
                http,
                base_url,
                custom_base_url,
                query_key,
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

/// A header that carries credentials: its name and its (sensitive) value.
type CredentialHeader = (HeaderName, HeaderValue);

/// The credentials header (`Authorization`, or an API key's header) and the query key, from
/// the last credentials set on the builder.
fn credentials(
    basic: &Option<Sensitive<String>>,
    token: &Option<Sensitive<String>>,
    api_key: &Option<ApiKey>,
) -> Result<(Option<CredentialHeader>, Option<QueryKey>), Error> {
    let invalid = |message: String| Error::InvalidInput { message };
    let sensitive = |text: &str, what: &str| {
        let mut value = HeaderValue::from_str(text).map_err(|_| {
            invalid(format!(
                "{what} has characters that cannot be sent in an HTTP header"
            ))
        })?;
        value.set_sensitive(true);
        Ok::<_, Error>(value)
    };
    match (api_key, basic, token) {
        (Some(ApiKey::Header(name, key)), _, _) => {
            let name = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| {
                invalid(format!(
                    "the API key header name {name:?} is not a valid header name"
                ))
            })?;
            if key.expose().trim().is_empty() {
                return Err(invalid("the API key is empty".into()));
            }
            Ok((
                Some((name, sensitive(key.expose().trim(), "the API key")?)),
                None,
            ))
        }
        (Some(ApiKey::Query(key)), _, _) => {
            if key.name.is_empty() {
                return Err(invalid("the API key query parameter name is empty".into()));
            }
            if key.value.expose().trim().is_empty() {
                return Err(invalid("the API key is empty".into()));
            }
            Ok((None, Some(key.clone())))
        }
        (None, Some(basic), _) => {
            let value = sensitive(&format!("Basic {}", basic.expose()), "the API token")?;
            Ok((Some((header::AUTHORIZATION, value)), None))
        }
        (None, None, token) => {
            let token = token
                .as_ref()
                .ok_or_else(|| invalid("an API token is required".into()))?;
            if token.expose().trim().is_empty() {
                return Err(invalid("the API token is empty".into()));
            }
            let value = sensitive(
                &format!("Bearer {}", token.expose().trim()),
                "the API token",
            )?;
            Ok((Some((header::AUTHORIZATION, value)), None))
        }
    }
}

/// An application's `reqwest::Client`; its `Debug` output does not show its default headers,
/// which may hold credentials of their own.
#[derive(Clone)]
pub(crate) struct SuppliedHttp(pub(crate) reqwest::Client);

impl fmt::Debug for SuppliedHttp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("reqwest::Client { .. }")
    }
}

pub(crate) fn parse_base_url(text: &str) -> Result<Url, Error> {
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
