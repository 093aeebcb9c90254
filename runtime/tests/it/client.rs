//! Client configuration, request building and redaction, against a scripted loopback server.

use std::time::Duration;

use crate::support;
use crate::support::*;
use digitalocean_client_runtime::{Error, Pages, Sensitive, WaitOptions};
use digitalocean_client_runtime::{Method, RequestBody, encode_path_segment, to_json, wait_until};
use serde_json::Value;

#[tokio::test]
async fn sends_bearer_token_accept_and_user_agent() {
    let server = TestServer::start(vec![json(200, "{}", &[])]).await;
    server
        .client()
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap();
    let seen = &server.requests()[0];
    assert_eq!(
        seen.header("authorization"),
        Some(format!("Bearer {TOKEN}").as_str())
    );
    assert_eq!(seen.header("accept"), Some("application/json"));
    assert_eq!(seen.header("user-agent"), Some(USER_AGENT));
    assert_eq!(seen.header("content-type"), None);
}

#[tokio::test]
async fn user_agent_suffix_is_appended() {
    let server = TestServer::start(vec![json(200, "{}", &[])]).await;
    let client = support::builder()
        .token(TOKEN)
        .base_url(server.url())
        .user_agent_suffix("my-tool/1.2")
        .build()
        .unwrap();
    client.execute::<Value>(get("/v2/account")).await.unwrap();
    let expected = format!("{USER_AGENT} my-tool/1.2");
    assert_eq!(
        server.requests()[0].header("user-agent"),
        Some(expected.as_str())
    );
}

#[tokio::test]
async fn json_body_is_sent_with_its_content_type() {
    let server = TestServer::start(vec![json(201, "{}", &[])]).await;
    let body = to_json(&serde_json::json!({"name": "laptop"})).unwrap();
    let mut request = request("ssh_keys_create", Method::Post, "/v2/account/keys");
    request.body(body);
    server.client().execute::<Value>(request).await.unwrap();
    let seen = &server.requests()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.body, br#"{"name":"laptop"}"#);
}

#[tokio::test]
async fn raw_body_is_sent_with_its_media_type_and_raw_response_is_returned_as_bytes() {
    let csv = "date,amount\n2026-11-01,12.50\n";
    let server = TestServer::start(vec![with_type(200, "text/csv", csv, &[])]).await;
    let mut raw = request("uploads_put", Method::Put, "/v2/uploads/1");
    raw.header("accept", "text/csv".into())
        .body(RequestBody::raw(
            "application/octet-stream",
            b"\x00\x01raw".to_vec(),
        ));
    let response = server.client().execute_raw(raw).await.unwrap();
    // Returned exactly as sent: no JSON decoding of a CSV.
    assert_eq!(response.value().as_ref(), csv.as_bytes());
    assert_eq!(response.status(), 200);
    let seen = &server.requests()[0];
    assert_eq!(
        seen.header("content-type"),
        Some("application/octet-stream")
    );
    // The operation's Accept replaces the client's default `application/json`.
    assert_eq!(seen.header("accept"), Some("text/csv"));
    assert_eq!(seen.body, b"\x00\x01raw");
}

#[tokio::test]
async fn header_parameters_are_sent_and_invalid_values_refused_before_sending() {
    let server = TestServer::start(vec![json(204, "", &[])]).await;
    let mut good = request("droplets_destroy", Method::Delete, "/v2/droplets/1");
    good.header("X-Dangerous", "true".into());
    server.client().execute_empty(good).await.unwrap();
    assert_eq!(server.requests()[0].header("x-dangerous"), Some("true"));

    let mut bad = request("droplets_destroy", Method::Delete, "/v2/droplets/1");
    bad.header("X-Dangerous", "line\nbreak".into());
    let error = server.client().execute_empty(bad).await.unwrap_err();
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    // The value itself is not repeated in the message.
    assert!(!error.to_string().contains("break"), "{error}");
    assert_eq!(
        server.requests().len(),
        1,
        "nothing was sent for the bad header"
    );
}

#[tokio::test]
async fn path_and_query_are_joined_to_the_base_url() {
    let server = TestServer::start(vec![json(200, "{}", &[])]).await;
    let client = support::builder()
        .token(TOKEN)
        .base_url(format!("{}/proxy/", server.url()))
        .build()
        .unwrap();
    let mut request = get("/v2/vpcs");
    request.query("region", "nyc 1".into());
    request.query("tag", "a&b".into());
    request.query("tag", "c".into());
    client.execute::<Value>(request).await.unwrap();
    assert_eq!(
        server.requests()[0].target,
        "/proxy/v2/vpcs?region=nyc+1&tag=a%26b&tag=c"
    );
}

#[tokio::test]
async fn path_segment_encoding_sends_colons_and_keeps_slash_in_one_segment() {
    assert_eq!(
        encode_path_segment("ab:cd/ef?g#h i%"),
        "ab:cd%2Fef%3Fg%23h%20i%25"
    );
    assert_eq!(encode_path_segment("Az09-._~"), "Az09-._~");
    let server = TestServer::start(vec![json(200, "{}", &[])]).await;
    let path = format!("/v2/account/keys/{}", encode_path_segment("3b:16:bf/e4"));
    server.client().execute::<Value>(get(&path)).await.unwrap();
    assert_eq!(
        server.requests()[0].target,
        "/v2/account/keys/3b:16:bf%2Fe4"
    );
}

#[tokio::test]
async fn dot_segments_are_refused_before_sending() {
    let server = TestServer::start(vec![json(200, "{}", &[])]).await;
    for id in ["..", "."] {
        let path = format!("/v2/account/keys/{}", encode_path_segment(id));
        let error = server
            .client()
            .execute::<Value>(get(&path))
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    }
    assert!(server.requests().is_empty());
}

#[test]
fn plain_http_is_refused_for_other_hosts() {
    for url in [
        "http://api.digitalocean.com",
        "http://10.0.0.1:8080",
        "ftp://127.0.0.1",
    ] {
        let error = support::builder()
            .token(TOKEN)
            .base_url(url)
            .build()
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidInput { .. }),
            "{url}: {error:?}"
        );
    }
    for url in [
        "http://localhost:1",
        "http://127.0.0.2:1",
        "http://[::1]:1",
        "https://example.com/api",
    ] {
        support::builder()
            .token(TOKEN)
            .base_url(url)
            .build()
            .unwrap();
    }
}

#[test]
fn invalid_base_urls_and_missing_tokens_are_refused() {
    for url in [
        "not a url",
        "https://user:pw@example.com",
        "https://example.com/?x=1",
    ] {
        let error = support::builder()
            .token(TOKEN)
            .base_url(url)
            .build()
            .unwrap_err();
        assert!(!error.to_string().contains("pw@"), "{error}");
        assert!(
            matches!(error, Error::InvalidInput { .. }),
            "{url}: {error:?}"
        );
    }
    assert!(matches!(
        support::builder().build(),
        Err(Error::InvalidInput { .. })
    ));
}

#[test]
fn sensitive_is_transparent_on_the_wire() {
    let value: Sensitive<String> = serde_json::from_str(r#""s3cret""#).unwrap();
    assert_eq!(value.expose(), "s3cret");
    assert_eq!(serde_json::to_string(&value).unwrap(), r#""s3cret""#);
}

#[derive(serde::Deserialize)]
struct Page {
    items: Vec<u32>,
    next: Option<String>,
}

impl digitalocean_client_runtime::Paginated for Page {
    type Item = u32;
    fn next_link(&self) -> Option<&str> {
        self.next.as_deref()
    }
    fn total(&self) -> Option<u64> {
        None
    }
    fn into_items(self) -> Vec<u32> {
        self.items
    }
}

#[derive(Debug, serde::Deserialize)]
struct Status {
    status: Option<String>,
}

/// Provokes every error variant and checks that none shows the token in Display or Debug.
#[tokio::test]
async fn token_is_redacted_in_every_error_variant() {
    let later = epoch_in(3600);
    let server = TestServer::start(vec![
        do_error(404, "not_found", "missing", &[]),
        do_error(
            429,
            "too_many_requests",
            "quota",
            &[
                ("ratelimit-limit", "1"),
                ("ratelimit-remaining", "0"),
                ("ratelimit-reset", later.as_str()),
            ],
        ),
        Reply::Delayed(Duration::from_secs(5), Vec::new()),
        json(200, "{", &[]),
        json(200, r#"{"items":[1],"next":"/v2/loop"}"#, &[]),
        json(200, r#"{"status":"new"}"#, &[]),
        json(200, r#"{"status":"failed"}"#, &[]),
    ])
    .await;
    // Without the shared limiter: with it, the spent quota of the second answer would refuse
    // every later call of this client before sending (see runtime_ratelimit.rs).
    let client = support::builder()
        .token(TOKEN)
        .base_url(server.url())
        .retry_policy(fast_policy())
        .rate_limiter(false)
        .build()
        .unwrap();
    let mut errors = Vec::new();
    errors.push(client.execute::<Value>(get("/v2/a")).await.unwrap_err());
    errors.push(client.execute::<Value>(get("/v2/b")).await.unwrap_err());
    let mut slow = get("/v2/c");
    slow.options_mut().set_timeout(Duration::from_millis(100));
    // One attempt for all of it, so the stalled answer is not retried into the next reply.
    slow.options_mut()
        .set_attempt_timeout(Duration::from_millis(100));
    errors.push(client.execute::<Value>(slow).await.unwrap_err());
    errors.push(client.execute::<Value>(get("/v2/d")).await.unwrap_err());
    errors.push(
        Pages::<Page>::new(client.clone(), get("/v2/loop"))
            .collect_items()
            .await
            .unwrap_err(),
    );
    let options = WaitOptions::default().timeout(Duration::ZERO);
    let poll = || client.execute::<Status>(get("/v2/status"));
    let state: fn(&Status) -> Option<&str> = |s| s.status.as_deref();
    errors.push(
        wait_until("test_get", options, poll, state, &["done"], &["failed"])
            .await
            .unwrap_err(),
    );
    let poll = || client.execute::<Status>(get("/v2/status"));
    errors.push(
        wait_until("test_get", options, poll, state, &["done"], &["failed"])
            .await
            .unwrap_err(),
    );
    errors.push(
        support::builder()
            .token(TOKEN)
            .base_url("http://example.com")
            .build()
            .unwrap_err(),
    );
    let refused = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let refused_url = format!("http://{}", refused.local_addr().unwrap());
    drop(refused);
    let unreachable = support::builder()
        .token(TOKEN)
        .base_url(refused_url)
        .retry_policy(fast_policy())
        .build()
        .unwrap();
    errors.push(
        unreachable
            .execute::<Value>(get("/v2/e"))
            .await
            .unwrap_err(),
    );

    let kinds: Vec<&str> = errors
        .iter()
        .map(|error| match error {
            Error::Api(_) => "api",
            Error::RateLimited(_) => "rate_limited",
            Error::Timeout { .. } => "timeout",
            Error::Transport { .. } => "transport",
            Error::Decode(_) => "decode",
            Error::InvalidInput { .. } => "invalid_input",
            Error::PaginationLoop { .. } => "pagination_loop",
            Error::WaitTimeout { .. } => "wait_timeout",
            Error::WaitFailed { .. } => "wait_failed",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "api",
            "rate_limited",
            "timeout",
            "decode",
            "pagination_loop",
            "wait_timeout",
            "wait_failed",
            "invalid_input",
            "transport"
        ]
    );
    for error in &errors {
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains(TOKEN), "{shown}");
    }
}

#[tokio::test]
async fn https_base_urls_speak_tls_with_the_bundled_provider() {
    // A loopback "server" that only records the first bytes it receives: a TLS ClientHello
    // starts with record type 0x16 (handshake) and version 0x03 0x0N. Building the client and
    // starting the handshake needs a rustls crypto provider, which the client installs itself.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let first_bytes = tokio::spawn(async move {
        use tokio::io::AsyncReadExt;
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 3];
        stream.read_exact(&mut buf).await.unwrap();
        buf
    });
    let client = support::builder()
        .token(TOKEN)
        .base_url(format!("https://127.0.0.1:{port}"))
        .retry_policy(digitalocean_client_runtime::RetryPolicy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let error = client
        .execute::<Value>(get("/v2/account/keys"))
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Transport { .. } | Error::Timeout { .. }),
        "{error:?}"
    );
    let hello = first_bytes.await.unwrap();
    assert_eq!(hello[0], 0x16, "not a TLS handshake record: {hello:?}");
    assert_eq!(hello[1], 0x03, "not a TLS version: {hello:?}");
}

#[tokio::test]
async fn extra_headers_replace_the_operations_own() {
    let server = TestServer::start(vec![with_type(200, "application/yaml", "a: 1", &[])]).await;
    let mut raw = request("reports_get", Method::Get, "/v2/reports/1");
    raw.header("accept", "text/csv".into());
    raw.options_mut().add_header("Accept", "application/yaml");
    raw.options_mut().add_header("X-Twice", "one");
    raw.options_mut().add_header("X-Twice", "two");
    server.client().execute_raw(raw).await.unwrap();
    let seen = &server.requests()[0];
    let values = |name: &str| -> Vec<&str> {
        seen.headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect()
    };
    assert_eq!(values("accept"), ["application/yaml"]);
    // Several extra values of one name are all sent.
    assert_eq!(values("x-twice"), ["one", "two"]);
}
