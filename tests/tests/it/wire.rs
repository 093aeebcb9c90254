//! Wire tests: each of the 32 operations is called through the generated client against a local
//! wiremock server driven by the spec. Each test checks what went over the wire (method, encoded
//! path, query, JSON body) and that the seed example response decodes into the typed model.

use std::collections::BTreeMap;

use digitalocean_client::models::{
    ScanFindingSeverity, ScanStatus, SecurityCreateSecretRequest, SshKey, SshKeyIdentifier,
    TierCoverageEntry, VpcNatGatewayVpc, VpcPeeringStatus,
};
use digitalocean_client::{Client, Error, Response, RetryPolicy, Sensitive};
use futures::TryStreamExt;
use futures::future::BoxFuture;
use serde::Serialize;
use serde_json::Value;
use tests::mock::{self, MOCK_REQUEST_ID, mock_all_operations, mock_error_for_all};
use tests::spec::{self, request_example, response_example};
use uuid::{Uuid, uuid};
use wiremock::MockServer;

const TOKEN: &str = "dop_v1_wire_test_token_0c7a";

const PEERING_ID: Uuid = uuid!("5a4981aa-9653-4bd1-bef5-d6bff52042e4");
const GATEWAY_ID: Uuid = uuid!("70e1b58d-cdec-4e95-b3ee-2d4d95feff51");
const SCAN_ID: Uuid = uuid!("497dcba3-ecbf-4587-a2dd-5eb0665e6880");
const FINDING_ID: Uuid = uuid!("50e14f43-dd4e-412f-864d-78943ea28d91");
const SUPPRESSION_ID: Uuid = uuid!("5b3b2b2d-5c9c-4a61-9e2f-4d8f80f30a12");
const FINGERPRINT: &str = "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa";
/// Fingerprints go on the wire with their colons, as DigitalOcean's own SDKs send them.
const FINGERPRINT_ENCODED: &str = FINGERPRINT;
const DROPLET_URN: &str = "do:droplet:fe3a2fd7-903d-46e6-ada3-3e4f285fb89d";
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
    let decoded = serde_json::to_value(response.value()).expect("serializable");
    assert_eq!(
        decoded, example,
        "{operation_id}: the decoded response does not match the example"
    );
}

/// Checks an operation whose success has no body.
fn assert_empty(operation_id: &str, response: &Response<()>) {
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
// One canonical call per operation, shared by the per-operation tests and the loops below.

mod calls {
    use super::*;
    use digitalocean_client::models as m;

    pub async fn vpc_peerings_list(
        c: &Client,
    ) -> Result<Response<m::VpcPeeringsListResponse>, Error> {
        c.vpc_peerings()
            .list()
            .page(2)
            .per_page(20)
            .region("nyc1")
            .send()
            .await
    }
    pub async fn vpc_peerings_create(
        c: &Client,
    ) -> Result<Response<Option<m::VpcPeeringResponse>>, Error> {
        c.vpc_peerings()
            .create()
            .name("nyc1-blr1-peering")
            .vpc_ids([
                uuid!("c140286f-e6ce-4131-8b7b-df4590ce8d6a"),
                uuid!("994a2735-dc84-11e8-80bc-3cfdfea9fba1"),
            ])
            .send()
            .await
    }
    pub async fn vpc_peerings_get(c: &Client) -> Result<Response<m::VpcPeeringResponse>, Error> {
        c.vpc_peerings().get(PEERING_ID).send().await
    }
    pub async fn vpc_peerings_patch(
        c: &Client,
    ) -> Result<Response<Option<m::VpcPeeringResponse>>, Error> {
        c.vpc_peerings()
            .patch(PEERING_ID)
            .name("nyc1-blr1-peering")
            .send()
            .await
    }
    pub async fn vpc_peerings_delete(
        c: &Client,
    ) -> Result<Response<Option<m::VpcPeeringResponse>>, Error> {
        c.vpc_peerings().delete(PEERING_ID).send().await
    }

    pub async fn vpc_nat_gateways_list(
        c: &Client,
    ) -> Result<Response<m::VpcNatGatewaysListResponse>, Error> {
        c.vpc_nat_gateways()
            .list()
            .per_page(10)
            .page(1)
            .state(vec!["active".to_owned(), "STATE_NEW".to_owned()])
            .region(vec!["tor1".to_owned()])
            .r#type("public")
            .name(vec!["my-vpc-nat-gateway".to_owned()])
            .send()
            .await
    }
    pub async fn vpc_nat_gateways_create(
        c: &Client,
    ) -> Result<Response<Option<m::VpcNatGatewayResponse>>, Error> {
        let vpc = VpcNatGatewayVpc::builder()
            .vpc_uuid(uuid!("0eb1752f-807b-4562-a077-8018e13ab1fb"))
            .default_gateway(true)
            .build()?;
        c.vpc_nat_gateways()
            .create()
            .name("test-vpc-nat-gateways")
            .r#type("PUBLIC")
            .region("tor1")
            .size(1)
            .vpcs([vpc])
            .icmp_timeout_seconds(30)
            .tcp_timeout_seconds(30)
            .udp_timeout_seconds(30)
            .project_id(uuid!("9cc10173-e9ea-4176-9dbc-a4cee4c4ff30"))
            .send()
            .await
    }
    pub async fn vpc_nat_gateways_get(
        c: &Client,
    ) -> Result<Response<m::VpcNatGatewayResponse>, Error> {
        c.vpc_nat_gateways().get(GATEWAY_ID).send().await
    }
    pub async fn vpc_nat_gateways_update(
        c: &Client,
    ) -> Result<Response<Option<m::VpcNatGatewayResponse>>, Error> {
        let vpc = VpcNatGatewayVpc::builder()
            .vpc_uuid(uuid!("0eb1752f-807b-4562-a077-8018e13ab1fb"))
            .default_gateway(false)
            .build()?;
        c.vpc_nat_gateways()
            .update(GATEWAY_ID)
            .name("test-vpc-nat-gateways-updated")
            .size(2)
            .icmp_timeout_seconds(60)
            .tcp_timeout_seconds(60)
            .udp_timeout_seconds(60)
            .vpcs([vpc])
            .send()
            .await
    }
    pub async fn vpc_nat_gateways_delete(c: &Client) -> Result<Response<()>, Error> {
        c.vpc_nat_gateways().delete(GATEWAY_ID).send().await
    }

    pub async fn ssh_keys_list(c: &Client) -> Result<Response<m::SshKeysListResponse>, Error> {
        c.ssh_keys().list().per_page(2).page(1).send().await
    }
    pub async fn ssh_keys_create(c: &Client) -> Result<Response<Option<m::SshKeyResponse>>, Error> {
        c.ssh_keys()
            .create()
            .name("My SSH Public Key")
            .public_key(PUBLIC_KEY)
            .send()
            .await
    }
    /// By fingerprint: the colons go on the wire as they are, inside one segment.
    pub async fn ssh_keys_get(c: &Client) -> Result<Response<m::SshKeyResponse>, Error> {
        c.ssh_keys().get(FINGERPRINT).send().await
    }
    /// By id.
    pub async fn ssh_keys_update(c: &Client) -> Result<Response<Option<m::SshKeyResponse>>, Error> {
        c.ssh_keys()
            .update(512189)
            .name("My SSH Public Key")
            .send()
            .await
    }
    pub async fn ssh_keys_delete(c: &Client) -> Result<Response<()>, Error> {
        c.ssh_keys()
            .delete(SshKeyIdentifier::String(FINGERPRINT.into()))
            .send()
            .await
    }

    pub async fn security_list_scans(
        c: &Client,
    ) -> Result<Response<m::SecurityListScansResponse>, Error> {
        c.security().list_scans().per_page(20).page(3).send().await
    }
    pub async fn security_create_scan(
        c: &Client,
    ) -> Result<Response<Option<m::SecurityCreateScanResponse>>, Error> {
        c.security().create_scan().send().await
    }
    pub async fn security_get_scan(
        c: &Client,
    ) -> Result<Response<m::SecurityGetScanResponse>, Error> {
        c.security()
            .get_scan(SCAN_ID)
            .severity(ScanFindingSeverity::Critical)
            .r#type("CSPM")
            .per_page(50)
            .page(2)
            .send()
            .await
    }
    pub async fn security_get_latest_scan(
        c: &Client,
    ) -> Result<Response<m::SecurityGetLatestScanResponse>, Error> {
        c.security()
            .get_latest_scan()
            .severity(ScanFindingSeverity::High)
            .send()
            .await
    }
    pub async fn security_create_scan_rule(c: &Client) -> Result<Response<()>, Error> {
        c.security()
            .create_scan_rule()
            .resource(DROPLET_URN)
            .send()
            .await
    }
    pub async fn security_list_scan_finding_affected_resources(
        c: &Client,
    ) -> Result<Response<m::SecurityListScanFindingAffectedResourcesResponse>, Error> {
        c.security()
            .list_scan_finding_affected_resources(SCAN_ID, FINDING_ID)
            .page(1)
            .per_page(200)
            .send()
            .await
    }
    pub async fn security_list_settings(
        c: &Client,
    ) -> Result<Response<m::SecuritySettings>, Error> {
        c.security().list_settings().page(1).send().await
    }
    pub async fn security_update_settings_plan(
        c: &Client,
    ) -> Result<Response<Option<m::SecurityUpdateSettingsPlanResponse>>, Error> {
        let basic = TierCoverageEntry::builder()
            .resources([DROPLET_URN.to_owned()])
            .tags(["production".to_owned()])
            .build()?;
        c.security()
            .update_settings_plan()
            .tier_coverage([("basic".to_owned(), basic)])
            .send()
            .await
    }
    pub async fn security_create_suppression(
        c: &Client,
    ) -> Result<Response<Option<m::SuppressionList>>, Error> {
        c.security()
            .create_suppression()
            .resources([DROPLET_URN.to_owned()])
            .rule_uuid("497dcba3-ecbf-4587-a2dd-5eb0665e6880")
            .send()
            .await
    }
    pub async fn security_delete_suppression(c: &Client) -> Result<Response<()>, Error> {
        c.security().delete_suppression(SUPPRESSION_ID).send().await
    }
    pub async fn security_list_secrets(
        c: &Client,
    ) -> Result<Response<m::SecurityListSecretsResponse>, Error> {
        c.security()
            .list_secrets()
            .per_page(20)
            .page(2)
            .send()
            .await
    }
    pub async fn security_create_secret(
        c: &Client,
    ) -> Result<Response<Option<m::SecretWriteResult>>, Error> {
        c.security()
            .create_secret()
            .name("my-database-password")
            .region("nyc3")
            .values(values("s3cr3t"))
            .send()
            .await
    }
    /// A name with `/` stays one segment (`%2F`).
    pub async fn security_get_secret(c: &Client) -> Result<Response<m::Secret>, Error> {
        c.security()
            .get_secret("prod/db-password")
            .region("nyc3")
            .send()
            .await
    }
    pub async fn security_update_secret(
        c: &Client,
    ) -> Result<Response<Option<m::SecretWriteResult>>, Error> {
        c.security()
            .update_secret("my-database-password")
            .region("nyc3")
            .values(values("n3w-s3cr3t"))
            .version(1)
            .send()
            .await
    }
    /// Spaces and `?` are encoded too, so they cannot end the path early.
    pub async fn security_delete_secret(c: &Client) -> Result<Response<()>, Error> {
        c.security()
            .delete_secret("old key?v=1")
            .region("sfo3")
            .send()
            .await
    }
    pub async fn security_list_secret_versions(
        c: &Client,
    ) -> Result<Response<m::SecurityListSecretVersionsResponse>, Error> {
        c.security()
            .list_secret_versions("my-database-password")
            .region("nyc3")
            .send()
            .await
    }
    pub async fn security_restore_secret(c: &Client) -> Result<Response<Option<m::Secret>>, Error> {
        c.security()
            .restore_secret("my-database-password")
            .send()
            .await
    }
}

type Call = fn(Client) -> BoxFuture<'static, Result<u16, Error>>;

/// Every canonical call, reduced to its status, for the checks that loop over all operations.
fn all_calls() -> Vec<(&'static str, Call)> {
    macro_rules! table {
        ($($name:ident),* $(,)?) => {
            vec![$((
                stringify!($name),
                (|client: Client| -> BoxFuture<'static, Result<u16, Error>> {
                    Box::pin(async move { calls::$name(&client).await.map(|r| r.status()) })
                }) as Call,
            )),*]
        };
    }
    table![
        vpc_peerings_list,
        vpc_peerings_create,
        vpc_peerings_get,
        vpc_peerings_patch,
        vpc_peerings_delete,
        vpc_nat_gateways_list,
        vpc_nat_gateways_create,
        vpc_nat_gateways_get,
        vpc_nat_gateways_update,
        vpc_nat_gateways_delete,
        ssh_keys_list,
        ssh_keys_create,
        ssh_keys_get,
        ssh_keys_update,
        ssh_keys_delete,
        security_list_scans,
        security_create_scan,
        security_get_scan,
        security_get_latest_scan,
        security_create_scan_rule,
        security_list_scan_finding_affected_resources,
        security_list_settings,
        security_update_settings_plan,
        security_create_suppression,
        security_delete_suppression,
        security_list_secrets,
        security_create_secret,
        security_get_secret,
        security_update_secret,
        security_delete_secret,
        security_list_secret_versions,
        security_restore_secret,
    ]
}

// ---------------------------------------------------------------------------------------------
// Checks over all operations

#[test]
fn the_call_table_covers_every_operation_of_the_spec() {
    let mut called: Vec<&str> = all_calls().iter().map(|(id, _)| *id).collect();
    let mut documented: Vec<&str> = spec::operations()
        .iter()
        .map(|op| op.operation_id.as_str())
        .collect();
    called.sort_unstable();
    documented.sort_unstable();
    assert_eq!(called, documented);
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
    for (operation_id, call) in all_calls() {
        let error = call(client.clone())
            .await
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
    for (operation_id, call) in all_calls() {
        let status = call(client.clone())
            .await
            .unwrap_or_else(|e| panic!("{operation_id}: {e}"));
        assert_eq!(status, spec::operation(operation_id).success_status);
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
async fn vpc_peerings_list() {
    let (server, client) = serve().await;
    let response = calls::vpc_peerings_list(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "vpc_peerings_list",
            segments: &[],
            query: &[("page", "2"), ("per_page", "20"), ("region", "nyc1")],
            body: None,
        },
    )
    .await;
    assert_decoded("vpc_peerings_list", &response);
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
async fn vpc_peerings_create() {
    let (server, client) = serve().await;
    let response = calls::vpc_peerings_create(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "vpc_peerings_create",
            segments: &[],
            query: &[],
            body: Some(request_example("vpc_peerings_create")),
        },
    )
    .await;
    assert_decoded("vpc_peerings_create", &response);
    let example = response_example("vpc_peerings_create");
    let value = serde_json::to_value(response.value()).unwrap();
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
async fn vpc_peerings_patch() {
    let (server, client) = serve().await;
    let response = calls::vpc_peerings_patch(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "vpc_peerings_patch",
            segments: &["5a4981aa-9653-4bd1-bef5-d6bff52042e4"],
            query: &[],
            body: Some(request_example("vpc_peerings_patch")),
        },
    )
    .await;
    assert_decoded("vpc_peerings_patch", &response);
}

#[tokio::test]
async fn vpc_peerings_delete() {
    let (server, client) = serve().await;
    let response = client
        .vpc_peerings()
        .delete(PEERING_ID)
        .send()
        .await
        .unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "vpc_peerings_delete",
            segments: &["5a4981aa-9653-4bd1-bef5-d6bff52042e4"],
            query: &[],
            body: None,
        },
    )
    .await;
    assert_decoded("vpc_peerings_delete", &response);
    let peering = response.into_inner().unwrap().vpc_peering;
    assert_eq!(peering.status, Some(VpcPeeringStatus::Deleting));
    assert_eq!(peering.vpc_ids.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// VPC NAT gateways

#[tokio::test]
async fn vpc_nat_gateways_list() {
    let (server, client) = serve().await;
    let response = calls::vpc_nat_gateways_list(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
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
            body: None,
        },
    )
    .await;
    assert_decoded("vpc_nat_gateways_list", &response);
}

#[tokio::test]
async fn vpc_nat_gateways_create() {
    let (server, client) = serve().await;
    let response = calls::vpc_nat_gateways_create(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "vpc_nat_gateways_create",
            segments: &[],
            query: &[],
            body: Some(request_example("vpc_nat_gateways_create")),
        },
    )
    .await;
    assert_decoded("vpc_nat_gateways_create", &response);
}

#[tokio::test]
async fn vpc_nat_gateways_get() {
    let (server, client) = serve().await;
    let response = client
        .vpc_nat_gateways()
        .get(GATEWAY_ID)
        .send()
        .await
        .unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "vpc_nat_gateways_get",
            segments: &["70e1b58d-cdec-4e95-b3ee-2d4d95feff51"],
            query: &[],
            body: None,
        },
    )
    .await;
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

#[tokio::test]
async fn vpc_nat_gateways_update() {
    let (server, client) = serve().await;
    let response = calls::vpc_nat_gateways_update(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "vpc_nat_gateways_update",
            segments: &["70e1b58d-cdec-4e95-b3ee-2d4d95feff51"],
            query: &[],
            body: Some(request_example("vpc_nat_gateways_update")),
        },
    )
    .await;
    assert_decoded("vpc_nat_gateways_update", &response);
}

#[tokio::test]
async fn vpc_nat_gateways_delete() {
    let (server, client) = serve().await;
    let response = calls::vpc_nat_gateways_delete(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "vpc_nat_gateways_delete",
            segments: &["70e1b58d-cdec-4e95-b3ee-2d4d95feff51"],
            query: &[],
            body: None,
        },
    )
    .await;
    assert_empty("vpc_nat_gateways_delete", &response);
}

// ---------------------------------------------------------------------------------------------
// SSH keys

#[tokio::test]
async fn ssh_keys_list() {
    let (server, client) = serve().await;
    let response = calls::ssh_keys_list(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "ssh_keys_list",
            segments: &[],
            query: &[("per_page", "2"), ("page", "1")],
            body: None,
        },
    )
    .await;
    assert_decoded("ssh_keys_list", &response);
    let keys = client.ssh_keys().list().send().await.unwrap().into_inner();
    assert_eq!(keys.meta.unwrap().total, 1);
    assert_eq!(keys.ssh_keys[0].id, Some(289794));
}

#[tokio::test]
async fn ssh_keys_create() {
    let (server, client) = serve().await;
    let response = calls::ssh_keys_create(&client).await.unwrap();
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
    assert_decoded("ssh_keys_create", &response);
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

#[tokio::test]
async fn ssh_keys_update() {
    let (server, client) = serve().await;
    let response = calls::ssh_keys_update(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "ssh_keys_update",
            segments: &["512189"],
            query: &[],
            body: Some(request_example("ssh_keys_update")),
        },
    )
    .await;
    assert_decoded("ssh_keys_update", &response);
}

#[tokio::test]
async fn ssh_keys_delete() {
    let (server, client) = serve().await;
    let response = calls::ssh_keys_delete(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "ssh_keys_delete",
            segments: &[FINGERPRINT_ENCODED],
            query: &[],
            body: None,
        },
    )
    .await;
    assert_empty("ssh_keys_delete", &response);
}

// ---------------------------------------------------------------------------------------------
// Security: scans

#[tokio::test]
async fn security_list_scans() {
    let (server, client) = serve().await;
    let response = calls::security_list_scans(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "security_list_scans",
            segments: &[],
            query: &[("per_page", "20"), ("page", "3")],
            body: None,
        },
    )
    .await;
    assert_decoded("security_list_scans", &response);
}

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
    let scan = response.into_inner().unwrap().scan;
    assert_eq!(scan.status, Some(ScanStatus::Completed));
    // The same `Uuid` type that `get_scan` takes, so the id goes straight back in.
    assert_eq!(scan.id, Some(uuid!("760e09ef-dc84-11e8-981e-3cfdfeaae000")));
    let _same_type = client.security().get_scan(scan.id.unwrap());
}

#[tokio::test]
async fn security_get_scan() {
    let (server, client) = serve().await;
    let response = calls::security_get_scan(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "security_get_scan",
            segments: &["497dcba3-ecbf-4587-a2dd-5eb0665e6880"],
            query: &[
                ("severity", "CRITICAL"),
                ("type", "CSPM"),
                ("per_page", "50"),
                ("page", "2"),
            ],
            body: None,
        },
    )
    .await;
    assert_decoded("security_get_scan", &response);
}

#[tokio::test]
async fn security_get_latest_scan_is_not_routed_as_a_scan_id() {
    let (server, client) = serve().await;
    let response = calls::security_get_latest_scan(&client).await.unwrap();
    let request = assert_request(
        &server,
        Expected {
            operation_id: "security_get_latest_scan",
            segments: &[],
            query: &[("severity", "HIGH")],
            body: None,
        },
    )
    .await;
    assert_eq!(request.url.path(), "/v2/security/scans/latest");
    assert_decoded("security_get_latest_scan", &response);
}

#[tokio::test]
async fn security_create_scan_rule() {
    let (server, client) = serve().await;
    let response = calls::security_create_scan_rule(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "security_create_scan_rule",
            segments: &[],
            query: &[],
            body: Some(request_example("security_create_scan_rule")),
        },
    )
    .await;
    assert_empty("security_create_scan_rule", &response);
}

#[tokio::test]
async fn security_list_scan_finding_affected_resources() {
    let (server, client) = serve().await;
    let response = calls::security_list_scan_finding_affected_resources(&client)
        .await
        .unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "security_list_scan_finding_affected_resources",
            segments: &[
                "497dcba3-ecbf-4587-a2dd-5eb0665e6880",
                "50e14f43-dd4e-412f-864d-78943ea28d91",
            ],
            query: &[("page", "1"), ("per_page", "200")],
            body: None,
        },
    )
    .await;
    assert_decoded("security_list_scan_finding_affected_resources", &response);
    let example = response_example("security_list_scan_finding_affected_resources");
    let value = serde_json::to_value(response.value()).unwrap();
    assert_eq!(
        value["affected_resources"][0]["urn"],
        example["affected_resources"][0]["urn"]
    );
}

// ---------------------------------------------------------------------------------------------
// Security: settings and suppressions

#[tokio::test]
async fn security_list_settings() {
    let (server, client) = serve().await;
    let response = calls::security_list_settings(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "security_list_settings",
            segments: &[],
            query: &[("page", "1")],
            body: None,
        },
    )
    .await;
    assert_decoded("security_list_settings", &response);
}

#[tokio::test]
async fn security_update_settings_plan() {
    let (server, client) = serve().await;
    let response = calls::security_update_settings_plan(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "security_update_settings_plan",
            segments: &[],
            query: &[],
            body: Some(request_example("security_update_settings_plan")),
        },
    )
    .await;
    // The spec has no example for this 200; the mock built one from the schema.
    assert_decoded("security_update_settings_plan", &response);
}

#[tokio::test]
async fn security_create_suppression() {
    let (server, client) = serve().await;
    let response = calls::security_create_suppression(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "security_create_suppression",
            segments: &[],
            query: &[],
            body: Some(request_example("security_create_suppression")),
        },
    )
    .await;
    assert_decoded("security_create_suppression", &response);
    let example = response_example("security_create_suppression");
    let value = serde_json::to_value(response.value()).unwrap();
    assert_eq!(value["meta"]["total"], 25);
    assert_eq!(
        value["links"]["pages"]["next"],
        example["links"]["pages"]["next"]
    );
}

#[tokio::test]
async fn security_delete_suppression() {
    let (server, client) = serve().await;
    let response = calls::security_delete_suppression(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "security_delete_suppression",
            segments: &["5b3b2b2d-5c9c-4a61-9e2f-4d8f80f30a12"],
            query: &[],
            body: None,
        },
    )
    .await;
    assert_empty("security_delete_suppression", &response);
}

// ---------------------------------------------------------------------------------------------
// Security: secrets

#[tokio::test]
async fn security_list_secrets() {
    let (server, client) = serve().await;
    let response = calls::security_list_secrets(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "security_list_secrets",
            segments: &[],
            query: &[("per_page", "20"), ("page", "2")],
            body: None,
        },
    )
    .await;
    assert_decoded("security_list_secrets", &response);
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
    let (server, client) = serve().await;
    let response = calls::security_create_secret(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "security_create_secret",
            segments: &[],
            query: &[],
            body: Some(request_example("security_create_secret")),
        },
    )
    .await;
    assert_decoded("security_create_secret", &response);
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
    let response = calls::security_get_secret(&client).await.unwrap();
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
async fn security_update_secret() {
    let (server, client) = serve().await;
    let response = calls::security_update_secret(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "security_update_secret",
            segments: &["my-database-password"],
            query: &[],
            body: Some(request_example("security_update_secret")),
        },
    )
    .await;
    assert_decoded("security_update_secret", &response);
}

#[tokio::test]
async fn security_delete_secret_encodes_spaces_and_question_marks() {
    let (server, client) = serve().await;
    let response = calls::security_delete_secret(&client).await.unwrap();
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
async fn security_list_secret_versions() {
    let (server, client) = serve().await;
    let response = calls::security_list_secret_versions(&client).await.unwrap();
    assert_request(
        &server,
        Expected {
            operation_id: "security_list_secret_versions",
            segments: &["my-database-password"],
            query: &[("region", "nyc3")],
            body: None,
        },
    )
    .await;
    assert_decoded("security_list_secret_versions", &response);
}

#[tokio::test]
async fn security_restore_secret_without_region_sends_no_query() {
    let (server, client) = serve().await;
    let response = calls::security_restore_secret(&client).await.unwrap();
    let request = assert_request(
        &server,
        Expected {
            operation_id: "security_restore_secret",
            segments: &["my-database-password"],
            query: &[],
            body: None,
        },
    )
    .await;
    assert_eq!(request.url.query(), None);
    assert_decoded("security_restore_secret", &response);
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
