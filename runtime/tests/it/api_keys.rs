//! API keys (`ClientBuilder::api_key_header` / `api_key_query`): what goes on the wire, which
//! credentials win, and that the key never shows in `Debug` output or errors (tracing:
//! `traces.rs`).

use std::time::Duration;

use crate::support;
use crate::support::*;
use digitalocean_client_runtime::{Error, Pages, Paginated};
use serde_json::Value;

const KEY: &str = "key-9d1f&c=2";

fn builder(server: &TestServer) -> digitalocean_client_runtime::ClientBuilder {
    support::builder()
        .base_url(server.url())
        .retry_policy(fast_policy())
        .timeout(Duration::from_secs(10))
}

#[tokio::test]
async fn a_header_key_is_sent_in_its_header_instead_of_authorization() {
    let server = TestServer::start(vec![json(200, "{}", &[])]).await;
    let client = builder(&server)
        .token(TOKEN)
        .api_key_header("X-API-Key", KEY)
        .build()
        .unwrap();
    client.execute::<Value>(get("/v1/items")).await.unwrap();
    let seen = &server.requests()[0];
    assert_eq!(seen.header("x-api-key"), Some(KEY));
    assert_eq!(seen.header("authorization"), None);
    assert_eq!(seen.target, "/v1/items");
}

#[tokio::test]
async fn a_query_key_is_appended_to_every_url_encoded_and_once() {
    let server = TestServer::start(vec![
        json(200, "{}", &[]),
        json(200, "{}", &[]),
        json(200, "{}", &[]),
    ])
    .await;
    let client = builder(&server)
        .api_key_query("api_key", KEY)
        .build()
        .unwrap();
    let mut request = get("/v1/items");
    request.query("page", "2".into());
    client.execute::<Value>(request).await.unwrap();
    // A pair of the same name from the operation is replaced by the key.
    let mut request = get("/v1/items");
    request.query("api_key", "from-the-caller".into());
    client.execute::<Value>(request).await.unwrap();
    client
        .request(reqwest::Method::GET, "/v1/raw")
        .query("q", "x")
        .send::<Value>()
        .await
        .unwrap();
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/items?page=2&api_key=key-9d1f%26c%3D2",
            "/v1/items?api_key=key-9d1f%26c%3D2",
            "/v1/raw?api_key=key-9d1f%26c%3D2&q=x",
        ]
    );
    for seen in server.requests() {
        assert_eq!(seen.header("authorization"), None);
    }
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
async fn a_next_page_link_gets_the_query_key_once() {
    let server = TestServer::start(vec![
        // The server echoes the key in its link, as many do.
        json(
            200,
            r#"{"items":["a"],"next":"/v1/items?page=2&api_key=key-9d1f%26c%3D2"}"#,
            &[],
        ),
        json(200, r#"{"items":["b"],"next":"/v1/items?page=3"}"#, &[]),
        json(200, r#"{"items":["c"]}"#, &[]),
    ])
    .await;
    let client = builder(&server)
        .api_key_query("api_key", KEY)
        .build()
        .unwrap();
    let items = Pages::<Page>::new(client, get("/v1/items"))
        .collect_items()
        .await
        .unwrap();
    assert_eq!(items, ["a", "b", "c"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/items?api_key=key-9d1f%26c%3D2",
            "/v1/items?page=2&api_key=key-9d1f%26c%3D2",
            "/v1/items?page=3&api_key=key-9d1f%26c%3D2",
        ]
    );
}

#[tokio::test]
async fn the_last_credentials_set_are_the_ones_sent() {
    let server = TestServer::start(vec![json(200, "{}", &[]), json(200, "{}", &[])]).await;
    let bearer = builder(&server)
        .api_key_query("api_key", KEY)
        .api_key_header("X-API-Key", KEY)
        .token(TOKEN)
        .build()
        .unwrap();
    bearer.execute::<Value>(get("/v1/a")).await.unwrap();
    let header = builder(&server)
        .api_key_query("api_key", KEY)
        .basic_auth("u", "p")
        .api_key_header("X-API-Key", KEY)
        .build()
        .unwrap();
    header.execute::<Value>(get("/v1/b")).await.unwrap();
    let seen = server.requests();
    assert_eq!(seen[0].target, "/v1/a");
    assert_eq!(
        seen[0].header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(seen[0].header("x-api-key"), None);
    assert_eq!(seen[1].target, "/v1/b");
    assert_eq!(seen[1].header("authorization"), None);
    assert_eq!(seen[1].header("x-api-key"), Some(KEY));
}

#[test]
fn bad_keys_and_names_are_refused_by_build_without_showing_the_key() {
    for (builder, expected) in [
        (
            support::builder().api_key_header("X API Key", KEY),
            "is not a valid header name",
        ),
        (
            support::builder().api_key_header("X-Key", " "),
            "the API key is empty",
        ),
        (
            support::builder().api_key_header("X-Key", "a\nb-9d1f"),
            "the API key has characters that cannot be sent in an HTTP header",
        ),
        (
            support::builder().api_key_query("", KEY),
            "query parameter name is empty",
        ),
        (
            support::builder().api_key_query("k", ""),
            "the API key is empty",
        ),
    ] {
        let error = builder.build().unwrap_err();
        assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
        let shown = format!("{error} {error:?}");
        assert!(shown.contains(expected), "{shown}");
        assert!(!shown.contains("9d1f"), "{shown}");
    }
}

#[tokio::test]
async fn a_transport_error_shows_the_url_with_the_query_key_redacted() {
    // A loopback port with nothing listening: the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = support::builder()
        .base_url(format!("http://127.0.0.1:{port}"))
        .retry_policy(digitalocean_client_runtime::RetryPolicy::none())
        .api_key_query("api_key", KEY)
        .build()
        .unwrap();
    let mut request = get("/v1/items");
    request.query("page", "2".into());
    let error = client.execute::<Value>(request).await.unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    let source = std::error::Error::source(&error).unwrap().to_string();
    for shown in [
        format!("{error}"),
        format!("{error:?}"),
        format!("{error:#?}"),
        source.clone(),
    ] {
        assert!(!shown.contains("9d1f"), "the key is shown: {shown}");
    }
    // The URL is still there to read, its key redacted.
    assert!(
        format!("{error:?}").contains("/v1/items?page=2&api_key=REDACTED"),
        "{error:?}"
    );
    // The client and its builder never show it either.
    let shown = format!("{client:?}");
    assert!(!shown.contains("9d1f"), "{shown}");
    let shown = format!("{:?}", support::builder().api_key_header("X-API-Key", KEY));
    assert!(
        shown.contains("X-API-Key") && !shown.contains("9d1f"),
        "{shown}"
    );
}

#[tokio::test]
async fn a_pagination_loop_error_does_not_show_an_echoed_key() {
    let echoed = r#"{"items":["a"],"next":"/v1/items?api_key=key-9d1f%26c%3D2"}"#;
    let server = TestServer::start(vec![json(200, echoed, &[]), json(200, echoed, &[])]).await;
    let client = builder(&server)
        .api_key_query("api_key", KEY)
        .build()
        .unwrap();
    let error = Pages::<Page>::new(client, get("/v1/items"))
        .collect_items()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::PaginationLoop { .. }), "{error:?}");
    let shown = format!("{error} {error:?}");
    assert!(!shown.contains("9d1f"), "{shown}");
    assert!(shown.contains("/v1/items?api_key=REDACTED"), "{shown}");
}
