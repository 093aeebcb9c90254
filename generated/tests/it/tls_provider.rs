//! Building a client does not install a process-wide rustls provider, and an https base URL
//! still starts a TLS handshake with the provider the crate's features select. In a test binary
//! of its own: the process-wide provider is global state.
#![cfg(any(feature = "rustls-ring", feature = "rustls-aws-lc"))]

use std::time::Duration;

use digitalocean_client::{Client, Error, RetryPolicy};

#[tokio::test]
async fn no_process_wide_provider_is_installed_and_tls_still_starts() {
    assert!(rustls::crypto::CryptoProvider::get_default().is_none());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let first_bytes = tokio::spawn(async move {
        use tokio::io::AsyncReadExt;
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 3];
        stream.read_exact(&mut buf).await.unwrap();
        buf
    });
    let client = Client::builder()
        .token("t")
        .base_url(format!("https://127.0.0.1:{port}"))
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let error = client.ssh_keys().list().send().await.unwrap_err();
    assert!(
        matches!(error, Error::Transport { .. } | Error::Timeout { .. }),
        "{error:?}"
    );
    let hello = first_bytes.await.unwrap();
    assert_eq!(hello[0], 0x16, "not a TLS handshake record: {hello:?}");
    assert_eq!(hello[1], 0x03, "not a TLS version: {hello:?}");
    assert!(
        rustls::crypto::CryptoProvider::get_default().is_none(),
        "building a client installed a process-wide rustls provider"
    );
}
