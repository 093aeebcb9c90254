//! The per-request override setters every operation builder has (`timeout`, `attempt_timeout`,
//! `connect_timeout`, `header`, `retry_policy`), written once.
//!
//! Each generated builder holds a `options: RequestOptions` field and expands
//! `crate::runtime::request_overrides!(crate::runtime);` inside its `impl` block (the macro is
//! exported at this crate's root, which the client crate re-exports as `crate::runtime`), naming
//! the path it reaches the runtime by: the macro names `RetryPolicy` through it, so it works
//! wherever the runtime is reachable. The setters are then inherent
//! methods of the builder: callers write `client.ssh_keys().list().timeout(d).send()` with no
//! trait to import, and rustdoc lists them on each builder's page.
//!
//! A trait with provided methods would put them in the runtime too, but a trait method is only
//! callable with the trait in scope, so every user would need a `use` (or a prelude) for what is
//! today a plain method call; a generic `Request<B>` wrapper cannot carry the operation's own
//! setters (they take `self` by value, which `Deref` cannot hand through), and an inherent impl
//! of a runtime type is impossible once the runtime is another crate. The methods are
//! `#[inline]`, so the crate compiles none of them until a caller uses one.

/// Expands, inside a builder's `impl` block, to the per-request override setters over the
/// builder's `options` field (a `RequestOptions`); the argument is the path of the runtime.
#[doc(hidden)]
#[macro_export]
macro_rules! request_overrides {
    ($($runtime:tt)+) => {
        /// Sets a timeout for this request only (retries and waits included), overriding the
        /// client's.
        #[inline]
        pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.options.set_timeout(timeout);
            self
        }

        /// Sets the per-attempt timeout for this request only, overriding the client's: a
        /// stalled idempotent attempt is retried on a new connection after it.
        #[inline]
        pub fn attempt_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.options.set_attempt_timeout(timeout);
            self
        }

        /// Sets a connect timeout for this request only, overriding the client's.
        #[inline]
        pub fn connect_timeout(mut self, timeout: ::std::time::Duration) -> Self {
            self.options.set_connect_timeout(timeout);
            self
        }

        /// Adds a header to this request only (e.g. a tracing id); it replaces a header of the
        /// same name. An invalid name or value fails `send` with `InvalidInput`.
        #[inline]
        pub fn header(
            mut self,
            name: impl ::std::convert::Into<::std::string::String>,
            value: impl ::std::convert::Into<::std::string::String>,
        ) -> Self {
            self.options.add_header(name, value);
            self
        }

        /// Sets the retry policy for this request only, overriding the client's.
        #[inline]
        pub fn retry_policy(mut self, policy: $($runtime)+::RetryPolicy) -> Self {
            self.options.set_retry_policy(policy);
            self
        }
    };
}
