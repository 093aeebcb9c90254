//! Operations the API serves from a server of their own (`OperationRequest::server`): sent
//! there while the client has the default base URL, to the client's base URL once one was set.
//! The "own server" here is a loopback test server (plain http is allowed for loopback hosts).

use std::time::Duration;

use crate::support;
use crate::support::*;
use digitalocean_client_runtime::OperationRequest;
use digitalocean_client_runtime::{Client, Error, Pages, Paginated, RetryPolicy};
use serde_json::Value;

/// A client with the default base URL (`https://api.digitalocean.com`). Its https requests go
/// through a proxy on a loopback port where nothing listens, so a request that went to the
/// default base URL instead of the operation's server fails without leaving the machine.
fn default_client() -> Client {
    default_builder().build().unwrap()
}

fn default_builder() -> digitalocean_client_runtime::ClientBuilder {
    let dead = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap();
    let tls = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(rustls::RootCertStore::empty())
    .with_no_client_auth();
    let http = reqwest::Client::builder()
        .tls_backend_preconfigured(tls)
        .proxy(reqwest::Proxy::https(format!("http://{dead}")).unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    support::builder()
        .token(TOKEN)
        .http_client(http)
        .retry_policy(RetryPolicy::none())
        .timeout(Duration::from_secs(10))
}

fn on_server(server: &TestServer, path_prefix: &str, path: &str) -> OperationRequest {
    let base: &'static str = Box::leak(format!("{}{path_prefix}", server.url()).into_boxed_str());
    let mut request = get(path);
    request.server(base);
    request
}

#[tokio::test]
async fn an_operation_goes_to_its_own_server_with_the_credentials_while_the_base_url_is_the_default()
 {
    let own = TestServer::start(vec![json(200, "{}", &[])]).await;
    let client = default_client();
    let mut request = on_server(&own, "/inference/", "/v1/chat");
    request.query("stream", "false".into());
    client.execute::<Value>(request).await.unwrap();
    let seen = &own.requests()[0];
    // The server's path comes first (its trailing `/` dropped), then the operation's.
    assert_eq!(seen.target, "/inference/v1/chat?stream=false");
    assert_eq!(
        seen.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
}

#[tokio::test]
async fn a_base_url_that_was_set_takes_every_operation() {
    let own = TestServer::start(vec![]).await;
    let mock = TestServer::start(vec![json(200, "{}", &[])]).await;
    let client = mock.client();
    client
        .execute::<Value>(on_server(&own, "", "/v1/chat"))
        .await
        .unwrap();
    assert_eq!(mock.requests()[0].target, "/v1/chat");
    assert!(own.requests().is_empty());
}

#[tokio::test]
async fn the_default_base_url_set_explicitly_is_still_the_default() {
    let own = TestServer::start(vec![json(200, "{}", &[])]).await;
    // `default_client`, but with the default base URL written out (its trailing `/` too).
    let client = default_builder()
        .base_url("https://api.digitalocean.com/")
        .build()
        .unwrap();
    assert_eq!(client.base_url(), default_client().base_url());
    client
        .execute::<Value>(on_server(&own, "", "/v1/chat"))
        .await
        .unwrap();
    assert_eq!(own.requests()[0].target, "/v1/chat");
}

#[derive(Debug, serde::Deserialize)]
struct Page {
    items: Vec<String>,
    next: Option<String>,
}

impl Paginated for Page {
    type Item = String;
    fn next_link(&self) -> Option<&str> {
        self.next.as_deref()
    }
    fn total(&self) -> Option<u64> {
        None
    }
    fn into_items(self) -> Vec<String> {
        self.items
    }
}

#[tokio::test]
async fn next_page_links_stay_on_the_operations_server() {
    let own = TestServer::start(vec![
        // A link naming another host: only its path and query are used, on the own server.
        json(
            200,
            r#"{"items":["a"],"next":"https://elsewhere.example.test/agents/v1/list?page=2"}"#,
            &[],
        ),
        json(200, r#"{"items":["b"]}"#, &[]),
    ])
    .await;
    let items = Pages::<Page>::new(default_client(), on_server(&own, "/agents", "/v1/list"))
        .collect_items()
        .await
        .unwrap();
    assert_eq!(items, ["a", "b"]);
    let targets: Vec<String> = own.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(targets, ["/agents/v1/list", "/agents/v1/list?page=2"]);
}

#[tokio::test]
async fn a_server_the_client_cannot_use_fails_before_sending() {
    let client = default_client();
    let mut request = get("/v1/chat");
    request.server("http://legacy.example.test");
    let error = client.execute::<Value>(request).await.unwrap_err();
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    let shown = error.to_string();
    assert!(
        shown.contains("test_get is served from http://legacy.example.test")
            && shown.contains("must use https"),
        "{shown}"
    );
}
