#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

/// The hand-written runtime (the crate `digitalocean-client-runtime`). Generated code reaches
/// it only through this path, `crate::runtime::X`; what users need is re-exported below.
#[doc(hidden)]
pub use digitalocean_client_runtime as runtime;

#[rustfmt::skip]
mod auto;
pub use auto::*;

#[cfg(feature = "test-support")]
pub mod test_support;

pub use runtime::{
    API_URL_VARIABLE, ApiError, CUSTOM_OPERATION_ID, CustomRequest, DecodeError, Error, FilePart,
    Items, MAX_PER_PAGE, Pages, Paginated, RateLimit, RateLimitedError, RequestOptions,
    RequestOverrides, Response, ResponseMeta, RetryPolicy, Sensitive, TOKEN_VARIABLES, WaitOptions,
};

// The foreign types of the API, so that using the client needs no other dependency. They come
// through the runtime, the one crate whose manifest lists them.
pub use runtime::bytes::Bytes;
pub use runtime::chrono::{DateTime, Utc};
/// The stream traits that pagination's [`Pages`] and [`Items`] need (`try_next`, `next`,
/// `try_collect`, ...).
pub use runtime::futures_util::{StreamExt, TryStreamExt};
/// The HTTP client crate, for [`ClientBuilder::http_client`] and [`Client::request`](CustomRequest)'s
/// `reqwest::Method`, at the version this crate uses.
pub use runtime::reqwest;
pub use runtime::uuid::Uuid;

/// The traits that calling the API needs, to import at once:
/// `use digitalocean_client::prelude::*;`.
///
/// [`RequestOverrides`] gives every operation builder its per-request overrides
/// (`.timeout(..)`, `.attempt_timeout(..)`, `.connect_timeout(..)`, `.header(..)`,
/// `.retry_policy(..)`); [`StreamExt`] and [`TryStreamExt`] read [`Pages`] and [`Items`].
///
/// ```no_run
/// use std::time::Duration;
/// use digitalocean_client::prelude::*;
///
/// # async fn run(client: digitalocean_client::Client) -> Result<(), digitalocean_client::Error> {
/// let keys = client.ssh_keys().list().timeout(Duration::from_secs(5)).send().await?;
/// # let _ = keys;
/// # Ok(())
/// # }
/// ```
pub mod prelude {
    pub use crate::runtime::RequestOverrides;
    pub use crate::runtime::futures_util::{StreamExt as _, TryStreamExt as _};
}

// The client users hold: the runtime's client, constructed the same ways, with the API's
// operations (one accessor per tag) on top. It is written here rather than in a module of its
// own because a module name at this root would hide a generated tag module of that name from
// `pub use auto::*` (as `runtime`, `prelude`, `test_support` and `reqwest` do).
//
// Names cannot collide by construction: this type's own items are associated functions (`new`,
// `builder`, `from_env`) and trait impls, never methods, so every method call on it resolves
// through `Deref` to `Operations`, the generated type whose only inherent methods are the tag
// accessors, and from there to the runtime's client (`request`, `base_url`, ...). A tag named
// like a runtime method (a tag `Base URL` gives `base_url()`) shadows that method in
// method-call syntax instead of failing to compile; the runtime's stays reachable through
// `AsRef`: `AsRef::<digitalocean_client::runtime::Client>::as_ref(&client).base_url()`.

/// A DigitalOcean API client. Cheap to clone: clones share one connection pool and one
/// rate-limit budget (see [`ClientBuilder::rate_limiter`](runtime::ClientBuilder::rate_limiter)).
///
/// The operations are grouped by tag (`client.ssh_keys()`, see [`Operations`]); the runtime's
/// methods ([`request`](runtime::Client::request), [`base_url`](runtime::Client::base_url))
/// are reached through [`Deref`](std::ops::Deref) as well. Its `Debug` output shows the base URL and the timeouts
/// and retry policy, never the token.
#[derive(Clone)]
pub struct Client {
    operations: auto::Operations,
}

/// Configures a [`Client`]: [`Client::builder`] and [`ClientBuilder::from_env`] start one,
/// [`build`](runtime::ClientBuilder::build) ends it. Its `Debug` output never shows the token.
pub type ClientBuilder = runtime::ClientBuilder<Client>;

impl Client {
    /// A client for `https://api.digitalocean.com` with the default timeouts and retry policy.
    ///
    /// # Panics
    /// If the token has characters that cannot be sent in an HTTP header, or the TLS backend
    /// cannot start. [`Client::builder`] reports those as [`Error::InvalidInput`]
    /// instead.
    pub fn new(token: impl Into<String>) -> Client {
        Client::from(runtime::Client::new(token))
    }

    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client configured by [`ClientBuilder::from_env`] with every other setting at its
    /// default.
    ///
    /// ```no_run
    /// # fn main() -> Result<(), digitalocean_client::Error> {
    /// let client = digitalocean_client::Client::from_env()?;
    /// # let _ = client;
    /// # Ok(())
    /// # }
    /// ```
    ///
    /// # Errors
    /// [`Error::MissingToken`] when no token variable is set;
    /// [`Error::InvalidInput`] when `DIGITALOCEAN_API_URL` is not an
    /// acceptable base URL or the token cannot be sent.
    pub fn from_env() -> Result<Client, crate::Error> {
        ClientBuilder::from_env()?.build()
    }
}

impl From<runtime::Client> for Client {
    fn from(client: runtime::Client) -> Client {
        Client {
            // By the trait's path: `Operations::from` would name a tag `From`'s accessor.
            operations: <auto::Operations as From<runtime::Client>>::from(client),
        }
    }
}

impl From<Client> for runtime::Client {
    fn from(client: Client) -> runtime::Client {
        AsRef::<runtime::Client>::as_ref(&client).clone()
    }
}

impl std::ops::Deref for Client {
    type Target = auto::Operations;

    fn deref(&self) -> &auto::Operations {
        &self.operations
    }
}

impl AsRef<runtime::Client> for Client {
    fn as_ref(&self) -> &runtime::Client {
        AsRef::as_ref(&self.operations)
    }
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let runtime: &runtime::Client = AsRef::as_ref(self);
        std::fmt::Debug::fmt(runtime, f)
    }
}
