//! The `openapi_3_1` snapshot compiles against the runtime crate (an OpenAPI 3.1 document
//! read as 3.0; the wire test is in
//! `tests/tests/constructs.rs`).
// The snapshot reaches the runtime as `crate::runtime`, as in the client crate.
#[allow(unused_imports)]
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/openapi_3_1/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
