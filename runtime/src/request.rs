//! A request to any endpoint of the API, including ones the generated operations do not cover,
//! with the client's authentication, retries, timeouts, rate-limit handling and errors.

use std::fmt;
use std::time::Duration;

use bytes::Bytes;
use serde::de::DeserializeOwned;

use super::client::Client;
use super::decode::decode;
use super::encoding::{RequestBody, check_path, to_json};
use super::error::Error;
use super::operation::{Method, OperationRequest, RequestOptions};
use super::response::Response;
use super::retry::RetryPolicy;

/// The operation id errors name for a [`Client::request`] unless
/// [`CustomRequest::operation_id`] gives another.
pub const CUSTOM_OPERATION_ID: &str = "custom_request";

impl Client {
    /// Starts a request to `path`, relative to the client's base URL (`/v2/account`), for an
    /// endpoint the generated operations do not cover.
    ///
    /// The request gets everything a generated operation gets: the token, `Accept` and
    /// `User-Agent` headers, the retry policy (GET, PUT and DELETE are retried on 5xx and
    /// connection errors; POST and PATCH only on 429 or when nothing was sent), the rate-limit
    /// waits, the total timeout and the same [`Error`]s. Only a path can be given, never a URL,
    /// so the token cannot be sent to another host. Path segments are sent as given: escape
    /// user data in them yourself.
    ///
    /// ```no_run
    /// # async fn run(client: digitalocean_client_runtime::Client) -> Result<(), digitalocean_client_runtime::Error> {
    /// use reqwest::Method;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Account { account: serde_json::Value }
    ///
    /// let account = client.request(Method::GET, "/v2/account").send::<Account>().await?;
    /// println!("{} ({:?})", account.account, account.rate_limit());
    ///
    /// let tag = serde_json::json!({ "name": "awesome" });
    /// client.request(Method::POST, "/v2/tags").json(&tag).send::<serde_json::Value>().await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn request(&self, method: reqwest::Method, path: impl Into<String>) -> CustomRequest {
        CustomRequest {
            client: self.clone(),
            method,
            path: path.into(),
            operation_id: CUSTOM_OPERATION_ID,
            query: Vec::new(),
            body: None,
            options: RequestOptions::default(),
            error: None,
        }
    }
}

/// A request built by [`Client::request`]; nothing is sent until one of the `send` methods.
///
/// Its `Debug` output shows the method, path and query names, never header values or the body.
#[must_use = "nothing is sent until `send`, `send_bytes` or `send_empty` is awaited"]
pub struct CustomRequest {
    client: Client,
    method: reqwest::Method,
    path: String,
    operation_id: &'static str,
    query: Vec<(String, String)>,
    body: Option<RequestBody>,
    options: RequestOptions,
    /// The first problem found while building, reported by `send`.
    error: Option<Error>,
}

impl fmt::Debug for CustomRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query: Vec<&str> = self.query.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("CustomRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("operation_id", &self.operation_id)
            .field("query", &query)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

impl CustomRequest {
    /// Adds a query parameter; call again for each value of a repeated one.
    pub fn query(mut self, name: impl Into<String>, value: impl fmt::Display) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// Sends `body` as JSON. A value that cannot be serialised fails the request with
    /// [`Error::InvalidInput`] when it is sent.
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        match to_json(body) {
            Ok(body) => self.body = Some(body),
            Err(error) => {
                self.error.get_or_insert(error);
            }
        }
        self
    }

    /// Sends `bytes` as the body with the given content type.
    pub fn body(mut self, content_type: &'static str, bytes: impl Into<Bytes>) -> Self {
        self.body = Some(RequestBody::raw(content_type, bytes));
        self
    }

    /// Adds a header, as the operation builders' `.header(..)` does: it replaces the client's
    /// of the same name, is checked before sending and never printed.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.add_header(name, value);
        self
    }

    /// Overrides the client's total timeout (all attempts and waits).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.set_timeout(timeout);
        self
    }

    /// Overrides the client's connect timeout.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.options.set_connect_timeout(timeout);
        self
    }

    /// Overrides the client's retry policy.
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.options.set_retry_policy(policy);
        self
    }

    /// The name errors give this request (default [`CUSTOM_OPERATION_ID`]).
    pub fn operation_id(mut self, operation_id: &'static str) -> Self {
        self.operation_id = operation_id;
        self
    }

    /// Sends the request and decodes a 2xx JSON body into `T`.
    ///
    /// # Errors
    /// As for any operation; [`Error::InvalidInput`] before sending for a path that is not
    /// relative to the base URL, a method other than GET, POST, PUT, PATCH and DELETE, or a
    /// body that could not be serialised.
    pub async fn send<T: DeserializeOwned>(self) -> Result<Response<T>, Error> {
        let (client, request, url) = self.prepare()?;
        let raw = client.send(&request, url, true).await?;
        decode(&request, raw)
    }

    /// Sends the request and returns a 2xx body as it came (not JSON, or to decode later).
    ///
    /// # Errors
    /// As for [`send`](CustomRequest::send).
    pub async fn send_bytes(self) -> Result<Response<Bytes>, Error> {
        let (client, request, url) = self.prepare()?;
        let raw = client.send(&request, url, true).await?;
        Ok(Response::new(raw.body, raw.meta))
    }

    /// Sends the request and ignores the body of its 2xx answer (202, 204).
    ///
    /// # Errors
    /// As for [`send`](CustomRequest::send).
    pub async fn send_empty(self) -> Result<Response<()>, Error> {
        let (client, request, url) = self.prepare()?;
        let raw = client.send(&request, url, false).await?;
        Ok(Response::new((), raw.meta))
    }

    fn prepare(self) -> Result<(Client, OperationRequest, url::Url), Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let invalid = |message: String| Error::InvalidInput { message };
        let method = match self.method.as_str() {
            "GET" => Method::Get,
            "POST" => Method::Post,
            "PUT" => Method::Put,
            "PATCH" => Method::Patch,
            "DELETE" => Method::Delete,
            other => {
                return Err(invalid(format!(
                    "{other} is not supported by Client::request (GET, POST, PUT, PATCH, DELETE)"
                )));
            }
        };
        let path = self.path;
        if !path.starts_with('/') || path.starts_with("//") {
            return Err(invalid(format!(
                "Client::request takes a path relative to the base URL, like \"/v2/account\", got {path:?}"
            )));
        }
        if path.contains(['?', '#']) {
            return Err(invalid(format!(
                "the path {path:?} has a query or fragment; add query parameters with .query(name, value)"
            )));
        }
        check_path(&path)?;
        // Traces record templates, never real paths; a caller's path has no template.
        let mut request =
            OperationRequest::new(self.operation_id, method, path, "(Client::request)");
        request.options(self.options);
        if let Some(body) = self.body {
            request.body(body);
        }
        let mut url = self.client.operation_url(&request)?;
        if !self.query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &self.query {
                pairs.append_pair(name, value);
            }
        }
        Ok((self.client, request, url))
    }
}
