//! Hand-written runtime that generated operations call: client, errors, retries, pagination and waiters.
//!
//! On the wire it is strict where a missing value means the wrong shape and lenient where it is
//! bookkeeping: a 2xx without a body is a success for a state-changing call
//! (`Response<Option<T>>`) and [`Error::EmptyBody`] for a GET; every model keeps the properties it
//! does not name in [`UnknownFields`] and sends them back (see `spec/README.md`, "Response policy").
//!
//! Generated code reaches this module only as `crate::runtime::X`, and this module refers to nothing
//! outside itself but external crates, so it can be compiled on its own next to any generated output.

mod builder;
mod client;
mod encoding;
mod error;
mod pagination;
mod ratelimit;
mod response;
mod retry;
mod sensitive;
mod unknown;
mod waiter;

// Used by whichever generated builders need them.
#[allow(unused_imports)]
pub(crate) use builder::{body, check_range, required};
pub use client::{Client, ClientBuilder, Method, OperationRequest, RequestOptions};
pub use encoding::{RequestBody, encode_path_segment, to_form, to_json, to_multipart};
pub use error::{ApiError, DecodeError, Error, RateLimitedError};
pub use pagination::{Items, MAX_PER_PAGE, Pages, Paginated};
pub use response::{RateLimit, Response, ResponseMeta};
pub use retry::RetryPolicy;
pub use sensitive::Sensitive;
pub use unknown::{
    DecodeModel, FieldKey, FieldKeySeed, UnknownFields, deserialize_model, fill_field,
    keep_unknown, required_field, serialize_optional, serialize_unknown,
};
pub use waiter::{WaitOptions, wait_until};
