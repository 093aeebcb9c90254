//! The per-attempt timeout and announced waits, against a scripted loopback server.

use std::time::Duration;

use tokio::time::Instant;

use crate::support;
use crate::support::*;
use digitalocean_client_runtime::{Client, Error};
use serde_json::Value;

fn client(server: &TestServer, attempt_timeout: Duration) -> Client {
    support::builder()
        .token(TOKEN)
        .base_url(server.url())
        .retry_policy(fast_policy())
        .timeout(Duration::from_secs(5))
        .attempt_timeout(attempt_timeout)
        .build()
        .unwrap()
}

#[tokio::test(start_paused = true)]
async fn a_stalled_get_is_retried_on_a_new_connection() {
    let server = TestServer::start(vec![
        Reply::Delayed(Duration::from_secs(30), Vec::new()),
        json(200, r#"{"ok":true}"#, &[]),
    ])
    .await;
    let started = Instant::now();
    let response = client(&server, Duration::from_millis(200))
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap();
    assert!(
        paused_since(started) < Duration::from_secs(2),
        "{:?}",
        paused_since(started)
    );
    assert_eq!(response.meta().attempts(), 2);
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn a_stalled_post_is_never_sent_twice() {
    let server = TestServer::start(vec![
        Reply::Delayed(Duration::from_secs(30), Vec::new()),
        json(201, "{}", &[]),
    ])
    .await;
    let error = client(&server, Duration::from_millis(200))
        .execute::<Value>(post("/v2/account/keys", "{}"))
        .await
        .unwrap_err();
    let Error::Timeout {
        timeout, attempts, ..
    } = error
    else {
        panic!("{error:?}")
    };
    // The limit that ended it is the attempt's, not the call's 5 s.
    assert_eq!(timeout, Duration::from_millis(200));
    assert_eq!(attempts, 1);
    assert_eq!(server.requests().len(), 1);
}

#[tokio::test]
async fn the_attempt_timeout_can_be_set_per_request() {
    let server = TestServer::start(vec![
        Reply::Delayed(Duration::from_millis(600), b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}".to_vec()),
    ])
    .await;
    // The client's attempt timeout would abandon this slow answer; the request's allows it.
    let mut request = get("/v2/account");
    request
        .options_mut()
        .set_attempt_timeout(Duration::from_secs(2));
    let response = client(&server, Duration::from_millis(100))
        .execute::<Value>(request)
        .await
        .unwrap();
    assert_eq!(response.meta().attempts(), 1);
}

/// Five 429s that each say when to come back, then a success.
fn five_announced_429s() -> Vec<Reply> {
    let mut replies: Vec<Reply> = (0..5)
        .map(|_| {
            do_error(
                429,
                "too_many_requests",
                "slow down",
                &[("retry-after", "0")],
            )
        })
        .collect();
    replies.push(json(200, "{}", &[]));
    replies
}

#[tokio::test]
async fn announced_waits_do_not_count_against_max_attempts() {
    for limiter in [true, false] {
        let server = TestServer::start(five_announced_429s()).await;
        let client = support::builder()
            .token(TOKEN)
            .base_url(server.url())
            .retry_policy(fast_policy().max_attempts(2))
            .rate_limiter(limiter)
            .build()
            .unwrap();
        let response = client.execute::<Value>(get("/v2/account")).await.unwrap();
        assert_eq!(response.meta().attempts(), 6, "limiter {limiter}");
        assert_eq!(server.requests().len(), 6);
    }
}

#[tokio::test]
async fn a_policy_of_one_attempt_still_sends_once() {
    let server = TestServer::start(five_announced_429s()).await;
    let client = support::builder()
        .token(TOKEN)
        .base_url(server.url())
        .retry_policy(digitalocean_client_runtime::RetryPolicy::none())
        .build()
        .unwrap();
    let error = client
        .execute::<Value>(get("/v2/account"))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::RateLimited(_)), "{error:?}");
    assert_eq!(server.requests().len(), 1);
}
