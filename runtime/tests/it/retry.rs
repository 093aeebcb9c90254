//! Retries, rate limits and timeouts of the runtime, against a scripted loopback server.

use std::time::Duration;

use tokio::time::Instant;

use crate::support;
use crate::support::*;
use digitalocean_client_runtime::RequestOptions;
use digitalocean_client_runtime::{Error, RetryPolicy};
use serde_json::Value;

#[tokio::test(start_paused = true)]
async fn retries_429_after_retry_after_then_succeeds() {
    let server = TestServer::start(vec![
        do_error(
            429,
            "too_many_requests",
            "slow down",
            &[("retry-after", "1")],
        ),
        json(200, r#"{"ok":true}"#, &[]),
    ])
    .await;
    let started = Instant::now();
    let response = server
        .client()
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap();
    assert!(
        paused_since(started) >= Duration::from_millis(950),
        "{:?}",
        paused_since(started)
    );
    assert_eq!(response.meta().attempts(), 2);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn retry_after_beyond_the_max_wait_fails_at_once() {
    let server = TestServer::start(vec![do_error(
        429,
        "too_many_requests",
        "slow down",
        &[("retry-after", "600")],
    )])
    .await;
    let started = Instant::now();
    let error = server
        .client()
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap_err();
    assert!(paused_since(started) < Duration::from_secs(1));
    let Error::RateLimited(limited) = error else {
        panic!("{error:?}")
    };
    assert_eq!(limited.retry_after, Some(Duration::from_secs(600)));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn retries_429_with_reset_in_the_past_using_backoff() {
    let past = epoch_in(-100);
    let limits = [
        ("ratelimit-limit", "5000"),
        ("ratelimit-remaining", "0"),
        ("ratelimit-reset", past.as_str()),
    ];
    let server = TestServer::start(vec![
        do_error(429, "too_many_requests", "slow down", &limits),
        json(200, "{}", &[]),
    ])
    .await;
    let started = Instant::now();
    let response = server
        .client()
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap();
    assert!(
        paused_since(started) < Duration::from_millis(500),
        "{:?}",
        paused_since(started)
    );
    assert_eq!(response.meta().attempts(), 2);
}

#[tokio::test]
async fn retries_429_after_a_reset_within_the_max_wait() {
    let soon = epoch_in(1);
    let reset = chrono::DateTime::from_timestamp(soon.parse().unwrap(), 0).unwrap();
    let limits = [
        ("ratelimit-limit", "5000"),
        ("ratelimit-remaining", "0"),
        ("ratelimit-reset", soon.as_str()),
    ];
    let server = TestServer::start(vec![
        do_error(429, "too_many_requests", "slow down", &limits),
        json(200, "{}", &[]),
    ])
    .await;
    server
        .client()
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap();
    assert!(chrono::Utc::now() >= reset);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn exhausted_hourly_quota_fails_fast() {
    let later = epoch_in(3600);
    let limits = [
        ("ratelimit-limit", "5000"),
        ("ratelimit-remaining", "0"),
        ("ratelimit-reset", later.as_str()),
    ];
    let server = TestServer::start(vec![do_error(
        429,
        "too_many_requests",
        "quota gone",
        &limits,
    )])
    .await;
    // A timeout longer than the reset, so that only the quota rule can stop the client sleeping.
    let client = support::builder()
        .token(TOKEN)
        .base_url(server.url())
        .retry_policy(fast_policy())
        .timeout(Duration::from_secs(7200))
        .build()
        .unwrap();
    let call = client.execute::<Value>(get("/v2/account"));
    let error = tokio::time::timeout(Duration::from_millis(500), call)
        .await
        .expect("slept instead of failing")
        .unwrap_err();
    let Error::RateLimited(limited) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(limited.reset().unwrap().timestamp().to_string(), later);
    assert_eq!(limited.rate_limit.as_ref().unwrap().remaining, 0);
    assert!(error.is_retryable());
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn burst_limit_with_requests_remaining_backs_off() {
    let later = epoch_in(3600);
    let limits = [
        ("ratelimit-limit", "5000"),
        ("ratelimit-remaining", "4000"),
        ("ratelimit-reset", later.as_str()),
    ];
    let server = TestServer::start(vec![
        do_error(429, "too_many_requests", "burst", &limits),
        json(200, "{}", &[]),
    ])
    .await;
    let response = server
        .client()
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap();
    assert_eq!(response.meta().attempts(), 2);
}

#[tokio::test]
async fn retries_500_on_get() {
    let server = TestServer::start(vec![
        do_error(500, "server_error", "oops", &[]),
        json(200, "{}", &[]),
    ])
    .await;
    let response = server
        .client()
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn does_not_retry_500_on_post() {
    let server = TestServer::start(vec![
        do_error(500, "server_error", "oops", &[]),
        json(201, "{}", &[]),
    ])
    .await;
    let error = server
        .client()
        .execute::<Value>(post("/v2/account/keys", "{}"))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn retries_429_on_post() {
    let server = TestServer::start(vec![
        do_error(
            429,
            "too_many_requests",
            "slow down",
            &[("retry-after", "0")],
        ),
        json(201, "{}", &[]),
    ])
    .await;
    let response = server
        .client()
        .execute::<Value>(post("/v2/account/keys", "{}"))
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn gives_up_after_max_attempts() {
    let server = TestServer::start(
        (0..5)
            .map(|_| do_error(503, "unavailable", "down", &[]))
            .collect(),
    )
    .await;
    let mut request = get("/v2/account");
    request
        .options_mut()
        .set_retry_policy(fast_policy().max_attempts(3));
    let error = server.client().execute::<Value>(request).await.unwrap_err();
    let Error::Api(api) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(api.attempts, 3);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn retry_policy_none_per_request_sends_once() {
    let server = TestServer::start(vec![
        do_error(500, "server_error", "oops", &[]),
        json(200, "{}", &[]),
    ])
    .await;
    let mut options = RequestOptions::default();
    options.set_retry_policy(RetryPolicy::none());
    let mut request = get("/v2/account");
    request.options(options);
    let error = server.client().execute::<Value>(request).await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_closed_mid_response_is_retried_for_get() {
    let server = TestServer::start(vec![
        cut_short(r#"{"acc"#, 100),
        json(200, r#"{"a":1}"#, &[]),
    ])
    .await;
    let response = server
        .client()
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap();
    assert_eq!(response.value()["a"], 1);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn connection_closed_mid_response_is_not_retried_for_post() {
    let server = TestServer::start(vec![cut_short(r#"{"acc"#, 100), json(201, "{}", &[])]).await;
    let error = server
        .client()
        .execute::<Value>(post("/v2/account/keys", "{}"))
        .await
        .unwrap_err();
    let Error::Transport { request_sent, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(*request_sent);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn connection_refused_is_a_transport_error_before_sending() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let client = support::builder()
        .token(TOKEN)
        .base_url(url)
        .retry_policy(fast_policy().max_attempts(2))
        .build()
        .unwrap();
    let error = client
        .execute::<Value>(post("/v2/account/keys", "{}"))
        .await
        .unwrap_err();
    let Error::Transport {
        request_sent,
        attempts,
        ..
    } = &error
    else {
        panic!("{error:?}")
    };
    assert!(!*request_sent);
    // Nothing was sent, so even a POST was tried again.
    assert_eq!(*attempts, 2);
}

#[tokio::test(start_paused = true)]
async fn server_slower_than_the_timeout_gives_timeout() {
    let server = TestServer::start(
        (0..5)
            .map(|_| Reply::Delayed(Duration::from_secs(5), Vec::new()))
            .collect(),
    )
    .await;
    let mut request = get("/v2/account");
    request
        .options_mut()
        .set_timeout(Duration::from_millis(150));
    let started = Instant::now();
    let error = server.client().execute::<Value>(request).await.unwrap_err();
    assert!(paused_since(started) < Duration::from_secs(2));
    let Error::Timeout {
        timeout, attempts, ..
    } = error
    else {
        panic!("{error:?}")
    };
    assert_eq!(timeout, Duration::from_millis(150));
    // Each attempt may take a third of the total: the stalled GET was tried three times.
    assert_eq!(attempts, 3);
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn client_timeout_bounds_retries_and_waits() {
    let server = TestServer::start(vec![do_error(
        429,
        "too_many_requests",
        "slow down",
        &[("retry-after", "2")],
    )])
    .await;
    let client = support::builder()
        .token(TOKEN)
        .base_url(server.url())
        .retry_policy(fast_policy())
        .timeout(Duration::from_millis(500))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = client
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap_err();
    // Waiting 2 s would pass the 500 ms deadline, so the client gives up without sleeping.
    assert!(paused_since(started) < Duration::from_millis(500));
    assert!(matches!(error, Error::RateLimited(_)), "{error:?}");
}

/// A loopback port that accepts no more connections: its listen backlog holds one connection
/// nobody accepts, so the kernel drops further SYNs and a connect hangs until it times out.
struct Unreachable {
    _listener: tokio::net::TcpListener,
    _queued: std::net::TcpStream,
    port: u16,
}

impl Unreachable {
    fn start() -> Unreachable {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        let port = socket.local_addr().unwrap().port();
        let listener = socket.listen(0).unwrap();
        let queued = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
        Unreachable {
            _listener: listener,
            _queued: queued,
            port,
        }
    }

    fn client(&self, connect_timeout: Duration) -> digitalocean_client_runtime::Client {
        support::builder()
            .token(TOKEN)
            .base_url(format!("http://127.0.0.1:{}", self.port))
            .retry_policy(RetryPolicy::none())
            .connect_timeout(connect_timeout)
            .timeout(Duration::from_secs(3))
            .build()
            .unwrap()
    }
}

fn assert_connect_failure(error: &Error) {
    let Error::Transport {
        request_sent,
        attempts,
        ..
    } = error
    else {
        panic!("expected a transport error from the connect timeout, got {error:?}")
    };
    assert!(!*request_sent, "{error:?}");
    assert_eq!(*attempts, 1);
}

#[tokio::test(start_paused = true)]
async fn connect_timeout_from_the_builder_ends_a_hanging_connect() {
    let port = Unreachable::start();
    let started = Instant::now();
    let error = port
        .client(Duration::from_millis(200))
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap_err();
    // Well before the 3 s total timeout, which would give Error::Timeout instead.
    assert!(paused_since(started) < Duration::from_millis(2500));
    assert_connect_failure(&error);
}

#[tokio::test(start_paused = true)]
async fn connect_timeout_can_be_overridden_per_request() {
    let port = Unreachable::start();
    // The client would wait 30 s to connect; this request only 200 ms.
    let client = port.client(Duration::from_secs(30));
    let started = Instant::now();
    let mut request = get("/v2/account/keys");
    request
        .options_mut()
        .set_connect_timeout(Duration::from_millis(200));
    let error = client.execute::<Value>(request).await.unwrap_err();
    assert!(paused_since(started) < Duration::from_millis(2500));
    assert_connect_failure(&error);
    // Without the override the client's 30 s connect timeout lets the 3 s total timeout end it.
    let error = client
        .execute::<Value>(get("/v2/account/keys"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
}
