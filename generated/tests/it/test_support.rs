//! The `test-support` feature as a downstream crate uses it: code under test that takes a
//! `Response` or handles an `Error` gets one of each kind, and code that takes a `Client` runs
//! against a canned loopback server.

use std::time::Duration;

use digitalocean_client::prelude::RequestOverrides;
use digitalocean_client::test_support::{self, CannedResponse, CannedServer, ResponseBuilder};
use digitalocean_client::{Client, DateTime, Error, TryStreamExt};

/// "Downstream" code under test: the names of all SSH keys, following pagination.
async fn key_names(client: &Client) -> Result<Vec<String>, Error> {
    let mut names = Vec::new();
    let mut keys = client.ssh_keys().list().per_page(1).items();
    while let Some(key) = keys.try_next().await? {
        names.push(key.name);
    }
    Ok(names)
}

/// "Downstream" code under test: what to tell a user about an error.
fn advice(error: &Error) -> String {
    match error {
        Error::Api(api) if api.status == 404 => "it is gone".into(),
        Error::MissingToken { .. } => "log in first".into(),
        e if e.is_retryable() => format!("try again later ({:?})", e.status()),
        e => format!("give up: {e}"),
    }
}

fn key(id: u64, name: &str, next: Option<&str>) -> String {
    let links = match next {
        Some(next) => format!(r#"{{"pages": {{"next": "{next}"}}}}"#),
        None => "{}".to_owned(),
    };
    format!(
        r#"{{"ssh_keys": [{{"id": {id}, "name": "{name}", "public_key": "ssh-ed25519 AAAA",
            "fingerprint": "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"}}],
            "links": {links}, "meta": {{"total": 2}}}}"#
    )
}

#[tokio::test]
async fn a_canned_server_serves_pages_in_order_and_records_requests() {
    let server = CannedServer::start(vec![
        CannedResponse::json(
            200,
            key(
                1,
                "laptop",
                Some("https://api.digitalocean.com/v2/account/keys?page=2&per_page=1"),
            ),
        )
        .header("x-request-id", "r-1"),
        CannedResponse::json(200, key(2, "desktop", None)),
    ]);
    let names = key_names(&server.client()).await.unwrap();
    assert_eq!(names, ["laptop", "desktop"]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/v2/account/keys");
    assert_eq!(requests[0].query, "per_page=1");
    assert_eq!(requests[1].query, "page=2&per_page=1");
    assert_eq!(
        requests[0].header("authorization"),
        Some("Bearer test-support-token")
    );
}

#[tokio::test]
async fn canned_errors_and_bodies_reach_the_client() {
    let server = CannedServer::start(vec![
        CannedResponse::error(404, "not_found", "The resource was not found.")
            .header("x-request-id", "r-404"),
        CannedResponse::empty(204),
    ]);
    let client = server.client();
    let error = client.ssh_keys().get(7).send().await.unwrap_err();
    assert_eq!(advice(&error), "it is gone");
    assert_eq!(error.request_id(), Some("r-404"));
    let deleted = client.ssh_keys().delete(7).send().await.unwrap();
    assert_eq!(deleted.status(), 204);
    // Beyond the canned responses: a 500 that says so.
    let error = client.ssh_keys().get(8).send().await.unwrap_err();
    assert!(
        error.to_string().contains("no canned response left"),
        "{error}"
    );
    assert_eq!(server.requests()[1].method, "DELETE");
}

#[tokio::test]
async fn a_canned_server_stops_when_dropped() {
    let server = CannedServer::start(vec![]);
    let url = server.url();
    drop(server);
    let client = Client::builder()
        .token("t")
        .base_url(url)
        .retry_policy(digitalocean_client::RetryPolicy::none())
        .build()
        .unwrap();
    let error = client.ssh_keys().get(1).send().await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                request_sent: false,
                ..
            }
        ),
        "{error:?}"
    );
}

#[test]
fn responses_are_built_with_status_request_id_and_rate_limit() {
    let reset = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let response = ResponseBuilder::new(202)
        .request_id("r-9")
        .rate_limit(5000, 12, reset)
        .attempts(3)
        .build(String::from("body"));
    assert_eq!(response.status(), 202);
    assert_eq!(response.request_id(), Some("r-9"));
    let limit = response.rate_limit().unwrap();
    assert_eq!(
        (limit.limit, limit.remaining, limit.reset),
        (5000, 12, reset)
    );
    assert_eq!(response.meta().attempts(), 3);
    assert_eq!(response.into_inner(), "body");
}

#[test]
fn every_error_kind_can_be_built() {
    let reset = DateTime::from_timestamp(1_700_000_000, 0).unwrap();
    let limit = digitalocean_client::RateLimit {
        limit: 5000,
        remaining: 0,
        reset,
    };
    let cases: Vec<(Error, Option<u16>, bool, &str)> = vec![
        (
            test_support::api_error(
                "ssh_keys_get",
                404,
                Some("not_found"),
                Some("gone"),
                Some("r"),
            ),
            Some(404),
            false,
            "API error 404 not_found: gone",
        ),
        (
            test_support::api_error("ssh_keys_get", 503, None, None, None),
            Some(503),
            true,
            "503 Service Unavailable",
        ),
        (
            test_support::rate_limited("ssh_keys_list", Some(Duration::from_secs(30)), Some(limit)),
            Some(429),
            true,
            "rate limit exceeded for ssh_keys_list",
        ),
        (
            test_support::timeout("ssh_keys_list", Duration::from_secs(60), 3),
            None,
            true,
            "timed out after 60s (3 attempt(s))",
        ),
        (
            test_support::transport("ssh_keys_create", false, 1),
            None,
            true,
            "the request was not sent",
        ),
        (
            test_support::decode_error("ssh_keys_get", 200, "ssh_key.id", "expected u64"),
            Some(200),
            false,
            "at `ssh_key.id`: expected u64",
        ),
        (
            test_support::invalid_input("per_page is 500"),
            None,
            false,
            "invalid input: per_page is 500",
        ),
        (
            test_support::missing_token(),
            None,
            false,
            "DIGITALOCEAN_ACCESS_TOKEN",
        ),
        (
            test_support::pagination_loop("/v2/account/keys?page=2"),
            None,
            false,
            "pagination loop",
        ),
        (
            test_support::wait_timeout("vpc_nat_gateways_get", Duration::from_secs(5), Some("NEW")),
            None,
            false,
            "last state: NEW",
        ),
        (
            test_support::wait_failed("security_get_scan", "FAILED"),
            None,
            false,
            "reached the failure state FAILED",
        ),
    ];
    for (error, status, retryable, shown) in cases {
        assert_eq!(error.status(), status, "{error:?}");
        assert_eq!(error.is_retryable(), retryable, "{error:?}");
        let text = error.to_string();
        assert!(text.contains(shown), "{text:?} lacks {shown:?}");
    }
    let reset_of = match test_support::rate_limited(
        "x",
        None,
        Some(digitalocean_client::RateLimit {
            limit: 1,
            remaining: 0,
            reset,
        }),
    ) {
        Error::RateLimited(limited) => limited.reset(),
        other => panic!("{other:?}"),
    };
    assert_eq!(reset_of, Some(reset));
    assert_eq!(advice(&test_support::missing_token()), "log in first");
}

/// Moved from the runtime's tests: a builder's own headers are what the generated builders add.
#[tokio::test]
async fn extra_headers_are_sent_replace_defaults_and_never_printed() {
    let server = CannedServer::start(vec![CannedResponse::json(
        200,
        r#"{"ssh_keys":[],"meta":{"total":0}}"#,
    )]);
    let client = server.client();
    let builder = client
        .ssh_keys()
        .list()
        .header("X-Trace-Id", "trace-secret-123")
        .header("User-Agent", "my-tool/2");
    let printed = format!("{builder:?}");
    assert!(printed.contains("X-Trace-Id"), "{printed}");
    assert!(!printed.contains("trace-secret-123"), "{printed}");
    builder.send().await.unwrap();
    let seen = &server.requests()[0];
    assert_eq!(seen.header("x-trace-id"), Some("trace-secret-123"));
    // Replaces the client's default rather than adding a second one.
    let agents: Vec<&str> = seen
        .headers
        .iter()
        .filter(|(n, _)| n.eq_ignore_ascii_case("user-agent"))
        .map(|(_, v)| v.as_str())
        .collect();
    assert_eq!(agents, ["my-tool/2"]);

    let error = client
        .ssh_keys()
        .list()
        .header("X-Bad", "line\nbreak")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    assert_eq!(
        server.requests().len(),
        1,
        "nothing was sent for the bad header"
    );
}
