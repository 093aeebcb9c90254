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
    let client = https_client(port);
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

/// The key-exchange groups a ClientHello offers in its `supported_groups` extension, in order.
fn offered_groups(record: &[u8]) -> Vec<u16> {
    let u16_at = |at: usize| u16::from(record[at]) << 8 | u16::from(record[at + 1]);
    // Record header (5), handshake header (4), version (2), random (32).
    let mut at = 5 + 4 + 2 + 32;
    at += 1 + usize::from(record[at]); // session id
    at += 2 + usize::from(u16_at(at)); // cipher suites
    at += 1 + usize::from(record[at]); // compression methods
    let end = at + 2 + usize::from(u16_at(at));
    at += 2;
    while at + 4 <= end {
        let (kind, len) = (u16_at(at), usize::from(u16_at(at + 2)));
        if kind == 0x000a {
            let list = &record[at + 6..at + 4 + len];
            return list
                .chunks(2)
                .map(|g| u16::from(g[0]) << 8 | u16::from(g[1]))
                .collect();
        }
        at += 4 + len;
    }
    Vec::new()
}

/// X25519MLKEM768, the hybrid post-quantum key exchange (IANA TLS supported group 0x11EC).
const X25519_MLKEM768: u16 = 0x11ec;

/// With aws-lc-rs (the default) the client offers the hybrid post-quantum key exchange first; with
/// ring it cannot offer it. What the README says the default negotiates, read off the wire.
#[tokio::test]
async fn the_client_hello_offers_post_quantum_key_exchange_with_aws_lc_only() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let hello = tokio::spawn(async move {
        use tokio::io::AsyncReadExt;
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut header = [0u8; 5];
        stream.read_exact(&mut header).await.unwrap();
        let mut record = header.to_vec();
        record.resize(
            5 + (usize::from(header[3]) << 8 | usize::from(header[4])),
            0,
        );
        stream.read_exact(&mut record[5..]).await.unwrap();
        record
    });
    let client = https_client(port);
    let _ = client.ssh_keys().list().send().await;
    let record = hello.await.unwrap();
    assert_eq!(record[5], 1, "not a ClientHello");
    let groups = offered_groups(&record);
    assert!(!groups.is_empty(), "no supported_groups extension");
    if cfg!(feature = "rustls-aws-lc") {
        assert_eq!(groups[0], X25519_MLKEM768, "offered {groups:04x?}");
    } else {
        assert!(!groups.contains(&X25519_MLKEM768), "offered {groups:04x?}");
    }
}

/// A client for `https://127.0.0.1:{port}` that tries once.
fn https_client(port: u16) -> Client {
    Client::builder()
        .token("t")
        .base_url(format!("https://127.0.0.1:{port}"))
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap()
}
