//! A typed async client for DigitalOcean's VPC peering, VPC NAT gateway, Security and SSH key APIs.
//!
//! The operations are generated from the hand-authored OpenAPI spec in `spec/`; the client they
//! run on ([`runtime`]) is hand-written: authentication, retries that respect DigitalOcean's rate
//! limits, timeouts, pagination, waiters and errors that never contain the token.
//!
//! ```no_run
//! # async fn run() -> Result<(), digitalocean_client::Error> {
//! let client = digitalocean_client::Client::new(std::env::var("DIGITALOCEAN_TOKEN").unwrap_or_default());
//! # let _ = client;
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

pub mod runtime;

#[rustfmt::skip]
mod auto;
pub use auto::*;

pub use runtime::{
    ApiError, Client, ClientBuilder, DecodeError, Error, Items, Pages, Paginated, RateLimit,
    RateLimitedError, RequestOptions, Response, ResponseMeta, RetryPolicy, Sensitive, WaitOptions,
};
