//! A tour of the client: calls each of the 32 operations once and prints one line per call.
//! The calls themselves are in `calls.rs`, one function per operation.
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

use std::process::ExitCode;

use digitalocean_client::Client;
use serde_json::Value;

mod calls;

use calls::{CALLS, Ids, Outcome};

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
    let debug = std::env::var("TOUR_DEBUG").is_ok_and(|v| v == "1");
    if debug {
        println!("{client:#?}");
    }

    // The API reference's example ids, until a create call returns the real ones.
    let mut ids = Ids::default();
    let mut failures = 0;
    for call in CALLS {
        let outcome = (call.send)(&client, &ids).await;
        match report(call.operation_id, outcome, debug) {
            Some(body) => learn(&mut ids, call.operation_id, &body),
            None => failures += 1,
        }
    }

    if failures == 0 {
        ExitCode::SUCCESS
    } else {
        eprintln!("{failures} call(s) failed");
        ExitCode::FAILURE
    }
}

/// Prints `<operationId> <status> ok` or `<operationId> <status or -> error: <message>`, and
/// hands back the decoded body as JSON on success.
fn report(operation_id: &str, outcome: Outcome, debug: bool) -> Option<Value> {
    match outcome {
        Ok(response) => {
            println!("{operation_id} {} ok", response.status());
            if debug {
                // Secret values print as `[REDACTED]`.
                println!("{:#?}", response.value());
            }
            Some(response.value().json())
        }
        Err(error) => {
            let status = error
                .status()
                .map_or_else(|| "-".to_owned(), |s| s.to_string());
            println!("{operation_id} {status} error: {error}");
            None
        }
    }
}

/// Keeps the ids a create call returned, so that later calls read, change and delete the
/// resource the tour created (a state-changing call may answer without a body: `null`).
fn learn(ids: &mut Ids, operation_id: &str, body: &Value) {
    let uuid = |value: &Value| value.as_str().and_then(|s| s.parse().ok());
    match operation_id {
        "vpc_peerings_create" => {
            ids.peering = uuid(&body["vpc_peering"]["id"]).unwrap_or(ids.peering);
        }
        "vpc_nat_gateways_create" => {
            ids.gateway = uuid(&body["vpc_nat_gateway"]["id"]).unwrap_or(ids.gateway);
        }
        "ssh_keys_create" => {
            let key = &body["ssh_key"];
            ids.ssh_key_id = key["id"].as_i64().unwrap_or(ids.ssh_key_id);
            if let Some(fingerprint) = key["fingerprint"].as_str() {
                ids.fingerprint = fingerprint.to_owned();
            }
        }
        "security_create_scan" => ids.scan = uuid(&body["scan"]["id"]).unwrap_or(ids.scan),
        "security_create_suppression" => {
            let first = &body["resources"][0]["id"];
            ids.suppression = uuid(first).unwrap_or(ids.suppression);
        }
        "security_create_secret" => {
            let version = body["version"].as_i64().and_then(|v| i32::try_from(v).ok());
            ids.secret_version = version.unwrap_or(ids.secret_version);
        }
        _ => {}
    }
}
