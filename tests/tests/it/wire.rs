//! Wire tests: each of the 32 operations is called through the generated client against a local
//! wiremock server driven by the spec, with the call the `tour` example makes (the shared table
//! `tests::calls`). Each call is checked for what went over the wire (method, encoded path,
//! query, JSON body: [`WIRE`], keyed by operation id) and that the seed example response decodes
//! into the typed model and serializes back to it.

use std::collections::BTreeMap;

use digitalocean_client::models::{
    ScanFindingSeverity, ScanStatus, SecurityCreateSecretRequest, SshKey, SshKeyIdentifier,
    VpcNatGatewayVpc, VpcPeeringStatus,
};
use digitalocean_client::{Client, Error, Response, RetryPolicy, Sensitive};
use futures::TryStreamExt;
use serde::Serialize;
use serde_json::Value;
use tests::calls::{CALLS, Decoded, Ids};
use tests::mock::{self, MOCK_REQUEST_ID, mock_all_operations, mock_error_for_all};
use tests::spec::{self, request_example, response_example};
use tests::tour;
use uuid::{Uuid, uuid};
use wiremock::MockServer;

const TOKEN: &str = "dop_v1_wire_test_token_0c7a";

const PEERING_ID: Uuid = uuid!("5a4981aa-9653-4bd1-bef5-d6bff52042e4");
const GATEWAY_ID: Uuid = uuid!("70e1b58d-cdec-4e95-b3ee-2d4d95feff51");
const SCAN_ID: Uuid = uuid!("497dcba3-ecbf-4587-a2dd-5eb0665e6880");
const FINGERPRINT: &str = "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa";
/// Fingerprints go on the wire with their colons, as DigitalOcean's own SDKs send them.
const FINGERPRINT_ENCODED: &str = FINGERPRINT;
const PUBLIC_KEY: &str = "ssh-rsa AEXAMPLEaC1yc2EAAAADAQABAAAAQQDDHr/jh2Jy4yALcK4JyWbVkPRaWmhck3IgCoeOO3z1e2dBowLh64QAM+Qb72pxekALga2oi4GvT+TlWNhzPH4V example";

// ---------------------------------------------------------------------------------------------
// Helpers

/// A client for the mock: no retries, so each call is exactly one request.
fn client_for(server: &MockServer) -> Client {
    Client::builder()
        .token(TOKEN)
        .base_url(server.uri())
        .retry_policy(RetryPolicy::none())
        .build()
        .expect("client builds")
}

async fn serve() -> (MockServer, Client) {
    let server = mock_all_operations().await;
    let client = client_for(&server);
    (server, client)
}

/// What the server must have received for one call.
struct Expected<'a> {
    operation_id: &'a str,
    /// The encoded path segments that fill the template's parameters, in order.
    segments: &'a [&'a str],
    /// Query pairs (decoded), compared as a set.
    query: &'a [(&'a str, &'a str)],
    /// The JSON body, or `None` for no body.
    body: Option<Value>,
}

/// Checks the one request the server received against the spec and `expected`.
async fn assert_request(server: &MockServer, expected: Expected<'_>) -> wiremock::Request {
    let op = spec::operation(expected.operation_id);
    let request = mock::single_request(server).await;
    assert_eq!(
        request.method.as_str(),
        op.method,
        "{}: method",
        op.operation_id
    );
    let path = spec::fill_path(&op.path, expected.segments);
    assert_eq!(request.url.path(), path, "{}: path", op.operation_id);

    let mut query = mock::query_pairs(&request);
    query.sort();
    let mut wanted: Vec<(String, String)> = expected
        .query
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    wanted.sort();
    assert_eq!(query, wanted, "{}: query", op.operation_id);
    for (name, _) in &query {
        assert!(
            op.query_params.contains(name),
            "{}: {name} is not a documented query parameter",
            op.operation_id
        );
    }

    let body = mock::json_body(&request);
    assert_eq!(body, expected.body, "{}: body", op.operation_id);
    if body.is_some() {
        assert_eq!(
            mock::header(&request, "content-type"),
            Some("application/json"),
            "{}: content type",
            op.operation_id
        );
    }
    request
}

/// Checks the response's status and headers, and that the decoded value serializes back to the
/// seed example (every field decoded, none lost or renamed).
fn assert_decoded<T: Serialize>(operation_id: &str, response: &Response<T>) {
    let decoded = serde_json::to_value(response.value()).expect("serializable");
    assert_decoded_json(operation_id, response, decoded);
}

/// [`assert_decoded`] of a value already serialized back to JSON.
fn assert_decoded_json<T>(operation_id: &str, response: &Response<T>, decoded: Value) {
    let op = spec::operation(operation_id);
    assert_eq!(
        response.status(),
        op.success_status,
        "{operation_id}: status"
    );
    assert_eq!(response.request_id(), Some(MOCK_REQUEST_ID));
    let rate_limit = response
        .rate_limit()
        .expect("rate-limit headers are decoded");
    assert_eq!((rate_limit.limit, rate_limit.remaining), (5000, 4816));
    let example = op.response_example.clone().expect("a response body");
    assert_eq!(
        decoded, example,
        "{operation_id}: the decoded response does not match the example"
    );
}

/// Checks an operation whose success has no body.
fn assert_empty<T>(operation_id: &str, response: &Response<T>) {
    let op = spec::operation(operation_id);
    assert!(!op.success_has_body, "{operation_id} documents a body");
    assert_eq!(
        response.status(),
        op.success_status,
        "{operation_id}: status"
    );
    assert_eq!(response.request_id(), Some(MOCK_REQUEST_ID));
}

fn values(password: &str) -> Sensitive<BTreeMap<String, String>> {
    Sensitive::new(BTreeMap::from([(
        "password".to_owned(),
        password.to_owned(),
    )]))
}

// ---------------------------------------------------------------------------------------------
// The shared table of calls (`tests::calls`, the tour's own) and what each must put on the wire

/// What one call of the table must send, beside what the spec says (method, path template).
struct Wire {
    operation_id: &'static str,
    /// The encoded path segments that fill the template's parameters, in order.
    segments: &'static [&'static str],
    /// Query pairs (decoded), compared as a set.
    query: &'static [(&'static str, &'static str)],
    /// Whether the JSON body is the spec's request example (else no body).
    example_body: bool,
}

const PEERING: &[&str] = &["5a4981aa-9653-4bd1-bef5-d6bff52042e4"];
const GATEWAY: &[&str] = &["70e1b58d-cdec-4e95-b3ee-2d4d95feff51"];
const SCAN: &[&str] = &["497dcba3-ecbf-4587-a2dd-5eb0665e6880"];
const SECRET: &[&str] = &["my-database-password"];

/// What the table's call of each operation sends.
const WIRE: &[Wire] = &[
    Wire {
        operation_id: "vpc_peerings_list",
        segments: &[],
        query: &[("page", "2"), ("per_page", "20"), ("region", "nyc1")],
        example_body: false,
    },
    Wire {
        operation_id: "vpc_peerings_create",
        segments: &[],
        query: &[],
        example_body: true,
    },
    Wire {
        operation_id: "vpc_peerings_get",
        segments: PEERING,
        query: &[],
        example_body: false,
    },
    Wire {
        operation_id: "vpc_peerings_patch",
        segments: PEERING,
        query: &[],
        example_body: true,
    },
    Wire {
        operation_id: "vpc_peerings_delete",
        segments: PEERING,
        query: &[],
        example_body: false,
    },
    Wire {
        operation_id: "vpc_nat_gateways_list",
        segments: &[],
        query: &[
            ("per_page", "10"),
            ("page", "1"),
            ("state", "active"),
            ("state", "STATE_NEW"),
            ("region", "tor1"),
            ("type", "public"),
            ("name", "my-vpc-nat-gateway"),
        ],
        example_body: false,
    },
    Wire {
        operation_id: "vpc_nat_gateways_create",
        segments: &[],
        query: &[],
        example_body: true,
    },
    Wire {
        operation_id: "vpc_nat_gateways_get",
        segments: GATEWAY,
        query: &[],
        example_body: false,
    },
    Wire {
        operation_id: "vpc_nat_gateways_update",
        segments: GATEWAY,
        query: &[],
        example_body: true,
    },
    Wire {
        operation_id: "vpc_nat_gateways_delete",
        segments: GATEWAY,
        query: &[],
        example_body: false,
    },
    Wire {
        operation_id: "ssh_keys_list",
        segments: &[],
        query: &[("per_page", "2"), ("page", "1")],
        example_body: false,
    },
    Wire {
        operation_id: "ssh_keys_create",
        segments: &[],
        query: &[],
        example_body: true,
    },
    Wire {
        operation_id: "ssh_keys_get",
        segments: &[FINGERPRINT_ENCODED],
        query: &[],
        example_body: false,
    },
    Wire {
        operation_id: "ssh_keys_update",
        segments: &["512189"],
        query: &[],
        example_body: true,
    },
    Wire {
        operation_id: "ssh_keys_delete",
        segments: &[FINGERPRINT_ENCODED],
        query: &[],
        example_body: false,
    },
    Wire {
        operation_id: "security_list_scans",
        segments: &[],
        query: &[("per_page", "20"), ("page", "3")],
        example_body: false,
    },
    Wire {
        operation_id: "security_create_scan",
        segments: &[],
        query: &[],
        example_body: false,
    },
    Wire {
        operation_id: "security_get_scan",
        segments: SCAN,
        query: &[
            ("severity", "CRITICAL"),
            ("type", "CSPM"),
            ("per_page", "50"),
            ("page", "2"),
        ],
        example_body: false,
    },
    Wire {
        operation_id: "security_get_latest_scan",
        segments: &[],
        query: &[("severity", "HIGH")],
        example_body: false,
    },
    Wire {
        operation_id: "security_create_scan_rule",
        segments: &[],
        query: &[],
        example_body: true,
    },
    Wire {
        operation_id: "security_list_scan_finding_affected_resources",
        segments: &[
            "497dcba3-ecbf-4587-a2dd-5eb0665e6880",
            "50e14f43-dd4e-412f-864d-78943ea28d91",
        ],
        query: &[("page", "1"), ("per_page", "200")],
        example_body: false,
    },
    Wire {
        operation_id: "security_list_settings",
        segments: &[],
        query: &[("page", "1")],
        example_body: false,
    },
    // The spec has no example for this 200; the mock built one from the schema.
    Wire {
        operation_id: "security_update_settings_plan",
        segments: &[],
        query: &[],
        example_body: true,
    },
    Wire {
        operation_id: "security_create_suppression",
        segments: &[],
        query: &[],
        example_body: true,
    },
    Wire {
        operation_id: "security_delete_suppression",
        segments: &["5b3b2b2d-5c9c-4a61-9e2f-4d8f80f30a12"],
        query: &[],
        example_body: false,
    },
    Wire {
        operation_id: "security_list_secrets",
        segments: &[],
        query: &[("per_page", "20"), ("page", "2")],
        example_body: false,
    },
    Wire {
        operation_id: "security_create_secret",
        segments: &[],
        query: &[],
        example_body: true,
    },
    Wire {
        operation_id: "security_get_secret",
        segments: SECRET,
        query: &[("region", "nyc3")],
        example_body: false,
    },
    Wire {
        operation_id: "security_update_secret",
        segments: SECRET,
        query: &[],
        example_body: true,
    },
    Wire {
        operation_id: "security_delete_secret",
        segments: SECRET,
        query: &[("region", "nyc3")],
        example_body: false,
    },
    Wire {
        operation_id: "security_list_secret_versions",
        segments: SECRET,
        query: &[("region", "nyc3")],
        example_body: false,
    },
    Wire {
        operation_id: "security_restore_secret",
        segments: SECRET,
        query: &[],
        example_body: false,
    },
];

/// Makes the table's call of `operation_id` against a fresh mock; returns the response (checked
/// against the seed example, or checked empty) and the one request (checked against [`WIRE`]).
async fn call_and_check(operation_id: &str) -> (Response<Box<dyn Decoded>>, wiremock::Request) {
    let (server, client) = serve().await;
    let response = (tour::call(operation_id).send)(&client, &Ids::default())
        .await
        .unwrap_or_else(|e| panic!("{operation_id}: {e}"));
    let wire = WIRE
        .iter()
        .find(|w| w.operation_id == operation_id)
        .unwrap_or_else(|| panic!("WIRE has no {operation_id}"));
    let request = assert_request(
        &server,
        Expected {
            operation_id,
            segments: wire.segments,
            query: wire.query,
            body: wire.example_body.then(|| request_example(operation_id)),
        },
    )
    .await;
    if spec::operation(operation_id).success_has_body {
        assert_decoded_json(operation_id, &response, response.value().json());
    } else {
        assert_empty(operation_id, &response);
        assert_eq!(
            response.value().json(),
            Value::Null,
            "{operation_id}: a body"
        );
    }
    (response, request)
}

// ---------------------------------------------------------------------------------------------
// Checks over all operations

#[test]
fn the_wire_expectations_cover_the_table_and_the_spec() {
    tour::assert_covers_the_table("WIRE", WIRE.iter().map(|w| w.operation_id));
}

#[tokio::test]
async fn every_call_of_the_table_sends_what_is_expected_and_decodes_the_example() {
    for call in CALLS {
        call_and_check(call.operation_id).await;
    }
}

#[tokio::test]
async fn every_operation_turns_a_404_body_into_a_typed_api_error() {
    let server = mock_error_for_all(
        404,
        "not_found",
        "The resource you requested could not be found.",
    )
    .await;
    let client = client_for(&server);
    for call in CALLS {
        let operation_id = call.operation_id;
        let error = (call.send)(&client, &Ids::default())
            .await
            .map(drop)
            .expect_err(&format!("{operation_id} must fail on a 404"));
        let Error::Api(api) = &error else {
            panic!("{operation_id}: expected Error::Api, got {error:?}");
        };
        assert_eq!(api.operation_id, operation_id);
        assert_eq!(api.status, 404, "{operation_id}");
        assert_eq!(api.id.as_deref(), Some("not_found"), "{operation_id}");
        assert_eq!(
            api.message.as_deref(),
            Some("The resource you requested could not be found."),
            "{operation_id}"
        );
        assert_eq!(
            api.request_id.as_deref(),
            Some(MOCK_REQUEST_ID),
            "{operation_id}"
        );
        assert_eq!(error.status(), Some(404));
        assert_eq!(error.request_id(), Some(MOCK_REQUEST_ID));
        assert!(!error.is_retryable());
        let text = error.to_string();
        assert!(
            text.contains("not_found") && text.contains(operation_id),
            "{text}"
        );
        assert!(!text.contains(TOKEN) && !format!("{error:?}").contains(TOKEN));
    }
    // No retries on a 404: one request per operation.
    assert_eq!(server.received_requests().await.unwrap().len(), 32);
}

#[tokio::test]
async fn every_request_sends_the_bearer_token_and_the_user_agent() {
    let (server, client) = serve().await;
    for call in CALLS {
        let operation_id = call.operation_id;
        let response = (call.send)(&client, &Ids::default())
            .await
            .unwrap_or_else(|e| panic!("{operation_id}: {e}"));
        assert_eq!(
            response.status(),
            spec::operation(operation_id).success_status
        );
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), 32);
    let bearer = format!("Bearer {TOKEN}");
    for request in &requests {
        let op = mock::operation_of(request).expect("a documented operation");
        assert_eq!(
            mock::header(request, "authorization"),
            Some(bearer.as_str()),
            "{}",
            op.operation_id
        );
        let agent = mock::header(request, "user-agent").unwrap_or_default();
        assert!(
            agent.starts_with("digitalocean-client/"),
            "{}: user agent {agent:?}",
            op.operation_id
        );
        assert_eq!(mock::header(request, "accept"), Some("application/json"));
    }
}

// ---------------------------------------------------------------------------------------------
// VPC peerings

#[tokio::test]
async fn vpc_peerings_list_decodes_into_typed_fields() {
    let (_server, client) = serve().await;
    let typed = client
        .vpc_peerings()
        .list()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(typed.meta.unwrap().total, 2);
    let peerings = typed.vpc_peerings;
    assert_eq!(peerings[1].name, "another-vpc-peering");
    assert_eq!(peerings[0].status, Some(VpcPeeringStatus::Active));
}

#[tokio::test]
async fn vpc_peerings_create_returns_the_read_only_fields() {
    let (response, _) = call_and_check("vpc_peerings_create").await;
    let example = response_example("vpc_peerings_create");
    let value = response.value().json();
    assert_eq!(value["vpc_peering"]["id"], example["vpc_peering"]["id"]);
    assert_eq!(value["vpc_peering"]["status"], "PROVISIONING");
}

#[tokio::test]
async fn vpc_peerings_get() {
    let (server, client) = serve().await;
    let response = client.vpc_peerings().get(PEERING_ID).send().await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "vpc_peerings_get",
            segments: &["5a4981aa-9653-4bd1-bef5-d6bff52042e4"],
            query: &[],
            body: None,
        },
    )
    .await;
    assert_decoded("vpc_peerings_get", &response);
    let peering = &response.vpc_peering;
    assert_eq!(peering.id, Some(PEERING_ID));
    assert_eq!(peering.status, Some(VpcPeeringStatus::Active));
    assert_eq!(
        peering.created_at.unwrap().to_rfc3339(),
        "2024-01-09T20:44:32+00:00"
    );
}

#[tokio::test]
async fn vpc_peerings_delete_decodes_the_deleting_peering() {
    let (_server, client) = serve().await;
    let peerings = client.vpc_peerings();
    let response = peerings.delete(PEERING_ID).send().await.unwrap();
    assert_decoded("vpc_peerings_delete", &response);
    let peering = response.into_inner().unwrap().vpc_peering;
    assert_eq!(peering.status, Some(VpcPeeringStatus::Deleting));
    assert_eq!(peering.vpc_ids.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// VPC NAT gateways

#[tokio::test]
async fn vpc_nat_gateways_get_decodes_typed_fields() {
    let (_server, client) = serve().await;
    let gateways = client.vpc_nat_gateways();
    let response = gateways.get(GATEWAY_ID).send().await.unwrap();
    assert_decoded("vpc_nat_gateways_get", &response);
    let gateway = response.into_inner().vpc_nat_gateway;
    assert_eq!(
        gateway.state,
        Some(digitalocean_client::models::VpcNatGatewayState::Active)
    );
    assert_eq!(gateway.vpcs[0].gateway_ip.as_deref(), Some("10.118.0.35"));
    let egress = gateway.egresses.unwrap().public_gateways.unwrap();
    assert_eq!(egress[0].ipv4.as_deref(), Some("174.138.113.197"));
}

// ---------------------------------------------------------------------------------------------
// SSH keys

#[tokio::test]
async fn ssh_keys_list_decodes_into_typed_fields() {
    let (_server, client) = serve().await;
    let keys = client.ssh_keys().list().send().await.unwrap().into_inner();
    assert_eq!(keys.meta.unwrap().total, 1);
    assert_eq!(keys.ssh_keys[0].id, Some(289794));
}

#[tokio::test]
async fn ssh_keys_get_by_fingerprint_keeps_it_one_segment() {
    let (server, client) = serve().await;
    let response = client.ssh_keys().get(FINGERPRINT).send().await.unwrap();
    let request = assert_request(
        &server,
        Expected {
            operation_id: "ssh_keys_get",
            segments: &[FINGERPRINT_ENCODED],
            query: &[],
            body: None,
        },
    )
    .await;
    assert_eq!(
        request.url.path(),
        "/v2/account/keys/3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa"
    );
    assert_decoded("ssh_keys_get", &response);
    let key = response.into_inner().ssh_key;
    assert_eq!(key.id, Some(512189));
    assert_eq!(key.fingerprint.as_deref(), Some(FINGERPRINT));
}

#[tokio::test]
async fn ssh_keys_get_by_id() {
    let (server, client) = serve().await;
    client.ssh_keys().get(512189).send().await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "ssh_keys_get",
            segments: &["512189"],
            query: &[],
            body: None,
        },
    )
    .await;
}

// ---------------------------------------------------------------------------------------------
// Security: scans

#[tokio::test]
async fn security_create_scan() {
    let (server, client) = serve().await;
    let response = client.security().create_scan().send().await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "security_create_scan",
            segments: &[],
            query: &[],
            body: None,
        },
    )
    .await;
    assert_decoded("security_create_scan", &response);
    let scan = response.into_inner().scan;
    assert_eq!(scan.status, Some(ScanStatus::Completed));
    // The same `Uuid` type that `get_scan` takes, so the id goes straight back in.
    assert_eq!(scan.id, Some(uuid!("760e09ef-dc84-11e8-981e-3cfdfeaae000")));
    let _same_type = client.security().get_scan(scan.id.unwrap());
}

#[tokio::test]
async fn security_get_latest_scan_is_not_routed_as_a_scan_id() {
    let (_, request) = call_and_check("security_get_latest_scan").await;
    assert_eq!(request.url.path(), "/v2/security/scans/latest");
}

#[tokio::test]
async fn security_list_scan_finding_affected_resources_decodes_the_urns() {
    let (response, _) = call_and_check("security_list_scan_finding_affected_resources").await;
    let example = response_example("security_list_scan_finding_affected_resources");
    let value = response.value().json();
    assert_eq!(
        value["affected_resources"][0]["urn"],
        example["affected_resources"][0]["urn"]
    );
}

// ---------------------------------------------------------------------------------------------
// Security: settings and suppressions

#[tokio::test]
async fn security_create_suppression_decodes_meta_and_links() {
    let (response, _) = call_and_check("security_create_suppression").await;
    let example = response_example("security_create_suppression");
    let value = response.value().json();
    assert_eq!(value["meta"]["total"], 25);
    assert_eq!(
        value["links"]["pages"]["next"],
        example["links"]["pages"]["next"]
    );
}

// ---------------------------------------------------------------------------------------------
// Security: secrets

#[tokio::test]
async fn security_list_secrets_decodes_into_typed_fields() {
    let (_server, client) = serve().await;
    let list = client
        .security()
        .list_secrets()
        .send()
        .await
        .unwrap()
        .into_inner();
    assert_eq!(list.unavailable_regions, Some(vec!["sfo3".to_owned()]));
    assert_eq!(
        list.secrets[0].secret.as_deref(),
        Some("my-database-password")
    );
}

#[tokio::test]
async fn security_create_secret_sends_the_values_in_clear_on_the_wire_only() {
    // On the wire: the table's call sends the spec's example body, values in clear.
    call_and_check("security_create_secret").await;
    let body = SecurityCreateSecretRequest::builder()
        .name("n")
        .region("r")
        .values(values("s3cr3t"))
        .build()
        .unwrap();
    assert!(!format!("{body:?}").contains("s3cr3t"));
}

#[tokio::test]
async fn security_get_secret_encodes_a_slash_in_the_name() {
    let (server, client) = serve().await;
    let response = client
        .security()
        .get_secret("prod/db-password")
        .region("nyc3")
        .send()
        .await
        .unwrap();
    let request = assert_request(
        &server,
        Expected {
            operation_id: "security_get_secret",
            segments: &["prod%2Fdb-password"],
            query: &[("region", "nyc3")],
            body: None,
        },
    )
    .await;
    assert_eq!(
        request.url.path(),
        "/v2/security/secrets/prod%2Fdb-password"
    );
    assert_decoded("security_get_secret", &response);
    let secret = response.into_inner();
    assert_eq!(secret.version, Some(1));
    let values = secret.values.expect("values are decoded");
    assert_eq!(values.expose()["password"], "s3cr3t");
    assert_eq!(format!("{values:?}"), "[REDACTED]");
}

#[tokio::test]
async fn security_delete_secret_encodes_spaces_and_question_marks() {
    let (server, client) = serve().await;
    let response = client
        .security()
        .delete_secret("old key?v=1")
        .region("sfo3")
        .send()
        .await
        .unwrap();
    let request = assert_request(
        &server,
        Expected {
            operation_id: "security_delete_secret",
            segments: &["old%20key%3Fv%3D1"],
            query: &[("region", "sfo3")],
            body: None,
        },
    )
    .await;
    assert_eq!(request.url.query(), Some("region=sfo3"));
    assert_empty("security_delete_secret", &response);
}

#[tokio::test]
async fn security_restore_secret_without_region_sends_no_query() {
    let (_, request) = call_and_check("security_restore_secret").await;
    assert_eq!(request.url.query(), None);
}

// ---------------------------------------------------------------------------------------------
// Named setters and model builders: a missing required field or an out-of-range parameter fails
// before anything is sent.

fn invalid_input(error: Error) -> String {
    match error {
        Error::InvalidInput { message, .. } => message,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

#[tokio::test]
async fn a_missing_required_body_field_is_named_and_nothing_is_sent() {
    let (server, client) = serve().await;
    let error = client
        .ssh_keys()
        .create()
        .name("laptop")
        .send()
        .await
        .unwrap_err();
    let message = invalid_input(error);
    assert!(message.contains("ssh_keys_create"), "{message}");
    assert!(message.contains("`public_key`"), "{message}");
    let error = client
        .vpc_nat_gateways()
        .create()
        .name("gw")
        .r#type("PUBLIC")
        .region("tor1")
        .size(1)
        .send()
        .await
        .unwrap_err();
    assert!(invalid_input(error).contains("`vpcs`"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn model_builders_name_the_missing_field_and_have_no_positional_constructor_to_swap() {
    let error = SshKey::builder()
        .public_key(PUBLIC_KEY)
        .build()
        .unwrap_err();
    let message = invalid_input(error);
    assert!(message.contains("`SshKey`"), "{message}");
    assert!(message.contains("`name`"), "{message}");
    // Setters are named, so the order they are called in does not matter.
    let a = SshKey::builder()
        .name("laptop")
        .public_key(PUBLIC_KEY)
        .build()
        .unwrap();
    let b = SshKey::builder()
        .public_key(PUBLIC_KEY)
        .name("laptop")
        .build()
        .unwrap();
    assert_eq!(a, b);
    assert_eq!(a.name, "laptop");
    assert_eq!(a.public_key, PUBLIC_KEY);
    // Optional fields are set by name too; no `let mut`.
    let vpc = VpcNatGatewayVpc::builder()
        .vpc_uuid(uuid!("0eb1752f-807b-4562-a077-8018e13ab1fb"))
        .default_gateway(true)
        .build()
        .unwrap();
    assert_eq!(vpc.default_gateway, Some(true));
    assert_eq!(vpc.gateway_ip, None);
}

#[tokio::test]
async fn a_whole_model_can_be_the_body_and_setters_after_it_override_its_fields() {
    let (server, client) = serve().await;
    let key = SshKey::builder()
        .name("old name")
        .public_key(PUBLIC_KEY)
        .build()
        .unwrap();
    client
        .ssh_keys()
        .create()
        .body(key)
        .name("My SSH Public Key")
        .send()
        .await
        .unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "ssh_keys_create",
            segments: &[],
            query: &[],
            body: Some(request_example("ssh_keys_create")),
        },
    )
    .await;
}

#[tokio::test]
async fn per_page_is_checked_on_send_for_every_list_not_only_pages() {
    let (server, client) = serve().await;
    let error = client
        .ssh_keys()
        .list()
        .per_page(500)
        .send()
        .await
        .unwrap_err();
    let message = invalid_input(error);
    assert!(message.contains("per_page"), "{message}");
    assert!(message.contains("500"), "{message}");
    let error = client
        .security()
        .get_scan(SCAN_ID)
        .per_page(201)
        .send()
        .await
        .unwrap_err();
    assert!(invalid_input(error).contains("between 1 and 200"));
    let error = client
        .vpc_peerings()
        .list()
        .page(0)
        .send()
        .await
        .unwrap_err();
    assert!(invalid_input(error).contains("`page` is 0"));
    let first = client
        .vpc_nat_gateways()
        .list()
        .per_page(0)
        .pages()
        .try_next()
        .await;
    assert!(invalid_input(first.unwrap_err()).contains("`per_page` is 0"));
    assert!(server.received_requests().await.unwrap().is_empty());
    // The bounds themselves are allowed.
    client
        .ssh_keys()
        .list()
        .per_page(200)
        .page(1)
        .send()
        .await
        .unwrap();
    client.ssh_keys().list().per_page(1).send().await.unwrap();
}

#[test]
fn identifiers_convert_from_borrowed_and_owned_strings_and_integers() {
    let fingerprint: String = FINGERPRINT.to_owned();
    assert_eq!(
        SshKeyIdentifier::from(&fingerprint),
        SshKeyIdentifier::String(FINGERPRINT.to_owned())
    );
    assert_eq!(
        SshKeyIdentifier::from(fingerprint.clone()),
        SshKeyIdentifier::from(FINGERPRINT)
    );
    assert_eq!(SshKeyIdentifier::from(7_i64), SshKeyIdentifier::Integer(7));
    assert_eq!(SshKeyIdentifier::from(7), SshKeyIdentifier::Integer(7));
    let severity = "CRITICAL".to_owned();
    assert_eq!(
        ScanFindingSeverity::from(&severity),
        ScanFindingSeverity::Critical
    );
    // And the happy path type-checks without clones: a fingerprint read from a response.
    let client = Client::new(TOKEN);
    let _get = client.ssh_keys().get(&fingerprint);
}
