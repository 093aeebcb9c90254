//! Replays traffic as a real DigitalOcean server sends it (looser than any description of it)
//! through the generated client on a loopback wiremock server: empty 202/204 bodies, lists
//! without `meta`/`links`, properties and enum values no spec names at every level, fingerprints
//! with colons. Every case checks the decoded values and that exactly one request went out
//! (nothing retried), and that what was decoded serializes back to what the server sent.

use std::time::Duration;

use digitalocean_client::models::{self as m, SshKey};
use digitalocean_client::{Client, Error, RateLimit, RetryPolicy, WaitOptions};
use serde_json::{Value, json};
use tests::calls::Ids;
use tests::mock::{MOCK_REQUEST_ID, RATE_LIMIT_HEADERS};
use tests::{spec, tour};
use uuid::{Uuid, uuid};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "dop_v1_replay_test_token_5d1e";
const PEERING_ID: Uuid = uuid!("5a4981aa-9653-4bd1-bef5-d6bff52042e4");
const GATEWAY_ID: Uuid = uuid!("70e1b58d-cdec-4e95-b3ee-2d4d95feff51");
const SCAN_ID: Uuid = uuid!("497dcba3-ecbf-4587-a2dd-5eb0665e6880");
const FINGERPRINT: &str = "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa";

// ---------------------------------------------------------------------------------------------
// The server and the client

/// A server that answers every request with `status`, DigitalOcean's headers and `body` as raw
/// bytes (so an empty body really is empty).
async fn server_answering(status: u16, body: &str) -> MockServer {
    let server = MockServer::start().await;
    let mut template = ResponseTemplate::new(status).insert_header("x-request-id", MOCK_REQUEST_ID);
    for (name, value) in RATE_LIMIT_HEADERS {
        template = template.insert_header(name, value);
    }
    if !body.is_empty() {
        template = template.set_body_raw(body.as_bytes().to_vec(), "application/json");
    }
    Mock::given(any())
        .respond_with(template)
        .mount(&server)
        .await;
    server
}

/// A client that *would* retry (quickly), so a test can see that nothing was retried.
fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .retry_policy(
            RetryPolicy::default()
                .max_attempts(3)
                .initial_backoff(Duration::from_millis(5))
                .max_backoff(Duration::from_millis(20)),
        )
        .build()
        .expect("client builds")
}

async fn requests(server: &MockServer) -> Vec<wiremock::Request> {
    server.received_requests().await.expect("recording is on")
}

// ---------------------------------------------------------------------------------------------
// Every operation, called as the tour calls it, reduced to what the server said

/// What one call returned: the metadata and the decoded value serialized back to JSON (`None`
/// when the response had no body).
#[derive(Debug)]
struct Outcome {
    status: u16,
    request_id: Option<String>,
    rate_limit: Option<RateLimit>,
    attempts: u32,
    value: Option<Value>,
}

/// Makes the call of the shared table (`tests::calls`, the tour's own) for one operation.
async fn call(operation_id: &str, c: &Client) -> Result<Outcome, Error> {
    let response = (tour::call(operation_id).send)(c, &Ids::default()).await?;
    let value = response.value().json();
    Ok(Outcome {
        status: response.status(),
        request_id: response.request_id().map(str::to_owned),
        rate_limit: response.rate_limit().cloned(),
        attempts: response.meta().attempts(),
        value: (!value.is_null()).then_some(value),
    })
}

fn assert_metadata(operation_id: &str, outcome: &Outcome, status: u16) {
    assert_eq!(outcome.status, status, "{operation_id}: status");
    assert_eq!(
        outcome.request_id.as_deref(),
        Some(MOCK_REQUEST_ID),
        "{operation_id}: request id"
    );
    let limit = outcome.rate_limit.as_ref().expect("rate limit read");
    assert_eq!(
        (limit.limit, limit.remaining),
        (5000, 4816),
        "{operation_id}"
    );
    assert_eq!(outcome.attempts, 1, "{operation_id}: attempts");
}

// ---------------------------------------------------------------------------------------------
// Empty 2xx bodies

#[tokio::test]
async fn every_state_changing_operation_takes_an_empty_2xx_as_done_and_sends_it_once() {
    let mutations: Vec<_> = spec::operations()
        .iter()
        .filter(|op| op.method != "GET")
        .collect();
    assert_eq!(mutations.len(), 18);
    let mut typed_errors = 0;
    for op in mutations {
        let id = &op.operation_id;
        // The documented status, and the two a real server sends without a body.
        for status in [op.success_status, 202, 204] {
            let server = server_answering(status, "").await;
            let client = client_for(&server);
            match call(id, &client).await {
                // No body documented, or the spec lists a 2xx without one (`Option<T>`): `Ok`
                // with no value.
                Ok(outcome) => {
                    assert!(
                        !op.success_has_body || op.success_body_optional,
                        "{id}: {status} without the documented body was Ok"
                    );
                    assert_metadata(id, &outcome, status);
                    assert_eq!(outcome.value, None, "{id}: no body, no value");
                }
                // A body every documented success has: `EmptyBody`, which says the server did
                // the work and is not retryable, so a caller never sends the change twice.
                Err(error) => {
                    assert!(
                        op.success_has_body && !op.success_body_optional,
                        "{id}: empty {status}: {error}"
                    );
                    assert!(
                        matches!(&error, Error::EmptyBody { status: s, .. } if *s == status),
                        "{id}: {error:?}"
                    );
                    assert!(!error.is_retryable(), "{id}: retryable");
                    assert_eq!(error.request_id(), Some(MOCK_REQUEST_ID), "{id}");
                    assert!(error.to_string().contains("not retried"), "{error}");
                    typed_errors += 1;
                }
            }
            let sent = requests(&server).await;
            assert_eq!(sent.len(), 1, "{id}: retried");
            assert_eq!(sent[0].method.as_str(), op.method, "{id}");
        }
    }
    // Both outcomes are exercised: the 10 operations whose every documented success has a body.
    assert_eq!(typed_errors, 10 * 3);
}

#[tokio::test]
async fn a_204_with_a_body_is_read_as_no_body() {
    // godo's secrets client carries a workaround for a "204 with a body"; on the wire a 204 has
    // none, whatever bytes follow.
    let server = server_answering(204, r#"{"name": "db", "region": "nyc3", "version": 2}"#).await;
    let client = client_for(&server);
    let outcome = call("security_create_secret", &client).await.unwrap();
    assert_eq!((outcome.status, outcome.value), (204, None));
}

#[tokio::test]
async fn a_state_changing_body_can_be_required_and_then_names_the_empty_body() {
    let server = server_answering(202, "").await;
    let client = client_for(&server);
    let response = client
        .vpc_peerings()
        .delete(PEERING_ID)
        .send()
        .await
        .unwrap();
    assert!(!response.has_body());
    let error = response.require_body().unwrap_err();
    assert!(
        matches!(error, Error::EmptyBody { status: 202, .. }),
        "{error:?}"
    );
    assert!(!error.is_retryable(), "the server did the work");
    assert_eq!(error.request_id(), Some(MOCK_REQUEST_ID));
    let text = error.to_string();
    assert!(
        text.contains("vpc_peerings_delete")
            && text.contains("DELETE")
            && text.contains("not retried"),
        "{text}"
    );
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn every_get_reports_an_empty_2xx_body_as_a_typed_error_and_retries_it() {
    let gets: Vec<_> = spec::operations()
        .iter()
        .filter(|op| op.method == "GET")
        .collect();
    assert_eq!(gets.len(), 14);
    for op in gets {
        let server = server_answering(200, "").await;
        let client = client_for(&server);
        let error = call(&op.operation_id, &client).await.unwrap_err();
        let id = &op.operation_id;
        match &error {
            Error::EmptyBody {
                operation_id,
                status,
                attempts,
                request_id,
                ..
            } => {
                assert_eq!((*operation_id, *status, *attempts), (id.as_str(), 200, 3));
                assert_eq!(request_id.as_deref(), Some(MOCK_REQUEST_ID));
            }
            other => panic!("{id}: expected EmptyBody, got {other:?}"),
        }
        assert!(error.is_retryable(), "{id}");
        let text = error.to_string();
        assert!(text.contains("empty body"), "{id}: {text}");
        assert!(
            !text.contains("EOF") && !text.contains("column"),
            "{id}: {text}"
        );
        // Retried like any failure of an idempotent request: the policy allows three attempts.
        assert_eq!(requests(&server).await.len(), 3, "{id}");
    }
}

// ---------------------------------------------------------------------------------------------
// Recorded-style responses, one or more per operation

/// One response as a server sends it, and what the client must make of it.
struct Case {
    operation_id: &'static str,
    /// The path parameters' values as they must appear on the wire.
    segments: &'static [&'static str],
    status: u16,
    /// The body exactly as sent (empty: no body).
    body: &'static str,
    /// What the decoded value serializes to, when not the body itself (a list array the server
    /// left out comes back as `[]`).
    round_trip: Option<&'static str>,
}

const PEERING: &str = r#"{"id": "5a4981aa-9653-4bd1-bef5-d6bff52042e4", "name": "nyc1-blr1-peering",
  "vpc_ids": ["c140286f-e6ce-4131-8b7b-df4590ce8d6a", "994a2735-dc84-11e8-80bc-3cfdfea9fba1"],
  "created_at": "2024-01-09T20:44:32Z", "status": "UPGRADING", "urn": "do:vpcpeering:5a4981aa"}"#;

const GATEWAY: &str = r#"{"id": "70e1b58d-cdec-4e95-b3ee-2d4d95feff51", "name": "gw", "type": "PRIVATE",
  "state": "STATE_ACTIVE", "region": "tor1", "size": 1,
  "vpcs": [{"vpc_uuid": "0eb1752f-807b-4562-a077-8018e13ab1fb", "default_gateway": true,
            "gateway_ip": "10.118.0.35", "subnet_uuid": "6a2f38ab-3c07-4d3e-b6f6-5b6f31c0a6e4",
            "route_priority": 10}],
  "egresses": {"public_gateways": [{"ipv4": "174.138.113.197", "ip": "174.138.113.197",
                                    "ipv6": "2604:a880::1"}], "private_gateways": []},
  "udp_timeout_seconds": 30, "icmp_timeout_seconds": 30, "tcp_timeout_seconds": 30,
  "project_id": "9cc10173-e9ea-4176-9dbc-a4cee4c4ff30",
  "created_at": "2025-08-12T18:43:14Z", "updated_at": "2025-08-12T18:45:01Z",
  "bandwidth_mbps": 1000}"#;

const SSH_KEY: &str = r#"{"id": 512189, "fingerprint": "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa",
  "public_key": "ssh-ed25519 AAAA laptop", "name": "laptop", "created_at": "2026-07-01T10:00:00Z"}"#;

const SCAN: &str = r#"{"id": "760e09ef-dc84-11e8-981e-3cfdfeaae000", "status": "QUEUED",
  "created_at": "2025-12-04T00:00:00Z", "trigger": "manual",
  "findings": [{"rule_uuid": "460e09ef-dc84-11e8-981e-3cfdfeaae000", "name": "Backups off",
                "severity": "INFO", "affected_resources_count": 2, "found_at": "2025-12-04T00:00:00Z",
                "mitigation_steps": [{"step": 1, "title": "Enable backups", "description": "Turn on",
                                      "doc_url": "https://docs.digitalocean.com/"}],
                "category": "backup"}]}"#;

fn cases() -> Vec<Case> {
    // Bodies are leaked once per test run so that the table can hold `&'static str`.
    let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
    let links = r#"{"pages": {"next": "https://api.digitalocean.com/v2/x?page=2", "last": "https://api.digitalocean.com/v2/x?page=9", "self": "https://api.digitalocean.com/v2/x?page=1"}, "cursor": "abc"}"#;
    let meta = r#"{"total": 9, "page": 1, "pages": 9, "took_ms": 4}"#;
    let peering_id = "5a4981aa-9653-4bd1-bef5-d6bff52042e4";
    let gateway_id = "70e1b58d-cdec-4e95-b3ee-2d4d95feff51";
    let scan_id = "497dcba3-ecbf-4587-a2dd-5eb0665e6880";
    let finding_id = "50e14f43-dd4e-412f-864d-78943ea28d91";
    let suppression_id = "5b3b2b2d-5c9c-4a61-9e2f-4d8f80f30a12";
    let secret = "my-database-password";
    let segments = |s: &[&str]| -> &'static [&'static str] {
        Box::leak(
            s.iter()
                .map(|s| leak((*s).to_owned()))
                .collect::<Vec<_>>()
                .into_boxed_slice(),
        )
    };
    let case = |operation_id, segs: &[&str], status, body: String| Case {
        operation_id,
        segments: segments(segs),
        status,
        body: leak(body),
        round_trip: None,
    };
    let mut cases = vec![
        case("vpc_peerings_list", &[], 200, format!(r#"{{"vpc_peerings": [{PEERING}], "links": {links}, "meta": {meta}, "region_status": "ok"}}"#)),
        case("vpc_peerings_create", &[], 202, format!(r#"{{"vpc_peering": {PEERING}, "action": "create"}}"#)),
        case("vpc_peerings_get", &[peering_id], 200, format!(r#"{{"vpc_peering": {PEERING}}}"#)),
        case("vpc_peerings_patch", &[peering_id], 200, format!(r#"{{"vpc_peering": {PEERING}}}"#)),
        // godo's fixture: the delete is accepted with no body at all.
        case("vpc_peerings_delete", &[peering_id], 202, String::new()),
        case("vpc_nat_gateways_list", &[], 200, format!(r#"{{"vpc_nat_gateways": [{GATEWAY}], "links": {{}}, "meta": {{"total": 1}}}}"#)),
        case("vpc_nat_gateways_create", &[], 202, format!(r#"{{"vpc_nat_gateway": {GATEWAY}}}"#)),
        case("vpc_nat_gateways_get", &[gateway_id], 200, format!(r#"{{"vpc_nat_gateway": {GATEWAY}}}"#)),
        case("vpc_nat_gateways_update", &[gateway_id], 200, format!(r#"{{"vpc_nat_gateway": {GATEWAY}}}"#)),
        case("vpc_nat_gateways_delete", &[gateway_id], 202, String::new()),
        case("ssh_keys_list", &[], 200, format!(r#"{{"ssh_keys": [{SSH_KEY}], "links": {links}, "meta": {meta}}}"#)),
        case("ssh_keys_create", &[], 201, format!(r#"{{"ssh_key": {SSH_KEY}}}"#)),
        case("ssh_keys_get", &[FINGERPRINT], 200, format!(r#"{{"ssh_key": {SSH_KEY}}}"#)),
        case("ssh_keys_update", &["512189"], 200, format!(r#"{{"ssh_key": {SSH_KEY}}}"#)),
        case("ssh_keys_delete", &[FINGERPRINT], 204, String::new()),
        // godo's CSPM fixture: no `meta`, no `links`.
        case("security_list_scans", &[], 200, format!(r#"{{"scans": [{SCAN}]}}"#)),
        case("security_create_scan", &[], 201, format!(r#"{{"scan": {SCAN}}}"#)),
        case("security_get_latest_scan", &[], 200, format!(r#"{{"scan": {SCAN}}}"#)),
        case("security_create_scan_rule", &[], 201, String::new()),
        case("security_get_scan", &[scan_id], 200, format!(r#"{{"scan": {SCAN}}}"#)),
        case("security_list_scan_finding_affected_resources", &[scan_id, finding_id], 200,
             r#"{"affected_resources": [{"name": "web-1", "type": "Droplet", "urn": "do:droplet:1", "region": "nyc3"}], "meta": {"total": 1}}"#.to_owned()),
        case("security_list_settings", &[], 200, format!(r#"{{"plan_downgrades": {{"basic": {{"effective_at": "2026-08-01"}}}},
             "settings": {{"suppressions": {{"resources": [{{"id": "5b3b2b2d-5c9c-4a61-9e2f-4d8f80f30a12", "rule_uuid": "460e09ef", "resource_id": "123", "note": "x"}}], "links": {links}, "meta": {meta}}}, "auto_scan": true}},
             "tier_coverage": {{"basic": {{"resources": ["do:droplet:1"], "tags": ["prod"], "limit": 10}}}}}}"#)),
        case("security_update_settings_plan", &[], 200, r#"{"tier_coverage": {"basic": {"resources": [], "tags": ["prod"]}}, "billing": "monthly"}"#.to_owned()),
        case("security_create_suppression", &[], 201, r#"{"resources": [{"id": "5b3b2b2d-5c9c-4a61-9e2f-4d8f80f30a13", "rule_uuid": "460e09ef", "expires_at": "never"}], "meta": {"total": 1}}"#.to_owned()),
        case("security_delete_suppression", &[suppression_id], 204, String::new()),
        case("security_list_secrets", &[], 200, r#"{"secrets": [{"secret": "db", "region": "nyc3", "version": 3, "created_at": "2025-12-04T00:00:00Z", "kms_key": "k1"}], "unavailable_regions": ["sfo3"]}"#.to_owned()),
        // godo's fixture: the create is answered 204 with no body.
        case("security_create_secret", &[], 204, String::new()),
        case("security_get_secret", &[secret], 200, r#"{"secret": "db", "region": "nyc3", "version": 3, "values": {"password": "s3cr3t"}, "rotation": {"days": 30}}"#.to_owned()),
        case("security_update_secret", &[secret], 200, r#"{"name": "db", "region": "nyc3", "version": 4, "etag": "W/1"}"#.to_owned()),
        case("security_delete_secret", &[secret], 204, String::new()),
        case("security_list_secret_versions", &[secret], 200, r#"{"next_cursor": "v2"}"#.to_owned()),
        // godo's fixture: the restore is answered 204 with no body.
        case("security_restore_secret", &[secret], 204, String::new()),
    ];
    // The versions array was left out; it decodes as empty and goes back out as `[]`.
    let versions = cases
        .iter_mut()
        .find(|c| c.operation_id == "security_list_secret_versions")
        .unwrap();
    versions.round_trip = Some(r#"{"versions": [], "next_cursor": "v2"}"#);
    // A 200 for a restore, with a body this time.
    cases.push(case(
        "security_restore_secret",
        &[secret],
        200,
        r#"{"secret": "db", "region": "nyc3", "version": 2, "delete_requested_at": null}"#
            .to_owned(),
    ));
    cases.last_mut().unwrap().round_trip =
        Some(r#"{"secret": "db", "region": "nyc3", "version": 2}"#);
    cases
}

#[tokio::test]
async fn recorded_responses_of_every_operation_decode_completely_and_are_sent_once() {
    let cases = cases();
    let covered: std::collections::BTreeSet<&str> = cases.iter().map(|c| c.operation_id).collect();
    assert_eq!(covered.len(), 32, "one case per operation at least");
    tour::assert_covers_the_table("the replay cases", covered.iter().copied());
    for case in &cases {
        let id = case.operation_id;
        let op = spec::operation(id);
        let server = server_answering(case.status, case.body).await;
        let client = client_for(&server);
        let outcome = call(id, &client)
            .await
            .unwrap_or_else(|e| panic!("{id}: {e}"));
        assert_metadata(id, &outcome, case.status);

        // Exactly one request, to the right place, with colons of fingerprints as they are.
        let sent = requests(&server).await;
        assert_eq!(sent.len(), 1, "{id}: retried");
        assert_eq!(sent[0].method.as_str(), op.method, "{id}");
        assert_eq!(
            sent[0].url.path(),
            spec::fill_path(&op.path, case.segments),
            "{id}"
        );

        // Everything the server sent was decoded and kept: serialized again it is the same JSON,
        // unknown properties at every level included.
        let expected: Option<Value> = match (case.round_trip, case.body) {
            (Some(text), _) => Some(serde_json::from_str(text).unwrap()),
            (None, "") => None,
            (None, text) => Some(serde_json::from_str(text).unwrap()),
        };
        assert_eq!(
            outcome.value, expected,
            "{id}: decoded value lost or changed something"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The cases of the issue, typed

async fn one_get<T>(
    status: u16,
    body: &str,
    call: impl AsyncFnOnce(Client) -> Result<T, Error>,
) -> (Result<T, Error>, usize) {
    let server = server_answering(status, body).await;
    let result = call(client_for(&server)).await;
    let sent = requests(&server).await.len();
    (result, sent)
}

#[tokio::test]
async fn a_scan_list_without_meta_or_links_decodes_with_new_enum_values_and_unknown_fields() {
    let body = format!(r#"{{"scans": [{SCAN}]}}"#);
    let (page, sent) = one_get(200, &body, async |c| c.security().list_scans().send().await).await;
    let page = page.unwrap().into_inner();
    assert_eq!(sent, 1);
    assert!(page.meta.is_none() && page.links.is_none());
    let scan = &page.scans[0];
    assert_eq!(scan.status, Some(m::ScanStatus::from("QUEUED")));
    assert_eq!(scan.extra["trigger"], json!("manual"));
    let finding = &scan.findings.as_ref().unwrap()[0];
    assert_eq!(finding.severity, Some(m::ScanFindingSeverity::from("INFO")));
    assert_eq!(finding.extra["category"], json!("backup"));
    let step = &finding.mitigation_steps.as_ref().unwrap()[0];
    assert_eq!(
        step.extra["doc_url"],
        json!("https://docs.digitalocean.com/")
    );

    // The items array left out too: an empty page, not an error.
    let (page, _) = one_get(200, "{}", async |c| c.security().list_scans().send().await).await;
    assert!(page.unwrap().scans.is_empty());
}

#[tokio::test]
async fn a_single_resource_envelope_of_the_wrong_shape_is_an_error_naming_the_missing_field() {
    let wrong = r#"{"ssh_keys": [], "meta": {"total": 0}}"#;
    let (get, sent) = one_get(200, wrong, async |c| c.ssh_keys().get(512189).send().await).await;
    assert_eq!(sent, 1, "a decode failure is not retried");
    let create = async |c: Client| {
        c.ssh_keys()
            .create()
            .name("laptop")
            .public_key("ssh-ed25519 AAAA laptop")
            .send()
            .await
    };
    let (created, sent_create) = one_get(201, wrong, create).await;
    assert_eq!(sent_create, 1);
    let (gateway, _) = one_get(200, r#"{"gateway": {}}"#, async |c| {
        c.vpc_nat_gateways().get(GATEWAY_ID).send().await
    })
    .await;
    let (scan, _) = one_get(200, r#"{"scans": []}"#, async |c| {
        c.security().get_scan(SCAN_ID).send().await
    })
    .await;
    let reasons = [
        ("ssh_key", get.map(drop).unwrap_err()),
        ("ssh_key", created.map(drop).unwrap_err()),
        ("vpc_nat_gateway", gateway.map(drop).unwrap_err()),
        ("scan", scan.map(drop).unwrap_err()),
    ];
    for (field, error) in reasons {
        let Error::Decode(decode) = &error else {
            panic!("expected a decode error, got {error:?}");
        };
        assert!(
            decode.reason.contains(&format!("missing field `{field}`")),
            "{}",
            decode.reason
        );
        assert!(error.to_string().contains(field), "{error}");
    }
    // A payload of the wrong shape inside the right envelope names the inner field.
    let (inner, _) = one_get(200, r#"{"ssh_key": {"id": 1}}"#, async |c| {
        c.ssh_keys().get(1).send().await
    })
    .await;
    let Error::Decode(decode) = inner.unwrap_err() else {
        panic!("expected a decode error");
    };
    assert_eq!(decode.path, "ssh_key");
    assert!(
        decode.reason.contains("missing field `public_key`"),
        "{}",
        decode.reason
    );
}

#[tokio::test]
async fn a_nat_gateway_keeps_subnet_uuid_byoip_ip_and_unknown_fields_both_ways() {
    let body = format!(r#"{{"vpc_nat_gateway": {GATEWAY}}}"#);
    let (response, _) = one_get(200, &body, async |c| {
        c.vpc_nat_gateways().get(GATEWAY_ID).send().await
    })
    .await;
    let gateway = response.unwrap().into_inner().vpc_nat_gateway;
    assert_eq!(
        gateway.vpcs[0].subnet_uuid.as_deref(),
        Some("6a2f38ab-3c07-4d3e-b6f6-5b6f31c0a6e4")
    );
    let public = &gateway
        .egresses
        .as_ref()
        .unwrap()
        .public_gateways
        .as_ref()
        .unwrap()[0];
    assert_eq!(public.ip.as_deref(), Some("174.138.113.197"));
    assert_eq!(gateway.extra["bandwidth_mbps"], json!(1000));
    assert_eq!(gateway.vpcs[0].extra["route_priority"], json!(10));
    assert_eq!(public.extra["ipv6"], json!("2604:a880::1"));
    // Open enums: the Go SDK's `STATE_ACTIVE` and a new type are kept as sent.
    assert_eq!(
        gateway.state,
        Some(m::VpcNatGatewayState::from("STATE_ACTIVE"))
    );
    assert_eq!(gateway.r#type, m::VpcNatGatewayType::from("PRIVATE"));

    // Serialized back: all three, as sent.
    let back = serde_json::to_value(&gateway).unwrap();
    let sent: Value = serde_json::from_str(GATEWAY).unwrap();
    assert_eq!(back, sent);
    assert_eq!(
        back["vpcs"][0]["subnet_uuid"],
        sent["vpcs"][0]["subnet_uuid"]
    );
    assert_eq!(
        back["egresses"]["public_gateways"][0]["ip"],
        json!("174.138.113.197")
    );
    assert_eq!(back["bandwidth_mbps"], json!(1000));

    // Debug shows the unknown keys, never their values.
    let debug = format!("{gateway:?}");
    assert!(
        debug.contains("bandwidth_mbps") && debug.contains("route_priority"),
        "{debug}"
    );
    assert!(
        !debug.contains("1000") && !debug.contains("2604:a880"),
        "{debug}"
    );
}

#[tokio::test]
async fn read_modify_write_keeps_unknown_fields() {
    let body = format!(r#"{{"vpc_nat_gateway": {GATEWAY}}}"#);
    let server = server_answering(200, &body).await;
    let client = client_for(&server);
    let gateway = client
        .vpc_nat_gateways()
        .get(GATEWAY_ID)
        .send()
        .await
        .unwrap()
        .into_inner()
        .vpc_nat_gateway;

    // Resize, keeping the VPC entries as read (with their subnet and unknown properties).
    let updated = client
        .vpc_nat_gateways()
        .update(GATEWAY_ID)
        .name(gateway.name.clone())
        .size(2)
        .vpcs(gateway.vpcs.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(updated.status(), 200);

    // Clone it elsewhere from what was read: the BYOIP ip and the unknown field go with it.
    let mut copy = gateway.clone();
    copy.name = "gw-copy".into();
    client
        .vpc_nat_gateways()
        .create()
        .body(copy)
        .send()
        .await
        .unwrap();

    let sent = requests(&server).await;
    assert_eq!(sent.len(), 3, "get, update, create; nothing retried");
    let put: Value = serde_json::from_slice(&sent[1].body).unwrap();
    assert_eq!(sent[1].method.as_str(), "PUT");
    assert_eq!(
        put["vpcs"][0]["subnet_uuid"],
        json!("6a2f38ab-3c07-4d3e-b6f6-5b6f31c0a6e4")
    );
    assert_eq!(put["vpcs"][0]["route_priority"], json!(10));
    let post: Value = serde_json::from_slice(&sent[2].body).unwrap();
    assert_eq!(sent[2].method.as_str(), "POST");
    assert_eq!(post["name"], json!("gw-copy"));
    assert_eq!(post["bandwidth_mbps"], json!(1000));
    assert_eq!(
        post["egresses"]["public_gateways"][0]["ip"],
        json!("174.138.113.197")
    );
    assert_eq!(
        post["vpcs"][0]["subnet_uuid"],
        json!("6a2f38ab-3c07-4d3e-b6f6-5b6f31c0a6e4")
    );
}

#[tokio::test]
async fn an_unknown_field_named_like_a_known_one_is_not_sent_twice() {
    let mut key = SshKey::builder()
        .name("laptop")
        .public_key("ssh-ed25519 AAAA")
        .build()
        .unwrap();
    key.extra.insert("name".into(), json!("shadow"));
    key.extra.insert("comment".into(), json!("kept"));
    let text = serde_json::to_string(&key).unwrap();
    assert_eq!(text.matches("\"name\"").count(), 1, "{text}");
    let back: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(back["name"], json!("laptop"));
    assert_eq!(back["comment"], json!("kept"));
}

#[tokio::test]
async fn the_nat_gateway_waiter_fails_at_once_on_a_failure_state() {
    let options = WaitOptions::default()
        .timeout(Duration::from_secs(30))
        .interval(Duration::from_millis(10));
    for state in ["ERROR", "INVALID", "STATE_ERROR", "STATE_INVALID"] {
        let gateway = GATEWAY.replace("STATE_ACTIVE", state);
        let body = format!(r#"{{"vpc_nat_gateway": {gateway}}}"#);
        let server = server_answering(200, &body).await;
        let client = client_for(&server);
        let error = client
            .vpc_nat_gateways()
            .wait_until_active(GATEWAY_ID, options)
            .await
            .unwrap_err();
        match &error {
            Error::WaitFailed {
                operation_id,
                state: seen,
                ..
            } => assert_eq!(
                (*operation_id, seen.as_str()),
                ("vpc_nat_gateways_get", state)
            ),
            other => panic!("{state}: expected WaitFailed, got {other:?}"),
        }
        assert_eq!(requests(&server).await.len(), 1, "{state}: polled again");
    }
    // And both spellings of the success state end the wait.
    for state in ["ACTIVE", "STATE_ACTIVE"] {
        let gateway = GATEWAY.replace("STATE_ACTIVE", state);
        let server = server_answering(200, &format!(r#"{{"vpc_nat_gateway": {gateway}}}"#)).await;
        let done = client_for(&server)
            .vpc_nat_gateways()
            .wait_until_active(GATEWAY_ID, options)
            .await
            .unwrap();
        assert_eq!(done.vpc_nat_gateway.state.as_ref().unwrap().as_str(), state);
    }
}

#[tokio::test]
async fn nat_gateway_list_filters_are_repeated_and_sent_as_given() {
    let server = server_answering(200, r#"{"vpc_nat_gateways": []}"#).await;
    client_for(&server)
        .vpc_nat_gateways()
        .list()
        .state(vec!["STATE_NEW".into(), "STATE_ACTIVE".into()])
        .region(vec!["nyc3".into(), "tor1".into()])
        .name(vec!["a".into(), "b".into()])
        .send()
        .await
        .unwrap();
    let sent = requests(&server).await;
    assert_eq!(
        sent[0].url.query(),
        Some("state=STATE_NEW&state=STATE_ACTIVE&region=nyc3&region=tor1&name=a&name=b")
    );
}

#[tokio::test]
async fn a_fingerprint_goes_out_with_its_colons_and_other_reserved_characters_escaped() {
    let server = server_answering(204, "").await;
    let client = client_for(&server);
    client.ssh_keys().delete(FINGERPRINT).send().await.unwrap();
    client
        .security()
        .delete_secret("a/b?c#d e")
        .send()
        .await
        .unwrap();
    let sent = requests(&server).await;
    assert_eq!(
        sent[0].url.path(),
        format!("/v2/account/keys/{FINGERPRINT}")
    );
    assert_eq!(sent[1].url.path(), "/v2/security/secrets/a%2Fb%3Fc%23d%20e");
}
