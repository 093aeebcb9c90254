//! Built with `--no-default-features` (no TLS feature), the crate compiles without any TLS stack:
//! a client with a plain-http loopback base URL works, and one with an `https` base URL is refused
//! when it is built, saying which features bring TLS. Run with
//! `cargo test -p digitalocean-client --no-default-features --test no_tls`.
#![cfg(not(any(
    feature = "rustls-ring",
    feature = "rustls-aws-lc",
    feature = "native-tls"
)))]

#[path = "../../runtime/tests/it/support/mod.rs"]
mod support;

use digitalocean_client::{Client, Error};
use serde_json::Value;
use support::*;

#[tokio::test]
async fn plain_http_on_loopback_works_without_tls() {
    let server = TestServer::start(vec![json(200, r#"{"ok":true}"#, &[])]).await;
    let body = server
        .client()
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap();
    assert_eq!(body.into_inner()["ok"], Value::Bool(true));
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn https_base_url_is_refused_without_tls() {
    for builder in [
        Client::builder().token(TOKEN),
        Client::builder()
            .token(TOKEN)
            .base_url("https://127.0.0.1:8443"),
    ] {
        match builder.build() {
            Err(Error::InvalidInput { message, .. }) => {
                assert!(message.contains("no TLS"), "{message}");
                assert!(message.contains("`rustls-aws-lc`"), "{message}");
            }
            Ok(_) => panic!("a client without TLS accepted an https base URL"),
            Err(other) => panic!("expected InvalidInput, got {other:?}"),
        }
    }
}

#[test]
fn a_supplied_http_client_is_not_checked() {
    // The application's reqwest::Client brings its own TLS (or not); the builder takes it as is.
    let client = Client::builder()
        .token(TOKEN)
        .http_client(reqwest::Client::new())
        .build();
    assert!(client.is_ok(), "{:?}", client.err());
}
