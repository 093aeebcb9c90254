//! The `unwritable_query` snapshot compiles against the runtime crate (generated leniently: the
//! optional query parameters OpenAPI 3.0 cannot write are left out; the wire test is in
//! `tests/tests/constructs.rs`).
// The snapshot reaches the runtime as `crate::runtime`, as in the client crate.
#[allow(unused_imports)]
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/unwritable_query/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
