//! The request types generated operations hand the client: the method, the per-request options and the request itself.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use super::encoding::RequestBody;
use super::retry::RetryPolicy;

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

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
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
    pub(crate) timeout: Option<Duration>,
    pub(crate) attempt_timeout: Option<Duration>,
    pub(crate) connect_timeout: Option<Duration>,
    pub(crate) retry_policy: Option<RetryPolicy>,
    pub(crate) headers: Vec<(String, String)>,
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
    /// invalid name or value fails the request with [`Error::InvalidInput`](crate::Error::InvalidInput) before anything is
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
    /// [`ClientBuilder::attempt_timeout`](crate::ClientBuilder::attempt_timeout)).
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

/// One call as generated code describes it: built with [`OperationRequest::new`] and the
/// methods below, which are part of the contract with generated code (see
/// [`contract`](crate::contract)); its fields are private, so the runtime may add one without
/// breaking a client generated before.
#[doc(hidden)]
#[derive(Clone, Debug)]
pub struct OperationRequest {
    /// The spec's operationId, used in errors.
    pub(crate) operation_id: &'static str,
    /// The HTTP method.
    pub(crate) method: Method,
    /// The path, already percent-encoded, e.g. `/v2/account/keys/ab:cd%2Fef`.
    pub(crate) path: String,
    /// The spec's path template, e.g. `/v2/account/keys/{ssh_key_identifier}`: what traces
    /// record instead of the path.
    pub(crate) path_template: &'static str,
    /// Query parameters as (wire name, value), in order; arrays give one pair per item. A name
    /// is borrowed when the spec fixes it and owned when it is only known at run time (a map's
    /// entry, `filter[key]`).
    pub(crate) query: Vec<(Cow<'static, str>, String)>,
    /// Headers as (name, value): header parameters, and `Accept` for a non-JSON response.
    pub(crate) headers: Vec<(&'static str, String)>,
    /// The body and its content type, if any.
    pub(crate) body: Option<RequestBody>,
    /// Per-request overrides.
    pub(crate) options: RequestOptions,
    /// The absolute base URL of the server the API document names for this operation alone
    /// (its own `servers`, variables' defaults substituted), e.g.
    /// `https://inference.do-ai.run`; `None` for the API's usual server. It is used only while
    /// the client has the API's default base URL: a client given another base URL (a mock
    /// server, a gateway) sends every operation there. It must be `https` (plain `http` only
    /// for a loopback host), like any base URL.
    pub(crate) server: Option<&'static str>,
}

impl OperationRequest {
    /// A request without query, headers, body, own server or overrides. `path` is already
    /// percent-encoded (see [`encode_path_segment`](crate::encode_path_segment));
    /// `path_template` is the spec's, e.g. `/v2/account/keys/{ssh_key_identifier}`, which
    /// traces record instead of the path.
    pub fn new(
        operation_id: &'static str,
        method: Method,
        path: String,
        path_template: &'static str,
    ) -> OperationRequest {
        OperationRequest {
            operation_id,
            method,
            path,
            path_template,
            query: Vec::new(),
            headers: Vec::new(),
            body: None,
            options: RequestOptions::default(),
            server: None,
        }
    }

    /// Adds a query pair whose name the spec fixes (arrays give one pair per item).
    pub fn query(&mut self, name: &'static str, value: String) -> &mut OperationRequest {
        self.query.push((Cow::Borrowed(name), value));
        self
    }

    /// Adds a query pair whose name is only known at run time: an entry of a map parameter
    /// (`filter[key]=value`, or `key=value`).
    pub fn query_entry(&mut self, name: String, value: String) -> &mut OperationRequest {
        self.query.push((Cow::Owned(name), value));
        self
    }

    /// Adds a header: a header parameter, or `Accept` for a non-JSON response.
    pub fn header(&mut self, name: &'static str, value: String) -> &mut OperationRequest {
        self.headers.push((name, value));
        self
    }

    /// Sets the body and its content type.
    pub fn body(&mut self, body: RequestBody) -> &mut OperationRequest {
        self.body = Some(body);
        self
    }

    /// Sends this operation to its own server (an absolute base URL the API document names for
    /// it alone) while the client has the API's default base URL.
    pub fn server(&mut self, server: &'static str) -> &mut OperationRequest {
        self.server = Some(server);
        self
    }

    /// Sets the per-request overrides (a builder's [`RequestOverrides`](crate::RequestOverrides)).
    pub fn options(&mut self, options: RequestOptions) -> &mut OperationRequest {
        self.options = options;
        self
    }

    /// The per-request overrides, to change in place.
    pub fn options_mut(&mut self) -> &mut RequestOptions {
        &mut self.options
    }

    /// The query pairs as (name, value), in order (for tests; not part of the contract).
    pub fn query_pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query.iter().map(|(n, v)| (n.as_ref(), v.as_str()))
    }
}
