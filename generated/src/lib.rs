#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

/// The hand-written runtime (the crate `digitalocean-client-runtime`). Generated code reaches
/// it only through this path, `crate::runtime::X`; what users need is re-exported below.
#[doc(hidden)]
pub use digitalocean_client_runtime as runtime;

mod client;
pub use client::{Client, ClientBuilder};

#[rustfmt::skip]
mod auto;
pub use auto::*;

#[cfg(feature = "test-support")]
pub mod test_support;

pub use runtime::{
    API_URL_VARIABLE, ApiError, CUSTOM_OPERATION_ID, CustomRequest, DecodeError, Error, Items,
    MAX_PER_PAGE, Pages, Paginated, RateLimit, RateLimitedError, RequestOptions, Response,
    ResponseMeta, RetryPolicy, Sensitive, TOKEN_VARIABLES, WaitOptions,
};

// The foreign types of the API, so that using the client needs no other dependency.
pub use bytes::Bytes;
pub use chrono::{DateTime, Utc};
/// The stream traits that pagination's [`Pages`] and [`Items`] need (`try_next`, `next`,
/// `try_collect`, ...).
pub use futures_util::{StreamExt, TryStreamExt};
/// The HTTP client crate, for [`ClientBuilder::http_client`] and [`Client::request`](CustomRequest)'s
/// `reqwest::Method`, at the version this crate uses.
pub use reqwest;
pub use uuid::Uuid;
