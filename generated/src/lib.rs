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
    ApiError, CUSTOM_OPERATION_ID, CustomRequest, DecodeError, Error, FilePart, Items, Pages,
    Paginated, RateLimit, RateLimitedError, RequestOptions, RequestOverrides, Response,
    ResponseMeta, RetryPolicy, Sensitive, UnknownFields, UnknownValue, WaitOptions,
};

// DigitalOcean's conventions, as the spec declares them (`x-client-environment`,
// `x-pagination`) and the generated `API_PROFILE` hands them to the runtime.

/// The variables [`ClientBuilder::from_env`](runtime::ClientBuilder::from_env) reads a token
/// from, in order: DigitalOcean's tools (Terraform provider, Pulumi, the API docs) use the first,
/// doctl the second.
pub const TOKEN_VARIABLES: &[&str] = auto::API_PROFILE.token_variables();

/// The variable an optional base URL is read from (a mock server, a proxy).
pub const API_URL_VARIABLE: &str = match auto::API_PROFILE.base_url_variable() {
    Some(name) => name,
    None => "",
};

/// DigitalOcean's profile as the runtime takes it (default base URL, user agent, environment
/// variables, rate-limit headers, page size), for driving the runtime's own client with this
/// API's conventions: `runtime::Client::builder().profile(digitalocean_client::PROFILE)`.
#[doc(hidden)]
pub const PROFILE: &runtime::ApiProfile = &auto::API_PROFILE;

/// The most items DigitalOcean returns per page; a larger `per_page` is refused.
pub const MAX_PER_PAGE: u64 = match auto::API_PROFILE.page_size() {
    Some((_, max)) => max,
    None => u64::MAX,
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

// The client users hold is the generated `Client` (`auto/mod.rs`): its inherent methods are the
// tag accessors (`client.ssh_keys()`). This impl adds the constructors and the runtime methods
// users call on it, `codegen::names::CLIENT_METHODS`, which no tag module (and so no accessor)
// takes (a tag `Base URL` becomes `base_url_()`). No `Deref`: everything `Client` offers is its
// own and shows on its docs page; the runtime's client is reached with `AsRef` or `From`.

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
        match Client::builder().token(token).build() {
            Ok(client) => client,
            Err(error) => panic!("could not create the DigitalOcean client: {error}"),
        }
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

    /// A request to an endpoint this crate has no operation for, sent with this client's token,
    /// retries and rate limiting (see [`CustomRequest`]).
    pub fn request(&self, method: reqwest::Method, path: impl Into<String>) -> CustomRequest {
        AsRef::<runtime::Client>::as_ref(self).request(method, path)
    }

    /// The base URL requests are sent to (an operation that the API serves from a server of its
    /// own goes there instead while this is the API's default; see
    /// [`ClientBuilder::base_url`](runtime::ClientBuilder::base_url)).
    pub fn base_url(&self) -> &str {
        AsRef::<runtime::Client>::as_ref(self).base_url()
    }
}
