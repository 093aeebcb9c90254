//! Hand-written runtime that generated operations call: client, errors, retries, pagination and waiters.
//!
//! Generated code reaches this module only as `crate::runtime::X`, and this module refers to nothing
//! outside itself but external crates, so it can be compiled on its own next to any generated output.

mod client;
mod encoding;
mod error;
mod pagination;
mod ratelimit;
mod response;
mod retry;
mod sensitive;
mod waiter;

pub use client::{Client, ClientBuilder, Method, OperationRequest, RequestOptions};
pub use encoding::{RequestBody, encode_path_segment, to_json};
pub use error::{ApiError, DecodeError, Error, RateLimitedError};
pub use pagination::{Items, MAX_PER_PAGE, Pages, Paginated};
pub use response::{RateLimit, Response, ResponseMeta};
pub use retry::RetryPolicy;
pub use sensitive::Sensitive;
pub use waiter::{WaitOptions, wait_until};
