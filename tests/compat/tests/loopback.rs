//! The released client (the kept copy in `src/`) calls operations through the current runtime,
//! on a loopback server: a paginated GET with a per-request override and query parameters, and
//! a POST with a JSON body built from the operation's setters. Only the parts of the client's API
//! that the contract keeps are used, so the tests hold across a refreshed copy.

use std::time::Duration;

use released_client::Client;
use released_client::prelude::*;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::builder()
        .token("compat-token")
        .base_url(server.uri())
        .retry_policy(released_client::RetryPolicy::none())
        .build()
        .expect("a loopback base URL is accepted")
}

#[tokio::test]
async fn a_get_with_query_and_overrides_decodes_its_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/account/keys"))
        .and(query_param("per_page", "2"))
        .and(header("authorization", "Bearer compat-token"))
        .and(header("x-trace", "compat"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(
            r#"{"ssh_keys": [{"id": 512190, "name": "laptop", "public_key": "ssh-ed25519 AAAA",
                "fingerprint": "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"}],
                "links": {}, "meta": {"total": 1}}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let page = client(&server)
        .ssh_keys()
        .list()
        .per_page(2)
        .timeout(Duration::from_secs(30))
        .header("x-trace", "compat")
        .send()
        .await
        .expect("the page decodes");
    assert_eq!(page.status(), 200);
    assert_eq!(page.ssh_keys.len(), 1);
    assert_eq!(page.ssh_keys[0].name, "laptop");
}

#[tokio::test]
async fn a_post_sends_the_body_its_setters_built() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/v2/account/keys"))
        .and(header("content-type", "application/json"))
        .and(body_json(serde_json::json!({
            "name": "laptop",
            "public_key": "ssh-ed25519 AAAA"
        })))
        .respond_with(ResponseTemplate::new(201).set_body_raw(
            r#"{"ssh_key": {"id": 1, "name": "laptop", "public_key": "ssh-ed25519 AAAA",
                "fingerprint": "3b:16"}}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let created = client(&server)
        .ssh_keys()
        .create()
        .name("laptop")
        .public_key("ssh-ed25519 AAAA")
        .send()
        .await
        .expect("the create succeeds");
    assert_eq!(created.status(), 201);
}
