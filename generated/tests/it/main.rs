//! The client crate's tests in one binary: `Client::from_env` (each case in a child process of
//! this binary), the `test-support` feature as a downstream crate uses it, and that no
//! process-wide rustls provider is installed (no test here installs one), and that an unknown
//! enum value is reported once through `tracing`. The runtime's
//! behaviour is tested in `runtime/tests/it`; `no_tls.rs` is a binary of its own, built without
//! TLS features.

mod from_env;
mod test_support;
mod tls_provider;
mod unknown_enum_values;
