//! Plug-in points: the application's own `reqwest::Client`, and `Client::request` for endpoints
//! the generated operations do not cover; against a scripted loopback server.

use std::sync::Arc;
use std::time::Duration;

use crate::support;
use crate::support::*;
use digitalocean_client_runtime::{Error, RetryPolicy};
use reqwest::{self, Method};
use serde_json::Value;

/// A reqwest client as an application would build one: its own default header and timeout, and
/// its own TLS configuration (this test binary installs no process-wide rustls provider).
fn applications_client() -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-proxy-tenant", "team-a".parse().unwrap());
    headers.insert("user-agent", "their-agent/9".parse().unwrap());
    let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::aws_lc_rs::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(rustls::RootCertStore::empty())
    .with_no_client_auth();
    reqwest::Client::builder()
        .default_headers(headers)
        .tls_backend_preconfigured(tls)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_supplied_reqwest_client_carries_the_requests_with_the_clients_auth() {
    let server = TestServer::start(vec![
        json(500, "{}", &[]),
        json(
            200,
            r#"{"ssh_keys": [], "links": {}, "meta": {"total": 0}}"#,
            &[],
        ),
    ])
    .await;
    let client = support::builder()
        .token(TOKEN)
        .base_url(server.url())
        .http_client(applications_client())
        .retry_policy(fast_policy())
        .build()
        .unwrap();
    let keys = client
        .execute::<Value>(get("/v2/account/keys"))
        .await
        .unwrap();
    assert_eq!(keys.meta().attempts(), 2, "the retry policy still applies");
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for seen in &requests {
        // The supplied client's own default header proves the request went through it.
        assert_eq!(seen.header("x-proxy-tenant"), Some("team-a"));
        assert_eq!(
            seen.header("authorization"),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(seen.header("accept"), Some("application/json"));
        // This crate's user agent replaces the supplied client's default.
        assert_eq!(seen.header("user-agent"), Some(USER_AGENT));
    }
    let shown = format!("{client:?}");
    assert!(!shown.contains(TOKEN), "{shown}");
}

#[tokio::test]
async fn a_supplied_client_refuses_connect_timeouts_it_cannot_apply() {
    let error = support::builder()
        .token(TOKEN)
        .http_client(applications_client())
        .connect_timeout(Duration::from_secs(1))
        .build()
        .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("connect_timeout cannot be applied"),
        "{error}"
    );

    let server = TestServer::start(vec![json(200, "{}", &[])]).await;
    let client = support::builder()
        .token(TOKEN)
        .base_url(server.url())
        .http_client(applications_client())
        .build()
        .unwrap();
    let mut request = get("/v2/account/keys");
    request
        .options_mut()
        .set_connect_timeout(Duration::from_secs(3));
    let error = client.execute::<Value>(request).await.unwrap_err();
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    assert!(server.requests().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn the_client_still_applies_its_total_timeout_to_a_supplied_client() {
    let server = TestServer::start(vec![Reply::Delayed(
        Duration::from_secs(5),
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}".to_vec(),
    )])
    .await;
    let client = support::builder()
        .token(TOKEN)
        .base_url(server.url())
        .http_client(applications_client())
        .timeout(Duration::from_millis(300))
        // No attempt of its own ends earlier: the total timeout is what stops the call.
        .attempt_timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let error = client
        .request(Method::GET, "/v2/account")
        .send::<Value>()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}

#[tokio::test]
async fn request_sends_method_path_query_body_and_auth_and_decodes() {
    let server = TestServer::start(vec![json(
        201,
        r#"{"tag": {"name": "awesome"}}"#,
        &[
            ("x-request-id", "req-42"),
            ("ratelimit-limit", "5000"),
            ("ratelimit-remaining", "4999"),
            ("ratelimit-reset", "1700000000"),
        ],
    )])
    .await;
    #[derive(serde::Deserialize)]
    struct Created {
        tag: Tag,
    }
    #[derive(serde::Deserialize)]
    struct Tag {
        name: String,
    }
    let created = server
        .client()
        .request(Method::POST, "/v2/tags")
        .query("dry_run", false)
        .query("label", "a b&c")
        .json(&serde_json::json!({"name": "awesome"}))
        .header("x-trace", "t-1")
        .send::<Created>()
        .await
        .unwrap();
    assert_eq!(created.tag.name, "awesome");
    assert_eq!(created.status(), 201);
    assert_eq!(created.request_id(), Some("req-42"));
    assert_eq!(created.rate_limit().unwrap().remaining, 4999);

    let seen = &server.requests()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.target, "/v2/tags?dry_run=false&label=a+b%26c");
    assert_eq!(
        seen.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.header("x-trace"), Some("t-1"));
    assert_eq!(seen.body, br#"{"name":"awesome"}"#);
}

#[tokio::test]
async fn request_retries_like_an_operation_and_returns_typed_errors() {
    // GET is idempotent: a 503 is retried.
    let server = TestServer::start(vec![json(503, "{}", &[]), json(200, "[1, 2]", &[])]).await;
    let got = server
        .client()
        .request(Method::GET, "/v2/anything")
        .send::<Vec<u32>>()
        .await
        .unwrap();
    assert_eq!(*got, [1, 2]);
    assert_eq!(got.meta().attempts(), 2);

    // POST is not: a 500 comes back at once as a typed error naming the request.
    let server = TestServer::start(vec![do_error(500, "server_error", "boom", &[])]).await;
    let error = server
        .client()
        .request(Method::POST, "/v2/tags")
        .operation_id("tags_create")
        .json(&serde_json::json!({}))
        .send_empty()
        .await
        .unwrap_err();
    match &error {
        Error::Api(api) => {
            assert_eq!(api.status, 500);
            assert_eq!(api.id.as_deref(), Some("server_error"));
            assert_eq!(api.operation_id, "tags_create");
            assert_eq!(api.attempts, 1);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(server.requests().len(), 1);

    // 429 is retried for any method, honouring Retry-After.
    let server = TestServer::start(vec![
        do_error(
            429,
            "too_many_requests",
            "slow down",
            &[("retry-after", "0")],
        ),
        with_type(200, "text/csv", "a,b\n", &[]),
    ])
    .await;
    let csv = server
        .client()
        .request(Method::PATCH, "/v2/reports/1")
        .retry_policy(RetryPolicy::default().max_attempts(2))
        .send_bytes()
        .await
        .unwrap();
    assert_eq!(&csv[..], b"a,b\n");
}

#[tokio::test]
async fn request_takes_only_paths_so_the_token_stays_on_the_base_url() {
    let server = TestServer::start(vec![]).await;
    let client = server.client();
    for path in [
        "https://evil.example/v2/account",
        "//evil.example/v2/account",
        "v2/account",
        "/v2/account?page=2",
        "/v2/account/../droplets",
    ] {
        let error = client
            .request(Method::GET, path)
            .send::<Value>()
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidInput { .. }),
            "{path}: {error:?}"
        );
        assert!(!error.to_string().contains(TOKEN));
    }
    let error = client
        .request(Method::HEAD, "/v2/account")
        .send_empty()
        .await
        .unwrap_err();
    assert!(
        error.to_string().contains("HEAD is not supported"),
        "{error}"
    );
    assert!(server.requests().is_empty(), "nothing may be sent");
}

#[tokio::test]
async fn request_under_a_base_path_keeps_the_prefix() {
    let server = TestServer::start(vec![json(200, "{}", &[])]).await;
    let client = support::builder()
        .token(TOKEN)
        .base_url(format!("{}/proxy/", server.url()))
        .build()
        .unwrap();
    client
        .request(Method::DELETE, "/v2/tags/awesome")
        .send_empty()
        .await
        .unwrap();
    assert_eq!(server.requests()[0].target, "/proxy/v2/tags/awesome");
}
