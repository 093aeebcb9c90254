//! The per-request overrides every operation builder has (`timeout`, `attempt_timeout`,
//! `connect_timeout`, `header`, `retry_policy`), written once as the provided methods of
//! [`RequestOverrides`], and the hidden trait [`OperationBuilder`] through which they (and the
//! builder's generated `send`) reach the builder.
//!
//! They are trait methods rather than inherent methods of the generated builders so that no
//! name a document gives can collide with them: a generated inherent setter of the same name
//! (a query parameter `timeout`) shadows the trait's in method-call syntax instead of failing to
//! compile, and the override stays reachable as `RequestOverrides::timeout(builder, d)`. The
//! cost is one import, `use digitalocean_client::prelude::*` (or `RequestOverrides`).

use std::time::Duration;

use super::error::Error;
use super::operation::{OperationRequest, RequestOptions};
use super::retry::RetryPolicy;

/// What a generated operation builder provides the runtime: its per-request options and the
/// request it describes. Part of the contract with generated code (see
/// [`contract`](crate::contract)); methods are only ever added with a default.
#[doc(hidden)]
pub trait OperationBuilder {
    /// The builder's per-request options, to change in place.
    fn request_options(&mut self) -> &mut RequestOptions;

    /// The request the builder describes, or `InvalidInput` when a parameter is outside its
    /// documented bounds or the body cannot be encoded. The builder's options are set on it.
    ///
    /// # Errors
    /// [`Error::InvalidInput`] as above.
    fn request(&self) -> Result<OperationRequest, Error>;
}

/// Per-request settings that override the client's, on every operation builder:
/// `client.ssh_keys().list().timeout(d).send()`.
///
/// In scope with `use digitalocean_client::prelude::*`. A builder whose operation has a
/// parameter or body field of the same name (say a query parameter `timeout`) has that setter
/// instead, in method-call syntax; the override stays reachable by the trait's path:
/// `RequestOverrides::timeout(builder, d)`.
pub trait RequestOverrides: OperationBuilder + Sized {
    /// Sets a timeout for this request only (retries and waits included), overriding the
    /// client's.
    #[inline]
    fn timeout(mut self, timeout: Duration) -> Self {
        self.request_options().set_timeout(timeout);
        self
    }

    /// Sets the per-attempt timeout for this request only, overriding the client's: a
    /// stalled idempotent attempt is retried on a new connection after it.
    #[inline]
    fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.request_options().set_attempt_timeout(timeout);
        self
    }

    /// Sets a connect timeout for this request only, overriding the client's.
    #[inline]
    fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.request_options().set_connect_timeout(timeout);
        self
    }

    /// Adds a header to this request only (e.g. a tracing id); it replaces a header of the
    /// same name. An invalid name or value fails `send` with `InvalidInput`.
    #[inline]
    fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.request_options().add_header(name, value);
        self
    }

    /// Sets the retry policy for this request only, overriding the client's.
    #[inline]
    fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.request_options().set_retry_policy(policy);
        self
    }
}

impl<B: OperationBuilder> RequestOverrides for B {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Method;

    /// A builder as generated code writes one, with a setter named like an override.
    struct Probe {
        options: RequestOptions,
        timeout: Option<i64>,
    }

    impl Probe {
        fn timeout(mut self, value: i64) -> Self {
            self.timeout = Some(value);
            self
        }
    }

    impl OperationBuilder for Probe {
        fn request_options(&mut self) -> &mut RequestOptions {
            &mut self.options
        }

        fn request(&self) -> Result<OperationRequest, Error> {
            let mut request = OperationRequest::new("probe", Method::Get, "/p".into(), "/p");
            if let Some(value) = self.timeout {
                request.query("timeout", value.to_string());
            }
            request.options(self.options.clone());
            Ok(request)
        }
    }

    #[test]
    fn an_inherent_setter_shadows_the_override_which_stays_reachable() {
        let probe = Probe {
            options: RequestOptions::default(),
            timeout: None,
        };
        let probe = RequestOverrides::timeout(probe.timeout(30), Duration::from_secs(5))
            .attempt_timeout(Duration::from_secs(2))
            .header("x-trace", "1");
        assert_eq!(probe.timeout, Some(30));
        let request = probe.request().unwrap();
        assert_eq!(request.options.timeout(), Some(Duration::from_secs(5)));
        assert_eq!(
            request.options.attempt_timeout(),
            Some(Duration::from_secs(2))
        );
        assert_eq!(request.options.headers(), [("x-trace".into(), "1".into())]);
        assert_eq!(
            request.query_pairs().collect::<Vec<_>>(),
            [("timeout", "30")]
        );
    }
}
