//! The `unnamed_operations` snapshot compiles against the runtime crate (generated leniently:
//! its operations have no operationId and are named from their method and path; the wire test
//! is in `tests/tests/constructs.rs`).
// The snapshot reaches the runtime as `crate::runtime`, as in the client crate.
#[allow(unused_imports)]
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/unnamed_operations/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
