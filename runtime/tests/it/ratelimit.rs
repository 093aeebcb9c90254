//! The rate-limit budget shared by a client's clones, end to end against a scripted loopback
//! server. The limiter's rules themselves are tested without clocks in `runtime/src/ratelimit_tests.rs`.

use std::time::Duration;

use tokio::time::Instant;

use crate::support;
use crate::support::*;
use digitalocean_client_runtime::Error;
use serde_json::Value;

fn spent_until(reset: &str) -> Reply {
    json(
        200,
        "{}",
        &[
            ("ratelimit-limit", "50"),
            ("ratelimit-remaining", "0"),
            ("ratelimit-reset", reset),
        ],
    )
}

#[tokio::test(start_paused = true)]
async fn a_clone_waits_for_the_reset_its_sibling_was_told_about() {
    let reset = epoch_in(3);
    let server = TestServer::start(vec![spent_until(&reset), json(200, "{}", &[])]).await;
    let client = server.client();
    let sibling = client.clone();
    client.execute::<Value>(get("/v2/a")).await.unwrap();
    let started = Instant::now();
    sibling.execute::<Value>(get("/v2/b")).await.unwrap();
    // The reset is a whole second 2-3 s away: nothing was sent into the spent window.
    let waited = paused_since(started);
    assert!(waited >= Duration::from_millis(900), "{waited:?}");
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn a_spent_hourly_quota_refuses_the_next_call_without_sending_it() {
    let reset = epoch_in(3600);
    let server = TestServer::start(vec![spent_until(&reset), json(200, "{}", &[])]).await;
    let client = server.client();
    client.execute::<Value>(get("/v2/a")).await.unwrap();
    let started = Instant::now();
    let error = client
        .clone()
        .execute::<Value>(get("/v2/b"))
        .await
        .unwrap_err();
    assert!(paused_since(started) < Duration::from_millis(500));
    let Error::RateLimited(limited) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(limited.attempts, 0);
    assert!(
        limited.message.as_deref().unwrap().starts_with("not sent"),
        "{error}"
    );
    assert_eq!(
        limited.reset().map(|r| r.timestamp().to_string()),
        Some(reset)
    );
    assert_eq!(server.requests().len(), 1, "the refused call was sent");
}

#[tokio::test(start_paused = true)]
async fn a_retry_after_pauses_every_clone() {
    let server = TestServer::start(vec![
        do_error(
            429,
            "too_many_requests",
            "slow down",
            &[("retry-after", "1")],
        ),
        json(200, "{}", &[]),
        json(200, "{}", &[]),
    ])
    .await;
    let client = server.client();
    let started = Instant::now();
    let first = tokio::spawn({
        let client = client.clone();
        async move { client.execute::<Value>(get("/v2/a")).await }
    });
    // Let the first call get its 429 before the second starts.
    while server.requests().is_empty() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    client.execute::<Value>(get("/v2/b")).await.unwrap();
    let second_done = paused_since(started);
    first.await.unwrap().unwrap();
    assert!(second_done >= Duration::from_millis(950), "{second_done:?}");
    assert_eq!(server.requests().len(), 3);
}

#[tokio::test]
async fn with_the_limiter_off_each_call_only_reacts_to_its_own_answers() {
    let reset = epoch_in(3600);
    let server = TestServer::start(vec![spent_until(&reset), json(200, "{}", &[])]).await;
    let client = support::builder()
        .token(TOKEN)
        .base_url(server.url())
        .retry_policy(fast_policy())
        .rate_limiter(false)
        .build()
        .unwrap();
    client.execute::<Value>(get("/v2/a")).await.unwrap();
    client.clone().execute::<Value>(get("/v2/b")).await.unwrap();
    assert_eq!(server.requests().len(), 2);
}
