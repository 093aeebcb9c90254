//! Hand-written runtime that generated operations call: client, errors, retries, pagination and waiters.
//!
//! On the wire it is strict where a missing value means the wrong shape and lenient where it is
//! bookkeeping: a 2xx without a body is a success for a state-changing call
//! (`Response<Option<T>>`) and [`Error::EmptyBody`] for a GET; every model keeps the properties it
//! does not name in [`UnknownFields`] and sends them back (see `spec/README.md`, "Response policy").
//!
//! Generated code reaches this module only as `crate::runtime::X`, and this module refers to nothing
//! outside itself but external crates, so it can be compiled on its own next to any generated output.
//!
//! The crate root re-exports what users need; the rest (`Method`, `OperationRequest`,
//! `RequestBody`, `to_json`, `encode_path_segment`, `wait_until`) is for generated code and the
//! runtime's own tests, and is hidden from the docs.

mod builder;
mod client;
mod encoding;
mod env;
mod error;
mod overrides;
mod pagination;
mod ratelimit;
mod request;
mod response;
mod retry;
mod sensitive;
mod tls;
mod unknown;
mod waiter;

// Used by whichever generated builders need them.
#[allow(unused_imports)]
pub(crate) use builder::{body, check_range, required};
pub use client::{Client, ClientBuilder, RequestOptions};
#[doc(hidden)]
pub use client::{Method, OperationRequest};
#[doc(hidden)]
pub use encoding::{RequestBody, encode_path_segment, to_form, to_json, to_multipart};
pub use env::{API_URL_VARIABLE, TOKEN_VARIABLES};
// Expanded by every generated builder.
pub use error::{ApiError, DecodeError, Error, RateLimitedError};
#[allow(unused_imports)]
pub(crate) use overrides::request_overrides;
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
#[allow(dead_code)]
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
