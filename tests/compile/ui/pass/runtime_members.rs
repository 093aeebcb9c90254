//! Every member of the runtime and every Rust keyword as a tag, an operation, a query, header
//! and path parameter and a body property (`tests/broken/runtime_members.yaml`, written by
//! `tests/tests/it/runtime_members.rs` from the runtime's source): the output compiles, a setter
//! named like a per-request override (`timeout`, `header`) shadows it, and the override stays
//! reachable through the `RequestOverrides` trait.
use std::time::Duration;

use digitalocean_client_runtime as runtime;
use runtime::{OperationBuilder, RequestOverrides};

#[path = "../../../snapshots/runtime_members/mod.rs"]
#[allow(dead_code)]
mod auto;

pub fn main() {
    // The document names no server, so the base URL is set.
    let ops: auto::Client = runtime::ClientBuilder::<auto::Client>::default()
        .token("ui-test-token")
        .base_url("https://api.example.test")
        .build()
        .unwrap();
    // Tags and operations named like runtime members and keywords.
    let _: auto::timeout::TimeoutList = ops.timeout().list();
    let _: auto::request_overrides::RequestOverridesList = ops.request_overrides().list();
    let _: auto::self_::SelfList = ops.self_().self_list();
    let _: auto::type_::TypeList = ops.type_().list();
    let _: auto::things::Request = ops.things().request();
    let _: auto::things::Timeout = ops.things().timeout();
    let _: auto::things::Send = ops.things().send();

    // Query parameters named like the overrides and the builder trait's methods: the
    // generated setters win in method-call syntax, the overrides are reached by the trait.
    let builder = ops
        .params()
        .query_params()
        .timeout("30")
        .header("h")
        .request("r")
        .request_options("o")
        .send_param("s")
        .r#type("t");
    // Every override is shadowed here (each is also a query parameter): all by the trait.
    let builder = RequestOverrides::timeout(builder, Duration::from_secs(5));
    let builder = RequestOverrides::header(builder, "x-trace", "1");
    let builder = RequestOverrides::retry_policy(builder, runtime::RetryPolicy::none());
    let builder = RequestOverrides::attempt_timeout(builder, Duration::from_secs(2));
    let builder = RequestOverrides::connect_timeout(builder, Duration::from_secs(1));
    let request = OperationBuilder::request(&builder).expect("no bounds, no body");
    let pairs: Vec<(&str, &str)> = request.query_pairs().collect();
    for expected in [
        ("header", "h"),
        ("request", "r"),
        ("request_options", "o"),
        ("send", "s"),
        ("timeout", "30"),
        ("type", "t"),
    ] {
        assert!(pairs.contains(&expected), "{expected:?} not in {pairs:?}");
    }
    let _ = builder.send();

    // Header and path parameters and body properties of the same names.
    let _ = ops.params().header_params().timeout("1").header("2").send();
    let _ = ops.params().body_fields().timeout("1").header("2").r#type("3").send();
    let _ = ops.things().client().send();
}
