//! Pagination and waiters, against a scripted loopback server.

use std::time::Duration;

use tokio::time::Instant;

use crate::support::*;
use digitalocean_client_runtime::wait_until;
use digitalocean_client_runtime::{Error, Pages, Paginated, WaitOptions};
use futures_util::StreamExt;

/// A list page shaped like DigitalOcean's: items, `links.pages.next` and `meta.total`.
#[derive(Debug, serde::Deserialize)]
struct KeyPage {
    ssh_keys: Vec<String>,
    links: Links,
    meta: Meta,
}

#[derive(Debug, serde::Deserialize)]
struct Links {
    pages: Option<LinkPages>,
}

#[derive(Debug, serde::Deserialize)]
struct LinkPages {
    next: Option<String>,
}

#[derive(Debug, serde::Deserialize)]
struct Meta {
    total: u64,
}

impl Paginated for KeyPage {
    type Item = String;
    fn next_link(&self) -> Option<&str> {
        self.links.pages.as_ref()?.next.as_deref()
    }
    fn total(&self) -> Option<u64> {
        Some(self.meta.total)
    }
    fn into_items(self) -> Vec<String> {
        self.ssh_keys
    }
}

fn page(items: &[&str], next: Option<&str>) -> Reply {
    let links = match next {
        Some(next) => format!(r#"{{"pages":{{"next":"{next}"}}}}"#),
        None => "{}".to_owned(),
    };
    let body = format!(
        r#"{{"ssh_keys":{},"links":{links},"meta":{{"total":5}}}}"#,
        serde_json::to_string(items).unwrap()
    );
    json(200, &body, &[])
}

fn list() -> digitalocean_client_runtime::OperationRequest {
    let mut request = get("/v2/account/keys");
    request.query("per_page", "2".into());
    request
}

#[tokio::test]
async fn three_pages_are_followed_in_order() {
    let server = TestServer::start(vec![
        // The links name DigitalOcean's host: only their path and query may be used.
        page(
            &["a", "b"],
            Some("https://api.digitalocean.com/v2/account/keys?page=2&per_page=2"),
        ),
        page(
            &["c", "d"],
            Some("https://api.digitalocean.com/v2/account/keys?page=3&per_page=2"),
        ),
        page(&["e"], None),
    ])
    .await;
    let items = Pages::<KeyPage>::new(server.client(), list())
        .collect_items()
        .await
        .unwrap();
    assert_eq!(items, ["a", "b", "c", "d", "e"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v2/account/keys?per_page=2",
            "/v2/account/keys?page=2&per_page=2",
            "/v2/account/keys?page=3&per_page=2"
        ]
    );
}

#[tokio::test]
async fn pages_stream_yields_responses_with_totals() {
    let server = TestServer::start(vec![
        page(&["a"], Some("/v2/account/keys?page=2")),
        page(&["b"], None),
    ])
    .await;
    let pages: Vec<_> = Pages::<KeyPage>::new(server.client(), list())
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    let first = pages[0].as_ref().unwrap();
    assert_eq!(first.total(), Some(5));
    assert_eq!(first.status(), 200);
}

#[tokio::test]
async fn a_repeated_next_link_is_a_pagination_loop() {
    let server = TestServer::start(vec![
        page(&["a"], Some("/v2/account/keys?page=2")),
        page(&["b"], Some("/v2/account/keys?page=2")),
        page(&["c"], Some("/v2/account/keys?page=2")),
    ])
    .await;
    let mut items = Pages::<KeyPage>::new(server.client(), list()).items();
    assert_eq!(items.next().await.unwrap().unwrap(), "a");
    assert_eq!(items.next().await.unwrap().unwrap(), "b");
    let error = items.next().await.unwrap().unwrap_err();
    assert!(
        matches!(&error, Error::PaginationLoop { link, .. } if link == "/v2/account/keys?page=2"),
        "{error:?}"
    );
    assert!(items.next().await.is_none());
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test]
async fn per_page_above_200_is_refused() {
    let server = TestServer::start(vec![page(&["a"], None)]).await;
    let mut request = list();
    request.query("per_page", "201".into());
    let error = Pages::<KeyPage>::new(server.client(), request)
        .collect_items()
        .await
        .unwrap_err();
    assert!(matches!(error, Error::InvalidInput { .. }), "{error:?}");
    assert!(server.requests().is_empty());
}

#[derive(Debug, serde::Deserialize)]
struct Peering {
    vpc_peering: PeeringBody,
}

#[derive(Debug, serde::Deserialize)]
struct PeeringBody {
    status: Option<String>,
}

fn peering(status: Option<&str>) -> Reply {
    match status {
        Some(status) => json(
            200,
            &format!(r#"{{"vpc_peering":{{"status":"{status}"}}}}"#),
            &[],
        ),
        None => json(200, r#"{"vpc_peering":{}}"#, &[]),
    }
}

fn peering_state(p: &Peering) -> Option<&str> {
    p.vpc_peering.status.as_deref()
}

fn fast_wait() -> WaitOptions {
    WaitOptions::default()
        .interval(Duration::from_millis(5))
        .timeout(Duration::from_secs(5))
}

#[tokio::test(start_paused = true)]
async fn waiter_polls_until_success_through_unknown_states() {
    let server = TestServer::start(vec![
        peering(Some("PROVISIONING")),
        peering(None),
        peering(Some("ACTIVE")),
    ])
    .await;
    let client = server.client();
    let poll = || client.execute::<Peering>(get("/v2/vpc_peerings/1"));
    let started = Instant::now();
    let response = wait_until(
        "vpc_peerings_get",
        fast_wait(),
        poll,
        peering_state,
        &["ACTIVE"],
        &["FAILED"],
    )
    .await
    .unwrap();
    assert_eq!(peering_state(&response), Some("ACTIVE"));
    assert_eq!(server.requests().len(), 3);
    // Slept the 5 ms interval between each two of the three polls (paused, virtual time).
    assert!(paused_since(started) >= Duration::from_millis(10));
}

#[tokio::test]
async fn waiter_stops_at_a_failure_state() {
    let server = TestServer::start(vec![
        peering(Some("PROVISIONING")),
        peering(Some("FAILED")),
        peering(Some("ACTIVE")),
    ])
    .await;
    let client = server.client();
    let poll = || client.execute::<Peering>(get("/v2/vpc_peerings/1"));
    let error = wait_until(
        "vpc_peerings_get",
        fast_wait(),
        poll,
        peering_state,
        &["ACTIVE"],
        &["FAILED"],
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&error, Error::WaitFailed { state, .. } if state == "FAILED"),
        "{error:?}"
    );
    assert_eq!(server.requests().len(), 2);
}

#[tokio::test(start_paused = true)]
async fn waiter_times_out() {
    let server = TestServer::start((0..100).map(|_| peering(Some("PROVISIONING"))).collect()).await;
    let client = server.client();
    let poll = || client.execute::<Peering>(get("/v2/vpc_peerings/1"));
    let options = WaitOptions::default()
        .interval(Duration::from_millis(20))
        .timeout(Duration::from_millis(100));
    let started = Instant::now();
    let error = wait_until(
        "vpc_peerings_get",
        options,
        poll,
        peering_state,
        &["ACTIVE"],
        &[],
    )
    .await
    .unwrap_err();
    assert!(paused_since(started) < Duration::from_secs(1));
    let Error::WaitTimeout { last_state, .. } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(last_state.as_deref(), Some("PROVISIONING"));
}
