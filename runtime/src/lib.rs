//! The hand-written runtime of generated API clients (first of all `digitalocean-client`): the
//! client that generated operations call, errors, retries, rate limits, pagination and waiters.
//! It holds no API's constants: the generated code tells it its API's default base URL, user
//! agent, environment variables, rate-limit headers and page-size limit ([`ApiProfile`], through
//! the client type's hidden `Api` impl). Applications use it through the generated crate, which
//! re-exports what they need.
//!
//! On the wire it is strict where a missing value means the wrong shape and lenient where it is
//! bookkeeping: a 2xx without a body is a success for a state-changing call
//! (`Response<Option<T>>`) and [`Error::EmptyBody`] for a GET; every model keeps the properties it
//! does not name in [`UnknownFields`] and sends them back (see `spec/README.md`, "Response policy").
//!
//! Generated code reaches this crate only as `crate::runtime::X` (the client crate's root has
//! `pub use digitalocean_client_runtime as runtime`), so no generated name can collide with a name
//! of the runtime: generated items live in the client crate, the runtime's in this one.
//!
//! The client crate re-exports what users need; the rest (`Method`, `OperationRequest`,
//! `RequestBody`, `to_json`, `encode_path_segment`, `wait_until`, ...) is for generated code and
//! the runtime's own tests, and is hidden from the docs. What generated code may use, and how
//! that changes, is written down in one place: the hidden module `contract`.

#![deny(missing_docs)]

mod api_key;
mod attempts;
mod basic_auth;
mod builder;
mod client;
mod client_builder;
#[doc(hidden)]
pub mod contract;
mod decode;
mod encoding;
mod enum_value;
mod env;
mod error;
mod failure;
mod multipart;
mod operation;
mod overrides;
mod pagination;
mod profile;
mod ratelimit;
mod request;
mod response;
mod retry;
mod sensitive;
#[cfg(feature = "test-support")]
pub mod test_support;
mod tls;
mod unknown;
mod waiter;

#[doc(hidden)]
pub use builder::{body, check_range, required};
pub use client::Client;
pub use client_builder::ClientBuilder;
#[doc(hidden)]
pub use encoding::{RequestBody, encode_path_segment, to_form, to_json};
pub use enum_value::UnknownValue;
#[doc(hidden)]
pub use error::preview;
pub use error::{ApiError, DecodeError, Error, RateLimitedError};
pub use multipart::FilePart;
#[doc(hidden)]
pub use multipart::{MultipartForm, MultipartParts, to_multipart, to_multipart_parts};
pub use operation::RequestOptions;
#[doc(hidden)]
pub use operation::{Method, OperationRequest};
#[doc(hidden)]
pub use overrides::OperationBuilder;
pub use overrides::RequestOverrides;
pub use pagination::{Items, Pages, Paginated};
#[doc(hidden)]
pub use profile::Api;
pub use profile::{ApiProfile, RateLimitHeaders};
pub use request::{CUSTOM_OPERATION_ID, CustomRequest};
pub use response::{RateLimit, Response, ResponseMeta};
pub use retry::RetryPolicy;
pub use sensitive::Sensitive;
pub use unknown::UnknownFields;
#[doc(hidden)]
pub use unknown::{
    DecodeModel, FieldKey, FieldKeySeed, deserialize_model, fill_field, keep_unknown,
    required_field, serialize_optional, serialize_unknown,
};
pub use waiter::WaitOptions;
#[doc(hidden)]
pub use waiter::wait_until;

// The crates generated code names, reached through the runtime (`crate::runtime::serde::...`) so
// that the client crate's manifest lists none of them.
#[doc(hidden)]
pub use bytes;
#[doc(hidden)]
pub use chrono;
#[doc(hidden)]
pub use futures_util;
#[doc(hidden)]
pub use reqwest;
#[doc(hidden)]
pub use serde;
#[doc(hidden)]
pub use serde_json;
#[doc(hidden)]
pub use uuid;

/// A `reqwest::Error` for the `test-support` feature's `Error::Transport` (reqwest errors cannot
/// be constructed): the error of a request to a URL without a host.
#[cfg(feature = "test-support")]
pub(crate) fn stand_in_reqwest_error() -> reqwest::Error {
    let http = tls::http_builder()
        .and_then(|b| {
            b.build().map_err(|e| Error::InvalidInput {
                message: e.to_string(),
            })
        })
        .expect("an HTTP client without settings builds");
    http.get("http://")
        .build()
        .expect_err("a URL without a host is refused")
}
