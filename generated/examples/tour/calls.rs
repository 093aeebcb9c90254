//! One call of each of the 32 operations, with the API reference's example inputs.
//!
//! The tour runs them in this order; the tests (`tests/tests/it/wire.rs`, `replay.rs`, `prism.rs`)
//! run the same table against their servers and keep their own expectations per operation id.
//! Each call hands back the decoded response as a [`Decoded`]: printable with `{:?}` (secret
//! values redacted) and serializable back to JSON, whatever the operation's type.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::future::Future;
use std::pin::Pin;

use digitalocean_client::models::{TierCoverageEntry, VpcNatGatewayVpc};
use digitalocean_client::{Client, Error, Response, Sensitive};
use uuid::{Uuid, uuid};

/// A decoded response body of any operation.
pub trait Decoded: Debug + Send + Sync {
    /// The body serialized back to JSON: `null` when the response had none.
    fn json(&self) -> serde_json::Value;
}

impl<T: Debug + serde::Serialize + Send + Sync> Decoded for T {
    fn json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a decoded body serializes")
    }
}

/// What one call returns: the response (status, request id, rate limit) with its body.
pub type Outcome = Result<Response<Box<dyn Decoded>>, Error>;

/// The running call; it borrows the client and the ids.
pub type Sending<'a> = Pin<Box<dyn Future<Output = Outcome> + Send + 'a>>;

/// One operation of the table.
pub struct Call {
    /// The operation's `operationId` in the spec.
    pub operation_id: &'static str,
    /// Sends the operation's request once.
    pub send: for<'a> fn(&'a Client, &'a Ids) -> Sending<'a>,
}

/// The identifiers the calls put in their paths. The defaults are the API reference's examples;
/// the tour replaces them with what its create calls return.
#[derive(Clone, Debug)]
pub struct Ids {
    pub peering: Uuid,
    pub gateway: Uuid,
    pub ssh_key_id: i64,
    pub fingerprint: String,
    pub scan: Uuid,
    pub finding: Uuid,
    pub suppression: Uuid,
    pub secret_version: i32,
}

impl Default for Ids {
    fn default() -> Self {
        Ids {
            peering: uuid!("5a4981aa-9653-4bd1-bef5-d6bff52042e4"),
            gateway: uuid!("70e1b58d-cdec-4e95-b3ee-2d4d95feff51"),
            ssh_key_id: 512189,
            fingerprint: "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa".to_owned(),
            scan: uuid!("497dcba3-ecbf-4587-a2dd-5eb0665e6880"),
            finding: uuid!("50e14f43-dd4e-412f-864d-78943ea28d91"),
            suppression: uuid!("5b3b2b2d-5c9c-4a61-9e2f-4d8f80f30a12"),
            secret_version: 1,
        }
    }
}

// Inputs taken from the API reference examples.
const VPC_A: Uuid = uuid!("c140286f-e6ce-4131-8b7b-df4590ce8d6a");
const VPC_B: Uuid = uuid!("994a2735-dc84-11e8-80bc-3cfdfea9fba1");
const NAT_VPC: Uuid = uuid!("0eb1752f-807b-4562-a077-8018e13ab1fb");
const PROJECT: Uuid = uuid!("9cc10173-e9ea-4176-9dbc-a4cee4c4ff30");
const PUBLIC_KEY: &str = "ssh-rsa AEXAMPLEaC1yc2EAAAADAQABAAAAQQDDHr/jh2Jy4yALcK4JyWbVkPRaWmhck3IgCoeOO3z1e2dBowLh64QAM+Qb72pxekALga2oi4GvT+TlWNhzPH4V example";
const DROPLET_URN: &str = "do:droplet:fe3a2fd7-903d-46e6-ada3-3e4f285fb89d";
const RULE_UUID: &str = "497dcba3-ecbf-4587-a2dd-5eb0665e6880";
const SECRET_NAME: &str = "my-database-password";
const SECRET_REGION: &str = "nyc3";

/// Keeps the decoded body, whatever its type.
fn decoded<T: Decoded + 'static>(response: Response<T>) -> Response<Box<dyn Decoded>> {
    response.map(|body| Box::new(body) as Box<dyn Decoded>)
}

/// Secret values are wrapped in `Sensitive`, so `{:?}` prints `[REDACTED]`.
fn values(password: &str) -> Sensitive<BTreeMap<String, String>> {
    Sensitive::new(BTreeMap::from([(
        "password".to_owned(),
        password.to_owned(),
    )]))
}

// ---------------------------------------------------------------------------------------------
// VPC peerings: create a peering between two VPCs, then list, read, rename and delete it.

async fn vpc_peerings_create(c: &Client, _: &Ids) -> Outcome {
    let create = c
        .vpc_peerings()
        .create()
        .name("nyc1-blr1-peering")
        .vpc_ids([VPC_A, VPC_B]);
    // Read-only fields (id, status, created_at) come back in the response.
    create.send().await.map(decoded)
}

async fn vpc_peerings_list(c: &Client, _: &Ids) -> Outcome {
    let list = c.vpc_peerings().list().page(2).per_page(20).region("nyc1");
    list.send().await.map(decoded)
}

async fn vpc_peerings_get(c: &Client, ids: &Ids) -> Outcome {
    // `wait_until_active(id, WaitOptions::default())` would poll until the peering is ACTIVE.
    c.vpc_peerings().get(ids.peering).send().await.map(decoded)
}

async fn vpc_peerings_patch(c: &Client, ids: &Ids) -> Outcome {
    let rename = c
        .vpc_peerings()
        .patch(ids.peering)
        .name("nyc1-blr1-peering");
    rename.send().await.map(decoded)
}

async fn vpc_peerings_delete(c: &Client, ids: &Ids) -> Outcome {
    c.vpc_peerings()
        .delete(ids.peering)
        .send()
        .await
        .map(decoded)
}

// ---------------------------------------------------------------------------------------------
// VPC NAT gateways: create a public gateway for one VPC, then list, read, resize and delete it.

async fn vpc_nat_gateways_create(c: &Client, _: &Ids) -> Outcome {
    // Nested request models have builders too; `build()` fails only if a required field is unset.
    let vpc = VpcNatGatewayVpc::builder()
        .vpc_uuid(NAT_VPC)
        .default_gateway(true)
        .build()?;
    let create = c
        .vpc_nat_gateways()
        .create()
        .name("test-vpc-nat-gateways")
        .r#type("PUBLIC")
        .region("tor1")
        .size(1)
        .vpcs([vpc])
        .icmp_timeout_seconds(30)
        .tcp_timeout_seconds(30)
        .udp_timeout_seconds(30)
        .project_id(PROJECT);
    create.send().await.map(decoded)
}

async fn vpc_nat_gateways_list(c: &Client, _: &Ids) -> Outcome {
    let list = c
        .vpc_nat_gateways()
        .list()
        .per_page(10)
        .page(1)
        .state(vec!["active".to_owned(), "STATE_NEW".to_owned()])
        .region(vec!["tor1".to_owned()])
        .r#type("public")
        .name(vec!["my-vpc-nat-gateway".to_owned()]);
    list.send().await.map(decoded)
}

async fn vpc_nat_gateways_get(c: &Client, ids: &Ids) -> Outcome {
    c.vpc_nat_gateways()
        .get(ids.gateway)
        .send()
        .await
        .map(decoded)
}

async fn vpc_nat_gateways_update(c: &Client, ids: &Ids) -> Outcome {
    let vpc = VpcNatGatewayVpc::builder()
        .vpc_uuid(NAT_VPC)
        .default_gateway(false)
        .build()?;
    let update = c
        .vpc_nat_gateways()
        .update(ids.gateway)
        .name("test-vpc-nat-gateways-updated")
        .size(2)
        .icmp_timeout_seconds(60)
        .tcp_timeout_seconds(60)
        .udp_timeout_seconds(60)
        .vpcs([vpc]);
    update.send().await.map(decoded)
}

async fn vpc_nat_gateways_delete(c: &Client, ids: &Ids) -> Outcome {
    c.vpc_nat_gateways()
        .delete(ids.gateway)
        .send()
        .await
        .map(decoded)
}

// ---------------------------------------------------------------------------------------------
// SSH keys: upload a public key, list it, read it by fingerprint, rename it by id, delete it.

async fn ssh_keys_create(c: &Client, _: &Ids) -> Outcome {
    let create = c
        .ssh_keys()
        .create()
        .name("My SSH Public Key")
        .public_key(PUBLIC_KEY);
    create.send().await.map(decoded)
}

async fn ssh_keys_list(c: &Client, _: &Ids) -> Outcome {
    c.ssh_keys()
        .list()
        .per_page(2)
        .page(1)
        .send()
        .await
        .map(decoded)
}

async fn ssh_keys_get(c: &Client, ids: &Ids) -> Outcome {
    // A key is identified either by its id (an integer) or by its fingerprint (a string); the
    // fingerprint's colons go on the wire as they are.
    c.ssh_keys().get(&ids.fingerprint).send().await.map(decoded)
}

async fn ssh_keys_update(c: &Client, ids: &Ids) -> Outcome {
    let rename = c
        .ssh_keys()
        .update(ids.ssh_key_id)
        .name("My SSH Public Key");
    rename.send().await.map(decoded)
}

async fn ssh_keys_delete(c: &Client, ids: &Ids) -> Outcome {
    c.ssh_keys()
        .delete(&ids.fingerprint)
        .send()
        .await
        .map(decoded)
}

// ---------------------------------------------------------------------------------------------
// Security scans: start a CSPM scan, read it and the latest one, look at a finding's affected
// resources, and add a scan rule.

async fn security_create_scan(c: &Client, _: &Ids) -> Outcome {
    c.security().create_scan().send().await.map(decoded)
}

async fn security_list_scans(c: &Client, _: &Ids) -> Outcome {
    let list = c.security().list_scans().per_page(20).page(3);
    list.send().await.map(decoded)
}

async fn security_get_scan(c: &Client, ids: &Ids) -> Outcome {
    let scan = c
        .security()
        .get_scan(ids.scan)
        .severity("CRITICAL")
        .r#type("CSPM")
        .per_page(50)
        .page(2);
    scan.send().await.map(decoded)
}

async fn security_get_latest_scan(c: &Client, _: &Ids) -> Outcome {
    let latest = c.security().get_latest_scan().severity("HIGH");
    latest.send().await.map(decoded)
}

async fn security_list_scan_finding_affected_resources(c: &Client, ids: &Ids) -> Outcome {
    let affected = c
        .security()
        .list_scan_finding_affected_resources(ids.scan, ids.finding)
        .page(1)
        .per_page(200);
    affected.send().await.map(decoded)
}

async fn security_create_scan_rule(c: &Client, _: &Ids) -> Outcome {
    let rule = c.security().create_scan_rule().resource(DROPLET_URN);
    rule.send().await.map(decoded)
}

// ---------------------------------------------------------------------------------------------
// Security settings: read them, change the plan coverage, add then remove a suppression.

async fn security_list_settings(c: &Client, _: &Ids) -> Outcome {
    c.security()
        .list_settings()
        .page(1)
        .send()
        .await
        .map(decoded)
}

async fn security_update_settings_plan(c: &Client, _: &Ids) -> Outcome {
    let basic = TierCoverageEntry::builder()
        .resources([DROPLET_URN.to_owned()])
        .tags(["production".to_owned()])
        .build()?;
    let plan = c
        .security()
        .update_settings_plan()
        .tier_coverage([("basic".to_owned(), basic)]);
    plan.send().await.map(decoded)
}

async fn security_create_suppression(c: &Client, _: &Ids) -> Outcome {
    let suppression = c
        .security()
        .create_suppression()
        .resources([DROPLET_URN.to_owned()])
        .rule_uuid(RULE_UUID);
    suppression.send().await.map(decoded)
}

async fn security_delete_suppression(c: &Client, ids: &Ids) -> Outcome {
    let delete = c.security().delete_suppression(ids.suppression);
    delete.send().await.map(decoded)
}

// ---------------------------------------------------------------------------------------------
// Secrets: store one, list and read it, write a new version, then delete and restore it.

async fn security_create_secret(c: &Client, _: &Ids) -> Outcome {
    let create = c
        .security()
        .create_secret()
        .name(SECRET_NAME)
        .region(SECRET_REGION)
        .values(values("s3cr3t"));
    create.send().await.map(decoded)
}

async fn security_list_secrets(c: &Client, _: &Ids) -> Outcome {
    let list = c.security().list_secrets().per_page(20).page(2);
    list.send().await.map(decoded)
}

async fn security_get_secret(c: &Client, _: &Ids) -> Outcome {
    let get = c.security().get_secret(SECRET_NAME).region(SECRET_REGION);
    get.send().await.map(decoded)
}

async fn security_update_secret(c: &Client, ids: &Ids) -> Outcome {
    let update = c
        .security()
        .update_secret(SECRET_NAME)
        .region(SECRET_REGION)
        .values(values("n3w-s3cr3t"))
        .version(ids.secret_version);
    update.send().await.map(decoded)
}

async fn security_list_secret_versions(c: &Client, _: &Ids) -> Outcome {
    let versions = c
        .security()
        .list_secret_versions(SECRET_NAME)
        .region(SECRET_REGION);
    versions.send().await.map(decoded)
}

async fn security_delete_secret(c: &Client, _: &Ids) -> Outcome {
    let delete = c
        .security()
        .delete_secret(SECRET_NAME)
        .region(SECRET_REGION);
    delete.send().await.map(decoded)
}

async fn security_restore_secret(c: &Client, _: &Ids) -> Outcome {
    // The region is optional here: without it the request has no query at all.
    c.security()
        .restore_secret(SECRET_NAME)
        .send()
        .await
        .map(decoded)
}

/// `Call { operation_id: "f", send: f }` for each function `f` above, in this order.
macro_rules! table {
    ($($call:ident),* $(,)?) => {
        &[$(Call {
            operation_id: stringify!($call),
            send: |client, ids| Box::pin($call(client, ids)),
        }),*]
    };
}

/// Every operation once, in the tour's order: a resource is created before it is read, changed
/// or deleted.
pub const CALLS: &[Call] = table![
    vpc_peerings_create,
    vpc_peerings_list,
    vpc_peerings_get,
    vpc_peerings_patch,
    vpc_peerings_delete,
    vpc_nat_gateways_create,
    vpc_nat_gateways_list,
    vpc_nat_gateways_get,
    vpc_nat_gateways_update,
    vpc_nat_gateways_delete,
    ssh_keys_create,
    ssh_keys_list,
    ssh_keys_get,
    ssh_keys_update,
    ssh_keys_delete,
    security_create_scan,
    security_list_scans,
    security_get_scan,
    security_get_latest_scan,
    security_list_scan_finding_affected_resources,
    security_create_scan_rule,
    security_list_settings,
    security_update_settings_plan,
    security_create_suppression,
    security_delete_suppression,
    security_create_secret,
    security_list_secrets,
    security_get_secret,
    security_update_secret,
    security_list_secret_versions,
    security_delete_secret,
    security_restore_secret,
];
