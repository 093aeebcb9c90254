//! The hand-written runtime of `digitalocean-client`: the client that generated operations call,
//! errors, retries, rate limits, pagination and waiters. Applications use it through
//! `digitalocean-client`, which re-exports what they need.
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
//! `RequestBody`, `to_json`, `encode_path_segment`, `wait_until`) is for generated code and the
//! runtime's own tests, and is hidden from the docs.

#![deny(missing_docs)]

mod api_key;
mod attempts;
mod basic_auth;
mod builder;
mod client;
mod client_builder;
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
pub use encoding::{RequestBody, encode_path_segment, query_entry, to_form, to_json};
pub use enum_value::UnknownValue;
pub use env::{API_URL_VARIABLE, TOKEN_VARIABLES};
pub use error::{ApiError, DecodeError, Error, RateLimitedError};
pub use multipart::FilePart;
#[doc(hidden)]
pub use multipart::{MultipartForm, MultipartParts, to_multipart, to_multipart_parts};
pub use operation::RequestOptions;
#[doc(hidden)]
pub use operation::{Method, OperationRequest};
pub use pagination::{Items, MAX_PER_PAGE, Pages, Paginated};
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
