//! The TLS stack of the HTTP client the client builds itself, chosen by cargo features.
//!
//! - `rustls-aws-lc` (default): rustls with aws-lc-rs, which offers the hybrid post-quantum key
//!   exchange X25519MLKEM768 first (wins over ring when both are enabled).
//! - `rustls-ring`: rustls with the ring crypto provider: no post-quantum key exchange (rustls
//!   0.23.48 deprecated its ring provider for that reason), but no C build.
//! - `native-tls`: the platform's TLS (OpenSSL, Secure Transport, SChannel), used when no rustls
//!   feature is enabled.
//!
//! With rustls, the client hands reqwest a complete `rustls::ClientConfig` (the platform's root
//! certificates through `rustls-platform-verifier`, HTTP/1.1 ALPN). If the application installed a
//! process-wide `CryptoProvider`, that provider is used; otherwise the feature's provider is used
//! for this client only. The client never installs a process-wide provider.
//!
//! With none of the features the crate builds without any TLS stack: the client it builds itself
//! speaks plain http only, which the base-URL rules allow for loopback hosts (tests, or a local
//! TLS-terminating proxy), and building one with an `https` base URL fails with a clear error.
//! A client supplied with `ClientBuilder::http_client` brings its own TLS and is not checked.

// A misspelt feature here would leave rustls unconfigured, which `tests/tls_provider.rs` catches.
#![allow(unexpected_cfgs)]

use url::Url;

use super::error::Error;

/// Whether this build has a TLS stack for the HTTP client the client builds itself.
pub(crate) const AVAILABLE: bool = cfg!(any(
    feature = "rustls-ring",
    feature = "rustls-aws-lc",
    feature = "native-tls"
));

/// Refuses an `https` base URL for a client built without TLS (`available` false): every request
/// would fail, so the builder says why instead.
pub(crate) fn check_base_url(url: &Url, available: bool) -> Result<(), Error> {
    if available || url.scheme() != "https" {
        return Ok(());
    }
    Err(Error::InvalidInput {
        message: "the base URL uses https, but this build has no TLS: enable one of the \
                  features `rustls-aws-lc` (the default), `rustls-ring` or `native-tls` of \
                  the client crate, supply a reqwest::Client with TLS through http_client, or \
                  use a plain-http loopback base URL"
            .into(),
    })
}

/// A reqwest client builder with the TLS stack the crate's features select.
pub(crate) fn http_builder() -> Result<reqwest::ClientBuilder, Error> {
    imp::http_builder()
}

#[cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc"))]
mod imp {
    use std::sync::Arc;

    use rustls::crypto::CryptoProvider;
    use rustls_platform_verifier::BuilderVerifierExt;

    use super::Error;

    #[cfg(feature = "rustls-aws-lc")]
    fn feature_provider() -> CryptoProvider {
        rustls::crypto::aws_lc_rs::default_provider()
    }

    // rustls 0.23.48 deprecated ring's provider: it has no post-quantum key exchange. A user who
    // picks `rustls-ring` over the default has chosen that; the README says so.
    #[cfg(not(feature = "rustls-aws-lc"))]
    #[allow(deprecated)]
    fn feature_provider() -> CryptoProvider {
        rustls::crypto::ring::default_provider()
    }

    pub(super) fn http_builder() -> Result<reqwest::ClientBuilder, Error> {
        let provider = CryptoProvider::get_default()
            .cloned()
            .unwrap_or_else(|| Arc::new(feature_provider()));
        let failed = |e: rustls::Error| Error::InvalidInput {
            message: format!("the TLS configuration could not be built: {e}"),
        };
        let mut config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(failed)?
            .with_platform_verifier()
            .map_err(failed)?
            .with_no_client_auth();
        // The client speaks HTTP/1.1 only (reqwest is built without http2).
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(reqwest::Client::builder().tls_backend_preconfigured(config))
    }
}

#[cfg(not(any(feature = "rustls-ring", feature = "rustls-aws-lc")))]
mod imp {
    use super::Error;

    pub(super) fn http_builder() -> Result<reqwest::ClientBuilder, Error> {
        Ok(reqwest::Client::builder())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_needs_tls_and_plain_http_does_not() {
        let https = Url::parse("https://api.example.com").unwrap();
        let http = Url::parse("http://127.0.0.1:8080").unwrap();
        assert!(check_base_url(&https, true).is_ok());
        assert!(check_base_url(&http, true).is_ok());
        assert!(check_base_url(&http, false).is_ok());
        match check_base_url(&https, false) {
            Err(Error::InvalidInput { message }) => {
                assert!(message.contains("no TLS"), "{message}");
                assert!(message.contains("`rustls-ring`"), "{message}");
            }
            other => panic!("expected InvalidInput, got {other:?}"),
        }
    }
}
