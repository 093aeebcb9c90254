//! What the runtime knows of the API it talks to: nothing of its own. The generated code hands
//! it an [`ApiProfile`] (decided by the generator from the API document and its options) through
//! the [`Api`] trait of the client type it builds.

/// The response headers an API reports a token's rate-limit budget in, e.g. `ratelimit-limit`,
/// `ratelimit-remaining` and `ratelimit-reset` (the reset as Unix epoch seconds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimitHeaders {
    pub(crate) limit: &'static str,
    pub(crate) remaining: &'static str,
    pub(crate) reset: &'static str,
}

impl RateLimitHeaders {
    /// The names of the three headers (lower case): requests allowed per window, requests left
    /// in the window, and when the window resets (Unix epoch seconds).
    pub const fn new(
        limit: &'static str,
        remaining: &'static str,
        reset: &'static str,
    ) -> RateLimitHeaders {
        RateLimitHeaders {
            limit,
            remaining,
            reset,
        }
    }

    /// The header of the requests allowed per window.
    pub const fn limit(&self) -> &'static str {
        self.limit
    }

    /// The header of the requests left in the window.
    pub const fn remaining(&self) -> &'static str {
        self.remaining
    }

    /// The header of the window's reset.
    pub const fn reset(&self) -> &'static str {
        self.reset
    }
}

/// What a generated client tells the runtime about its API. Built by generated code with
/// [`ApiProfile::new`] and its `const` setters; every convention is off unless set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ApiProfile {
    user_agent: &'static str,
    default_base_url: Option<&'static str>,
    token_variables: &'static [&'static str],
    base_url_variable: Option<&'static str>,
    rate_limit_headers: Option<RateLimitHeaders>,
    page_size: Option<(&'static str, u64)>,
}

impl ApiProfile {
    /// The profile of a client built from the runtime's own [`Client`](crate::Client) type: no
    /// default base URL, no environment variables, no rate-limit headers, no page-size limit;
    /// the user agent names the runtime crate.
    pub const GENERIC: ApiProfile = ApiProfile::new(concat!(
        env!("CARGO_PKG_NAME"),
        "/",
        env!("CARGO_PKG_VERSION")
    ));

    /// A profile whose `User-Agent` is `user_agent` (`product/version`, normally the generated
    /// crate's name and version), with nothing else set.
    pub const fn new(user_agent: &'static str) -> ApiProfile {
        ApiProfile {
            user_agent,
            default_base_url: None,
            token_variables: &[],
            base_url_variable: None,
            rate_limit_headers: None,
            page_size: None,
        }
    }

    /// The base URL used when the builder is given none (the API document's absolute server).
    /// Without one, [`ClientBuilder::base_url`](crate::ClientBuilder::base_url) is required.
    pub const fn with_default_base_url(mut self, url: &'static str) -> ApiProfile {
        self.default_base_url = Some(url);
        self
    }

    /// The environment variables [`ClientBuilder::from_env`](crate::ClientBuilder::from_env)
    /// reads a token from, in order.
    pub const fn with_token_variables(mut self, names: &'static [&'static str]) -> ApiProfile {
        self.token_variables = names;
        self
    }

    /// The environment variable [`ClientBuilder::from_env`](crate::ClientBuilder::from_env)
    /// reads an optional base URL from.
    pub const fn with_base_url_variable(mut self, name: &'static str) -> ApiProfile {
        self.base_url_variable = Some(name);
        self
    }

    /// The headers the API reports its rate-limit budget in; without them the client's
    /// limiter only reacts to 429s.
    pub const fn with_rate_limit_headers(mut self, headers: RateLimitHeaders) -> ApiProfile {
        self.rate_limit_headers = Some(headers);
        self
    }

    /// The query parameter that sets a list's page size and the largest value the API honours:
    /// a paginated request asking for more fails before it is sent.
    pub const fn with_page_size(mut self, parameter: &'static str, max: u64) -> ApiProfile {
        self.page_size = Some((parameter, max));
        self
    }

    /// The `User-Agent` sent before any [suffix](crate::ClientBuilder::user_agent_suffix).
    pub const fn user_agent(&self) -> &'static str {
        self.user_agent
    }

    /// The default base URL, if the API has one.
    pub const fn default_base_url(&self) -> Option<&'static str> {
        self.default_base_url
    }

    /// The token variables `from_env` reads, in order (possibly none).
    pub const fn token_variables(&self) -> &'static [&'static str] {
        self.token_variables
    }

    /// The base-URL variable `from_env` reads, if any.
    pub const fn base_url_variable(&self) -> Option<&'static str> {
        self.base_url_variable
    }

    /// The rate-limit headers, if the API sends them.
    pub const fn rate_limit_headers(&self) -> Option<&RateLimitHeaders> {
        self.rate_limit_headers.as_ref()
    }

    /// The page-size query parameter and its maximum, if the API has one.
    pub const fn page_size(&self) -> Option<(&'static str, u64)> {
        self.page_size
    }
}

/// A client type built by [`ClientBuilder`](crate::ClientBuilder): the profile of its API.
/// Generated code implements it for the client types it emits.
#[doc(hidden)]
pub trait Api: From<crate::Client> {
    /// The API's profile.
    const PROFILE: &'static ApiProfile;
}

impl Api for crate::Client {
    const PROFILE: &'static ApiProfile = &ApiProfile::GENERIC;
}
