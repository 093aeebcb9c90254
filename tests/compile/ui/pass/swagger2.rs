//! The `swagger2` snapshot (a Swagger 2.0 document) compiles against the runtime crate.
// The snapshot reaches the runtime as `crate::runtime`, as in the client crate.
#[allow(unused_imports)]
use digitalocean_client_runtime as runtime;

#[path = "../../../snapshots/swagger2/mod.rs"]
#[allow(dead_code)]
mod auto;

fn main() {}
