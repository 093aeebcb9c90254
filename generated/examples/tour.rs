//! A tour of the client: calls each of the 32 operations once and prints one line per call.
//!
//! ```sh
//! DIGITALOCEAN_TOKEN=dop_v1_... cargo run -p digitalocean-client --example tour
//! ```
//!
//! Environment:
//! - `DIGITALOCEAN_TOKEN` (required): a personal access token.
//! - `DIGITALOCEAN_API_URL` (optional): where to send requests, default
//!   `https://api.digitalocean.com` (plain `http` is accepted for loopback hosts, e.g. a mock).
//! - `TOUR_DEBUG=1` (optional): also print the client and every decoded response with `{:#?}`.
//!   The token and secret values are redacted by the client itself.
//!
//! Against the real API the tour creates, renames and deletes resources on your account (a VPC
//! peering, a NAT gateway, an SSH key, a secret, a suppression). Inputs are the examples from the
//! API reference, so some calls are expected to fail there (the example VPC ids are not yours).
//!
//! Each call prints `<operationId> <status> ok` or `<operationId> <status or -> error: <message>`,
//! and the process exits with status 1 if any call failed.

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::process::ExitCode;

use digitalocean_client::models::{TierCoverageEntry, VpcNatGatewayVpc};
use digitalocean_client::{Client, Error, Response, Sensitive};
use uuid::Uuid;

// Inputs taken from the API reference examples.
const VPC_A: Uuid = uuid::uuid!("c140286f-e6ce-4131-8b7b-df4590ce8d6a");
const VPC_B: Uuid = uuid::uuid!("994a2735-dc84-11e8-80bc-3cfdfea9fba1");
const NAT_VPC: Uuid = uuid::uuid!("0eb1752f-807b-4562-a077-8018e13ab1fb");
const PROJECT: Uuid = uuid::uuid!("9cc10173-e9ea-4176-9dbc-a4cee4c4ff30");
const PUBLIC_KEY: &str = "ssh-rsa AEXAMPLEaC1yc2EAAAADAQABAAAAQQDDHr/jh2Jy4yALcK4JyWbVkPRaWmhck3IgCoeOO3z1e2dBowLh64QAM+Qb72pxekALga2oi4GvT+TlWNhzPH4V example";
const DROPLET_URN: &str = "do:droplet:fe3a2fd7-903d-46e6-ada3-3e4f285fb89d";
const RULE_UUID: &str = "497dcba3-ecbf-4587-a2dd-5eb0665e6880";
const SECRET_NAME: &str = "my-database-password";
const SECRET_REGION: &str = "nyc3";
// Used only when an earlier call did not return the id (nothing returns a finding id).
const FALLBACK_ID: Uuid = uuid::uuid!("50e14f43-dd4e-412f-864d-78943ea28d91");

#[tokio::main]
async fn main() -> ExitCode {
    let Ok(token) = std::env::var("DIGITALOCEAN_TOKEN") else {
        eprintln!("DIGITALOCEAN_TOKEN is not set: export a personal access token to run the tour");
        return ExitCode::from(2);
    };
    let base_url = std::env::var("DIGITALOCEAN_API_URL")
        .unwrap_or_else(|_| "https://api.digitalocean.com".to_owned());
    let client = match Client::builder().token(token).base_url(base_url).build() {
        Ok(client) => client,
        Err(error) => {
            eprintln!("cannot create the client: {error}");
            return ExitCode::from(2);
        }
    };

    let mut tour = Tour {
        debug: std::env::var("TOUR_DEBUG").is_ok_and(|v| v == "1"),
        failures: 0,
    };
    if tour.debug {
        println!("{client:#?}");
    }

    vpc_peerings(&client, &mut tour).await;
    vpc_nat_gateways(&client, &mut tour).await;
    ssh_keys(&client, &mut tour).await;
    security_scans(&client, &mut tour).await;
    security_settings(&client, &mut tour).await;
    security_secrets(&client, &mut tour).await;

    if tour.failures == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!("{} call(s) failed", tour.failures);
        ExitCode::FAILURE
    }
}

/// Prints one line per call and counts the failures.
struct Tour {
    debug: bool,
    failures: usize,
}

impl Tour {
    /// Reports a call's outcome and hands back the decoded body on success.
    fn report<T: Debug>(
        &mut self,
        operation_id: &str,
        result: Result<Response<T>, Error>,
    ) -> Option<T> {
        match result {
            Ok(response) => {
                println!("{operation_id} {} ok", response.status());
                if self.debug {
                    println!("{:#?}", response.value());
                }
                Some(response.into_inner())
            }
            Err(error) => {
                self.failures += 1;
                let status = error
                    .status()
                    .map_or_else(|| "-".to_owned(), |s| s.to_string());
                println!("{operation_id} {status} error: {error}");
                None
            }
        }
    }
}

/// Create a peering between two VPCs, then list, read, rename and delete it.
async fn vpc_peerings(client: &Client, tour: &mut Tour) {
    let peerings = client.vpc_peerings();

    let create = peerings
        .create()
        .name("nyc1-blr1-peering")
        .vpc_ids([VPC_A, VPC_B]);
    let created = tour.report("vpc_peerings_create", create.send().await);
    // Read-only fields (id, status, created_at) come back in the response.
    let id = created
        .and_then(|r| r.vpc_peering.id)
        .unwrap_or(FALLBACK_ID);

    let list = peerings.list().per_page(20).send().await;
    tour.report("vpc_peerings_list", list);
    // `peerings.wait_until_active(id, WaitOptions::default())` would poll until the peering is ACTIVE.
    tour.report("vpc_peerings_get", peerings.get(id).send().await);
    let rename = peerings.patch(id).name("nyc1-blr1-peering-renamed");
    tour.report("vpc_peerings_patch", rename.send().await);
    tour.report("vpc_peerings_delete", peerings.delete(id).send().await);
}

/// Create a public NAT gateway for one VPC, then list, read, resize and delete it.
async fn vpc_nat_gateways(client: &Client, tour: &mut Tour) {
    let gateways = client.vpc_nat_gateways();

    // Nested request models have builders too; `build()` fails only if a required field is unset.
    let vpc = VpcNatGatewayVpc::builder()
        .vpc_uuid(NAT_VPC)
        .default_gateway(true)
        .build()
        .expect("vpc_uuid is set");
    let create = gateways
        .create()
        .name("test-vpc-nat-gateways")
        .r#type("PUBLIC")
        .region("tor1")
        .size(1)
        .vpcs([vpc])
        .project_id(PROJECT)
        .udp_timeout_seconds(30);
    let created = tour.report("vpc_nat_gateways_create", create.send().await);
    let id = created
        .and_then(|r| r.vpc_nat_gateway.id)
        .unwrap_or(FALLBACK_ID);

    let list = gateways
        .list()
        .region(vec!["tor1".to_owned()])
        .state(vec!["active".to_owned()])
        .send()
        .await;
    tour.report("vpc_nat_gateways_list", list);
    tour.report("vpc_nat_gateways_get", gateways.get(id).send().await);
    let update = gateways
        .update(id)
        .name("test-vpc-nat-gateways-updated")
        .size(2)
        .tcp_timeout_seconds(60);
    tour.report("vpc_nat_gateways_update", update.send().await);
    tour.report("vpc_nat_gateways_delete", gateways.delete(id).send().await);
}

/// Upload a public key, then list it, read it by fingerprint, rename it by id and delete it.
async fn ssh_keys(client: &Client, tour: &mut Tour) {
    let keys = client.ssh_keys();

    let create = keys
        .create()
        .name("My SSH Public Key")
        .public_key(PUBLIC_KEY);
    let created = tour
        .report("ssh_keys_create", create.send().await)
        .map(|r| r.ssh_key);
    let id = created.as_ref().and_then(|k| k.id).unwrap_or(512189);
    let fingerprint = created
        .and_then(|k| k.fingerprint)
        .unwrap_or_else(|| "3b:16:bf:e4:8b:00:8b:b8:59:8c:a9:d3:f0:19:45:fa".to_owned());

    tour.report("ssh_keys_list", keys.list().send().await);
    // A key is identified either by its id (an integer) or by its fingerprint (a string).
    tour.report("ssh_keys_get", keys.get(&fingerprint).send().await);
    let rename = keys.update(id).name("Renamed SSH Key");
    tour.report("ssh_keys_update", rename.send().await);
    tour.report("ssh_keys_delete", keys.delete(&fingerprint).send().await);
}

/// Start a CSPM scan, read it and the latest one, and look at a finding's affected resources.
async fn security_scans(client: &Client, tour: &mut Tour) {
    let security = client.security();

    let created = tour.report("security_create_scan", security.create_scan().send().await);
    let scan_id = created.and_then(|r| r.scan.id).unwrap_or(FALLBACK_ID);

    tour.report("security_list_scans", security.list_scans().send().await);
    let scan = security.get_scan(scan_id).severity("CRITICAL").send().await;
    tour.report("security_get_scan", scan);
    let latest = security.get_latest_scan().per_page(5).send().await;
    tour.report("security_get_latest_scan", latest);
    let affected = security
        .list_scan_finding_affected_resources(scan_id, FALLBACK_ID)
        .send()
        .await;
    tour.report("security_list_scan_finding_affected_resources", affected);

    let created_rule = security
        .create_scan_rule()
        .resource(DROPLET_URN)
        .send()
        .await;
    tour.report("security_create_scan_rule", created_rule);
}

/// Read the CSPM settings, change the plan coverage, and add then remove a suppression.
async fn security_settings(client: &Client, tour: &mut Tour) {
    let security = client.security();

    tour.report(
        "security_list_settings",
        security.list_settings().send().await,
    );

    let basic = TierCoverageEntry::builder()
        .resources([DROPLET_URN.to_owned()])
        .tags(["production".to_owned()])
        .build()
        .expect("no field is required");
    let updated = security
        .update_settings_plan()
        .tier_coverage([("basic".to_owned(), basic)])
        .send()
        .await;
    tour.report("security_update_settings_plan", updated);

    let created = security
        .create_suppression()
        .rule_uuid(RULE_UUID)
        .resources([DROPLET_URN.to_owned()])
        .send()
        .await;
    let suppression_id = tour
        .report("security_create_suppression", created)
        .and_then(|list| list.resources.into_iter().next())
        .and_then(|s| s.id)
        .unwrap_or(FALLBACK_ID);
    let deleted = security.delete_suppression(suppression_id).send().await;
    tour.report("security_delete_suppression", deleted);
}

/// Store a secret, list and read it, write a new version, then delete and restore it.
async fn security_secrets(client: &Client, tour: &mut Tour) {
    let security = client.security();

    // Secret values are wrapped in `Sensitive`, so `{:?}` prints `[REDACTED]`.
    let values = |password: &str| {
        Sensitive::new(BTreeMap::from([(
            "password".to_owned(),
            password.to_owned(),
        )]))
    };
    let create = security
        .create_secret()
        .name(SECRET_NAME)
        .region(SECRET_REGION)
        .values(values("s3cr3t"));
    let created = tour.report("security_create_secret", create.send().await);
    // The API documents a 204 without a body for this create too: the value is an `Option`.
    let version = created.flatten().and_then(|r| r.version).unwrap_or(1);

    tour.report(
        "security_list_secrets",
        security.list_secrets().send().await,
    );
    let secret = security
        .get_secret(SECRET_NAME)
        .region(SECRET_REGION)
        .send()
        .await;
    tour.report("security_get_secret", secret);
    let updated = security
        .update_secret(SECRET_NAME)
        .region(SECRET_REGION)
        .values(values("n3w-s3cr3t"))
        .version(version)
        .send()
        .await;
    tour.report("security_update_secret", updated);
    let versions = security
        .list_secret_versions(SECRET_NAME)
        .region(SECRET_REGION)
        .send()
        .await;
    tour.report("security_list_secret_versions", versions);
    let deleted = security
        .delete_secret(SECRET_NAME)
        .region(SECRET_REGION)
        .send()
        .await;
    tour.report("security_delete_secret", deleted);
    let restored = security
        .restore_secret(SECRET_NAME)
        .region(SECRET_REGION)
        .send()
        .await;
    tour.report("security_restore_secret", restored);
}
