//! Runs the `tour` example of `digitalocean-client` against the spec-driven mock server and checks
//! its output line by line.
//!
//! The example is run with `cargo run` (`tests::tour::command`), which reuses the build of
//! `cargo test`, so this costs about a second per run.

use std::collections::BTreeSet;
use std::process::Output;

use serde_json::json;
use tests::mock::{self, mock_all_operations, mock_all_operations_with, mock_error_for_all};
use tests::spec;

const TOKEN_MARKER: &str = "dop_v1_tour_token_marker_4f1c2b";
const SECRET_MARKER: &str = "secret-value-marker-9d2e71";

/// Runs the tour with these environment variables (`None` removes one) and returns its output.
async fn run_tour(vars: &[(&str, Option<&str>)]) -> Output {
    let mut command = tests::tour::command();
    for (name, value) in vars {
        match value {
            Some(value) => command.env(name, value),
            None => command.env_remove(name),
        };
    }
    tokio::task::spawn_blocking(move || command.output().expect("cargo runs"))
        .await
        .expect("the tour process finished")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The ids of all spec operations.
fn all_ids() -> BTreeSet<&'static str> {
    spec::operations()
        .iter()
        .map(|op| op.operation_id.as_str())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tour_calls_every_operation_once_and_succeeds() {
    let server = mock_all_operations().await;
    let output = run_tour(&[
        ("DIGITALOCEAN_TOKEN", Some(TOKEN_MARKER)),
        ("DIGITALOCEAN_API_URL", Some(&server.uri())),
    ])
    .await;
    let out = stdout(&output);
    assert!(
        output.status.success(),
        "tour failed: {:?}\nstdout:\n{out}\nstderr:\n{}",
        output.status,
        stderr(&output)
    );

    // Exactly one `<operationId> <documented status> ok` line per operation.
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 32, "stdout:\n{out}");
    let mut seen = Vec::new();
    for line in &lines {
        let parts: Vec<&str> = line.split(' ').collect();
        let [id, status, "ok"] = parts.as_slice() else {
            panic!("not an `<operationId> <status> ok` line: {line:?}");
        };
        let op = spec::operation(id);
        assert_eq!(
            status.parse::<u16>().ok(),
            Some(op.success_status),
            "{line}"
        );
        seen.push(*id);
    }
    let unique: BTreeSet<&str> = seen.iter().copied().collect();
    assert_eq!(
        unique.len(),
        32,
        "an operation was reported twice: {seen:?}"
    );
    assert_eq!(unique, all_ids());

    // Resources are created before they are read, changed or deleted.
    let position = |id: &str| seen.iter().position(|s| *s == id).unwrap();
    for (create, later) in [
        (
            "vpc_peerings_create",
            [
                "vpc_peerings_get",
                "vpc_peerings_patch",
                "vpc_peerings_delete",
            ],
        ),
        (
            "vpc_nat_gateways_create",
            [
                "vpc_nat_gateways_get",
                "vpc_nat_gateways_update",
                "vpc_nat_gateways_delete",
            ],
        ),
        (
            "ssh_keys_create",
            ["ssh_keys_get", "ssh_keys_update", "ssh_keys_delete"],
        ),
        (
            "security_create_secret",
            [
                "security_get_secret",
                "security_update_secret",
                "security_delete_secret",
            ],
        ),
    ] {
        for id in later {
            assert!(
                position(create) < position(id),
                "{create} must come before {id}"
            );
        }
    }
    assert!(position("security_delete_secret") < position("security_restore_secret"));
    assert!(position("security_create_suppression") < position("security_delete_suppression"));

    // The server saw exactly one request per operation.
    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(requests.len(), 32);
    let served: BTreeSet<&str> = requests
        .iter()
        .map(|r| {
            mock::operation_of(r)
                .unwrap_or_else(|| panic!("request for no operation: {} {}", r.method, r.url))
                .operation_id
                .as_str()
        })
        .collect();
    assert_eq!(served, all_ids());
}

#[tokio::test(flavor = "multi_thread")]
async fn tour_debug_output_shows_values_but_never_the_token_or_secret_values() {
    let secret = json!({
        "secret": "my-database-password",
        "region": "nyc3",
        "values": { "password": SECRET_MARKER },
        "version": 1
    });
    let server = mock_all_operations_with(&[
        ("security_get_secret", secret.clone()),
        ("security_restore_secret", secret),
    ])
    .await;
    let output = run_tour(&[
        ("DIGITALOCEAN_TOKEN", Some(TOKEN_MARKER)),
        ("DIGITALOCEAN_API_URL", Some(&server.uri())),
        ("TOUR_DEBUG", Some("1")),
    ])
    .await;
    let out = stdout(&output);
    let err = stderr(&output);
    assert!(output.status.success(), "stdout:\n{out}\nstderr:\n{err}");

    // The client and the decoded values are printed ...
    assert!(
        out.contains("Client {"),
        "the client is not printed:\n{out}"
    );
    assert!(out.contains("my-database-password"), "{out}");
    assert!(
        out.contains("nyc1-blr1-peering") || out.contains("example-vpc-peering"),
        "{out}"
    );
    assert!(
        out.contains("[REDACTED]"),
        "secret values are not shown redacted:\n{out}"
    );
    // ... with the 32 result lines still there ...
    assert_eq!(out.lines().filter(|l| l.ends_with(" ok")).count(), 32);
    // ... but neither the token nor a secret value appears anywhere.
    for text in [&out, &err] {
        assert!(!text.contains(TOKEN_MARKER), "the token leaked:\n{text}");
        assert!(
            !text.contains(SECRET_MARKER),
            "a secret value leaked:\n{text}"
        );
    }
    // The secret values did reach the client: the mock served them for both operations.
    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(
        requests
            .iter()
            .filter_map(mock::operation_of)
            .filter(|op| op.operation_id == "security_get_secret"
                || op.operation_id == "security_restore_secret")
            .count(),
        2
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tour_reports_every_failure_and_exits_non_zero() {
    let server = mock_error_for_all(
        404,
        "not_found",
        "The resource you requested could not be found.",
    )
    .await;
    let output = run_tour(&[
        ("DIGITALOCEAN_TOKEN", Some(TOKEN_MARKER)),
        ("DIGITALOCEAN_API_URL", Some(&server.uri())),
    ])
    .await;
    let out = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "stdout:\n{out}");

    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 32, "stdout:\n{out}");
    let mut seen = BTreeSet::new();
    for line in lines {
        let (id, rest) = line.split_once(' ').expect("two words at least");
        assert!(
            rest.starts_with("404 error: ") && rest.contains("could not be found"),
            "not an `<operationId> 404 error: <message>` line: {line:?}"
        );
        seen.insert(id);
    }
    assert_eq!(seen, all_ids());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tour_explains_a_missing_token() {
    let output = run_tour(&[
        ("DIGITALOCEAN_TOKEN", None),
        // Never used: the tour stops before sending anything.
        ("DIGITALOCEAN_API_URL", Some("http://127.0.0.1:9")),
    ])
    .await;
    assert!(!output.status.success());
    assert!(stdout(&output).is_empty());
    assert!(
        stderr(&output).contains("DIGITALOCEAN_TOKEN is not set"),
        "{}",
        stderr(&output)
    );
}
