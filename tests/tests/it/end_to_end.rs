//! End-to-end behaviour through the generated API against a loopback wiremock server:
//! pagination, waiters, unknown enum values, and per-request retry policy and timeout.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use digitalocean_client::models::{self, VpcPeeringStatus};
use digitalocean_client::prelude::*;
use digitalocean_client::{Client, Error, Paginated, RetryPolicy, WaitOptions};
use futures::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use tests::spec;
use uuid::Uuid;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const PEERING_ID: &str = "5a4981aa-9653-4bd1-bef5-d6bff52042e4";
const SCAN_ID: &str = "497dcba3-ecbf-4587-a2dd-5eb0665e6880";

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("end-to-end-token")
        .base_url(server.uri())
        // Fast retries, so that tests about retrying take milliseconds.
        .retry_policy(
            RetryPolicy::default()
                .initial_backoff(Duration::from_millis(1))
                .max_backoff(Duration::from_millis(5)),
        )
        .build()
        .unwrap()
}

fn json_response(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// Answers the n-th request with the n-th body (the last one repeated), counting requests.
fn in_turn(bodies: Vec<Value>, count: Arc<AtomicUsize>) -> impl Fn(&Request) -> ResponseTemplate {
    move |_: &Request| {
        let n = count.fetch_add(1, Ordering::SeqCst);
        json_response(bodies[n.min(bodies.len() - 1)].clone())
    }
}

// ---------------------------------------------------------------------------------------------
// Pagination.

fn ssh_key(id: i64) -> Value {
    json!({
        "id": id,
        "fingerprint": format!("3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:{id:02x}"),
        "public_key": format!("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{id} key-{id}@example"),
        "name": format!("key {id}"),
    })
}

/// Page `page` of 3 of five SSH keys, two per page; the links name DigitalOcean's host, which
/// the client must swap for its own base URL.
fn ssh_keys_page(page: i64) -> Value {
    let ids: Vec<i64> = match page {
        1 => vec![1, 2],
        2 => vec![3, 4],
        _ => vec![5],
    };
    let link = |p: i64| format!("https://api.digitalocean.com/v2/account/keys?page={p}&per_page=2");
    let mut pages = serde_json::Map::new();
    if page > 1 {
        pages.insert("first".into(), json!(link(1)));
        pages.insert("prev".into(), json!(link(page - 1)));
    }
    if page < 3 {
        pages.insert("next".into(), json!(link(page + 1)));
        pages.insert("last".into(), json!(link(3)));
    }
    json!({
        "ssh_keys": ids.into_iter().map(ssh_key).collect::<Vec<_>>(),
        "links": { "pages": pages },
        "meta": { "total": 5 },
    })
}

async fn three_page_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/account/keys"))
        .and(query_param_is_missing("page"))
        .and(query_param("per_page", "2"))
        .respond_with(json_response(ssh_keys_page(1)))
        .expect(1)
        .mount(&server)
        .await;
    for page in [2, 3] {
        Mock::given(method("GET"))
            .and(path("/v2/account/keys"))
            .and(query_param("page", page.to_string()))
            .and(query_param("per_page", "2"))
            .respond_with(json_response(ssh_keys_page(page)))
            .expect(1)
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test]
async fn a_three_page_list_yields_every_item_in_order_with_exactly_three_requests() {
    let server = three_page_server().await;
    let keys: Vec<models::SshKey> = client(&server)
        .ssh_keys()
        .list()
        .per_page(2)
        .items()
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<Option<i64>> = keys.iter().map(|k| k.id).collect();
    assert_eq!(ids, [Some(1), Some(2), Some(3), Some(4), Some(5)]);
    assert_eq!(keys[4].name, "key 5");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 3, "one request per page");
    let queries: Vec<Option<&str>> = requests.iter().map(|r| r.url.query()).collect();
    assert_eq!(
        queries,
        [
            Some("per_page=2"),
            Some("page=2&per_page=2"),
            Some("page=3&per_page=2")
        ]
    );
    // `.expect(1)` on every page is verified when the server drops.
}

#[tokio::test]
async fn pages_expose_meta_total_and_each_page_in_turn() {
    let server = three_page_server().await;
    let pages: Vec<_> = client(&server)
        .ssh_keys()
        .list()
        .per_page(2)
        .pages()
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 3);
    for (n, page) in pages.iter().enumerate() {
        assert_eq!(page.status(), 200);
        assert_eq!(page.meta.as_ref().unwrap().total, 5, "page {}", n + 1);
        assert_eq!(page.value().total(), Some(5));
    }
    let sizes: Vec<usize> = pages.iter().map(|p| p.ssh_keys.len()).collect();
    assert_eq!(sizes, [2, 2, 1]);
    assert!(pages[2].next_link().is_none());
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

// ---------------------------------------------------------------------------------------------
// Waiters.

/// The spec's `vpc_peerings_get` example with `status` replaced.
fn peering_with_status(status: &str) -> Value {
    let mut body = spec::response_example("vpc_peerings_get");
    body["vpc_peering"]["id"] = json!(PEERING_ID);
    body["vpc_peering"]["status"] = json!(status);
    body
}

#[tokio::test]
async fn wait_until_active_polls_through_provisioning_and_an_unknown_state() {
    let server = MockServer::start().await;
    let polls = Arc::new(AtomicUsize::new(0));
    Mock::given(method("GET"))
        .and(path(format!("/v2/vpc_peerings/{PEERING_ID}")))
        .respond_with(in_turn(
            vec![
                peering_with_status("PROVISIONING"),
                peering_with_status("REBOOTING"),
                peering_with_status("ACTIVE"),
                peering_with_status("DELETING"),
            ],
            polls.clone(),
        ))
        .mount(&server)
        .await;

    let response = client(&server)
        .vpc_peerings()
        .wait_until_active(
            PEERING_ID.parse::<Uuid>().unwrap(),
            WaitOptions::default()
                .interval(Duration::from_millis(20))
                .timeout(Duration::from_secs(10)),
        )
        .await
        .unwrap();
    let peering = &response.vpc_peering;
    assert_eq!(peering.status, Some(VpcPeeringStatus::Active));
    assert_eq!(peering.id, Some(PEERING_ID.parse().unwrap()));
    // That the waiter sleeps the interval between polls is tested on paused time in
    // runtime/tests/it/pagination.rs.
    assert_eq!(polls.load(Ordering::SeqCst), 3, "stops at the first ACTIVE");
}

fn scan_with_status(status: &str) -> Value {
    json!({ "scan": { "id": SCAN_ID, "status": status, "created_at": "2025-12-04T00:00:00Z" } })
}

#[tokio::test]
async fn wait_until_completed_fails_at_once_on_failed() {
    let server = MockServer::start().await;
    let polls = Arc::new(AtomicUsize::new(0));
    Mock::given(method("GET"))
        .and(path(format!("/v2/security/scans/{SCAN_ID}")))
        .respond_with(in_turn(
            vec![scan_with_status("FAILED"), scan_with_status("COMPLETED")],
            polls.clone(),
        ))
        .mount(&server)
        .await;

    let error = client(&server)
        .security()
        .wait_until_completed(
            SCAN_ID.parse::<Uuid>().unwrap(),
            // A poll interval that would make the test slow if the waiter polled again.
            WaitOptions::default()
                .interval(Duration::from_secs(30))
                .timeout(Duration::from_secs(60)),
        )
        .await
        .unwrap_err();
    match &error {
        Error::WaitFailed {
            operation_id,
            state,
            ..
        } => {
            assert_eq!(*operation_id, "security_get_scan");
            assert_eq!(state, "FAILED");
        }
        other => panic!("expected WaitFailed, got {other:?}"),
    }
    // Not polled again (a second poll would have answered COMPLETED).
    assert_eq!(polls.load(Ordering::SeqCst), 1);
    assert!(!error.is_retryable());
}

// ---------------------------------------------------------------------------------------------
// Unknown enum values.

#[tokio::test]
async fn an_unknown_status_decodes_to_unknown_and_serialises_back_unchanged() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/vpc_peerings/{PEERING_ID}")))
        .respond_with(json_response(peering_with_status("REBOOTING")))
        .mount(&server)
        .await;
    let response = client(&server)
        .vpc_peerings()
        .get(PEERING_ID.parse::<Uuid>().unwrap())
        .send()
        .await
        .unwrap();
    let peering = response.vpc_peering.clone();
    assert_eq!(peering.status, Some(VpcPeeringStatus::from("REBOOTING")));
    assert!(matches!(
        peering.status,
        Some(VpcPeeringStatus::Unknown(ref value)) if value.as_str() == "REBOOTING"
    ));
    // The text of a known value is always its variant, never an `Unknown` that looks like it.
    assert_eq!(VpcPeeringStatus::from("ACTIVE"), VpcPeeringStatus::Active);
    assert_eq!(peering.status.as_ref().unwrap().as_str(), "REBOOTING");
    assert_eq!(peering.status.as_ref().unwrap().to_string(), "REBOOTING");
    let back = serde_json::to_value(response.value()).unwrap();
    assert_eq!(back["vpc_peering"]["status"], "REBOOTING");
    assert_eq!(
        back,
        peering_with_status("REBOOTING"),
        "the whole body round-trips"
    );
}

// ---------------------------------------------------------------------------------------------
// Per-request options.

#[tokio::test]
async fn a_per_request_retry_policy_none_sends_a_failing_get_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/vpc_peerings/{PEERING_ID}")))
        .respond_with(
            ResponseTemplate::new(500)
                .set_body_json(json!({ "id": "server_error", "message": "Server Error" })),
        )
        .mount(&server)
        .await;
    let client = client(&server);
    let id: Uuid = PEERING_ID.parse().unwrap();

    let error = client
        .vpc_peerings()
        .get(id)
        .retry_policy(RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::Api(api) => {
            assert_eq!(api.status, 500);
            assert_eq!(api.attempts, 1);
            assert_eq!(api.id.as_deref(), Some("server_error"));
        }
        other => panic!("expected Error::Api, got {other:?}"),
    }
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    // Without the override the client's own policy (4 attempts) retries the GET.
    let error = client.vpc_peerings().get(id).send().await.unwrap_err();
    assert!(
        matches!(&error, Error::Api(api) if api.attempts == 4),
        "{error:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1 + 4);
}

#[tokio::test]
async fn a_per_request_timeout_ends_a_slow_request_with_error_timeout() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/vpc_peerings/{PEERING_ID}")))
        .respond_with(
            json_response(peering_with_status("ACTIVE")).set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    // The client's own timeout is long; only the request's override can end it early.
    let client = Client::builder()
        .token("end-to-end-token")
        .base_url(server.uri())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap();

    let error = client
        .vpc_peerings()
        .get(PEERING_ID.parse::<Uuid>().unwrap())
        .timeout(Duration::from_millis(200))
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::Timeout {
            operation_id,
            timeout,
            ..
        } => {
            assert_eq!(*operation_id, "vpc_peerings_get");
            assert_eq!(*timeout, Duration::from_millis(200));
        }
        other => panic!("expected Error::Timeout, got {other:?}"),
    }
    assert!(error.is_retryable());

    // The same request without the override waits for the slow answer and succeeds.
    let response = client
        .vpc_peerings()
        .get(PEERING_ID.parse::<Uuid>().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(response.vpc_peering.status, Some(VpcPeeringStatus::Active));
}

#[tokio::test]
async fn items_stream_stops_after_an_error_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/account/keys"))
        .and(query_param_is_missing("page"))
        .respond_with(json_response(ssh_keys_page(1)))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/account/keys"))
        .and(query_param("page", "2"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({ "id": "not_found", "message": "gone" })),
        )
        .mount(&server)
        .await;
    let results: Vec<_> = client(&server)
        .ssh_keys()
        .list()
        .per_page(2)
        .retry_policy(RetryPolicy::none())
        .items()
        .collect()
        .await;
    assert_eq!(results.len(), 3, "two items, then the error: {results:?}");
    assert_eq!(results[0].as_ref().unwrap().id, Some(1));
    assert_eq!(results[1].as_ref().unwrap().id, Some(2));
    assert!(matches!(&results[2], Err(Error::Api(api)) if api.status == 404));
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// Per-request overrides: the runtime's `RequestOverrides` on every generated builder.

/// All five override setters on a generated builder, with the prelude imported: the extra
/// header reaches the server, the retry policy is this request's (a 503 is not retried), and a
/// short timeout ends a slow answer.
#[tokio::test]
async fn every_builder_has_the_override_setters_and_they_apply_to_that_request() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/account/keys"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let error = client(&server)
        .ssh_keys()
        .list()
        .timeout(Duration::from_secs(10))
        .attempt_timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(2))
        .header("x-trace-id", "trace-7")
        .retry_policy(RetryPolicy::none())
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Api(api) if api.status == 503),
        "{error:?}"
    );
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        requests.len(),
        1,
        "RetryPolicy::none() on the request: sent once"
    );
    assert_eq!(
        requests[0].headers.get("x-trace-id").map(|v| v.as_bytes()),
        Some(&b"trace-7"[..])
    );

    let slow = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/v2/vpc_peerings/{PEERING_ID}")))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&slow)
        .await;
    let error = client(&slow)
        .vpc_peerings()
        .get(PEERING_ID.parse::<Uuid>().unwrap())
        .timeout(Duration::from_millis(200))
        .send()
        .await
        .unwrap_err();
    // The request's 200 ms ended it, not the client's default timeout or the 5 s answer.
    assert!(
        matches!(error, Error::Timeout { timeout, .. } if timeout == Duration::from_millis(200)),
        "{error:?}"
    );
}
